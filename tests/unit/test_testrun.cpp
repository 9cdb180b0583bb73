// TestRun: environment layering (system → fixtures → overrides, stray GTEST_* removed),
// gtest arguments and selections.

#include "run/binaryreport.h"
#include "run/testrun.h"

#include "qstringprinter.h"

#include <gtest/gtest.h>

using namespace fixbench;

TEST(TestRun, EnvironmentLayersAndDropsStrayGTestVariables)
{
    TestRun run;
    QProcessEnvironment sys;
    sys.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin"));
    sys.insert(QStringLiteral("FTP_PORT"), QStringLiteral("1111"));   // stale, from the user's shell
    sys.insert(QStringLiteral("LAYER"), QStringLiteral("system"));
    sys.insert(QStringLiteral("GTEST_FILTER"), QStringLiteral("Nothing.*"));
    sys.insert(QStringLiteral("GTEST_OUTPUT"), QStringLiteral("xml:/tmp/x.xml"));
    sys.insert(QStringLiteral("GTEST_SHARD_INDEX"), QStringLiteral("1"));
    run.systemEnvironment = sys;
    Environment ftp;
    ftp.set(QStringLiteral("FTP_PORT"), QStringLiteral("2222"), false, QStringLiteral("fixture:ftp_server"));
    ftp.set(QStringLiteral("FTP_PASS"), QStringLiteral("pw"), true, QStringLiteral("fixture:ftp_server"));
    ftp.set(QStringLiteral("LAYER"), QStringLiteral("ftp"), false, QStringLiteral("fixture:ftp_server"));
    ftp.set(QStringLiteral("GTEST_COLOR"), QStringLiteral("yes"), false, QStringLiteral("fixture:ftp_server"));
    Environment api;
    api.set(QStringLiteral("LAYER"), QStringLiteral("api"), false, QStringLiteral("fixture:weather_api"));
    run.fixtures.merge(ftp);
    run.fixtures.merge(api);
    run.overrides.set(QStringLiteral("CITY"), QStringLiteral("Lyon"), false, QStringLiteral("fixbench.yml"));
    run.overrides.set(QStringLiteral("GTEST_BRIEF"), QStringLiteral("0"), false, QStringLiteral("--env"));

    const QProcessEnvironment env = run.processEnvironment();
    EXPECT_EQ(env.value(QStringLiteral("PATH")), QStringLiteral("/usr/bin"));
    EXPECT_EQ(env.value(QStringLiteral("FTP_PORT")), QStringLiteral("2222")) << "fixtures win over the system";
    EXPECT_EQ(env.value(QStringLiteral("FTP_PASS")), QStringLiteral("pw")) << "secrets are injected";
    EXPECT_EQ(env.value(QStringLiteral("LAYER")), QStringLiteral("api")) << "later fixtures win";
    EXPECT_EQ(env.value(QStringLiteral("CITY")), QStringLiteral("Lyon"));
    EXPECT_FALSE(env.contains(QStringLiteral("GTEST_FILTER")));
    EXPECT_FALSE(env.contains(QStringLiteral("GTEST_OUTPUT")));
    EXPECT_FALSE(env.contains(QStringLiteral("GTEST_SHARD_INDEX")));
    EXPECT_FALSE(env.contains(QStringLiteral("GTEST_COLOR")));
    EXPECT_EQ(env.value(QStringLiteral("GTEST_BRIEF")), QStringLiteral("0")) << "an explicit override is kept";

    run.overrides.set(QStringLiteral("LAYER"), QStringLiteral("override"));
    EXPECT_EQ(run.processEnvironment().value(QStringLiteral("LAYER")), QStringLiteral("override")) << "overrides win last";

    const Environment shown = run.effectiveEnvironment();
    EXPECT_EQ(shown.find(QStringLiteral("PATH"))->source, QStringLiteral("system"));
    EXPECT_EQ(shown.find(QStringLiteral("FTP_PORT"))->source, QStringLiteral("fixture:ftp_server"));
    EXPECT_TRUE(shown.find(QStringLiteral("FTP_PASS"))->secret);
    EXPECT_EQ(shown.find(QStringLiteral("LAYER"))->source, QStringLiteral("override"));
    EXPECT_EQ(shown.find(QStringLiteral("CITY"))->source, QStringLiteral("fixbench.yml"));
    EXPECT_FALSE(shown.contains(QStringLiteral("GTEST_FILTER")));
}

TEST(TestRun, ForTestSetsWorkspaceFixturesAndSpecEnv)
{
    auto ws = Workspace::parse("name: demo\n", QStringLiteral("/w/fixbench.yml"), QStringLiteral("/w"));
    ASSERT_TRUE(ws.ok());
    TestBinarySpec spec;
    spec.name = QStringLiteral("etl");
    spec.path = QStringLiteral("/w/build/etl_tests");
    spec.fixtures = {QStringLiteral("ftp_server")};
    spec.env.insert(QStringLiteral("CITY"), QStringLiteral("Lyon"));
    Environment ftp;
    ftp.set(QStringLiteral("FTP_PORT"), QStringLiteral("2222"), false, QStringLiteral("fixture:ftp_server"));
    ftp.set(QStringLiteral("CITY"), QStringLiteral("Paris"), false, QStringLiteral("fixture:ftp_server"));
    Environment extra;
    extra.set(QStringLiteral("DEBUG"), QStringLiteral("1"));
    const TestRun run = TestRun::forTest(*ws, spec, {ftp}, extra);
    EXPECT_EQ(run.name, QStringLiteral("etl"));
    EXPECT_EQ(run.program, QStringLiteral("/w/build/etl_tests"));
    EXPECT_EQ(run.effectiveWorkingDirectory(), QStringLiteral("/w/build"));
    const QProcessEnvironment env = run.processEnvironment();
    EXPECT_EQ(env.value(QStringLiteral("FIXBENCH_WORKSPACE")), QStringLiteral("/w"));
    EXPECT_EQ(env.value(QStringLiteral("FTP_PORT")), QStringLiteral("2222"));
    EXPECT_EQ(env.value(QStringLiteral("CITY")), QStringLiteral("Lyon")) << "fixbench.yml env overrides the fixture";
    EXPECT_EQ(env.value(QStringLiteral("DEBUG")), QStringLiteral("1"));
}

TEST(TestRun, ArgumentsFromOptionsAndSelection)
{
    TestRun run;
    run.program = QStringLiteral("/bin/x");
    auto none = run.arguments();
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->isEmpty());

    run.selection = TestSelection::ofSuites({QStringLiteral("Math"), QStringLiteral("Small/Values")});
    run.selection.tests = {QStringLiteral("Math.Adds"), QStringLiteral("Other.One")};
    run.options.repeat = 3;
    run.options.shuffle = true;
    run.options.seed = 42;
    run.options.alsoRunDisabled = true;
    run.options.breakOnFailure = true;
    run.options.extraArguments = {QStringLiteral("--custom")};
    auto args = run.arguments(QStringLiteral("/tmp/r.json"));
    ASSERT_TRUE(args.ok());
    EXPECT_EQ(*args, (QStringList{QStringLiteral("--gtest_filter=Math.*:Small/Values.*:Other.One"), QStringLiteral("--gtest_repeat=3"),
                                  QStringLiteral("--gtest_shuffle"), QStringLiteral("--gtest_random_seed=42"),
                                  QStringLiteral("--gtest_also_run_disabled_tests"), QStringLiteral("--gtest_break_on_failure"),
                                  QStringLiteral("--gtest_output=json:/tmp/r.json"), QStringLiteral("--custom")}));

    run.selection = TestSelection::ofFilter(QStringLiteral("Ftp*:-*Slow*"));
    EXPECT_EQ(run.arguments()->first(), QStringLiteral("--gtest_filter=Ftp*:-*Slow*"));
    run.selection.tests = {QStringLiteral("A.B")};
    EXPECT_FALSE(run.arguments().ok()) << "a raw filter and a selection together";
}

TEST(TestSelection, FailedLastTimeAndTooLong)
{
    BinaryReport last;
    for (auto [name, status] : {std::pair{"A.Pass", TestStatus::Passed}, {"A.Fail", TestStatus::Failed},
                                {"B.Crash", TestStatus::Crashed}, {"B.Hang", TestStatus::TimedOut},
                                {"B.Skip", TestStatus::Skipped}, {"A.Fail", TestStatus::Failed}}) {
        TestResult r;
        const QString full = QString::fromLatin1(name);
        r.suite = full.section(QLatin1Char('.'), 0, 0);
        r.name = full.section(QLatin1Char('.'), 1);
        r.status = status;
        last.results << r;
    }
    const TestSelection failed = TestSelection::failedIn(last);
    EXPECT_EQ(failed.tests, (QStringList{QStringLiteral("A.Fail"), QStringLiteral("B.Crash"), QStringLiteral("B.Hang")}));
    EXPECT_EQ(*failed.gtestFilter(), QStringLiteral("A.Fail:B.Crash:B.Hang"));
    EXPECT_TRUE(TestSelection::all().isAll());
    EXPECT_EQ(*TestSelection::all().gtestFilter(), QString());

    QStringList many;
    for (int i = 0; i < 5000; ++i)
        many << QStringLiteral("VeryLongSuiteNameNumber%1.AndAnEvenLongerTestName").arg(i);
    auto tooLong = TestSelection::ofTests(many).gtestFilter();
    ASSERT_FALSE(tooLong.ok());
    EXPECT_TRUE(tooLong.error().message.contains(QStringLiteral("whole suites")));
}
