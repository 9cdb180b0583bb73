#include "run/gtest/gtesteventstream.h"

#include "base/environment.h"

#include <QByteArrayView>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fixbench {

GTestEventStream::GTestEventStream()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(fd, 8) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        ::close(fd);
        return;
    }
    m_listen = fd;
    m_port = ntohs(addr.sin_port);
}

GTestEventStream::~GTestEventStream()
{
    for (int fd : std::as_const(m_others))
        ::close(fd);
    if (m_conn >= 0)
        ::close(m_conn);
    if (m_listen >= 0)
        ::close(m_listen);
}

QString GTestEventStream::argument() const
{
    return isListening() ? QStringLiteral("--gtest_stream_result_to=127.0.0.1:%1").arg(m_port) : QString();
}

void GTestEventStream::drain(int fd, bool keep)
{
    char buf[65536];
    while (true) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
            if (keep)
                feed(QByteArrayView(buf, n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return; // EAGAIN (nothing more now) or EOF / error (the binary is gone)
    }
}

void GTestEventStream::poll()
{
    if (m_listen < 0)
        return;
    while (true) {
        const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            break;
        if (m_conn < 0)
            m_conn = fd;
        else
            m_others << fd; // kept open (a child writing to it must not get SIGPIPE), its events ignored
    }
    if (m_conn >= 0)
        drain(m_conn, true);
    for (int fd : std::as_const(m_others))
        drain(fd, false);
}

void GTestEventStream::feed(QByteArrayView bytes)
{
    m_buffer.append(bytes.data(), bytes.size());
    qsizetype start = 0;
    for (qsizetype nl; (nl = m_buffer.indexOf('\n', start)) >= 0; start = nl + 1)
        handleLine(QByteArrayView(m_buffer).sliced(start, nl - start));
    m_buffer.remove(0, start);
}

QHash<QString, QString> GTestEventStream::parseLine(QByteArrayView line)
{
    QHash<QString, QString> fields;
    for (const QByteArray &part : QByteArray(line.data(), line.size()).split('&')) {
        const qsizetype eq = part.indexOf('=');
        const QByteArray name = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        // gtest escapes '%', '=', '&' and line breaks as %XX; the rest is UTF-8 as written.
        fields.insert(QString::fromUtf8(name), QString::fromUtf8(QByteArray::fromPercentEncoding(value)));
    }
    return fields;
}

void GTestEventStream::handleLine(QByteArrayView line)
{
    if (!line.startsWith("event="))
        return;
    const QHash<QString, QString> f = parseLine(line);
    const QString event = f.value(QStringLiteral("event"));
    if (event == QLatin1String("TestIterationStart")) {
        m_iteration = f.value(QStringLiteral("iteration")).toInt() + 1;
    } else if (event == QLatin1String("TestCaseStart")) {
        m_suite = f.value(QStringLiteral("name"));
    } else if (event == QLatin1String("TestCaseEnd")) {
        m_suite.clear();
    } else if (event == QLatin1String("TestStart")) {
        m_test = f.value(QStringLiteral("name"));
    } else if (event == QLatin1String("TestEnd")) {
        m_test.clear();
    } else if (event == QLatin1String("TestPartResult")) {
        Part p;
        p.file = f.value(QStringLiteral("file"));
        p.line = std::max(0, f.value(QStringLiteral("line")).toInt()); // -1: `unknown file` (an exception)
        p.message = m_secrets.isEmpty() ? f.value(QStringLiteral("message")) : Environment::maskSecrets(f.value(QStringLiteral("message")), m_secrets);
        const QString fullName = m_test.isEmpty() ? TestResult::outsideTestName() : m_suite + QLatin1Char('.') + m_test;
        m_parts[key(fullName, m_iteration)].append(p);
    }
}

int GTestEventStream::applyTo(TestResult &r) const
{
    const auto it = m_parts.constFind(key(r.fullName(), r.iteration));
    if (it == m_parts.constEnd() || r.failures.isEmpty())
        return 0;
    const QList<Part> &parts = *it;
    QList<bool> used(parts.size(), false);
    int replaced = 0;
    for (TestFailure &f : r.failures) {
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const Part &p = parts.at(i);
            const bool sameFile = f.file == p.file || f.file.endsWith(QLatin1Char('/') + p.file) || p.file.endsWith(QLatin1Char('/') + f.file);
            if (used.at(i) || p.line != f.line || !sameFile)
                continue;
            used[i] = true;
            f.message = p.message;
            ++replaced;
            break;
        }
    }
    return replaced;
}

} // namespace fixbench
