#include "portallocator.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fixbench {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::PortAllocator)
};

// Attempts per auto port (or range) before giving up.
constexpr int kMaxAttempts = 500;

// Can we bind `port` on `addr`? SO_REUSEADDR is set so that connections lingering
// in TIME_WAIT do not count; a socket that listens (or is bound without
// SO_REUSEADDR) on the port still makes the bind fail.
bool canBind(int family, const void *addr, int port)
{
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return family != AF_INET; // no IPv6 on this host: nothing can listen there
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc = -1;
    if (family == AF_INET) {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(quint16(port));
        sa.sin_addr = *static_cast<const in_addr *>(addr);
        rc = ::bind(fd, reinterpret_cast<const sockaddr *>(&sa), sizeof sa);
    } else {
        // v6-only so that this checks [::] alone; 0.0.0.0 is checked separately.
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(quint16(port));
        sa.sin6_addr = *static_cast<const in6_addr *>(addr);
        rc = ::bind(fd, reinterpret_cast<const sockaddr *>(&sa), sizeof sa);
        if (rc != 0 && (errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT))
            rc = 0; // IPv6 disabled
    }
    ::close(fd);
    return rc == 0;
}

} // namespace

QString AllocatedPort::toString() const
{
    if (range || count > 1)
        return name + QLatin1Char('=') + QString::number(first) + QLatin1Char('-') + QString::number(last());
    return name + QLatin1Char('=') + QString::number(first);
}

QList<AllocatedPort> AllocatedPort::parseList(const QString &s)
{
    QList<AllocatedPort> out;
    const QStringList items = s.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &raw : items) {
        const QString item = raw.trimmed();
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        AllocatedPort p;
        p.name = item.left(eq).trimmed();
        const QString value = item.mid(eq + 1).trimmed();
        const qsizetype dash = value.indexOf(QLatin1Char('-'));
        bool ok = false;
        if (dash < 0) {
            p.first = value.toInt(&ok);
            if (!ok || p.first <= 0)
                continue;
        } else {
            bool ok2 = false;
            p.first = value.left(dash).toInt(&ok);
            const int last = value.mid(dash + 1).toInt(&ok2);
            if (!ok || !ok2 || p.first <= 0 || last < p.first)
                continue;
            p.count = last - p.first + 1;
            p.range = true;
        }
        out.append(p);
    }
    return out;
}

QString AllocatedPort::formatList(const QList<AllocatedPort> &ports)
{
    QStringList parts;
    parts.reserve(ports.size());
    for (const AllocatedPort &p : ports)
        parts.append(p.toString());
    return parts.join(QLatin1Char(';'));
}

bool PortAllocator::isFree(int port)
{
    if (port < 1 || port > 65535)
        return false;
    in_addr any4{};
    any4.s_addr = htonl(INADDR_ANY);
    in_addr loop4{};
    loop4.s_addr = htonl(INADDR_LOOPBACK);
    return canBind(AF_INET, &any4, port) && canBind(AF_INET, &loop4, port) && canBind(AF_INET6, &in6addr_any, port);
}

Result<QList<AllocatedPort>> PortAllocator::allocate(const QList<PortSpec> &specs, const QSet<int> &avoid) const
{
    QList<AllocatedPort> out;
    QSet<int> taken = avoid;

    // Fixed ports first, so auto ones never take them.
    for (const PortSpec &spec : specs) {
        if (spec.fixed <= 0)
            continue;
        const int count = std::max(1, spec.count);
        for (int port = spec.fixed; port < spec.fixed + count; ++port) {
            if (port > 65535)
                return Error(Error::Kind::Port,
                             Tr::tr("port %1 for %2 is beyond 65535").arg(port).arg(spec.name), {}, spec.where);
            if (taken.contains(port))
                return Error(Error::Kind::Port,
                             avoid.contains(port)
                                 ? Tr::tr("port %1 for %2 is already published by another fixture; "
                                          "stop it or use `auto`")
                                       .arg(port)
                                       .arg(spec.name)
                                 : Tr::tr("port %1 for %2 is also requested by another port of this "
                                          "fixture; use `auto` for one of them")
                                       .arg(port)
                                       .arg(spec.name),
                             {}, spec.where);
            if (!isFree(port))
                return Error(Error::Kind::Port,
                             Tr::tr("port %1 for %2 is already in use on this host; free it or use `auto`")
                                 .arg(port)
                                 .arg(spec.name),
                             {}, spec.where);
            taken.insert(port);
        }
    }

    QRandomGenerator rng(QRandomGenerator::global()->generate());
    for (const PortSpec &spec : specs) {
        AllocatedPort a;
        a.name = spec.name;
        a.count = std::max(1, spec.count);
        a.range = spec.range;
        if (spec.fixed > 0) {
            a.first = spec.fixed;
            out.append(a);
            continue;
        }
        const int lo = std::max(1, minPort);
        const int hi = std::min(65535, maxPort) - a.count + 1;
        if (hi < lo)
            return Error(Error::Kind::Port,
                         Tr::tr("%1 needs %2 contiguous port(s), more than the range %3-%4 holds")
                             .arg(spec.name)
                             .arg(a.count)
                             .arg(minPort)
                             .arg(maxPort),
                         {}, spec.where);
        bool found = false;
        for (int attempt = 0; attempt < kMaxAttempts && !found; ++attempt) {
            const int first = int(rng.bounded(lo, hi + 1));
            bool ok = true;
            for (int port = first; port < first + a.count && ok; ++port)
                ok = !taken.contains(port);
            for (int port = first; port < first + a.count && ok; ++port)
                ok = isFree(port);
            if (ok) {
                a.first = first;
                found = true;
            }
        }
        if (!found)
            return Error(Error::Kind::Port,
                         Tr::tr("could not find %1 free contiguous port(s) for %2 between %3 and %4 after %5 "
                                "attempts; free some ports or stop other fixtures")
                             .arg(a.count)
                             .arg(spec.name)
                             .arg(minPort)
                             .arg(maxPort)
                             .arg(kMaxAttempts),
                         {}, spec.where);
        for (int port = a.first; port <= a.last(); ++port)
            taken.insert(port);
        out.append(a);
    }
    return out;
}

PortLock::PortLock(int timeoutMs)
{
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty() && QFileInfo(runtimeDir).isDir())
        m_path = QDir(runtimeDir).filePath(QStringLiteral("fixbench-ports.lock"));
    else
        m_path = QStringLiteral("/tmp/fixbench-ports-%1.lock").arg(::getuid());

    const QByteArray path = QFile::encodeName(m_path);
    const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    QDeadlineTimer deadline(std::max(0, timeoutMs));
    while (true) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            m_fd = fd;
            return;
        }
        if (errno != EWOULDBLOCK && errno != EINTR)
            break;
        if (deadline.hasExpired())
            break;
        QThread::msleep(std::min<qint64>(50, std::max<qint64>(1, deadline.remainingTime())));
    }
    ::close(fd);
}

PortLock::~PortLock()
{
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
        m_fd = -1;
    }
}

} // namespace fixbench
