// `fixbench run` as a user runs it: real fixtures (tests/workspace, real engine),
// real GoogleTest binaries (tests/gtest_samples), in a temporary workspace whose
// fixbench.yml points at both with absolute paths.

#include "testsupport.h"

#include "fixture/fixturemanager.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QRegularExpression>
#include <QElapsedTimer>
#include <QHash>
#include <QRegularExpression>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QThread>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <csignal>
#include <functional>

using namespace fixbench::testsupport;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + QLatin1String(name);
}

// A temporary workspace; removes the "failed last time" record `fixbench run` keeps
// for it in the runtime folder.
struct TempWorkspace : QTemporaryDir {
    ~TempWorkspace()
    {
        if (auto w = fixbench::Workspace::load(path()); w)
            QFile::remove(fixbench::FixtureManager::runtimeDir() + QStringLiteral("/last-run-%1.json").arg(w->id()));
    }
};

// A workspace in a temp dir: fixtures from tests/workspace, tests from gtest_samples.
std::unique_ptr<TempWorkspace> runWorkspace()
{
    auto dir = std::make_unique<TempWorkspace>();
    QFile f(dir->filePath(QStringLiteral("fixbench.yml")));
    f.open(QIODevice::WriteOnly);
    f.write(QStringLiteral("name: run-tests\n"
                           "fixtures: %1\n"
                           "tests:\n"
                           "  - name: env_check\n"
                           "    path: %2\n"
                           "    fixtures: [hooks]\n"
                           "    env: {FIXBENCH_SAMPLE_VAR: fromyml, FIXBENCH_SAMPLE_LAYER: yml}\n"
                           "  - name: passing\n"
                           "    path: %3\n"
                           "  - name: hang\n"
                           "    path: %4\n"
                           "    fixtures: [hooks]\n")
                .arg(testsWorkspace() + QStringLiteral("/fixtures"), sample("sample_env"), sample("sample_passing"),
                     sample("sample_hanging"))
                .toUtf8());
    return dir;
}

// The environment of a run whose `hooks` fixture logs its hooks' events to `hookLog`.
QProcessEnvironment hookEnvironment(const QString &hookLog)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOOK_LOG"), hookLog);
    return env;
}

// A workspace in a temp dir whose fixbench.yml is `yml`.
std::unique_ptr<TempWorkspace> workspaceWith(const QString &yml)
{
    auto dir = std::make_unique<TempWorkspace>();
    QFile f(dir->filePath(QStringLiteral("fixbench.yml")));
    if (!f.open(QIODevice::WriteOnly) || f.write(yml.toUtf8()) != yml.toUtf8().size())
        ADD_FAILURE() << "cannot write " << f.fileName().toStdString();
    return dir;
}

QStringList ws(const QString &root, const QStringList &args)
{
    return QStringList{QStringLiteral("-w"), root} + args;
}

QString lastLine(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.last();
}

QStringList wsContainers(const QString &root)
{
    return containersWithLabel(QStringLiteral("fixbench.workspace.root=") + root);
}

QJsonObject testIn(const QJsonObject &results, const QString &binary, const QString &fullName)
{
    for (const auto &b : results.value(QStringLiteral("binaries")).toArray())
        if (b.toObject().value(QStringLiteral("name")).toString() == binary)
            for (const auto &t : b.toObject().value(QStringLiteral("tests")).toArray())
                if (t.toObject().value(QStringLiteral("full_name")).toString() == fullName)
                    return t.toObject();
    return {};
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool sleeperAlive(const QString &seconds)
{
    return run(QStringLiteral("pgrep"), {QStringLiteral("-f"), QStringLiteral("^sleep ") + seconds + QLatin1Char('$')}).exitCode == 0;
}

} // namespace

TEST(CliRun, BringsFixturesUpRunsHooksInjectsEnvReportsAndTearsDown)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    const QString hookLog = dir->filePath(QStringLiteral("hooks.log"));
    QProcessEnvironment env = hookEnvironment(hookLog);
    env.insert(QStringLiteral("GTEST_FILTER"), QStringLiteral("Nothing.*")); // stray: must not reach the tests
    const QString json = dir->filePath(QStringLiteral("results.json"));
    const QString junit = dir->filePath(QStringLiteral("results.xml"));
    const ProcResult r = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--json"), json, QStringLiteral("--junit"), junit,
                                          QStringLiteral("--env"), QStringLiteral("FIXBENCH_SAMPLE_LAYER=cli"),
                                          QStringLiteral("env_check"), QStringLiteral("passing")}),
                                env);
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    // env_check: 4 tests (one registered from the injected variable); passing: 5 + 1 skipped.
    EXPECT_EQ(lastLine(r.out), QStringLiteral("9 passed, 0 failed, 1 skipped")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[env_check] Env.InjectedVariableIsThere"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[passing] Skipping.IsSkipped"))) << r.out.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("hooks ready"))) << r.err.toStdString();

    // Hooks: started (at up), setup_data before, teardown_data after, stopping at down.
    QFile log(hookLog);
    ASSERT_TRUE(log.open(QIODevice::ReadOnly));
    const QStringList events = QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    EXPECT_EQ(events, (QStringList{QStringLiteral("started hooks hello"), QStringLiteral("setup_data hooks hello"),
                                   QStringLiteral("teardown_data hooks hello"), QStringLiteral("stopping hooks hello")}));

    // The fixture's environment reached the test, layered under fixbench.yml and --env.
    const QJsonObject results = readJson(json);
    EXPECT_TRUE(results.value(QStringLiteral("summary")).toObject().value(QStringLiteral("ok")).toBool());
    const QString vars = testIn(results, QStringLiteral("env_check"), QStringLiteral("Env.PrintsFixtureVariables")).value(QStringLiteral("output")).toString();
    EXPECT_TRUE(vars.contains(QStringLiteral("ECHO_GREETING=hello\n"))) << vars.toStdString();
    // A secret fixture variable the test printed: masked on the console, in JSON, JUnit
    // and the last-run record.
    EXPECT_TRUE(vars.contains(QStringLiteral("ECHO_TOKEN=********\n"))) << vars.toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("s3cret")));
    {
        QFile j(json), x(junit);
        ASSERT_TRUE(j.open(QIODevice::ReadOnly) && x.open(QIODevice::ReadOnly));
        EXPECT_FALSE(j.readAll().contains("s3cret"));
        EXPECT_FALSE(x.readAll().contains("s3cret"));
        auto w = fixbench::Workspace::load(root);
        ASSERT_TRUE(w.ok());
        QFile record(fixbench::FixtureManager::runtimeDir() + QStringLiteral("/last-run-%1.json").arg(w->id()));
        ASSERT_TRUE(record.open(QIODevice::ReadOnly));
        // It holds test output: this user's alone.
        EXPECT_EQ(record.permissions() & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
                                          | QFileDevice::WriteOther),
                  QFileDevice::Permissions());
        const QByteArray held = record.readAll();
        EXPECT_TRUE(held.contains("ECHO_TOKEN=********"));
        EXPECT_FALSE(held.contains("s3cret"));
    }
    EXPECT_TRUE(vars.contains(QRegularExpression(QStringLiteral("ECHO_PORT=\\d+\n")))) << vars.toStdString();
    EXPECT_TRUE(vars.contains(QStringLiteral("FIXBENCH_WORKSPACE=") + root)) << vars.toStdString();
    EXPECT_EQ(testIn(results, QStringLiteral("env_check"), QStringLiteral("Env.InjectedVariableIsThere")).value(QStringLiteral("output")).toString(),
              QStringLiteral("FIXBENCH_SAMPLE_VAR=fromyml\nFIXBENCH_SAMPLE_LAYER=cli\n"));
    EXPECT_EQ(testIn(results, QStringLiteral("env_check"), QStringLiteral("Env.NoStrayGtestVariables")).value(QStringLiteral("status")).toString(),
              QStringLiteral("passed"));

    // JUnit: valid, right counts.
    QFile xml(junit);
    ASSERT_TRUE(xml.open(QIODevice::ReadOnly));
    QXmlStreamReader reader(&xml);
    QString tests, failures;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("testsuites")) {
            tests = reader.attributes().value(QStringLiteral("tests")).toString();
            failures = reader.attributes().value(QStringLiteral("failures")).toString();
        }
    }
    EXPECT_FALSE(reader.hasError()) << reader.errorString().toStdString();
    EXPECT_EQ(tests, QStringLiteral("12")); // 9 passed + 1 skipped + 2 disabled
    EXPECT_EQ(failures, QStringLiteral("0"));

    // What it started is gone.
    EXPECT_TRUE(wsContainers(root).isEmpty());
}

TEST(CliRun, FailuresCrashesAndTimeoutsExitOneAndFailedReruns)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_SAMPLE_SLEEP"), QStringLiteral("3621"));
    const QStringList binaries{sample("sample_failing"), sample("sample_crashing"), sample("sample_hanging")};
    const ProcResult r = runCli(ws(root, QStringList{QStringLiteral("run"), QStringLiteral("--timeout"), QStringLiteral("1.5")} + binaries), env);
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
    EXPECT_EQ(lastLine(r.out), QStringLiteral("4 passed, 3 failed, 1 crashed, 1 timed out")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("CRASH"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("SIGSEGV"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("TIMEOUT"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("sample_failing.cpp:18"))) << "failure locations are printed";
    // The tests that never ran, by name in the closing list.
    EXPECT_TRUE(r.out.contains(QStringLiteral("NOT RUN  [sample_crashing] AfterCrash.NeverRuns"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("NOT RUN  [sample_crashing] Crashing.Abort"))) << r.out.toStdString();
    EXPECT_FALSE(sleeperAlive(QStringLiteral("3621"))) << "the hung test's child survived";

    // --failed: only what failed, crashed or timed out last time.
    const ProcResult again = runCli(ws(root, QStringList{QStringLiteral("run"), QStringLiteral("--failed"), QStringLiteral("--timeout"), QStringLiteral("1.5")} + binaries), env);
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_EQ(lastLine(again.out), QStringLiteral("0 passed, 3 failed, 1 crashed, 1 timed out")) << again.out.toStdString();
}

TEST(CliRun, ShowSecretsShowsWhatTheTestPrinted)
{
    auto dir = runWorkspace();
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("run"), QStringLiteral("env_check"), QStringLiteral("--filter"),
                                                 QStringLiteral("Env.PrintsFixtureVariables"), QStringLiteral("--show-secrets"),
                                                 QStringLiteral("--json"), dir->filePath(QStringLiteral("r.json"))}));
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(testIn(readJson(dir->filePath(QStringLiteral("r.json"))), QStringLiteral("env_check"), QStringLiteral("Env.PrintsFixtureVariables"))
                    .value(QStringLiteral("output")).toString().contains(QStringLiteral("ECHO_TOKEN=s3cret\n")));
}

TEST(CliRun, EveryResultThatDidNotPassIsNamedOnTheConsoleAndInTheReports)
{
    auto dir = runWorkspace();
    const QString junit = dir->filePath(QStringLiteral("r.xml"));
    const QString json = dir->filePath(QStringLiteral("r.json"));
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("run"), sample("sample_quiet_printer"), sample("sample_fake_ok"),
                                                 sample("sample_global_env"), QStringLiteral("--junit"), junit, QStringLiteral("--json"), json}));
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
    const qsizetype list = r.out.indexOf(QStringLiteral("Not passed:"));
    ASSERT_GE(list, 0) << r.out.toStdString();
    const QString named = r.out.mid(list);
    // A binary whose own result printer prints no test lines.
    EXPECT_TRUE(named.contains(QStringLiteral("FAIL     [sample_quiet_printer] Quiet.Fails"))) << named.toStdString();
    EXPECT_TRUE(named.contains(QStringLiteral("quietly wrong")));
    // A test that printed its own [ OK ] line, then crashed; the tests after it.
    EXPECT_TRUE(named.contains(QStringLiteral("CRASH    [sample_fake_ok] FakeOk.PrintsOkThenCrashes"))) << named.toStdString();
    EXPECT_TRUE(named.contains(QStringLiteral("NOT RUN  [sample_fake_ok] FakeOk.NeverRuns")));
    EXPECT_TRUE(named.contains(QStringLiteral("NOT RUN  [sample_fake_ok] Later.NeverRunsEither")));
    EXPECT_FALSE(r.out.contains(QStringLiteral("PASS     [sample_fake_ok] FakeOk.PrintsOkThenCrashes")));
    // A failing global environment, with the exact message and nothing after it.
    EXPECT_TRUE(named.contains(QStringLiteral("FAIL     [sample_global_env] (outside any test)"))) << named.toStdString();
    EXPECT_TRUE(named.contains(QStringLiteral("the global environment failed")));
    EXPECT_FALSE(named.contains(QStringLiteral("logged after the assertion"))) << named.toStdString();
    EXPECT_EQ(lastLine(r.out), QStringLiteral("3 passed, 3 failed, 1 crashed")) << r.out.toStdString();

    // The reports hold what the console said.
    QFile x(junit);
    ASSERT_TRUE(x.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(x.readAll());
    EXPECT_TRUE(xml.contains(QStringLiteral("<testcase name=\"(outside any test)\" classname=\"sample_global_env\"")));
    EXPECT_TRUE(xml.contains(QStringLiteral("<testcase name=\"NeverRunsEither\" classname=\"sample_fake_ok.Later\"")));
    EXPECT_TRUE(xml.contains(QStringLiteral("<testcase name=\"DISABLED_Off\" classname=\"sample_global_env.GlobalEnv\"")));
    const QJsonObject results = readJson(json);
    EXPECT_EQ(testIn(results, QStringLiteral("sample_global_env"), QStringLiteral("(outside any test)")).value(QStringLiteral("status")).toString(),
              QStringLiteral("failed"));
    EXPECT_EQ(testIn(results, QStringLiteral("sample_fake_ok"), QStringLiteral("FakeOk.PrintsOkThenCrashes")).value(QStringLiteral("status")).toString(),
              QStringLiteral("crashed"));
    EXPECT_EQ(results.value(QStringLiteral("summary")).toObject().value(QStringLiteral("line")).toString(), lastLine(r.out));
}

TEST(CliRun, BinariesWithOneFileNameAreToldApartAndFailedRerunsEachOnesOwn)
{
    auto dir = runWorkspace();
    QDir(dir->path()).mkpath(QStringLiteral("a"));
    QDir(dir->path()).mkpath(QStringLiteral("b"));
    const QString a = dir->filePath(QStringLiteral("a/tests")), b = dir->filePath(QStringLiteral("b/tests"));
    ASSERT_TRUE(QFile::copy(sample("sample_failing"), a));
    ASSERT_TRUE(QFile::copy(sample("sample_fake_ok"), b));
    const QString junit = dir->filePath(QStringLiteral("r.xml"));
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("run"), a, b, QStringLiteral("--junit"), junit}));
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[a/tests] Failing.ExpectEq"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[b/tests] FakeOk.PrintsOkThenCrashes"))) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("[tests]")));
    QFile x(junit);
    ASSERT_TRUE(x.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(x.readAll());
    EXPECT_TRUE(xml.contains(QStringLiteral("classname=\"a/tests.Failing\""))) << xml.toStdString();
    EXPECT_TRUE(xml.contains(QStringLiteral("classname=\"b/tests.FakeOk\"")));

    const ProcResult again = runCli(ws(dir->path(), {QStringLiteral("run"), QStringLiteral("--failed"), a, b}));
    EXPECT_EQ(again.exitCode, 1) << again.out.toStdString() << again.err.toStdString();
    EXPECT_TRUE(again.out.contains(QStringLiteral("FAIL     [a/tests] Failing.ExpectEq"))) << again.out.toStdString();
    EXPECT_TRUE(again.out.contains(QStringLiteral("CRASH    [b/tests] FakeOk.PrintsOkThenCrashes"))) << again.out.toStdString();
    EXPECT_FALSE(again.out.contains(QStringLiteral("[b/tests] Failing"))) << again.out.toStdString();
    EXPECT_FALSE(again.out.contains(QStringLiteral("[a/tests] FakeOk"))) << again.out.toStdString();
    EXPECT_EQ(lastLine(again.out), QStringLiteral("0 passed, 3 failed, 1 crashed")) << again.out.toStdString();
}

TEST(CliRun, ListHonoursTheFilterAndBringsNoFixtureUp)
{
    // never_ready would take its 3 s readiness timeout and fail: --list must not start it.
    TempWorkspace dir;
    QFile f(dir.filePath(QStringLiteral("fixbench.yml")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("name: list-tests\nfixtures: %1\ntests:\n  - name: slow\n    path: %2\n    fixtures: [never_ready]\n")
                .arg(testsWorkspace() + QStringLiteral("/fixtures"), sample("sample_passing"))
                .toUtf8());
    f.close();
    const ProcResult r = runCli(ws(dir.path(), {QStringLiteral("run"), QStringLiteral("--list"), QStringLiteral("--filter"), QStringLiteral("Math.*")}));
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_LT(r.elapsedMs, 2500) << "it waited for a fixture";
    EXPECT_TRUE(r.out.contains(QStringLiteral("slow (3 tests,"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("    Adds"))) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("Output"))) << "--filter Math.* lists Math alone: " << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("Skipping")));
    EXPECT_TRUE(r.err.contains(QStringLiteral("`never_ready` is not up"))) << r.err.toStdString();
    EXPECT_TRUE(wsContainers(dir.path()).isEmpty());
}

TEST(CliRun, FilterRepeatShuffleAndSeed)
{
    auto dir = runWorkspace();
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("run"), QStringLiteral("passing"), QStringLiteral("--filter"), QStringLiteral("Math.*"),
                                                 QStringLiteral("--repeat"), QStringLiteral("3"), QStringLiteral("--shuffle"), QStringLiteral("--seed"),
                                                 QStringLiteral("5")}));
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_EQ(lastLine(r.out), QStringLiteral("6 passed, 0 failed"));
    EXPECT_TRUE(r.out.contains(QStringLiteral("[iteration 3]"))) << r.out.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("seed 5"))) << r.err.toStdString();
}

TEST(CliRun, AttachesToWhatIsUpAndKeepLeavesItUp)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    // --keep: the run starts `hooks` and leaves it up.
    const ProcResult first = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("env_check"), QStringLiteral("--keep")}));
    ASSERT_EQ(first.exitCode, 0) << first.err.toStdString();
    const QStringList containers = wsContainers(root);
    ASSERT_EQ(containers.size(), 1);
    // A second run attaches (same container) and, not having started it, leaves it up.
    const ProcResult second = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("env_check")}));
    EXPECT_EQ(second.exitCode, 0) << second.err.toStdString();
    EXPECT_TRUE(second.err.contains(QStringLiteral("already up, attached"))) << second.err.toStdString();
    EXPECT_EQ(wsContainers(root), containers);
    EXPECT_EQ(runCli(ws(root, {QStringLiteral("down"), QStringLiteral("--all")})).exitCode, 0);
    EXPECT_TRUE(wsContainers(root).isEmpty());
}

TEST(CliRun, CtrlCStopsTheTestsAndTearsDownWhatItStarted)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_SAMPLE_SLEEP"), QStringLiteral("3622"));
    p.setProcessEnvironment(env);
    p.start(fixbenchPath(), ws(root, {QStringLiteral("run"), QStringLiteral("hang")}));
    ASSERT_TRUE(p.waitForStarted());
    QString out;
    ASSERT_TRUE(waitFor([&] {
        p.waitForReadyRead(50);
        out += QString::fromUtf8(p.readAllStandardOutput());
        return out.contains(QStringLiteral("Hanging.PassesFirst")) && sleeperAlive(QStringLiteral("3622"));
    }, 90000)) << out.toStdString() << QString::fromUtf8(p.readAllStandardError()).toStdString();
    EXPECT_EQ(wsContainers(root).size(), 1);
    ::kill(pid_t(p.processId()), SIGINT);
    ASSERT_TRUE(p.waitForFinished(60000));
    out += QString::fromUtf8(p.readAllStandardOutput());
    EXPECT_EQ(p.exitCode(), 130) << QString::fromUtf8(p.readAllStandardError()).toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("STOPPED"))) << out.toStdString();
    EXPECT_EQ(lastLine(out), QStringLiteral("1 passed, 0 failed, 1 interrupted")) << out.toStdString();
    EXPECT_TRUE(wsContainers(root).isEmpty());
    EXPECT_TRUE(networksWithLabel(QStringLiteral("fixbench.workspace.root=") + root).isEmpty());
    EXPECT_FALSE(sleeperAlive(QStringLiteral("3622")));
}

TEST(CliRun, BadInputsHaveClearErrorsAndExitCodes)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    const ProcResult ghost = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("ghost")}));
    EXPECT_EQ(ghost.exitCode, 7);
    EXPECT_TRUE(ghost.err.contains(QStringLiteral("no test `ghost`"))) << ghost.err.toStdString();
    EXPECT_TRUE(ghost.err.contains(QStringLiteral("env_check, passing, hang"))) << ghost.err.toStdString();

    EXPECT_EQ(runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--repeat"), QStringLiteral("0")})).exitCode, 2);
    EXPECT_EQ(runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--env"), QStringLiteral("1X=2")})).exitCode, 2);
    const ProcResult help = runCli({QStringLiteral("run"), QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(QStringLiteral("--junit")));

    const ProcResult notGtest = runCli(ws(root, {QStringLiteral("run"), sample("not_gtest")}));
    EXPECT_EQ(notGtest.exitCode, 1);
    EXPECT_TRUE(notGtest.out.contains(QStringLiteral("ERROR"))) << notGtest.out.toStdString();
    EXPECT_TRUE(notGtest.out.contains(QStringLiteral("GoogleTest"))) << notGtest.out.toStdString();

    const ProcResult unknownFixture = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("passing"), QStringLiteral("--fixture"), QStringLiteral("nope")}));
    EXPECT_EQ(unknownFixture.exitCode, 7) << unknownFixture.err.toStdString();

    auto empty = std::make_unique<TempWorkspace>();
    QFile f(empty->filePath(QStringLiteral("fixbench.yml")));
    f.open(QIODevice::WriteOnly);
    f.write("name: empty\n");
    f.close();
    const ProcResult none = runCli(ws(empty->path(), {QStringLiteral("run")}));
    EXPECT_EQ(none.exitCode, 2);
    EXPECT_TRUE(none.err.contains(QStringLiteral("lists no tests"))) << none.err.toStdString();

    // --list: the catalogue in the run's environment.
    const ProcResult list = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("passing"), QStringLiteral("--list")}));
    EXPECT_EQ(list.exitCode, 0) << list.err.toStdString();
    EXPECT_TRUE(list.out.contains(QStringLiteral("passing (8 tests"))) << list.out.toStdString();
    EXPECT_TRUE(list.out.contains(QStringLiteral("DISABLED_Divides  (disabled)"))) << list.out.toStdString();
}

// Non-ASCII names and messages as written (gtest 1.12's JSON escapes each UTF-8 byte),
// and a parameter printed over several lines stays on its test's line in --list.
TEST(CliRun, NonAsciiTextInListsAndReportsIsReadAsWritten)
{
    QTemporaryDir tmp;
    const QString bin = QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/sample_unicode");
    const ProcResult list = runCli({QStringLiteral("-w"), testsWorkspace(), QStringLiteral("run"), bin, QStringLiteral("--list")});
    EXPECT_EQ(list.exitCode, 0) << list.err.toStdString();
    EXPECT_TRUE(list.out.contains(QStringLiteral("Ünïcode"))) << list.out.toStdString();
    int testLines = 0;
    for (const QString &line : list.out.split(QLatin1Char('\n')))
        if (line.startsWith(QStringLiteral("    ")))
            ++testLines;
    EXPECT_EQ(testLines, 3) << "one line per test:\n" << list.out.toStdString();

    const QString json = tmp.filePath(QStringLiteral("r.json")), junit = tmp.filePath(QStringLiteral("r.xml"));
    const ProcResult r = runCli({QStringLiteral("-w"), testsWorkspace(), QStringLiteral("run"), bin, QStringLiteral("--json"), json,
                                 QStringLiteral("--junit"), junit});
    EXPECT_EQ(r.exitCode, 1) << r.err.toStdString();
    for (const QString &file : {json, junit}) {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << file.toStdString();
        const QString text = QString::fromUtf8(f.readAll());
        EXPECT_TRUE(text.contains(QStringLiteral("日本"))) << file.toStdString() << ":\n" << text.toStdString();
        EXPECT_TRUE(text.contains(QStringLiteral("Météo ✓"))) << file.toStdString();
        EXPECT_FALSE(text.contains(QStringLiteral("æ"))) << file.toStdString() << ": mojibake";
    }
}

// A fixture that dies while a binary runs is said with the binary's results: on the
// console and in the JSON and JUnit reports ("fixture echo_server died: service app
// exited (code 137)"), so a test failing because its server died says why.
TEST(CliRun, AFixtureDyingDuringTheRunIsReported)
{
    auto dir = workspaceWith(QStringLiteral("name: run-death\nfixtures: %1\ntests:\n  - name: hang\n    path: %2\n    fixtures: [echo_server]\n")
                                 .arg(testsWorkspace() + QStringLiteral("/fixtures"), sample("sample_hanging")));
    const QString root = dir->path();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_SAMPLE_SLEEP"), QStringLiteral("3622"));
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(fixbenchPath(), ws(root, {QStringLiteral("run"), QStringLiteral("--timeout"), QStringLiteral("3"), QStringLiteral("--json"),
                                      dir->filePath(QStringLiteral("r.json")), QStringLiteral("--junit"),
                                      dir->filePath(QStringLiteral("r.xml"))}));
    ASSERT_TRUE(p.waitForStarted());
    // The binary is in its hanging test (its child sleeps): kill the fixture's container.
    ASSERT_TRUE(waitFor([&] { return sleeperAlive(QStringLiteral("3622")); }, 30000)) << p.readAllStandardError().toStdString();
    const QStringList ids = wsContainers(root);
    ASSERT_EQ(ids.size(), 1);
    ASSERT_EQ(run(QStringLiteral("docker"), {QStringLiteral("kill"), ids.first()}).exitCode, 0);
    ASSERT_TRUE(p.waitForFinished(30000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString died = QStringLiteral("fixture echo_server died: service app exited (code 137)");
    EXPECT_EQ(p.exitCode(), 1) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("[hang] ") + died)) << out.toStdString();
    const QJsonArray binaries = readJson(dir->filePath(QStringLiteral("r.json"))).value(QStringLiteral("binaries")).toArray();
    ASSERT_EQ(binaries.size(), 1);
    EXPECT_EQ(binaries[0].toObject().value(QStringLiteral("fixture_deaths")).toArray(), QJsonArray{died});
    QFile xml(dir->filePath(QStringLiteral("r.xml")));
    ASSERT_TRUE(xml.open(QIODevice::ReadOnly));
    EXPECT_TRUE(QString::fromUtf8(xml.readAll()).contains(died));
    EXPECT_TRUE(waitFor([&] { return wsContainers(root).isEmpty(); }, 10000)) << "the dead fixture was not taken down";
}

namespace {

// (binary, full name, iteration) of every test in a JSON report.
QStringList testsOf(const QJsonObject &results)
{
    QStringList names;
    for (const auto &b : results.value(QStringLiteral("binaries")).toArray())
        for (const auto &t : b.toObject().value(QStringLiteral("tests")).toArray())
            names << b.toObject().value(QStringLiteral("name")).toString() + QLatin1Char(' ')
                         + t.toObject().value(QStringLiteral("full_name")).toString() + QLatin1Char(' ')
                         + t.toObject().value(QStringLiteral("status")).toString();
    names.sort();
    return names;
}

QJsonObject countsOf(const QJsonObject &results)
{
    QJsonObject counts = results.value(QStringLiteral("summary")).toObject();
    for (const char *k : {"elapsed_ms", "shard"})
        counts.remove(QLatin1String(k));
    return counts;
}

// A workspace with ftp_server and two tests that use it: one writes out/result.csv to
// the server and fails, one passes.
std::unique_ptr<TempWorkspace> ftpWorkspace()
{
    auto dir = std::make_unique<TempWorkspace>();
    EXPECT_TRUE(writeFtpWorkspace(dir->path(), QStringLiteral("artifacts-tests")));
    return dir;
}

QJsonArray statusJson(const QString &root)
{
    const ProcResult st = runCli(ws(root, {QStringLiteral("status"), QStringLiteral("--json")}));
    return QJsonDocument::fromJson(st.out.toUtf8()).array();
}

} // namespace

TEST(CliRun, ShardsRunEveryTestOnceAndTheirMergeCountsAsTheWholeRun)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    const QString hookLog = dir->filePath(QStringLiteral("hooks.log"));
    QProcessEnvironment env = hookEnvironment(hookLog);
    // env_check needs the `hooks` fixture; failing fails (the exit codes must say so).
    const QStringList binaries{QStringLiteral("env_check"), QStringLiteral("passing"), sample("sample_params"), sample("sample_failing")};
    const QString whole = dir->filePath(QStringLiteral("whole.json"));
    const ProcResult all = runCli(ws(root, QStringList{QStringLiteral("run"), QStringLiteral("--json"), whole} + binaries), env);
    ASSERT_EQ(all.exitCode, 1) << all.out.toStdString() << all.err.toStdString();
    const QJsonObject wholeResults = readJson(whole);
    const QStringList wholeTests = testsOf(wholeResults);
    ASSERT_GT(wholeTests.size(), 20);

    QStringList shardFiles, shardTests;
    int failedShards = 0;
    for (int k = 1; k <= 3; ++k) {
        const QString json = dir->filePath(QStringLiteral("shard%1.json").arg(k));
        const ProcResult r = runCli(ws(root, QStringList{QStringLiteral("run"), QStringLiteral("--shard"), QStringLiteral("%1/3").arg(k),
                                                         QStringLiteral("--json"), json} + binaries), env);
        ASSERT_TRUE(r.exitCode == 0 || r.exitCode == 1) << r.out.toStdString() << r.err.toStdString();
        failedShards += r.exitCode;
        EXPECT_TRUE(r.out.startsWith(QStringLiteral("shard %1/3: ").arg(k))) << r.out.toStdString();
        const QJsonObject results = readJson(json);
        EXPECT_EQ(results.value(QStringLiteral("summary")).toObject().value(QStringLiteral("shard")).toObject(),
                  (QJsonObject{{QStringLiteral("index"), k}, {QStringLiteral("total"), 3}}));
        const QStringList mine = testsOf(results);
        EXPECT_GE(mine.size(), wholeTests.size() / 3 - 1) << "a fair share";
        shardTests += mine;
        shardFiles << json;
    }
    EXPECT_GE(failedShards, 1) << "a shard holding a failing test exits 1";
    shardTests.sort();
    EXPECT_EQ(shardTests, wholeTests) << "every test exactly once, with the same result";

    const QString merged = dir->filePath(QStringLiteral("merged.json"));
    const QString junit = dir->filePath(QStringLiteral("merged.xml"));
    const ProcResult m = runCli(QStringList{QStringLiteral("report"), QStringLiteral("merge")} + shardFiles
                                + QStringList{QStringLiteral("--json"), merged, QStringLiteral("--junit"), junit});
    EXPECT_EQ(m.exitCode, 1) << "the merged run failed: " << m.out.toStdString() << m.err.toStdString();
    EXPECT_EQ(lastLine(m.out), lastLine(all.out)) << m.out.toStdString();
    EXPECT_EQ(countsOf(readJson(merged)), countsOf(wholeResults));
    EXPECT_EQ(testsOf(readJson(merged)), wholeTests);
    QFile xml(junit);
    ASSERT_TRUE(xml.open(QIODevice::ReadOnly));
    EXPECT_TRUE(xml.readAll().contains(QStringLiteral("<testsuites name=\"run-tests\" tests=\"%1\"").arg(wholeTests.size()).toUtf8()));

    // Shards missing or overlapping are refused.
    const ProcResult missing = runCli({QStringLiteral("report"), QStringLiteral("merge"), shardFiles[0], shardFiles[2]});
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_TRUE(missing.err.contains(QStringLiteral("shard(s) 2/3 missing"))) << missing.err.toStdString();
    const ProcResult overlap = runCli({QStringLiteral("report"), QStringLiteral("merge"), whole, whole});
    EXPECT_NE(overlap.exitCode, 0);
    EXPECT_TRUE(overlap.err.contains(QStringLiteral("the reports overlap"))) << overlap.err.toStdString();

    // As many shards as tests: the last one is the last test of sample_params (binaries
    // sort env_check < passing < sample_failing < sample_params), so `hooks` (env_check's
    // fixture) is not brought up for it.
    QFile::remove(hookLog);
    const int n = int(wholeTests.size());
    const ProcResult single = runCli(ws(root, QStringList{QStringLiteral("run"), QStringLiteral("--shard"), QStringLiteral("%1/%1").arg(n)} + binaries), env);
    EXPECT_EQ(single.exitCode, 0) << single.out.toStdString() << single.err.toStdString();
    EXPECT_TRUE(single.out.startsWith(QStringLiteral("shard %1/%1: 1 of %1 tests, in 1 of 4 binaries").arg(n))) << single.out.toStdString();
    EXPECT_FALSE(QFile::exists(hookLog)) << "the hooks fixture was brought up for a shard without env_check";
    EXPECT_FALSE(single.err.contains(QStringLiteral("hooks"))) << single.err.toStdString();

    // More shards than tests: an empty shard succeeds and writes an empty report.
    const QString empty = dir->filePath(QStringLiteral("empty.json"));
    const ProcResult none = runCli(ws(root, QStringList{QStringLiteral("run"), QStringLiteral("--shard"), QStringLiteral("%1/%1").arg(n + 1),
                                                        QStringLiteral("--json"), empty} + binaries), env);
    EXPECT_EQ(none.exitCode, 0) << none.out.toStdString() << none.err.toStdString();
    EXPECT_TRUE(none.out.contains(QStringLiteral("has no test to run"))) << none.out.toStdString();
    EXPECT_TRUE(readJson(empty).value(QStringLiteral("binaries")).toArray().isEmpty());
    EXPECT_EQ(runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--shard"), QStringLiteral("4/3")})).exitCode, 2);
    EXPECT_TRUE(wsContainers(root).isEmpty());
}

// Logs per test: a binary's fixture (a real vsftpd) logs each upload; the test that
// fails after uploading "bravo" carries the server's lines from its start to its end in
// its JUnit <system-err> and in the JSON report, and not the "alpha" upload of the test
// before it (2.5 s earlier, past the 1 s margin). The passing test carries none;
// --no-fixture-logs leaves them out.
TEST(CliRun, AFailedTestCarriesTheLogLinesItsFixtureWroteWhileItRan)
{
    auto dir = workspaceWith(QStringLiteral("name: run-logs\nfixtures: %1\ntests:\n  - name: ftp_logs\n    path: %2\n    fixtures: [ftp_server]\n")
                                 .arg(repoWorkspace() + QStringLiteral("/fixtures"), sample("sample_ftp_logs")));
    const QString root = dir->path();
    const QString json = dir->filePath(QStringLiteral("r.json"));
    const QString junit = dir->filePath(QStringLiteral("r.xml"));
    const ProcResult r = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--json"), json, QStringLiteral("--junit"), junit}));
    ASSERT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
    EXPECT_EQ(lastLine(r.out), QStringLiteral("1 passed, 1 failed")) << r.out.toStdString();

    const QString alpha = QStringLiteral("fixbench_marker_alpha_passing.txt");
    const QString bravo = QStringLiteral("fixbench_marker_bravo_failing.txt");
    // JUnit: the failing test case's own <system-err>; none for the passing one.
    QHash<QString, QString> systemErr; // test case name -> its <system-err>
    {
        QFile f(junit);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        QXmlStreamReader x(&f);
        QString testCase;
        while (!x.atEnd()) {
            x.readNext();
            if (x.isStartElement() && x.name() == QLatin1String("testcase"))
                testCase = x.attributes().value(QStringLiteral("name")).toString();
            else if (x.isEndElement() && x.name() == QLatin1String("testcase"))
                testCase.clear();
            else if (x.isStartElement() && x.name() == QLatin1String("system-err") && !testCase.isEmpty())
                systemErr.insert(testCase, x.readElementText());
        }
        ASSERT_FALSE(x.hasError()) << x.errorString().toStdString();
    }
    const QString excerpt = systemErr.value(QStringLiteral("FailsAfterBravo"));
    EXPECT_TRUE(excerpt.contains(bravo)) << excerpt.toStdString();
    EXPECT_FALSE(excerpt.contains(alpha)) << excerpt.toStdString();
    EXPECT_FALSE(systemErr.contains(QStringLiteral("PassesAfterAlpha")));
    // A line names its service and the UTC time the container wrote it.
    static const QRegularExpression lineFormat(QStringLiteral("^\\[ftp\\] \\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d .*OK UPLOAD.*") + QRegularExpression::escape(bravo),
                                               QRegularExpression::MultilineOption);
    EXPECT_TRUE(lineFormat.match(excerpt).hasMatch()) << excerpt.toStdString();

    // JSON: the same excerpt, and each test's start and end.
    const QJsonObject results = readJson(json);
    const QJsonObject failing = testIn(results, QStringLiteral("ftp_logs"), QStringLiteral("FtpLogs.FailsAfterBravo"));
    const QJsonObject passing = testIn(results, QStringLiteral("ftp_logs"), QStringLiteral("FtpLogs.PassesAfterAlpha"));
    EXPECT_EQ(failing.value(QStringLiteral("fixture_log")).toString(), excerpt);
    EXPECT_EQ(passing.value(QStringLiteral("fixture_log")).toString(), QString());
    const qint64 aStart = passing.value(QStringLiteral("start_ms")).toInteger(), aEnd = passing.value(QStringLiteral("end_ms")).toInteger();
    const qint64 bStart = failing.value(QStringLiteral("start_ms")).toInteger(), bEnd = failing.value(QStringLiteral("end_ms")).toInteger();
    EXPECT_GT(aStart, 0);
    EXPECT_GE(aEnd - aStart, 2500) << "the passing test sleeps 2.5 s";
    EXPECT_LE(aEnd, bStart);
    EXPECT_LE(bStart, bEnd);

    // Opted out: no excerpt anywhere.
    const ProcResult quiet = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--no-fixture-logs"), QStringLiteral("--json"), json,
                                              QStringLiteral("--junit"), junit}));
    ASSERT_EQ(quiet.exitCode, 1) << quiet.out.toStdString() << quiet.err.toStdString();
    EXPECT_EQ(testIn(readJson(json), QStringLiteral("ftp_logs"), QStringLiteral("FtpLogs.FailsAfterBravo")).value(QStringLiteral("fixture_log")).toString(),
              QString());
    QFile xml(junit);
    ASSERT_TRUE(xml.open(QIODevice::ReadOnly));
    EXPECT_FALSE(QString::fromUtf8(xml.readAll()).contains(bravo));
}

namespace {

// Reads a running process's stdout into `out` until `cond` holds on it (or timeoutMs).
bool readUntil(QProcess &p, QString &out, const std::function<bool(const QString &)> &cond, int timeoutMs = 60000)
{
    return waitFor([&] {
        p.waitForReadyRead(50);
        out += QString::fromUtf8(p.readAllStandardOutput());
        return cond(out);
    }, timeoutMs);
}

int summaries(const QString &out)
{
    return int(out.count(QRegularExpression(QStringLiteral("(?m)^\\d+ passed, \\d+ failed"))));
}

struct TimelineBar {
    QString lane, phase, label, status;
    qint64 start = -1, end = -1;
};

QList<TimelineBar> timelineBars(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read ") + path;
        return {};
    }
    QByteArray bytes = f.readAll();
    if (!path.endsWith(QLatin1String(".svg"))) { // the page: its SVG
        const qsizetype from = bytes.indexOf("<svg"), to = bytes.lastIndexOf("</svg>");
        if (from < 0 || to < 0 || bytes.contains("<script src") || bytes.contains("<link")) {
            *error = QStringLiteral("not a self-contained page with an SVG");
            return {};
        }
        bytes = bytes.mid(from, to + 6 - from);
    }
    QList<TimelineBar> bars;
    QXmlStreamReader x(bytes);
    while (!x.atEnd()) {
        x.readNext();
        if (!x.isStartElement() || x.name() != QLatin1String("rect"))
            continue;
        const QXmlStreamAttributes a = x.attributes();
        bars << TimelineBar{a.value(QStringLiteral("data-lane")).toString(), a.value(QStringLiteral("data-phase")).toString(),
                            a.value(QStringLiteral("data-label")).toString(), a.value(QStringLiteral("data-status")).toString(),
                            a.value(QStringLiteral("data-start-ms")).toLongLong(), a.value(QStringLiteral("data-end-ms")).toLongLong()};
    }
    if (x.hasError())
        *error = x.errorString();
    return bars;
}

const TimelineBar *barOf(const QList<TimelineBar> &bars, const QString &lane, const QString &phase, const QString &label = {})
{
    for (const TimelineBar &b : bars)
        if (b.lane == lane && b.phase == phase && (label.isEmpty() || b.label == label))
            return &b;
    return nullptr;
}

} // namespace

// A binary with too many tests to name in a filter (5,000) is split by GoogleTest's own
// sharding in every shard: still every test exactly once.
TEST(CliRun, ShardsOfABinaryWithThousandsOfTestsAreGTestsOwn)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    QStringList files, tests;
    for (int k = 1; k <= 3; ++k) {
        const QString json = dir->filePath(QStringLiteral("big%1.json").arg(k));
        const ProcResult r = runCli(ws(root, {QStringLiteral("run"), sample("sample_5000"), QStringLiteral("--shard"),
                                              QStringLiteral("%1/3").arg(k), QStringLiteral("--json"), json}));
        ASSERT_EQ(r.exitCode, 0) << r.out.right(2000).toStdString() << r.err.toStdString();
        EXPECT_TRUE(r.out.contains(QStringLiteral("sample_5000 has too many tests to name: GoogleTest's own sharding runs its part")))
            << r.out.left(500).toStdString();
        const QStringList mine = testsOf(readJson(json));
        EXPECT_GE(mine.size(), 1666);
        EXPECT_LE(mine.size(), 1667);
        tests += mine;
        files << json;
    }
    EXPECT_EQ(tests.size(), 5000);
    EXPECT_EQ(QSet<QString>(tests.begin(), tests.end()).size(), 5000) << "a test ran in two shards";
    const ProcResult m = runCli(QStringList{QStringLiteral("report"), QStringLiteral("merge")} + files);
    EXPECT_EQ(m.exitCode, 0) << m.err.toStdString();
    EXPECT_EQ(lastLine(m.out), QStringLiteral("5000 passed, 0 failed"));
}

TEST(CliRun, WatchRerunsARebuiltBinaryAgainstTheFixturesItHolds)
{
    auto dir = runWorkspace();
    const QString root = dir->path();
    const QString hookLog = dir->filePath(QStringLiteral("hooks.log"));
    // A binary of the user's, given by path, with a fixture: a copy that the test rebuilds.
    const QString bin = dir->filePath(QStringLiteral("bin/my_tests"));
    ASSERT_TRUE(QDir().mkpath(dir->filePath(QStringLiteral("bin"))));
    ASSERT_TRUE(QFile::copy(sample("sample_env"), bin));
    QProcess p;
    p.setProcessEnvironment(hookEnvironment(hookLog));
    p.start(fixbenchPath(), ws(root, {QStringLiteral("run"), bin, QStringLiteral("--fixture"), QStringLiteral("hooks"), QStringLiteral("--watch"),
                                      QStringLiteral("--env"), QStringLiteral("FIXBENCH_SAMPLE_VAR=w"), QStringLiteral("--json"),
                                      dir->filePath(QStringLiteral("watch.json"))}));
    ASSERT_TRUE(p.waitForStarted());
    QString out;
    auto err = [&] { return QString::fromUtf8(p.readAllStandardError()).toStdString(); };
    ASSERT_TRUE(readUntil(p, out, [](const QString &o) { return o.contains(QStringLiteral("for a rebuild")); }, 120000)) << out.toStdString() << err();
    EXPECT_EQ(out.count(QStringLiteral("\n4 passed, 0 failed\n")), 1) << out.toStdString();
    const QStringList containers = wsContainers(root);
    EXPECT_EQ(containers.size(), 1);

    // Rebuilt as a linker does: written beside it, renamed over it. Another binary now
    // (sample_passing's tests), run with the fixture's environment kept.
    const QString tmp = bin + QStringLiteral(".tmp");
    ASSERT_TRUE(QFile::copy(sample("sample_passing"), tmp));
    ASSERT_EQ(::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(bin).constData()), 0);
    ASSERT_TRUE(readUntil(p, out, [](const QString &o) { return summaries(o) == 2 && o.endsWith(QStringLiteral("(Ctrl-C ends)\n")); }))
        << out.toStdString() << err();
    EXPECT_TRUE(out.contains(QStringLiteral("rebuilt: my_tests; running again\n"))) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("\n5 passed, 0 failed, 1 skipped\n"))) << out.toStdString();
    EXPECT_EQ(readJson(dir->filePath(QStringLiteral("watch.json"))).value(QStringLiteral("summary")).toObject().value(QStringLiteral("line")).toString(),
              QStringLiteral("5 passed, 0 failed, 1 skipped")) << "the reports follow each round";

    // Overwritten in place (the same bytes again, a new modification time).
    {
        QFile f(bin);
        ASSERT_TRUE(f.open(QIODevice::ReadWrite));
        const QByteArray bytes = f.readAll();
        f.seek(0);
        f.write(bytes);
    }
    ASSERT_TRUE(readUntil(p, out, [](const QString &o) { return summaries(o) == 3 && o.endsWith(QStringLiteral("(Ctrl-C ends)\n")); }))
        << out.toStdString() << err();
    EXPECT_EQ(out.count(QStringLiteral("\n5 passed, 0 failed, 1 skipped\n")), 2) << out.toStdString();
    {
        auto w = fixbench::Workspace::load(root);
        ASSERT_TRUE(w.ok());
        EXPECT_EQ(readJson(fixbench::FixtureManager::runtimeDir() + QStringLiteral("/last-run-%1.json").arg(w->id()))
                      .value(QStringLiteral("summary")).toObject().value(QStringLiteral("line")).toString(),
                  QStringLiteral("5 passed, 0 failed, 1 skipped")) << "each round is the last run (--failed)";
    }

    // Never brought up again: the same container, `started` and setup_data once.
    EXPECT_EQ(wsContainers(root), containers);
    QFile log(hookLog);
    ASSERT_TRUE(log.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(log.readAll()), QStringLiteral("started hooks hello\nsetup_data hooks hello\n"));
    log.close();

    // Ctrl-C ends it as it ends `run`: what it started goes down.
    ::kill(pid_t(p.processId()), SIGINT);
    ASSERT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitCode(), 130) << err();
    EXPECT_TRUE(wsContainers(root).isEmpty());
    ASSERT_TRUE(log.open(QIODevice::ReadOnly));
    EXPECT_TRUE(log.readAll().endsWith("stopping hooks hello\n"));
}

// --timeline: a run with two fixtures (one with data hooks) and a failing binary, drawn
// on a time axis. Every phase is there — each fixture's up with its compose and
// readiness parts, setup_data and teardown_data, the binary, each test, each take-down —
// in order, failures marked, each test's times those of the JSON report. The same
// picture as an SVG and as a self-contained HTML page.
TEST(CliRun, TimelineShowsEveryPhaseOfTheRunWithTheReportsTimes)
{
    auto dir = workspaceWith(QStringLiteral("name: run-timeline\nfixtures: %1\ntests:\n  - name: failing\n    path: %2\n"
                                            "    fixtures: [hooks, echo_server]\n")
                                 .arg(testsWorkspace() + QStringLiteral("/fixtures"), sample("sample_failing")));
    const QString root = dir->path();
    const QString json = dir->filePath(QStringLiteral("r.json"));
    for (const QString &file : {QStringLiteral("t.svg"), QStringLiteral("t.html")}) {
        SCOPED_TRACE(file.toStdString());
        const QString timeline = dir->filePath(file);
        const ProcResult r = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--json"), json, QStringLiteral("--timeline"), timeline}));
        ASSERT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
        QString error;
        const QList<TimelineBar> bars = timelineBars(timeline, &error);
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();

        // Each fixture: up (compose, then readiness, inside it), the hooks fixture's data
        // hooks, down — in that order around the binary.
        const TimelineBar *binary = barOf(bars, QStringLiteral("failing"), QStringLiteral("binary"));
        ASSERT_TRUE(binary);
        EXPECT_EQ(binary->status, QStringLiteral("failed"));
        for (const QString &fixture : {QStringLiteral("hooks"), QStringLiteral("echo_server")}) {
            const TimelineBar *up = barOf(bars, fixture, QStringLiteral("up"));
            const TimelineBar *compose = barOf(bars, fixture, QStringLiteral("compose"));
            const TimelineBar *ready = barOf(bars, fixture, QStringLiteral("ready"));
            const TimelineBar *down = barOf(bars, fixture, QStringLiteral("down"));
            ASSERT_TRUE(up && compose && ready && down) << fixture.toStdString();
            EXPECT_EQ(up->status, QStringLiteral("ok"));
            EXPECT_LE(up->start, compose->start);
            EXPECT_LE(compose->end, ready->start);
            EXPECT_LE(ready->end, up->end);
            EXPECT_LE(up->end, binary->start);
            EXPECT_LE(binary->end, down->start);
            EXPECT_LE(down->start, down->end);
        }
        const TimelineBar *setup = barOf(bars, QStringLiteral("hooks"), QStringLiteral("setup_data"));
        const TimelineBar *teardown = barOf(bars, QStringLiteral("hooks"), QStringLiteral("teardown_data"));
        ASSERT_TRUE(setup && teardown);
        EXPECT_LE(barOf(bars, QStringLiteral("echo_server"), QStringLiteral("up"))->end, setup->start);
        EXPECT_LE(setup->end, binary->start);
        EXPECT_LE(binary->end, teardown->start);
        EXPECT_LE(teardown->end, barOf(bars, QStringLiteral("hooks"), QStringLiteral("down"))->start);

        // Every test of the report that ran, with its times and status; failures marked.
        int tests = 0, failed = 0;
        for (const auto &b : readJson(json).value(QStringLiteral("binaries")).toArray())
            for (const auto &tv : b.toObject().value(QStringLiteral("tests")).toArray()) {
                const QJsonObject t = tv.toObject();
                if (t.value(QStringLiteral("start_ms")).toInteger() < 0)
                    continue;
                ++tests;
                const QString name = t.value(QStringLiteral("full_name")).toString();
                const TimelineBar *bar = barOf(bars, QStringLiteral("failing"), QStringLiteral("test"), name);
                ASSERT_TRUE(bar) << name.toStdString();
                EXPECT_EQ(bar->start, t.value(QStringLiteral("start_ms")).toInteger()) << name.toStdString();
                EXPECT_EQ(bar->end, t.value(QStringLiteral("end_ms")).toInteger()) << name.toStdString();
                EXPECT_EQ(bar->status, t.value(QStringLiteral("status")).toString()) << name.toStdString();
                EXPECT_LE(binary->start, bar->start);
                EXPECT_LE(bar->end, binary->end);
                failed += bar->status == QLatin1String("failed");
            }
        EXPECT_GE(tests, 4);
        EXPECT_GE(failed, 3);
        qsizetype testBars = 0;
        for (const TimelineBar &b : bars)
            testBars += b.phase == QLatin1String("test");
        EXPECT_EQ(testBars, tests);
    }
}

TEST(CliRun, ArtifactsOfAFailedRunHoldLogsInspectMaskedEnvironmentAndFtpFiles)
{
    auto dir = ftpWorkspace();
    const QString root = dir->path();
    QTemporaryDir out;

    // All passed: nothing is collected, the folder is not even made.
    const QString passedDir = out.filePath(QStringLiteral("passed"));
    const ProcResult passed = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("passing"), QStringLiteral("--artifacts"), passedDir}));
    ASSERT_EQ(passed.exitCode, 0) << passed.err.toStdString() << passed.out.toStdString();
    EXPECT_FALSE(QFileInfo::exists(passedDir));
    EXPECT_FALSE(passed.out.contains(QStringLiteral("artifacts:"))) << passed.out.toStdString();

    // A failure: the folder holds what CI keeps, per fixture; the exit code is the run's.
    const QString a = out.filePath(QStringLiteral("ci/artifacts"));
    const ProcResult failed = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("ftp_fails"), QStringLiteral("--artifacts"), a}));
    ASSERT_EQ(failed.exitCode, 1) << failed.err.toStdString() << failed.out.toStdString();
    EXPECT_TRUE(failed.out.contains(QStringLiteral("artifacts: ") + a)) << failed.out.toStdString();
    EXPECT_FALSE(failed.err.contains(QStringLiteral("warning: artifacts"))) << failed.err.toStdString();
    const QStringList problems = artifactProblems(a);
    EXPECT_TRUE(problems.isEmpty()) << problems.join(QLatin1Char('\n')).toStdString();
    const QStringList files = filesBelow(a);
    // Collected before take-down; the stack went down after.
    EXPECT_TRUE(wsContainers(root).isEmpty());

    // A folder that holds something is refused before anything starts.
    const ProcResult again = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("ftp_fails"), QStringLiteral("--artifacts"), a}));
    EXPECT_EQ(again.exitCode, 2) << again.err.toStdString();
    EXPECT_TRUE(again.err.contains(QStringLiteral("is not empty"))) << again.err.toStdString();
    EXPECT_FALSE(again.err.contains(QStringLiteral("ready in"))) << again.err.toStdString();
    EXPECT_EQ(filesBelow(a), files);
}

TEST(CliRun, KeepOnFailureLeavesTheStackUpOnlyWhenATestFailed)
{
    auto dir = ftpWorkspace();
    const QString root = dir->path();
    // Passed: it goes down as usual.
    const ProcResult passed = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("passing"), QStringLiteral("--keep-on-failure")}));
    ASSERT_EQ(passed.exitCode, 0) << passed.err.toStdString();
    EXPECT_TRUE(wsContainers(root).isEmpty());
    EXPECT_FALSE(passed.out.contains(QStringLiteral("kept up"))) << passed.out.toStdString();
    EXPECT_TRUE(statusJson(root).isEmpty());

    // Failed: it stays up, kept, and the CLI says how to look at it and take it down.
    const ProcResult failed = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("ftp_fails"), QStringLiteral("--keep-on-failure")}));
    ASSERT_EQ(failed.exitCode, 1) << failed.err.toStdString();
    EXPECT_TRUE(failed.out.contains(QStringLiteral("kept up for inspection: ftp_server"))) << failed.out.toStdString();
    for (const char *cmd : {"fixbench env ftp_server", "fixbench logs ftp_server", "fixbench down ftp_server"})
        EXPECT_TRUE(failed.out.contains(QLatin1String(cmd))) << cmd << "\n" << failed.out.toStdString();
    EXPECT_EQ(wsContainers(root).size(), 1);
    const QJsonArray st = statusJson(root);
    ASSERT_EQ(st.size(), 1);
    EXPECT_EQ(st[0].toObject().value(QStringLiteral("fixture")).toString(), QStringLiteral("ftp_server"));
    EXPECT_TRUE(st[0].toObject().value(QStringLiteral("keep")).toBool());
    EXPECT_EQ(st[0].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
    // What it printed works: the FTP file the test wrote is there.
    const ProcResult ls = runCli(ws(root, {QStringLiteral("ftp"), QStringLiteral("ls"), QStringLiteral("out")}));
    EXPECT_EQ(ls.exitCode, 0) << ls.err.toStdString();
    EXPECT_TRUE(ls.out.contains(QStringLiteral("result.csv"))) << ls.out.toStdString();
    const ProcResult down = runCli(ws(root, {QStringLiteral("down"), QStringLiteral("ftp_server")}));
    EXPECT_EQ(down.exitCode, 0) << down.err.toStdString();
    EXPECT_TRUE(wsContainers(root).isEmpty());
}

TEST(CliRun, ArtifactsOfAFixtureThatDidNotComeUpHoldItsLogBeforeItIsRemoved)
{
    // `hooks` comes up, then `exits_at_once` exits 3 at start ("fatal: config missing").
    auto dir = std::make_unique<TempWorkspace>();
    const QString root = dir->path();
    QFile f(dir->filePath(QStringLiteral("fixbench.yml")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("name: artifacts-up\nfixtures: %1\ntests:\n  - name: passing\n    path: %2\n    fixtures: [hooks, exits_at_once]\n")
                .arg(testsWorkspace() + QStringLiteral("/fixtures"), sample("sample_passing"))
                .toUtf8());
    f.close();
    const ProcResult plain = runCli(ws(root, {QStringLiteral("run")}));
    ASSERT_NE(plain.exitCode, 0) << plain.out.toStdString();
    ASSERT_TRUE(wsContainers(root).isEmpty());

    QTemporaryDir out;
    const QString a = out.filePath(QStringLiteral("artifacts"));
    const ProcResult r = runCli(ws(root, {QStringLiteral("run"), QStringLiteral("--artifacts"), a}));
    EXPECT_EQ(r.exitCode, plain.exitCode) << r.err.toStdString(); // the exit code is the run's
    EXPECT_TRUE(r.out.contains(QStringLiteral("artifacts: ") + a)) << r.out.toStdString() << r.err.toStdString();
    const QStringList files = filesBelow(a);
    const QString joined = files.join(QLatin1Char('\n'));
    QFile summary(a + QStringLiteral("/summary.txt"));
    ASSERT_TRUE(summary.open(QIODevice::ReadOnly)) << joined.toStdString();
    EXPECT_TRUE(summary.readLine().contains("exits_at_once did not come up")) << joined.toStdString();
    QFile log(a + QStringLiteral("/exits_at_once/logs/app.log"));
    ASSERT_TRUE(log.open(QIODevice::ReadOnly)) << joined.toStdString();
    EXPECT_TRUE(log.readAll().contains("fatal: config missing"));
    const QStringList inspects = files.filter(QRegularExpression(QStringLiteral("^exits_at_once/inspect/.+\\.json$")));
    ASSERT_EQ(inspects.size(), 1) << joined.toStdString();
    EXPECT_EQ(readJson(a + QLatin1Char('/') + inspects.first()).value(QStringLiteral("State")).toObject().value(QStringLiteral("ExitCode")).toInt(), 3);
    // The fixture up before it too, its secret masked.
    EXPECT_TRUE(files.contains(QStringLiteral("hooks/logs/app.log"))) << joined.toStdString();
    QFile env(a + QStringLiteral("/hooks/environment.env"));
    ASSERT_TRUE(env.open(QIODevice::ReadOnly));
    EXPECT_TRUE(env.readAll().contains("\nECHO_TOKEN=********\n"));
    for (const QString &file : files) {
        QFile in(a + QLatin1Char('/') + file);
        in.open(QIODevice::ReadOnly);
        EXPECT_FALSE(in.readAll().contains("s3cret")) << file.toStdString();
    }
    // Then removed as without --artifacts.
    EXPECT_TRUE(wsContainers(root).isEmpty());
}
