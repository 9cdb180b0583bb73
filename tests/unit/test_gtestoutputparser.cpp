// GTestOutputParser on real captured gtest 1.12 output (tests/unit/data/gtest/, made
// by tests/gtest_samples), fed whole, byte by byte and at random split points.

#include "run/gtest/gtestoutputparser.h"
#include "base/ansi.h"

#include <QFile>
#include <QRandomGenerator>

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

// Feeds `bytes` in chunks of the given sizes (cycled); returns every change in order.
QList<TestResult> feedSplit(GTestOutputParser &p, const QByteArray &bytes, const QList<int> &sizes)
{
    QList<TestResult> changes;
    qsizetype at = 0;
    int i = 0;
    while (at < bytes.size()) {
        const int n = sizes.isEmpty() ? int(bytes.size()) : std::max(1, sizes[i++ % sizes.size()]);
        changes += p.feed(bytes.mid(at, n));
        at += n;
    }
    changes += p.finish();
    return changes;
}

const TestResult *find(const QList<TestResult> &results, const QString &fullName, int iteration = 1)
{
    for (const TestResult &r : results)
        if (r.fullName() == fullName && r.iteration == iteration)
            return &r;
    return nullptr;
}

bool sameResults(const QList<TestResult> &a, const QList<TestResult> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const TestResult &x = a[i], &y = b[i];
        if (x.fullName() != y.fullName() || x.status != y.status || x.output != y.output || x.failures != y.failures
            || x.durationMs != y.durationMs || x.iteration != y.iteration || x.typeParam != y.typeParam
            || x.valueParam != y.valueParam || x.message != y.message)
            return false;
    }
    return true;
}

} // namespace

TEST(GTestOutputParser, StripsAnsiSequences)
{
    EXPECT_EQ(ansi::strip(u"\x1b[0;32m[ RUN      ] \x1b[mA.B"), QStringLiteral("[ RUN      ] A.B"));
    EXPECT_EQ(ansi::strip(u"plain"), QStringLiteral("plain"));
    EXPECT_EQ(ansi::strip(u"\x1b]0;title\x07x\x1b(By"), QStringLiteral("xy"));
    EXPECT_EQ(ansi::strip(u"a\x1b[38;5;196mred\x1b[0m"), QStringLiteral("ared"));
}

TEST(GTestOutputParser, FailingRunWithColours)
{
    GTestOutputParser p(QStringLiteral("sample_failing"));
    const QList<TestResult> changes = feedSplit(p, data("failing_color.txt"), {});
    const QList<TestResult> &r = p.results();
    ASSERT_EQ(r.size(), 5);
    EXPECT_FALSE(p.hasCurrent());
    EXPECT_TRUE(p.sawGTestOutput());
    EXPECT_EQ(p.expectedTests(), 5);
    // Every test: one Running change, then its final one.
    EXPECT_EQ(changes.size(), 10);
    EXPECT_EQ(changes[0].status, TestStatus::Running);
    EXPECT_EQ(changes[0].fullName(), QStringLiteral("Failing.PassesFirst"));
    EXPECT_EQ(changes[1].status, TestStatus::Passed);

    EXPECT_EQ(r[0].status, TestStatus::Passed);
    EXPECT_EQ(r[0].durationMs, 0);
    EXPECT_EQ(r[0].binary, QStringLiteral("sample_failing"));

    const TestResult &eq = r[1];
    EXPECT_EQ(eq.fullName(), QStringLiteral("Failing.ExpectEq"));
    EXPECT_EQ(eq.status, TestStatus::Failed);
    ASSERT_EQ(eq.failures.size(), 1);
    EXPECT_EQ(eq.failures[0].file, QStringLiteral("/src/fixbench/tests/gtest_samples/sample_failing.cpp"));
    EXPECT_EQ(eq.failures[0].line, 18);
    EXPECT_TRUE(eq.failures[0].message.startsWith(QStringLiteral("Expected equality of these values:\n  answer\n    Which is: 41")))
        << eq.failures[0].message.toStdString();
    EXPECT_TRUE(eq.failures[0].message.contains(QStringLiteral("the answer is wrong")));
    // The test's own output, without gtest's RUN/FAILED lines.
    EXPECT_TRUE(eq.output.startsWith(QStringLiteral("before the failure\n"))) << eq.output.toStdString();
    EXPECT_TRUE(eq.output.contains(QStringLiteral("after the failure\n")));
    EXPECT_FALSE(eq.output.contains(QStringLiteral("[ RUN")));
    EXPECT_FALSE(eq.output.contains(QStringLiteral("FAILED")));
    EXPECT_FALSE(eq.output.contains(QChar(0x1b)));

    const TestResult &two = r[2];
    ASSERT_EQ(two.failures.size(), 2);
    EXPECT_EQ(two.failures[0].line, 24);
    EXPECT_EQ(two.failures[1].line, 25);
    EXPECT_TRUE(two.failures[1].message.contains(QStringLiteral("<xml & \"quotes\"> ]]> end")));

    const TestResult &ex = r[3];
    ASSERT_EQ(ex.failures.size(), 1);
    EXPECT_EQ(ex.failures[0].file, QString());
    EXPECT_TRUE(ex.failures[0].message.contains(QStringLiteral("boom from the test body")));

    EXPECT_EQ(r[4].fullName(), QStringLiteral("Passing.StillPasses"));
    EXPECT_EQ(r[4].status, TestStatus::Passed);
    // The summary's "[  FAILED  ] Failing.ExpectEq" lines after the run add nothing.
    EXPECT_FALSE(p.log().contains(QChar(0x1b)));
    EXPECT_TRUE(p.log().contains(QStringLiteral("3 FAILED TESTS")));
}

TEST(GTestOutputParser, SameResultsWhateverTheChunking)
{
    for (const char *file : {"failing_color.txt", "params_shuffle_repeat_color.txt", "passing.txt"}) {
        const QByteArray bytes = data(file);
        GTestOutputParser whole;
        feedSplit(whole, bytes, {});
        GTestOutputParser byByte;
        feedSplit(byByte, bytes, {1});
        EXPECT_TRUE(sameResults(whole.results(), byByte.results())) << file << " byte by byte";
        QRandomGenerator rng(1234);
        for (int round = 0; round < 50; ++round) {
            QList<int> sizes;
            for (int i = 0; i < 40; ++i)
                sizes << int(rng.bounded(1, 200));
            GTestOutputParser random;
            feedSplit(random, bytes, sizes);
            ASSERT_TRUE(sameResults(whole.results(), random.results())) << file << " round " << round;
        }
        // Splitting inside a UTF-8 sequence or an ANSI escape is fine too.
        GTestOutputParser odd;
        feedSplit(odd, bytes, {3, 7, 2, 11});
        EXPECT_TRUE(sameResults(whole.results(), odd.results())) << file;
    }
}

TEST(GTestOutputParser, OutputSkipsAndDisabled)
{
    GTestOutputParser p;
    feedSplit(p, data("passing.txt"), {17});
    const QList<TestResult> &r = p.results();
    const TestResult *out = find(r, QStringLiteral("Output.PrintsToStdout"));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->output, QStringLiteral("hello from stdout\nsecond stdout line\n"));
    const TestResult *err = find(r, QStringLiteral("Output.PrintsToStderr"));
    ASSERT_TRUE(err);
    EXPECT_EQ(err->output, QStringLiteral("hello from stderr\n"));
    // "no newline at the end[       OK ] Output.PrintsWithoutNewline (0 ms)"
    const TestResult *nl = find(r, QStringLiteral("Output.PrintsWithoutNewline"));
    ASSERT_TRUE(nl);
    EXPECT_EQ(nl->status, TestStatus::Passed);
    EXPECT_EQ(nl->output, QStringLiteral("no newline at the end\n"));
    const TestResult *skip = find(r, QStringLiteral("Skipping.IsSkipped"));
    ASSERT_TRUE(skip);
    EXPECT_EQ(skip->status, TestStatus::Skipped);
    EXPECT_EQ(skip->message, QStringLiteral("not today"));
    const TestResult *disabled = find(r, QStringLiteral("Math.DISABLED_Divides"));
    ASSERT_TRUE(disabled);
    EXPECT_EQ(disabled->status, TestStatus::Disabled);
    int passed = 0;
    for (const TestResult &t : r)
        passed += t.status == TestStatus::Passed ? 1 : 0;
    EXPECT_EQ(passed, 5);
}

TEST(GTestOutputParser, CrashMidTestLeavesTheTestCurrentWithItsOutput)
{
    GTestOutputParser p;
    feedSplit(p, data("crashing.txt"), {5});
    ASSERT_EQ(p.results().size(), 1);
    EXPECT_EQ(p.results()[0].fullName(), QStringLiteral("BeforeCrash.Passes"));
    ASSERT_TRUE(p.hasCurrent());
    EXPECT_EQ(p.current()->fullName(), QStringLiteral("Crashing.Segfault"));
    EXPECT_EQ(p.expectedTests(), 4);
    const auto crashed = p.abortCurrent(TestStatus::Crashed, QStringLiteral("crashed: signal 11 (SIGSEGV)"));
    ASSERT_TRUE(crashed);
    EXPECT_EQ(crashed->status, TestStatus::Crashed);
    EXPECT_EQ(crashed->output, QStringLiteral("about to crash\n"));
    EXPECT_EQ(crashed->message, QStringLiteral("crashed: signal 11 (SIGSEGV)"));
    EXPECT_FALSE(p.hasCurrent());
    EXPECT_EQ(p.results().size(), 2);
    EXPECT_FALSE(p.abortCurrent(TestStatus::Crashed, {}));
}

TEST(GTestOutputParser, CrashWithAPartialLastLine)
{
    GTestOutputParser p;
    p.feed("[==========] Running 1 test from 1 test suite.\n[ RUN      ] A.B\nhalf a li");
    ASSERT_TRUE(p.hasCurrent());
    EXPECT_EQ(p.current()->output, QString());
    p.finish();
    EXPECT_EQ(p.current()->output, QStringLiteral("half a li\n"));
}

TEST(GTestOutputParser, ParameterisedTypedRepeatedShuffled)
{
    GTestOutputParser p(QStringLiteral("sample_params"));
    feedSplit(p, data("params_shuffle_repeat_color.txt"), {64});
    const QList<TestResult> &r = p.results();
    EXPECT_EQ(p.iteration(), 2);
    ASSERT_TRUE(p.seed().has_value());
    EXPECT_EQ(*p.seed(), 42u);
    // 12 run + 3 disabled announced, twice (a suite with only disabled tests is not
    // announced; the JSON report brings it).
    EXPECT_EQ(r.size(), 30);
    EXPECT_FALSE(find(r, QStringLiteral("DISABLED_WholeSuite.Parked")));
    for (int it : {1, 2}) {
        const TestResult *fail = find(r, QStringLiteral("Large/Values.IsSmall/1"), it);
        ASSERT_TRUE(fail) << it;
        EXPECT_EQ(fail->status, TestStatus::Failed);
        EXPECT_EQ(fail->valueParam, QStringLiteral("50"));
        ASSERT_EQ(fail->failures.size(), 1);
        EXPECT_EQ(fail->failures[0].line, 38);
        EXPECT_TRUE(fail->failures[0].message.contains(QStringLiteral("value 50")));
        const TestResult *typed = find(r, QStringLiteral("Typed/1.DefaultIsEmptyish"), it);
        ASSERT_TRUE(typed);
        EXPECT_EQ(typed->status, TestStatus::Passed);
        EXPECT_EQ(typed->typeParam, QStringLiteral("double")); // from the suite's "where TypeParam" line
        const TestResult *named = find(r, QStringLiteral("Words/Named.NotEmpty/beta_gamma"), it);
        ASSERT_TRUE(named);
        EXPECT_EQ(named->status, TestStatus::Passed);
        const TestResult *disabled = find(r, QStringLiteral("Typed/0.DISABLED_Parked"), it);
        ASSERT_TRUE(disabled);
        EXPECT_EQ(disabled->status, TestStatus::Disabled);
    }
    EXPECT_EQ(find(r, QStringLiteral("Typed/2.DefaultIsEmptyish"))->typeParam,
              QStringLiteral("std::basic_string<char, std::char_traits<char>, std::allocator<char> >"));
}

TEST(GTestOutputParser, OnlyTheCurrentTestsOwnEndLineClosesIt)
{
    // A test that runs another gtest binary and echoes its output.
    GTestOutputParser p;
    p.feed("[ RUN      ] Outer.RunsInner\n"
           "[ RUN      ] Inner.Test\n"
           "[       OK ] Inner.Test (1 ms)\n"
           "[  FAILED  ] Outer.RunsInnerButLonger (1 ms)\n"
           "[       OK ] Outer.RunsInner (12 ms)\n"
           "[----------] 1 test from Outer (12 ms total)\n");
    ASSERT_EQ(p.results().size(), 1);
    const TestResult &r = p.results()[0];
    EXPECT_EQ(r.fullName(), QStringLiteral("Outer.RunsInner"));
    EXPECT_EQ(r.status, TestStatus::Passed);
    EXPECT_EQ(r.durationMs, 12);
    EXPECT_TRUE(r.output.contains(QStringLiteral("[ RUN      ] Inner.Test")));
    EXPECT_TRUE(r.output.contains(QStringLiteral("Outer.RunsInnerButLonger")));
}

TEST(GTestOutputParser, WhereClauseWithTypeAndValue)
{
    GTestOutputParser p;
    p.feed("[ RUN      ] S/0.T/1\r\n[  FAILED  ] S/0.T/1, where TypeParam = std::pair<int, int> and GetParam() = (1, 2) (5 ms)\r\n[----------] 1 test from S/0 (5 ms total)\r\n");
    ASSERT_EQ(p.results().size(), 1);
    EXPECT_EQ(p.results()[0].typeParam, QStringLiteral("std::pair<int, int>"));
    EXPECT_EQ(p.results()[0].valueParam, QStringLiteral("(1, 2)"));
    EXPECT_EQ(p.results()[0].durationMs, 5);
    EXPECT_EQ(p.results()[0].suite, QStringLiteral("S/0"));
    EXPECT_EQ(p.results()[0].name, QStringLiteral("T/1"));
}

TEST(GTestOutputParser, TakeLinesForALiveConsole)
{
    GTestOutputParser p;
    p.feed("line one\nline t");
    EXPECT_EQ(p.takeLines(), QStringList{QStringLiteral("line one")});
    p.feed("wo\n\x1b[0;32mgreen\x1b[m\n");
    EXPECT_EQ(p.takeLines(), (QStringList{QStringLiteral("line two"), QStringLiteral("green")}));
    EXPECT_TRUE(p.takeLines().isEmpty());
}

TEST(GTestOutputParser, FailuresOutsideAnyTestAreOnePseudoResultPerIteration)
{
    // tests/gtest_samples/sample_global_env: a global environment's SetUp fails.
    GTestOutputParser p(QStringLiteral("sample_global_env"));
    const QList<TestResult> changes = feedSplit(p, data("global_env.txt"), {7, 3, 50});
    const TestResult *outside = find(p.results(), TestResult::outsideTestName());
    ASSERT_TRUE(outside);
    EXPECT_TRUE(outside->isOutsideTest());
    EXPECT_EQ(outside->status, TestStatus::Failed);
    EXPECT_EQ(outside->binary, QStringLiteral("sample_global_env"));
    ASSERT_EQ(outside->failures.size(), 1);
    EXPECT_EQ(outside->failures[0].line, 16);
    EXPECT_EQ(outside->failures[0].message, QStringLiteral("Failed\nthe global environment failed"));
    // Delivered as a change too, once, when the iteration is over.
    int delivered = 0;
    for (const TestResult &c : changes)
        delivered += c.isOutsideTest() ? 1 : 0;
    EXPECT_EQ(delivered, 1);
    EXPECT_EQ(find(p.results(), QStringLiteral("GlobalEnv.Passes"))->status, TestStatus::Passed);
}

TEST(GTestOutputParser, AnEndLineIsNoProofUntilGTestGoesOn)
{
    // tests/gtest_samples/sample_fake_ok: the test prints its own [ OK ] line, then crashes.
    GTestOutputParser p(QStringLiteral("sample_fake_ok"));
    QList<TestResult> changes = p.feed("[ RUN      ] FakeOk.Passes\n"
                                       "[       OK ] FakeOk.Passes (0 ms)\n"
                                       "[ RUN      ] FakeOk.PrintsOkThenCrashes\n"
                                       "[       OK ] FakeOk.PrintsOkThenCrashes (0 ms)\n"
                                       "a line after it\n");
    changes += p.finish();
    ASSERT_EQ(p.results().size(), 1) << "only the test gtest went on from is closed";
    EXPECT_EQ(p.results()[0].status, TestStatus::Passed);
    for (const TestResult &c : changes)
        EXPECT_FALSE(c.fullName() == QStringLiteral("FakeOk.PrintsOkThenCrashes") && c.status == TestStatus::Passed)
            << "never delivered as passed";
    ASSERT_TRUE(p.hasCurrent());
    EXPECT_TRUE(p.currentEnded());
    const auto crashed = p.abortCurrent(TestStatus::Crashed, QStringLiteral("crashed: SIGSEGV"));
    ASSERT_TRUE(crashed);
    EXPECT_EQ(crashed->status, TestStatus::Crashed);
    EXPECT_TRUE(crashed->message.startsWith(QStringLiteral("crashed: SIGSEGV (after `[       OK ] FakeOk.PrintsOkThenCrashes`")))
        << crashed->message.toStdString();
    EXPECT_EQ(crashed->output, QStringLiteral("a line after it\n"));

    // A normal end: the caller confirms it.
    GTestOutputParser q;
    q.feed("[ RUN      ] A.B\n[  SKIPPED ] A.B (1 ms)\n");
    EXPECT_TRUE(q.results().isEmpty());
    const QList<TestResult> confirmed = q.confirmCurrent();
    ASSERT_EQ(confirmed.size(), 1);
    EXPECT_EQ(confirmed[0].status, TestStatus::Skipped);
    EXPECT_FALSE(q.hasCurrent());
}

// Each test's start and end are read from the clock when its [ RUN ] and end lines
// arrive; a test cut short ends when it is declared crashed.
TEST(GTestOutputParser, TestsAreTimedWhenTheirLinesArrive)
{
    GTestOutputParser p;
    qint64 now = 1000;
    p.setClock([&now] { return now; });
    p.feed("[ RUN      ] A.One\n");
    now = 1500;
    p.feed("out\n");
    now = 2000;
    p.feed("[       OK ] A.One (1000 ms)\n");
    now = 2100;
    p.feed("[ RUN      ] A.Two\n");
    now = 9000;
    const auto crashed = p.abortCurrent(TestStatus::Crashed, QStringLiteral("crashed"));
    ASSERT_EQ(p.results().size(), 2);
    EXPECT_EQ(p.results()[0].startMs, 1000);
    EXPECT_EQ(p.results()[0].endMs, 2000); // its end line, not gtest going on
    ASSERT_TRUE(crashed);
    EXPECT_EQ(crashed->startMs, 2100);
    EXPECT_EQ(crashed->endMs, 9000);
}
