#pragma once

#include "run/binaryreport.h"
#include "base/environment.h"
#include "run/testrun.h"
#include "run/testsession.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace fixbench {

class FixtureController;

// A test run from the workbench, in the order `fixbench run` does it: bring up the
// fixtures the binaries need (attaching to those already up), run their setup_data
// hooks, run the binaries (TestSession: results and output in batches), then their
// teardown_data hooks. Fixtures it brought up stay up for inspection (the window
// offers to take them down when it closes).
class RunCoordinator : public QObject {
    Q_OBJECT
public:
    struct Item {
        TestBinarySpec spec;
        TestSelection selection;
    };

    explicit RunCoordinator(FixtureController *fixtures, QObject *parent = nullptr);

    // The run of one binary as it would start now: its fixtures' environments (those
    // that are up), its `env:`, the user's overrides. What the Environment panel shows
    // and what start() runs.
    static TestRun makeRun(const FixtureController &fixtures, const TestBinarySpec &spec, const TestSelection &selection,
                           const TestRunOptions &options, const Environment &overrides, const QString &instance = {});

    // recordLastRun: the run becomes the workspace's last run (the record `fixbench run
    // --failed` reads too); not for a rerun of what failed, so that it can be repeated.
    // instance: the fixture instance the run brings up or attaches to ("" = the default).
    bool start(const QList<Item> &items, const TestRunOptions &options, const Environment &overrides, bool recordLastRun = true,
               const QString &instance = {});
    QString instance() const { return m_instance; }
    void stop();
    bool isRunning() const { return m_phase != Phase::Idle; }
    TestSession *session() const { return m_session; }
    const QList<TestRun> &runs() const { return m_runs; }

Q_SIGNALS:
    void started(const QList<fixbench::RunCoordinator::Item> &items);
    // "Bringing ftp_server up…", "ftp_server: setup_data", "Running 2 binaries", ...
    void phaseChanged(const QString &text);
    void runsStarted(const QList<fixbench::TestRun> &runs);
    void resultsBatch(const QList<fixbench::TestResult> &results);
    void outputBatch(const QString &binary, const QStringList &lines);
    void binaryFinished(const fixbench::BinaryReport &report);
    // Always last. errorText: why it did not run (a fixture failed, ...), "" otherwise.
    void finished(const fixbench::RunSummary &summary, const QString &errorText);

private:
    enum class Phase { Idle, Fixtures, Setup, Tests, Teardown };
    void next();
    void onOperationFinished(const QString &fixture, const QString &instance, int operation, bool ok, const QString &errorText);
    void finish(const QString &errorText);

    QPointer<FixtureController> m_fixtures;
    TestSession *m_session = nullptr;
    Phase m_phase = Phase::Idle;
    QList<Item> m_items;
    TestRunOptions m_options;
    Environment m_overrides;
    QStringList m_needed;   // fixtures, in order
    QStringList m_pending;  // fixtures whose up/hook is running
    QStringList m_todo;     // fixtures left for the current phase
    QList<TestRun> m_runs;
    RunSummary m_summary;
    QString m_error;
    bool m_stopRequested = false;
    bool m_recordLastRun = true;
    QString m_instance;
    bool m_testsRan = false;
};

} // namespace fixbench
