// bench_up: `fixbench up` (FixtureManager::up: ports, compose, readiness probes) vs what
// people write by hand — `docker-compose up -d --build` then polling an FTP login with
// curl every 100 ms — on the same fixture (fixtures/ftp_server), in one process,
// alternating, median of N rounds. Also: attaching to a running fixture vs asking
// compose whether it runs (`docker-compose ps`), and down vs `docker-compose down`.

#include "compose/composetool.h"
#include "fixture/fixturemanager.h"
#include "fixture/portallocator.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace fixbench;

namespace {

int runQuiet(const QStringList &cmd, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(cmd.first(), cmd.mid(1));
    p.waitForFinished(600000);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 5;
    auto ws = Workspace::load(QStringLiteral(FIXBENCH_SOURCE_DIR));
    if (!ws) {
        fprintf(stderr, "%s\n", qPrintable(ws.error().toString()));
        return 1;
    }
    auto spec = ws->fixture(QStringLiteral("ftp_server"));
    auto tool = ComposeTool::detect();
    if (!spec || !tool) {
        fprintf(stderr, "fixture or compose missing\n");
        return 1;
    }
    QStringList compose{tool->program};
    compose += tool->prefixArgs;

    QList<double> rawUp, fbUp, rawDown, fbDown, rawPs, fbAttach;
    FixtureManager mgr(*ws);
    // Warm the image cache once so both sides measure the same (cached) build.
    {
        UpOptions warm;
        warm.instance = QStringLiteral("benchwarm");
        auto r = mgr.up(QStringLiteral("ftp_server"), warm);
        if (!r) {
            fprintf(stderr, "%s\n", qPrintable(r.error().toString()));
            return 1;
        }
        (void)mgr.down(r->fixture);
    }

    for (int i = 0; i < rounds; ++i) {
        // --- raw: compose up + curl polling -------------------------------------
        auto ports = PortAllocator().allocate(spec->ports);
        if (!ports)
            return 1;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const AllocatedPort &p : *ports) {
            env.insert(p.name, QString::number(p.first));
            if (p.range) {
                env.insert(p.name + QStringLiteral("_MIN"), QString::number(p.first));
                env.insert(p.name + QStringLiteral("_MAX"), QString::number(p.last()));
            }
        }
        env.insert(QStringLiteral("FTP_USER"), QStringLiteral("fixbench"));
        env.insert(QStringLiteral("FTP_PASS"), QStringLiteral("fixbench"));
        env.insert(QStringLiteral("FIXBENCH_HOST"), QStringLiteral("127.0.0.1"));
        const QString project = QStringLiteral("benchraw%1").arg(i);
        const QStringList base = compose + QStringList{QStringLiteral("-p"), project, QStringLiteral("-f"), spec->composeFile};
        QElapsedTimer t;
        t.start();
        if (runQuiet(base + QStringList{QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("--build")}, env) != 0) {
            fprintf(stderr, "raw compose up failed\n");
            return 1;
        }
        const QString url = QStringLiteral("ftp://fixbench:fixbench@127.0.0.1:%1/").arg(env.value(QStringLiteral("FTP_PORT")));
        while (runQuiet({QStringLiteral("curl"), QStringLiteral("-s"), QStringLiteral("--max-time"), QStringLiteral("2"), url}, env) != 0)
            QThread::msleep(100);
        rawUp << t.elapsed();
        t.restart();
        runQuiet(base + QStringList{QStringLiteral("ps"), QStringLiteral("-q")}, env);
        rawPs << t.elapsed();
        t.restart();
        runQuiet(base + QStringList{QStringLiteral("down"), QStringLiteral("-v"), QStringLiteral("-t"), QStringLiteral("2")}, env);
        rawDown << t.elapsed();

        // --- fixbench -----------------------------------------------------------
        UpOptions o;
        o.instance = QStringLiteral("bench%1").arg(i);
        t.restart();
        auto r = mgr.up(QStringLiteral("ftp_server"), o);
        if (!r) {
            fprintf(stderr, "%s\n", qPrintable(r.error().toString()));
            return 1;
        }
        fbUp << t.elapsed();
        t.restart();
        FixtureManager other(*ws);
        auto again = other.up(QStringLiteral("ftp_server"), o);
        fbAttach << t.elapsed();
        if (!again || !again->attached)
            fprintf(stderr, "attach failed\n");
        t.restart();
        (void)mgr.down(r->fixture);
        fbDown << t.elapsed();
        fprintf(stderr, "round %d: raw up %.0f ms, fixbench up %.0f ms\n", i + 1, rawUp.last(), fbUp.last());
    }

    printf("\nftp_server, %s, median of %d rounds (ms)\n", qPrintable(tool->displayName()), rounds);
    printf("%-44s %10s %10s %8s\n", "", "raw", "fixbench", "ratio");
    auto row = [](const char *what, double raw, double fb) {
        printf("%-44s %10.0f %10.0f %8.2f\n", what, raw, fb, raw > 0 ? fb / raw : 0.0);
    };
    row("up until an FTP login works (compose+curl poll)", median(rawUp), median(fbUp));
    row("is it up? (compose ps vs fixbench attach)", median(rawPs), median(fbAttach));
    row("down (compose down vs fixbench down)", median(rawDown), median(fbDown));
    printf("ratio = fixbench / raw (below 1: fixbench is faster)\n");
    return 0;
}
