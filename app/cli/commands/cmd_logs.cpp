// `fixbench logs`: the logs of a running fixture's containers, `service | line`.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "engine/engineclient.h"
#include "engine/logstreamer.h"
#include "fixture/fixturewatch.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include <QEventLoop>
#include <QMutex>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <thread>
#include <unistd.h>

namespace fixbench {

namespace {

// `logs -f` through core's LogStreamer, as the workbench follows logs: every container
// of the fixture instance, re-attached when one restarts or is recreated (no line
// repeated), until Ctrl-C (exit 0, as `docker logs -f`) or until the fixture is down.
int followLogs(CommandContext &ctx, const RunningFixture &fixture, const QString &service, int tail, bool timestamps,
               const std::function<QString(const QString &)> &prefixOf)
{
    LogStreamer streamer(ctx.manager().engine().endpoint());
    LogStreamer::Options options;
    options.service = service;
    options.tail = tail;
    QEventLoop loop;
    QObject::connect(&streamer, &LogStreamer::linesArrived, &loop, [&](const QList<LogEntry> &lines) {
        for (const LogEntry &l : lines) {
            QString line = prefixOf(l.service);
            if (timestamps && l.timestamp.isValid())
                line += l.timestamp.toString(Qt::ISODateWithMs) + QLatin1Char(' ');
            line += QString::fromUtf8(l.text);
            out(line);
        }
    });
    QObject::connect(&streamer, &LogStreamer::errorChanged, &loop, [](const QString &message) {
        if (!message.isEmpty())
            err(QStringLiteral("fixbench logs: ") + message);
    });
    // A container that dies is said (stderr: "echo_server: service app exited (code 137)"),
    // and so is its return; the streamer re-attaches to it by itself.
    FixtureWatch watch(fixture);
    QTimer tick;
    int ticks = 0;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&]() {
        if (ctx.interrupted().load()) {
            loop.quit();
            return;
        }
        if (++ticks % 10 == 0) { // about every second: did a container die? is the fixture still up?
            if (auto events = watch.poll(ctx.manager().engine())) {
                streamer.flush(); // its last lines first
                for (const FixtureEvent &e : *events)
                    if (service.isEmpty() || e.service == service)
                        err(e.line());
            }
            auto found = ctx.manager().find(fixture.fixture, fixture.instance);
            if (found && !found->has_value())
                loop.quit();
        }
    });
    streamer.start(fixture.project, options);
    tick.start(100);
    loop.exec();
    streamer.flush();
    streamer.stop();
    return ExitOk;
}

} // namespace

void logsOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Prints the logs of a fixture's containers, `service | line`."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("A running fixture."));
    line.addArgument(QStringLiteral("SERVICE"), Tr::tr("Only this service."), QStringLiteral("[SERVICE]"));
    line.addOption({{QStringLiteral("f"), QStringLiteral("follow")}, Tr::tr("Keep streaming until Ctrl-C or until the fixture is taken down; a restarted or recreated container is followed again.")});
    line.addOption({QStringLiteral("tail"), Tr::tr("Only the last N lines of each container."), QStringLiteral("N")});
    line.addOption({{QStringLiteral("t"), QStringLiteral("timestamps")}, Tr::tr("Prefix lines with their timestamp.")});
    line.addInstanceOption();
    line.expectArguments(1, 2, Tr::tr("fixbench logs: NAME [SERVICE]"));
}

int cmdLogs(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const QStringList pos = p.positionalArguments();
    FixtureManager &mgr = ctx.manager();
    auto found = mgr.find(pos[0], p.value(QStringLiteral("instance")));
    if (!found)
        return ctx.fail(found.error());
    if (!found->has_value())
        return ctx.fail(Error(Error::Kind::NotFound, Tr::tr("fixture `%1` is not up").arg(pos[0])));
    QList<ContainerInfo> containers;
    for (const ContainerInfo &c : (*found)->containers)
        if (pos.size() < 2 || c.service == pos[1])
            containers << c;
    if (containers.isEmpty()) {
        QStringList services;
        for (const ContainerInfo &c : (*found)->containers)
            services << c.service;
        return ctx.fail(Error(Error::Kind::NotFound, Tr::tr("fixture `%1` has no service `%2`; it has: %3")
                                                         .arg(pos[0], pos.value(1), services.join(QStringLiteral(", ")))));
    }
    LogOptions o;
    o.follow = p.isSet(QStringLiteral("follow"));
    o.timestamps = p.isSet(QStringLiteral("timestamps"));
    if (p.isSet(QStringLiteral("tail"))) {
        bool ok = false;
        o.tail = p.value(QStringLiteral("tail")).toInt(&ok);
        if (!ok || o.tail < 0)
            return ctx.usage(Tr::tr("fixbench logs: --tail needs a number"));
    }
    int width = 0;
    QStringList services;
    for (const ContainerInfo &c : containers) {
        width = std::max(width, int(c.service.size()));
        if (!services.contains(c.service))
            services << c.service;
    }
    const bool tty = ::isatty(fileno(stdout));
    static const char *colours[] = {"36", "33", "32", "35", "34", "31"};
    auto prefixOf = [&](const QString &service) {
        const qsizetype index = std::max<qsizetype>(0, services.indexOf(service));
        return tty ? QStringLiteral("\x1b[%1m%2 |\x1b[0m ").arg(QLatin1String(colours[index % 6]), service.leftJustified(width))
                   : service.leftJustified(width) + QStringLiteral(" | ");
    };
    if (o.follow)
        return followLogs(ctx, **found, pos.value(1), p.isSet(QStringLiteral("tail")) ? o.tail : -1, o.timestamps, prefixOf);
    QMutex printMutex;
    QList<Error> errors;
    auto stream = [&](int index) {
        const ContainerInfo &c = containers[index];
        EngineClient engine(mgr.engine().endpoint());
        const QString prefix = prefixOf(c.service);
        Status s = engine.streamLogs(c.id, o, [&](const LogLine &l) {
            QString line = prefix;
            if (o.timestamps && l.timestamp.isValid())
                line += l.timestamp.toString(Qt::ISODateWithMs) + QLatin1Char(' ');
            line += QString::fromUtf8(l.text);
            QMutexLocker lock(&printMutex);
            out(line);
        }, &ctx.interrupted());
        if (!s) {
            QMutexLocker lock(&printMutex);
            errors << s.error();
        }
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < containers.size(); ++i)
        threads.emplace_back(stream, i);
    for (auto &t : threads)
        t.join();
    if (!errors.isEmpty())
        return ctx.fail(errors.first());
    return ExitOk;
}

} // namespace fixbench
