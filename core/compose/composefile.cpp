#include "compose/composefile.h"

#include "base/utf8.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <utility>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::ComposeFile)
};
} // namespace

namespace {

// "2121" or "2121-2123" → (first, count); nullopt when it is not a port or a range.
std::optional<std::pair<int, int>> parsePortRange(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('-'));
    if (parts.size() > 2)
        return std::nullopt;
    bool ok1 = false, ok2 = true;
    const int first = parts[0].toInt(&ok1);
    const int last = parts.size() == 2 ? parts[1].toInt(&ok2) : first;
    if (!ok1 || !ok2 || first < 1 || last < first || last > 65535)
        return std::nullopt;
    return std::make_pair(first, last - first + 1);
}

// The host part of a short-syntax entry "[IP:][HOST:]CONTAINER[/PROTO]": hostIp, host
// port text ("" when compose picks one) and protocol.
void splitShortSyntax(QString text, QString *hostIp, QString *host, QString *protocol)
{
    *protocol = QStringLiteral("tcp");
    if (const qsizetype slash = text.lastIndexOf(QLatin1Char('/')); slash >= 0) {
        *protocol = text.mid(slash + 1).toLower();
        text.truncate(slash);
    }
    const qsizetype lastColon = text.lastIndexOf(QLatin1Char(':'));
    if (lastColon < 0 || (text.startsWith(QLatin1Char('[')) && text.indexOf(QLatin1Char(']')) > lastColon))
        return; // CONTAINER alone
    const QString rest = text.left(lastColon);
    const qsizetype bracket = rest.lastIndexOf(QLatin1Char(']'));
    const qsizetype colon = rest.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0 && colon > bracket) {
        *hostIp = rest.left(colon);
        *host = rest.mid(colon + 1);
    } else {
        *host = rest; // HOST, or an IPv6 [addr] alone is not valid compose anyway
    }
    if (hostIp->startsWith(QLatin1Char('[')) && hostIp->endsWith(QLatin1Char(']')))
        *hostIp = hostIp->mid(1, hostIp->size() - 2);
}

} // namespace

Result<ComposeFile> ComposeFile::load(const QString &path)
{
    ComposeFile cf;
    cf.path = path;
    YAML::Node root;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot read compose file %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    // Before compose ever reads it: docker-compose v1 answers a byte that is not UTF-8
    // with a Python traceback.
    if (Status s = utf8::check(bytes, path); !s)
        return s.error();
    try {
        root = YAML::Load(bytes.toStdString());
    } catch (const YAML::ParserException &e) {
        return Error::spec(SourceLocation{path, e.mark.line + 1, e.mark.column + 1},
                           Tr::tr("invalid YAML in compose file: %1").arg(QString::fromStdString(e.msg)));
    } catch (const YAML::Exception &e) {
        return Error(Error::Kind::Io, Tr::tr("cannot read compose file %1: %2").arg(path, QString::fromStdString(e.what())));
    }
    // Every node read below is checked for its kind first: a careless compose file is a
    // file:line:col error, never an exception (yaml-cpp throws on a wrong conversion).
    auto at = [&](const YAML::Node &n, const YAML::Node &fallback) {
        const YAML::Mark m = n.Mark().line >= 0 ? n.Mark() : fallback.Mark();
        return SourceLocation{path, std::max(0, m.line) + 1, std::max(0, m.column) + 1};
    };
    auto scalar = [&](const YAML::Node &n, const YAML::Node &parent, const QString &what) -> Result<QString> {
        if (!n.IsScalar())
            return Error::spec(at(n, parent), Tr::tr("compose file: %1 must be a string").arg(what));
        return QString::fromStdString(n.Scalar());
    };
    try {
        if (!root.IsMap())
            return Error::spec(SourceLocation{path, 1, 1}, Tr::tr("a compose file must be a map with a `services:` key"));
        if (root["version"] && root["version"].IsScalar())
            cf.version = QString::fromStdString(root["version"].Scalar());
        const QDir base = QFileInfo(path).absoluteDir();
        const YAML::Node services = root["services"];
        if (!services || !services.IsMap() || services.size() == 0)
            return Error::spec(at(services, root), Tr::tr("the compose file declares no `services:`"));
        for (auto it = services.begin(); it != services.end(); ++it) {
            auto name = scalar(it->first, services, Tr::tr("a service name"));
            if (!name)
                return name.error();
            if (name->isEmpty())
                return Error::spec(at(it->first, services), Tr::tr("compose file: a service needs a name"));
            cf.services << *name;
            if (!(it->second.IsMap() && it->second["profiles"]))
                cf.defaultServices << *name;
            const YAML::Node ports = it->second.IsMap() ? it->second["ports"] : YAML::Node();
            if (ports && ports.IsSequence()) {
                for (const YAML::Node &entry : ports) {
                    ComposeFixedPort fp;
                    fp.service = *name;
                    fp.where = at(entry, ports);
                    QString host;
                    if (entry.IsScalar()) {
                        splitShortSyntax(QString::fromStdString(entry.Scalar()), &fp.hostIp, &host, &fp.protocol);
                    } else if (entry.IsMap()) {
                        if (entry["published"] && entry["published"].IsScalar())
                            host = QString::fromStdString(entry["published"].Scalar());
                        if (entry["host_ip"] && entry["host_ip"].IsScalar())
                            fp.hostIp = QString::fromStdString(entry["host_ip"].Scalar());
                        fp.protocol = entry["protocol"] && entry["protocol"].IsScalar()
                                          ? QString::fromStdString(entry["protocol"].Scalar()).toLower()
                                          : QStringLiteral("tcp");
                    }
                    // "${FTP_PORT}:21": fixbench allocates it (fixture.yml `ports:`), checked there.
                    if (host.isEmpty() || host.contains(QLatin1Char('$')))
                        continue;
                    const auto range = parsePortRange(host.trimmed());
                    if (!range)
                        continue; // compose says what is wrong with it
                    fp.first = range->first;
                    fp.count = range->second;
                    cf.fixedPorts << fp;
                }
            }
            const YAML::Node build = it->second.IsMap() ? it->second["build"] : YAML::Node();
            if (build) {
                QString ctx = QStringLiteral(".");
                if (build.IsScalar()) {
                    ctx = QString::fromStdString(build.Scalar());
                } else if (build.IsMap() && build["context"]) {
                    auto c = scalar(build["context"], build, Tr::tr("`build.context` of service `%1`").arg(*name));
                    if (!c)
                        return c.error();
                    ctx = *c;
                } else if (!build.IsMap()) {
                    return Error::spec(at(build, it->second), Tr::tr("compose file: `build` of service `%1` must be a path or a map").arg(*name));
                }
                if (!ctx.contains(QLatin1String("://")))
                    cf.buildContexts << QDir::cleanPath(base.absoluteFilePath(ctx));
            }
        }
        const YAML::Node networks = root["networks"];
        if (networks && networks.IsMap()) {
            for (auto it = networks.begin(); it != networks.end(); ++it) {
                auto name = scalar(it->first, networks, Tr::tr("a network name"));
                if (!name)
                    return name.error();
                const YAML::Node n = it->second;
                const bool external = n.IsMap() && n["external"] && !(n["external"].IsScalar() && n["external"].Scalar() == "false");
                if (!external)
                    cf.networks << *name;
            }
        }
    } catch (const YAML::Exception &e) {
        // Anything left that yaml-cpp refuses: still an error at its place, not an abort.
        return Error::spec(SourceLocation{path, std::max(0, e.mark.line) + 1, std::max(0, e.mark.column) + 1},
                           Tr::tr("compose file: %1").arg(QString::fromStdString(e.msg)));
    }
    return cf;
}

QByteArray ComposeFile::labelOverride(const QList<QPair<QString, QString>> &labels) const
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    if (!version.isEmpty())
        out << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted << version.toStdString();
    auto emitLabels = [&]() {
        out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
        for (const auto &l : labels)
            out << YAML::Key << l.first.toStdString() << YAML::Value << YAML::DoubleQuoted << QString(l.second).replace(QLatin1String("$"), QLatin1String("$$")).toStdString();
        out << YAML::EndMap;
    };
    out << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
    for (const QString &s : services) {
        out << YAML::Key << s.toStdString() << YAML::Value << YAML::BeginMap;
        emitLabels();
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    out << YAML::Key << "networks" << YAML::Value << YAML::BeginMap;
    QStringList nets = networks;
    if (!nets.contains(QLatin1String("default")))
        nets.prepend(QStringLiteral("default"));
    for (const QString &n : nets) {
        out << YAML::Key << n.toStdString() << YAML::Value << YAML::BeginMap;
        emitLabels();
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace fixbench
