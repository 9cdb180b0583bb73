#include "engine/sshtunnel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <mutex>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fixbench {

namespace {

struct Tunnel {
    pid_t watcher = -1; // holds ssh; ends it when our end of `pipe` closes
    int pipe = -1;      // our end: closing it ends the tunnel
    QString socket;
    QString errFile;
};

std::mutex g_mutex;
QHash<QString, Tunnel> g_tunnels;
int g_counter = 0;

bool socketAnswers(const QString &path)
{
    const QByteArray p = QFile::encodeName(path);
    sockaddr_un addr{};
    if (size_t(p.size()) >= sizeof addr.sun_path)
        return false;
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, p.constData(), size_t(p.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

void endTunnel(Tunnel &t)
{
    if (t.pipe >= 0)
        ::close(t.pipe); // the watcher sees EOF and ends ssh
    t.pipe = -1;
    if (t.watcher > 0) {
        int st = 0;
        for (int i = 0; i < 100 && ::waitpid(t.watcher, &st, WNOHANG) == 0; ++i)
            ::usleep(10000);
        ::kill(t.watcher, SIGKILL);
        ::waitpid(t.watcher, &st, WNOHANG);
    }
    t.watcher = -1;
    QFile::remove(t.socket);
    QFile::remove(t.errFile);
}

void closeAtExit()
{
    SshTunnel::closeAll();
}

bool alive(const Tunnel &t)
{
    int st = 0;
    return t.watcher > 0 && ::waitpid(t.watcher, &st, WNOHANG) == 0;
}

} // namespace

Result<QString> SshTunnel::open(const QString &user, const QString &host, int port)
{
    if (host.isEmpty())
        return Error(Error::Kind::Engine, QStringLiteral("ssh:// endpoint without a host name"));
    const QString key = user + QLatin1Char('@') + host + QLatin1Char(':') + QString::number(port);
    std::lock_guard lock(g_mutex);
    static bool registered = false;
    if (!registered) {
        std::atexit(&closeAtExit);
        registered = true;
    }
    if (auto it = g_tunnels.find(key); it != g_tunnels.end()) {
        if (alive(*it))
            return it->socket;
        endTunnel(*it);
        g_tunnels.erase(it);
    }

    const QString base = QDir::tempPath() + QStringLiteral("/fixbench-ssh-%1-%2").arg(::getpid()).arg(++g_counter);
    Tunnel t;
    t.socket = base + QStringLiteral(".sock");
    t.errFile = base + QStringLiteral(".err");
    QFile::remove(t.socket);
    QString remote = qEnvironmentVariable("FIXBENCH_SSH_DOCKER_SOCKET");
    if (remote.isEmpty())
        remote = QStringLiteral("/var/run/docker.sock");

    // FIXBENCH_SSH_COMMAND (like GIT_SSH_COMMAND): the ssh program and options of its
    // own, e.g. "ssh -F /ci/ssh_config -i /ci/key"; split at white space.
    QList<QByteArray> args;
    for (const QString &w : qEnvironmentVariable("FIXBENCH_SSH_COMMAND").split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        args << QFile::encodeName(w);
    if (args.isEmpty())
        args << "ssh";
    args << QList<QByteArray>{"-nNT", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes",
                           "-o", "StreamLocalBindUnlink=yes", "-o", "ConnectTimeout=10",
                           "-o", "ServerAliveInterval=15",
                           "-L", QFile::encodeName(t.socket) + ':' + QFile::encodeName(remote)};
    if (port > 0)
        args << "-p" << QByteArray::number(port);
    if (!user.isEmpty())
        args << "-l" << user.toUtf8();
    args << "--" << host.toUtf8();
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const QByteArray errPath = QFile::encodeName(t.errFile);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return Error(Error::Kind::Engine, QStringLiteral("ssh tunnel: pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    const pid_t watcher = ::fork();
    if (watcher < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return Error(Error::Kind::Engine, QStringLiteral("ssh tunnel: fork: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    if (watcher == 0) {
        // The watcher: only async-signal-safe calls from here on.
        ::close(fds[1]);
        ::setpgid(0, 0); // a Ctrl-C meant for fixbench does not cut the tunnel under it
        const pid_t ssh = ::fork();
        if (ssh == 0) {
            ::close(fds[0]);
            const int devnull = ::open("/dev/null", O_RDWR);
            const int err = ::open(errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(devnull, 0);
            ::dup2(devnull, 1);
            ::dup2(err >= 0 ? err : devnull, 2);
            ::execvp(argv[0], argv.data());
            ::_exit(127);
        }
        // Until fixbench closes its end (or ends, however it ends), or ssh exits.
        while (ssh > 0) {
            pollfd p{fds[0], POLLIN, 0};
            if (::poll(&p, 1, 100) > 0) {
                char c;
                const ssize_t n = ::read(fds[0], &c, 1);
                if (n == 0 || (n < 0 && errno != EINTR))
                    break;
            }
            int st = 0;
            if (::waitpid(ssh, &st, WNOHANG) == ssh)
                ::_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128);
        }
        if (ssh > 0) {
            ::kill(ssh, SIGTERM);
            int st = 0;
            ::waitpid(ssh, &st, 0);
            ::_exit(0);
        }
        ::_exit(127);
    }
    ::close(fds[0]);
    t.watcher = watcher;
    t.pipe = fds[1];

    // Until the socket answers, or ssh exits (the watcher with it) saying why.
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000) {
        if (socketAnswers(t.socket)) {
            g_tunnels.insert(key, t);
            return t.socket;
        }
        if (!alive(t))
            break;
        QThread::msleep(20);
    }
    QFile err(t.errFile);
    QString text;
    if (err.open(QIODevice::ReadOnly))
        text = QString::fromLocal8Bit(err.readAll()).trimmed();
    const bool timedOut = alive(t);
    endTunnel(t);
    const QString target = (user.isEmpty() ? host : user + QLatin1Char('@') + host) + (port > 0 ? QStringLiteral(":%1").arg(port) : QString());
    return Error(Error::Kind::Engine,
                 timedOut ? QStringLiteral("ssh to %1 did not forward the engine socket %2 within 20 s%3")
                                .arg(target, remote, text.isEmpty() ? QString() : QStringLiteral(": ") + text)
                          : QStringLiteral("ssh to %1 failed (forwarding the engine socket %2): %3")
                                .arg(target, remote, text.isEmpty() ? QStringLiteral("ssh exited") : text));
}

void SshTunnel::closeAll()
{
    std::lock_guard lock(g_mutex);
    for (Tunnel &t : g_tunnels)
        endTunnel(t);
    g_tunnels.clear();
}

} // namespace fixbench
