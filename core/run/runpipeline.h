#pragma once

#include "base/environment.h"
#include "base/error.h"
#include "fixture/fixturemanager.h"
#include "run/artifactcollector.h"
#include "run/binaryreport.h"
#include "run/runplan.h"
#include "run/testrunner.h"

#include <QHash>
#include <QList>

#include <atomic>
#include <functional>
#include <optional>

namespace fixbench {

// Carries out a RunPlan, in the order every front-end uses: bring up the fixtures the
// binaries need (attaching to those already up), run their setup_data hooks, run the
// binaries with the layered environment, run teardown_data, record the run as the
// workspace's last one, take down what it started (unless kept). Synchronous (call it
// from a worker thread in a GUI); each phase is also callable alone (e.g. `run --list`
// brings fixtures up and discovers without running).
class RunPipeline {
public:
    struct Callbacks {
        // One fixture's step: "up", "setup_data", "teardown_data", "down".
        std::function<void(const QString &fixture, const QString &step)> stepStarted;
        std::function<void(const QString &fixture, const QString &step, const QString &line)> stepProgress;
        // `summary`: "ftp_server ready in 1.9 s", "... already up, attached in 0.02 s", ...;
        // `result`: the step's error when it failed (kind Cancelled when interrupted).
        std::function<void(const QString &fixture, const QString &step, const Status &result, const QString &summary)> stepFinished;
        // After each successful "up" step (started or attached), with what it returned.
        std::function<void(const QString &fixture, const UpResult &up)> fixtureUp;
        // When the binaries are about to start: their runs, environments complete.
        std::function<void(const QList<TestRun> &runs)> runsStarted;
        TestRunner::Callbacks tests;
    };

    struct Outcome {
        QList<BinaryReport> reports;
        RunSummary summary;
        QList<Error> afterErrors; // teardown_data, recording, take-down: reported, not fatal
        // A failed run with the plan's artifactsDir: what was collected (warnings inside).
        std::optional<ArtifactReport> artifacts;
        // A failed run with the plan's keepOnFailure: the fixtures it used, now kept.
        QStringList keptOnFailure;
    };

    RunPipeline(FixtureManager &manager, RunPlan plan, Callbacks callbacks = {}, const std::atomic_bool *cancel = nullptr);
    ~RunPipeline(); // releases what it holds (release())

    const RunPlan &plan() const { return m_plan; }

    // Phase 1: every fixture of the plan up or attached. On failure, what it started so
    // far is taken down and the error returned (Cancelled when interrupted); with the
    // plan's artifactsDir, a fixture that failed to start and those up so far are
    // collected first (artifacts()).
    Status bringUp();
    // The environments of the fixtures brought up, by name.
    const QHash<QString, Environment> &environments() const { return m_environments; }
    // The TestRun of every binary, with those environments.
    QList<TestRun> runs() const;
    // Phase 2: setup_data of every fixture that has one.
    Status setupData();
    // Phase 3: the binaries, m_plan.jobs at once.
    Outcome runTests();
    // Phase 3 for those of the plan's binaries whose path (absolute) is in `paths`
    // (`run --watch` reruns the rebuilt ones against the fixtures it holds).
    Outcome runTests(const QStringList &paths);
    // Phase 4: when a test failed (not cancelled), the plan's artifacts (collectArtifacts)
    // and keepOnFailure (the fixtures the run used marked kept); then teardown_data
    // (skipped after a cancel), the last-run record (not for a run restricted to what
    // failed, so that --failed can be repeated), then take down.
    void finish(Outcome &outcome, bool recordLastRun);
    // The workspace's last-run record (what --failed and Run Failed read) := outcome.
    Status record(const Outcome &outcome) const;
    // Ends this pipeline's leases on what it brought up or attached to
    // (FixtureManager::releaseAll: what nobody else uses and is not kept goes down, after
    // its linger). With the plan's leaveUp, hands them over instead (heldFixtures()).
    Status release();
    // What the pipeline holds (its leases with them): the fixtures brought up or attached.
    QList<UpResult> takeHeld();

    // The plan's artifactsDir filled with what the fixtures held now show (finish() calls
    // it for a failed run; a front-end may call it for any run before finish()).
    ArtifactReport collectArtifacts(const Outcome &outcome);
    // The collection this pipeline made, in whichever phase (also in Outcome::artifacts).
    const std::optional<ArtifactReport> &artifacts() const { return m_artifacts; }

    // All phases.
    Result<Outcome> run(bool recordLastRun = true);

    static QString lastRunPath(const Workspace &workspace);

private:
    bool cancelled() const { return m_cancel && m_cancel->load(); }
    Status runDataHook(const QString &fixture, const QString &event);

    FixtureManager &m_manager;
    RunPlan m_plan;
    Callbacks m_cb;
    const std::atomic_bool *m_cancel;
    QHash<QString, Environment> m_environments;
    QList<UpResult> m_held;
    std::optional<ArtifactReport> m_artifacts;
};

} // namespace fixbench
