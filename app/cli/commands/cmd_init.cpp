// `fixbench init`: makes a folder a fixbench workspace.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include <QDir>

namespace fixbench {

void initOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Makes a folder a fixbench workspace: writes a commented fixbench.yml (the name, `fixtures: "
                               "fixtures`, an empty list of tests) and creates the fixtures/ folder. Then add fixtures with "
                               "`fixbench new NAME --template T`.\nAn existing fixbench.yml is left untouched: that is an "
                               "error (exit code 1)."));
    line.addArgument(QStringLiteral("DIR"),
                     Tr::tr("The project's root folder (default: -w DIR, else the current folder); created when missing."),
                     QStringLiteral("[DIR]"));
    line.addOption({QStringLiteral("name"), Tr::tr("The workspace's name (default: the folder's name)."), QStringLiteral("NAME")});
    line.expectArguments(0, 1, Tr::tr("fixbench init: name at most one folder\nTry `fixbench init --help`."));
}

int cmdInit(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    QString dir = p.positionalArguments().value(0);
    if (dir.isEmpty())
        dir = ctx.workspaceOption().isEmpty() ? QDir::currentPath() : ctx.workspaceOption();
    auto ws = Workspace::initialize(dir, p.value(QStringLiteral("name")));
    if (!ws)
        return ctx.fail(ws.error());
    out(Tr::tr("created %1 (workspace `%2`) and the folder %3\nNext: fixbench new NAME --template T  (the templates: "
               "fixbench new --list-templates)")
            .arg(ws->specFile(), ws->name(), ws->fixturesDir()));
    return ExitOk;
}

} // namespace fixbench
