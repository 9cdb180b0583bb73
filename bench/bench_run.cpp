// bench_run: what `fixbench run` costs, with fixtures/ftp_server kept up.
//
//  0. Process start: `fixbench --version` vs a trivial gtest binary listing its tests.
//  1. Overhead: `fixbench run BINARY` (a whole CLI process: load the workspace, attach,
//     run, parse, JSON merge, teardown) vs running BINARY directly with the same
//     environment, median of N alternating rounds: no fixture; the kept ftp_server
//     without hooks (a copy of the fixture without its setup_data hook: what fixbench
//     itself costs); ftp_server as it is (its setup_data hook, ftp-clean, logs in to
//     FTP); and a real FTP integration test (sample_ftp_api).
//  2. Attach: `fixbench up ftp_server` on the kept stack (a CLI process) and
//     FixtureManager::up in process vs `<compose> ps` and `docker ps` of the same project.
//  3. Cold vs warm: the same `fixbench run` on an instance that is not up (started,
//     then taken down) vs the kept one (attached).
//  4. 5,000 tests (sample_5000): discovery (--gtest_list_tests + JSON list) and parsing
//     its output (stdout stream + JSON report merge) in process; TestRunner vs running
//     it directly.
//  5. Fixture logs per test: a failing binary's run with the log excerpts vs
//     --no-fixture-logs.
//
//   ninja -C build bench_run && build/bench/bench_run [ROUNDS]

#include "compose/composetool.h"
#include "fixture/fixturemanager.h"
#include "run/gtest/gtestjsonreport.h"
#include "run/gtest/gtestoutputparser.h"
#include "run/gtest/testdiscovery.h"
#include "run/testrun.h"
#include "run/testrunner.h"
#include "workspace/workspace.h"

#include "benchsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace fixbench;

using fixbench::bench::median;

namespace {

const QString kSamples = QStringLiteral(FIXBENCH_SAMPLES_DIR);
const QString kCli = QStringLiteral(FIXBENCH_CLI);
const QString kSource = QStringLiteral(FIXBENCH_SOURCE_DIR);

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

    // The same ftp_server without hooks, in a workspace of its own (a temporary copy):
    // what fixbench costs without the user's hooks. Same image tag: nothing is rebuilt.
    QTemporaryDir noHooks;
    {
        const QString from = kSource + QStringLiteral("/fixtures/ftp_server");
        const QString to = noHooks.filePath(QStringLiteral("fixtures/ftp_server"));
        QDir().mkpath(to);
        for (const QString &f : QDir(from).entryList(QDir::Files))
            QFile::copy(from + QLatin1Char('/') + f, to + QLatin1Char('/') + f);
        QFile yml(to + QStringLiteral("/fixture.yml"));
        yml.open(QIODevice::ReadWrite);
        QString text = QString::fromUtf8(yml.readAll());
        text.remove(QRegularExpression(QStringLiteral("\\nhooks:\\n(  .*\\n)+")));
        yml.resize(0);
        yml.write(text.toUtf8());
        yml.close();
        QFile ws(noHooks.filePath(QStringLiteral("fixbench.yml")));
        ws.open(QIODevice::WriteOnly);
        ws.write("name: bench-run-no-hooks\nfixtures: fixtures\n");
    }
    auto wsNoHooks = Workspace::load(noHooks.path());
    if (!wsNoHooks) {
        std::fprintf(stderr, "%s\n", qPrintable(wsNoHooks.error().toString()));
        return 1;
    }
    FixtureManager mgrNoHooks(*wsNoHooks);
    auto upNoHooks = mgrNoHooks.up(fixture, keep);
    if (!upNoHooks) {
        std::fprintf(stderr, "%s\n", qPrintable(upNoHooks.error().toString()));
        return 1;
    }
    Down downNoHooks{mgrNoHooks, upNoHooks->fixture};

    std::printf("\n0. Process start, median of %d\n", rounds);
    {
        QList<double> cli, gtest;
        for (int i = 0; i < rounds; ++i) {
            cli << timed(kCli, {QStringLiteral("--version")}, cliEnv);
            gtest << timed(kSamples + QStringLiteral("/sample_passing"), {QStringLiteral("--gtest_list_tests")}, cliEnv);
        }
        std::printf("   fixbench --version %.1f ms, sample_passing --gtest_list_tests %.1f ms: %.2fx\n", median(cli), median(gtest),
                    median(cli) / median(gtest));
    }

    std::printf("\n1. Overhead of `fixbench run` over the binary run directly (same environment), median of %d\n", rounds);
    std::printf("   %-16s %-34s %10s %16s %12s %8s\n", "binary", "fixture", "direct ms", "fixbench run ms", "overhead ms", "ratio");
    double warmFtpMs = 0;
    struct Row {
        const char *binary;
        const char *what;
        QString workspace;
        bool withFixture;
    };
    const QList<Row> rows{
        {"sample_passing", "none", kSource, false},
        {"sample_passing", "ftp_server warm, no hooks", noHooks.path(), true},
        {"sample_passing", "ftp_server warm, setup_data hook", kSource, true},
        {"sample_ftp_api", "ftp_server warm, setup_data hook", kSource, true},
    };
    for (const Row &row : rows) {
        const QString bin = kSamples + QLatin1Char('/') + QLatin1String(row.binary);
        QStringList args{QStringLiteral("-w"), row.workspace, QStringLiteral("run"), bin};
        if (row.withFixture)
            args << QStringLiteral("--fixture") << fixture;
        QList<double> direct, viaCli;
        for (int i = 0; i < rounds; ++i) {
            const double d = timed(bin, {}, row.withFixture ? directEnv : cliEnv);
            const double c = timed(kCli, args, cliEnv);
            if (d < 0 || c < 0)
                return 1;
            direct << d;
            viaCli << c;
        }
        std::printf("   %-16s %-34s %10.1f %16.1f %12.1f %7.2fx\n", row.binary, row.what, median(direct), median(viaCli),
                    median(viaCli) - median(direct), median(viaCli) / median(direct));
        if (QLatin1String(row.binary) == QLatin1String("sample_ftp_api"))
            warmFtpMs = median(viaCli);
    }

    std::printf("\n2. Attach to the kept ftp_server vs asking the engine or compose about it, median of %d\n", rounds);
    {
        auto tool = ComposeTool::detect();
        if (!tool) {
            std::fprintf(stderr, "%s\n", qPrintable(tool.error().toString()));
            return 1;
        }
        // compose needs the variables the compose file interpolates.
        QProcessEnvironment composeEnv = cliEnv;
        const QProcessEnvironment fixtureEnv = up->environment.toProcessEnvironment();
        for (const QString &k : fixtureEnv.keys())
            composeEnv.insert(k, fixtureEnv.value(k));
        for (const AllocatedPort &p : up->fixture.ports)
            if (p.range) {
                composeEnv.insert(p.name + QStringLiteral("_MIN"), QString::number(p.first));
                composeEnv.insert(p.name + QStringLiteral("_MAX"), QString::number(p.last()));
            }
        const QStringList composePs = tool->prefixArgs + QStringList{QStringLiteral("-f"), kSource + QStringLiteral("/fixtures/ftp_server/compose.yaml"),
                                                                    QStringLiteral("-p"), up->fixture.project, QStringLiteral("ps")};
        const QStringList dockerPs{QStringLiteral("ps"), QStringLiteral("--filter"),
                                   QStringLiteral("label=com.docker.compose.project=") + up->fixture.project};
        const QStringList cliUp{QStringLiteral("-w"), kSource, QStringLiteral("up"), fixture};
        QList<double> cli, inProcess, compose, docker;
        for (int i = 0; i < rounds; ++i) {
            cli << timed(kCli, cliUp, cliEnv);
            FixtureManager fresh(*ws);
            QElapsedTimer t;
            t.start();
            auto attached = fresh.up(fixture);
            inProcess << double(t.nsecsElapsed()) / 1e6;
            if (!attached || !attached->attached) {
                std::fprintf(stderr, "in-process attach failed\n");
                return 1;
            }
            (void)fresh.release(*attached);
            compose << timed(tool->program, composePs, composeEnv);
            docker << timed(QStringLiteral("docker"), dockerPs, cliEnv);
            if (cli.last() < 0 || compose.last() < 0 || docker.last() < 0)
                return 1;
        }
        std::printf("   fixbench up (attach, CLI process)   %8.1f ms\n", median(cli));
        std::printf("   FixtureManager::up (attach, in process) %4.1f ms\n", median(inProcess));
        std::printf("   %-35s %8.1f ms   (fixbench up: %.2fx)\n", qPrintable(tool->displayName() + QStringLiteral(" ps")),
                    median(compose), median(cli) / median(compose));
        std::printf("   %-35s %8.1f ms   (fixbench up: %.2fx)\n", "docker ps --filter label=...", median(docker),
                    median(cli) / median(docker));
    }

    const int coldRounds = std::max(1, std::min(rounds, 3));
    std::printf("\n3. Cold run (ftp_server started and stopped by the run) over a warm one (attached), sample_ftp_api, median of %d\n",
                coldRounds);
    QList<double> cold;
    for (int i = 0; i < coldRounds; ++i) {
        // The last round's stack lingers after the run (5 s): taken down first, so that
        // every round starts it (untimed).
        if (timed(kCli, {QStringLiteral("-w"), kSource, QStringLiteral("down"), fixture, QStringLiteral("--instance"), QStringLiteral("benchcold")},
                  cliEnv) < 0)
            return 1;
        const double c = timed(kCli, {QStringLiteral("-w"), kSource, QStringLiteral("run"), kSamples + QStringLiteral("/sample_ftp_api"),
                                      QStringLiteral("--fixture"), fixture, QStringLiteral("--instance"), QStringLiteral("benchcold")},
                               cliEnv);
        if (c < 0)
            return 1;
        cold << c;
    }
    std::printf("   warm %.1f ms, cold %.1f ms: cold/warm %.2fx\n", warmFtpMs, median(cold), median(cold) / warmFtpMs);

    std::printf("\n4. 5,000 tests (sample_5000), median of %d\n", rounds);
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
    std::printf("\n5. Fixture logs per test: `fixbench run sample_failing --fixture ftp_server` (4 failing tests) with the\n"
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
