// `fixbench run`: brings up the fixtures each test binary needs (or attaches), runs the
// `setup_data` hooks, runs the binaries with the fixtures' environment, prints a line
// per test and a summary, exports JUnit/JSON, and takes down what it started.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "reportfiles.h"
#include "run/binarywatcher.h"
#include "runoptions.h"
#include "run/artifactcollector.h"
#include "run/junitwriter.h"
#include "run/runpipeline.h"
#include "run/runtimeline.h"
#include "run/runplan.h"
#include "run/testcatalog.h"
#include "run/testreportjson.h"
#include "run/testrun.h"
#include "run/testrunner.h"
#include "run/testshard.h"
#include "terminalprogress.h"
#include "tr.h"

#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QRegularExpression>

#include <cstdio>
#include <optional>
#include <unistd.h>

namespace fixbench {

namespace {

// Prints results as they arrive, from the runner's worker threads.
class LivePrinter {
public:
    LivePrinter(bool tty, bool prefixBinary) : m_tty(tty), m_prefix(prefixBinary) {}

    void results(const QList<TestResult> &changes)
    {
        QMutexLocker lock(&m_mutex);
        for (const TestResult &r : changes) {
            if (r.status == TestStatus::Running) {
                if (m_tty) {
                    clearTransient();
                    std::fprintf(stdout, "  \x1b[2m… %s\x1b[0m", qPrintable(prefix(r) + r.displayName()));
                    std::fflush(stdout);
                    m_transient = true;
                }
                continue;
            }
            printResult(r);
        }
    }

    void binaryFinished(const BinaryReport &report)
    {
        QMutexLocker lock(&m_mutex);
        clearTransient();
        // What the report settled differently from the live lines (or alone: a binary
        // whose own result printer prints no test lines): the report is what is kept.
        for (const TestResult &r : report.results)
            if (m_printed.value(key(r), TestStatus::Running) != r.status)
                printResult(r);
        for (const QString &w : report.warnings)
            print(QStringLiteral("%1  [%2] %3").arg(colour(QStringLiteral("WARNING"), "33"), report.binary, w));
        if (report.error && report.error->kind != Error::Kind::Cancelled) {
            print(QStringLiteral("%1  [%2] %3").arg(colour(QStringLiteral("ERROR"), "31"), report.binary, report.error->message));
            for (const QString &l : report.error->details.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                print(QStringLiteral("        ") + l);
        }
        for (const QString &death : report.fixtureDeaths)
            print(QStringLiteral("%1  [%2] %3").arg(colour(QStringLiteral("FIXTURE"), "31"), report.binary, death));
        const int unnamed = report.notRunCount() - report.count(TestStatus::NotRun);
        if (unnamed > 0 && !report.cancelled)
            print(QStringLiteral("      [%1] %2 test(s) did not run: the binary died first").arg(report.binary).arg(unnamed));
    }

    // Every result that did not pass, by name, before the summary line; failures with
    // their whole (final) messages.
    void notPassed(const QList<BinaryReport> &reports)
    {
        QMutexLocker lock(&m_mutex);
        clearTransient();
        QStringList lines;
        for (const BinaryReport &report : reports) {
            for (const TestResult &r : report.results) {
                if (!isTestFailure(r.status) && r.status != TestStatus::NotRun)
                    continue;
                QString line = QStringLiteral("  %1  %2%3").arg(word(r.status), prefix(r), r.displayName());
                if (r.iteration > 1)
                    line += QStringLiteral(" [iteration %1]").arg(r.iteration);
                lines << line;
                if (r.status == TestStatus::NotRun && !r.message.isEmpty())
                    lines.last() += QStringLiteral(": ") + QString(r.message).remove(QRegularExpression(QStringLiteral("^not run: ")));
                for (const TestFailure &f : r.failures) {
                    if (!f.location().isEmpty())
                        lines << QStringLiteral("        ") + f.location();
                    for (const QString &l : f.message.split(QLatin1Char('\n')))
                        lines << QStringLiteral("          ") + l;
                }
            }
            const int unnamed = report.notRunCount() - report.count(TestStatus::NotRun);
            if (unnamed > 0 && !report.cancelled)
                lines << QStringLiteral("  %1  [%2] %3 test(s) that cannot be named").arg(word(TestStatus::NotRun), report.binary).arg(unnamed);
        }
        if (lines.isEmpty())
            return;
        print(Tr::tr("Not passed:"));
        for (const QString &l : std::as_const(lines))
            print(l);
    }

    void done()
    {
        QMutexLocker lock(&m_mutex);
        clearTransient();
    }

private:
    static QString key(const TestResult &r)
    {
        return r.binary + QLatin1Char('\n') + r.fullName() + QLatin1Char('\n') + QString::number(r.iteration);
    }

    void printResult(const TestResult &r)
    {
        m_printed.insert(key(r), r.status);
        if (r.status == TestStatus::Disabled || r.status == TestStatus::NotRun)
            return;
        clearTransient();
        QString line = QStringLiteral("%1  %2%3").arg(word(r.status), prefix(r), r.displayName());
        if (r.iteration > 1)
            line += QStringLiteral(" [iteration %1]").arg(r.iteration);
        if (r.durationMs >= 0 && r.status != TestStatus::TimedOut && r.status != TestStatus::Interrupted)
            line += QStringLiteral(" (%1 ms)").arg(r.durationMs);
        if (r.status == TestStatus::Skipped && !r.message.isEmpty())
            line += QStringLiteral(": ") + r.message.section(QLatin1Char('\n'), 0, 0);
        print(line);
        if (r.status == TestStatus::Failed) {
            // Where, and the assertion's first line: the whole message is exact only once
            // the binary's report is read; notPassed() prints it then.
            for (const TestFailure &f : r.failures)
                print(QStringLiteral("      %1%2%3").arg(f.location(), f.location().isEmpty() ? QString() : QStringLiteral(": "),
                                                          f.message.section(QLatin1Char('\n'), 0, 0)));
        } else if (r.status == TestStatus::Crashed || r.status == TestStatus::TimedOut || r.status == TestStatus::Interrupted) {
            print(QStringLiteral("      ") + r.message);
            QStringList out = r.output.split(QLatin1Char('\n'));
            while (!out.isEmpty() && out.last().isEmpty())
                out.removeLast();
            if (!out.isEmpty()) {
                print(QStringLiteral("      its output%1:").arg(out.size() > 20 ? QStringLiteral(" (last 20 lines)") : QString()));
                for (const QString &l : out.mid(std::max<qsizetype>(0, out.size() - 20)))
                    print(QStringLiteral("        ") + l);
            }
        }
    }

    QString prefix(const TestResult &r) const { return m_prefix ? QLatin1Char('[') + r.binary + QStringLiteral("] ") : QString(); }

    QString colour(const QString &text, const char *code) const
    {
        return m_tty ? QStringLiteral("\x1b[%1m%2\x1b[0m").arg(QLatin1String(code), text) : text;
    }

    QString word(TestStatus s) const
    {
        switch (s) {
        case TestStatus::Passed: return colour(QStringLiteral("PASS   "), "32");
        case TestStatus::Failed: return colour(QStringLiteral("FAIL   "), "31");
        case TestStatus::Skipped: return colour(QStringLiteral("SKIP   "), "33");
        case TestStatus::Crashed: return colour(QStringLiteral("CRASH  "), "31;1");
        case TestStatus::TimedOut: return colour(QStringLiteral("TIMEOUT"), "31;1");
        case TestStatus::Interrupted: return colour(QStringLiteral("STOPPED"), "33");
        case TestStatus::NotRun: return colour(QStringLiteral("NOT RUN"), "33");
        default: return testStatusName(s);
        }
    }

    void print(const QString &line)
    {
        std::fputs(qPrintable(line), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }

    void clearTransient()
    {
        if (m_transient) {
            std::fputs("\r\x1b[K", stdout);
            m_transient = false;
        }
    }

    QMutex m_mutex;
    bool m_tty;
    bool m_prefix;
    bool m_transient = false;
    QHash<QString, TestStatus> m_printed; // binary, test, iteration → the status printed
};

// What shapes every test run, from the options.
struct RunSettings {
    TestRunOptions options;
    int jobs = 1;
    Environment overrides; // --env
};

// Reads the settings; prints a usage error and returns nothing when an option is wrong.
std::optional<RunSettings> readSettings(const QCommandLineParser &p)
{
    auto intOption = [&](const QString &name, int min, int *value) -> bool {
        if (!p.isSet(name))
            return true;
        bool ok = false;
        *value = p.value(name).toInt(&ok);
        if (!ok || *value < min) {
            err(Tr::tr("fixbench run: --%1 needs a whole number >= %2").arg(name).arg(min));
            return false;
        }
        return true;
    };
    RunSettings settings;
    TestRunOptions &options = settings.options;
    int seed = 0;
    if (!intOption(QStringLiteral("repeat"), 1, &options.repeat) || !intOption(QStringLiteral("jobs"), 1, &settings.jobs)
        || !intOption(QStringLiteral("seed"), 0, &seed))
        return std::nullopt;
    options.seed = quint32(seed);
    options.shuffle = p.isSet(QStringLiteral("shuffle"));
    options.alsoRunDisabled = p.isSet(QStringLiteral("also-run-disabled"));
    options.showSecrets = p.isSet(QStringLiteral("show-secrets"));
    options.timeoutMs = TestRunOptions::kDefaultTimeoutMs;
    if (p.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double s = p.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || s < 0 || s > 24 * 3600) {
            err(Tr::tr("fixbench run: --timeout needs a number of seconds (0 = never)"));
            return std::nullopt;
        }
        options.timeoutMs = int(s * 1000);
    }
    auto overrides = envOverrides(p, QStringLiteral("run"));
    if (!overrides)
        return std::nullopt;
    settings.overrides = *overrides;
    return settings;
}

// The options' checks, before the workspace is looked for.
int check(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    if (!readSettings(p))
        return ExitUsage;
    if (p.isSet(QStringLiteral("filter")) && p.isSet(QStringLiteral("failed")))
        return ctx.usage(Tr::tr("fixbench run: use --filter or --failed, not both"));
    if (p.isSet(QStringLiteral("watch")) && p.isSet(QStringLiteral("list")))
        return ctx.usage(Tr::tr("fixbench run: --watch runs tests; it does not go with --list"));
    if (p.isSet(QStringLiteral("shard")))
        if (auto shard = TestShard::parse(p.value(QStringLiteral("shard"))); !shard)
            return ctx.usage(QStringLiteral("fixbench run: ") + shard.error().message);
    return -1;
}

// --shard K/N: lists the selected tests of every binary (without the fixtures'
// environments: the split must not depend on what happens to be up) and keeps this
// shard's in the plan. Says what the shard holds; false when it holds nothing.
bool restrictToShard(RunPlan &plan, const Workspace &ws, const TestShard &shard)
{
    QList<TestCatalog::Request> requests;
    for (const RunPlan::Binary &b : std::as_const(plan.binaries))
        requests << TestCatalog::Request::forRun(plan.runOf(ws, b, {}));
    const TestCatalog catalog = TestCatalog::discover(requests, plan.jobs);
    const qsizetype all = TestShard::entriesOf(plan, catalog).size();
    const qsizetype binaries = plan.binaries.size();
    QStringList byGTest;
    const int mine = shard.restrict(plan, catalog, &byGTest);
    out(Tr::tr("shard %1: %2 of %3 tests, in %4 of %5 binaries").arg(shard.toString()).arg(mine).arg(all).arg(plan.binaries.size()).arg(binaries));
    for (const QString &b : std::as_const(byGTest))
        out(Tr::tr("shard %1: %2 has too many tests to name: GoogleTest's own sharding runs its part").arg(shard.toString(), b));
    return mine > 0 || !byGTest.isEmpty();
}

// --watch: after each round its reports and summary; then waits for binaries to be
// rebuilt and reruns those against the fixtures the run holds (nothing is brought up
// again), keeping the latest report of each binary and recording each round as the
// last run, until Ctrl-C, which ends it as it ends `run` (what the run started taken
// down, exit 130).
int watchAndRerun(CommandContext &ctx, RunPipeline &pipeline, BinaryWatcher &watcher, LivePrinter &printer,
                  RunPipeline::Outcome outcome, bool recordLastRun)
{
    const Workspace &ws = ctx.workspace();
    for (;;) {
        (void)writeReportFiles(ctx, outcome.reports, outcome.summary, ws.name());
        if (recordLastRun && !ctx.interrupted().load()) // each round: Ctrl-C skips the record at the end
            if (Status s = pipeline.record(outcome); !s)
                ctx.fail(s.error());
        printer.notPassed(outcome.reports);
        out(outcome.summary.line());
        out(Tr::tr("watching %n test binary(ies) for a rebuild (Ctrl-C ends)", "", int(pipeline.plan().binaries.size())));
        const QStringList rebuilt = watcher.waitForRebuild(&ctx.interrupted());
        if (rebuilt.isEmpty())
            break;
        QStringList names;
        for (const RunPlan::Binary &b : pipeline.plan().binaries)
            if (rebuilt.contains(QFileInfo(b.spec.path).absoluteFilePath()))
                names << b.spec.name;
        out(Tr::tr("rebuilt: %1; running again").arg(names.join(QStringLiteral(", "))));
        const RunPipeline::Outcome again = pipeline.runTests(rebuilt);
        printer.done();
        for (const BinaryReport &r : again.reports)
            for (BinaryReport &held : outcome.reports)
                if (held.path == r.path)
                    held = r;
        const RunSummary before = outcome.summary;
        outcome.summary = RunSummary::of(outcome.reports);
        outcome.summary.workspace = before.workspace;
        outcome.summary.shard = before.shard;
        outcome.summary.shards = before.shards;
        outcome.summary.elapsedMs = again.summary.elapsedMs;
        outcome.summary.cancelled = again.summary.cancelled;
    }
    pipeline.finish(outcome, recordLastRun);
    for (const Error &e : std::as_const(outcome.afterErrors))
        ctx.fail(e);
    return ExitInterrupted;
}

// What a failed run left for a person to look at: the artifacts, the fixtures kept up.
// Problems while collecting are warnings: they never change the run's exit code.
void printArtifacts(const std::optional<ArtifactReport> &artifacts)
{
    if (!artifacts)
        return;
    for (const Error &e : artifacts->warnings)
        err(Tr::tr("warning: artifacts: %1").arg(e.message));
    out(Tr::tr("artifacts: %1 (%2 file(s), %3 bytes, in %4 s; fixtures: %5)")
            .arg(artifacts->dir)
            .arg(artifacts->files)
            .arg(artifacts->bytes)
            .arg(artifacts->elapsedMs / 1000.0, 0, 'f', 2)
            .arg(artifacts->fixtures.isEmpty() ? Tr::tr("none") : artifacts->fixtures.join(QStringLiteral(", "))));
}

void printAfterFailure(const RunPipeline::Outcome &outcome, const QString &instance)
{
    printArtifacts(outcome.artifacts);
    if (outcome.keptOnFailure.isEmpty())
        return;
    const QString inst = instance.isEmpty() ? QString() : QStringLiteral(" --instance ") + instance;
    out(Tr::tr("a test failed: kept up for inspection: %1").arg(outcome.keptOnFailure.join(QStringLiteral(", "))));
    for (const QString &f : outcome.keptOnFailure) {
        out(Tr::tr("  fixbench env %1%2     its environment (connection settings)").arg(f, inst));
        out(Tr::tr("  fixbench logs %1%2    its containers' logs").arg(f, inst));
        out(Tr::tr("  fixbench down %1%2    take it down when done").arg(f, inst));
    }
}

} // namespace

void runOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Runs GoogleTest binaries with their fixtures: brings up (or attaches to) the fixtures each one "
                               "needs, runs their setup_data hooks, injects their environment, prints a line per test and a "
                               "summary, and takes down what it started (unless --keep). Exits 1 when a test failed, crashed "
                               "or timed out; Ctrl-C stops the tests and tears down (exit 130)."));
    line.addArgument(QStringLiteral("BINARY"),
                     Tr::tr("Test binaries: names from fixbench.yml `tests:` or paths to executables. "
                            "Default: every test fixbench.yml lists."),
                     QStringLiteral("[BINARY...]"));
    line.addOption({QStringLiteral("filter"), Tr::tr("Only tests matching this gtest filter (e.g. 'Ftp*:-*Slow*')."), QStringLiteral("PATTERN")});
    line.addOption({QStringLiteral("failed"), Tr::tr("Only the tests that failed, crashed or timed out in the previous `fixbench run` of this workspace.")});
    line.addOption({QStringLiteral("repeat"), Tr::tr("Run each test N times."), QStringLiteral("N")});
    line.addOption({QStringLiteral("shuffle"), Tr::tr("Shuffle the order of tests (the seed is printed).")});
    line.addOption({QStringLiteral("seed"), Tr::tr("Seed for --shuffle."), QStringLiteral("N")});
    line.addOption({QStringLiteral("also-run-disabled"), Tr::tr("Also run DISABLED_ tests.")});
    line.addOption({QStringLiteral("timeout"), Tr::tr("Kill a test (and everything it started) that runs longer than this; it is reported as "
                                                      "timed out. Default 1500 (as CTest); 0 = never."),
                    QStringLiteral("SECONDS")});
    line.addOption({{QStringLiteral("j"), QStringLiteral("jobs")}, Tr::tr("Run up to N binaries in parallel (default 1)."), QStringLiteral("N")});
    line.addOption({QStringLiteral("junit"), Tr::tr("Write JUnit XML results (Jenkins, GitLab) to FILE."), QStringLiteral("FILE")});
    line.addOption({QStringLiteral("json"), Tr::tr("Write JSON results to FILE."), QStringLiteral("FILE")});
    line.addOption({QStringLiteral("timeline"), Tr::tr("Write the run on a time axis (fixtures' bring-up, hooks, binaries, tests, failures "
                                                       "marked) to FILE: an SVG when FILE ends in .svg, else a self-contained HTML page."),
                    QStringLiteral("FILE")});
    line.addOption({QStringLiteral("no-fixture-logs"), Tr::tr("Do not read the fixtures' logs after each binary: the reports then carry "
                                                              "no log excerpt for the tests that did not pass.")});
    line.addOption({QStringLiteral("artifacts"), Tr::tr("When a test failed (or a fixture did not come up): collect each fixture's "
                                                        "container logs, inspect output, environment (secrets masked) and FTP files, "
                                                        "and the reports, into DIR (new or empty), before teardown."),
                    QStringLiteral("DIR")});
    line.addOption({QStringLiteral("keep-on-failure"), Tr::tr("When a test failed, leave the fixtures this run used up, marked kept "
                                                              "(as `fixbench keep`), and print how to look at them.")});
    line.addOption({QStringLiteral("show-secrets"), Tr::tr("Show the values of secret fixture variables where tests print them "
                                                           "(masked as ******** otherwise, on the console and in every report).")});
    addPlanOptions(line);
    line.addOption({QStringLiteral("shard"), Tr::tr("Run only the K-th of N parts of the selected tests (e.g. 2/3; CI matrices): a "
                                                    "deterministic split over every binary's tests by name, bringing up only the "
                                                    "fixtures of this part's binaries. `fixbench report merge` joins the parts' reports."),
                    QStringLiteral("K/N")});
    line.addOption({QStringLiteral("watch"), Tr::tr("After the run, keep the fixtures and run the tests of a binary again each time "
                                                    "it is rebuilt (replaced or touched), until Ctrl-C.")});
    line.addOption({QStringLiteral("list"), Tr::tr("List the tests (those --filter or --failed selects) instead of running them. "
                                                   "Brings no fixture up: the environments of those already up are used.")});
    line.setCheck(check);
}

int cmdRun(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const RunSettings settings = *readSettings(p);
    const Workspace &ws = ctx.workspace();

    // --- the plan: which binaries, which tests, which fixtures ------------------------
    const QStringList names = p.positionalArguments();
    if (names.isEmpty() && ws.tests().isEmpty()) {
        err(Tr::tr("fixbench run: %1 lists no tests; add them under `tests:` or name binaries on the command line").arg(ws.specFile()));
        return ExitUsage;
    }
    auto binaries = planBinaries(ws, names, p);
    if (!binaries)
        return ctx.fail(binaries.error());
    RunPlan plan = planFromOptions(p, *binaries, settings.overrides);
    plan.options = settings.options;
    plan.jobs = settings.jobs;
    plan.fixtureLogs = !p.isSet(QStringLiteral("no-fixture-logs"));
    plan.artifactsDir = p.value(QStringLiteral("artifacts"));
    plan.keepOnFailure = p.isSet(QStringLiteral("keep-on-failure"));
    if (p.isSet(QStringLiteral("artifacts")) && !p.isSet(QStringLiteral("list")))
        if (Status s = ArtifactCollector::checkTarget(plan.artifactsDir); !s)
            return ctx.usage(Tr::tr("fixbench run: --artifacts: %1").arg(s.error().message));
    const bool onlyFailed = p.isSet(QStringLiteral("failed"));
    if (onlyFailed) {
        auto last = TestReportJson::readFile(RunPipeline::lastRunPath(ws));
        if (!last)
            return ctx.fail(Error(Error::Kind::NotFound, Tr::tr("no previous `fixbench run` recorded for this workspace (%1)").arg(last.error().message)));
        if (!plan.restrictToFailed(*last)) {
            out(Tr::tr("nothing failed last time"));
            return ExitOk;
        }
    }

    TestShard shard;
    if (p.isSet(QStringLiteral("shard"))) {
        shard = *TestShard::parse(p.value(QStringLiteral("shard")));
        if (!restrictToShard(plan, ws, shard)) {
            // Nothing to run here (more shards than tests): a success, with empty reports.
            out(Tr::tr("shard %1 has no test to run").arg(shard.toString()));
            RunSummary none;
            none.workspace = ws.name();
            none.shard = shard.index;
            none.shards = shard.total;
            return writeReportFiles(ctx, {}, none, ws.name());
        }
    }

    if (p.isSet(QStringLiteral("list"))) {
        // Listing brings nothing up: the environments of the fixtures already up are
        // used, the others are named as missing.
        QHash<QString, Environment> environments;
        for (const QString &f : plan.fixtures()) {
            auto env = ctx.manager().environment(f, plan.instance);
            if (env)
                environments.insert(f, *env);
            else
                err(Tr::tr("fixbench run --list: %1; its tests are listed without its environment").arg(env.error().message));
        }
        QList<TestCatalog::Request> requests;
        for (const RunPlan::Binary &b : std::as_const(plan.binaries))
            requests << TestCatalog::Request::forRun(plan.runOf(ws, b, environments));
        const TestCatalog catalog = TestCatalog::discover(requests, plan.jobs);
        for (const DiscoveredBinary &b : catalog.binaries()) {
            if (!b.ok()) {
                err(QStringLiteral("fixbench: ") + b.error->toString());
                continue;
            }
            out(Tr::tr("%1 (%2 tests, %3)").arg(b.name).arg(b.testCount()).arg(b.path));
            // One line per test: a parameter printed over several lines (gtest's "As Text:")
            // is kept on its line, its line breaks written as \n as gtest's own list does.
            auto oneLine = [](QString text) { return text.replace(QLatin1Char('\n'), QLatin1String("\\n")); };
            for (const TestSuiteInfo &s : b.suites) {
                out(QStringLiteral("  ") + s.name + (s.typeParam.isEmpty() ? QString() : QStringLiteral("  # TypeParam = ") + oneLine(s.typeParam)));
                for (const TestCaseInfo &c : s.tests)
                    out(QStringLiteral("    %1%2%3%4")
                            .arg(c.name, c.valueParam.isEmpty() ? QString() : QStringLiteral("  # GetParam() = ") + oneLine(c.valueParam),
                                 c.disabled ? QStringLiteral("  (disabled)") : QString(),
                                 c.file.isEmpty() ? QString() : QStringLiteral("  %1:%2").arg(c.file).arg(c.line)));
            }
        }
        return catalog.errorCount() ? int(ExitFailed) : int(ExitOk);
    }
    // --- the pipeline, rendered on the terminal --------------------------------------
    std::optional<TerminalProgress> progress;
    RunPipeline::Callbacks callbacks = terminalSteps(progress);
    const bool tty = ::isatty(fileno(stdout));
    LivePrinter printer(tty, plan.binaries.size() > 1);
    callbacks.tests.results = [&](const QList<TestResult> &changes) { printer.results(changes); };
    callbacks.tests.finished = [&](const BinaryReport &r) { printer.binaryFinished(r); };
    RunTimeline timeline;
    const bool wantTimeline = p.isSet(QStringLiteral("timeline"));
    RunPipeline pipeline(ctx.manager(), plan, wantTimeline ? timeline.wrap(callbacks) : callbacks, &ctx.interrupted());
    // After the take-down, so that it is in the picture; a run that could not start too.
    auto writeTimeline = [&](int rc) {
        if (!wantTimeline)
            return rc;
        if (Status s = timeline.writeFile(p.value(QStringLiteral("timeline"))); !s)
            return std::max(rc, ctx.fail(s.error()));
        return rc;
    };
    if (const int rc = prepareFixtures(ctx, pipeline); rc >= 0) {
        printArtifacts(pipeline.artifacts()); // a fixture that did not come up is collected
        return writeTimeline(rc);
    }

    // --watch: what the binaries are before this run is what a rebuild changes.
    std::optional<BinaryWatcher> watcher;
    if (p.isSet(QStringLiteral("watch"))) {
        QStringList paths;
        for (const RunPlan::Binary &b : std::as_const(plan.binaries))
            paths << QFileInfo(b.spec.path).absoluteFilePath();
        watcher.emplace(paths);
    }
    RunPipeline::Outcome outcome = pipeline.runTests();
    outcome.summary.workspace = ws.name();
    outcome.summary.shard = shard.index;
    outcome.summary.shards = shard.total;
    printer.done();
    if (watcher)
        return watchAndRerun(ctx, pipeline, *watcher, printer, outcome, !onlyFailed);
    const QList<BinaryReport> &reports = outcome.reports;
    const RunSummary &summary = outcome.summary;

    // --- after -----------------------------------------------------------------------
    int rc = summary.ok() ? int(ExitOk) : int(ExitFailed);
    // Reports first (a take-down that fails must not cost them), then teardown_data,
    // the last-run record (not for --failed: it can be repeated) and the take-down.
    for (const BinaryReport &r : reports)
        if (r.seed && settings.options.shuffle)
            err(Tr::tr("[%1] shuffled with seed %2 (repeat the order with --seed %2)").arg(r.binary).arg(*r.seed));
    rc = std::max(rc, writeReportFiles(ctx, reports, summary, ws.name()));
    pipeline.finish(outcome, !onlyFailed);
    for (const Error &e : std::as_const(outcome.afterErrors))
        rc = std::max(rc, ctx.fail(e));
    printAfterFailure(outcome, plan.instance);
    rc = writeTimeline(rc);
    if (summary.binaryErrors)
        err(Tr::tr("%1 test binary(ies) had errors (see above)").arg(summary.binaryErrors));
    printer.notPassed(reports);
    out(summary.line());
    return ctx.interrupted().load() ? int(ExitInterrupted) : rc;
}

} // namespace fixbench
