// bench_watch: `fixbench run --watch`, edit-to-result vs a cold `fixbench run`.
//
// A temporary workspace with one binary (a copy of sample_passing) that needs
// tests/workspace's echo_server fixture:
//  1. Cold: `fixbench run my_tests` from nothing (echo_server brought up, the binary
//     run, echo_server taken down), median of N.
//  2. Watch: `fixbench run my_tests --watch` started once; then N rebuilds (a new copy
//     written beside the binary and renamed over it, as linkers do), each timed from the
//     rename to the rerun's summary on stdout, median. The settle delay (150 ms) is in it.
//  3. The binary run directly, for what the test itself costs.
//
//   ninja -C build bench_watch && build/bench/bench_watch [ROUNDS]

#include "benchsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <csignal>

using fixbench::bench::median;

namespace {

const QString kSamples = QStringLiteral(FIXBENCH_SAMPLES_DIR);
const QString kCli = QStringLiteral(FIXBENCH_CLI);
const QString kSource = QStringLiteral(FIXBENCH_SOURCE_DIR);

double ms(const QElapsedTimer &t) { return double(t.nsecsElapsed()) / 1e6; }

// Runs to completion; milliseconds, -1 when it failed.
double timed(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "%s %s failed:\n%s\n", qPrintable(program), qPrintable(args.join(QLatin1Char(' '))),
                     p.readAll().right(2000).constData());
        return -1;
    }
    return ms(t);
}

// Reads `p`'s stdout until `count` lines ending a round ("... (Ctrl-C ends)") were seen.
bool waitRounds(QProcess &p, QString &out, int count)
{
    QElapsedTimer limit;
    limit.start();
    while (out.count(QStringLiteral("(Ctrl-C ends)\n")) < count) {
        if (limit.elapsed() > 120000 || p.state() == QProcess::NotRunning)
            return false;
        p.waitForReadyRead(5);
        out += QString::fromUtf8(p.readAllStandardOutput());
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 10;
    QTemporaryDir dir;
    const QString bin = dir.filePath(QStringLiteral("my_tests"));
    QFile::copy(kSamples + QStringLiteral("/sample_passing"), bin);
    {
        QFile f(dir.filePath(QStringLiteral("fixbench.yml")));
        f.open(QIODevice::WriteOnly);
        f.write(QStringLiteral("name: bench-watch\nfixtures: %1/tests/workspace/fixtures\ntests:\n"
                               "  - name: my_tests\n    path: %2\n    fixtures: [echo_server]\n")
                    .arg(kSource, bin)
                    .toUtf8());
    }
    const QStringList run{QStringLiteral("-w"), dir.path(), QStringLiteral("run"), QStringLiteral("my_tests")};

    std::printf("1. Cold `fixbench run` (echo_server up, run, down), median of %d\n", rounds);
    QList<double> cold;
    for (int i = 0; i < rounds; ++i) {
        const double c = timed(kCli, run);
        if (c < 0)
            return 1;
        cold << c;
    }
    std::printf("   %.1f ms\n", median(cold));

    std::printf("\n2. `fixbench run --watch`: rebuild (rename over the binary) to its rerun's summary, median of %d\n", rounds);
    QProcess watch;
    watch.start(kCli, run + QStringList{QStringLiteral("--watch")});
    QString out;
    if (!waitRounds(watch, out, 1)) {
        std::fprintf(stderr, "--watch did not start:\n%s\n%s\n", qPrintable(out), watch.readAllStandardError().constData());
        return 1;
    }
    QList<double> edit;
    const QString tmp = bin + QStringLiteral(".new");
    for (int i = 0; i < rounds; ++i) {
        QFile::remove(tmp);
        QFile::copy(kSamples + QStringLiteral("/sample_passing"), tmp);
        QElapsedTimer t;
        t.start();
        ::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(bin).constData());
        if (!waitRounds(watch, out, i + 2)) {
            std::fprintf(stderr, "no rerun after rebuild %d:\n%s\n", i + 1, qPrintable(out));
            return 1;
        }
        edit << ms(t);
    }
    ::kill(pid_t(watch.processId()), SIGINT);
    watch.waitForFinished(60000);
    std::printf("   %.1f ms (settle delay 150 ms included)\n", median(edit));

    QList<double> direct;
    for (int i = 0; i < rounds; ++i)
        direct << timed(bin, {});
    std::printf("\n3. The binary run directly: %.1f ms\n", median(direct));
    std::printf("\nedit-to-result under --watch vs a cold run: %.1f ms vs %.1f ms = %.2fx faster (%.1f ms over the test itself)\n",
                median(edit), median(cold), median(cold) / median(edit), median(edit) - median(direct));
    return 0;
}
