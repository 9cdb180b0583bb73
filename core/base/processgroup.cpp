#include "base/processgroup.h"

#include <QProcess>

#include <csignal>
#include <cstring>
#include <sys/types.h>
#include <unistd.h>

namespace fixbench {

void ProcessGroup::isolate(QProcess &process)
{
    process.setChildProcessModifier([] { ::setpgid(0, 0); });
}

void ProcessGroup::kill(qint64 pgid, int signal)
{
    if (pgid > 1)
        ::killpg(pid_t(pgid), signal);
}

void ProcessGroup::terminate(QProcess &process, qint64 pgid, int graceMs)
{
    kill(pgid, SIGTERM);
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(graceMs)) {
        kill(pgid, SIGKILL);
        process.waitForFinished(5000);
    }
    // Whatever the leader left in its group (children that ignore SIGTERM).
    kill(pgid, SIGKILL);
}

QString ProcessGroup::signalName(int signal)
{
    switch (signal) {
    case SIGHUP: return QStringLiteral("SIGHUP");
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGQUIT: return QStringLiteral("SIGQUIT");
    case SIGILL: return QStringLiteral("SIGILL");
    case SIGTRAP: return QStringLiteral("SIGTRAP");
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGFPE: return QStringLiteral("SIGFPE");
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGPIPE: return QStringLiteral("SIGPIPE");
    case SIGALRM: return QStringLiteral("SIGALRM");
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGSYS: return QStringLiteral("SIGSYS");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

QString ProcessGroup::describeSignal(int signal)
{
    const char *text = ::strsignal(signal);
    return QStringLiteral("signal %1 (%2%3)")
        .arg(signal)
        .arg(signalName(signal), text ? QStringLiteral(", ") + QString::fromLocal8Bit(text) : QString());
}

} // namespace fixbench
