// `fixbench keep`: keeps running fixtures up (or stops keeping them).

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

namespace fixbench {

void keepOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Keeps running fixtures up: whoever started them leaves them up when it ends, and prune leaves "
                               "them alone, until `fixbench down`. Works on fixtures started by anyone, at any time."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("A running fixture."), QStringLiteral("NAME..."));
    line.addOption({QStringLiteral("off"), Tr::tr("Stop keeping it: its owner (or `fixbench prune` once the owner is gone) takes it down.")});
    line.addInstanceOption();
    line.expectArguments(1, -1, Tr::tr("fixbench keep: name at least one fixture"));
}

int cmdKeep(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const bool keep = !p.isSet(QStringLiteral("off"));
    for (const QString &name : p.positionalArguments()) {
        Status s = ctx.manager().setKeep(name, p.value(QStringLiteral("instance")), keep);
        if (!s)
            return ctx.fail(s.error());
        out(keep ? Tr::tr("%1 is kept: it stays up until `fixbench down %1`").arg(name)
                 : Tr::tr("%1 is no longer kept").arg(name));
    }
    return ExitOk;
}

} // namespace fixbench
