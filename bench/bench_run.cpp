// bench_run: what `fixbench run` costs, with fixtures/ftp_server kept up.
//
//  1. Overhead: `fixbench run BINARY --fixture ftp_server` (a whole CLI process: load
//     the workspace, attach to ftp_server, its setup_data hook, run, parse, JSON merge,
//     teardown) vs running BINARY directly with the same environment, median of N
//     alternating rounds, for a trivial binary (sample_passing, worst case) and a real
//     FTP integration test (sample_ftp_api).
//  2. Cold vs warm: the same `fixbench run` on an instance that is not up (started,
//     then taken down) vs the kept one (attached).
//  3. 5,000 tests (sample_5000): discovery (--gtest_list_tests + JSON list) and parsing
//     its output (stdout stream + JSON report merge) in process; TestRunner vs running
//     it directly.
//  4. Fixture logs per test: a failing binary's run with the log excerpts vs
//     --no-fixture-logs.
//
//   ninja -C build bench_run && build/bench/bench_run [ROUNDS]

#include "fixture/fixturemanager.h"
#include "run/gtest/gtestjsonreport.h"
#include "run/gtest/gtestoutputparser.h"
#include "run/gtest/testdiscovery.h"
#include "run/testrun.h"
#include "run/testrunner.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace fixbench;

namespace {

const QString kSamples = QStringLiteral(FIXBENCH_SAMPLES_DIR);
const QString kCli = QStringLiteral(FIXBENCH_CLI);
const QString kSource = QStringLiteral(FIXBENCH_SOURCE_DIR);

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

// Runs to completion, reading its output; returns milliseconds (-1 on failure).
double timed(const QString &program, const QStringList &args, const QProcessEnvironment &env, QByteArray *out = nullptr,
             int expectExit = 0)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForStarted();
    QByteArray all;
    while (p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(100);
        all += p.readAll();
    }
    all += p.readAll();
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (out)
        *out = all;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != expectExit) {
        std::fprintf(stderr, "%s %s exited %d:\n%s\n", qPrintable(program), qPrintable(args.join(QLatin1Char(' '))), p.exitCode(),
                     all.right(2000).constData());
        return -1;
    }
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 10;
    auto ws = Workspace::load(kSource);
    if (!ws) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error().toString()));
        return 1;
    }
    FixtureManager mgr(*ws);
    const QString fixture = QStringLiteral("ftp_server");

    // ftp_server kept up for the whole benchmark; taken down at the end only if this
    // process started it.
    UpOptions keep;
    keep.keep = true;
    auto up = mgr.up(fixture, keep);
    if (!up) {
        std::fprintf(stderr, "%s\n", qPrintable(up.error().toString()));
        return 1;
    }
    std::printf("ftp_server %s (project %s)\n", up->attached ? "was already up: attached" : "started and kept for the benchmark",
                qPrintable(up->fixture.project));
    struct Down {
        FixtureManager &mgr;
        std::optional<RunningFixture> started;
        ~Down()
        {
            if (started)
                (void)mgr.down(*started);
        }
    } down{mgr, up->attached ? std::nullopt : std::optional<RunningFixture>(up->fixture)};

    // The environment `fixbench run` gives the binary: the same for the direct run.
    TestBinarySpec spec;
    spec.fixtures = {fixture};
    const TestRun layered = TestRun::forTest(*ws, spec, {up->environment});
    const QProcessEnvironment directEnv = layered.processEnvironment();
    const QProcessEnvironment cliEnv = QProcessEnvironment::systemEnvironment();

    std::printf("\n1. Overhead of `fixbench run` over the binary run directly (same environment), median of %d\n", rounds);
    std::printf("   %-16s %12s %16s %8s\n", "binary", "direct ms", "fixbench run ms", "ratio");
    double warmFtpMs = 0;
    for (const char *name : {"sample_passing", "sample_ftp_api"}) {
        const QString bin = kSamples + QLatin1Char('/') + QLatin1String(name);
        QList<double> direct, viaCli;
        for (int i = 0; i < rounds; ++i) {
            const double d = timed(bin, {}, directEnv);
            const double c = timed(kCli, {QStringLiteral("-w"), kSource, QStringLiteral("run"), bin, QStringLiteral("--fixture"), fixture}, cliEnv);
            if (d < 0 || c < 0)
                return 1;
            direct << d;
            viaCli << c;
        }
        std::printf("   %-16s %12.1f %16.1f %7.2fx\n", name, median(direct), median(viaCli), median(viaCli) / median(direct));
        if (QLatin1String(name) == QLatin1String("sample_ftp_api"))
            warmFtpMs = median(viaCli);
    }

    const int coldRounds = std::max(1, std::min(rounds, 3));
    std::printf("\n2. Cold run (ftp_server started and stopped by the run) over a warm one (attached), sample_ftp_api, median of %d\n",
                coldRounds);
    QList<double> cold;
    for (int i = 0; i < coldRounds; ++i) {
        const double c = timed(kCli, {QStringLiteral("-w"), kSource, QStringLiteral("run"), kSamples + QStringLiteral("/sample_ftp_api"),
                                      QStringLiteral("--fixture"), fixture, QStringLiteral("--instance"), QStringLiteral("benchcold")},
                               cliEnv);
        if (c < 0)
            return 1;
        cold << c;
    }
    std::printf("   warm %.1f ms, cold %.1f ms: cold/warm %.2fx\n", warmFtpMs, median(cold), median(cold) / warmFtpMs);

    std::printf("\n3. 5,000 tests (sample_5000), median of %d\n", rounds);
    const QString big = kSamples + QStringLiteral("/sample_5000");
    QList<double> discovery;
    int listed = 0;
    for (int i = 0; i < rounds; ++i) {
        TestCatalog::Request req;
        req.path = big;
        QElapsedTimer t;
        t.start();
        auto b = TestDiscovery::discover(req);
        discovery << double(t.nsecsElapsed()) / 1e6;
        if (!b) {
            std::fprintf(stderr, "%s\n", qPrintable(b.error().toString()));
            return 1;
        }
        listed = b->testCount();
    }
    QTemporaryDir tmp;
    const QString report = tmp.filePath(QStringLiteral("report.json"));
    QByteArray output;
    QList<double> directBig;
    for (int i = 0; i < rounds; ++i)
        directBig << timed(big, {QStringLiteral("--gtest_output=json:") + report}, QProcessEnvironment::systemEnvironment(), &output);
    QFile rf(report);
    rf.open(QIODevice::ReadOnly);
    const QByteArray reportJson = rf.readAll();
    QList<double> parse, merge;
    int parsed = 0;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        GTestOutputParser p(QStringLiteral("sample_5000"));
        for (qsizetype at = 0; at < output.size(); at += 4096) // as it arrives from a pipe
            p.feed(output.mid(at, 4096));
        p.finish();
        parse << double(t.nsecsElapsed()) / 1e6;
        QList<TestResult> results = p.results();
        parsed = int(results.size());
        t.restart();
        auto json = GTestJsonReport::parse(reportJson, QStringLiteral("sample_5000"), 1);
        if (json)
            GTestJsonReport::merge(results, json->results, 1);
        merge << double(t.nsecsElapsed()) / 1e6;
    }
    QList<double> runner;
    for (int i = 0; i < rounds; ++i) {
        TestRun r;
        r.program = big;
        QElapsedTimer t;
        t.start();
        auto rep = TestRunner::run(r);
        runner << double(t.nsecsElapsed()) / 1e6;
        if (!rep || !rep->ok()) {
            std::fprintf(stderr, "sample_5000 did not pass under TestRunner\n");
            return 1;
        }
    }
    std::printf("   discovery (%d tests listed):            %8.1f ms\n", listed, median(discovery));
    std::printf("   parse stdout (%d results, %lld KiB):  %8.1f ms\n", parsed, qlonglong(output.size() / 1024), median(parse));
    std::printf("   parse + merge the JSON report (%lld KiB): %6.1f ms\n", qlonglong(reportJson.size() / 1024), median(merge));
    std::printf("   discovery + parse:                      %8.1f ms\n", median(discovery) + median(parse) + median(merge));
    std::printf("   run directly %.1f ms, TestRunner::run %.1f ms: %.2fx\n", median(directBig), median(runner),
                median(runner) / median(directBig));

    // 4. Logs per test: a binary whose tests fail gets ftp_server's log read once after it
    //    (one request per container) and an excerpt per failed test.
    std::printf("\n4. Fixture logs per test: `fixbench run sample_failing --fixture ftp_server` (4 failing tests) with the\n"
                "   excerpts vs --no-fixture-logs, median of %d\n", rounds);
    QList<double> withLogs, without;
    const QStringList failing{QStringLiteral("-w"), kSource, QStringLiteral("run"), kSamples + QStringLiteral("/sample_failing"),
                              QStringLiteral("--fixture"), fixture};
    for (int i = 0; i < rounds; ++i) {
        const double a = timed(kCli, failing, cliEnv, nullptr, 1);
        const double b = timed(kCli, failing + QStringList{QStringLiteral("--no-fixture-logs")}, cliEnv, nullptr, 1);
        if (a < 0 || b < 0)
            return 1;
        withLogs << a;
        without << b;
    }
    std::printf("   without %.1f ms, with %.1f ms: %.3fx (+%.1f ms)\n", median(without), median(withLogs),
                median(withLogs) / median(without), median(withLogs) - median(without));
    return 0;
}
