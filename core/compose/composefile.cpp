#include "compose/composefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::ComposeFile)
};
} // namespace

Result<ComposeFile> ComposeFile::load(const QString &path)
{
    ComposeFile cf;
    cf.path = path;
    YAML::Node root;
    try {
        root = YAML::LoadFile(path.toStdString());
    } catch (const YAML::ParserException &e) {
        return Error::spec(SourceLocation{path, e.mark.line + 1, e.mark.column + 1},
                           QStringLiteral("invalid YAML in compose file: %1").arg(QString::fromStdString(e.msg)));
    } catch (const YAML::Exception &e) {
        return Error(Error::Kind::Io, Tr::tr("cannot read compose file %1: %2").arg(path, QString::fromStdString(e.what())));
    }
    if (!root.IsMap())
        return Error::spec(SourceLocation{path, 1, 1}, QStringLiteral("a compose file must be a map with a `services:` key"));
    if (root["version"] && root["version"].IsScalar())
        cf.version = QString::fromStdString(root["version"].as<std::string>());
    const QDir base = QFileInfo(path).absoluteDir();
    const YAML::Node services = root["services"];
    if (!services || !services.IsMap() || services.size() == 0)
        return Error::spec(SourceLocation{path, root.Mark().line + 1, 1}, QStringLiteral("the compose file declares no `services:`"));
    for (auto it = services.begin(); it != services.end(); ++it) {
        cf.services << QString::fromStdString(it->first.as<std::string>());
        const YAML::Node build = it->second.IsMap() ? it->second["build"] : YAML::Node();
        if (build) {
            QString ctx;
            if (build.IsScalar())
                ctx = QString::fromStdString(build.as<std::string>());
            else if (build.IsMap() && build["context"])
                ctx = QString::fromStdString(build["context"].as<std::string>());
            else
                ctx = QStringLiteral(".");
            if (!ctx.contains(QLatin1String("://")))
                cf.buildContexts << QDir::cleanPath(base.absoluteFilePath(ctx));
        }
    }
    const YAML::Node networks = root["networks"];
    if (networks && networks.IsMap()) {
        for (auto it = networks.begin(); it != networks.end(); ++it) {
            const YAML::Node n = it->second;
            const bool external = n.IsMap() && n["external"] && !(n["external"].IsScalar() && n["external"].as<std::string>() == "false");
            if (!external)
                cf.networks << QString::fromStdString(it->first.as<std::string>());
        }
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
