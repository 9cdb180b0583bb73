// The compose flavour cache across processes (ComposeTool::detectCached): an answer is
// reused while the compose executables are unchanged and detected again when one is
// installed, replaced or upgraded. Stand-in executables on a private PATH say which
// compose answers, and count how often they were asked.

#include "compose/composetool.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace fixbench;

namespace {

class ComposeToolCache : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_savedPath = qgetenv("PATH");
        m_savedConfig = qgetenv("DOCKER_CONFIG");
        m_savedForced = qgetenv("FIXBENCH_COMPOSE");
        // Nothing but the stand-ins: no docker, no plugin, no podman of the machine.
        qputenv("PATH", QFile::encodeName(m_dir.filePath(QStringLiteral("bin"))));
        qputenv("DOCKER_CONFIG", QFile::encodeName(m_dir.filePath(QStringLiteral("docker-config"))));
        qunsetenv("FIXBENCH_COMPOSE");
        QDir(m_dir.path()).mkpath(QStringLiteral("bin"));
    }
    void TearDown() override
    {
        qputenv("PATH", m_savedPath);
        m_savedConfig.isNull() ? qunsetenv("DOCKER_CONFIG") : qputenv("DOCKER_CONFIG", m_savedConfig);
        m_savedForced.isNull() ? qunsetenv("FIXBENCH_COMPOSE") : qputenv("FIXBENCH_COMPOSE", m_savedForced);
    }

    // An executable `name` in bin/ that prints `versionLine` and counts its runs.
    void writeTool(const QString &name, const QString &versionLine)
    {
        const QString path = m_dir.filePath(QStringLiteral("bin/") + name);
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QStringLiteral("#!/bin/sh\necho run >> '%1'\necho '%2'\n").arg(countPath(), versionLine).toUtf8());
        f.close();
        ASSERT_TRUE(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    int runs() const
    {
        QFile f(countPath());
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
    }
    QString countPath() const { return m_dir.filePath(QStringLiteral("runs")); }
    QString cachePath() const { return m_dir.filePath(QStringLiteral("compose-tool.cache")); }

    QTemporaryDir m_dir;
    QByteArray m_savedPath, m_savedConfig, m_savedForced;
};

TEST_F(ComposeToolCache, AnAnswerIsReusedUntilAComposeExecutableChanges)
{
    writeTool(QStringLiteral("docker-compose"), QStringLiteral("docker-compose version 1.29.2, build unknown"));
    auto first = ComposeTool::detectCached(cachePath());
    ASSERT_TRUE(first.ok()) << first.error().toString().toStdString();
    EXPECT_EQ(first->flavor, ComposeTool::Flavor::DockerV1);
    EXPECT_EQ(first->program, QStringLiteral("docker-compose"));
    EXPECT_EQ(first->version, QStringLiteral("1.29.2"));
    EXPECT_EQ(runs(), 1);

    // Another process (the same call without the per-process answer): from the cache.
    auto again = ComposeTool::detectCached(cachePath());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->displayName(), QStringLiteral("docker-compose 1.29.2"));
    EXPECT_EQ(runs(), 1) << "compose was asked again although nothing changed";

    // Upgraded in place: asked again.
    writeTool(QStringLiteral("docker-compose"), QStringLiteral("docker-compose version 1.30.10, build unknown"));
    auto upgraded = ComposeTool::detectCached(cachePath());
    ASSERT_TRUE(upgraded.ok());
    EXPECT_EQ(upgraded->version, QStringLiteral("1.30.10"));
    EXPECT_EQ(runs(), 2);

    // docker with its compose plugin appears: v2 wins from now on.
    writeTool(QStringLiteral("docker"), QStringLiteral("Docker Compose version v2.24.1"));
    auto v2 = ComposeTool::detectCached(cachePath());
    ASSERT_TRUE(v2.ok());
    EXPECT_EQ(v2->flavor, ComposeTool::Flavor::DockerV2);
    EXPECT_EQ(v2->displayName(), QStringLiteral("docker compose 2.24.1"));
    EXPECT_EQ(ComposeTool::detectCached(cachePath())->flavor, ComposeTool::Flavor::DockerV2);
    EXPECT_EQ(runs(), 3);

    // FIXBENCH_COMPOSE chooses another: not the cached answer.
    qputenv("FIXBENCH_COMPOSE", "docker-compose");
    auto forced = ComposeTool::detectCached(cachePath());
    ASSERT_TRUE(forced.ok());
    EXPECT_EQ(forced->flavor, ComposeTool::Flavor::DockerV1);
}

TEST_F(ComposeToolCache, AFailureIsNotCached)
{
    auto none = ComposeTool::detectCached(cachePath());
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().kind, Error::Kind::NotFound);
    EXPECT_FALSE(QFile::exists(cachePath()));
    writeTool(QStringLiteral("docker-compose"), QStringLiteral("docker-compose version 1.29.2, build unknown"));
    auto found = ComposeTool::detectCached(cachePath());
    ASSERT_TRUE(found.ok()) << found.error().toString().toStdString();
    EXPECT_EQ(found->flavor, ComposeTool::Flavor::DockerV1);
}

TEST_F(ComposeToolCache, AGarbledCacheIsDetectedAgain)
{
    writeTool(QStringLiteral("docker-compose"), QStringLiteral("docker-compose version 1.29.2, build unknown"));
    ASSERT_TRUE(ComposeTool::detectCached(cachePath()).ok());
    QFile f(cachePath());
    ASSERT_TRUE(f.open(QIODevice::ReadWrite));
    QByteArray text = f.readAll();
    text.replace("\n--\nv1\n", "\n--\nv9\n");
    ASSERT_TRUE(f.resize(0));
    f.write(text);
    f.close();
    auto r = ComposeTool::detectCached(cachePath());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->flavor, ComposeTool::Flavor::DockerV1);
    EXPECT_EQ(runs(), 2);
}

} // namespace
