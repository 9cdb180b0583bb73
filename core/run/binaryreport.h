#pragma once

#include "base/error.h"
#include "run/testresult.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace fixbench {

// Everything one run of one test binary produced.
struct BinaryReport {
    QString binary;           // name (fixbench.yml), else the file name
    QString path;             // absolute path of the executable
    QStringList arguments;    // what it was started with
    QList<TestResult> results; // in the order they ran; every iteration
    int exitCode = 0;         // when it exited normally
    int signal = 0;           // != 0: killed by this signal (crash, or our kill on timeout/stop)
    bool timedOut = false;    // we killed it: a test ran past the timeout
    bool cancelled = false;   // we killed it: stop() / Ctrl-C
    bool reportMerged = false; // --gtest_output=json was read and merged
    int expectedTests = -1;   // "Running N tests" of the last iteration; -1 unknown
    int iterations = 1;
    std::optional<quint32> seed; // the shuffle seed gtest announced (first iteration)
    qint64 elapsedMs = 0;
    QString log;              // the whole output, ANSI stripped (the tail when huge)
    // A problem with the binary rather than a test: could not start, not a gtest binary,
    // crashed or exited non-zero outside any test.
    std::optional<Error> error;
    // Fixtures it needs that died while it ran, or before and were not back when it
    // started: "fixture echo_server died: service app exited (code 137)". Said beside
    // its results (a test failing because its server died), not counted as a failure.
    QStringList fixtureDeaths;
    // What makes the results less than exact, though no test failed for it: gtest's
    // JSON report missing or unreadable after a normal exit (the results then come from
    // the console alone), ... Printed, and kept in every report.
    QStringList warnings;

    int count(TestStatus s) const;
    // Tests that never started because the binary died first: those named in `results`
    // (status NotRun, last iteration) or, when they could not be named, how many gtest
    // announced ("Running N tests") beyond those seen. 0 when unknown.
    int notRunCount() const;
    // No test failed, crashed, timed out or was interrupted, and no binary error.
    bool ok() const;
};

// Counts over one or several binaries; what `fixbench run` prints last.
struct RunSummary {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    int crashed = 0;
    int timedOut = 0;
    int interrupted = 0;
    int disabled = 0;
    int notRun = 0;
    int binaries = 0;
    int binaryErrors = 0;  // binaries with a BinaryReport::error
    bool cancelled = false;
    qint64 elapsedMs = 0;
    QString workspace; // the workspace's name, in reports (`report merge` refuses two)
    int shard = 0;     // `run --shard K/N`: K and N; 0 when the run was not sharded
    int shards = 0;

    void add(const TestResult &r);
    void add(const BinaryReport &report);
    static RunSummary of(const QList<BinaryReport> &reports);

    int total() const { return passed + failed + skipped + crashed + timedOut + interrupted; }
    bool ok() const { return failed == 0 && crashed == 0 && timedOut == 0 && interrupted == 0 && binaryErrors == 0 && !cancelled; }
    // "12 passed, 1 failed, 2 skipped": passed and failed always; skipped, crashed,
    // timed out and interrupted when non-zero.
    QString line() const;
};

} // namespace fixbench

Q_DECLARE_METATYPE(fixbench::BinaryReport)
Q_DECLARE_METATYPE(fixbench::RunSummary)
