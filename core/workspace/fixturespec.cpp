#include "workspace/fixturespec.h"

#include "workspace/interpolation.h"
#include "workspace/yamlutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>

#include <limits>

namespace fixbench {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::FixtureSpec)
};

using yaml::Value;

const QStringList &topLevelKeys()
{
    static const QStringList keys = {
        QStringLiteral("description"), QStringLiteral("compose"), QStringLiteral("ports"),
        QStringLiteral("environment"), QStringLiteral("readiness"), QStringLiteral("hooks"),
        QStringLiteral("keep_up"), QStringLiteral("stop_timeout"), QStringLiteral("linger"),
    };
    return keys;
}

const QStringList &composeCandidates()
{
    static const QStringList names = {
        QStringLiteral("compose.yaml"), QStringLiteral("compose.yml"),
        QStringLiteral("docker-compose.yml"), QStringLiteral("docker-compose.yaml"),
    };
    return names;
}

const QStringList &probeTypes()
{
    static const QStringList types = {QStringLiteral("tcp"), QStringLiteral("log"), QStringLiteral("healthy"),
                                      QStringLiteral("ftp"), QStringLiteral("http")};
    return types;
}

bool isNull(const Value &v)
{
    return !v.node.IsDefined() || v.node.IsNull();
}

Error invalidName(const QString &file, const Value &v, const QString &section, const QString &name)
{
    return Error::spec(yaml::location(file, v.keyNode),
                       Tr::tr("%1: `%2` is not a valid variable name; use letters, digits and `_`, "
                              "not starting with a digit")
                           .arg(section, name));
}

Status checkRegex(const QString &file, const Value &v, const QString &pattern)
{
    const QRegularExpression re(pattern);
    if (re.isValid())
        return {};
    return Error::spec(yaml::location(file, v),
                       Tr::tr("%1: invalid regular expression `%2`: %3 (at offset %4)")
                           .arg(v.path, pattern, re.errorString())
                           .arg(re.patternErrorOffset()));
}

Status parsePorts(const QString &file, const Value &ports, FixtureSpec &spec)
{
    if (Status s = yaml::checkMapKeys(file, ports); !s)
        return s;
    for (const auto &[name, v] : yaml::entries(ports)) {
        if (!yaml::isIdentifier(name))
            return invalidName(file, v, QStringLiteral("ports"), name);
        PortSpec p;
        p.name = name;
        p.where = yaml::location(file, v.keyNode);
        const QString what = Tr::tr("`auto`, a port number, or {range: N}");
        if (v.node.IsScalar()) {
            const QString text = yaml::toQString(v.node.Scalar()).trimmed();
            if (text == QLatin1String("auto")) {
                // auto: fixed stays 0
            } else {
                bool ok = false;
                const qlonglong port = text.toLongLong(&ok, 10);
                if (!ok)
                    return yaml::expected(file, v, what);
                if (port < 1 || port > 65535)
                    return Error::spec(yaml::location(file, v),
                                       Tr::tr("%1: port %2 is out of range; use 1 to 65535 or `auto`")
                                           .arg(v.path, text));
                p.fixed = int(port);
            }
        } else if (v.node.IsMap()) {
            if (Status s = yaml::checkMap(file, v, {QStringLiteral("range")}, false); !s)
                return s;
            const auto fields = yaml::entries(v);
            if (fields.isEmpty())
                return yaml::expected(file, v, what);
            Result<int> count = yaml::toInt(file, fields.first().second, 1, 1000);
            if (!count)
                return count.error();
            p.count = *count;
            p.range = true;
        } else {
            return yaml::expected(file, v, what);
        }
        spec.ports.append(p);
    }
    // Ranges export NAME_MIN / NAME_MAX: they must not collide with another port.
    QSet<QString> names;
    for (const PortSpec &p : std::as_const(spec.ports))
        names.insert(p.name);
    for (const PortSpec &p : std::as_const(spec.ports)) {
        if (!p.range)
            continue;
        for (const QString &suffix : {QStringLiteral("_MIN"), QStringLiteral("_MAX")}) {
            if (names.contains(p.name + suffix))
                return Error::spec(p.where,
                                   Tr::tr("ports.%1: the range also defines `%2`, which is declared as a "
                                          "port too; rename one of them")
                                       .arg(p.name, p.name + suffix));
        }
    }
    return {};
}

Status parseEnvironment(const QString &file, const Value &envValue, FixtureSpec &spec)
{
    if (Status s = yaml::checkMapKeys(file, envValue); !s)
        return s;
    const QString what = Tr::tr("a string, a number, true/false, or {value: ..., secret: true} "
                                "(write \"\" for an empty value)");
    for (const auto &[name, v] : yaml::entries(envValue)) {
        if (!yaml::isIdentifier(name))
            return invalidName(file, v, QStringLiteral("environment"), name);
        EnvVarSpec e;
        e.name = name;
        if (v.node.IsScalar()) {
            e.value = yaml::toQString(v.node.Scalar());
            e.where = yaml::location(file, v);
        } else if (v.node.IsMap()) {
            if (Status s = yaml::checkMap(file, v, {QStringLiteral("value"), QStringLiteral("secret")}, false); !s)
                return s;
            bool haveValue = false;
            for (const auto &[key, field] : yaml::entries(v)) {
                if (key == QLatin1String("value")) {
                    if (!field.node.IsScalar())
                        return yaml::expected(file, field, Tr::tr("a string, a number or true/false"));
                    e.value = yaml::toQString(field.node.Scalar());
                    e.where = yaml::location(file, field);
                    haveValue = true;
                } else {
                    Result<bool> b = yaml::toBool(file, field);
                    if (!b)
                        return b.error();
                    e.secret = *b;
                }
            }
            if (!haveValue)
                return Error::spec(yaml::location(file, v),
                                   Tr::tr("%1: `value` is required, e.g. {value: s3cret, secret: true}").arg(v.path));
        } else {
            return yaml::expected(file, v, what);
        }
        // Check the template's syntax now, so a typo shows before anything starts.
        const Result<QString> syntax =
            Interpolation::expand(e.value, [](const QString &) { return std::optional<QString>(QString()); }, e.where);
        if (!syntax) {
            Error err = syntax.error();
            err.message = v.path + QStringLiteral(": ") + err.message;
            return err;
        }
        spec.environment.append(e);
    }
    return {};
}

Status parseTcpPort(const QString &file, const Value &v, ProbeSpec &probe)
{
    const QString what = Tr::tr("a port variable such as `FTP_PORT` or a port number");
    if (!v.node.IsScalar())
        return yaml::expected(file, v, what);
    const QString text = yaml::toQString(v.node.Scalar()).trimmed();
    bool isNumber = false;
    const qlonglong n = text.toLongLong(&isNumber, 10);
    if (isNumber) {
        if (n < 1 || n > 65535)
            return yaml::expected(file, v, what);
    } else if (!yaml::isIdentifier(text)) {
        return yaml::expected(file, v, what);
    }
    probe.port = text;
    return {};
}

// - http: {port: HTTP_PORT, host: ..., path: /health, status: 200, body: "^ok", scheme: http}
// - http: HTTP_PORT   (GET / on that port, any 2xx)
Status parseHttpProbe(const QString &file, const Value &body, ProbeSpec &probe)
{
    probe.type = ProbeSpec::Type::Http;
    if (body.node.IsScalar())
        return parseTcpPort(file, body, probe);
    if (Status s = yaml::checkMap(file, body, {QStringLiteral("port"), QStringLiteral("host"), QStringLiteral("path"),
                                               QStringLiteral("status"), QStringLiteral("body"), QStringLiteral("scheme")},
                                  false);
        !s)
        return s;
    bool havePort = false;
    for (const auto &[key, v] : yaml::entries(body)) {
        if (key == QLatin1String("port")) {
            if (Status s = parseTcpPort(file, v, probe); !s)
                return s;
            havePort = true;
        } else if (key == QLatin1String("host")) {
            Result<QString> host = yaml::toString(file, v, Tr::tr("a host name or address"));
            if (!host)
                return host.error();
            probe.host = *host;
        } else if (key == QLatin1String("path")) {
            const QString what = Tr::tr("a request path such as `/health`");
            Result<QString> path = yaml::toString(file, v, what);
            if (!path)
                return path.error();
            QString text = path->trimmed();
            if (text.isEmpty())
                return yaml::expected(file, v, what);
            if (text.contains(QLatin1String("://")))
                return Error::spec(yaml::location(file, v),
                                   Tr::tr("%1: `%2` is a URL; write only its path (e.g. `/health`): the probe "
                                          "connects to `host` (default: the engine's host) on `port`")
                                       .arg(v.path, text));
            static const QRegularExpression space(QStringLiteral("\\s"));
            if (text.contains(space))
                return Error::spec(yaml::location(file, v),
                                   Tr::tr("%1: `%2` contains white space; encode it as %20").arg(v.path, text));
            if (!text.startsWith(QLatin1Char('/')))
                text.prepend(QLatin1Char('/'));
            probe.path = text;
        } else if (key == QLatin1String("status")) {
            Result<int> status = yaml::toInt(file, v, 100, 599);
            if (!status)
                return status.error();
            probe.status = *status;
        } else if (key == QLatin1String("body")) {
            Result<QString> re = yaml::toString(file, v, Tr::tr("a regular expression"));
            if (!re)
                return re.error();
            if (Status s = checkRegex(file, v, *re); !s)
                return s;
            probe.body = *re;
        } else {
            Result<QString> scheme = yaml::toString(file, v, Tr::tr("`http` or `https`"));
            if (!scheme)
                return scheme.error();
            const QString text = scheme->trimmed().toLower();
            if (text != QLatin1String("http") && text != QLatin1String("https"))
                return Error::spec(yaml::location(file, v),
                                   Tr::tr("%1: unknown scheme `%2`; use `http` or `https`").arg(v.path, *scheme));
            probe.scheme = text;
        }
    }
    if (!havePort)
        return Error::spec(probe.where,
                           Tr::tr("%1: `port` is required, e.g. {port: HTTP_PORT, path: /health}").arg(body.path));
    return {};
}

Status parseProbe(const QString &file, const Value &item, ProbeSpec &probe)
{
    const QString what = Tr::tr("a map with one of %1").arg(yaml::quotedList(probeTypes()));
    if (!item.node.IsMap())
        return yaml::expected(file, item, what);
    if (Status s = yaml::checkMap(file, item, probeTypes(), false); !s)
        return s;
    const auto fields = yaml::entries(item);
    if (fields.size() != 1) {
        QStringList keys;
        for (const auto &f : fields)
            keys.append(f.first);
        return Error::spec(yaml::location(file, item),
                           Tr::tr("%1: a probe has exactly one of %2, found %3; make each one a list item")
                               .arg(item.path, yaml::quotedList(probeTypes()),
                                    keys.isEmpty() ? Tr::tr("none") : yaml::quotedList(keys)));
    }
    const QString type = fields.first().first;
    const Value body = fields.first().second;
    probe.where = yaml::location(file, body.keyNode);

    if (type == QLatin1String("tcp")) {
        probe.type = ProbeSpec::Type::Tcp;
        if (body.node.IsScalar()) // - tcp: FTP_PORT
            return parseTcpPort(file, body, probe);
        if (Status s = yaml::checkMap(file, body, {QStringLiteral("port"), QStringLiteral("host"),
                                                   QStringLiteral("expect")}, false);
            !s)
            return s;
        bool havePort = false;
        for (const auto &[key, v] : yaml::entries(body)) {
            if (key == QLatin1String("port")) {
                if (Status s = parseTcpPort(file, v, probe); !s)
                    return s;
                havePort = true;
            } else if (key == QLatin1String("host")) {
                Result<QString> host = yaml::toString(file, v, Tr::tr("a host name or address"));
                if (!host)
                    return host.error();
                probe.host = *host;
            } else {
                Result<QString> expect = yaml::toString(file, v, Tr::tr("a regular expression"));
                if (!expect)
                    return expect.error();
                if (Status s = checkRegex(file, v, *expect); !s)
                    return s;
                probe.expect = *expect;
            }
        }
        if (!havePort)
            return Error::spec(probe.where, Tr::tr("%1: `port` is required, e.g. {port: FTP_PORT}").arg(body.path));
        return {};
    }

    if (type == QLatin1String("log")) {
        probe.type = ProbeSpec::Type::Log;
        if (Status s = yaml::checkMap(file, body, {QStringLiteral("service"), QStringLiteral("pattern")}, false); !s)
            return s;
        bool havePattern = false;
        for (const auto &[key, v] : yaml::entries(body)) {
            if (key == QLatin1String("service")) {
                Result<QString> service = yaml::toString(file, v, Tr::tr("a compose service name"));
                if (!service)
                    return service.error();
                probe.service = *service;
            } else {
                Result<QString> pattern = yaml::toString(file, v, Tr::tr("a regular expression"));
                if (!pattern)
                    return pattern.error();
                if (Status s = checkRegex(file, v, *pattern); !s)
                    return s;
                probe.pattern = *pattern;
                havePattern = true;
            }
        }
        if (!havePattern)
            return Error::spec(probe.where,
                               Tr::tr("%1: `pattern` is required, e.g. {service: ftp, pattern: \"listening\"}")
                                   .arg(body.path));
        return {};
    }

    if (type == QLatin1String("http"))
        return parseHttpProbe(file, body, probe);

    if (type == QLatin1String("healthy")) {
        probe.type = ProbeSpec::Type::Healthy;
        if (body.node.IsScalar()) { // - healthy: db
            probe.service = yaml::toQString(body.node.Scalar());
            return {};
        }
        if (Status s = yaml::checkMap(file, body, {QStringLiteral("service")}, true); !s)
            return s;
        for (const auto &[key, v] : yaml::entries(body)) {
            Result<QString> service = yaml::toString(file, v, Tr::tr("a compose service name"));
            if (!service)
                return service.error();
            probe.service = *service;
        }
        return {};
    }

    // ftp: logs in and lists with the fixture's FTP_* variables; no options.
    probe.type = ProbeSpec::Type::Ftp;
    if (isNull(body))
        return {};
    if (!body.node.IsMap())
        return yaml::expected(file, body, QStringLiteral("{}"));
    const auto opts = yaml::entries(body);
    if (!opts.isEmpty())
        return Error::spec(yaml::location(file, opts.first().second.keyNode),
                           Tr::tr("unknown key `%1` in `%2`: the ftp probe takes no options (it logs in with "
                                  "the FTP_* variables); write `- ftp: {}`")
                               .arg(opts.first().first, body.path));
    return {};
}

Status parseReadiness(const QString &file, const Value &readiness, FixtureSpec &spec)
{
    if (Status s = yaml::checkMap(file, readiness, {QStringLiteral("timeout"), QStringLiteral("probes")}); !s)
        return s;
    for (const auto &[key, v] : yaml::entries(readiness)) {
        if (key == QLatin1String("timeout")) {
            Result<qint64> ms = yaml::toDurationMs(file, v);
            if (!ms)
                return ms.error();
            if (*ms <= 0 || *ms > std::numeric_limits<int>::max())
                return Error::spec(yaml::location(file, v),
                                   Tr::tr("%1: must be more than 0 and less than 24 days").arg(v.path));
            spec.readinessTimeoutMs = int(*ms);
        } else {
            if (isNull(v))
                continue;
            if (!v.node.IsSequence())
                return yaml::expected(file, v, Tr::tr("a list of probes (`- tcp: {port: NAME}`, `- log: ...`)"));
            for (const Value &item : yaml::items(v)) {
                ProbeSpec probe;
                if (Status s = parseProbe(file, item, probe); !s)
                    return s;
                spec.probes.append(probe);
            }
        }
    }
    return {};
}

Status parseHooks(const QString &file, const Value &hooks, FixtureSpec &spec)
{
    if (Status s = yaml::checkMap(file, hooks, FixtureSpec::hookEvents()); !s)
        return s;
    const QString what = Tr::tr("a command, {run: command, args: [...], timeout: 30s} or {builtin: NAME}");
    for (const auto &[event, v] : yaml::entries(hooks)) {
        HookSpec hook;
        hook.event = event;
        hook.where = yaml::location(file, v.keyNode);
        if (v.node.IsScalar()) {
            const QStringList words = QProcess::splitCommand(yaml::toQString(v.node.Scalar()));
            if (words.isEmpty())
                return yaml::expected(file, v, what);
            hook.command = words.first();
            hook.args = words.mid(1);
        } else if (v.node.IsMap()) {
            if (Status s = yaml::checkMap(file, v, {QStringLiteral("run"), QStringLiteral("builtin"), QStringLiteral("args"),
                                                    QStringLiteral("timeout")}, false);
                !s)
                return s;
            bool haveRun = false;
            bool haveBuiltin = false;
            for (const auto &[key, field] : yaml::entries(v)) {
                if (key == QLatin1String("run")) {
                    Result<QString> run = yaml::toString(file, field, Tr::tr("a command"));
                    if (!run)
                        return run.error();
                    if (run->trimmed().isEmpty())
                        return yaml::expected(file, field, Tr::tr("a command"));
                    hook.command = run->trimmed();
                    haveRun = true;
                } else if (key == QLatin1String("builtin")) {
                    Result<QString> name = yaml::toString(file, field, Tr::tr("a built-in hook name"));
                    if (!name)
                        return name.error();
                    if (!HookSpec::builtins().contains(name->trimmed()))
                        return Error::spec(yaml::location(file, field),
                                           Tr::tr("%1: unknown built-in hook `%2`; built-in hooks: %3")
                                               .arg(field.path, *name, yaml::quotedList(HookSpec::builtins())));
                    hook.builtin = name->trimmed();
                    haveBuiltin = true;
                } else if (key == QLatin1String("args")) {
                    if (isNull(field))
                        continue;
                    Result<QStringList> args = yaml::toStringList(file, field);
                    if (!args)
                        return args.error();
                    hook.args = *args;
                } else {
                    Result<qint64> ms = yaml::toDurationMs(file, field);
                    if (!ms)
                        return ms.error();
                    if (*ms <= 0 || *ms > std::numeric_limits<int>::max())
                        return Error::spec(yaml::location(file, field),
                                           Tr::tr("%1: must be more than 0 and less than 24 days").arg(field.path));
                    hook.timeoutMs = int(*ms);
                }
            }
            if (haveRun && haveBuiltin)
                return Error::spec(hook.where, Tr::tr("%1: `run` and `builtin` exclude each other; keep one").arg(v.path));
            if (!haveRun && !haveBuiltin)
                return Error::spec(hook.where, Tr::tr("%1: `run` is required (or `builtin`), e.g. {run: hooks/%2.sh}")
                                                   .arg(v.path, event));
        } else {
            return yaml::expected(file, v, what);
        }
        spec.hooks.append(hook);
    }
    return {};
}

} // namespace

QString ProbeSpec::describe() const
{
    switch (type) {
    case Type::Tcp:
        return QStringLiteral("tcp ") + (host.isEmpty() ? port : host + QLatin1Char(':') + port);
    case Type::Log:
        return QStringLiteral("log ") + (service.isEmpty() ? QString() : service + QLatin1Char(' '))
            + QLatin1Char('/') + pattern + QLatin1Char('/');
    case Type::Healthy:
        return service.isEmpty() ? QStringLiteral("healthy") : QStringLiteral("healthy ") + service;
    case Type::Ftp:
        return QStringLiteral("ftp");
    case Type::Http:
        return QStringLiteral("http ") + (scheme == QLatin1String("http") ? QString() : scheme + QStringLiteral("://"))
            + (host.isEmpty() ? port : host + QLatin1Char(':') + port) + path;
    }
    return {};
}

const HookSpec *FixtureSpec::hook(const QString &event) const
{
    for (const HookSpec &h : hooks) {
        if (h.event == event)
            return &h;
    }
    return nullptr;
}

const QStringList &HookSpec::builtins()
{
    static const QStringList names = {QStringLiteral("ftp-clean")};
    return names;
}

const QStringList &FixtureSpec::hookEvents()
{
    static const QStringList events = {QStringLiteral("started"), QStringLiteral("setup_data"),
                                       QStringLiteral("teardown_data"), QStringLiteral("stopping")};
    return events;
}

Result<FixtureSpec> FixtureSpec::load(const QString &fixtureDir)
{
    const QString dir = QDir::cleanPath(QDir(fixtureDir).absolutePath());
    const QString path = QDir(dir).filePath(QStringLiteral("fixture.yml"));
    QFile f(path);
    if (!f.exists())
        return Error(Error::Kind::NotFound,
                     Tr::tr("no fixture.yml in %1; a fixture folder needs one (it may be empty)").arg(dir));
    if (!f.open(QIODevice::ReadOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot read %1: %2").arg(path, f.errorString()));
    return parse(f.readAll(), path, dir);
}

Result<FixtureSpec> FixtureSpec::parse(const QByteArray &yamlText, const QString &fileName, const QString &fixtureDir)
{
    FixtureSpec spec;
    spec.dir = QDir::cleanPath(QDir(fixtureDir).absolutePath());
    spec.name = QFileInfo(spec.dir).fileName();
    spec.specFile = QDir::cleanPath(QDir(spec.dir).absoluteFilePath(fileName));
    const QString &file = fileName;

    Result<YAML::Node> doc = yaml::load(yamlText, file);
    if (!doc)
        return doc.error();

    Value root;
    root.node = *doc;
    if (!isNull(root) && !root.node.IsMap())
        return yaml::expected(file, root, Tr::tr("a map of settings (%1)").arg(yaml::quotedList(topLevelKeys())));
    if (Status s = yaml::checkMap(file, root, topLevelKeys()); !s)
        return s.error();

    std::optional<Value> composeValue;
    QString composeName;
    for (const auto &[key, v] : yaml::entries(root)) {
        Status status;
        if (key == QLatin1String("description")) {
            if (!isNull(v)) {
                Result<QString> d = yaml::toString(file, v, Tr::tr("a text"));
                if (!d)
                    return d.error();
                spec.description = *d;
            }
        } else if (key == QLatin1String("compose")) {
            Result<QString> c = yaml::toString(file, v, Tr::tr("a compose file name"));
            if (!c)
                return c.error();
            if (c->trimmed().isEmpty())
                return yaml::expected(file, v, Tr::tr("a compose file name"));
            composeName = c->trimmed();
            composeValue = v;
        } else if (key == QLatin1String("ports")) {
            status = parsePorts(file, v, spec);
        } else if (key == QLatin1String("environment")) {
            status = parseEnvironment(file, v, spec);
        } else if (key == QLatin1String("readiness")) {
            status = parseReadiness(file, v, spec);
        } else if (key == QLatin1String("hooks")) {
            status = parseHooks(file, v, spec);
        } else if (key == QLatin1String("keep_up")) {
            Result<bool> b = yaml::toBool(file, v);
            if (!b)
                return b.error();
            spec.keepUp = *b;
        } else if (key == QLatin1String("stop_timeout")) {
            Result<qint64> ms = yaml::toDurationMs(file, v);
            if (!ms)
                return ms.error();
            if (*ms > 24LL * 3600 * 1000)
                return Error::spec(yaml::location(file, v), Tr::tr("%1: at most 24h").arg(v.path));
            spec.stopTimeoutSec = int((*ms + 999) / 1000);
        } else if (key == QLatin1String("linger")) {
            Result<qint64> ms = yaml::toDurationMs(file, v);
            if (!ms)
                return ms.error();
            if (*ms > 24LL * 3600 * 1000)
                return Error::spec(yaml::location(file, v), Tr::tr("%1: at most 24h").arg(v.path));
            spec.lingerMs = *ms;
        }
        if (!status)
            return status.error();
    }

    // A tcp or http probe names a declared port or environment variable, or a number.
    for (const ProbeSpec &probe : std::as_const(spec.probes)) {
        const bool hasPort = probe.type == ProbeSpec::Type::Tcp || probe.type == ProbeSpec::Type::Http;
        if (!hasPort || !yaml::isIdentifier(probe.port))
            continue;
        bool known = false;
        QStringList candidates;
        for (const PortSpec &p : std::as_const(spec.ports)) {
            candidates.append(p.name);
            if (p.range)
                candidates << p.name + QStringLiteral("_MIN") << p.name + QStringLiteral("_MAX");
        }
        for (const EnvVarSpec &e : std::as_const(spec.environment))
            candidates.append(e.name);
        known = candidates.contains(probe.port);
        if (!known)
            return Error::spec(probe.where,
                               Tr::tr("%1 probe: `%2` is neither a port nor an environment variable of this "
                                      "fixture; declared: %3")
                                   .arg(probe.type == ProbeSpec::Type::Http ? QStringLiteral("http") : QStringLiteral("tcp"),
                                        probe.port, candidates.isEmpty() ? Tr::tr("none")
                                                                         : yaml::quotedList(candidates)));
    }

    // The compose file: the only disk access of parse().
    const QDir dir(spec.dir);
    if (composeValue) {
        const QString path = QDir::cleanPath(dir.absoluteFilePath(composeName));
        if (!QFileInfo(path).isFile())
            return Error::spec(yaml::location(file, composeValue->keyNode),
                               Tr::tr("compose file `%1` not found (looked for %2); fix `compose:` or create it")
                                   .arg(composeName, path));
        spec.composeFile = path;
    } else {
        for (const QString &candidate : composeCandidates()) {
            const QString path = dir.filePath(candidate);
            if (QFileInfo(path).isFile()) {
                spec.composeFile = path;
                break;
            }
        }
        if (spec.composeFile.isEmpty()) {
            SourceLocation loc;
            loc.file = file;
            return Error::spec(loc, Tr::tr("no compose file for fixture `%1`: looked for %2 in %3; add one, or "
                                           "name it with `compose:`")
                                        .arg(spec.name, yaml::quotedList(composeCandidates()), spec.dir));
        }
    }
    return spec;
}

} // namespace fixbench
