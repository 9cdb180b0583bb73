#include "engine/engineclient.h"

#include "base/curlglobal.h"
#include "engine/engineerror.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <tuple>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::EngineClient)
};
} // namespace

namespace {

constexpr long kConnectTimeoutMs = 2000;
constexpr long kRequestTimeoutSec = 60;        // ordinary requests (wrappers)
constexpr long kRawRequestTimeoutSec = 300;    // requestJson: the caller's path may be slow

CURL *newEasy()
{
    ensureCurlGlobalInit();
    return curl_easy_init();
}

size_t appendToByteArray(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    auto *buf = static_cast<QByteArray *>(userdata);
    buf->append(ptr, qsizetype(size * nmemb));
    return size * nmemb;
}

// "1.41" < "1.9"? No: numerically per component, 1.9 < 1.10 < 1.41.
int compareVersions(const QString &a, const QString &b)
{
    const QStringList pa = a.split(QLatin1Char('.'));
    const QStringList pb = b.split(QLatin1Char('.'));
    const qsizetype n = std::max(pa.size(), pb.size());
    for (qsizetype i = 0; i < n; ++i) {
        const int x = i < pa.size() ? pa[i].toInt() : 0;
        const int y = i < pb.size() ? pb[i].toInt() : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

QString enc(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

QString labelFilterQuery(const QStringList &labelFilters)
{
    if (labelFilters.isEmpty())
        return {};
    QJsonObject filters;
    filters.insert(QStringLiteral("label"), QJsonArray::fromStringList(labelFilters));
    const QByteArray json = QJsonDocument(filters).toJson(QJsonDocument::Compact);
    return QStringLiteral("filters=") + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(json)));
}

QMap<QString, QString> toLabels(const QJsonValue &v)
{
    QMap<QString, QString> labels;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        labels.insert(it.key(), it.value().toString());
    return labels;
}

// Published ports: IPv4 and IPv6 bindings of the same port are one port for us.
void dedupeAndSortPorts(QList<PublishedPort> &ports)
{
    QList<PublishedPort> out;
    QSet<QString> seen;
    for (const PublishedPort &p : ports) {
        const QString key = QString::number(p.containerPort) + QLatin1Char('/') + p.protocol + QLatin1Char(':')
            + QString::number(p.hostPort);
        if (seen.contains(key)) {
            // Prefer the IPv4 binding's address when both are listed.
            if (p.hostIp.contains(QLatin1Char('.'))) {
                for (PublishedPort &o : out) {
                    if (o.containerPort == p.containerPort && o.protocol == p.protocol && o.hostPort == p.hostPort
                        && !o.hostIp.contains(QLatin1Char('.')))
                        o.hostIp = p.hostIp;
                }
            }
            continue;
        }
        seen.insert(key);
        out.append(p);
    }
    // Engine 20.10 may give the IPv6 binding of a port another host port than the IPv4
    // one: both stay, the IPv4 one first (as `docker port` lists them).
    std::stable_sort(out.begin(), out.end(), [](const PublishedPort &a, const PublishedPort &b) {
        const bool a6 = a.hostIp.contains(QLatin1Char(':'));
        const bool b6 = b.hostIp.contains(QLatin1Char(':'));
        return std::tie(a.containerPort, a.protocol, a6, a.hostPort) < std::tie(b.containerPort, b.protocol, b6, b.hostPort);
    });
    ports = out;
}

QDateTime parseEngineTime(const QString &s)
{
    if (s.isEmpty() || s.startsWith(QLatin1String("0001-01-01")))
        return {};
    return LogDemuxer::parseTimestamp(s.toLatin1());
}

// Like docker's units.HumanDuration, for ContainerInfo::status from inspect.
QString humanDuration(qint64 secs)
{
    if (secs < 1)
        return QStringLiteral("Less than a second");
    if (secs == 1)
        return QStringLiteral("1 second");
    if (secs < 60)
        return QStringLiteral("%1 seconds").arg(secs);
    const qint64 minutes = secs / 60;
    if (minutes == 1)
        return QStringLiteral("About a minute");
    if (minutes < 60)
        return QStringLiteral("%1 minutes").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours == 1)
        return QStringLiteral("About an hour");
    if (hours < 48)
        return QStringLiteral("%1 hours").arg(hours);
    if (hours < 24 * 7 * 2)
        return QStringLiteral("%1 days").arg(hours / 24);
    if (hours < 24 * 30 * 2)
        return QStringLiteral("%1 weeks").arg(hours / 24 / 7);
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1 months").arg(hours / 24 / 30);
    return QStringLiteral("%1 years").arg(hours / 24 / 365);
}

QString inspectStatus(const QJsonObject &state, ContainerHealth health)
{
    const QString status = state.value(QStringLiteral("Status")).toString();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime started = parseEngineTime(state.value(QStringLiteral("StartedAt")).toString());
    const QDateTime finished = parseEngineTime(state.value(QStringLiteral("FinishedAt")).toString());
    if (status == QLatin1String("running") || status == QLatin1String("paused")) {
        QString s = QStringLiteral("Up ") + humanDuration(started.isValid() ? started.secsTo(now) : 0);
        if (status == QLatin1String("paused"))
            s += QStringLiteral(" (Paused)");
        else if (health != ContainerHealth::None)
            s += QStringLiteral(" (") + containerHealthName(health) + QLatin1Char(')');
        return s;
    }
    if (status == QLatin1String("restarting"))
        return QStringLiteral("Restarting (%1)").arg(state.value(QStringLiteral("ExitCode")).toInt());
    if (status == QLatin1String("exited"))
        return QStringLiteral("Exited (%1) %2 ago")
            .arg(state.value(QStringLiteral("ExitCode")).toInt())
            .arg(humanDuration(finished.isValid() ? finished.secsTo(now) : 0));
    if (status == QLatin1String("created"))
        return QStringLiteral("Created");
    if (status == QLatin1String("removing"))
        return QStringLiteral("Removal In Progress");
    if (status == QLatin1String("dead"))
        return QStringLiteral("Dead");
    return status;
}

ContainerInfo containerFromList(const QJsonObject &o)
{
    ContainerInfo c;
    c.id = o.value(QStringLiteral("Id")).toString();
    const QJsonArray names = o.value(QStringLiteral("Names")).toArray();
    if (!names.isEmpty()) {
        c.name = names.first().toString();
        if (c.name.startsWith(QLatin1Char('/')))
            c.name.remove(0, 1);
    }
    c.image = o.value(QStringLiteral("Image")).toString();
    c.labels = toLabels(o.value(QStringLiteral("Labels")));
    c.service = c.labels.value(QStringLiteral("com.docker.compose.service"));
    c.project = c.labels.value(QStringLiteral("com.docker.compose.project"));
    c.state = o.value(QStringLiteral("State")).toString();
    c.status = o.value(QStringLiteral("Status")).toString();
    // The list answer (API < 1.52) carries health and exit code only in its Status text.
    c.health = containerstate::healthFromStatusText(c.status);
    c.exitCode = containerstate::exitCodeFromStatusText(c.status);
    const QJsonArray ports = o.value(QStringLiteral("Ports")).toArray();
    for (const QJsonValue &pv : ports) {
        const QJsonObject po = pv.toObject();
        const int publicPort = po.value(QStringLiteral("PublicPort")).toInt();
        if (publicPort <= 0)
            continue;
        PublishedPort p;
        p.containerPort = po.value(QStringLiteral("PrivatePort")).toInt();
        p.protocol = po.value(QStringLiteral("Type")).toString();
        p.hostIp = po.value(QStringLiteral("IP")).toString();
        p.hostPort = publicPort;
        c.ports.append(p);
    }
    dedupeAndSortPorts(c.ports);
    return c;
}

ContainerInfo containerFromInspect(const QJsonObject &o)
{
    ContainerInfo c;
    c.id = o.value(QStringLiteral("Id")).toString();
    c.name = o.value(QStringLiteral("Name")).toString();
    if (c.name.startsWith(QLatin1Char('/')))
        c.name.remove(0, 1);
    const QJsonObject config = o.value(QStringLiteral("Config")).toObject();
    c.image = config.value(QStringLiteral("Image")).toString();
    if (c.image.isEmpty())
        c.image = o.value(QStringLiteral("Image")).toString();
    c.labels = toLabels(config.value(QStringLiteral("Labels")));
    c.service = c.labels.value(QStringLiteral("com.docker.compose.service"));
    c.project = c.labels.value(QStringLiteral("com.docker.compose.project"));
    c.tty = config.value(QStringLiteral("Tty")).toBool();
    const QJsonObject state = o.value(QStringLiteral("State")).toObject();
    c.state = state.value(QStringLiteral("Status")).toString();
    const QJsonObject health = state.value(QStringLiteral("Health")).toObject();
    c.health = containerstate::healthFromInspect(health.value(QStringLiteral("Status")).toString());
    const QJsonArray healthLog = health.value(QStringLiteral("Log")).toArray();
    for (const QJsonValue &entry : healthLog)
        c.healthLog.append(HealthCheckRun{entry.toObject().value(QStringLiteral("ExitCode")).toInt(),
                                          entry.toObject().value(QStringLiteral("Output")).toString()});
    c.exitCode = state.value(QStringLiteral("ExitCode")).toInt();
    c.startedAt = parseEngineTime(state.value(QStringLiteral("StartedAt")).toString());
    c.status = inspectStatus(state, c.health);

    const QJsonObject ports = o.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Ports")).toObject();
    for (auto it = ports.begin(); it != ports.end(); ++it) {
        // "8080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "49153"}, {"HostIp": "::", ...}] or null
        const QString key = it.key();
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        const int containerPort = (slash < 0 ? key : key.left(slash)).toInt();
        const QString protocol = slash < 0 ? QStringLiteral("tcp") : key.mid(slash + 1);
        const QJsonArray bindings = it.value().toArray();
        for (const QJsonValue &bv : bindings) {
            const QJsonObject b = bv.toObject();
            const int hostPort = b.value(QStringLiteral("HostPort")).toString().toInt();
            if (hostPort <= 0)
                continue;
            PublishedPort p;
            p.containerPort = containerPort;
            p.protocol = protocol;
            p.hostIp = b.value(QStringLiteral("HostIp")).toString();
            p.hostPort = hostPort;
            c.ports.append(p);
        }
    }
    dedupeAndSortPorts(c.ports);
    return c;
}

VolumeInfo volumeFromJson(const QJsonObject &o)
{
    VolumeInfo v;
    v.name = o.value(QStringLiteral("Name")).toString();
    v.driver = o.value(QStringLiteral("Driver")).toString();
    v.mountpoint = o.value(QStringLiteral("Mountpoint")).toString();
    v.labels = toLabels(o.value(QStringLiteral("Labels")));
    return v;
}

// What curl says went wrong. For unix sockets curl's own text names "localhost port 80",
// which misleads: the OS error on the socket path says more ("No such file or directory",
// "Permission denied").
QString curlFailure(CURL *curl, CURLcode rc, const char *errbuf, const QString &unixSocket)
{
    long osErrno = 0;
    curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &osErrno);
    if (!unixSocket.isEmpty() && osErrno != 0 && rc == CURLE_COULDNT_CONNECT)
        return unixSocket + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(int(osErrno)));
    return errbuf && errbuf[0] ? QString::fromLocal8Bit(errbuf).trimmed() : QString::fromLatin1(curl_easy_strerror(rc));
}

// Where a request goes: the unix socket (also an ssh tunnel's local end), and TLS
// with the endpoint's certificates (CA, client certificate and key).
void applyEndpoint(CURL *curl, const EngineEndpoint &ep, const QByteArray &socket)
{
    if (!socket.isEmpty())
        curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket.constData());
    if (!ep.tls)
        return;
    // curl copies string options: the temporaries may go.
    const auto file = [&ep](const char *name) { return QFile::encodeName(ep.certPath + QLatin1Char('/') + QLatin1String(name)); };
    if (QFile::exists(ep.certPath + QStringLiteral("/ca.pem")))
        curl_easy_setopt(curl, CURLOPT_CAINFO, file("ca.pem").constData());
    if (QFile::exists(ep.certPath + QStringLiteral("/cert.pem"))) {
        curl_easy_setopt(curl, CURLOPT_SSLCERT, file("cert.pem").constData());
        curl_easy_setopt(curl, CURLOPT_SSLKEY, file("key.pem").constData());
    }
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, ep.tlsVerify ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, ep.tlsVerify ? 2L : 0L);
}

struct CurlHeaders {
    curl_slist *list = nullptr;
    ~CurlHeaders() { curl_slist_free_all(list); }
    void add(const char *h) { list = curl_slist_append(list, h); }
};

} // namespace

// ---------------------------------------------------------------------------------------
// EngineClient

EngineClient::EngineClient(EngineEndpoint endpoint)
    : m_endpoint(std::move(endpoint))
{
    m_curl = newEasy();
}

Result<QByteArray> EngineClient::socketPath()
{
    if (m_endpoint.kind != EngineEndpoint::Kind::Ssh)
        return QFile::encodeName(m_endpoint.unixSocket);
    // The tunnel is opened once per process; asked again (cheap) so that a tunnel
    // whose ssh ended is reopened.
    Result<QString> sock = m_endpoint.localSocket();
    if (!sock)
        return unreachable(sock.error().message);
    return QFile::encodeName(*sock);
}

EngineClient::~EngineClient()
{
    if (m_curl)
        curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

QString EngineClient::maxApiVersion()
{
    return QStringLiteral("1.45");
}

QString EngineClient::minApiVersion()
{
    return QStringLiteral("1.41");
}

Error EngineClient::unreachable(const QString &curlMessage) const
{
    return Error(Error::Kind::Engine,
                 QStringLiteral("Docker engine not reachable at %1 (%2). Start it (sudo dockerd, or "
                                "scripts/setup.sh) or set DOCKER_HOST.")
                     .arg(m_endpoint.toString(), curlMessage));
}

Error EngineClient::engineError(const QString &what, const Response &r) const
{
    return engineerror::fromAnswer(what, m_endpoint.toString(), int(r.status), r.body);
}

Result<EngineClient::Response> EngineClient::request(const QByteArray &method, const QString &path,
                                                     const QByteArray &body, bool versioned)
{
    return request(method, path, body, versioned, kRequestTimeoutSec);
}

Result<EngineClient::Response> EngineClient::request(const QByteArray &method, const QString &path,
                                                     const QByteArray &body, bool versioned, long timeoutSec)
{
    if (m_endpoint.kind == EngineEndpoint::Kind::Invalid)
        return Error(Error::Kind::Engine, m_endpoint.problem);
    if (!m_curl)
        return Error(Error::Kind::Engine, Tr::tr("Could not initialise libcurl."));

    QString url = m_endpoint.baseUrl;
    if (versioned) {
        Result<QString> api = apiVersion();
        if (!api)
            return api.error();
        url += QStringLiteral("/v") + *api;
    }
    url += path;

    CURL *curl = static_cast<CURL *>(m_curl);
    curl_easy_reset(curl); // keeps the connection cache: keep-alive survives
    const QByteArray urlBytes = url.toUtf8();
    Result<QByteArray> socketBytes = socketPath();
    if (!socketBytes)
        return socketBytes.error();
    char errbuf[CURL_ERROR_SIZE] = {0};
    Response response;
    CurlHeaders headers;
    headers.add("Expect:");

    curl_easy_setopt(curl, CURLOPT_URL, urlBytes.constData());
    applyEndpoint(curl, m_endpoint, *socketBytes);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    if (timeoutSec > 0)
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeoutSec);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &appendToByteArray);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    if (method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
    } else if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.constData());
        if (!body.isEmpty()) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
        }
    }
    if (!body.isEmpty())
        headers.add("Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);

    const CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        const QString curlMessage = curlFailure(curl, rc, errbuf, QString::fromLocal8Bit(*socketBytes));
        long connected = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &connected);
        if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST
            || (rc == CURLE_OPERATION_TIMEDOUT && connected == 0))
            return unreachable(curlMessage);
        return Error(Error::Kind::Engine,
                     QStringLiteral("%1 %2 to the Docker engine at %3 failed: %4")
                         .arg(QString::fromLatin1(method), path, m_endpoint.toString(), curlMessage));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    struct curl_header *apiHeader = nullptr;
    if (curl_easy_header(curl, "Api-Version", 0, CURLH_HEADER, -1, &apiHeader) == CURLHE_OK && apiHeader && apiHeader->value)
        response.apiVersion = QByteArray(apiHeader->value).trimmed();
    return response;
}

Result<QJsonDocument> EngineClient::requestJson(const QByteArray &method, const QString &path, const QByteArray &body)
{
    Result<Response> r = request(method, path, body, true, kRawRequestTimeoutSec);
    if (!r)
        return r.error();
    const QString what = QString::fromLatin1(method) + QLatin1Char(' ') + path;
    if (r->status < 200 || r->status >= 300) {
        Error e = engineError(what, *r);
        e.kind = Error::Kind::Engine; // raw: the path alone does not say what a 404 means
        return e;
    }
    if (r->body.trimmed().isEmpty())
        return QJsonDocument();
    return parseJson(what, *r);
}

Result<QJsonDocument> EngineClient::getJson(const QString &what, const QString &path)
{
    Result<Response> r = request("GET", path, {}, true);
    if (!r)
        return r.error();
    if (r->status < 200 || r->status >= 300)
        return engineError(what, *r);
    return parseJson(what, *r);
}

Result<QJsonDocument> EngineClient::parseJson(const QString &what, const Response &r) const
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        Error e(Error::Kind::Engine,
                QStringLiteral("%1: the Docker engine at %2 answered invalid JSON (%3). Check that %2 is a "
                               "Docker engine (DOCKER_HOST).")
                    .arg(what, m_endpoint.toString(), pe.errorString()),
                QString::fromUtf8(r.body.left(2000)));
        e.replyCode = int(r.status);
        return e;
    }
    return doc;
}

Status EngineClient::ping()
{
    Result<Response> r = request("GET", QStringLiteral("/_ping"), {}, false);
    if (!r)
        return r.error();
    if (r->status < 200 || r->status >= 300) {
        Error e = engineError(QStringLiteral("Ping"), *r);
        if (e.kind == Error::Kind::NotFound)
            e.kind = Error::Kind::Engine; // no /_ping there: not a Docker engine
        return e;
    }
    return {};
}

Result<EngineVersion> EngineClient::version()
{
    Result<Response> r = request("GET", QStringLiteral("/version"), {}, false);
    if (!r)
        return r.error();
    if (r->status < 200 || r->status >= 300) {
        Error e = engineError(QStringLiteral("Reading the engine version"), *r);
        if (e.kind == Error::Kind::NotFound)
            e.kind = Error::Kind::Engine; // no /version there: not a Docker engine
        return e;
    }
    const QJsonObject o = QJsonDocument::fromJson(r->body).object();
    EngineVersion v;
    v.version = o.value(QStringLiteral("Version")).toString();
    v.apiVersion = o.value(QStringLiteral("ApiVersion")).toString();
    v.minApiVersion = o.value(QStringLiteral("MinAPIVersion")).toString();
    v.os = o.value(QStringLiteral("Os")).toString();
    v.arch = o.value(QStringLiteral("Arch")).toString();
    // "Engine" for Docker, "Podman Engine" for podman's Docker-compatible API.
    const QJsonArray components = o.value(QStringLiteral("Components")).toArray();
    if (!components.isEmpty())
        v.product = components.first().toObject().value(QStringLiteral("Name")).toString();
    if (v.apiVersion.isEmpty()) {
        Error e(Error::Kind::Engine,
                QStringLiteral("The Docker engine at %1 did not say which API version it speaks "
                               "(GET /version has no ApiVersion). Check that DOCKER_HOST names a Docker engine.")
                    .arg(m_endpoint.toString()),
                QString::fromUtf8(r->body.left(2000)));
        e.replyCode = int(r->status);
        return e;
    }
    return v;
}

namespace {
// The API version negotiated with each endpoint, for every client of this process: a
// client made per call (a run's look at its fixtures, a worker thread) asks no /version.
std::mutex negotiatedMutex;
QHash<QString, QString> &negotiated()
{
    static QHash<QString, QString> byEndpoint;
    return byEndpoint;
}
} // namespace

Result<QString> EngineClient::apiVersion()
{
    if (!m_api.isEmpty())
        return m_api;
    {
        std::lock_guard lock(negotiatedMutex);
        m_api = negotiated().value(m_endpoint.toString());
    }
    if (!m_api.isEmpty())
        return m_api;
    // What the docker CLI does: the Api-Version header of /_ping (a fraction of a
    // millisecond; /version asks containerd and takes ~5 ms on Docker 20.10). An engine
    // newer than this client, or one without the header, gets the full check below.
    {
        Result<Response> ping = request("GET", QStringLiteral("/_ping"), {}, false);
        if (!ping)
            return ping.error();
        const QString engineApi = QString::fromLatin1(ping->apiVersion);
        if (ping->status >= 200 && ping->status < 300 && !engineApi.isEmpty()
            && compareVersions(engineApi, minApiVersion()) >= 0 && compareVersions(engineApi, maxApiVersion()) <= 0) {
            m_api = engineApi;
            std::lock_guard lock(negotiatedMutex);
            negotiated().insert(m_endpoint.toString(), m_api);
            return m_api;
        }
    }
    Result<EngineVersion> v = version();
    if (!v)
        return v.error();
    if (compareVersions(v->apiVersion, minApiVersion()) < 0)
        return Error(Error::Kind::Engine,
                     QStringLiteral("The Docker engine at %1 is too old: version %2 speaks API %3, fixbench "
                                    "needs API %4 or newer (Docker 20.10+). Upgrade the engine.")
                         .arg(m_endpoint.toString(), v->version, v->apiVersion, minApiVersion()));
    const QString api = compareVersions(v->apiVersion, maxApiVersion()) < 0 ? v->apiVersion : maxApiVersion();
    if (!v->minApiVersion.isEmpty() && compareVersions(api, v->minApiVersion) < 0)
        return Error(Error::Kind::Engine,
                     QStringLiteral("The Docker engine at %1 (version %2) no longer speaks API %3, the newest "
                                    "fixbench knows (the engine needs %4 or newer). Update fixbench.")
                         .arg(m_endpoint.toString(), v->version, api, v->minApiVersion));
    m_api = api;
    std::lock_guard lock(negotiatedMutex);
    negotiated().insert(m_endpoint.toString(), m_api);
    return m_api;
}

Result<QList<ContainerInfo>> EngineClient::listContainers(const QStringList &labelFilters, bool all)
{
    QString path = QStringLiteral("/containers/json?all=") + (all ? QStringLiteral("1") : QStringLiteral("0"));
    const QString filters = labelFilterQuery(labelFilters);
    if (!filters.isEmpty())
        path += QLatin1Char('&') + filters;
    Result<QJsonDocument> doc = getJson(QStringLiteral("Listing containers"), path);
    if (!doc)
        return doc.error();
    QList<ContainerInfo> out;
    const QJsonArray arr = doc->array();
    for (const QJsonValue &v : arr)
        out.append(containerFromList(v.toObject()));
    return out;
}

Result<ContainerInfo> EngineClient::inspectContainer(const QString &idOrName)
{
    Result<QJsonDocument> doc = inspectContainerJson(idOrName);
    if (!doc)
        return doc.error();
    return containerFromInspect(doc->object());
}

Result<QJsonDocument> EngineClient::inspectContainerJson(const QString &idOrName)
{
    return getJson(QStringLiteral("Inspecting container %1").arg(idOrName),
                   QStringLiteral("/containers/") + enc(idOrName) + QStringLiteral("/json"));
}

Status EngineClient::stopContainer(const QString &id, int timeoutSec)
{
    const int t = std::max(0, timeoutSec);
    Result<Response> r = request("POST", QStringLiteral("/containers/") + enc(id) + QStringLiteral("/stop?t=") + QString::number(t), {}, true,
                                 kRequestTimeoutSec + t);
    if (!r)
        return r.error();
    if ((r->status >= 200 && r->status < 300) || r->status == 304)
        return {};
    return engineError(QStringLiteral("Stopping container %1").arg(id), *r);
}

Status EngineClient::killContainer(const QString &id)
{
    Result<Response> r = request("POST", QStringLiteral("/containers/%1/kill").arg(enc(id)), {}, true);
    if (!r)
        return r.error();
    if ((r->status >= 200 && r->status < 300) || r->status == 409)
        return {};
    return engineError(QStringLiteral("Killing container %1").arg(id), *r);
}

Status EngineClient::removeContainer(const QString &id, bool force, bool removeVolumes)
{
    Result<Response> r = request("DELETE",
                                 QStringLiteral("/containers/%1?force=%2&v=%3")
                                     .arg(enc(id), force ? QStringLiteral("1") : QStringLiteral("0"),
                                          removeVolumes ? QStringLiteral("1") : QStringLiteral("0")),
                                 {}, true);
    if (!r)
        return r.error();
    if (r->status >= 200 && r->status < 300)
        return {};
    return engineError(QStringLiteral("Removing container %1").arg(id), *r);
}

Result<QList<NetworkInfo>> EngineClient::listNetworks(const QStringList &labelFilters)
{
    QString path = QStringLiteral("/networks");
    const QString filters = labelFilterQuery(labelFilters);
    if (!filters.isEmpty())
        path += QLatin1Char('?') + filters;
    Result<QJsonDocument> doc = getJson(QStringLiteral("Listing networks"), path);
    if (!doc)
        return doc.error();
    QList<NetworkInfo> out;
    const QJsonArray arr = doc->array();
    for (const QJsonValue &v : arr) {
        const QJsonObject o = v.toObject();
        NetworkInfo n;
        n.id = o.value(QStringLiteral("Id")).toString();
        n.name = o.value(QStringLiteral("Name")).toString();
        n.labels = toLabels(o.value(QStringLiteral("Labels")));
        out.append(n);
    }
    return out;
}

Status EngineClient::removeNetwork(const QString &id)
{
    Result<Response> r = request("DELETE", QStringLiteral("/networks/") + enc(id), {}, true);
    if (!r)
        return r.error();
    if (r->status >= 200 && r->status < 300)
        return {};
    return engineError(QStringLiteral("Removing network %1").arg(id), *r);
}

Result<bool> EngineClient::imageExists(const QString &name)
{
    Result<Response> r = request(
        "GET", QStringLiteral("/images/") + QString::fromLatin1(QUrl::toPercentEncoding(name, "/:@")) + QStringLiteral("/json"),
        {}, true);
    if (!r)
        return r.error();
    if (r->status == 200)
        return true;
    if (r->status == 404)
        return false;
    return engineError(QStringLiteral("Looking up image %1").arg(name), *r);
}

Result<QList<VolumeInfo>> EngineClient::listVolumes(const QStringList &labelFilters)
{
    QString path = QStringLiteral("/volumes");
    const QString filters = labelFilterQuery(labelFilters);
    if (!filters.isEmpty())
        path += QLatin1Char('?') + filters;
    Result<QJsonDocument> doc = getJson(QStringLiteral("Listing volumes"), path);
    if (!doc)
        return doc.error();
    QList<VolumeInfo> out;
    const QJsonArray arr = doc->object().value(QStringLiteral("Volumes")).toArray();
    for (const QJsonValue &v : arr)
        out.append(volumeFromJson(v.toObject()));
    return out;
}

Result<VolumeInfo> EngineClient::createVolume(const QString &name, const QMap<QString, QString> &labels)
{
    QJsonObject l;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        l.insert(it.key(), it.value());
    const QJsonObject body{{QStringLiteral("Name"), name}, {QStringLiteral("Labels"), l}};
    const QString what = QStringLiteral("Creating volume %1").arg(name);
    Result<Response> r = request("POST", QStringLiteral("/volumes/create"), QJsonDocument(body).toJson(QJsonDocument::Compact), true);
    if (!r)
        return r.error();
    if (r->status < 200 || r->status >= 300)
        return engineError(what, *r);
    Result<QJsonDocument> doc = parseJson(what, *r);
    if (!doc)
        return doc.error();
    return volumeFromJson(doc->object());
}

Status EngineClient::removeVolume(const QString &name)
{
    Result<Response> r = request("DELETE", QStringLiteral("/volumes/") + enc(name), {}, true);
    if (!r)
        return r.error();
    if (r->status >= 200 && r->status < 300)
        return {};
    return engineError(QStringLiteral("Removing volume %1").arg(name), *r);
}

namespace {

struct StreamState {
    CURL *curl = nullptr;
    const std::function<void(const char *, size_t)> *onData = nullptr;
    long status = 0;
    QByteArray errorBody; // body of a non-2xx answer
};

size_t streamWrite(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    auto *s = static_cast<StreamState *>(userdata);
    const size_t n = size * nmemb;
    if (s->status == 0)
        curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &s->status);
    if (s->status >= 200 && s->status < 300)
        (*s->onData)(ptr, n);
    else if (s->errorBody.size() < 64 * 1024)
        s->errorBody.append(ptr, qsizetype(n));
    return n;
}

} // namespace

Status EngineClient::stream(const QString &what, const QString &path, const std::function<void(const char *, size_t)> &onData,
                            const std::atomic_bool *cancel, const std::function<void()> &onAnswered)
{
    Result<QString> api = apiVersion();
    if (!api)
        return api.error();
    const QString url = m_endpoint.baseUrl + QStringLiteral("/v") + *api + path;

    // A handle of its own: the callbacks may use this client for other requests meanwhile.
    CURL *curl = newEasy();
    CURLM *multi = curl_multi_init();
    if (!curl || !multi) {
        if (curl)
            curl_easy_cleanup(curl);
        if (multi)
            curl_multi_cleanup(multi);
        return Error(Error::Kind::Engine, Tr::tr("Could not initialise libcurl."));
    }
    const QByteArray urlBytes = url.toUtf8();
    Result<QByteArray> socketBytes = socketPath();
    if (!socketBytes) {
        curl_easy_cleanup(curl);
        curl_multi_cleanup(multi);
        return socketBytes.error();
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    StreamState state;
    state.curl = curl;
    state.onData = &onData;

    curl_easy_setopt(curl, CURLOPT_URL, urlBytes.constData());
    applyEndpoint(curl, m_endpoint, *socketBytes);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &streamWrite);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
    curl_multi_add_handle(multi, curl);

    bool cancelled = false;
    bool answered = false;
    CURLcode result = CURLE_OK;
    bool done = false;
    while (!done) {
        if (cancel && cancel->load()) {
            cancelled = true;
            break;
        }
        int running = 0;
        const CURLMcode mc = curl_multi_perform(multi, &running);
        if (mc != CURLM_OK) {
            result = CURLE_RECV_ERROR;
            std::snprintf(errbuf, sizeof errbuf, "%s", curl_multi_strerror(mc));
            break;
        }
        if (!answered && onAnswered) {
            // The engine's headers came (a stream such as /events sends no body until
            // something happens): it is listening now.
            long code = 0;
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
            if (code >= 200 && code < 300) {
                answered = true;
                onAnswered();
            }
        }
        int queued = 0;
        while (CURLMsg *msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg == CURLMSG_DONE) {
                result = msg->data.result;
                done = true;
            }
        }
        if (done || running == 0)
            break;
        if (cancel && cancel->load()) {
            cancelled = true;
            break;
        }
        curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    if (state.status == 0)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &state.status);
    const QString curlMessage = result == CURLE_OK ? QString() : curlFailure(curl, result, errbuf, QString::fromLocal8Bit(*socketBytes));
    curl_multi_remove_handle(multi, curl);
    curl_easy_cleanup(curl);
    curl_multi_cleanup(multi);

    if (cancelled)
        return {};
    if (result != CURLE_OK) {
        if (result == CURLE_COULDNT_CONNECT || result == CURLE_COULDNT_RESOLVE_HOST
            || (result == CURLE_OPERATION_TIMEDOUT && state.status == 0))
            return unreachable(curlMessage);
        return Error(Error::Kind::Engine, QStringLiteral("Reading %1 from the Docker engine at %2 failed: %3")
                                              .arg(what, m_endpoint.toString(), curlMessage));
    }
    if (state.status < 200 || state.status >= 300) {
        Response r;
        r.status = state.status;
        r.body = state.errorBody;
        return engineError(QStringLiteral("Reading %1").arg(what), r);
    }
    return {};
}

Status EngineClient::streamLogs(const QString &id, const LogOptions &options,
                                const std::function<void(const LogLine &)> &onLine, const std::atomic_bool *cancel)
{
    Result<ContainerInfo> info = inspectContainer(id);
    if (!info)
        return info.error();

    QString path = QStringLiteral("/containers/%1/logs?stdout=%2&stderr=%3&follow=%4&timestamps=%5")
                       .arg(enc(id), options.stdoutOn ? QStringLiteral("1") : QStringLiteral("0"),
                            options.stderrOn ? QStringLiteral("1") : QStringLiteral("0"),
                            options.follow ? QStringLiteral("1") : QStringLiteral("0"),
                            options.timestamps ? QStringLiteral("1") : QStringLiteral("0"));
    path += QStringLiteral("&tail=") + (options.tail < 0 ? QStringLiteral("all") : QString::number(options.tail));
    if (options.since > 0)
        path += QStringLiteral("&since=") + QString::number(options.since);
    if (options.until > 0)
        path += QStringLiteral("&until=") + QString::number(options.until);

    LogDemuxer demuxer(!info->tty, options.timestamps, onLine);
    const Status s = stream(QStringLiteral("the logs of container %1").arg(id), path,
                            [&demuxer](const char *data, size_t n) { demuxer.feed(data, n); }, cancel);
    demuxer.finish();
    return s;
}

Status EngineClient::streamEvents(const QMap<QString, QStringList> &filters,
                                  const std::function<void(const QJsonObject &)> &onEvent, const std::atomic_bool *cancel,
                                  const std::function<void()> &onListening)
{
    QJsonObject f;
    for (auto it = filters.cbegin(); it != filters.cend(); ++it)
        f.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QString path = QStringLiteral("/events");
    if (!f.isEmpty())
        path += QStringLiteral("?filters=") + enc(QString::fromUtf8(QJsonDocument(f).toJson(QJsonDocument::Compact)));
    // One JSON object per line (Docker ends each with \n; Podman too).
    QByteArray pending;
    return stream(QStringLiteral("the event stream"), path,
                  [&](const char *data, size_t n) {
                      pending.append(data, qsizetype(n));
                      qsizetype nl;
                      while ((nl = pending.indexOf('\n')) >= 0) {
                          const QByteArray line = pending.left(nl).trimmed();
                          pending.remove(0, nl + 1);
                          if (line.isEmpty())
                              continue;
                          const QJsonDocument doc = QJsonDocument::fromJson(line);
                          if (doc.isObject())
                              onEvent(doc.object());
                      }
                  },
                  cancel, onListening);
}

Result<QList<LogLine>> EngineClient::logs(const QString &id, const LogOptions &options)
{
    LogOptions o = options;
    o.follow = false;
    QList<LogLine> lines;
    Status s = streamLogs(id, o, [&lines](const LogLine &l) { lines.append(l); });
    if (!s)
        return s.error();
    return lines;
}

} // namespace fixbench
