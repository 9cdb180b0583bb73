#include "readinessprobe.h"

#include "curlglobal.h"
#include "ftpclient.h"
#include "interpolation.h"
#include "labels.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

#include <curl/curl.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fixbench {

namespace {

qint64 remainingMs(const QElapsedTimer &t, qint64 total)
{
    return std::max<qint64>(0, total - t.elapsed());
}

int connectWithTimeout(const QString &host, int port, int timeoutMs, QString *reason)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *res = nullptr;
    const QByteArray h = host.toUtf8();
    const QByteArray p = QByteArray::number(port);
    if (int rc = getaddrinfo(h.constData(), p.constData(), &hints, &res); rc != 0) {
        *reason = QStringLiteral("cannot resolve %1: %2").arg(host, QString::fromLocal8Bit(gai_strerror(rc)));
        return -1;
    }
    int fd = -1;
    for (addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd pfd{fd, POLLOUT, 0};
            rc = ::poll(&pfd, 1, timeoutMs);
            if (rc == 1) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
                rc = err == 0 ? 0 : -1;
                errno = err;
            } else {
                rc = -1;
                errno = ETIMEDOUT;
            }
        }
        if (rc == 0)
            break;
        *reason = QStringLiteral("connect to %1:%2: %3").arg(host).arg(port).arg(QString::fromLocal8Bit(strerror(errno)));
        ::close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

// The start of a response body for a message: one line, at most 80 characters.
QString bodyExcerpt(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(200)).simplified();
    if (text.size() > 80)
        text = text.left(77) + QStringLiteral("...");
    return text;
}

size_t appendBody(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    auto *body = static_cast<QByteArray *>(userdata);
    const size_t n = size * nmemb;
    constexpr qsizetype kMaxBody = 1024 * 1024; // a readiness answer is small; keep the first MB
    if (body->size() < kMaxBody)
        body->append(ptr, qsizetype(std::min<size_t>(n, size_t(kMaxBody - body->size()))));
    return n;
}

} // namespace

bool ReadinessProbe::checkHttp(const QString &url, int status, const QString &bodyPattern, QString *reason, int timeoutMs)
{
    ensureCurlGlobalInit();
    CURL *curl = curl_easy_init();
    if (!curl) {
        *reason = QStringLiteral("GET %1: cannot create a libcurl handle").arg(url);
        return false;
    }
    const QByteArray urlBytes = url.toUtf8();
    QByteArray body;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");          // a fixture's port is local: never via http_proxy
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);   // the status the service gives, not a redirect's
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);   // fixtures use self-signed certificates
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::clamp(timeoutMs, 100, 1000)));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(std::max(timeoutMs, 100)));
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "fixbench-readiness");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    const CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(curl);

    if (rc != CURLE_OK) {
        const QString detail = errorBuffer[0] ? QString::fromLocal8Bit(errorBuffer).trimmed()
                                              : QString::fromLatin1(curl_easy_strerror(rc));
        switch (rc) {
        case CURLE_COULDNT_CONNECT:
            *reason = QStringLiteral("GET %1: connection refused or unreachable (%2)").arg(url, detail);
            break;
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
            // docker-proxy accepts on the host port before the service listens, then closes.
            *reason = QStringLiteral("GET %1: the connection was closed without an answer (nothing listening behind "
                                     "the published port yet?): %2").arg(url, detail);
            break;
        case CURLE_OPERATION_TIMEDOUT:
            *reason = QStringLiteral("GET %1: no answer within %2 ms (%3)").arg(url).arg(timeoutMs).arg(detail);
            break;
        default:
            *reason = QStringLiteral("GET %1: %2").arg(url, detail);
            break;
        }
        return false;
    }
    const bool statusOk = status == 0 ? (code >= 200 && code < 300) : code == status;
    if (!statusOk) {
        *reason = QStringLiteral("GET %1 answered %2, expected %3%4")
                      .arg(url)
                      .arg(code)
                      .arg(status == 0 ? QStringLiteral("2xx") : QString::number(status),
                           body.isEmpty() ? QString() : QStringLiteral(": \"%1\"").arg(bodyExcerpt(body)));
        return false;
    }
    if (!bodyPattern.isEmpty()) {
        const QRegularExpression re(bodyPattern);
        if (!re.match(QString::fromUtf8(body)).hasMatch()) {
            *reason = body.isEmpty()
                ? QStringLiteral("GET %1 answered %2 with an empty body, not matching /%3/").arg(url).arg(code).arg(bodyPattern)
                : QStringLiteral("GET %1 answered %2 with \"%3\", not matching /%4/")
                      .arg(url).arg(code).arg(bodyExcerpt(body), bodyPattern);
            return false;
        }
    }
    return true;
}

bool ReadinessProbe::checkTcp(const QString &host, int port, const QString &expect, QString *reason, int timeoutMs)
{
    const int fd = connectWithTimeout(host, port, std::min(timeoutMs, 1000), reason);
    if (fd < 0)
        return false;
    // docker-proxy accepts on the host port even when nothing listens in the
    // container, then closes at once: wait a moment for that EOF.
    QByteArray received;
    const QRegularExpression re(expect);
    QElapsedTimer t;
    t.start();
    const int waitMs = expect.isEmpty() ? 150 : timeoutMs;
    bool ok = false;
    for (;;) {
        const int left = int(waitMs - t.elapsed());
        if (left <= 0) {
            ok = expect.isEmpty();
            if (!ok)
                *reason = received.isEmpty()
                    ? QStringLiteral("%1:%2 accepted but sent nothing matching /%3/").arg(host).arg(port).arg(expect)
                    : QStringLiteral("%1:%2 sent \"%3\", not matching /%4/").arg(host).arg(port).arg(QString::fromUtf8(received.left(80)).trimmed(), expect);
            break;
        }
        pollfd pfd{fd, POLLIN, 0};
        const int rc = ::poll(&pfd, 1, left);
        if (rc <= 0)
            continue;
        char buf[512];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            *reason = QStringLiteral("%1:%2 accepted the connection and closed it (nothing listening behind the published port yet)")
                          .arg(host).arg(port);
            break;
        }
        received.append(buf, int(n));
        if (expect.isEmpty() || re.match(QString::fromUtf8(received)).hasMatch()) {
            ok = true;
            break;
        }
    }
    ::close(fd);
    return ok;
}

bool ReadinessProbe::checkFtp(const QString &host, int port, const QString &user, const QString &pass, QString *reason,
                              int timeoutMs)
{
    // The ftp probe: a real login and a listing of "/" (passive data connection
    // included, so the published passive ports are checked too).
    FtpConfig config;
    config.host = host;
    config.port = port;
    config.user = user;
    config.password = pass;
    config.connectTimeoutMs = std::min(timeoutMs, 1000);
    config.timeoutMs = timeoutMs;
    FtpClient client(config);
    Status s = client.connect();
    if (s) {
        auto l = client.list(QStringLiteral("/"));
        if (l)
            return true;
        s = l.error();
    }
    *reason = QStringLiteral("FTP login+list on %1:%2 as %3 failed: %4").arg(host).arg(port).arg(user, s.error().message);
    return false;
}

QString ReadinessProbe::lastLogLines(EngineClient &engine, const QString &project, int lines)
{
    auto containers = engine.listContainers({QStringLiteral("%1=%2").arg(QLatin1String(labels::ComposeProject), project)});
    if (!containers)
        return containers.error().message;
    QStringList out;
    for (const ContainerInfo &c : *containers) {
        LogOptions o;
        o.tail = lines;
        auto logs = engine.logs(c.id, o);
        if (!logs) {
            out << QStringLiteral("%1 | (logs unavailable: %2)").arg(c.service, logs.error().message);
            continue;
        }
        if (logs->isEmpty())
            out << QStringLiteral("%1 | (no output)").arg(c.service);
        for (const LogLine &l : *logs)
            out << c.service + QStringLiteral(" | ") + QString::fromUtf8(l.text).trimmed();
    }
    return out.join(QLatin1Char('\n'));
}

Status ReadinessProbe::waitReady(const FixtureSpec &spec, const Context &ctx, EngineClient &engine, int timeoutMs,
                                 const Progress &progress, const std::atomic_bool *cancel)
{
    QElapsedTimer timer;
    timer.start();
    const int n = int(spec.probes.size());
    QList<bool> passed(n, false);
    QList<QString> reasons(n);
    QHash<QString, int> logLinesSeen; // container id -> lines already scanned
    QString lastProgress;
    const QString projectFilter = QStringLiteral("%1=%2").arg(QLatin1String(labels::ComposeProject), ctx.project);

    // `host` is a template (${FTP_HOST}) or a variable name or a literal host.
    auto resolveHost = [&](const ProbeSpec &p) {
        QString h = p.host.isEmpty() ? ctx.host : p.host;
        if (ctx.env.contains(h)) {
            h = ctx.env.value(h);
        } else if (h.contains(QLatin1Char('$'))) {
            auto expanded = Interpolation::expand(h, [&](const QString &name) -> std::optional<QString> {
                if (ctx.env.contains(name))
                    return ctx.env.value(name);
                return std::nullopt;
            }, p.where);
            h = expanded ? *expanded : QString();
        }
        return h.isEmpty() ? QStringLiteral("127.0.0.1") : h;
    };
    auto resolvePort = [&](const QString &port) -> int {
        bool isNumber = false;
        const int literal = port.toInt(&isNumber);
        if (isNumber)
            return literal;
        return ctx.env.value(port).toInt();
    };

    for (;;) {
        if (cancel && cancel->load())
            return Error(Error::Kind::Cancelled, QStringLiteral("waiting for fixture `%1` cancelled").arg(spec.name));

        auto containers = engine.listContainers({projectFilter});
        if (!containers)
            return containers.error();
        if (containers->isEmpty())
            return Error(Error::Kind::Compose,
                         QStringLiteral("fixture `%1`: compose reported success but no container of project %2 exists")
                             .arg(spec.name, ctx.project));
        // Fail fast on a container that died.
        for (const ContainerInfo &c : *containers) {
            if (c.state == QLatin1String("exited") || c.state == QLatin1String("dead") || c.state == QLatin1String("restarting")) {
                auto info = engine.inspectContainer(c.id);
                const int code = info ? info->exitCode : -1;
                if (c.state == QLatin1String("exited") && code == 0)
                    continue; // a one-shot service that finished its job
                return Error(Error::Kind::Compose,
                             QStringLiteral("fixture `%1`: service `%2` %3 right after start (exit code %4); its last output is below")
                                 .arg(spec.name, c.service,
                                      c.state == QLatin1String("restarting") ? QStringLiteral("keeps restarting") : QStringLiteral("exited"))
                                 .arg(code),
                             lastLogLines(engine, ctx.project, 20));
            }
        }

        for (int i = 0; i < n; ++i) {
            if (passed[i])
                continue;
            const ProbeSpec &p = spec.probes[i];
            QString reason;
            bool ok = false;
            switch (p.type) {
            case ProbeSpec::Type::Tcp: {
                const int port = resolvePort(p.port);
                if (port <= 0)
                    return Error(Error::Kind::Spec, QStringLiteral("tcp probe: `%1` is neither a port number nor a variable of fixture `%2`")
                                                        .arg(p.port, spec.name), {}, p.where);
                ok = checkTcp(resolveHost(p), port, p.expect, &reason,
                              int(std::clamp<qint64>(remainingMs(timer, timeoutMs), 100, 1000)));
                break;
            }
            case ProbeSpec::Type::Log: {
                const QRegularExpression re(p.pattern);
                bool anyService = false;
                for (const ContainerInfo &c : *containers) {
                    if (!p.service.isEmpty() && c.service != p.service)
                        continue;
                    anyService = true;
                    auto lines = engine.logs(c.id, LogOptions{});
                    if (!lines) {
                        reason = lines.error().message;
                        continue;
                    }
                    int &seen = logLinesSeen[c.id];
                    for (int k = seen; k < lines->size() && !ok; ++k)
                        ok = re.match(QString::fromUtf8(lines->at(k).text)).hasMatch();
                    seen = int(lines->size());
                    if (ok)
                        break;
                }
                if (!anyService)
                    return Error(Error::Kind::Spec, QStringLiteral("log probe: fixture `%1` has no running service `%2`")
                                                        .arg(spec.name, p.service), {}, p.where);
                if (!ok && reason.isEmpty())
                    reason = QStringLiteral("no line of %1 matches /%2/ yet").arg(p.service.isEmpty() ? QStringLiteral("any service") : p.service, p.pattern);
                break;
            }
            case ProbeSpec::Type::Healthy: {
                int checked = 0;
                ok = true;
                for (const ContainerInfo &c : *containers) {
                    if (!p.service.isEmpty() && c.service != p.service)
                        continue;
                    auto info = engine.inspectContainer(c.id);
                    if (!info)
                        return info.error();
                    if (info->health.isEmpty()) {
                        if (!p.service.isEmpty())
                            return Error(Error::Kind::Spec, QStringLiteral("healthy probe: service `%1` of fixture `%2` has no healthcheck; add one to the compose file")
                                                                .arg(p.service, spec.name), {}, p.where);
                        continue;
                    }
                    ++checked;
                    if (info->health == QLatin1String("unhealthy")) {
                        auto raw = engine.requestJson("GET", QStringLiteral("/containers/%1/json").arg(c.id));
                        QString healthLog;
                        if (raw) {
                            const QJsonArray log = raw->object().value(QStringLiteral("State")).toObject()
                                                       .value(QStringLiteral("Health")).toObject().value(QStringLiteral("Log")).toArray();
                            for (const auto &entry : log)
                                healthLog += QStringLiteral("exit %1: %2\n").arg(entry.toObject().value(QStringLiteral("ExitCode")).toInt())
                                                 .arg(entry.toObject().value(QStringLiteral("Output")).toString().trimmed());
                        }
                        return Error(Error::Kind::Timeout, QStringLiteral("fixture `%1`: service `%2` reports unhealthy").arg(spec.name, c.service),
                                     healthLog.trimmed() + QStringLiteral("\n") + lastLogLines(engine, ctx.project, 20));
                    }
                    if (info->health != QLatin1String("healthy")) {
                        ok = false;
                        reason = QStringLiteral("service `%1` health is %2").arg(c.service, info->health);
                    }
                }
                if (checked == 0)
                    return Error(Error::Kind::Spec, QStringLiteral("healthy probe: no service of fixture `%1` has a healthcheck").arg(spec.name), {}, p.where);
                break;
            }
            case ProbeSpec::Type::Http: {
                const int port = resolvePort(p.port);
                if (port <= 0)
                    return Error(Error::Kind::Spec, QStringLiteral("http probe: `%1` is neither a port number nor a variable of fixture `%2`")
                                                        .arg(p.port, spec.name), {}, p.where);
                QString host = resolveHost(p);
                if (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('[')))
                    host = QLatin1Char('[') + host + QLatin1Char(']'); // an IPv6 address in a URL
                const QString url = QStringLiteral("%1://%2:%3%4").arg(p.scheme, host).arg(port).arg(p.path);
                ok = checkHttp(url, p.status, p.body, &reason, int(std::clamp<qint64>(remainingMs(timer, timeoutMs), 200, 3000)));
                break;
            }
            case ProbeSpec::Type::Ftp: {
                const int port = resolvePort(p.port.isEmpty() ? QStringLiteral("FTP_PORT") : p.port);
                const QString host = p.host.isEmpty() ? ctx.env.value(QStringLiteral("FTP_HOST"), ctx.host) : resolveHost(p);
                ok = checkFtp(host, port, ctx.env.value(QStringLiteral("FTP_USER")), ctx.env.value(QStringLiteral("FTP_PASS")), &reason,
                              int(std::clamp<qint64>(remainingMs(timer, timeoutMs), 200, 3000)));
                break;
            }
            }
            passed[i] = ok;
            reasons[i] = reason;
        }

        QStringList pending;
        for (int i = 0; i < n; ++i)
            if (!passed[i])
                pending << spec.probes[i].describe();
        if (pending.isEmpty())
            return {};
        const QString msg = QStringLiteral("waiting for %1").arg(pending.join(QStringLiteral(", ")));
        if (progress && msg != lastProgress) {
            progress(msg);
            lastProgress = msg;
        }
        if (timer.elapsed() >= timeoutMs) {
            QStringList why;
            for (int i = 0; i < n; ++i)
                if (!passed[i])
                    why << QStringLiteral("%1: %2").arg(spec.probes[i].describe(), reasons[i]);
            return Error(Error::Kind::Timeout,
                         QStringLiteral("fixture `%1` not ready after %2 s; still failing: %3. Its last output is below.")
                             .arg(spec.name).arg(timeoutMs / 1000.0).arg(why.join(QStringLiteral("; "))),
                         lastLogLines(engine, ctx.project, 20));
        }
        QThread::msleep(std::min<qint64>(100, remainingMs(timer, timeoutMs)));
    }
}

} // namespace fixbench
