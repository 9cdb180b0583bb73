#pragma once

#include "run/testresult.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace fixbench {

// Reads what a GoogleTest binary prints on stdout (stderr merged in), as it arrives,
// in chunks split anywhere: [ RUN ] / [ OK ] / [ FAILED ] / [ SKIPPED ] / [ DISABLED ],
// durations, `file:line: Failure` and `Skipped` messages, `where TypeParam/GetParam()`
// annotations, repeat iterations, the shuffle seed, and each test's own output.
// ANSI colour sequences are stripped. It needs no report file, so it survives a crash:
// the test still running when the stream ends is left for abortCurrent().
//
// Only the current test's own end line closes it: a test that runs another gtest
// binary and echoes its output does not confuse it. Nor is an end line alone proof: a
// test may print `[       OK ] Its.Name` itself and then crash. The test is closed when
// gtest goes on (its next line: a [ RUN ], a [----------] or [==========] line, ...);
// until then it stays current, its end recorded (currentEnded()), and a crash or kill
// still counts against it. The caller confirms it (confirmCurrent()) when the binary
// exited normally and its JSON report says how the test ended.
//
// Failures printed outside any test (a global environment's SetUp, SetUpTestSuite) are
// gathered per iteration into the outside-test pseudo-result
// (TestResult::outsideTestName()), finished when the iteration ends.
class GTestOutputParser {
public:
    explicit GTestOutputParser(QString binary = {});

    // Values to mask ("********") in everything kept of the output: lines, the log, each
    // test's output, failure and skip messages, parameters (Environment::maskSecrets).
    // Structure (test names, gtest's own lines) is read from the unmasked text.
    void setSecrets(const QStringList &secrets) { m_secrets = secrets; }
    // What a test's start and end times are read from (TestResult::startMs / endMs):
    // the wall clock (ms since the epoch) by default, a fixed clock in unit tests.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

    // Feeds raw bytes. Returns what changed: a result with status Running when a test
    // starts, then its final result (and Disabled ones as gtest announces them).
    QList<TestResult> feed(QByteArrayView chunk);
    // End of the stream: handles a last line without a newline. A test still running
    // stays current (the caller decides: crashed, timed out, interrupted).
    QList<TestResult> finish();
    // Closes the running test with `status` (Crashed, TimedOut, Interrupted), adding
    // `message`. Returns the final result, or nothing when no test was running.
    std::optional<TestResult> abortCurrent(TestStatus status, const QString &message);
    // The current test printed its end line and gtest has not gone on yet.
    bool currentEnded() const { return m_current && m_currentEnded; }
    // Closes a current test whose end line was seen, with the status that line gave.
    QList<TestResult> confirmCurrent();

    bool hasCurrent() const { return m_current.has_value(); }
    const TestResult *current() const { return m_current ? &*m_current : nullptr; }
    const QList<TestResult> &results() const { return m_results; } // finished, in order

    // Complete lines (ANSI stripped) since the last call: for a live console.
    QStringList takeLines();

    int iteration() const { return m_iteration; }
    int expectedTests() const { return m_expected; }       // "Running N tests", last iteration; -1 none
    std::optional<quint32> seed() const { return m_seed; } // "Randomizing tests' orders with a seed of N"
    bool sawGTestOutput() const { return m_sawGTest; }
    QString log() const;   // everything, ANSI stripped (the tail past maxLogChars)

    static constexpr qsizetype maxLogChars = 8 * 1024 * 1024;
    static constexpr qsizetype maxTestOutputChars = 1024 * 1024;

private:
    void handleLine(const QString &line, QList<TestResult> &changes);
    bool handleEndOfCurrent(const QString &line, QList<TestResult> &changes);
    void startTest(const QString &fullName, QList<TestResult> &changes);
    void appendOutput(const QString &line);
    void appendLog(const QString &line);
    QString shown(const QString &text) const;
    void closeCurrent(QList<TestResult> &changes);
    void finishOutside(QList<TestResult> &changes);
    bool handleOutsideFailure(const QString &line);

    QString m_binary;
    QStringList m_secrets;
    std::function<qint64()> m_clock;
    QByteArray m_pending;
    std::optional<TestResult> m_current;
    bool m_currentEnded = false;        // its end line was seen; not confirmed yet
    std::optional<TestResult> m_outside; // failures outside any test, this iteration
    QList<TestResult> m_results;
    QStringList m_lines;
    QString m_log;
    bool m_logTruncated = false;
    QHash<QString, QString> m_suiteTypeParams; // "[----------] 2 tests from Typed/1, where TypeParam = double"
    int m_iteration = 1;
    int m_expected = -1;
    std::optional<quint32> m_seed;
    bool m_sawGTest = false;
    enum class Block { None, Failure, Skip } m_block = Block::None;
};

} // namespace fixbench
