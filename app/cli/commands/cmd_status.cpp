// `fixbench status`: the running fixtures of the workspace, human or JSON.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include "fixture/reaper.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fixbench {

namespace {

QString portsText(const RunningFixture &r)
{
    QStringList parts;
    for (const AllocatedPort &p : r.ports)
        parts << p.toString();
    return parts.join(QLatin1Char(' '));
}

QJsonObject statusJson(const FixtureStatus &s)
{
    QJsonObject o{{QStringLiteral("fixture"), s.fixture}, {QStringLiteral("instance"), s.instance},
                  {QStringLiteral("project"), s.project}, {QStringLiteral("state"), fixtureStateName(s.state)},
                  {QStringLiteral("stale"), s.stale}, {QStringLiteral("known"), s.known}};
    if (s.invalid)
        o.insert(QStringLiteral("invalid"), s.invalid->toString());
    if (!s.missingServices.isEmpty())
        o.insert(QStringLiteral("missing_services"), QJsonArray::fromStringList(s.missingServices));
    if (!s.running)
        return o;
    const RunningFixture &r = *s.running;
    QJsonArray services;
    for (const ContainerInfo &c : r.containers) {
        QJsonArray ports;
        for (const PublishedPort &pp : c.ports)
            ports.append(QJsonObject{{QStringLiteral("container"), pp.containerPort},
                                     {QStringLiteral("host"), pp.hostPort},
                                     {QStringLiteral("protocol"), pp.protocol}});
        services.append(QJsonObject{{QStringLiteral("service"), c.service}, {QStringLiteral("container"), c.name},
                                    {QStringLiteral("state"), c.state}, {QStringLiteral("status"), c.status},
                                    {QStringLiteral("health"), containerHealthName(c.health)}, {QStringLiteral("ports"), ports}});
    }
    o.insert(QStringLiteral("services"), services);
    o.insert(QStringLiteral("owner_pid"), r.owner.pid);
    o.insert(QStringLiteral("owner_alive"), r.ownerAlive());
    o.insert(QStringLiteral("keep"), r.keep);
    o.insert(QStringLiteral("ports"), portsText(r));
    o.insert(QStringLiteral("started"), r.startedAt.toString(Qt::ISODate));
    // Who uses it (fixture/lease.h); for stacks of fixbench < 0.3, the owner alone.
    o.insert(QStringLiteral("lifetime"), r.leased ? QStringLiteral("lease") : QStringLiteral("owner"));
    if (r.leased) {
        QJsonArray leases;
        for (const LeaseInfo &l : s.leases)
            leases.append(QJsonObject{{QStringLiteral("pid"), l.pid}, {QStringLiteral("purpose"), l.purpose},
                                      {QStringLiteral("command"), l.command}, {QStringLiteral("since"), l.since.toString(Qt::ISODateWithMs)}});
        o.insert(QStringLiteral("leases"), leases);
        o.insert(QStringLiteral("linger_ms"), r.lingerMs);
    }
    return o;
}

// A running fixture: one line, then a line per service.
void printRunning(const FixtureStatus &s)
{
    const RunningFixture &r = *s.running;
    QStringList flags;
    if (!s.missingServices.isEmpty())
        flags << Tr::tr("degraded: no container for %1").arg(s.missingServices.join(QStringLiteral(", ")));
    if (s.stale)
        flags << Tr::tr("stale: files changed since it started, restart it");
    if (r.keep)
        flags << Tr::tr("kept");
    const QList<LeaseInfo> &leases = s.leases;
    if (r.leased) {
        if (leases.isEmpty() && !r.keep)
            flags << Tr::tr("unused: goes down %1 s after its last use").arg(r.lingerMs / 1000.0, 0, 'f', 1);
        else if (!leases.isEmpty())
            flags << Tr::tr("used by %n process(es)", nullptr, int(leases.size()));
    } else {
        flags << (r.ownerAlive() ? Tr::tr("owner pid %1").arg(r.owner.pid) : Tr::tr("owner gone"));
    }
    if (!s.known)
        flags << Tr::tr("not in this workspace any more");
    const QString name = s.instance.isEmpty() ? s.fixture : s.fixture + QLatin1Char('@') + s.instance;
    out(name.leftJustified(21) + QLatin1Char(' ') + fixtureStateName(s.state).leftJustified(10) + QLatin1Char(' ')
        + portsText(r).leftJustified(33) + QLatin1Char(' ') + flags.join(QStringLiteral(", ")));
    for (const ContainerInfo &c : r.containers) {
        QStringList ports;
        for (const PublishedPort &pp : c.ports)
            ports << QStringLiteral("%1->%2").arg(pp.hostPort).arg(pp.containerPort);
        out(QStringLiteral("  ") + c.service.leftJustified(19) + QLatin1Char(' ')
            + QString(c.state + (c.health == ContainerHealth::None ? QString() : QLatin1Char('/') + containerHealthName(c.health))).leftJustified(10) + QLatin1Char(' ')
            + c.status.leftJustified(33) + QLatin1Char(' ') + ports.join(QLatin1Char(' ')));
    }
    for (const LeaseInfo &l : std::as_const(leases))
        out(QStringLiteral("  ") + Tr::tr("lease: pid %1 (%2) since %3: %4")
                                       .arg(l.pid).arg(l.purpose, l.since.toLocalTime().toString(QStringLiteral("HH:mm:ss")), l.command));
}

} // namespace

void statusOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Shows running fixtures: state, services, ports, who uses them (leases), keep, and `stale` "
                               "when their files changed since they started; and the reaper, when one runs."));
    line.addOption({QStringLiteral("json"), Tr::tr("JSON output.")});
    line.addOption({QStringLiteral("all"), Tr::tr("Also list fixtures that are down.")});
}

int cmdStatus(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    auto st = ctx.manager().status();
    if (!st)
        return ctx.fail(st.error());
    const bool all = p.isSet(QStringLiteral("all"));
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const FixtureStatus &s : *st)
            if (s.running || all)
                arr.append(statusJson(s));
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)).trimmed());
        return ExitOk;
    }
    int shown = 0;
    for (const FixtureStatus &s : *st) {
        if (s.running) {
            ++shown;
            printRunning(s);
        } else if (all) {
            out(s.fixture.leftJustified(22)
                + (s.invalid ? Tr::tr("invalid: %1").arg(s.invalid->toString()) : fixtureStateName(s.state)));
        }
    }
    if (shown == 0 && !all)
        out(Tr::tr("no fixture of %1 is up").arg(ctx.workspace().name()));
    if (const qint64 pid = Reaper::runningPid(); pid != 0)
        out(Tr::tr("reaper: pid %1 (takes down what nobody uses after its linger; log: %2)").arg(pid).arg(Reaper::logPath()));
    return ExitOk;
}

} // namespace fixbench
