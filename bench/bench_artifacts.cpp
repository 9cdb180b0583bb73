// bench_artifacts: what `fixbench run --artifacts` costs on an FTP fixture — the
// ArtifactCollector (the container's log and inspect, the environment, the listing and
// every file of the server) vs one `curl` process downloading the same files over one
// kept connection, on ftp_server (vsftpd) holding 500 files of 10 KB. The collector with
// 1, 2 and 4 connections. Median of N runs each, alternating. Prints a
// table with ratios (collector time / curl time: below 1 means the collector is faster).
//
//   build/bench/bench_artifacts [--runs N]   (needs a Docker engine; not a CTest test)

#include "fixture/fixturemanager.h"
#include "ftp/ftpclient.h"
#include "run/artifactcollector.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace fixbench;

namespace {

constexpr int kFiles = 500;
constexpr int kFileBytes = 10 * 1024;

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Milliseconds one call takes; -1 when it failed.
double timeIt(const std::function<bool()> &f)
{
    QElapsedTimer t;
    t.start();
    const bool ok = f();
    return ok ? t.nsecsElapsed() / 1e6 : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 3;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i > 0 && i + 1 < args.size())
        runs = std::max(1, args.at(i + 1).toInt());

    auto ws = Workspace::load(QStringLiteral(FIXBENCH_SOURCE_DIR));
    if (!ws) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error().toString()));
        return 1;
    }
    FixtureManager mgr(*ws);
    UpOptions o;
    o.instance = QStringLiteral("bench%1").arg(::getpid());
    auto up = mgr.up(QStringLiteral("ftp_server"), o);
    if (!up) {
        std::fprintf(stderr, "%s\n", qPrintable(up.error().toString()));
        return 1;
    }
    auto config = FtpConfig::fromEnvironment(up->environment);
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error().toString()));
        return 1;
    }
    FtpClient ftp(*config);
    (void)ftp.clean(QStringLiteral("/"));
    (void)ftp.mkdir(QStringLiteral("/data"));
    QStringList curlArgs{QStringLiteral("-sS"), QStringLiteral("--fail"), QStringLiteral("--create-dirs"), QStringLiteral("--user"),
                         config->user + QLatin1Char(':') + config->password};
    for (int i = 0; i < kFiles; ++i) {
        const QString name = QStringLiteral("f%1.bin").arg(i);
        if (Status s = ftp.put(QByteArray(kFileBytes, char('a' + i % 26)), QStringLiteral("/data/") + name); !s) {
            std::fprintf(stderr, "%s\n", qPrintable(s.error().toString()));
            return 1;
        }
        curlArgs << QStringLiteral("-o") << QStringLiteral("data/") + name
                 << QStringLiteral("ftp://%1:%2/data/%3").arg(config->host).arg(config->port).arg(name);
    }

    auto collect = [&](int connections) {
        return timeIt([&]() {
            QTemporaryDir out;
            ArtifactLimits limits;
            limits.ftpConnections = connections;
            ArtifactCollector collector(mgr.engine(), out.filePath(QStringLiteral("a")), limits);
            const ArtifactReport r = collector.collect({*up}, {}, RunSummary(), ws->name());
            return r.warnings.isEmpty() && QDir(out.filePath(QStringLiteral("a/ftp_server@") + o.instance + QStringLiteral("/ftp/files/data")))
                                                   .entryList(QDir::Files)
                                                   .size()
                                               == kFiles;
        });
    };
    auto curl = [&]() {
        return timeIt([&]() {
            QTemporaryDir out;
            QProcess p;
            p.setWorkingDirectory(out.path());
            p.start(QStringLiteral("curl"), curlArgs);
            return p.waitForFinished(600000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0
                   && QDir(out.filePath(QStringLiteral("data"))).entryList(QDir::Files).size() == kFiles;
        });
    };
    QList<double> one, two, four, raw;
    for (int r = 0; r < runs; ++r) {
        one << collect(1);
        two << collect(2);
        four << collect(4);
        raw << curl();
    }
    if (one.contains(-1) || two.contains(-1) || four.contains(-1) || raw.contains(-1)) {
        std::fprintf(stderr, "a run failed\n");
        return 1;
    }
    const double c = median(raw);
    std::printf("%d files of %d KB on ftp_server, median of %d runs\n", kFiles, kFileBytes / 1024, runs);
    std::printf("%-44s %10s %8s\n", "", "ms", "ratio");
    std::printf("%-44s %10.0f %8s\n", "curl, one process, one connection", c, "1.00");
    std::printf("%-44s %10.0f %8.2f\n", "ArtifactCollector, 1 FTP connection", median(one), median(one) / c);
    std::printf("%-44s %10.0f %8.2f\n", "ArtifactCollector, 2 FTP connections", median(two), median(two) / c);
    std::printf("%-44s %10.0f %8.2f\n", "ArtifactCollector, 4 FTP connections", median(four), median(four) / c);

    QList<UpResult> held;
    held << std::move(*up);
    (void)mgr.releaseAll(held);
    return 0;
}
