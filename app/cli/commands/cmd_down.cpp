// `fixbench down`: takes fixtures down (the `stopping` hook, then compose down).

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "terminalprogress.h"
#include "tr.h"

namespace fixbench {

void downOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Runs the `stopping` hook, then removes containers, networks and volumes of fixtures."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("Fixtures to take down."), QStringLiteral("NAME..."));
    line.addOption({QStringLiteral("all"), Tr::tr("Every fixture of this workspace, every instance, kept or not.")});
    line.addInstanceOption();
    line.setCheck([](CommandContext &ctx) {
        if (ctx.options().positionalArguments().isEmpty() == !ctx.options().isSet(QStringLiteral("all")))
            return ctx.usage(Tr::tr("fixbench down: name fixtures or use --all (not both)"));
        return -1;
    });
}

int cmdDown(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    FixtureManager &mgr = ctx.manager();
    if (auto ping = mgr.engine().ping(); !ping)
        return ctx.fail(ping.error());
    QList<RunningFixture> targets;
    if (p.isSet(QStringLiteral("all"))) {
        auto all = mgr.running();
        if (!all)
            return ctx.fail(all.error());
        targets = *all;
    } else {
        for (const QString &name : p.positionalArguments()) {
            if (!ctx.workspace().fixtureNames().contains(name)) {
                auto spec = ctx.workspace().fixture(name);
                if (!spec && spec.error().kind == Error::Kind::NotFound)
                    return ctx.fail(spec.error());
            }
            auto f = mgr.find(name, p.value(QStringLiteral("instance")));
            if (!f)
                return ctx.fail(f.error());
            if (!f->has_value()) {
                err(Tr::tr("%1 is not up").arg(name));
                continue;
            }
            targets << **f;
        }
    }
    int rc = ExitOk;
    for (const RunningFixture &r : targets) {
        TerminalProgress tp;
        tp.begin(r.instance.isEmpty() ? r.fixture : r.fixture + QLatin1Char('@') + r.instance);
        Status s = mgr.takeDown(r, [&](const QString &line) { tp.update(QStringLiteral("down"), line); });
        tp.finish(s.ok(), s ? Tr::tr("%1 down").arg(r.fixture) : Tr::tr("%1: down failed").arg(r.fixture));
        if (!s)
            rc = ctx.fail(s.error());
    }
    return rc;
}

} // namespace fixbench
