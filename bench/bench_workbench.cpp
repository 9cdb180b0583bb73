// bench_workbench: how soon the workbench has its fixture list — a FixtureController's
// first statuses after it starts watching, in a fresh process each round (nothing
// cached: the compose CLI not yet detected) — against the raw tool the list comes from,
// `docker ps` of the workspace's containers, run in the same process.
//
//   ninja -C build bench_workbench && build/bench/bench_workbench [ROUNDS]
//
// A round's child prints "list <ms> compose <ms>": when statusesChanged and
// composeToolDetected first came.

#include "fixture/fixturecontroller.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTimer>

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
    return 0;
}
