// `fixbench doctor`: checks what fixbench needs (engine, compose, base image, workspace).

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "compose/composetool.h"
#include "engine/engineclient.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

namespace fixbench {

namespace {

void checkLine(bool ok, const QString &what, const QString &detail)
{
    out(QStringLiteral("%1 %2: %3").arg(ok ? QStringLiteral("ok  ") : QStringLiteral("FAIL"), what, detail));
}

} // namespace

void doctorOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Checks what fixbench needs: engine, API version, compose, base image."));
}

int cmdDoctor(CommandContext &ctx)
{
    int rc = ExitOk;
    EngineClient engine;
    Status ping = engine.ping();
    // Which engine and why this one (DOCKER_HOST, DOCKER_CONTEXT, the docker CLI's context).
    checkLine(ping.ok(), Tr::tr("engine"),
              ping ? engine.endpoint().describe() : engine.endpoint().describe() + QStringLiteral(": ") + ping.error().message);
    if (ping) {
        auto v = engine.version();
        auto api = engine.apiVersion();
        if (v && api)
            checkLine(true, Tr::tr("engine version"),
                      Tr::tr("%1 (API %2, speaking %3)")
                          .arg((v->product.isEmpty() || v->product == QLatin1String("Engine") ? QString() : v->product + QLatin1Char(' ')) + v->version,
                               v->apiVersion, *api));
        auto img = engine.imageExists(QStringLiteral("debian:bookworm-slim"));
        const bool present = img && *img;
        checkLine(present, Tr::tr("base image"),
                  present ? QStringLiteral("debian:bookworm-slim") : Tr::tr("debian:bookworm-slim is missing: run scripts/setup.sh"));
        if (!present)
            rc = ExitFailed;
        auto stacks = FixtureManager::findStacks(engine, {});
        if (stacks) {
            int orphans = 0;
            for (const RunningFixture &r : *stacks)
                orphans += (!r.keep && !r.ownerAlive()) ? 1 : 0;
            checkLine(orphans == 0, Tr::tr("leftovers"),
                      orphans == 0 ? Tr::tr("none") : Tr::tr("%1 stack(s) whose owner died: run `fixbench prune`").arg(orphans));
        }
    } else {
        rc = ExitEngine;
    }
    auto tool = ComposeTool::detect();
    checkLine(tool.ok(), Tr::tr("compose"),
              tool ? tool->displayName() + QStringLiteral(" (") + tool->flavorName() + QLatin1Char(')') : tool.error().message);
    if (!tool && rc == ExitOk)
        rc = ExitFailed;
    // A missing or broken workspace is a finding here, not a failure to start.
    auto ws = ctx.resolveWorkspace();
    checkLine(ws.ok(), Tr::tr("workspace"),
              ws ? Tr::tr("%1 (%2 fixtures) at %3").arg(ws->name()).arg(ws->fixtureNames().size()).arg(ws->root())
                 : ws.error().toString());
    if (ws) {
        // The fixtures folder itself, and what looks like a fixture but cannot be one.
        QList<Error> problems = ws->fixtureProblems();
        if (Status dir = ws->checkFixturesDir(); !dir)
            problems.prepend(dir.error());
        for (const Error &e : problems) {
            checkLine(false, Tr::tr("fixtures"), e.toString());
            if (rc == ExitOk)
                rc = ExitSpec;
        }
        for (const QString &name : ws->fixtureNames()) {
            auto spec = ws->fixture(name);
            if (!spec) {
                checkLine(false, Tr::tr("fixture %1").arg(name), spec.error().toString());
                if (rc == ExitOk)
                    rc = ExitSpec;
            }
        }
    }
    return rc;
}

} // namespace fixbench
