// The --gtest_output=json report and its merge into live results.

#include "run/gtest/gtesteventstream.h"
#include "run/gtest/gtestjsonreport.h"
#include "run/gtest/gtestoutputparser.h"

#include <QFile>

#include "qstringprinter.h"

#include <gtest/gtest.h>

using namespace fixbench;

namespace {

QByteArray data(const char *name)
{
    QFile f(QStringLiteral(FIXBENCH_SOURCE_DIR "/tests/unit/data/gtest/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

const TestResult *find(const QList<TestResult> &results, const QString &fullName, int iteration = 1)
{
    for (const TestResult &r : results)
        if (r.fullName() == fullName && r.iteration == iteration)
            return &r;
    return nullptr;
}

} // namespace

TEST(GTestJsonReport, ParsesStatusesFailuresAndParams)
{
    auto p = GTestJsonReport::parse(data("failing_report.json"), QStringLiteral("sample_failing"), 1);
    ASSERT_TRUE(p.ok()) << p.error().toString().toStdString();
    ASSERT_EQ(p->results.size(), 5);
    const TestResult *two = find(p->results, QStringLiteral("Failing.TwoFailures"));
    ASSERT_TRUE(two);
    EXPECT_EQ(two->status, TestStatus::Failed);
    EXPECT_EQ(two->line, 22);
    ASSERT_EQ(two->failures.size(), 2);
    EXPECT_EQ(two->failures[1].file, QStringLiteral("/src/fixbench/tests/gtest_samples/sample_failing.cpp"));
    EXPECT_EQ(two->failures[1].line, 25);
    EXPECT_EQ(two->failures[1].message, QStringLiteral("Value of: false\n  Actual: false\nExpected: true\n<xml & \"quotes\"> ]]> end"));
    const TestResult *ex = find(p->results, QStringLiteral("Failing.ThrowsException"));
    ASSERT_EQ(ex->failures.size(), 1);
    EXPECT_TRUE(ex->failures[0].file.isEmpty());
    EXPECT_TRUE(ex->failures[0].message.startsWith(QStringLiteral("C++ exception")));
    EXPECT_EQ(find(p->results, QStringLiteral("Passing.StillPasses"))->status, TestStatus::Passed);

    auto params = GTestJsonReport::parse(data("params_report.json"), QStringLiteral("sample_params"), 1);
    ASSERT_TRUE(params.ok());
    EXPECT_EQ(find(params->results, QStringLiteral("Large/Values.IsSmall/1"))->valueParam, QStringLiteral("50"));
    EXPECT_EQ(find(params->results, QStringLiteral("Typed/0.DefaultIsEmptyish"))->typeParam, QStringLiteral("int"));
    EXPECT_EQ(find(params->results, QStringLiteral("Typed/0.DISABLED_Parked"))->status, TestStatus::Disabled);
    auto passing = GTestJsonReport::parse(data("passing_report.json"), {}, 1);
    EXPECT_EQ(find(passing->results, QStringLiteral("Skipping.IsSkipped"))->status, TestStatus::Skipped);
}

TEST(GTestJsonReport, DurationsAndFailureHeaders)
{
    EXPECT_EQ(GTestJsonReport::parseDurationMs(QStringLiteral("0.012s")), 12);
    EXPECT_EQ(GTestJsonReport::parseDurationMs(QStringLiteral("0s")), 0);
    EXPECT_EQ(GTestJsonReport::parseDurationMs(QStringLiteral("3.5s")), 3500);
    EXPECT_EQ(GTestJsonReport::parseDurationMs(QStringLiteral("x")), -1);
    const TestFailure f = GTestJsonReport::parseFailure(QStringLiteral("a/b.cpp:7\nmsg\nmore"));
    EXPECT_EQ(f.file, QStringLiteral("a/b.cpp"));
    EXPECT_EQ(f.line, 7);
    EXPECT_EQ(f.message, QStringLiteral("msg\nmore"));
    EXPECT_EQ(GTestJsonReport::parseFailure(QStringLiteral("unknown file\nboom")).message, QStringLiteral("boom"));
}

TEST(GTestJsonReport, MergeKeepsLiveOutputAndTakesExactFailures)
{
    GTestOutputParser parser(QStringLiteral("sample_failing"));
    parser.feed(data("failing_color.txt"));
    QList<TestResult> live = parser.results();
    // Pretend the live stream glued extra output into a failure message.
    live[1].failures[0].message += QStringLiteral("\nafter the failure");
    auto report = GTestJsonReport::parse(data("failing_report.json"), QStringLiteral("sample_failing"), 1);
    ASSERT_TRUE(report.ok());
    GTestJsonReport::merge(live, report->results, 1);
    ASSERT_EQ(live.size(), 5);
    const TestResult *eq = find(live, QStringLiteral("Failing.ExpectEq"));
    EXPECT_EQ(eq->failures[0].message,
              QStringLiteral("Expected equality of these values:\n  answer\n    Which is: 41\n  42\nthe answer is wrong"));
    EXPECT_EQ(eq->file, QStringLiteral("/src/fixbench/tests/gtest_samples/sample_failing.cpp"));
    EXPECT_EQ(eq->line, 14);
    EXPECT_TRUE(eq->output.contains(QStringLiteral("before the failure"))) << "output stays from the stream";
    EXPECT_EQ(eq->binary, QStringLiteral("sample_failing"));
}

TEST(GTestJsonReport, MergeAppendsReportOnlyTestsAndTouchesOnlyItsIteration)
{
    QList<TestResult> live;
    TestResult a;
    a.suite = QStringLiteral("Math");
    a.name = QStringLiteral("Adds");
    a.status = TestStatus::Passed;
    a.iteration = 1;
    live << a;
    a.iteration = 2;
    a.durationMs = 4;
    live << a;
    TestResult crashed = a;
    crashed.name = QStringLiteral("Crashes");
    crashed.status = TestStatus::Crashed;
    live << crashed;

    QList<TestResult> report;
    TestResult r = a;
    r.file = QStringLiteral("m.cpp");
    r.line = 3;
    r.durationMs = 9;
    report << r;
    TestResult c = crashed;
    c.status = TestStatus::Passed;
    report << c;
    TestResult d;
    d.suite = QStringLiteral("Math");
    d.name = QStringLiteral("DISABLED_Divides");
    d.status = TestStatus::Disabled;
    report << d;
    GTestJsonReport::merge(live, report, 2);
    ASSERT_EQ(live.size(), 4);
    EXPECT_TRUE(live[0].file.isEmpty()) << "iteration 1 untouched";
    EXPECT_EQ(live[1].file, QStringLiteral("m.cpp"));
    EXPECT_EQ(live[1].durationMs, 4) << "the live duration stays";
    EXPECT_EQ(live[2].status, TestStatus::Crashed) << "a crash is never overwritten";
    EXPECT_EQ(live[3].fullName(), QStringLiteral("Math.DISABLED_Divides"));
    EXPECT_EQ(live[3].iteration, 2);
    EXPECT_EQ(live[3].status, TestStatus::Disabled);
}

TEST(GTestJsonReport, BrokenReportIsAnError)
{
    EXPECT_FALSE(GTestJsonReport::parse("{", {}, 1).ok());
    EXPECT_FALSE(GTestJsonReport::parse("{}", {}, 1).ok());
    auto missing = GTestJsonReport::load(QStringLiteral("/nonexistent/report.json"), {}, 1);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, Error::Kind::NotFound);
}

// GoogleTest 1.12 writes each byte of non-ASCII UTF-8 as its own \u00XX (this report is
// its real output for sample_unicode): read back as the text it was, not as mojibake.
TEST(GTestJsonReport, NonAsciiTextIsReadAsWritten)
{
    auto p = GTestJsonReport::parse(data("unicode_report.json"), QStringLiteral("sample_unicode"), 1);
    ASSERT_TRUE(p.ok()) << p.error().toString().toStdString();
    const TestResult *fail = find(p->results, QStringLiteral("Unicode.FailsWithJapanese"));
    ASSERT_TRUE(fail);
    ASSERT_EQ(fail->failures.size(), 1);
    EXPECT_TRUE(fail->failures[0].message.contains(QStringLiteral("As Text: \"日本\""))) << fail->failures[0].message.toStdString();
    EXPECT_TRUE(fail->failures[0].message.contains(QStringLiteral("Météo ✓"))) << fail->failures[0].message.toStdString();
    EXPECT_FALSE(fail->failures[0].message.contains(QStringLiteral("æ")));
    const TestResult *param = find(p->results, QStringLiteral("Utf8/Names.AreNotEmpty/0"));
    ASSERT_TRUE(param);
    EXPECT_TRUE(param->valueParam.contains(QStringLiteral("Ünïcode"))) << param->valueParam.toStdString();
}

TEST(GTestJsonReport, OnlyByteEscapesThatFormUtf8AreRepaired)
{
    auto repaired = [](const char *json) { return QString::fromUtf8(GTestJsonReport::repairByteEscapes(json)); };
    EXPECT_EQ(repaired(R"("\u00e6\u0097\u00a5")"), QStringLiteral("\"日\""));
    // A lone byte that starts no UTF-8 sequence keeps its escape: é written correctly.
    EXPECT_EQ(repaired(R"("\u00e9t\u00e9")"), QStringLiteral(R"("\u00e9t\u00e9")"));
    // Mixed: the valid sequence is repaired, the stray byte kept.
    EXPECT_EQ(repaired(R"("\u00e9\u00c3\u00a9")"), QStringLiteral("\"\\u00e9é\""));
    // An escaped backslash followed by "u00e6" is text, not an escape.
    EXPECT_EQ(repaired(R"("a\\u00e6\\u0097")"), QStringLiteral(R"("a\\u00e6\\u0097")"));
    // Other escapes and ASCII escapes are left alone.
    EXPECT_EQ(repaired(R"("\n\"\u0041\u00")"), QStringLiteral(R"("\n\"\u0041\u00")"));
}

TEST(GTestJsonReport, TheMissingCommaOfGTest112IsRepairedAndFailuresOutsideTestsKept)
{
    // Written by tests/gtest_samples/sample_global_env (gtest 1.12): `}    {` before
    // "NonTestSuiteFailure".
    const QByteArray raw = data("global_env_report.json");
    ASSERT_TRUE(raw.contains("}    {")) << "the sample no longer shows the defect";
    auto p = GTestJsonReport::parse(raw, QStringLiteral("sample_global_env"), 1);
    ASSERT_TRUE(p.ok()) << p.error().message.toStdString();
    ASSERT_EQ(p->results.size(), 4);
    EXPECT_EQ(find(p->results, QStringLiteral("GlobalEnv.DISABLED_Off"))->status, TestStatus::Disabled);
    const TestResult *fails = find(p->results, QStringLiteral("GlobalEnv.FailsThenLogs"));
    ASSERT_EQ(fails->failures.size(), 1);
    EXPECT_EQ(fails->failures[0].message, QStringLiteral("Expected equality of these values:\n  1\n  2\none is not two"));
    const TestResult *outside = find(p->results, TestResult::outsideTestName());
    ASSERT_TRUE(outside);
    EXPECT_TRUE(outside->isOutsideTest());
    EXPECT_EQ(outside->status, TestStatus::Failed);
    ASSERT_EQ(outside->failures.size(), 1);
    EXPECT_EQ(outside->failures[0].line, 16);
    EXPECT_EQ(outside->failures[0].message, QStringLiteral("Failed\nthe global environment failed"));

    // Only white space between two values gets a comma; strings are left alone.
    EXPECT_EQ(GTestJsonReport::repairMissingCommas(R"([{"a": [1, 2] "b": "} {" } {"c": true}])"),
              QByteArray(R"([{"a": [1, 2] ,"b": "} {" } ,{"c": true}])"));
    EXPECT_EQ(GTestJsonReport::repairMissingCommas(R"({"a": "x\" {", "b": {}})"), QByteArray(R"({"a": "x\" {", "b": {}})"));
}

TEST(GTestJsonReport, FailureMessagesOfOtherIterationsStopWhereTheReportsDo)
{
    QList<TestResult> live(2);
    for (int i = 0; i < 2; ++i) {
        live[i].suite = QStringLiteral("S");
        live[i].name = QStringLiteral("T");
        live[i].iteration = i + 1;
        live[i].status = TestStatus::Failed;
        live[i].failures = {TestFailure{QStringLiteral("/src/a.cpp"), 9, QStringLiteral("Value of: x\n  Actual: false\nlogged after")}};
    }
    live[1].failures[0].message = QStringLiteral("Value of: x\n  Actual: false\nsomething else entirely");
    QList<TestResult> report(1);
    report[0].suite = QStringLiteral("S");
    report[0].name = QStringLiteral("T");
    report[0].failures = {TestFailure{QStringLiteral("a.cpp"), 9, QStringLiteral("Value of: x\n  Actual: false")}};
    GTestJsonReport::trimFailureMessages(live, report);
    EXPECT_EQ(live[0].failures[0].message, QStringLiteral("Value of: x\n  Actual: false"));
    EXPECT_EQ(live[1].failures[0].message, QStringLiteral("Value of: x\n  Actual: false"));

    // Another line, or a message that does not start with the report's: untouched.
    QList<TestResult> other = live;
    other[0].failures[0] = TestFailure{QStringLiteral("/src/a.cpp"), 10, QStringLiteral("Value of: x\n  Actual: false\nmore")};
    other[1].failures[0].message = QStringLiteral("Value of: y\n  Actual: false\nmore");
    const QList<TestResult> before = other;
    GTestJsonReport::trimFailureMessages(other, report);
    EXPECT_EQ(other[0].failures, before[0].failures);
    EXPECT_EQ(other[1].failures, before[1].failures);
}

TEST(GTestEventStream, ExactMessagesPerTestAndIterationWithTheTestsOwnOutputLeftOut)
{
    // What gtest 1.12 streams (sample_global_env, twice).
    GTestEventStream s;
    s.setSecrets({QStringLiteral("s3cret")});
    const QByteArray protocol = "gtest_streaming_protocol_version=1.0\n"
                                "event=TestProgramStart\n"
                                "event=TestIterationStart&iteration=0\n"
                                "event=TestPartResult&file=env.cpp&line=16&message=Failed%0Athe global environment failed\n"
                                "event=TestCaseStart&name=GlobalEnv\n"
                                "event=TestStart&name=FailsThenLogs\n"
                                "event=TestPartResult&file=env.cpp&line=29&message=Expected equality:%0A  1%0A  2%0Aone %25 two %26 s3cret\n"
                                "event=TestPartResult&file=&line=-1&message=C++ exception with description \"boom\"\n"
                                "event=TestEnd&passed=0&elapsed_time=0ms\n"
                                "event=TestCaseEnd&passed=0&elapsed_time=0ms\n"
                                "event=TestIterationStart&iteration=1\n"
                                "event=TestCaseStart&name=GlobalEnv\n"
                                "event=TestStart&name=FailsThenLogs\n"
                                "event=TestPartResult&file=env.cpp&line=29&message=second time\n";
    for (qsizetype i = 0; i < protocol.size(); i += 7) // split anywhere
        s.feed(protocol.mid(i, 7));

    TestResult live;
    live.suite = QStringLiteral("GlobalEnv");
    live.name = QStringLiteral("FailsThenLogs");
    live.failures = {TestFailure{QStringLiteral("/src/env.cpp"), 29, QStringLiteral("Expected equality:\n  1\n  2\none % two & s3cret\nlogged after")},
                     TestFailure{QString(), 0, QStringLiteral("C++ exception with description \"boom\"\nlogged after")}};
    EXPECT_EQ(s.applyTo(live), 2);
    EXPECT_EQ(live.failures[0].message, QStringLiteral("Expected equality:\n  1\n  2\none % two & ********"));
    EXPECT_EQ(live.failures[1].message, QStringLiteral("C++ exception with description \"boom\""));
    TestResult second = live;
    second.iteration = 2;
    second.failures = {TestFailure{QStringLiteral("env.cpp"), 29, QStringLiteral("second time\nmore")}};
    EXPECT_EQ(s.applyTo(second), 1);
    EXPECT_EQ(second.failures[0].message, QStringLiteral("second time"));
    TestResult outside;
    outside.name = TestResult::outsideTestName();
    outside.failures = {TestFailure{QStringLiteral("env.cpp"), 16, QStringLiteral("Failed\nthe global environment failed\n[more]")}};
    EXPECT_EQ(s.applyTo(outside), 1);
    EXPECT_EQ(outside.failures[0].message, QStringLiteral("Failed\nthe global environment failed"));
    // Another line: left alone.
    TestResult other = live;
    other.failures = {TestFailure{QStringLiteral("env.cpp"), 30, QStringLiteral("x\ny")}};
    EXPECT_EQ(s.applyTo(other), 0);
    EXPECT_EQ(other.failures[0].message, QStringLiteral("x\ny"));
}
