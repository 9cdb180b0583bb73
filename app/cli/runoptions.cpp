#include "runoptions.h"

#include "output.h"
#include "tr.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace fixbench {

std::optional<Environment> envOverrides(const QCommandLineParser &p, const QString &command)
{
    static const QRegularExpression kv(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$"), QRegularExpression::DotMatchesEverythingOption);
    Environment overrides;
    for (const QString &e : p.values(QStringLiteral("env"))) {
        const QRegularExpressionMatch m = kv.match(e);
        if (!m.hasMatch()) {
            err(Tr::tr("fixbench %1: --env wants NAME=VALUE, not `%2`").arg(command, e));
            return std::nullopt;
        }
        overrides.set(m.captured(1), m.captured(2), false, QStringLiteral("--env"));
    }
    return overrides;
}

Result<QList<RunPlan::Binary>> planBinaries(const Workspace &workspace, const QStringList &names, const QCommandLineParser &p)
{
    auto specs = RunPlan::resolveBinaries(workspace, names);
    if (!specs)
        return specs.error();
    QList<RunPlan::Binary> binaries;
    for (const TestBinarySpec &t : std::as_const(*specs)) {
        const QFileInfo fi(t.path);
        if (!fi.isFile())
            return Error(Error::Kind::NotFound, Tr::tr("test binary `%1`: %2 does not exist; build it first%3")
                                                    .arg(t.name, t.path, t.where.isValid() ? Tr::tr(" (listed at %1)").arg(t.where.toString()) : QString()));
        if (!fi.isExecutable())
            return Error(Error::Kind::Io, Tr::tr("test binary `%1`: %2 is not executable").arg(t.name, t.path));
        RunPlan::Binary b{t, TestSelection::all()};
        if (p.isSet(QStringLiteral("filter")))
            b.selection = TestSelection::ofFilter(p.value(QStringLiteral("filter")));
        binaries << b;
    }
    return binaries;
}

RunPipeline::Callbacks terminalSteps(std::optional<TerminalProgress> &progress)
{
    RunPipeline::Callbacks callbacks;
    callbacks.stepStarted = [&progress](const QString &fixture, const QString &) {
        progress.emplace();
        progress->begin(fixture);
    };
    callbacks.stepProgress = [&progress](const QString &, const QString &step, const QString &line) {
        if (progress)
            progress->update(step, line);
    };
    callbacks.stepFinished = [&progress](const QString &, const QString &, const Status &result, const QString &summary) {
        if (progress)
            progress->finish(result.ok(), summary);
        progress.reset();
    };
    return callbacks;
}

} // namespace fixbench
