// fixbench::testing::up() — in this process (tests/workspace fixtures) and in real test
// binaries: sample_ftp_api (a real FTP login) alone, where it starts ftp_server, which
// goes down after its linger once the binary exited, and under `fixbench run`, where
// it attaches; sample_api_hold interrupted by a signal.

#include "testsupport.h"

#include <fixbench/testing.h>
#include <fixbench/testing_qt.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <gtest/gtest.h>

#include <csignal>
#include <functional>

using namespace fixbench::testsupport;
namespace ft = fixbench::testing;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + QLatin1String(name);
}

QStringList readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QStringList instanceContainers(const QString &fixture, const QString &instance)
{
    QStringList out;
    const QStringList a = containersWithLabel(QStringLiteral("fixbench.instance=") + instance);
    const QStringList b = containersWithLabel(QStringLiteral("fixbench.fixture=") + fixture);
    for (const QString &id : a)
        if (b.contains(id))
            out << id;
    return out;
}

// Starts sample_api_hold on echo_server (instance `instance`) and waits until it holds it.
::testing::AssertionResult startHolding(QProcess &p, const QString &instance)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_WORKSPACE"), testsWorkspace());
    env.insert(QStringLiteral("FIXBENCH_INSTANCE"), instance);
    p.setProcessEnvironment(env);
    p.start(sample("sample_api_hold"), {});
    if (!p.waitForStarted())
        return ::testing::AssertionFailure() << "cannot start sample_api_hold";
    QString out;
    if (!waitFor([&] {
            p.waitForReadyRead(50);
            out += QString::fromUtf8(p.readAll());
            return out.contains(QStringLiteral("up project="));
        }, 60000))
        return ::testing::AssertionFailure() << "sample_api_hold did not get its fixture: " << out.toStdString();
    if (!out.contains(QStringLiteral("attached=false")))
        return ::testing::AssertionFailure() << "sample_api_hold attached instead of starting: " << out.toStdString();
    return ::testing::AssertionSuccess();
}

} // namespace

TEST(TestingApi, StartsOnceScopesRunDataHooksAndTearsDown)
{
    QTemporaryDir tmp;
    const QString hookLog = tmp.filePath(QStringLiteral("hooks.log"));
    qputenv("HOOK_LOG", hookLog.toUtf8());
    ft::UpOptions o;
    o.workspace = testsWorkspace().toStdString();
    o.instance = uniqueInstance(QStringLiteral("api")).toStdString();
    o.exportEnvironment = false;
    std::string project;
    {
        auto outer = ft::up("hooks", o);
        EXPECT_FALSE(outer.attached());
        EXPECT_FALSE(outer.kept());
        EXPECT_EQ(outer.env("ECHO_GREETING"), "hello");
        EXPECT_EQ(ft::qEnv(outer, QStringLiteral("ECHO_TOKEN")), QStringLiteral("s3cret"));
        EXPECT_GT(outer.port("ECHO_PORT"), 1024);
        EXPECT_EQ(outer.environment().at("ECHO_GREETING"), "hello");
        EXPECT_EQ(ft::qProcessEnvironment(outer, {}).value(QStringLiteral("ECHO_GREETING")), QStringLiteral("hello"));
        EXPECT_EQ(outer.env("NOT_THERE", "fallback"), "fallback");
        EXPECT_FALSE(outer.has("NOT_THERE"));
        EXPECT_THROW((void)outer.port("ECHO_GREETING"), ft::FixtureError);
        project = outer.project();
        EXPECT_EQ(instanceContainers(QStringLiteral("hooks"), QString::fromStdString(o.instance)).size(), 1);
        {
            auto inner = ft::up("hooks", o); // same process: reused, not restarted
            EXPECT_EQ(inner.env("ECHO_PORT"), outer.env("ECHO_PORT"));
            EXPECT_EQ(inner.project(), project);
            EXPECT_FALSE(inner.attached());
        }
        EXPECT_EQ(readLines(hookLog), (QStringList{QStringLiteral("started hooks hello"), QStringLiteral("setup_data hooks hello"),
                                                   QStringLiteral("setup_data hooks hello"), QStringLiteral("teardown_data hooks hello")}));
        // Moving a scope does not run teardown twice.
        ft::Fixture moved = std::move(outer);
        EXPECT_EQ(moved.env("ECHO_GREETING"), "hello");
    }
    EXPECT_EQ(readLines(hookLog).size(), 5);
    EXPECT_EQ(readLines(hookLog).last(), QStringLiteral("teardown_data hooks hello"));
    // Still up until the process exits (or tearDown()).
    EXPECT_EQ(containersWithLabel(projectLabel(QString::fromStdString(project))).size(), 1);
    ft::tearDown();
    EXPECT_TRUE(containersWithLabel(projectLabel(QString::fromStdString(project))).isEmpty());
    EXPECT_EQ(readLines(hookLog).last(), QStringLiteral("stopping hooks hello"));
    qunsetenv("HOOK_LOG");
}

TEST(TestingApi, AttachesToAFixtureSomeoneElseStartedAndLeavesItUp)
{
    const QString instance = uniqueInstance(QStringLiteral("att"));
    const ProcResult up = runCli({QStringLiteral("-w"), testsWorkspace(), QStringLiteral("up"), QStringLiteral("echo_server"),
                                  QStringLiteral("--keep"), QStringLiteral("--instance"), instance});
    ASSERT_EQ(up.exitCode, 0) << up.err.toStdString();
    ft::UpOptions o;
    o.workspace = testsWorkspace().toStdString();
    o.instance = instance.toStdString();
    {
        auto f = ft::up("echo_server", o);
        EXPECT_TRUE(f.attached());
        EXPECT_TRUE(f.kept());
        EXPECT_EQ(f.instance(), instance.toStdString());
    }
    ft::tearDown();
    EXPECT_EQ(instanceContainers(QStringLiteral("echo_server"), instance).size(), 1) << "tearDown() left what it did not start";
    EXPECT_EQ(runCli({QStringLiteral("-w"), testsWorkspace(), QStringLiteral("down"), QStringLiteral("echo_server"), QStringLiteral("--instance"), instance}).exitCode, 0);
}

TEST(TestingApi, ErrorsAreExceptionsWithTheWholeText)
{
    ft::UpOptions o;
    o.workspace = testsWorkspace().toStdString();
    try {
        (void)ft::up("no_such_fixture", o);
        FAIL() << "no exception";
    } catch (const ft::FixtureError &e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("fixbench::testing::up(\"no_such_fixture\")"), std::string::npos) << what;
        EXPECT_NE(what.find("echo_server"), std::string::npos) << "names the fixtures there are: " << what;
    }
    ft::UpOptions bad;
    bad.workspace = "/nonexistent/workspace";
    try {
        (void)ft::up("echo_server", bad);
        FAIL() << "no exception";
    } catch (const std::runtime_error &e) {
        EXPECT_NE(std::string(e.what()).find("holds no fixbench.yml"), std::string::npos) << e.what();
    }
    // A fixture that never gets ready: the readiness error, as text.
    ft::UpOptions slow = o;
    slow.readinessTimeoutMs = 1500;
    slow.instance = uniqueInstance(QStringLiteral("nr")).toStdString();
    try {
        (void)ft::up("never_ready", slow);
        FAIL() << "no exception";
    } catch (const ft::FixtureError &e) {
        EXPECT_NE(std::string(e.what()).find("never_ready"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(instanceContainers(QStringLiteral("never_ready"), QString::fromStdString(slow.instance)).isEmpty());
}

TEST(TestingApi, FtpSampleAloneStartsTheFixtureAndTakesItDownAtExit)
{
    const QString instance = uniqueInstance(QStringLiteral("alone"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FIXBENCH_WORKSPACE"));
    env.insert(QStringLiteral("FIXBENCH_INSTANCE"), instance);
    // Run from the build folder, as ctest does: the workspace is found without help.
    const ProcResult r = run(sample("sample_ftp_api"), {}, 300000, env, QStringLiteral(FIXBENCH_BINARY_DIR));
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[fixbench-sample] attached=false"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[  PASSED  ] 3 tests"))) << r.out.toStdString();
    // ftp_server lingers (the default 5 s) for a next test process, then the reaper
    // takes it down: within linger + 10 s, nobody running prune.
    EXPECT_TRUE(waitFor([&] { return instanceContainers(QStringLiteral("ftp_server"), instance).isEmpty(); }, 15000))
        << "not taken down after the process exited";
    EXPECT_TRUE(waitFor([&] { return networksWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty(); }, 5000));
}

TEST(TestingApi, FtpSampleUnderFixbenchRunAttaches)
{
    const QString instance = uniqueInstance(QStringLiteral("run"));
    QTemporaryDir tmp;
    const QString json = tmp.filePath(QStringLiteral("results.json"));
    const ProcResult r = runCli({QStringLiteral("-w"), repoWorkspace(), QStringLiteral("run"), sample("sample_ftp_api"), QStringLiteral("--fixture"),
                                 QStringLiteral("ftp_server"), QStringLiteral("--instance"), instance, QStringLiteral("--json"), json});
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.endsWith(QStringLiteral("3 passed, 0 failed\n"))) << r.out.toStdString();
    QFile f(json);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QJsonObject results = QJsonDocument::fromJson(f.readAll()).object();
    QString output;
    for (const auto &b : results.value(QStringLiteral("binaries")).toArray())
        for (const auto &t : b.toObject().value(QStringLiteral("tests")).toArray())
            if (t.toObject().value(QStringLiteral("full_name")).toString() == QLatin1String("FtpApi.LogsInUploadsAndLists"))
                output = t.toObject().value(QStringLiteral("output")).toString();
    EXPECT_TRUE(output.contains(QStringLiteral("[fixbench-sample] attached=true"))) << output.toStdString();
    EXPECT_TRUE(waitFor([&] { return instanceContainers(QStringLiteral("ftp_server"), instance).isEmpty(); }, 15000))
        << "what fixbench run started goes down after its linger";
}

TEST(TestingApi, QtTestMainTakesDownWhatItStartedWithoutHelp)
{
    const QString instance = uniqueInstance(QStringLiteral("qt"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_WORKSPACE"), testsWorkspace());
    env.insert(QStringLiteral("FIXBENCH_INSTANCE"), instance);
    const ProcResult r = run(sample("sample_api_qtapp"), {}, 120000, env);
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("attached=false"))) << r.out.toStdString();
    EXPECT_LT(r.elapsedMs, 60000);
    EXPECT_TRUE(instanceContainers(QStringLiteral("echo_server"), instance).isEmpty());
    EXPECT_TRUE(networksWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty());
}

TEST(TestingApi, InterruptedBinaryTakesDownWhatItStarted)
{
    const QString instance = uniqueInstance(QStringLiteral("sig"));
    QProcess p;
    ASSERT_TRUE(startHolding(p, instance));
    EXPECT_EQ(instanceContainers(QStringLiteral("echo_server"), instance).size(), 1);
    ::kill(pid_t(p.processId()), SIGINT);
    ASSERT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitStatus(), QProcess::CrashExit);
    EXPECT_EQ(p.exitCode(), SIGINT) << "dies of the same signal after tearing down";
    EXPECT_TRUE(instanceContainers(QStringLiteral("echo_server"), instance).isEmpty());
}

TEST(TestingApi, KilledBinaryStillHasWhatItStartedTakenDown)
{
    // kill -9 runs no handler: the `fixbench up --hold-stdin` child sees its stdin
    // close (the kernel closes the dead process's end) and takes the fixture down.
    const QString instance = uniqueInstance(QStringLiteral("k9"));
    QProcess p;
    ASSERT_TRUE(startHolding(p, instance));
    EXPECT_EQ(instanceContainers(QStringLiteral("echo_server"), instance).size(), 1);
    ::kill(pid_t(p.processId()), SIGKILL);
    ASSERT_TRUE(p.waitForFinished(10000));
    EXPECT_TRUE(waitFor([&] { return instanceContainers(QStringLiteral("echo_server"), instance).isEmpty(); }, 60000))
        << "the fixture outlived the killed test binary";
    EXPECT_TRUE(waitFor([&] { return networksWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty(); }, 30000));
}

TEST(TestingApi, AMissingOrTooOldCliIsAClearError)
{
    QTemporaryDir tmp;
    // An old fixbench: knows --version, refuses the machine interface's options.
    const QString old = tmp.filePath(QStringLiteral("fixbench-0.1"));
    {
        QFile f(old);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\n"
                "if [ \"$1\" = --version ]; then echo 'fixbench 0.1.0'; exit 0; fi\n"
                "echo 'fixbench up: Unknown option hold-stdin.' >&2; exit 2\n");
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_WORKSPACE"), testsWorkspace());
    env.insert(QStringLiteral("FIXBENCH_INSTANCE"), uniqueInstance(QStringLiteral("old")));
    env.insert(QStringLiteral("FIXBENCH_CLI"), old);
    ProcResult r = run(sample("sample_api_hold"), {}, 60000, env);
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("fixbench 0.1.0"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("too old"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("schema 1"))) << r.out.toStdString();

    env.insert(QStringLiteral("FIXBENCH_CLI"), tmp.filePath(QStringLiteral("no-such-fixbench")));
    r = run(sample("sample_api_hold"), {}, 60000, env);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.out.contains(QStringLiteral("$FIXBENCH_CLI names ") + tmp.filePath(QStringLiteral("no-such-fixbench"))))
        << r.out.toStdString();
}
