#include "engine/engineendpoint.h"

#include "engine/sshtunnel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace fixbench {

namespace {

constexpr const char *kDefaultSocket = "/var/run/docker.sock";

EngineEndpoint invalid(EngineEndpoint ep, const QString &problem)
{
    ep.kind = EngineEndpoint::Kind::Invalid;
    ep.baseUrl.clear();
    ep.problem = problem;
    return ep;
}

QString from(const EngineEndpoint &ep)
{
    if (ep.source == QLatin1String("DOCKER_HOST"))
        return QStringLiteral("DOCKER_HOST");
    if (!ep.contextName.isEmpty())
        return QStringLiteral("the docker context \"%1\" (%2)").arg(ep.contextName, ep.source);
    return ep.source;
}

// TLS settings as the docker CLI takes them from its environment.
void tlsFromEnvironment(EngineEndpoint &ep, const QProcessEnvironment &env)
{
    const bool verify = !env.value(QStringLiteral("DOCKER_TLS_VERIFY")).isEmpty();
    const bool tls = verify || !env.value(QStringLiteral("DOCKER_TLS")).isEmpty();
    if (!tls)
        return;
    ep.tls = true;
    ep.tlsVerify = verify;
    ep.certPath = env.value(QStringLiteral("DOCKER_CERT_PATH"));
    if (ep.certPath.isEmpty())
        ep.certPath = EngineEndpoint::dockerConfigDir(env);
}

EngineEndpoint checkTls(EngineEndpoint ep)
{
    if (!ep.tls || ep.kind != EngineEndpoint::Kind::Tcp)
        return ep;
    QUrl u(ep.baseUrl);
    u.setScheme(QStringLiteral("https"));
    ep.baseUrl = u.toString();
    const QStringList needed = ep.tlsVerify ? QStringList{QStringLiteral("ca.pem"), QStringLiteral("cert.pem"), QStringLiteral("key.pem")}
                                            : QStringList{};
    for (const QString &f : needed)
        if (!QFileInfo(ep.certPath + QLatin1Char('/') + f).isFile())
            return invalid(ep, QStringLiteral("TLS file %1 is missing (from %2; DOCKER_CERT_PATH or the context's TLS folder)")
                                   .arg(QDir::toNativeSeparators(ep.certPath + QLatin1Char('/') + f), from(ep)));
    return ep;
}

} // namespace

QString EngineEndpoint::dockerConfigDir(const QProcessEnvironment &env)
{
    const QString configured = env.value(QStringLiteral("DOCKER_CONFIG"));
    if (!configured.isEmpty())
        return configured;
    const QString home = env.value(QStringLiteral("HOME"), QDir::homePath());
    return home + QStringLiteral("/.docker");
}

EngineEndpoint EngineEndpoint::fromAddress(const QString &addressIn, const QString &source)
{
    EngineEndpoint ep;
    ep.source = source;
    const QString address = addressIn.trimmed();
    ep.address = address;
    if (address.startsWith(QLatin1String("unix://"))) {
        ep.kind = Kind::Unix;
        ep.unixSocket = address.mid(7);
        if (ep.unixSocket.isEmpty())
            ep.unixSocket = QString::fromLatin1(kDefaultSocket);
        ep.baseUrl = QStringLiteral("http://localhost");
        return ep;
    }
    if (address.startsWith(QLatin1String("tcp://")) || address.startsWith(QLatin1String("http://"))
        || address.startsWith(QLatin1String("https://"))) {
        QUrl u(address);
        if (!u.isValid() || u.host().isEmpty())
            return invalid(ep, QStringLiteral("%1 is not a valid engine address (from %2)").arg(address, from(ep)));
        QUrl base;
        base.setScheme(address.startsWith(QLatin1String("https://")) ? QStringLiteral("https") : QStringLiteral("http"));
        base.setHost(u.host());
        base.setPort(u.port(2375));
        ep.kind = Kind::Tcp;
        ep.baseUrl = base.toString();
        ep.tls = base.scheme() == QLatin1String("https");
        return ep;
    }
    if (address.startsWith(QLatin1String("ssh://"))) {
        QUrl u(address);
        if (!u.isValid() || u.host().isEmpty())
            return invalid(ep, QStringLiteral("%1 is not a valid ssh address, expected ssh://[user@]host[:port] (from %2)").arg(address, from(ep)));
        if (!u.path().isEmpty() && u.path() != QLatin1String("/"))
            return invalid(ep, QStringLiteral("%1: a path after the host is not supported, as with the docker CLI; "
                                              "set FIXBENCH_SSH_DOCKER_SOCKET for a socket other than /var/run/docker.sock (from %2)")
                                   .arg(address, from(ep)));
        ep.kind = Kind::Ssh;
        ep.sshUser = u.userName();
        ep.sshHost = u.host();
        ep.sshPort = u.port(0);
        ep.baseUrl = QStringLiteral("http://localhost");
        return ep;
    }
    return invalid(ep, QStringLiteral("unsupported Docker endpoint %1 (from %2): fixbench speaks unix://, tcp:// (with or without TLS) and ssh://")
                           .arg(address.isEmpty() ? QStringLiteral("\"\"") : address, from(ep)));
}

EngineEndpoint EngineEndpoint::fromEnvironment()
{
    return fromEnvironment(QProcessEnvironment::systemEnvironment());
}

EngineEndpoint EngineEndpoint::fromEnvironment(const QProcessEnvironment &env)
{
    EngineEndpoint ep;
    const QString dockerHost = env.value(QStringLiteral("DOCKER_HOST")).trimmed();
    if (!dockerHost.isEmpty()) {
        ep = fromAddress(dockerHost, QStringLiteral("DOCKER_HOST"));
        if (ep.kind == Kind::Tcp) {
            tlsFromEnvironment(ep, env);
            ep = checkTls(ep);
        }
    } else {
        QString context = env.value(QStringLiteral("DOCKER_CONTEXT")).trimmed();
        QString source = QStringLiteral("DOCKER_CONTEXT");
        const QString configDir = dockerConfigDir(env);
        if (context.isEmpty()) {
            QFile f(configDir + QStringLiteral("/config.json"));
            if (f.open(QIODevice::ReadOnly)) {
                QJsonParseError perr;
                const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
                if (perr.error != QJsonParseError::NoError) {
                    ep.source = QStringLiteral("docker CLI config");
                    return invalid(ep, QStringLiteral("%1: not valid JSON at offset %2 (%3)")
                                           .arg(QDir::toNativeSeparators(f.fileName())).arg(perr.offset).arg(perr.errorString()));
                }
                context = doc.object().value(QStringLiteral("currentContext")).toString();
                source = QDir::toNativeSeparators(f.fileName());
            }
        }
        if (context.isEmpty() || context == QLatin1String("default")) {
            ep = fromAddress(QStringLiteral("unix://") + QString::fromLatin1(kDefaultSocket),
                             context.isEmpty() ? QStringLiteral("default") : source);
            if (!context.isEmpty())
                ep.contextName = context;
        } else {
            const QString hash = QString::fromLatin1(QCryptographicHash::hash(context.toUtf8(), QCryptographicHash::Sha256).toHex());
            const QString metaPath = configDir + QStringLiteral("/contexts/meta/") + hash + QStringLiteral("/meta.json");
            QFile meta(metaPath);
            ep.source = source;
            ep.contextName = context;
            if (!meta.open(QIODevice::ReadOnly))
                return invalid(ep, QStringLiteral("the docker context \"%1\" (%2) does not exist: no %3")
                                       .arg(context, source, QDir::toNativeSeparators(metaPath)));
            QJsonParseError perr;
            const QJsonObject docker = QJsonDocument::fromJson(meta.readAll(), &perr)
                                           .object().value(QStringLiteral("Endpoints")).toObject()
                                           .value(QStringLiteral("docker")).toObject();
            const QString host = docker.value(QStringLiteral("Host")).toString();
            if (perr.error != QJsonParseError::NoError || host.isEmpty())
                return invalid(ep, QStringLiteral("the docker context \"%1\" (%2) has no docker endpoint in %3")
                                       .arg(context, source, QDir::toNativeSeparators(metaPath)));
            ep = fromAddress(host, source);
            ep.contextName = context;
            const QString tlsDir = configDir + QStringLiteral("/contexts/tls/") + hash + QStringLiteral("/docker");
            if (ep.kind == Kind::Tcp && QFileInfo(tlsDir).isDir()) {
                ep.tls = true;
                ep.tlsVerify = !docker.value(QStringLiteral("SkipTLSVerify")).toBool();
                ep.certPath = tlsDir;
                ep = checkTls(ep);
            }
        }
    }
    ep.hostOverride = env.value(QStringLiteral("FIXBENCH_HOST")).trimmed();
    return ep;
}

QString EngineEndpoint::host() const
{
    if (!hostOverride.isEmpty())
        return hostOverride;
    if (kind == Kind::Ssh && !sshHost.isEmpty())
        return sshHost;
    if (kind == Kind::Tcp) {
        const QString h = QUrl(baseUrl).host();
        if (!h.isEmpty())
            return h;
    }
    return QStringLiteral("127.0.0.1");
}

QString EngineEndpoint::toString() const
{
    switch (kind) {
    case Kind::Unix:
        return QStringLiteral("unix://") + unixSocket;
    case Kind::Tcp: {
        QUrl u(baseUrl);
        u.setScheme(QStringLiteral("tcp"));
        return u.toString();
    }
    case Kind::Ssh:
        return address;
    case Kind::Invalid:
        break;
    }
    return address.isEmpty() ? source : address;
}

QString EngineEndpoint::describe() const
{
    QString text = toString();
    if (kind == Kind::Tcp)
        text += tls ? (tlsVerify ? QStringLiteral(" (TLS, verified)") : QStringLiteral(" (TLS, not verified)"))
                    : QStringLiteral(" (no TLS)");
    if (kind == Kind::Ssh)
        text += QStringLiteral(" (through OpenSSH)");
    return text + QStringLiteral(" from ") + from(*this);
}

Result<QString> EngineEndpoint::localSocket() const
{
    if (kind == Kind::Ssh)
        return SshTunnel::open(sshUser, sshHost, sshPort);
    if (kind == Kind::Invalid)
        return Error(Error::Kind::Engine, problem);
    return unixSocket;
}

Result<QMap<QString, QString>> EngineEndpoint::composeEnvironment() const
{
    QMap<QString, QString> env;
    env.insert(QStringLiteral("DOCKER_CONTEXT"), QString());
    env.insert(QStringLiteral("DOCKER_TLS_VERIFY"), QString());
    env.insert(QStringLiteral("DOCKER_TLS"), QString());
    env.insert(QStringLiteral("DOCKER_CERT_PATH"), QString());
    switch (kind) {
    case Kind::Invalid:
        return Error(Error::Kind::Engine, problem);
    case Kind::Unix:
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + unixSocket);
        break;
    case Kind::Ssh: {
        Result<QString> sock = localSocket();
        if (!sock)
            return sock.error();
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + *sock);
        break;
    }
    case Kind::Tcp:
        env.insert(QStringLiteral("DOCKER_HOST"), toString());
        if (tls) {
            env.insert(tlsVerify ? QStringLiteral("DOCKER_TLS_VERIFY") : QStringLiteral("DOCKER_TLS"), QStringLiteral("1"));
            env.insert(QStringLiteral("DOCKER_CERT_PATH"), certPath);
            // Python's requests (compose v1) lets these replace the engine's CA that
            // docker-py sets, and then fails with "unable to get local issuer
            // certificate" (psf/requests#3829).
            env.insert(QStringLiteral("REQUESTS_CA_BUNDLE"), QString());
            env.insert(QStringLiteral("CURL_CA_BUNDLE"), QString());
        }
        break;
    }
    return env;
}

} // namespace fixbench
