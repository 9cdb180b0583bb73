#include "run/testrunner.h"

#include "run/gtest/gtesteventstream.h"
#include "run/gtest/gtestjsonreport.h"
#include "run/gtest/gtestoutputparser.h"
#include "run/gtest/testdiscovery.h"
#include "run/testcatalog.h"
#include "base/processgroup.h"
#include "base/processrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <csignal>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::TestRunner)
};
} // namespace

namespace {

QString lastLines(const QString &text, int n)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (lines.size() > n)
        lines = lines.mid(lines.size() - n);
    return lines.join(QLatin1Char('\n'));
}

// Tests that never started because the binary died or was killed first: named from the
// binary's own list (same environment and selection), not only counted, and delivered
// like any other result. When it cannot list them, a warning says so.
void nameTestsNotRun(const TestRun &run, BinaryReport &report, const QString &reason, const TestRunner::Callbacks &cb)
{
    const int missing = report.notRunCount() - report.count(TestStatus::NotRun);
    if (missing <= 0)
        return;
    TestCatalog::Request request = TestCatalog::Request::forRun(run);
    request.name = report.binary;
    auto listed = TestDiscovery::discover(request);
    if (!listed) {
        report.warnings << Tr::tr("%1 test(s) did not run and cannot be named: %2").arg(missing).arg(listed.error().message);
        return;
    }
    QSet<QString> seen;
    for (const TestResult &r : std::as_const(report.results))
        if (r.iteration == report.iterations)
            seen.insert(r.fullName());
    QList<TestResult> added;
    for (const TestSuiteInfo &s : std::as_const(listed->suites)) {
        for (const TestCaseInfo &t : s.tests) {
            if ((t.disabled && !run.options.alsoRunDisabled) || seen.contains(t.fullName()))
                continue;
            TestResult r;
            r.binary = report.binary;
            r.suite = t.suite;
            r.name = t.name;
            r.typeParam = t.typeParam;
            r.valueParam = t.valueParam;
            r.file = t.file;
            r.line = t.line;
            r.iteration = report.iterations;
            r.status = TestStatus::NotRun;
            r.message = reason;
            added << r;
        }
    }
    report.results += added;
    if (cb.results && !added.isEmpty())
        cb.results(added);
}

BinaryReport errorReport(const TestRun &run, const Error &e)
{
    BinaryReport r;
    r.binary = run.name.isEmpty() ? QFileInfo(run.program).fileName() : run.name;
    r.path = run.program;
    r.error = e;
    return r;
}

} // namespace

Result<BinaryReport> TestRunner::run(const TestRun &run, const Callbacks &cb, const std::atomic_bool *cancel)
{
    QElapsedTimer timer;
    timer.start();
    const QString name = run.name.isEmpty() ? QFileInfo(run.program).fileName() : run.name;
    const QFileInfo fi(run.program);
    if (!fi.exists())
        return Error(Error::Kind::NotFound, Tr::tr("test binary `%1`: %2 does not exist; build it first").arg(name, run.program));
    if (!fi.isFile() || !fi.isExecutable())
        return Error(Error::Kind::Io, Tr::tr("test binary `%1`: %2 is not an executable file").arg(name, run.program));

    QTemporaryDir tmp;
    if (!tmp.isValid())
        return Error(Error::Kind::Io, Tr::tr("cannot create a temporary folder: %1").arg(tmp.errorString()));
    const QString jsonPath = tmp.filePath(QStringLiteral("report.json"));
    auto args = run.arguments(jsonPath);
    if (!args)
        return Error(args.error().kind, QStringLiteral("test binary `%1`: %2").arg(name, args.error().message));

    // gtest's result stream: each failure's exact message, apart from the test's output.
    // Before the user's own arguments, so that theirs win.
    GTestEventStream stream;
    stream.setSecrets(run.secretsToMask());
    if (stream.isListening())
        args->insert(args->size() - run.options.extraArguments.size(), stream.argument());

    BinaryReport report;
    report.binary = name;
    report.path = fi.absoluteFilePath();
    report.arguments = *args;

    ProcessSpec spec;
    spec.program = report.path;
    spec.arguments = *args;
    spec.environment = run.processEnvironment();
    spec.workingDirectory = run.effectiveWorkingDirectory();
    spec.graceMs = 2000;

    // One masking step for everything kept of the output: the parser's lines, log,
    // outputs and messages, and what the JSON report adds.
    const QStringList secrets = run.secretsToMask();
    GTestOutputParser parser(name);
    parser.setSecrets(secrets);
    QElapsedTimer sinceEvent; // since the current test started, or since the last test event
    sinceEvent.start();
    auto deliver = [&](QList<TestResult> changes) {
        for (TestResult &c : changes)
            if (c.status != TestStatus::Running)
                stream.applyTo(c);
        if (!changes.isEmpty()) {
            sinceEvent.restart();
            if (cb.results)
                cb.results(changes);
        }
        if (cb.output) {
            const QStringList lines = parser.takeLines();
            if (!lines.isEmpty())
                cb.output(name, lines);
        } else {
            (void)parser.takeLines();
        }
    };

    ProcessRunner::Callbacks pcb;
    pcb.started = [&](qint64) {
        if (cb.started)
            cb.started(run);
    };
    pcb.output = [&](const QByteArray &chunk, bool) {
        // What gtest streamed before it printed this (a failure's part before the test's end line).
        stream.poll();
        const bool endedBefore = parser.currentEnded();
        deliver(parser.feed(chunk));
        if (!endedBefore && parser.currentEnded())
            sinceEvent.restart(); // its end line: the time outside tests counts from here
    };
    // A test that prints nothing and reaches no test event for timeoutMs hangs.
    pcb.timedOut = [&] {
        stream.poll(); // keeps the stream flowing when the binary prints nothing
        return run.options.timeoutMs > 0 && sinceEvent.elapsed() > run.options.timeoutMs;
    };
    const ProcessResult pr = ProcessRunner::run(spec, pcb, cancel);
    if (!pr.started)
        return Error(Error::Kind::Io, Tr::tr("test binary `%1`: cannot start %2: %3").arg(name, report.path, pr.startError));
    report.cancelled = pr.cancelled;
    report.timedOut = pr.timedOut;
    stream.poll(); // the rest: the binary is gone
    deliver(parser.finish());

    const bool crashed = pr.crashed;
    report.exitCode = crashed ? 0 : pr.exitCode;
    report.signal = crashed ? pr.signal : 0;

    const bool normalExit = !crashed && !report.timedOut && !report.cancelled;
    std::optional<GTestJsonReport::Parsed> json;
    if (normalExit) {
        auto loaded = GTestJsonReport::load(jsonPath, name, parser.iteration());
        if (loaded) {
            json = *loaded;
            if (!secrets.isEmpty())
                for (TestResult &t : json->results) {
                    for (TestFailure &f : t.failures)
                        f.message = Environment::maskSecrets(f.message, secrets);
                    t.message = Environment::maskSecrets(t.message, secrets);
                    t.valueParam = Environment::maskSecrets(t.valueParam, secrets);
                    t.typeParam = Environment::maskSecrets(t.typeParam, secrets);
                }
        }
        else if (parser.sawGTestOutput() || QFileInfo::exists(jsonPath))
            report.warnings << Tr::tr("the gtest JSON report could not be used (%1): the results come from the console output "
                                      "alone (failures outside any test, disabled tests and exact failure messages may be missing)")
                                   .arg(loaded.error().message);
    }

    // The test still running when the stream ended. One whose end line was printed
    // stands when the binary went on to exit normally and its report (or exit code 0)
    // agrees; a crash or kill right after that line still counts against it.
    if (parser.currentEnded() && normalExit && (json || report.exitCode == 0))
        deliver(parser.confirmCurrent());
    if (parser.hasCurrent()) {
        TestStatus status = TestStatus::Crashed;
        QString message;
        if (report.timedOut) {
            status = TestStatus::TimedOut;
            message = QStringLiteral("timed out after %1 s; the process tree was killed").arg(run.options.timeoutMs / 1000.0);
        } else if (report.cancelled) {
            status = TestStatus::Interrupted;
            message = QStringLiteral("interrupted: the run was stopped");
        } else if (crashed) {
            message = QStringLiteral("crashed: %1").arg(ProcessGroup::describeSignal(report.signal));
        } else {
            message = QStringLiteral("the binary exited with code %1 while this test was running").arg(report.exitCode);
        }
        if (auto r = parser.abortCurrent(status, message))
            deliver({*r});
    }

    report.results = parser.results();
    for (TestResult &r : report.results)
        stream.applyTo(r);
    report.iterations = parser.iteration();
    report.expectedTests = parser.expectedTests();
    report.seed = parser.seed();
    if (json) {
        GTestJsonReport::merge(report.results, json->results, parser.iteration());
        GTestJsonReport::trimFailureMessages(report.results, json->results);
        report.reportMerged = true;
        if (!report.seed && run.options.shuffle && json->randomSeed)
            report.seed = json->randomSeed;
    }
    if (!report.reportMerged && !report.cancelled) {
        const QString reason = crashed ? QStringLiteral("not run: the binary crashed (%1) before it").arg(ProcessGroup::describeSignal(report.signal))
            : report.timedOut          ? QStringLiteral("not run: the binary was killed before it (a test timed out)")
                                       : QStringLiteral("not run: the binary exited (code %1) before it").arg(report.exitCode);
        nameTestsNotRun(run, report, reason, cb);
    }
    report.log = parser.log();
    report.elapsedMs = timer.elapsed();

    // Problems of the binary rather than of a test.
    const int failing = report.count(TestStatus::Failed) + report.count(TestStatus::Crashed);
    if (!parser.sawGTestOutput() && !report.reportMerged && !report.cancelled) {
        QString what = crashed ? QStringLiteral("crashed (%1)").arg(ProcessGroup::describeSignal(report.signal))
                               : report.timedOut ? QStringLiteral("timed out")
                                                 : QStringLiteral("exited with code %1").arg(report.exitCode);
        report.error = Error(Error::Kind::Test,
                             QStringLiteral("test binary `%1` %2 without printing GoogleTest output; is it a GoogleTest binary?").arg(name, what),
                             lastLines(report.log, 20));
    } else if (crashed && !report.timedOut && !report.cancelled && failing == 0) {
        report.error = Error(Error::Kind::Test,
                             QStringLiteral("test binary `%1` crashed outside any test (%2), e.g. in a global set-up or at exit")
                                 .arg(name, ProcessGroup::describeSignal(report.signal)),
                             lastLines(report.log, 20));
    } else if (!crashed && !report.timedOut && !report.cancelled && report.exitCode != 0 && failing == 0
               && report.count(TestStatus::TimedOut) == 0) {
        report.error = Error(Error::Kind::Test,
                             QStringLiteral("test binary `%1` exited with code %2 but no test failed: a failure outside any test "
                                            "(SetUpTestSuite, a global environment, at exit) or a bad argument")
                                 .arg(name).arg(report.exitCode),
                             lastLines(report.log, 20));
    } else if (report.timedOut && report.count(TestStatus::TimedOut) == 0) {
        report.error = Error(Error::Kind::Timeout,
                             QStringLiteral("test binary `%1` printed nothing for %2 s outside any test; it was killed")
                                 .arg(name).arg(run.options.timeoutMs / 1000.0),
                             lastLines(report.log, 20));
    }
    if (cb.finished)
        cb.finished(report);
    return report;
}

QList<BinaryReport> TestRunner::runAll(const QList<TestRun> &runs, int maxParallel, const Callbacks &cb,
                                       const std::atomic_bool *cancel)
{
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, maxParallel));
    pool.setExpiryTimeout(-1);
    return QtConcurrent::blockingMapped<QList<BinaryReport>>(&pool, runs, [&cb, cancel](const TestRun &r) {
        if (cancel && cancel->load()) {
            BinaryReport skipped = errorReport(r, Error(Error::Kind::Cancelled, Tr::tr("not started: the run was stopped")));
            skipped.cancelled = true;
            return skipped;
        }
        auto report = run(r, cb, cancel);
        if (report)
            return *report;
        BinaryReport failed = errorReport(r, report.error());
        if (cb.finished)
            cb.finished(failed);
        return failed;
    });
}

} // namespace fixbench
