// `fixbench prune`: removes stacks (of any workspace) whose owner died, unless kept.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "engine/engineclient.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

namespace fixbench {

void pruneOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Removes the containers, networks and volumes of fixbench stacks (any workspace) whose owner "
                               "process is gone and that are not kept."));
}

int cmdPrune(CommandContext &ctx)
{
    EngineClient engine;
    auto report = FixtureManager::prune(engine, [](const QString &line) { err(line); });
    if (!report)
        return ctx.fail(report.error());
    out(Tr::tr("pruned %1 stack(s): %2 container(s), %3 network(s), %4 volume(s); %5 left (kept or in use)")
            .arg(report->removed.size()).arg(report->containers).arg(report->networks).arg(report->volumes)
            .arg(report->kept.size()));
    return ExitOk;
}

} // namespace fixbench
