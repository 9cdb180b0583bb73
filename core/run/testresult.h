#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace fixbench {

// What became of one test (one iteration of it, with --gtest_repeat).
enum class TestStatus {
    NotRun,      // selected but never started (the binary died before it)
    Running,     // started, no result yet (live updates only)
    Passed,
    Failed,
    Skipped,     // GTEST_SKIP()
    Disabled,    // DISABLED_ and not run
    Crashed,     // the binary died (signal or exit) while it ran
    TimedOut,    // ran past the timeout; the process tree was killed
    Interrupted, // the run was stopped (Ctrl-C, stop()) while it ran
};

QString testStatusName(TestStatus s);   // "passed", "failed", "timed out", ...
TestStatus testStatusFromName(const QString &name, bool *ok = nullptr);
bool isTestFailure(TestStatus s);       // failed, crashed, timed out, interrupted

// One `file:line: Failure` (or the exception message) of a test.
struct TestFailure {
    QString file;    // "" when gtest says `unknown file`
    int line = 0;
    QString message; // the lines gtest printed after the header

    QString location() const; // "file:line", "file" or ""
    bool operator==(const TestFailure &o) const = default;
};

// A test's result as the runner reports it: live (from stdout, batched) and final
// (merged with the JSON report when the binary wrote one).
struct TestResult {
    QString binary;     // the test binary's name (fixbench.yml `name`, else its file name)
    QString suite;      // "Math", "Typed/1", "Small/Values"
    QString name;       // "Adds", "IsSmall/0"
    QString typeParam;  // typed tests: "int"
    QString valueParam; // value-parameterised tests: "50"
    QString file;       // where the test is defined (from the JSON report), "" if unknown
    int line = 0;
    TestStatus status = TestStatus::NotRun;
    qint64 durationMs = -1; // -1: unknown
    int iteration = 1;      // 1-based, with --gtest_repeat
    QList<TestFailure> failures;
    QString message;    // skip reason, crash / timeout explanation
    QString output;     // the test's own output (stdout + stderr, ANSI stripped), gtest's
                        // [ RUN ] / [ OK ] lines excluded
    // Wall-clock times (ms since the epoch, UTC) at which its [ RUN ] and end lines
    // reached fixbench (gtest flushes both); -1: unknown. A test cut short ends when it
    // was declared crashed, timed out or interrupted.
    qint64 startMs = -1;
    qint64 endMs = -1;
    // The log lines its binary's fixtures wrote from its start to its end
    // (FixtureLogs::excerpt), kept for tests that did not pass; "" when none.
    QString fixtureLog;

    // Failures outside any test (a global environment's SetUp/TearDown, SetUpTestSuite,
    // ...) are one pseudo-result per iteration, as gtest's own reports have them
    // ("NonTestSuiteFailure"): no suite, named outsideTestName(), status Failed.
    static QString outsideTestName() { return QStringLiteral("(outside any test)"); }
    bool isOutsideTest() const { return suite.isEmpty(); }

    QString fullName() const { return suite.isEmpty() ? name : suite + QLatin1Char('.') + name; }
    // "Typed/1.Copies" plus ", where TypeParam = int" / ", where GetParam() = 3".
    QString displayName() const;
    bool isFinished() const { return status != TestStatus::Running; }
};

} // namespace fixbench

Q_DECLARE_METATYPE(fixbench::TestResult)
