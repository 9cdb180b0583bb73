#pragma once

#include "run/binaryreport.h"
#include "run/testresult.h"
#include "run/testrun.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <atomic>

namespace fixbench {

// Runs TestRuns on a worker thread (TestRunner::runAll, at most maxParallel binaries
// at once) and reports on the thread that owns it, in batches — never one signal per
// line: what arrived during `batchInterval` ms comes as one resultsBatch / outputBatch.
//
// Signal order: testsStarted, then per binary binaryStarted, resultsBatch and
// outputBatch (interleaved), binaryFinished (after the JSON report merge), and
// finally finished — always, also after stop() or a crash, so nothing stays running.
//
//   auto *session = new TestSession(this);
//   connect(session, &TestSession::resultsBatch, model, &TestResultModel::upsert);
//   connect(session, &TestSession::finished, this, [](const RunSummary &s) { ... s.line() ... });
//   session->start({run});
class TestSession : public QObject {
    Q_OBJECT
public:
    explicit TestSession(QObject *parent = nullptr);
    ~TestSession() override; // stops and waits

    void setMaxParallel(int n) { m_maxParallel = std::max(1, n); }
    int maxParallel() const { return m_maxParallel; }
    void setBatchInterval(int ms) { m_timer.setInterval(ms); }

    // Starts the runs; false (and nothing happens) when a run is in progress.
    bool start(const QList<TestRun> &runs);
    // Stops: each running binary's process group is terminated, binaries not started
    // yet are skipped. finished() still follows.
    void stop();
    bool isRunning() const { return m_running; }
    // Blocks (running a local event loop) until finished() was emitted; for tests
    // and command-line tools. False on timeout.
    bool waitForFinished(int msecs = -1);

    const QList<BinaryReport> &reports() const { return m_reports; }
    RunSummary summary() const { return m_summary; }

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
    void finished(const fixbench::RunSummary &summary);

private:
    void flush();
    void onWorkerDone();

    struct Pending {
        enum class Kind { Started, Results, Output, Finished } kind;
        QString binary;
        QList<TestResult> results;
        QStringList lines;
        BinaryReport report;
    };

    int m_maxParallel = 1;
    bool m_running = false;
    std::atomic_bool m_cancel{false};
    QTimer m_timer;
    QElapsedTimer m_clock;
    QMutex m_mutex;
    QList<Pending> m_pending;
    QList<BinaryReport> m_reports;
    RunSummary m_summary;
    QFutureWatcher<QList<BinaryReport>> m_watcher;
};

} // namespace fixbench
