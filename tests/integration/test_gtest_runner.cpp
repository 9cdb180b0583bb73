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
    ASSERT_EQ(r->results.size(), 2);
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
    // The last live change is the crash: nothing is left "running".
    ASSERT_FALSE(live.isEmpty());
    EXPECT_EQ(live.last().status, TestStatus::Crashed);
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
    EXPECT_EQ(cases, 6 + 2 + 5 + 16 + 2);
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
