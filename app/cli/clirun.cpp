// `fixbench run`: brings up the fixtures each test binary needs (or attaches), runs the
// `setup_data` hooks, runs the binaries with the fixtures' environment, prints a line
// per test and a summary, exports JUnit/JSON, and takes down what it started.

#include "cli.h"

#include "fixture/fixturemanager.h"
#include "fixture/hookrunner.h"
#include "run/junitwriter.h"
#include "terminalprogress.h"
#include "run/testcatalog.h"
#include "run/testreportjson.h"
#include "run/testrun.h"
#include "run/testrunner.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>

#include <cstdio>
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
            if (r.status == TestStatus::Disabled || r.status == TestStatus::NotRun)
                continue;
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
                for (const TestFailure &f : r.failures) {
                    if (!f.location().isEmpty())
                    print(QStringLiteral("      ") + f.location());
                    for (const QString &l : f.message.split(QLatin1Char('\n')))
                        print(QStringLiteral("        ") + l);
                }
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
    }

    void binaryFinished(const BinaryReport &report)
    {
        QMutexLocker lock(&m_mutex);
        clearTransient();
        if (report.error && report.error->kind != Error::Kind::Cancelled) {
            print(QStringLiteral("%1  [%2] %3").arg(colour(QStringLiteral("ERROR"), "31"), report.binary, report.error->message));
            for (const QString &l : report.error->details.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                print(QStringLiteral("        ") + l);
        }
        if (const int n = report.notRunCount(); n > 0 && !report.cancelled)
            print(QStringLiteral("      [%1] %2 test(s) did not run: the binary died first").arg(report.binary).arg(n));
    }

    void done()
    {
        QMutexLocker lock(&m_mutex);
        clearTransient();
    }

private:
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
};

QString lastRunPath(const Workspace &ws)
{
    return FixtureManager::runtimeDir() + QStringLiteral("/last-run-%1.json").arg(ws.id());
}

} // namespace

int Cli::cmdRun(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("BINARY"),
                            tr("Test binaries: names from fixbench.yml `tests:` or paths to executables. "
                               "Default: every test fixbench.yml lists."),
                            QStringLiteral("[BINARY...]"));
    p.addOption({QStringLiteral("filter"), tr("Only tests matching this gtest filter (e.g. 'Ftp*:-*Slow*')."), QStringLiteral("PATTERN")});
    p.addOption({QStringLiteral("failed"), tr("Only the tests that failed, crashed or timed out in the previous `fixbench run` of this workspace.")});
    p.addOption({QStringLiteral("repeat"), tr("Run each test N times."), QStringLiteral("N")});
    p.addOption({QStringLiteral("shuffle"), tr("Shuffle the order of tests (the seed is printed).")});
    p.addOption({QStringLiteral("seed"), tr("Seed for --shuffle."), QStringLiteral("N")});
    p.addOption({QStringLiteral("also-run-disabled"), tr("Also run DISABLED_ tests.")});
    p.addOption({QStringLiteral("timeout"), tr("Kill a test (and everything it started) that runs longer than this; it is reported as "
                                               "timed out. Default 1500 (as CTest); 0 = never."),
                 QStringLiteral("SECONDS")});
    p.addOption({{QStringLiteral("j"), QStringLiteral("jobs")}, tr("Run up to N binaries in parallel (default 1)."), QStringLiteral("N")});
    p.addOption({QStringLiteral("junit"), tr("Write JUnit XML results (Jenkins, GitLab) to FILE."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), tr("Write JSON results to FILE."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("keep"), tr("Leave the fixtures this run started up afterwards (also: keep_up in fixture.yml).")});
    p.addOption({QStringLiteral("env"), tr("Set a variable for the tests; wins over fixtures. Repeatable."), QStringLiteral("K=V")});
    p.addOption({QStringLiteral("fixture"), tr("Also bring up this fixture for every binary (e.g. for a binary given by path). Repeatable."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("instance"), tr("Fixture instance name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("list"), tr("List the tests (in the run's environment) instead of running them.")});
    if (int rc = parse(p, QStringLiteral("run"),
                       tr("Runs GoogleTest binaries with their fixtures: brings up (or attaches to) the fixtures each one "
                          "needs, runs their setup_data hooks, injects their environment, prints a line per test and a "
                          "summary, and takes down what it started (unless --keep). Exits 1 when a test failed, crashed "
                          "or timed out; Ctrl-C stops the tests and tears down (exit 130)."),
                       args);
        rc >= 0)
        return rc;

    // --- options -------------------------------------------------------------------
    auto intOption = [&](const QString &name, int min, int *value) -> bool {
        if (!p.isSet(name))
            return true;
        bool ok = false;
        *value = p.value(name).toInt(&ok);
        if (!ok || *value < min) {
            err(tr("fixbench run: --%1 needs a whole number >= %2").arg(name).arg(min));
            return false;
        }
        return true;
    };
    TestRunOptions options;
    int jobs = 1;
    int seed = 0;
    if (!intOption(QStringLiteral("repeat"), 1, &options.repeat) || !intOption(QStringLiteral("jobs"), 1, &jobs)
        || !intOption(QStringLiteral("seed"), 0, &seed))
        return ExitUsage;
    options.seed = quint32(seed);
    options.shuffle = p.isSet(QStringLiteral("shuffle"));
    options.alsoRunDisabled = p.isSet(QStringLiteral("also-run-disabled"));
    options.timeoutMs = 1500 * 1000;
    if (p.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double s = p.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || s < 0 || s > 24 * 3600) {
            err(tr("fixbench run: --timeout needs a number of seconds (0 = never)"));
            return ExitUsage;
        }
        options.timeoutMs = int(s * 1000);
    }
    Environment overrides;
    static const QRegularExpression kv(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$"), QRegularExpression::DotMatchesEverythingOption);
    for (const QString &e : p.values(QStringLiteral("env"))) {
        const QRegularExpressionMatch m = kv.match(e);
        if (!m.hasMatch()) {
            err(tr("fixbench run: --env wants NAME=VALUE, not `%1`").arg(e));
            return ExitUsage;
        }
        overrides.set(m.captured(1), m.captured(2), false, QStringLiteral("--env"));
    }
    if (p.isSet(QStringLiteral("filter")) && p.isSet(QStringLiteral("failed"))) {
        err(tr("fixbench run: use --filter or --failed, not both"));
        return ExitUsage;
    }
    const QString instance = p.value(QStringLiteral("instance"));

    auto ws = workspace();
    if (!ws)
        return fail(ws.error());

    // --- which binaries --------------------------------------------------------------
    QList<TestBinarySpec> specs;
    const QStringList names = p.positionalArguments();
    if (names.isEmpty()) {
        specs = ws->tests();
        if (specs.isEmpty()) {
            err(tr("fixbench run: %1 lists no tests; add them under `tests:` or name binaries on the command line").arg(ws->specFile()));
            return ExitUsage;
        }
    }
    for (const QString &name : names) {
        bool found = false;
        for (const TestBinarySpec &t : ws->tests()) {
            if (t.name == name) {
                specs << t;
                found = true;
                break;
            }
        }
        if (found)
            continue;
        const QFileInfo fi(name);
        if (fi.isFile()) {
            TestBinarySpec t;
            t.path = fi.absoluteFilePath();
            t.name = fi.fileName();
            for (const TestBinarySpec &known : ws->tests()) {
                if (QFileInfo(known.path).canonicalFilePath() == fi.canonicalFilePath()) {
                    t = known; // a path to a binary fixbench.yml knows: same fixtures and env
                    break;
                }
            }
            specs << t;
            continue;
        }
        QStringList known;
        for (const TestBinarySpec &t : ws->tests())
            known << t.name;
        return fail(Error(Error::Kind::NotFound,
                          tr("no test `%1`: neither a name in %2 (%3) nor an existing file")
                              .arg(name, ws->specFile(), known.isEmpty() ? tr("it lists none") : known.join(QStringLiteral(", ")))));
    }
    for (TestBinarySpec &t : specs) {
        for (const QString &f : p.values(QStringLiteral("fixture")))
            if (!t.fixtures.contains(f))
                t.fixtures << f;
        const QFileInfo fi(t.path);
        if (!fi.isFile())
            return fail(Error(Error::Kind::NotFound, tr("test binary `%1`: %2 does not exist; build it first%3")
                                                         .arg(t.name, t.path, t.where.isValid() ? tr(" (listed at %1)").arg(t.where.toString()) : QString())));
        if (!fi.isExecutable())
            return fail(Error(Error::Kind::Io, tr("test binary `%1`: %2 is not executable").arg(t.name, t.path)));
    }

    // "Failed last time": per binary, the tests that failed in the previous run.
    QHash<QString, TestSelection> failedSelections;
    if (p.isSet(QStringLiteral("failed"))) {
        auto last = TestReportJson::readFile(lastRunPath(*ws));
        if (!last)
            return fail(Error(Error::Kind::NotFound, tr("no previous `fixbench run` recorded for this workspace (%1)").arg(last.error().message)));
        QList<TestBinarySpec> keep;
        for (const TestBinarySpec &t : specs) {
            for (const BinaryReport &r : *last) {
                if (r.binary != t.name)
                    continue;
                const TestSelection sel = TestSelection::failedIn(r);
                if (!sel.isAll()) {
                    failedSelections.insert(t.name, sel);
                    keep << t;
                }
            }
        }
        if (keep.isEmpty()) {
            out(tr("nothing failed last time"));
            return ExitOk;
        }
        specs = keep;
    }

    // --- fixtures --------------------------------------------------------------------
    FixtureManager mgr(*ws);
    QStringList fixtureNames;
    for (const TestBinarySpec &t : specs)
        for (const QString &f : t.fixtures)
            if (!fixtureNames.contains(f))
                fixtureNames << f;

    QList<UpResult> started;
    QHash<QString, Environment> fixtureEnv;
    auto takeDownStarted = [&]() -> Status { return releaseStarted(mgr, started); };
    auto abort = [&](const Error &e) {
        const int rc = interrupted().load() ? int(ExitInterrupted) : fail(e);
        (void)takeDownStarted();
        return rc;
    };

    for (const QString &name : std::as_const(fixtureNames)) {
        UpOptions o;
        o.instance = instance;
        o.keep = p.isSet(QStringLiteral("keep"));
        o.cancel = &interrupted();
        TerminalProgress tp;
        tp.begin(name);
        o.progress = [&](const QString &step, const QString &line) { tp.update(step, line); };
        auto r = mgr.up(name, o);
        if (!r) {
            tp.finish(false, tr("%1 failed").arg(name));
            return abort(r.error());
        }
        tp.finish(true, r->attached ? tr("%1 already up, attached in %2 s").arg(name).arg(r->elapsedMs / 1000.0, 0, 'f', 2)
                                    : tr("%1 ready in %2 s").arg(name).arg(r->elapsedMs / 1000.0, 0, 'f', 1));
        if (!r->attached)
            started << *r;
        fixtureEnv.insert(name, r->environment);
    }
    if (interrupted().load())
        return abort(Error(Error::Kind::Cancelled, tr("interrupted")));
    if (!p.isSet(QStringLiteral("list"))) {
        for (const QString &name : std::as_const(fixtureNames)) {
            auto spec = ws->fixture(name);
            if (spec && spec->hook(QStringLiteral("setup_data"))) {
                TerminalProgress tp;
                tp.begin(name);
                Status s = HookRunner::runIfPresent(*spec, QStringLiteral("setup_data"), fixtureEnv.value(name),
                                                    [&](const QString &line) { tp.update(QStringLiteral("setup_data"), line); });
                tp.finish(s.ok(), s ? tr("%1 setup_data done").arg(name) : tr("%1 setup_data failed").arg(name));
                if (!s)
                    return abort(s.error());
            }
        }
    }

    // --- runs ------------------------------------------------------------------------
    QList<TestRun> runs;
    for (const TestBinarySpec &t : std::as_const(specs)) {
        QList<Environment> envs;
        for (const QString &f : t.fixtures)
            envs << fixtureEnv.value(f);
        TestRun run = TestRun::forTest(*ws, t, envs, overrides);
        run.options = options;
        if (failedSelections.contains(t.name))
            run.selection = failedSelections.value(t.name);
        else if (p.isSet(QStringLiteral("filter")))
            run.selection = TestSelection::ofFilter(p.value(QStringLiteral("filter")));
        runs << run;
    }

    if (p.isSet(QStringLiteral("list"))) {
        QList<TestCatalog::Request> requests;
        for (const TestRun &r : std::as_const(runs))
            requests << TestCatalog::Request::forRun(r);
        const TestCatalog catalog = TestCatalog::discover(requests, jobs);
        for (const DiscoveredBinary &b : catalog.binaries()) {
            if (!b.ok()) {
                err(QStringLiteral("fixbench: ") + b.error->toString());
                continue;
            }
            out(tr("%1 (%2 tests, %3)").arg(b.name).arg(b.testCount()).arg(b.path));
            for (const TestSuiteInfo &s : b.suites) {
                out(QStringLiteral("  ") + s.name + (s.typeParam.isEmpty() ? QString() : QStringLiteral("  # TypeParam = ") + s.typeParam));
                for (const TestCaseInfo &c : s.tests)
                    out(QStringLiteral("    %1%2%3%4")
                            .arg(c.name, c.valueParam.isEmpty() ? QString() : QStringLiteral("  # GetParam() = ") + c.valueParam,
                                 c.disabled ? QStringLiteral("  (disabled)") : QString(),
                                 c.file.isEmpty() ? QString() : QStringLiteral("  %1:%2").arg(c.file).arg(c.line)));
            }
        }
        Status down = takeDownStarted();
        if (!down)
            return fail(down.error());
        return catalog.errorCount() ? int(ExitFailed) : int(ExitOk);
    }

    const bool tty = ::isatty(fileno(stdout));
    LivePrinter printer(tty, runs.size() > 1);
    TestRunner::Callbacks cb;
    cb.results = [&](const QList<TestResult> &changes) { printer.results(changes); };
    cb.finished = [&](const BinaryReport &r) { printer.binaryFinished(r); };
    QElapsedTimer clock;
    clock.start();
    const QList<BinaryReport> reports = TestRunner::runAll(runs, jobs, cb, &interrupted());
    printer.done();
    RunSummary summary = RunSummary::of(reports);
    summary.elapsedMs = clock.elapsed();
    summary.cancelled = summary.cancelled || interrupted().load();

    // --- after -----------------------------------------------------------------------
    int rc = summary.ok() ? int(ExitOk) : int(ExitFailed);
    if (!interrupted().load()) {
        for (const QString &name : std::as_const(fixtureNames)) {
            auto spec = ws->fixture(name);
            if (spec && spec->hook(QStringLiteral("teardown_data"))) {
                Status s = HookRunner::runIfPresent(*spec, QStringLiteral("teardown_data"), fixtureEnv.value(name));
                if (!s)
                    rc = std::max(rc, fail(s.error()));
            }
        }
    }
    for (const BinaryReport &r : reports)
        if (r.seed && options.shuffle)
            err(tr("[%1] shuffled with seed %2 (repeat the order with --seed %2)").arg(r.binary).arg(*r.seed));
    if (p.isSet(QStringLiteral("junit")))
        if (Status s = JUnitWriter::writeFile(reports, p.value(QStringLiteral("junit")), ws->name()); !s)
            rc = std::max(rc, fail(s.error()));
    if (p.isSet(QStringLiteral("json")))
        if (Status s = TestReportJson::writeFile(reports, summary, p.value(QStringLiteral("json"))); !s)
            rc = std::max(rc, fail(s.error()));
    if (!interrupted().load() && !p.isSet(QStringLiteral("failed")))
        (void)TestReportJson::writeFile(reports, summary, lastRunPath(*ws));

    if (Status s = takeDownStarted(); !s)
        rc = std::max(rc, fail(s.error()));
    if (summary.binaryErrors)
        err(tr("%1 test binary(ies) had errors (see above)").arg(summary.binaryErrors));
    out(summary.line());
    return interrupted().load() ? int(ExitInterrupted) : rc;
}

} // namespace fixbench
