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

    // Groups this process must not leave behind, however it ends. The first call forks a
    // guardian: a tiny child (its own process group, deaf to SIGINT/SIGTERM/SIGHUP) that
    // reads the groups to watch from a pipe. When this process ends — kill -9 included —
    // the kernel closes the pipe, and the guardian sends SIGTERM, then SIGKILL a second
    // later, to every group still watched, then exits. ProcessRunner watches every
    // child's group for as long as it runs: a killed `fixbench run` takes its test
    // binaries (and what they started) with it.
    static void watch(qint64 pgid);
    static void unwatch(qint64 pgid);

    // "SIGSEGV", "SIGABRT", ... ("signal 42" for others).
    static QString signalName(int signal);
    // "signal 11 (SIGSEGV, Segmentation fault)".
    static QString describeSignal(int signal);
};

} // namespace fixbench
