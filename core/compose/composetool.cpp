#include "compose/composetool.h"

#include "base/processrunner.h"

#include <QCoreApplication>
#include <QMutex>
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
    ComposeTool t;
    t.flavor = flavor;
    switch (flavor) {
    case Flavor::DockerV2: t.program = QStringLiteral("docker"); t.prefixArgs = {QStringLiteral("compose")}; break;
    case Flavor::DockerV1: t.program = QStringLiteral("docker-compose"); break;
    case Flavor::Podman: t.program = QStringLiteral("podman"); t.prefixArgs = {QStringLiteral("compose")}; break;
    }
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

Result<ComposeTool> ComposeTool::detect()
{
    static QMutex mutex;
    static std::optional<Result<ComposeTool>> cached;
    QMutexLocker lock(&mutex);
    if (cached)
        return *cached;

    const QString forced = qEnvironmentVariable("FIXBENCH_COMPOSE").trimmed();
    if (!forced.isEmpty()) {
        std::optional<Flavor> f;
        if (forced == QLatin1String("docker compose"))
            f = Flavor::DockerV2;
        else if (forced == QLatin1String("docker-compose"))
            f = Flavor::DockerV1;
        else if (forced == QLatin1String("podman compose"))
            f = Flavor::Podman;
        if (!f && forced == QLatin1String("podman-compose"))
            cached = Result<ComposeTool>(Error(Error::Kind::Other,
                QStringLiteral("FIXBENCH_COMPOSE=podman-compose is not supported: podman-compose drives the podman CLI, "
                               "not an engine API, and has no --remove-orphans or --project-directory. For podman, run its "
                               "Docker-compatible API (`podman system service unix:///run/podman/podman.sock`), point "
                               "DOCKER_HOST at it and keep docker-compose or docker compose")));
        else if (!f)
            cached = Result<ComposeTool>(Error(Error::Kind::Other,
                QStringLiteral("FIXBENCH_COMPOSE=%1 is not one of: docker compose, docker-compose, podman compose").arg(forced)));
        else
            cached = probe(*f);
        return *cached;
    }

    QStringList tried;
    for (Flavor f : {Flavor::DockerV2, Flavor::DockerV1, Flavor::Podman}) {
        auto r = probe(f);
        if (r.ok()) {
            cached = r;
            return *cached;
        }
        tried << r.error().message;
    }
    cached = Result<ComposeTool>(Error(Error::Kind::NotFound,
        QStringLiteral("no compose CLI found: install the docker compose plugin or docker-compose (scripts/setup.sh does)"),
        tried.join(QLatin1Char('\n'))));
    return *cached;
}

} // namespace fixbench
