#include "compose/composetool.h"

#include "base/filelock.h"
#include "base/processrunner.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QSaveFile>
#include <QStandardPaths>
#include <QRegularExpression>

#include <optional>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::ComposeTool)
};
} // namespace

namespace {

QString extractVersion(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("v?(\\d+\\.\\d+(?:\\.\\d+)?)"));
    const auto m = re.match(text);
    return m.hasMatch() ? m.captured(1) : text.trimmed();
}

} // namespace

QString ComposeTool::flavorName() const
{
    switch (flavor) {
    case Flavor::DockerV2: return QStringLiteral("v2");
    case Flavor::DockerV1: return QStringLiteral("v1");
    case Flavor::Podman: return QStringLiteral("podman");
    }
    return {};
}

QString ComposeTool::displayName() const
{
    QStringList parts{program};
    parts += prefixArgs;
    return parts.join(QLatin1Char(' ')) + QLatin1Char(' ') + version;
}

Result<ComposeTool> ComposeTool::probe(Flavor flavor)
{
    ComposeTool t = forFlavor(flavor);
    ProcessSpec spec;
    spec.program = t.program;
    spec.arguments = t.prefixArgs + QStringList{QStringLiteral("version")};
    spec.mergeChannels = false;
    spec.timeoutMs = 15000;
    spec.startTimeoutMs = 5000;
    const ProcessResult r = ProcessRunner::run(spec);
    if (!r.started)
        return Error(Error::Kind::NotFound, Tr::tr("%1 is not installed").arg(t.program));
    if (r.timedOut)
        return Error(Error::Kind::Timeout, Tr::tr("`%1` did not answer within 15 s").arg(spec.commandLine()));
    const QString out = QString::fromLocal8Bit(r.output);
    if (!r.succeeded())
        return Error(Error::Kind::NotFound, Tr::tr("`%1` failed").arg(spec.commandLine()),
                     QString::fromLocal8Bit(r.errorOutput).trimmed());
    t.version = extractVersion(out.section(QLatin1Char('\n'), 0, 0));
    return t;
}

namespace {

// FIXBENCH_COMPOSE's flavour, else the first that answers: v2, v1, podman.
Result<ComposeTool> detectUncached()
{
    using Flavor = ComposeTool::Flavor;
    const QString forced = qEnvironmentVariable("FIXBENCH_COMPOSE").trimmed();
    if (!forced.isEmpty()) {
        if (forced == QLatin1String("docker compose"))
            return ComposeTool::probe(Flavor::DockerV2);
        if (forced == QLatin1String("docker-compose"))
            return ComposeTool::probe(Flavor::DockerV1);
        if (forced == QLatin1String("podman compose"))
            return ComposeTool::probe(Flavor::Podman);
        if (forced == QLatin1String("podman-compose"))
            return Error(Error::Kind::Other,
                         QStringLiteral("FIXBENCH_COMPOSE=podman-compose is not supported: podman-compose drives the podman CLI, "
                                        "not an engine API, and has no --remove-orphans or --project-directory. For podman, run its "
                                        "Docker-compatible API (`podman system service unix:///run/podman/podman.sock`), point "
                                        "DOCKER_HOST at it and keep docker-compose or docker compose"));
        return Error(Error::Kind::Other,
                     QStringLiteral("FIXBENCH_COMPOSE=%1 is not one of: docker compose, docker-compose, podman compose").arg(forced));
    }
    QStringList tried;
    for (Flavor f : {Flavor::DockerV2, Flavor::DockerV1, Flavor::Podman}) {
        auto r = ComposeTool::probe(f);
        if (r.ok())
            return r;
        tried << r.error().message;
    }
    return Error(Error::Kind::NotFound,
                 QStringLiteral("no compose CLI found: install the docker compose plugin or docker-compose (scripts/setup.sh does)"),
                 tried.join(QLatin1Char('\n')));
}

// Where docker looks for CLI plugins (docker compose v2 is one).
QStringList composePluginPaths()
{
    const QString config = qEnvironmentVariable("DOCKER_CONFIG", QDir::homePath() + QStringLiteral("/.docker"));
    QStringList dirs{config + QStringLiteral("/cli-plugins"), QStringLiteral("/usr/local/lib/docker/cli-plugins"),
                     QStringLiteral("/usr/local/libexec/docker/cli-plugins"), QStringLiteral("/usr/lib/docker/cli-plugins"),
                     QStringLiteral("/usr/libexec/docker/cli-plugins")};
    for (QString &d : dirs)
        d += QStringLiteral("/docker-compose");
    return dirs;
}

QString fileStamp(const QString &path)
{
    const QFileInfo fi(path);
    if (path.isEmpty() || !fi.exists())
        return QStringLiteral("-");
    return QStringLiteral("%1 %2 %3").arg(fi.canonicalFilePath()).arg(fi.size()).arg(fi.lastModified().toMSecsSinceEpoch());
}

std::optional<ComposeTool> readCache(const QString &path, const QString &stamp)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    // stamp lines, "--", flavor, version
    const qsizetype sep = lines.indexOf(QStringLiteral("--"));
    if (sep < 0 || lines.size() < sep + 3 || lines.mid(0, sep).join(QLatin1Char('\n')) != stamp)
        return std::nullopt;
    for (ComposeTool::Flavor f : {ComposeTool::Flavor::DockerV2, ComposeTool::Flavor::DockerV1, ComposeTool::Flavor::Podman}) {
        ComposeTool t = ComposeTool::forFlavor(f);
        if (t.flavorName() != lines[sep + 1])
            continue;
        t.version = lines[sep + 2];
        return t;
    }
    return std::nullopt;
}

void writeCache(const QString &path, const QString &stamp, const ComposeTool &t)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return; // only a cache
    f.write((stamp + QStringLiteral("\n--\n") + t.flavorName() + QLatin1Char('\n') + t.version + QLatin1Char('\n')).toUtf8());
    f.commit();
}

} // namespace

ComposeTool ComposeTool::forFlavor(Flavor flavor)
{
    ComposeTool t;
    t.flavor = flavor;
    switch (flavor) {
    case Flavor::DockerV2: t.program = QStringLiteral("docker"); t.prefixArgs = {QStringLiteral("compose")}; break;
    case Flavor::DockerV1: t.program = QStringLiteral("docker-compose"); break;
    case Flavor::Podman: t.program = QStringLiteral("podman"); t.prefixArgs = {QStringLiteral("compose")}; break;
    }
    return t;
}

QString ComposeTool::toolsStamp()
{
    QStringList lines{QStringLiteral("FIXBENCH_COMPOSE=") + qEnvironmentVariable("FIXBENCH_COMPOSE").trimmed()};
    for (const QString &program : {QStringLiteral("docker"), QStringLiteral("docker-compose"), QStringLiteral("podman")})
        lines << program + QLatin1Char(' ') + fileStamp(QStandardPaths::findExecutable(program));
    for (const QString &plugin : composePluginPaths())
        lines << QStringLiteral("plugin ") + fileStamp(plugin);
    return lines.join(QLatin1Char('\n'));
}

Result<ComposeTool> ComposeTool::detectCached(const QString &cachePath)
{
    const QString stamp = toolsStamp();
    if (auto hit = readCache(cachePath, stamp))
        return *hit;
    auto r = detectUncached();
    if (r)
        writeCache(cachePath, stamp, *r);
    return r;
}

Result<ComposeTool> ComposeTool::detect()
{
    static QMutex mutex;
    static std::optional<Result<ComposeTool>> cached;
    QMutexLocker lock(&mutex);
    if (!cached)
        cached = detectCached(runtimeDir() + QStringLiteral("/compose-tool.cache"));
    return *cached;
}

} // namespace fixbench
