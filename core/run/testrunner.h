#pragma once

#include "run/binaryreport.h"
#include "base/error.h"
#include "run/testrun.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace fixbench {

// Runs GoogleTest binaries: each in its own process group (a hang or Ctrl-C kills the
// whole tree it started), stdout and stderr merged and parsed as they arrive, the
// JSON report merged at the end when the binary wrote one. A crash marks the running
// test Crashed with its output and keeps every result before it; a test past the
// timeout is killed and marked TimedOut. Nothing stays "running".
//
// Synchronous: call it from a worker thread (TestSession does) or from the CLI.
class TestRunner {
public:
    // Called from the thread running the binary (several threads with runAll): make
    // them thread-safe. Every member may be empty.
    struct Callbacks {
        std::function<void(const TestRun &run)> started;
        // A test started (status Running) or finished; in order, per binary.
        std::function<void(const QList<TestResult> &changes)> results;
        // Complete output lines, ANSI stripped.
        std::function<void(const QString &binary, const QStringList &lines)> output;
        std::function<void(const BinaryReport &report)> finished;
    };

    // Runs one binary. An Error only when it could not be started at all (missing,
    // not executable, bad selection); crashes, timeouts, non-zero exits are in the
    // report. `cancel` is polled every 50 ms: the process group gets SIGTERM, then
    // SIGKILL after 2 s, and the running test is marked Interrupted.
    static Result<BinaryReport> run(const TestRun &run, const Callbacks &callbacks = {},
                                    const std::atomic_bool *cancel = nullptr);

    // Runs several binaries, at most `maxParallel` at a time; reports in the order of
    // `runs`. A binary that could not start gets a report carrying the error.
    static QList<BinaryReport> runAll(const QList<TestRun> &runs, int maxParallel, const Callbacks &callbacks = {},
                                      const std::atomic_bool *cancel = nullptr);
};

} // namespace fixbench
