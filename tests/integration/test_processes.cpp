// Every child process fixbench runs goes through one ProcessRunner (core/base): a hook
// that starts a background child and hangs — both ignoring SIGTERM — is killed with its
// whole process tree when it times out, and within a second when `fixbench` gets
// SIGTERM (Ctrl-C alike). Fixture tests/workspace/fixtures/hanging_hook.

#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>

#include <gtest/gtest.h>

#include <csignal>
#include <iostream>

#include <unistd.h>

using namespace fixbench::testsupport;

namespace {

// The pids hang.sh wrote ("<hook> <child>"), once the file is complete.
QList<pid_t> hangPids(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QStringList parts = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QList<pid_t> pids;
    for (const QString &p : parts)
        if (p.toInt() > 1)
            pids << pid_t(p.toInt());
    return pids.size() == 2 ? pids : QList<pid_t>{};
}

// Alive and not a zombie waiting for its (new) parent to reap it.
bool alive(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray s = stat.readAll();
    const qsizetype close = s.lastIndexOf(')');
    return close > 0 && close + 2 < s.size() && s.at(close + 2) != 'Z';
}

class HangingHook : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_instance = uniqueInstance(QStringLiteral("hang"));
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("HANG_PIDS"), m_tmp.filePath(QStringLiteral("pids")));
        const ProcResult up = runCli(args({QStringLiteral("up"), QStringLiteral("hanging_hook"), QStringLiteral("--keep")}), m_env);
        ASSERT_EQ(up.exitCode, 0) << up.err.toStdString();
    }
    void TearDown() override
    {
        const ProcResult down = runCli(args({QStringLiteral("down"), QStringLiteral("hanging_hook")}));
        EXPECT_EQ(down.exitCode, 0) << down.err.toStdString();
    }
    QStringList args(const QStringList &command) const
    {
        return QStringList{QStringLiteral("-w"), testsWorkspace()} + command + QStringList{QStringLiteral("--instance"), m_instance};
    }
    QString pidFile() const { return m_tmp.filePath(QStringLiteral("pids")); }

    QTemporaryDir m_tmp;
    QString m_instance;
    QProcessEnvironment m_env;
};

} // namespace

TEST_F(HangingHook, TimeoutKillsTheHookAndWhatItStarted)
{
    // teardown_data: {run: hooks/hang.sh, timeout: 2s}
    const ProcResult r = runCli(args({QStringLiteral("hook"), QStringLiteral("hanging_hook"), QStringLiteral("teardown_data")}), m_env, 60000);
    EXPECT_EQ(r.exitCode, 5) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("did not finish within 2 s"))) << r.err.toStdString();
    EXPECT_LT(r.elapsedMs, 10000);
    const QList<pid_t> pids = hangPids(pidFile());
    ASSERT_EQ(pids.size(), 2) << "hang.sh did not start";
    EXPECT_TRUE(waitFor([&] { return !alive(pids[0]) && !alive(pids[1]); }, 1000))
        << "left running: hook " << alive(pids[0]) << ", its child " << alive(pids[1]);
}

TEST_F(HangingHook, SigtermStopsTheHookTreeWithinASecond)
{
    // setup_data: {run: hooks/hang.sh, timeout: 120s}: only the signal can stop it.
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(fixbenchPath(), args({QStringLiteral("hook"), QStringLiteral("hanging_hook"), QStringLiteral("setup_data")}));
    ASSERT_TRUE(p.waitForStarted());
    ASSERT_TRUE(waitFor([&] { return hangPids(pidFile()).size() == 2; }, 30000)) << "hang.sh did not start";
    const QList<pid_t> pids = hangPids(pidFile());
    QElapsedTimer t;
    t.start();
    ::kill(pid_t(p.processId()), SIGTERM);
    ASSERT_TRUE(p.waitForFinished(10000));
    const qint64 exitedMs = t.elapsed();
    EXPECT_TRUE(waitFor([&] { return !alive(pids[0]) && !alive(pids[1]); }, 1000 - int(std::min<qint64>(exitedMs, 999))))
        << "left running: hook " << alive(pids[0]) << ", its child " << alive(pids[1]);
    const qint64 goneMs = t.elapsed();
    std::cout << "[ measure  ] fixbench exited " << exitedMs << " ms after SIGTERM; hook tree gone after " << goneMs << " ms\n";
    EXPECT_LT(goneMs, 1000);
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 130) << p.readAllStandardError().toStdString();
    EXPECT_TRUE(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("interrupted")));
}
