#include "runoptions.h"

#include "exitcode.h"
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

void addPlanOptions(CommandLine &line)
{
    line.addOption({QStringLiteral("keep"), Tr::tr("Leave the fixtures this run started up afterwards (also: keep_up in fixture.yml).")});
    line.addOption({QStringLiteral("env"), Tr::tr("Set a variable for the tests; wins over fixtures. Repeatable."), QStringLiteral("K=V")});
    line.addOption({QStringLiteral("fixture"), Tr::tr("Also bring up this fixture for every binary (e.g. for a binary given by path). Repeatable."),
                    QStringLiteral("NAME")});
    line.addInstanceOption();
}

RunPlan planFromOptions(const QCommandLineParser &p, const QList<RunPlan::Binary> &binaries, const Environment &overrides)
{
    RunPlan plan;
    plan.binaries = binaries;
    plan.extraFixtures = p.values(QStringLiteral("fixture"));
    plan.instance = p.value(QStringLiteral("instance"));
    plan.overrides = overrides;
    plan.keep = p.isSet(QStringLiteral("keep"));
    return plan;
}

int prepareFixtures(CommandContext &ctx, RunPipeline &pipeline)
{
    Status s = pipeline.bringUp();
    if (s)
        s = pipeline.setupData();
    if (s)
        return -1;
    const int rc = ctx.interrupted().load() ? int(ExitInterrupted) : ctx.fail(s.error());
    (void)pipeline.release();
    return rc;
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
