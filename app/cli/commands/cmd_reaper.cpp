// `fixbench reaper`: takes down the stacks nobody uses any more, once their linger has
// passed (fixture/reaper.h). Started on demand in the background by whoever takes a
// lease; runs in the foreground when started by hand.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include "fixture/reaper.h"

#include <csignal>
#include <unistd.h>

namespace fixbench {

void reaperOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Takes down every fixture stack that is not kept and that no process has used for its linger "
                               "(fixture.yml `linger:`), also when the processes that used it were killed. fixbench starts "
                               "one in the background when needed (`fixbench status` shows it); it exits once nothing is "
                               "left to watch. Only one runs per user and engine."));
    line.addOption({QStringLiteral("detach"), Tr::tr("Leave the caller's session and process group first (how fixbench starts it).")});
}

int cmdReaper(CommandContext &ctx)
{
    if (ctx.options().isSet(QStringLiteral("detach"))) {
        ::setsid(); // not the caller's terminal, not its process group (ctest kills those)
        ::signal(SIGHUP, SIG_IGN);
        ::signal(SIGINT, SIG_IGN);
    }
    Reaper::Options o;
    o.log = [](const QString &line) { out(line); };
    o.stop = &ctx.interrupted();
    if (!Reaper::run(o)) {
        err(Tr::tr("fixbench: a reaper already runs (pid %1)").arg(Reaper::runningPid()));
        return ExitOk;
    }
    return ExitOk;
}

} // namespace fixbench
