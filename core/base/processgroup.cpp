#include "base/processgroup.h"

#include <QProcess>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <mutex>
#include <sys/types.h>
#include <unistd.h>

namespace fixbench {

namespace {

std::mutex g_guardMutex;
int g_guardFd = -1;       // write end of the guardian's pipe
bool g_guardTried = false;

// The guardian, in the forked child of a multi-threaded process: async-signal-safe
// calls only (no allocation, no locks, no Qt).
[[noreturn]] void guardianMain(int readFd)
{
    ::setpgid(0, 0); // not in the parent's group: a Ctrl-C for it is not for us
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT})
        ::sigaction(sig, &ignore, nullptr);
    // Two calls rather than a thousand (it runs beside the parent's work, on few cores);
    // a kernel before 5.9 has no close_range: close them one by one.
    if ((readFd > 0 && ::close_range(0, unsigned(readFd - 1), 0) != 0) || ::close_range(unsigned(readFd + 1), ~0U, 0) != 0)
        for (int fd = 0; fd < 1024; ++fd)
            if (fd != readFd)
                ::close(fd);
    static std::int32_t groups[4096];
    int n = 0;
    for (;;) {
        std::int32_t v = 0;
        const ssize_t r = ::read(readFd, &v, sizeof v);
        if (r == ssize_t(sizeof v)) {
            if (v > 0 && n < 4096) {
                groups[n++] = v;
            } else if (v < 0) {
                for (int i = 0; i < n; ++i)
                    if (groups[i] == -v) {
                        groups[i] = groups[--n];
                        break;
                    }
            }
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        break; // end of file: the watched process is gone
    }
    for (int i = 0; i < n; ++i)
        ::kill(-groups[i], SIGTERM);
    if (n > 0) {
        struct timespec second {1, 0};
        ::nanosleep(&second, nullptr);
        for (int i = 0; i < n; ++i)
            ::kill(-groups[i], SIGKILL);
    }
    ::_exit(0);
}

void tellGuardian(std::int32_t value)
{
    std::lock_guard<std::mutex> lock(g_guardMutex);
    if (!g_guardTried) {
        g_guardTried = true;
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) == 0) {
            const pid_t pid = ::fork();
            if (pid == 0)
                guardianMain(fds[0]);
            ::close(fds[0]);
            if (pid > 0)
                g_guardFd = fds[1];
            else
                ::close(fds[1]);
        }
    }
    if (g_guardFd >= 0) {
        ssize_t r;
        do {
            r = ::write(g_guardFd, &value, sizeof value);
        } while (r < 0 && errno == EINTR);
    }
}

} // namespace

void ProcessGroup::watch(qint64 pgid)
{
    if (pgid > 1 && pgid <= INT32_MAX)
        tellGuardian(std::int32_t(pgid));
}

void ProcessGroup::unwatch(qint64 pgid)
{
    if (pgid > 1 && pgid <= INT32_MAX)
        tellGuardian(-std::int32_t(pgid));
}

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
