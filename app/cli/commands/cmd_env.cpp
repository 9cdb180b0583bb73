// `fixbench env`: running fixtures' environment, as shell export lines, a dotenv file or
// JSON.

#include "base/dotenv.h"
#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include <QJsonDocument>

#include <cstdio>

namespace fixbench {

namespace {

const QStringList kFormats = {QStringLiteral("shell"), QStringLiteral("dotenv"), QStringLiteral("json")};

int check(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    if (p.isSet(QStringLiteral("format")) && !kFormats.contains(p.value(QStringLiteral("format"))))
        return ctx.usage(Tr::tr("fixbench env: --format is one of %1, not `%2`").arg(kFormats.join(QStringLiteral(", ")), p.value(QStringLiteral("format"))));
    if (p.isSet(QStringLiteral("format")) && p.isSet(QStringLiteral("json")))
        return ctx.usage(Tr::tr("fixbench env: use --json or --format, not both"));
    return -1;
}

} // namespace

void envOptions(CommandLine &line)
{
    line.setDescription(
        Tr::tr("Prints running fixtures' environment (several: merged in order, a later one wins) as shell export lines: "
               "eval \"$(fixbench env NAME --show-secrets)\"; as a dotenv file (python-dotenv, docker-compose --env-file, "
               "VS Code envFile read it back exactly); or as JSON. Secrets are left out unless --show-secrets."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("Running fixtures."), QStringLiteral("NAME..."));
    line.addOption({QStringLiteral("format"), Tr::tr("shell (export lines, the default), dotenv (NAME=value lines) or json "
                                                     "(an object name → value)."),
                    QStringLiteral("FORMAT")});
    line.addOption({QStringLiteral("json"), Tr::tr("JSON output: name → {value, secret, source}.")});
    line.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                    Tr::tr("Write to FILE instead of stdout, readable by you only (0600)."), QStringLiteral("FILE")});
    line.addOption({QStringLiteral("show-secrets"), Tr::tr("Include secret values (left out, or masked with --json, otherwise).")});
    line.addInstanceOption();
    line.expectArguments(1, -1, Tr::tr("fixbench env: name at least one fixture"));
    line.setCheck(check);
}

int cmdEnv(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const QString instance = p.value(QStringLiteral("instance"));
    Environment env;
    for (const QString &name : p.positionalArguments()) {
        // A stack whose containers died: its environment points at nothing. Say so.
        if (auto found = ctx.manager().find(name, instance); found && found->has_value())
            if (const QStringList dead = fixturestate::deadServices((*found)->containers); !dead.isEmpty())
                return ctx.fail(Error(Error::Kind::NotFound,
                                      Tr::tr("fixture `%1` is not running: %2; see `fixbench logs %1`, then `fixbench down %1` "
                                             "and `fixbench up %1`")
                                          .arg(name, dead.join(QStringLiteral(", ")))));
        auto one = ctx.manager().environment(name, instance);
        if (!one)
            return ctx.fail(one.error());
        env.merge(*one);
    }
    const bool show = p.isSet(QStringLiteral("show-secrets"));
    const QString format = p.value(QStringLiteral("format"));
    QString text;
    QStringList leftOut; // secrets not written
    if (p.isSet(QStringLiteral("json"))) {
        text = QString::fromUtf8(QJsonDocument(environmentJson(env, show)).toJson(QJsonDocument::Indented));
    } else if (format == QLatin1String("json")) {
        QJsonObject values;
        for (const Environment::Variable &v : env.variables()) {
            if (v.secret && !show)
                leftOut << v.name;
            else
                values.insert(v.name, v.value);
        }
        text = QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Indented));
    } else if (format == QLatin1String("dotenv")) {
        auto dotenv = DotEnv::format(env, show);
        if (!dotenv)
            return ctx.fail(dotenv.error());
        text = dotenv->text;
        leftOut = dotenv->secretsLeftOut;
    } else {
        text = env.toShellExports(show);
        for (const Environment::Variable &v : env.variables())
            if (v.secret && !show)
                leftOut << v.name;
    }
    if (!leftOut.isEmpty() && format == QLatin1String("json"))
        err(Tr::tr("fixbench env: secret(s) left out: %1 (--show-secrets includes them)").arg(leftOut.join(QStringLiteral(", "))));
    if (p.isSet(QStringLiteral("output"))) {
        if (Status s = DotEnv::writeFile(p.value(QStringLiteral("output")), text); !s)
            return ctx.fail(s.error());
        err(Tr::tr("fixbench env: wrote %1 (%2 variable(s), readable by you only)")
                .arg(p.value(QStringLiteral("output")))
                .arg(env.size() - leftOut.size()));
    } else {
        fputs(qPrintable(text), stdout);
    }
    return ExitOk;
}

} // namespace fixbench
