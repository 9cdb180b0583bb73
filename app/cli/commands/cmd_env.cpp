// `fixbench env`: a running fixture's environment, as shell export lines or JSON.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include <QJsonDocument>

#include <cstdio>

namespace fixbench {

void envOptions(CommandLine &line)
{
    line.setDescription(
        Tr::tr("Prints a running fixture's environment as shell export lines: eval \"$(fixbench env NAME --show-secrets)\"."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("A running fixture."));
    line.addOption({QStringLiteral("json"), Tr::tr("JSON output: name → {value, secret, source}.")});
    line.addOption({QStringLiteral("show-secrets"), Tr::tr("Include secret values (masked otherwise).")});
    line.addInstanceOption();
    line.expectArguments(1, 1, Tr::tr("fixbench env: name exactly one fixture"));
}

int cmdEnv(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const QString name = p.positionalArguments().first();
    // A stack whose containers died: its environment points at nothing. Say so.
    if (auto found = ctx.manager().find(name, p.value(QStringLiteral("instance"))); found && found->has_value())
        if (const QStringList dead = fixturestate::deadServices((*found)->containers); !dead.isEmpty())
            return ctx.fail(Error(Error::Kind::NotFound,
                                  Tr::tr("fixture `%1` is not running: %2; see `fixbench logs %1`, then `fixbench down %1` "
                                         "and `fixbench up %1`")
                                      .arg(name, dead.join(QStringLiteral(", ")))));
    auto env = ctx.manager().environment(name, p.value(QStringLiteral("instance")));
    if (!env)
        return ctx.fail(env.error());
    const bool show = p.isSet(QStringLiteral("show-secrets"));
    if (p.isSet(QStringLiteral("json")))
        out(QString::fromUtf8(QJsonDocument(environmentJson(*env, show)).toJson(QJsonDocument::Indented)).trimmed());
    else
        fputs(qPrintable(env->toShellExports(show)), stdout);
    return ExitOk;
}

} // namespace fixbench
