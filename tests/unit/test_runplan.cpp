// RunPlan: the value every front-end builds a run from — fixture set and order,
// environment layering with sources, instance, selection of what failed (by path), the
// debug command line. No engine.

#include "run/runplan.h"

#include "unitsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::unitsupport;

namespace {

Workspace workspace(const QString &root)
{
    auto ws = Workspace::parse("name: plan-test\n", root + QStringLiteral("/fixbench.yml"), root);
    EXPECT_TRUE(ws.ok()) << (ws ? std::string() : str(ws.error().toString()));
    return *ws;
}

TestBinarySpec binary(const QString &name, const QString &path, const QStringList &fixtures, const QMap<QString, QString> &env = {})
{
    TestBinarySpec b;
    b.name = name;
    b.path = path;
    b.fixtures = fixtures;
    b.env = env;
    return b;
}

Environment fixtureEnv(const QString &port, const QString &layer)
{
    Environment e;
    e.set(QStringLiteral("FTP_PORT"), port, false, QStringLiteral("port"));
    e.set(QStringLiteral("FTP_PASS"), QStringLiteral("pw"), true, QStringLiteral("fixture:ftp_server"));
    e.set(QStringLiteral("LAYER"), layer, false, QStringLiteral("fixture"));
    e.set(QStringLiteral("FIXBENCH_FIXTURE"), QStringLiteral("x"), false, QStringLiteral("fixbench"));
    return e;
}

BinaryReport report(const QString &binary, const QString &path, const QList<QPair<QString, TestStatus>> &results)
{
    BinaryReport r;
    r.binary = binary;
    r.path = path;
    for (const auto &[name, status] : results) {
        TestResult t;
        t.binary = binary;
        t.suite = name.section(QLatin1Char('.'), 0, 0);
        t.name = name.section(QLatin1Char('.'), 1);
        t.status = status;
        r.results << t;
    }
    return r;
}

} // namespace

TEST(RunPlan, FixturesInFirstUseOrderWithExtraOnes)
{
    RunPlan plan;
    plan.binaries << RunPlan::Binary{binary(QStringLiteral("a"), QStringLiteral("/b/a"), {QStringLiteral("db"), QStringLiteral("ftp")}), {}}
                  << RunPlan::Binary{binary(QStringLiteral("b"), QStringLiteral("/b/b"), {QStringLiteral("api"), QStringLiteral("db")}), {}};
    plan.extraFixtures = {QStringLiteral("ftp"), QStringLiteral("cache")};
    EXPECT_EQ(plan.fixtures(), (QStringList{QStringLiteral("db"), QStringLiteral("ftp"), QStringLiteral("cache"), QStringLiteral("api")}));
    EXPECT_EQ(plan.fixturesOf(plan.binaries[1]),
              (QStringList{QStringLiteral("api"), QStringLiteral("db"), QStringLiteral("ftp"), QStringLiteral("cache")}));
    EXPECT_TRUE(RunPlan().fixtures().isEmpty());
}

TEST(RunPlan, RunOfLayersFixturesInTheBinarysOrderThenEnvThenOverridesWithSources)
{
    QTemporaryDir dir;
    const Workspace ws = workspace(dir.path());
    RunPlan plan;
    plan.instance = QStringLiteral("ci7");
    plan.options.repeat = 3;
    plan.overrides.set(QStringLiteral("LAYER"), QStringLiteral("override"), false, QStringLiteral("--env"));
    const RunPlan::Binary b{binary(QStringLiteral("up"), QStringLiteral("/b/up"), {QStringLiteral("ftp_server"), QStringLiteral("api")},
                                   {{QStringLiteral("CITY"), QStringLiteral("Lyon")}}),
                            TestSelection::ofTests({QStringLiteral("A.b")})};
    QHash<QString, Environment> envs{{QStringLiteral("ftp_server"), fixtureEnv(QStringLiteral("2222"), QStringLiteral("ftp"))},
                                     {QStringLiteral("api"), fixtureEnv(QStringLiteral("3333"), QStringLiteral("api"))}};
    TestRun run = plan.runOf(ws, b, envs);
    run.systemEnvironment = QProcessEnvironment();
    run.systemEnvironment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin"));

    const QProcessEnvironment env = run.processEnvironment();
    EXPECT_EQ(env.value(QStringLiteral("FTP_PORT")), QStringLiteral("3333")) << "later fixtures of the binary win";
    EXPECT_EQ(env.value(QStringLiteral("LAYER")), QStringLiteral("override")) << "the plan's overrides win last";
    EXPECT_EQ(env.value(QStringLiteral("CITY")), QStringLiteral("Lyon"));
    EXPECT_EQ(env.value(QStringLiteral("FIXBENCH_WORKSPACE")), ws.root());
    EXPECT_EQ(env.value(QStringLiteral("FIXBENCH_INSTANCE")), QStringLiteral("ci7")) << "fixbench::testing attaches to the same instance";
    const Environment shown = run.effectiveEnvironment();
    EXPECT_EQ(shown.find(QStringLiteral("FTP_PORT"))->source, QStringLiteral("port:api"));
    EXPECT_EQ(shown.find(QStringLiteral("FTP_PASS"))->source, QStringLiteral("fixture:ftp_server")) << "a source naming its fixture stays";
    EXPECT_TRUE(shown.find(QStringLiteral("FTP_PASS"))->secret);
    EXPECT_EQ(shown.find(QStringLiteral("CITY"))->source, QStringLiteral("fixbench.yml"));
    EXPECT_EQ(shown.find(QStringLiteral("LAYER"))->source, QStringLiteral("--env"));
    EXPECT_EQ(shown.find(QStringLiteral("PATH"))->source, QStringLiteral("system"));
    EXPECT_EQ(run.options.repeat, 3);
    EXPECT_EQ(*run.selection.gtestFilter(), QStringLiteral("A.b"));

    // A fixture that is not up contributes nothing; the run is still made.
    const TestRun partial = plan.runOf(ws, b, {});
    EXPECT_FALSE(partial.processEnvironment().contains(QStringLiteral("FTP_PASS")));
}

TEST(RunPlan, RestrictToFailedMatchesBinariesByPathNotFileName)
{
    RunPlan plan;
    plan.binaries << RunPlan::Binary{binary(QStringLiteral("tests"), QStringLiteral("/a/tests"), {}), {}}
                  << RunPlan::Binary{binary(QStringLiteral("tests"), QStringLiteral("/b/tests"), {}), {}}
                  << RunPlan::Binary{binary(QStringLiteral("green"), QStringLiteral("/c/green"), {}), {}};
    const QList<BinaryReport> last{
        report(QStringLiteral("tests"), QStringLiteral("/a/tests"),
               {{QStringLiteral("A.Fails"), TestStatus::Failed}, {QStringLiteral("A.Passes"), TestStatus::Passed}}),
        report(QStringLiteral("tests"), QStringLiteral("/b/tests"),
               {{QStringLiteral("B.Crashes"), TestStatus::Crashed}, {QStringLiteral("B.Hangs"), TestStatus::TimedOut}}),
        report(QStringLiteral("green"), QStringLiteral("/c/green"), {{QStringLiteral("C.Ok"), TestStatus::Passed}})};
    ASSERT_TRUE(plan.restrictToFailed(last));
    ASSERT_EQ(plan.binaries.size(), 2);
    EXPECT_EQ(plan.binaries[0].spec.path, QStringLiteral("/a/tests"));
    EXPECT_EQ(plan.binaries[0].selection.tests, QStringList{QStringLiteral("A.Fails")});
    EXPECT_EQ(plan.binaries[1].spec.path, QStringLiteral("/b/tests"));
    EXPECT_EQ(plan.binaries[1].selection.tests, (QStringList{QStringLiteral("B.Crashes"), QStringLiteral("B.Hangs")}));

    RunPlan green;
    green.binaries << RunPlan::Binary{binary(QStringLiteral("green"), QStringLiteral("/c/green"), {}), {}};
    EXPECT_FALSE(green.restrictToFailed(last)) << "nothing failed: nothing left to run";
    EXPECT_TRUE(green.binaries.isEmpty());
}

TEST(RunPlan, RestrictToFailedRerunsWholeABinaryThatFailedOutsideItsTests)
{
    RunPlan plan;
    plan.binaries << RunPlan::Binary{binary(QStringLiteral("env"), QStringLiteral("/a/env"), {}), {}}
                  << RunPlan::Binary{binary(QStringLiteral("died"), QStringLiteral("/a/died"), {}), {}}
                  << RunPlan::Binary{binary(QStringLiteral("stopped"), QStringLiteral("/a/stopped"), {}), {}};
    // A failing global environment: its only failure is outside any test.
    BinaryReport env = report(QStringLiteral("env"), QStringLiteral("/a/env"), {{QStringLiteral("E.Passes"), TestStatus::Passed}});
    TestResult outside;
    outside.name = TestResult::outsideTestName();
    outside.status = TestStatus::Failed;
    env.results << outside;
    // Died before any test failed (exit code, a crash in main): an error, no failed test.
    BinaryReport died = report(QStringLiteral("died"), QStringLiteral("/a/died"), {{QStringLiteral("D.Passes"), TestStatus::Passed}});
    died.error = Error(Error::Kind::Test, QStringLiteral("exited with code 3 after its tests"));
    // Stopped by the user: not a failure of its own.
    BinaryReport stopped = report(QStringLiteral("stopped"), QStringLiteral("/a/stopped"), {});
    stopped.cancelled = true;
    stopped.error = Error(Error::Kind::Cancelled, QStringLiteral("stopped"));
    ASSERT_TRUE(plan.restrictToFailed({env, died, stopped}));
    ASSERT_EQ(plan.binaries.size(), 2);
    EXPECT_EQ(plan.binaries[0].spec.name, QStringLiteral("env"));
    EXPECT_TRUE(plan.binaries[0].selection.isAll());
    EXPECT_EQ(plan.binaries[1].spec.name, QStringLiteral("died"));
    EXPECT_TRUE(plan.binaries[1].selection.isAll());
}

TEST(RunPlan, DebugCommandHasTheRunsEnvironmentFolderAndArgumentsUnderGdb)
{
    QTemporaryDir dir;
    const Workspace ws = workspace(dir.path());
    RunPlan plan;
    plan.overrides.set(QStringLiteral("GREETING"), QStringLiteral("hello world"), false, QStringLiteral("override"));
    const RunPlan::Binary b{binary(QStringLiteral("up"), QStringLiteral("/opt/b/up"), {QStringLiteral("ftp_server")}),
                            TestSelection::ofTests({QStringLiteral("Upload.Works")})};
    TestRun run = plan.runOf(ws, b, {{QStringLiteral("ftp_server"), fixtureEnv(QStringLiteral("2222"), QStringLiteral("ftp"))}});
    run.systemEnvironment = QProcessEnvironment();
    run.systemEnvironment.insert(QStringLiteral("GTEST_FILTER"), QStringLiteral("Stray.*"));
    run.systemEnvironment.insert(QStringLiteral("HOME"), QStringLiteral("/root"));
    const QString cmd = RunPlan::debugCommand(run);
    EXPECT_TRUE(cmd.startsWith(QStringLiteral("cd '/opt/b' && env -u GTEST_FILTER "))) << str(cmd);
    EXPECT_TRUE(cmd.contains(QStringLiteral("FTP_PORT='2222'"))) << str(cmd);
    EXPECT_TRUE(cmd.contains(QStringLiteral("FTP_PASS='pw'"))) << "the debugger needs the secret too: " << str(cmd);
    EXPECT_TRUE(cmd.contains(QStringLiteral("GREETING='hello world'"))) << str(cmd);
    EXPECT_TRUE(cmd.contains(QStringLiteral("FIXBENCH_WORKSPACE="))) << str(cmd);
    EXPECT_FALSE(cmd.contains(QStringLiteral("HOME="))) << "the system environment is inherited, not repeated";
    EXPECT_TRUE(cmd.contains(QStringLiteral(" gdb -ex run --args '/opt/b/up' '--gtest_filter=Upload.Works' '--gtest_break_on_failure'")))
        << str(cmd);
}

TEST(RunPlan, BinariesSharingAFileNameAreNamedByTheShortestPathSuffixThatTellsThemApart)
{
    QList<TestBinarySpec> specs{binary(QStringLiteral("tests"), QStringLiteral("/w/a/tests"), {}),
                                binary(QStringLiteral("tests"), QStringLiteral("/w/b/tests"), {}),
                                binary(QStringLiteral("tests"), QStringLiteral("/v/b/tests"), {}),
                                binary(QStringLiteral("tests"), QStringLiteral("/w/a/tests"), {}), // listed twice: one binary
                                binary(QStringLiteral("green"), QStringLiteral("/w/c/green"), {})};
    RunPlan::distinguishNames(specs);
    EXPECT_EQ(specs[0].name, QStringLiteral("a/tests"));
    EXPECT_EQ(specs[1].name, QStringLiteral("w/b/tests"));
    EXPECT_EQ(specs[2].name, QStringLiteral("v/b/tests"));
    EXPECT_EQ(specs[3].name, QStringLiteral("a/tests"));
    EXPECT_EQ(specs[4].name, QStringLiteral("green")) << "no clash, no change";
    EXPECT_EQ(specs[1].path, QStringLiteral("/w/b/tests")) << "the path stays the key";

    // A name fixbench.yml gives stays with its binary; a path-given namesake moves aside.
    QList<TestBinarySpec> mixed{binary(QStringLiteral("tests"), QStringLiteral("/w/a/tests"), {}),
                                binary(QStringLiteral("tests"), QStringLiteral("/w/b/tests"), {})};
    mixed[0].where.file = QStringLiteral("/w/fixbench.yml");
    RunPlan::distinguishNames(mixed, {QStringLiteral("tests")});
    EXPECT_EQ(mixed[0].name, QStringLiteral("tests"));
    EXPECT_EQ(mixed[1].name, QStringLiteral("b/tests"));
}

TEST(RunPlan, ResolvedBinariesGivenByPathHaveDistinctNamesAndRunsCarryThem)
{
    QTemporaryDir dir;
    for (const char *sub : {"a", "b"}) {
        QDir(dir.path()).mkpath(QLatin1String(sub));
        QFile f(dir.filePath(QLatin1String(sub) + QStringLiteral("/tests")));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\n");
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    }
    const Workspace ws = workspace(dir.path());
    auto specs = RunPlan::resolveBinaries(ws, {dir.filePath(QStringLiteral("a/tests")), dir.filePath(QStringLiteral("b/tests"))});
    ASSERT_TRUE(specs.ok());
    ASSERT_EQ(specs->size(), 2);
    EXPECT_EQ(specs->at(0).name, QStringLiteral("a/tests"));
    EXPECT_EQ(specs->at(1).name, QStringLiteral("b/tests"));
    RunPlan plan;
    for (const TestBinarySpec &s : std::as_const(*specs))
        plan.binaries << RunPlan::Binary{s, {}};
    EXPECT_EQ(plan.runOf(ws, plan.binaries[1], {}).name, QStringLiteral("b/tests"));
}
