// The gtest runner on real GoogleTest binaries built for the purpose
// (tests/gtest_samples): discovery, live results, crashes, hangs, selections,
// environment injection, parallel binaries, the QObject session, JUnit/JSON export.
// No Docker engine needed.

#include "testsupport.h"

#include "run/junitwriter.h"
#include "run/testcatalog.h"
#include "run/gtest/testdiscovery.h"
#include "run/testreportjson.h"
#include "run/testrun.h"
#include "run/testrunner.h"
#include "run/testsession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QTemporaryDir>
#include <QThread>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

using namespace fixbench;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + QLatin1String(name);
}

TestRun runOf(const char *name)
{
    TestRun r;
    r.name = QLatin1String(name);
    r.program = sample(name);
    return r;
}

const TestResult *find(const BinaryReport &report, const QString &fullName, int iteration = 1)
{
    for (const TestResult &r : report.results)
        if (r.fullName() == fullName && r.iteration == iteration)
            return &r;
    return nullptr;
}

// Alive and not a zombie waiting for a reaper.
bool processAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray s = stat.readAll();
    const qsizetype paren = s.lastIndexOf(')');
    return paren < 0 || s.mid(paren + 2, 1) != "Z";
}

bool waitDead(qint64 pid, int ms = 3000)
{
    QElapsedTimer w;
    w.start();
    while (processAlive(pid) && w.elapsed() < ms)
        QThread::msleep(20);
    return !processAlive(pid);
}

} // namespace

// --- discovery ---------------------------------------------------------------------

TEST(GTestDiscovery, ListsSuitesTestsParamsDisabledWithFileAndLine)
{
    TestCatalog::Request req;
    req.path = sample("sample_params");
    auto b = TestDiscovery::discover(req);
    ASSERT_TRUE(b.ok()) << b.error().toString().toStdString();
    EXPECT_EQ(b->name, QStringLiteral("sample_params"));
    EXPECT_EQ(b->testCount(), 16);
    EXPECT_EQ(b->disabledCount(), 4);
    const TestCaseInfo *t = b->find(QStringLiteral("Large/Values.IsSmall/1"));
    ASSERT_TRUE(t);
    EXPECT_EQ(t->valueParam, QStringLiteral("50"));
    EXPECT_TRUE(t->file.endsWith(QStringLiteral("tests/gtest_samples/sample_params.cpp"))) << t->file.toStdString();
    EXPECT_EQ(t->line, 36);
    EXPECT_EQ(b->find(QStringLiteral("Typed/1.DefaultIsEmptyish"))->typeParam, QStringLiteral("double"));
    EXPECT_TRUE(b->find(QStringLiteral("DISABLED_WholeSuite.Parked"))->disabled);
}

TEST(GTestDiscovery, UsesTheRunsEnvironmentWithoutStrayGTestVariables)
{
    TestRun run = runOf("sample_env");
    run.fixtures.set(QStringLiteral("FIXBENCH_SAMPLE_VAR"), QStringLiteral("fromfixture"), false, QStringLiteral("fixture:x"));
    run.systemEnvironment.insert(QStringLiteral("GTEST_FILTER"), QStringLiteral("Nothing.*"));
    auto b = TestDiscovery::discover(TestCatalog::Request::forRun(run));
    ASSERT_TRUE(b.ok()) << b.error().toString().toStdString();
    // sample_env registers Env.Registered_<value> only when the variable reaches it;
    // GTEST_FILTER would have hidden everything.
    EXPECT_TRUE(b->find(QStringLiteral("Env.Registered_fromfixture"))) << "discovery did not get the run's environment";
    EXPECT_EQ(b->testCount(), 4);

    TestRun bare = runOf("sample_env");
    bare.systemEnvironment.remove(QStringLiteral("FIXBENCH_SAMPLE_VAR"));
    auto without = TestDiscovery::discover(TestCatalog::Request::forRun(bare));
    ASSERT_TRUE(without.ok());
    EXPECT_EQ(without->testCount(), 3);
}

TEST(GTestDiscovery, BadBinariesGiveClearErrorsAndDoNotBreakTheCatalogue)
{
    auto mk = [](const char *name) {
        TestCatalog::Request r;
        r.path = sample(name);
        return r;
    };
    TestCatalog::Request missing;
    missing.name = QStringLiteral("ghost");
    missing.path = QStringLiteral("/nonexistent/ghost_tests");
    const TestCatalog c = TestCatalog::discover({mk("sample_passing"), mk("not_gtest"), mk("sample_list_crash"), missing, mk("sample_params")}, 2);
    ASSERT_EQ(c.binaries().size(), 5);
    EXPECT_EQ(c.errorCount(), 3);
    EXPECT_EQ(c.testCount(), 8 + 16);
    EXPECT_TRUE(c.binary(QStringLiteral("sample_passing"))->ok());
    EXPECT_TRUE(c.binary(QStringLiteral("sample_params"))->ok());

    const DiscoveredBinary *notGtest = c.binary(QStringLiteral("not_gtest"));
    ASSERT_TRUE(notGtest->error);
    EXPECT_TRUE(notGtest->error->message.contains(QStringLiteral("is not a GoogleTest binary"))) << notGtest->error->message.toStdString();

    const DiscoveredBinary *crash = c.binary(QStringLiteral("sample_list_crash"));
    ASSERT_TRUE(crash->error);
    EXPECT_TRUE(crash->error->message.contains(QStringLiteral("crashed while listing its tests"))) << crash->error->message.toStdString();
    EXPECT_TRUE(crash->error->message.contains(QStringLiteral("SIGABRT"))) << crash->error->message.toStdString();

    const DiscoveredBinary *ghost = c.binary(QStringLiteral("ghost"));
    ASSERT_TRUE(ghost->error);
    EXPECT_EQ(ghost->error->kind, Error::Kind::NotFound);
    EXPECT_TRUE(ghost->error->message.contains(QStringLiteral("build it first")));
}

// --- runs ----------------------------------------------------------------------------

TEST(GTestRunner, PassingRunWithOutputSkipsAndDisabled)
{
    QList<TestResult> live;
    QStringList lines;
    TestRunner::Callbacks cb;
    cb.results = [&](const QList<TestResult> &c) { live += c; };
    cb.output = [&](const QString &, const QStringList &l) { lines += l; };
    auto r = TestRunner::run(runOf("sample_passing"), cb);
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_TRUE(r->ok());
    EXPECT_FALSE(r->error.has_value());
    EXPECT_TRUE(r->reportMerged);
    EXPECT_EQ(r->exitCode, 0);
    EXPECT_EQ(r->count(TestStatus::Passed), 5);
    EXPECT_EQ(r->count(TestStatus::Skipped), 1);
    EXPECT_EQ(r->count(TestStatus::Disabled), 2);
    EXPECT_EQ(RunSummary::of({*r}).line(), QStringLiteral("5 passed, 0 failed, 1 skipped"));
    EXPECT_EQ(find(*r, QStringLiteral("Output.PrintsToStdout"))->output, QStringLiteral("hello from stdout\nsecond stdout line\n"));
    EXPECT_EQ(find(*r, QStringLiteral("Output.PrintsToStderr"))->output, QStringLiteral("hello from stderr\n"));
    EXPECT_EQ(find(*r, QStringLiteral("Output.PrintsWithoutNewline"))->output, QStringLiteral("no newline at the end\n"));
    EXPECT_EQ(find(*r, QStringLiteral("Skipping.IsSkipped"))->message, QStringLiteral("not today"));
    EXPECT_EQ(find(*r, QStringLiteral("Math.Adds"))->line, 8) << "file and line merged from the JSON report";
    // Live: every run test started (Running) before it finished.
    int running = 0;
    for (const TestResult &t : live)
        running += t.status == TestStatus::Running ? 1 : 0;
    EXPECT_EQ(running, 6);
    EXPECT_TRUE(lines.contains(QStringLiteral("hello from stderr")));
}

TEST(GTestRunner, FailuresWithFileLineAndMessages)
{
    auto r = TestRunner::run(runOf("sample_failing"));
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->ok());
    EXPECT_EQ(r->exitCode, 1);
    EXPECT_FALSE(r->error.has_value()) << "failing tests are not a binary error";
    EXPECT_EQ(RunSummary::of({*r}).line(), QStringLiteral("2 passed, 3 failed"));
    const TestResult *two = find(*r, QStringLiteral("Failing.TwoFailures"));
    ASSERT_EQ(two->failures.size(), 2);
    EXPECT_TRUE(two->failures[0].file.endsWith(QStringLiteral("sample_failing.cpp")));
    EXPECT_EQ(two->failures[0].line, 24);
    EXPECT_TRUE(find(*r, QStringLiteral("Failing.ThrowsException"))->failures[0].message.contains(QStringLiteral("boom from the test body")));
}

TEST(GTestRunner, SegfaultMarksTheRunningTestCrashedAndKeepsTheRest)
{
    QList<TestResult> live;
    TestRunner::Callbacks cb;
    cb.results = [&](const QList<TestResult> &c) { live += c; };
    auto r = TestRunner::run(runOf("sample_crashing"), cb);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->signal, SIGSEGV);
    EXPECT_FALSE(r->reportMerged);
    EXPECT_FALSE(r->error.has_value()) << r->error->toString().toStdString();
    ASSERT_EQ(r->results.size(), 4) << "two ran, two never did (named)";
    EXPECT_EQ(find(*r, QStringLiteral("BeforeCrash.Passes"))->status, TestStatus::Passed);
    const TestResult *crashed = find(*r, QStringLiteral("Crashing.Segfault"));
    ASSERT_TRUE(crashed);
    EXPECT_EQ(crashed->status, TestStatus::Crashed);
    EXPECT_TRUE(crashed->message.contains(QStringLiteral("SIGSEGV"))) << crashed->message.toStdString();
    EXPECT_EQ(crashed->output, QStringLiteral("about to crash\n"));
    EXPECT_EQ(r->notRunCount(), 2);
    const RunSummary s = RunSummary::of({*r});
    EXPECT_EQ(s.line(), QStringLiteral("1 passed, 0 failed, 1 crashed"));
    EXPECT_EQ(s.notRun, 2);
    // The tests that never ran, by name (from the binary's own list).
    for (const char *never : {"Crashing.Abort", "AfterCrash.NeverRuns"}) {
        const TestResult *n = find(*r, QLatin1String(never));
        ASSERT_TRUE(n) << never;
        EXPECT_EQ(n->status, TestStatus::NotRun);
        EXPECT_TRUE(n->message.contains(QStringLiteral("SIGSEGV"))) << n->message.toStdString();
    }
    // Nothing is left "running": the crash, then the tests that never ran.
    ASSERT_GE(live.size(), 3);
    EXPECT_EQ(live[live.size() - 3].status, TestStatus::Crashed);
    EXPECT_EQ(live.last().status, TestStatus::NotRun);
}

TEST(GTestRunner, AbortIsACrashToo)
{
    TestRun run = runOf("sample_crashing");
    run.selection = TestSelection::ofTests({QStringLiteral("Crashing.Abort"), QStringLiteral("AfterCrash.NeverRuns")});
    auto r = TestRunner::run(run);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->signal, SIGABRT);
    const TestResult *crashed = find(*r, QStringLiteral("Crashing.Abort"));
    ASSERT_TRUE(crashed);
    EXPECT_EQ(crashed->status, TestStatus::Crashed);
    EXPECT_TRUE(crashed->message.contains(QStringLiteral("SIGABRT")));
    EXPECT_EQ(crashed->output, QStringLiteral("about to abort\n"));
}

TEST(GTestRunner, HangPastTheTimeoutKillsTheProcessTree)
{
    TestRun run = runOf("sample_hanging");
    run.options.timeoutMs = 1500;
    run.systemEnvironment.insert(QStringLiteral("FIXBENCH_SAMPLE_SLEEP"), QStringLiteral("3607"));
    QElapsedTimer t;
    t.start();
    auto r = TestRunner::run(run);
    ASSERT_TRUE(r.ok());
    EXPECT_LT(t.elapsed(), 10000);
    EXPECT_TRUE(r->timedOut);
    EXPECT_EQ(find(*r, QStringLiteral("Hanging.PassesFirst"))->status, TestStatus::Passed);
    const TestResult *hung = find(*r, QStringLiteral("Hanging.SleepsForever"));
    ASSERT_TRUE(hung);
    EXPECT_EQ(hung->status, TestStatus::TimedOut);
    EXPECT_TRUE(hung->message.contains(QStringLiteral("timed out"))) << hung->message.toStdString();
    // The child `sleep` the test started died with the binary.
    const QString out = hung->output;
    ASSERT_TRUE(out.startsWith(QStringLiteral("child pid "))) << out.toStdString();
    const qint64 child = out.mid(10).trimmed().toLongLong();
    ASSERT_GT(child, 1);
    EXPECT_TRUE(waitDead(child)) << "child " << child << " of the hung test survived";
    EXPECT_EQ(RunSummary::of({*r}).line(), QStringLiteral("1 passed, 0 failed, 1 timed out"));
}

TEST(GTestRunner, TypedAndParameterisedWithRepeatAndShuffle)
{
    TestRun run = runOf("sample_params");
    run.options.repeat = 2;
    run.options.shuffle = true;
    run.options.seed = 7;
    auto r = TestRunner::run(run);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->iterations, 2);
    ASSERT_TRUE(r->seed.has_value());
    EXPECT_EQ(*r->seed, 7u);
    for (int it : {1, 2}) {
        const TestResult *f = find(*r, QStringLiteral("Large/Values.IsSmall/1"), it);
        ASSERT_TRUE(f) << it;
        EXPECT_EQ(f->status, TestStatus::Failed);
        EXPECT_EQ(f->valueParam, QStringLiteral("50"));
        EXPECT_EQ(find(*r, QStringLiteral("Ints/TypeParamSuite/1.Copies"), it)->typeParam, QStringLiteral("long"));
    }
    EXPECT_EQ(find(*r, QStringLiteral("Large/Values.IsSmall/1"), 2)->line, 36) << "last iteration merged with the report";
    EXPECT_EQ(RunSummary::of({*r}).failed, 2);
    EXPECT_EQ(RunSummary::of({*r}).passed, 22);
}

TEST(GTestRunner, SelectionsSuitesTestsFailedLastTimeAndDisabled)
{
    TestRun run = runOf("sample_failing");
    auto first = TestRunner::run(run);
    ASSERT_TRUE(first.ok());
    run.selection = TestSelection::failedIn(*first);
    auto again = TestRunner::run(run);
    ASSERT_TRUE(again.ok());
    QStringList names;
    for (const TestResult &t : again->results)
        names << t.fullName();
    EXPECT_EQ(names, (QStringList{QStringLiteral("Failing.ExpectEq"), QStringLiteral("Failing.TwoFailures"),
                                  QStringLiteral("Failing.ThrowsException")}));

    TestRun suites = runOf("sample_passing");
    suites.selection = TestSelection::ofSuites({QStringLiteral("Output")});
    auto s = TestRunner::run(suites);
    EXPECT_EQ(s->count(TestStatus::Passed), 3);
    EXPECT_EQ(s->results.size(), 3);

    TestRun disabled = runOf("sample_passing");
    disabled.options.alsoRunDisabled = true;
    auto d = TestRunner::run(disabled);
    EXPECT_EQ(find(*d, QStringLiteral("Math.DISABLED_Divides"))->status, TestStatus::Failed);
    EXPECT_EQ(find(*d, QStringLiteral("DISABLED_Parked.NeverRuns"))->status, TestStatus::Failed);
}

TEST(GTestRunner, EnvironmentIsInjectedLayeredAndCleaned)
{
    TestRun run = runOf("sample_env");
    run.systemEnvironment.insert(QStringLiteral("GTEST_SAMPLE_STRAY"), QStringLiteral("1"));
    run.systemEnvironment.insert(QStringLiteral("GTEST_FILTER"), QStringLiteral("Nothing.*"));
    run.systemEnvironment.insert(QStringLiteral("FIXBENCH_SAMPLE_LAYER"), QStringLiteral("system"));
    run.fixtures.set(QStringLiteral("FIXBENCH_SAMPLE_VAR"), QStringLiteral("injected"), false, QStringLiteral("fixture:x"));
    run.fixtures.set(QStringLiteral("FIXBENCH_SAMPLE_LAYER"), QStringLiteral("fixture"), false, QStringLiteral("fixture:x"));
    run.overrides.set(QStringLiteral("FIXBENCH_SAMPLE_LAYER"), QStringLiteral("override"));
    auto r = TestRunner::run(run);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->ok()) << r->log.toStdString();
    const TestResult *t = find(*r, QStringLiteral("Env.InjectedVariableIsThere"));
    ASSERT_TRUE(t);
    EXPECT_EQ(t->output, QStringLiteral("FIXBENCH_SAMPLE_VAR=injected\nFIXBENCH_SAMPLE_LAYER=override\n"));
    EXPECT_EQ(find(*r, QStringLiteral("Env.NoStrayGtestVariables"))->status, TestStatus::Passed);

    // Without the variable the test fails: nothing leaks from a previous run.
    TestRun bare = runOf("sample_env");
    bare.systemEnvironment.remove(QStringLiteral("FIXBENCH_SAMPLE_VAR"));
    auto b = TestRunner::run(bare);
    EXPECT_EQ(find(*b, QStringLiteral("Env.InjectedVariableIsThere"))->status, TestStatus::Failed);
}

TEST(GTestRunner, NonGTestBinaryAndMissingBinary)
{
    auto r = TestRunner::run(runOf("not_gtest"));
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r->error.has_value());
    EXPECT_TRUE(r->error->message.contains(QStringLiteral("without printing GoogleTest output"))) << r->error->message.toStdString();
    EXPECT_FALSE(r->ok());
    EXPECT_EQ(RunSummary::of({*r}).binaryErrors, 1);

    TestRun ghost;
    ghost.name = QStringLiteral("ghost");
    ghost.program = QStringLiteral("/nonexistent/ghost");
    auto g = TestRunner::run(ghost);
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.error().kind, Error::Kind::NotFound);
}

TEST(GTestRunner, CancelStopsTheTreeAndMarksTheTestInterrupted)
{
    std::atomic_bool cancel{false};
    TestRun run = runOf("sample_hanging");
    run.systemEnvironment.insert(QStringLiteral("FIXBENCH_SAMPLE_SLEEP"), QStringLiteral("3608"));
    qint64 child = 0;
    TestRunner::Callbacks cb;
    cb.output = [&](const QString &, const QStringList &lines) {
        for (const QString &l : lines)
            if (l.startsWith(QStringLiteral("child pid "))) {
                child = l.mid(10).toLongLong();
                cancel = true;
            }
    };
    QElapsedTimer t;
    t.start();
    auto r = TestRunner::run(run, cb, &cancel);
    ASSERT_TRUE(r.ok());
    EXPECT_LT(t.elapsed(), 10000);
    EXPECT_TRUE(r->cancelled);
    EXPECT_EQ(find(*r, QStringLiteral("Hanging.SleepsForever"))->status, TestStatus::Interrupted);
    EXPECT_GT(child, 1);
    EXPECT_TRUE(waitDead(child)) << "child " << child << " survived the stop";
}

TEST(GTestRunner, ParallelBinariesSayWhereEachTestCameFrom)
{
    QMutex m;
    QSet<QString> binariesSeen;
    TestRunner::Callbacks cb;
    cb.results = [&](const QList<TestResult> &changes) {
        QMutexLocker lock(&m);
        for (const TestResult &t : changes)
            binariesSeen.insert(t.binary);
    };
    TestRun failing = runOf("sample_failing");
    failing.name = QStringLiteral("failing");
    const QList<BinaryReport> reports = TestRunner::runAll({runOf("sample_passing"), failing, runOf("sample_params"), runOf("sample_crashing")}, 2, cb);
    ASSERT_EQ(reports.size(), 4);
    EXPECT_EQ(reports[0].binary, QStringLiteral("sample_passing"));
    EXPECT_EQ(reports[1].binary, QStringLiteral("failing"));
    for (const BinaryReport &b : reports)
        for (const TestResult &t : b.results)
            EXPECT_EQ(t.binary, b.binary);
    EXPECT_EQ(binariesSeen, (QSet<QString>{QStringLiteral("sample_passing"), QStringLiteral("failing"), QStringLiteral("sample_params"),
                                           QStringLiteral("sample_crashing")}));
    const RunSummary s = RunSummary::of(reports);
    EXPECT_EQ(s.passed, 5 + 2 + 11 + 1);
    EXPECT_EQ(s.failed, 3 + 1);
    EXPECT_EQ(s.crashed, 1);
    EXPECT_EQ(s.skipped, 1);

    // The reports export as JUnit XML and JSON.
    const QByteArray xml = JUnitWriter::toXml(reports);
    QXmlStreamReader reader(xml);
    int cases = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("testcase"))
            ++cases;
    }
    EXPECT_FALSE(reader.hasError()) << reader.errorString().toStdString();
    EXPECT_EQ(cases, 6 + 2 + 5 + 16 + 2 + 2) << "sample_crashing's two tests that never ran are named";
    auto back = TestReportJson::fromJson(TestReportJson::toBytes(reports, s));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->size(), 4);
}

// --- the QObject face --------------------------------------------------------------

TEST(TestSession, BatchedSignalsInOrderAndAlwaysFinished)
{
    TestSession session;
    session.setMaxParallel(2);
    int started = 0, binaryStarted = 0, batches = 0, output = 0, binaryFinished = 0, finished = 0;
    RunSummary summary;
    QList<TestResult> all;
    QStringList order; // "start:<bin>", "finish:<bin>"
    QObject::connect(&session, &TestSession::testsStarted, [&](const QStringList &b) { started++; EXPECT_EQ(b.size(), 3); });
    QObject::connect(&session, &TestSession::binaryStarted, [&](const QString &b) { binaryStarted++; order << QStringLiteral("start:") + b; });
    QObject::connect(&session, &TestSession::resultsBatch, [&](const QList<TestResult> &b) { batches++; all += b; });
    QObject::connect(&session, &TestSession::outputBatch, [&](const QString &, const QStringList &) { output++; });
    QObject::connect(&session, &TestSession::binaryFinished, [&](const BinaryReport &r) { binaryFinished++; order << QStringLiteral("finish:") + r.binary; });
    QObject::connect(&session, &TestSession::finished, [&](const RunSummary &s) { finished++; summary = s; });

    TestRun hanging = runOf("sample_hanging");
    hanging.options.timeoutMs = 1000;
    ASSERT_TRUE(session.start({runOf("sample_passing"), runOf("sample_crashing"), hanging}));
    EXPECT_FALSE(session.start({runOf("sample_passing")})) << "one run at a time";
    EXPECT_TRUE(session.isRunning());
    ASSERT_TRUE(session.waitForFinished(30000));
    EXPECT_FALSE(session.isRunning());
    EXPECT_EQ(started, 1);
    EXPECT_EQ(binaryStarted, 3);
    EXPECT_EQ(binaryFinished, 3);
    ASSERT_EQ(finished, 1);
    EXPECT_GT(output, 0);
    for (const char *b : {"sample_passing", "sample_crashing", "sample_hanging"})
        EXPECT_LT(order.indexOf(QStringLiteral("start:") + QLatin1String(b)), order.indexOf(QStringLiteral("finish:") + QLatin1String(b))) << b;
    // Batched: far fewer signals than results.
    EXPECT_LT(batches, all.size());
    EXPECT_EQ(summary.crashed, 1);
    EXPECT_EQ(summary.timedOut, 1);
    EXPECT_EQ(summary.passed, 5 + 1 + 1);
    EXPECT_GT(summary.elapsedMs, 0);
    EXPECT_EQ(session.reports().size(), 3);
    // Every test that was reported Running was reported finished later.
    QHash<QString, TestStatus> last;
    for (const TestResult &t : all)
        last.insert(t.binary + QLatin1Char('/') + t.fullName(), t.status);
    for (auto it = last.cbegin(); it != last.cend(); ++it)
        EXPECT_NE(it.value(), TestStatus::Running) << it.key().toStdString();
}

TEST(TestSession, StopEndsAHangingRun)
{
    TestSession session;
    int finished = 0;
    QObject::connect(&session, &TestSession::finished, [&](const RunSummary &) { finished++; });
    QObject::connect(&session, &TestSession::resultsBatch, &session, [&](const QList<TestResult> &b) {
        for (const TestResult &t : b)
            if (t.status == TestStatus::Running && t.name == QLatin1String("SleepsForever"))
                session.stop();
    });
    ASSERT_TRUE(session.start({runOf("sample_hanging"), runOf("sample_passing")}));
    ASSERT_TRUE(session.waitForFinished(20000));
    ASSERT_EQ(finished, 1);
    const RunSummary s = session.summary();
    EXPECT_TRUE(s.cancelled);
    EXPECT_EQ(s.interrupted, 1);
    ASSERT_EQ(session.reports().size(), 2);
    EXPECT_TRUE(session.reports()[1].results.isEmpty()) << "the second binary was not started";
}

// --- reports gtest gets wrong or leaves out ---------------------------------------------

TEST(GTestRunner, AFailingGlobalEnvironmentIsReadFromGTestsBrokenReport)
{
    // gtest 1.12 writes this binary's JSON report without a comma (NonTestSuiteFailure).
    auto r = TestRunner::run(runOf("sample_global_env"));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->reportMerged) << "the report was not used";
    EXPECT_TRUE(r->warnings.isEmpty()) << r->warnings.join(QLatin1Char('\n')).toStdString();
    EXPECT_FALSE(r->error.has_value()) << "a failure outside any test is a failure, not a mystery exit code";
    const TestResult *outside = find(*r, TestResult::outsideTestName());
    ASSERT_TRUE(outside);
    EXPECT_EQ(outside->status, TestStatus::Failed);
    ASSERT_EQ(outside->failures.size(), 1);
    EXPECT_EQ(outside->failures[0].message, QStringLiteral("Failed\nthe global environment failed"));
    ASSERT_TRUE(find(*r, QStringLiteral("GlobalEnv.DISABLED_Off")));
    EXPECT_EQ(find(*r, QStringLiteral("GlobalEnv.DISABLED_Off"))->status, TestStatus::Disabled);
    const TestResult *logs = find(*r, QStringLiteral("GlobalEnv.FailsThenLogs"));
    ASSERT_EQ(logs->failures.size(), 1);
    EXPECT_EQ(logs->failures[0].message, QStringLiteral("Expected equality of these values:\n  1\n  2\none is not two"));
    EXPECT_TRUE(logs->output.contains(QStringLiteral("logged after the assertion\n")));
    const RunSummary s = RunSummary::of({*r});
    EXPECT_EQ(s.line(), QStringLiteral("1 passed, 2 failed"));

    // JUnit and JSON hold it as the console does.
    const QString xml = QString::fromUtf8(JUnitWriter::toXml({*r}));
    EXPECT_TRUE(xml.contains(QStringLiteral("<testcase name=\"(outside any test)\" classname=\"sample_global_env\""))) << xml.toStdString();
    EXPECT_TRUE(xml.contains(QStringLiteral("the global environment failed")));
    EXPECT_TRUE(xml.contains(QStringLiteral("<testcase name=\"DISABLED_Off\"")));
    auto back = TestReportJson::fromJson(TestReportJson::toBytes({*r}, s));
    ASSERT_TRUE(back.ok());
    const TestResult *outsideBack = find(back->first(), TestResult::outsideTestName());
    ASSERT_TRUE(outsideBack);
    EXPECT_EQ(outsideBack->failures, outside->failures);
}

TEST(GTestRunner, AReportThatCannotBeUsedIsAWarning)
{
    // The user's own --gtest_output wins over fixbench's: no JSON report.
    QTemporaryDir tmp;
    TestRun run = runOf("sample_passing");
    run.options.extraArguments << QStringLiteral("--gtest_output=xml:") + tmp.filePath(QStringLiteral("own.xml"));
    auto r = TestRunner::run(run);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->reportMerged);
    ASSERT_EQ(r->warnings.size(), 1);
    EXPECT_TRUE(r->warnings[0].contains(QStringLiteral("the gtest JSON report could not be used"))) << r->warnings[0].toStdString();
    EXPECT_TRUE(QString::fromUtf8(JUnitWriter::toXml({*r})).contains(QStringLiteral("could not be used")));
    EXPECT_EQ(TestReportJson::fromJson(TestReportJson::toBytes({*r}, RunSummary::of({*r})))->first().warnings, r->warnings);
}

TEST(GTestRunner, FailureMessagesOfEveryIterationAreTheAssertionOnly)
{
    TestRun run = runOf("sample_failing");
    run.options.repeat = 2;
    auto r = TestRunner::run(run);
    ASSERT_TRUE(r.ok());
    for (int it : {1, 2}) {
        const TestResult *eq = find(*r, QStringLiteral("Failing.ExpectEq"), it);
        ASSERT_TRUE(eq) << it;
        ASSERT_EQ(eq->failures.size(), 1) << it;
        EXPECT_TRUE(eq->failures[0].message.endsWith(QStringLiteral("the answer is wrong"))) << it << eq->failures[0].message.toStdString();
        EXPECT_FALSE(eq->failures[0].message.contains(QStringLiteral("after the failure"))) << it;
        EXPECT_TRUE(eq->output.contains(QStringLiteral("after the failure\n"))) << "later output stays the test's";
    }
}

TEST(GTestRunner, APrintedOkLineThenACrashIsACrashAndTheRestAreNamedNotRun)
{
    auto r = TestRunner::run(runOf("sample_fake_ok"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->signal, SIGSEGV);
    EXPECT_FALSE(r->error.has_value()) << r->error->toString().toStdString();
    EXPECT_EQ(find(*r, QStringLiteral("FakeOk.Passes"))->status, TestStatus::Passed);
    const TestResult *fake = find(*r, QStringLiteral("FakeOk.PrintsOkThenCrashes"));
    ASSERT_TRUE(fake);
    EXPECT_EQ(fake->status, TestStatus::Crashed);
    EXPECT_TRUE(fake->message.contains(QStringLiteral("SIGSEGV")));
    for (const char *never : {"FakeOk.NeverRuns", "Later.NeverRunsEither"}) {
        const TestResult *n = find(*r, QLatin1String(never));
        ASSERT_TRUE(n) << never;
        EXPECT_EQ(n->status, TestStatus::NotRun);
    }
    const RunSummary s = RunSummary::of({*r});
    EXPECT_EQ(s.line(), QStringLiteral("1 passed, 0 failed, 1 crashed"));
    EXPECT_EQ(s.notRun, 2);
    const QString xml = QString::fromUtf8(JUnitWriter::toXml({*r}));
    EXPECT_TRUE(xml.contains(QStringLiteral("<testcase name=\"NeverRunsEither\" classname=\"sample_fake_ok.Later\""))) << xml.toStdString();
    EXPECT_TRUE(xml.contains(QStringLiteral("<skipped message=\"not run: the binary crashed"))) << xml.toStdString();

    // Filtered: only the selected tests that never ran are named.
    TestRun filtered = runOf("sample_fake_ok");
    filtered.selection = TestSelection::ofFilter(QStringLiteral("FakeOk.*"));
    auto f = TestRunner::run(filtered);
    ASSERT_TRUE(f.ok());
    EXPECT_TRUE(find(*f, QStringLiteral("FakeOk.NeverRuns")));
    EXPECT_FALSE(find(*f, QStringLiteral("Later.NeverRunsEither")));
}

TEST(GTestRunner, SecretValuesAreMaskedInEverythingKeptOfTheOutput)
{
    const QString secret = QStringLiteral("pa55-w0rd-XYZ");
    TestRun run = runOf("sample_secret");
    run.fixtures.set(QStringLiteral("SAMPLE_SECRET"), secret, true, QStringLiteral("fixture:ftp_server"));
    QStringList lines;
    TestRunner::Callbacks cb;
    cb.output = [&](const QString &, const QStringList &l) { lines += l; };
    auto r = TestRunner::run(run, cb);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r->reportMerged);
    const TestResult *fails = find(*r, QStringLiteral("Secret.PrintsAndFailsWithIt"));
    ASSERT_TRUE(fails);
    EXPECT_EQ(fails->status, TestStatus::Failed) << "the test got the real value";
    EXPECT_TRUE(fails->output.contains(QStringLiteral("the secret is ********\n"))) << fails->output.toStdString();
    ASSERT_EQ(fails->failures.size(), 1);
    EXPECT_TRUE(fails->failures[0].message.contains(QStringLiteral("********"))) << fails->failures[0].message.toStdString();
    EXPECT_EQ(find(*r, QStringLiteral("Secret.SkipsWithIt"))->message, QStringLiteral("skipped with ********"));
    // Nowhere: live lines (the GUI's console), the log, JUnit, JSON.
    const QByteArray json = TestReportJson::toBytes({*r}, RunSummary::of({*r}));
    const QByteArray xml = JUnitWriter::toXml({*r});
    EXPECT_FALSE(lines.join(QLatin1Char('\n')).contains(secret));
    EXPECT_FALSE(r->log.contains(secret));
    EXPECT_FALSE(json.contains(secret.toUtf8())) << json.toStdString();
    EXPECT_FALSE(xml.contains(secret.toUtf8())) << xml.toStdString();

    // Asked to show them: as printed.
    run.options.showSecrets = true;
    auto shown = TestRunner::run(run);
    ASSERT_TRUE(shown.ok());
    EXPECT_TRUE(find(*shown, QStringLiteral("Secret.PrintsAndFailsWithIt"))->output.contains(QStringLiteral("the secret is ") + secret));
}

TEST(GTestRunner, AFailureBeforeACrashOrAHangIsTheAssertionOnly)
{
    // No JSON report: the message comes from gtest's result stream, not the console.
    for (bool hang : {false, true}) {
        TestRun run = runOf("sample_fail_then_crash");
        if (hang) {
            run.systemEnvironment.insert(QStringLiteral("FIXBENCH_SAMPLE_HANG"), QStringLiteral("1"));
            run.options.timeoutMs = 1000;
        }
        QList<TestResult> live;
        TestRunner::Callbacks cb;
        cb.results = [&](const QList<TestResult> &c) { live += c; };
        auto r = TestRunner::run(run, cb);
        ASSERT_TRUE(r.ok());
        EXPECT_FALSE(r->reportMerged);
        const TestResult *t = find(*r, QStringLiteral("FailThenCrash.LogsAfterItsFailureThenDies"));
        ASSERT_TRUE(t) << hang;
        EXPECT_EQ(t->status, hang ? TestStatus::TimedOut : TestStatus::Crashed);
        ASSERT_EQ(t->failures.size(), 1) << hang;
        EXPECT_EQ(t->failures[0].message, QStringLiteral("Expected equality of these values:\n  1\n  2\none is not two")) << hang;
        EXPECT_TRUE(t->output.contains(QStringLiteral("logged after the assertion\n"))) << hang;
        ASSERT_FALSE(live.isEmpty());
        EXPECT_EQ(live.last().failures, t->failures) << "the live result says the same";
    }
}
