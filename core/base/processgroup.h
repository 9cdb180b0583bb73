#pragma once

#include <QString>

class QProcess;

namespace fixbench {

// A child process in its own process group, so that everything it starts (a test
// binary's helpers, a shell's children) can be killed with it.
class ProcessGroup {
public:
    // Makes `process` call setpgid(0, 0) in the child before exec. Call before start().
    static void isolate(QProcess &process);
    // Sends `signal` to the whole group led by `pgid` (the child's pid). No-op for 0.
    static void kill(qint64 pgid, int signal);
    // SIGTERM, then SIGKILL after graceMs if the leader is still running; waits for it.
    static void terminate(QProcess &process, qint64 pgid, int graceMs);

    // "SIGSEGV", "SIGABRT", ... ("signal 42" for others).
    static QString signalName(int signal);
    // "signal 11 (SIGSEGV, Segmentation fault)".
    static QString describeSignal(int signal);
};

} // namespace fixbench
