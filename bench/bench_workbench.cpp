// bench_workbench: how soon the workbench has its fixture list — a FixtureController's
// first statuses after it starts watching, in a fresh process each round (nothing
// cached: the compose CLI not yet detected) — against the raw tool the list comes from,
// `docker ps` of the workspace's containers, run in the same process.
//
//   ninja -C build bench_workbench && build/bench/bench_workbench [ROUNDS]
//
// A round's child prints "list <ms> compose <ms>": when statusesChanged and
// composeToolDetected first came.
//
// Then idle CPU: the workbench window itself (fixbench-gui, offscreen) on this
// repository's workspace with two fixtures up (ftp_server, weather_api), left alone
// for IDLE_SECONDS (default 30): its CPU time and the engine's (dockerd) over that
// time, fed by the engine's event stream (the default) and polling every second
// (FIXBENCH_ENGINE_EVENTS=0, as before), against `docker events` waiting as long.
//
//   build/bench/bench_workbench [ROUNDS [IDLE_SECONDS]]

#include "fixture/fixturecontroller.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

using namespace fixbench;

namespace {

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

int child()
{
    auto ws = Workspace::load(QStringLiteral(FIXBENCH_SOURCE_DIR));
    if (!ws) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error().toString()));
        return 1;
    }
    QElapsedTimer t;
    t.start();
    double list = -1, compose = -1;
    FixtureController ctrl(*ws);
    auto done = [&]() {
        if (list >= 0 && compose >= 0)
            QCoreApplication::quit();
    };
    QObject::connect(&ctrl, &FixtureController::statusesChanged, [&]() {
        if (list < 0)
            list = double(t.nsecsElapsed()) / 1e6;
        done();
    });
    QObject::connect(&ctrl, &FixtureController::composeToolDetected, [&]() {
        if (compose < 0)
            compose = double(t.nsecsElapsed()) / 1e6;
        done();
    });
    ctrl.startWatching(1000);
    QTimer::singleShot(60000, QCoreApplication::instance(), &QCoreApplication::quit);
    QCoreApplication::exec();
    std::printf("list %.1f compose %.1f\n", list, compose);
    return list >= 0 ? 0 : 1;
}

// utime + stime of a process, in seconds (0 when it cannot be read).
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // The fields after the command name (which may hold spaces) in its parentheses.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

qint64 dockerdPid()
{
    QFile f(QStringLiteral("/var/run/docker.pid"));
    if (f.open(QIODevice::ReadOnly))
        return f.readAll().trimmed().toLongLong();
    QProcess p;
    p.start(QStringLiteral("pidof"), {QStringLiteral("-s"), QStringLiteral("dockerd")});
    p.waitForFinished(5000);
    return p.readAllStandardOutput().trimmed().toLongLong();
}

struct Idle {
    double self = 0;   // % of one core
    double engine = 0; // dockerd, % of one core
};

// A process started as `program args` (env added), left alone for `seconds` after a
// settling time: its CPU and dockerd's over that time.
Idle idleCpu(const QString &program, const QStringList &args, const QMap<QString, QString> &env, int seconds)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        e.insert(it.key(), it.value());
    p.setProcessEnvironment(e);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.setStandardOutputFile(QProcess::nullDevice());
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        std::fprintf(stderr, "cannot start %s\n", qPrintable(program));
        return {};
    }
    QThread::sleep(5); // the window shown, the fixture list and its first looks done
    const qint64 engine = dockerdPid();
    const double self0 = cpuSeconds(p.processId()), engine0 = cpuSeconds(engine);
    QElapsedTimer t;
    t.start();
    QThread::sleep(seconds);
    const double self1 = cpuSeconds(p.processId()), engine1 = cpuSeconds(engine);
    const double wall = double(t.nsecsElapsed()) / 1e9;
    p.terminate();
    if (!p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished(5000);
    }
    return {100.0 * (self1 - self0) / wall, 100.0 * (engine1 - engine0) / wall};
}

int idleBenchmark(int seconds)
{
#ifndef FIXBENCH_GUI
    std::printf("idle CPU: not measured, fixbench-gui is not built (FIXBENCH_BUILD_GUI=OFF)\n");
    (void)seconds;
    return 0;
#else
    const QString cli = QStringLiteral(FIXBENCH_CLI);
    const QString source = QStringLiteral(FIXBENCH_SOURCE_DIR);
    QStringList started;
    for (const QString &fixture : {QStringLiteral("ftp_server"), QStringLiteral("weather_api")}) {
        QProcess up;
        up.start(cli, {QStringLiteral("-w"), source, QStringLiteral("up"), fixture, QStringLiteral("--keep"),
                       QStringLiteral("--json")});
        up.waitForFinished(600000);
        const QByteArray out = up.readAllStandardOutput();
        if (up.exitCode() != 0) {
            std::fprintf(stderr, "fixbench up %s failed: %s\n", qPrintable(fixture), up.readAllStandardError().constData());
            return 1;
        }
        if (!out.contains("\"attached\":true") && !out.contains("\"attached\": true"))
            started << fixture;
    }
    std::fprintf(stderr, "idle CPU, %d s each, ftp_server and weather_api up...\n", seconds);
    const QStringList gui{QStringLiteral("-w"), source};
    const QMap<QString, QString> offscreen{{QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")}};
    QMap<QString, QString> polling = offscreen;
    polling.insert(QStringLiteral("FIXBENCH_ENGINE_EVENTS"), QStringLiteral("0"));
    const Idle events = idleCpu(QStringLiteral(FIXBENCH_GUI), gui, offscreen, seconds);
    const Idle polled = idleCpu(QStringLiteral(FIXBENCH_GUI), gui, polling, seconds);
    const Idle raw = idleCpu(QStringLiteral("docker"), {QStringLiteral("events"), QStringLiteral("--filter"),
                                                        QStringLiteral("type=container")},
                             {}, seconds);
    for (const QString &fixture : std::as_const(started)) {
        QProcess down;
        down.start(cli, {QStringLiteral("-w"), source, QStringLiteral("down"), fixture});
        down.waitForFinished(120000);
    }
    std::printf("\n%-58s %9s %9s\n", "idle CPU, two fixtures up (% of one core)", "process", "dockerd");
    std::printf("%-58s %8.2f%% %8.2f%%\n", "workbench, engine event stream (now)", events.self, events.engine);
    std::printf("%-58s %8.2f%% %8.2f%%\n", "workbench, polling every second (FIXBENCH_ENGINE_EVENTS=0)", polled.self,
                polled.engine);
    std::printf("%-58s %8.2f%% %8.2f%%\n", "raw: docker events waiting", raw.self, raw.engine);
    std::printf("%-58s %8.2fx %8.2fx\n", "ratio events / polling", events.self / std::max(0.001, polled.self),
                events.engine / std::max(0.001, polled.engine));
    return 0;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && QByteArray(argv[1]) == "--child")
        return child();
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 7;
    auto ws = Workspace::load(QStringLiteral(FIXBENCH_SOURCE_DIR));
    if (!ws) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error().toString()));
        return 1;
    }
    QList<double> lists, composes, raws;
    for (int i = 0; i < rounds; ++i) {
        QProcess p;
        p.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child")});
        p.waitForFinished(120000);
        const QList<QByteArray> f = p.readAllStandardOutput().trimmed().split(' ');
        if (p.exitCode() != 0 || f.size() != 4) {
            std::fprintf(stderr, "child failed: %s\n", p.readAllStandardError().constData());
            return 1;
        }
        lists << f[1].toDouble();
        composes << f[3].toDouble();
        QElapsedTimer t;
        t.start();
        QProcess raw;
        raw.start(QStringLiteral("docker"), {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("--filter"),
                                             QStringLiteral("label=fixbench.workspace=") + ws->id()});
        raw.waitForFinished(60000);
        raws << double(t.nsecsElapsed()) / 1e6;
    }
    std::printf("%-46s %10s %10s %7s\n", "median of rounds (ms)", "fixbench", "raw", "ratio");
    std::printf("%-46s %10.1f %10.1f %6.2fx\n", "fixture list (first statuses) vs docker ps", median(lists), median(raws),
                median(lists) / std::max(0.001, median(raws)));
    std::printf("%-46s %10.1f\n", "compose CLI detected", median(composes));
    const int idleSeconds = argc > 2 ? std::max(1, atoi(argv[2])) : 30;
    return idleBenchmark(idleSeconds);
}
