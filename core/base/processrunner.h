#pragma once

// One way to run a child process: a value saying what to run (ProcessSpec) and a
// runner that streams its output, enforces a timeout, honours a cancel flag and kills
// the child's whole process group (everything it started) when it stops it. Used by
// the compose driver and tool, hooks, test discovery and the test runner.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace fixbench {

struct ProcessSpec {
    QString program;
    QStringList arguments;
    QString workingDirectory;           // "" = the current one
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    bool mergeChannels = true;          // stderr into stdout (one stream, in order)
    bool ownProcessGroup = true;        // its own group: stopping it kills all it started
    int timeoutMs = 0;                  // whole run; 0 = none
    int graceMs = 2000;                 // after SIGTERM, before SIGKILL (timeout, cancel)
    int startTimeoutMs = 10000;

    QString commandLine() const;        // "program arg ..." for messages
};

struct ProcessResult {
    bool started = false;
    QString startError;                 // why it could not start (when !started)
    int exitCode = -1;                  // when it exited normally
    int signal = 0;                     // the signal that killed it (crashed)
    bool crashed = false;               // killed by a signal (also when we stopped it)
    bool timedOut = false;              // stopped by timeoutMs or the stop predicate
    bool cancelled = false;             // stopped by the cancel flag
    QByteArray output;                  // stdout (+ stderr when merged), all of it
    QByteArray errorOutput;             // stderr when not merged
    qint64 elapsedMs = 0;

    bool succeeded() const { return started && !crashed && !timedOut && !cancelled && exitCode == 0; }
};

class ProcessRunner {
public:
    struct Callbacks {
        std::function<void(qint64 pid)> started;
        // Each chunk as it arrives (stdout, or stderr when isError).
        std::function<void(const QByteArray &chunk, bool isError)> output;
        // Each complete line of stdout (+ stderr when merged), without its newline; the
        // last unterminated line is delivered at the end.
        std::function<void(const QString &line)> line;
        // Polled about every 50 ms: true stops the process as timed out (e.g. "no test
        // event for N s").
        std::function<bool()> timedOut;
    };

    // Runs to completion, timeout or cancel. Never throws; what happened is in the result.
    static ProcessResult run(const ProcessSpec &spec, const Callbacks &callbacks = {}, const std::atomic_bool *cancel = nullptr);
};

} // namespace fixbench
