// `fixbench list`: the fixtures of the workspace, with their state.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fixbench {

void listOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Lists the fixtures of the workspace, with their state."));
    line.addOption({QStringLiteral("json"), Tr::tr("JSON output.")});
}

int cmdList(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const Workspace &ws = ctx.workspace();
    // A fixtures folder that is missing or not a folder: say so, not an empty list.
    if (Status dir = ws.checkFixturesDir(); !dir)
        return ctx.fail(dir.error());
    auto st = ctx.manager().status();
    QJsonArray json;
    if (!p.isSet(QStringLiteral("json")))
        out(Tr::tr("FIXTURE").leftJustified(22) + Tr::tr("STATE").leftJustified(12) + Tr::tr("DESCRIPTION"));
    for (const QString &name : ws.fixtureNames()) {
        auto spec = ws.fixture(name);
        QString state = st ? fixtureStateName(FixtureState::Down) : QStringLiteral("?");
        int instances = 0;
        if (st)
            for (const FixtureStatus &s : *st)
                if (s.fixture == name && s.running) {
                    ++instances;
                    state = fixtureStateName(s.state) + (s.stale ? QStringLiteral(",stale") : QString());
                }
        const QString desc = spec ? spec->description : QStringLiteral("invalid: ") + spec.error().toString();
        if (p.isSet(QStringLiteral("json"))) {
            json.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("state"), state},
                                    {QStringLiteral("instances"), instances}, {QStringLiteral("description"), desc},
                                    {QStringLiteral("valid"), spec.ok()}});
        } else {
            out(name.leftJustified(22) + QString(state + (instances > 1 ? QStringLiteral(" x%1").arg(instances) : QString())).leftJustified(12)
                + desc.section(QLatin1Char('\n'), 0, 0));
        }
    }
    if (p.isSet(QStringLiteral("json")))
        out(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)).trimmed());
    if (!st)
        err(Tr::tr("fixbench: states unknown: %1").arg(st.error().message));
    // Folders that look like fixtures but cannot be one: each said, and the exit says so.
    const QList<Error> problems = ws.fixtureProblems();
    for (const Error &e : problems)
        err(QStringLiteral("fixbench: ") + e.toString());
    return problems.isEmpty() ? int(ExitOk) : int(ExitSpec);
}

} // namespace fixbench
