// `fixbench hook`: runs one hook of a running fixture now.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

namespace fixbench {

void hookOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Runs one hook of a running fixture now, with its environment."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("A running fixture."));
    line.addArgument(QStringLiteral("EVENT"), Tr::tr("started, setup_data, teardown_data or stopping."));
    line.addInstanceOption();
    line.expectArguments(2, 2, Tr::tr("fixbench hook: NAME EVENT"));
}

int cmdHook(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    // Held while the hook runs: nothing takes the fixture down under it.
    auto held = ctx.manager().lease(p.positionalArguments()[0], p.value(QStringLiteral("instance")), QStringLiteral("hook"));
    if (!held)
        return ctx.fail(held.error());
    Status s = ctx.manager().runHook(p.positionalArguments()[0], p.value(QStringLiteral("instance")), p.positionalArguments()[1],
                                     [](const QString &line) { out(line); }, &ctx.interrupted());
    return s ? int(ExitOk) : ctx.fail(s.error());
}

} // namespace fixbench
