#pragma once

#include "base/error.h"
#include "fixture/fixturecontroller.h"
#include "run/binaryreport.h"
#include "run/runplan.h"
#include "run/testresult.h"
#include "run/testrun.h"
#include "run/testrunner.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

namespace fixbench {

class RunTimeline;

// The QObject face of a test run, for an event loop. Either TestRuns alone (start(runs):
// TestRunner::runAll, at most maxParallel binaries at once) or a whole RunPlan
// (start(workspace, plan): RunPipeline — fixtures up, setup_data, the binaries,
// teardown_data, the last-run record, release — exactly as `fixbench run` carries it
// out). The work runs on a worker thread; signals come on the thread that owns the
// session, in batches — never one signal per line: what arrived during
// `batchInterval` ms comes as one resultsBatch / outputBatch / stepProgress.
//
// Signal order: testsStarted; for a plan, per fixture step stepStarted, stepProgress,
// stepFinished, then runsStarted; per binary binaryStarted, resultsBatch and
// outputBatch (interleaved), binaryFinished (after the JSON report merge); finally
// finished — always, also after stop(), a failed fixture or a crash.
//
// With a FixtureController (setFixtureController), the plan's fixture steps show there
// as its own operations do (busy, Starting, progress, the environment at once), and
// cancelling one there stops the run.
//
//   auto *session = new TestSession(this);
//   connect(session, &TestSession::resultsBatch, model, &TestResultModel::upsert);
//   connect(session, &TestSession::finished, this, [](const RunSummary &s, const Error &e) { ... });
//   session->start(workspace, plan);
class TestSession : public QObject {
    Q_OBJECT
public:
    explicit TestSession(QObject *parent = nullptr);
    ~TestSession() override; // stops and waits

    void setMaxParallel(int n) { m_maxParallel = std::max(1, n); }
    int maxParallel() const { return m_maxParallel; }
    void setBatchInterval(int ms) { m_timer.setInterval(ms); }

    void setFixtureController(FixtureController *controller) { m_controller = controller; }

    // Starts the runs; false (and nothing happens) when a run is in progress.
    bool start(const QList<TestRun> &runs);
    // Carries out a plan with RunPipeline (its own FixtureManager on the worker);
    // recordLastRun as RunPipeline::finish. False when a run is in progress.
    bool start(const Workspace &workspace, const RunPlan &plan, bool recordLastRun = true);
    // The TestRun of one binary of `plan` as it would start now: the environments of its
    // fixtures that `fixtures` knows are up (of the plan's instance). What the
    // Environment panel shows, what discovery and the debug command use.
    static TestRun preview(const FixtureController &fixtures, const RunPlan &plan, const RunPlan::Binary &binary);
    // Stops: each running binary's process group is terminated, binaries not started
    // yet are skipped. finished() still follows.
    void stop();
    bool isRunning() const { return m_running; }
    // Blocks (running a local event loop) until finished() was emitted; for tests
    // and command-line tools. False on timeout.
    bool waitForFinished(int msecs = -1);

    // The fixture instance of the plan running or run last ("" = the default one).
    const QString &instance() const { return m_instance; }
    const QList<BinaryReport> &reports() const { return m_reports; }
    RunSummary summary() const { return m_summary; }
    // Why the last run did not run its binaries (a fixture or setup_data failed); empty
    // otherwise. afterErrors: teardown_data, the record, the release (not fatal).
    const Error &error() const { return m_error; }
    const QList<Error> &afterErrors() const { return m_afterErrors; }
    // The last plan's run on a time axis (recorded on the worker as it happened); null
    // before the first plan.
    std::shared_ptr<const RunTimeline> timeline() const { return m_timeline; }

Q_SIGNALS:
    void testsStarted(const QStringList &binaries);
    void binaryStarted(const QString &binary);
    // Tests that started (status Running) or finished since the last batch, in order.
    // A test appears twice when it started and finished within one batch: upsert by
    // (binary, fullName, iteration).
    void resultsBatch(const QList<fixbench::TestResult> &results);
    // Output lines (ANSI stripped) of one binary since the last batch.
    void outputBatch(const QString &binary, const QStringList &lines);
    void binaryFinished(const fixbench::BinaryReport &report);
    // A plan's fixture step: "up", "setup_data", "teardown_data", "down".
    void stepStarted(const QString &fixture, const QString &step);
    void stepProgress(const QString &fixture, const QString &step, const QStringList &lines);
    // error: empty when it went well; summary: "ftp_server ready in 1.9 s", ...
    void stepFinished(const QString &fixture, const QString &step, const fixbench::Error &error, const QString &summary);
    // A plan's binaries are about to start, with these runs (environments complete).
    void runsStarted(const QList<fixbench::TestRun> &runs);
    // error: why the binaries did not run (see error()); empty otherwise.
    void finished(const fixbench::RunSummary &summary, const fixbench::Error &error);

private:
    struct WorkerResult {
        QList<BinaryReport> reports;
        std::optional<RunSummary> summary; // a plan's (its tests' time)
        Error error;
        QList<Error> afterErrors;
    };
    struct Pending {
        enum class Kind { Started, Results, Output, Finished, StepStarted, StepProgress, StepFinished, RunsStarted } kind;
        explicit Pending(Kind k, QString b = {}, QString s = {}) : kind(k), binary(std::move(b)), step(std::move(s)) {}
        QString binary; // or the fixture, for a step
        QString step;
        QList<TestResult> results;
        QStringList lines;
        BinaryReport report;
        QString summary;
        Status result;
        std::optional<UpResult> up;
        QList<TestRun> runs;
    };

    bool begin(const QStringList &names);
    TestRunner::Callbacks callbacks();
    void post(Pending pending);
    void flush();
    void onWorkerDone();
    void toController(const Pending &p);

    int m_maxParallel = 1;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
    QPointer<FixtureController> m_controller;
    QString m_instance;       // the plan's
    QSet<QString> m_shownOps; // "fixture\nstep" begun in the controller
    QTimer m_timer;
    QElapsedTimer m_clock;
    QMutex m_mutex;
    QList<Pending> m_pending;
    QList<BinaryReport> m_reports;
    RunSummary m_summary;
    Error m_error;
    QList<Error> m_afterErrors;
    QFutureWatcher<WorkerResult> m_watcher;
    std::shared_ptr<RunTimeline> m_timeline;
};

} // namespace fixbench
