#pragma once

#include "environment.h"
#include "fixturemanager.h"
#include "workspace.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

namespace fixbench {

// The fixture lifecycle for an event loop: FixtureManager's blocking calls (up, down,
// restart, prune, status) run on worker threads — each call with its own
// FixtureManager and EngineClient, which are single-threaded objects — and report back
// with signals, always delivered in the thread that owns the controller.
//
// A watcher polls the engine (FixtureManager::status(), about once a second) so that
// fixtures brought up or taken down by any process — the CLI, a test binary, another
// window — show up live. Only changes are signalled.
//
// While an operation runs, the state the controller reports for that fixture is the
// operation's (Starting during up, Stopping during down) rather than the engine's, so a
// stack whose containers run but whose readiness probes have not passed yet is not
// reported as ready.
class FixtureController : public QObject {
    Q_OBJECT
public:
    enum class Operation { Up, Down, Restart, Prune, Hook, Keep };
    Q_ENUM(Operation)

    explicit FixtureController(Workspace workspace, QObject *parent = nullptr);
    ~FixtureController() override; // cancels running ups and waits for the workers

    const Workspace &workspace() const { return m_workspace; }

    // "name" for the default instance, "name@instance" otherwise.
    static QString key(const QString &fixture, const QString &instance);

    // Each returns false (and does nothing) when an operation on that fixture instance is
    // already running. Results come with operationFinished().
    bool up(const QString &fixture, const QString &instance = {}, bool keep = false);
    bool down(const QString &fixture, const QString &instance = {});
    // Down, then up with the keep flag it had (or `keep` when it was not up).
    bool restart(const QString &fixture, const QString &instance = {}, bool keep = false);
    // Removes stacks (any workspace) whose owner died and that are not kept.
    bool prune();
    // Runs one hook (started, setup_data, teardown_data, stopping) of a running fixture
    // with its environment; no hook of that kind is fine. Output comes as progress().
    bool runHook(const QString &fixture, const QString &instance, const QString &event);
    // Keeps a running fixture up (whoever started it leaves it up; prune leaves it
    // alone) or stops keeping it: FixtureManager::setKeep, a marker in the engine.
    bool setKeep(const QString &fixture, const QString &instance, bool keep);
    // Asks a running up/restart to stop (it fails with a Cancelled error and cleans up).
    void cancel(const QString &fixture, const QString &instance = {});

    bool isBusy(const QString &fixture, const QString &instance = {}) const;
    bool isIdle() const { return m_ops.isEmpty(); }

    // The engine watcher. refresh() polls now (coalesced with a poll in flight).
    void startWatching(int intervalMs = 1000);
    void stopWatching();
    bool isWatching() const { return m_timer.isActive(); }
    void refresh();

    // Last known answers (empty until the first poll came back). While the engine cannot
    // be reached, every fixture of the workspace is listed as down: check
    // engineReachable() before trusting a state.
    const QList<FixtureStatus> &statuses() const { return m_statuses; }
    const FixtureStatus *statusOf(const QString &fixture, const QString &instance = {}) const;
    // The environment of a fixture that is up, recomputed at each change; empty otherwise.
    Environment environmentOf(const QString &fixture, const QString &instance = {}) const;
    bool hasPolled() const { return m_polled; }
    bool engineReachable() const { return m_engineReachable; }
    QString engineMessage() const { return m_engineMessage; }

    // Whether this process brought that stack up (its owner label is this process).
    static bool ownedByThisProcess(const FixtureStatus &status);

Q_SIGNALS:
    // The whole list, in FixtureManager::status() order, each time anything in it changed.
    void statusesChanged(const QList<fixbench::FixtureStatus> &statuses);
    // Per fixture instance, when its (reported) state or staleness changed.
    void fixtureStateChanged(const QString &fixture, const QString &instance, fixbench::FixtureState state, bool stale);
    // The environment of a fixture instance changed (empty: it is not up any more).
    void environmentChanged(const QString &fixture, const QString &instance, const fixbench::Environment &environment);

    void operationStarted(const QString &fixture, const QString &instance, fixbench::FixtureController::Operation operation);
    // A step ("ports", "compose", "ready", "hook", "down", "prune", ...) and a line of output.
    void progress(const QString &fixture, const QString &step, const QString &line);
    // errorText: Error::toString() of what failed ("" when ok).
    void operationFinished(const QString &fixture, const QString &instance, fixbench::FixtureController::Operation operation,
                           bool ok, const QString &errorText);
    // After a successful up or restart: attached = it was already up, this call started nothing.
    void fixtureUp(const QString &fixture, const QString &instance, bool attached, bool keep, qint64 elapsedMs);
    void pruned(const QStringList &removedProjects, const QStringList &keptProjects);

    // The watcher could (not) reach the engine; message says why and what to do.
    void engineStatusChanged(bool reachable, const QString &message);
    // Once, when watching starts: the compose CLI in use, or why none was found.
    void composeToolDetected(const QString &displayName, const QString &flavor, const QString &errorText);

private:
    struct PollResult;
    struct Op {
        Operation operation;
        FixtureState shownState; // overlaid on the engine's state (not for hooks)
        std::shared_ptr<std::atomic_bool> cancel;
    };
    void poll();
    void applyPoll(const PollResult &result);
    void publish(QList<FixtureStatus> engineStatuses);
    bool startOp(const QString &fixture, const QString &instance, Operation operation, FixtureState shown);
    void finishOp(const QString &fixture, const QString &instance, Operation operation, bool ok, const QString &errorText);
    void setShownState(const QString &fixture, const QString &instance, FixtureState state);
    void emitProgress(const QString &fixture, const QString &step, const QString &line);
    // On a worker: FixtureManager::up, then reports it on the controller's thread as the
    // end of `operation` (Up or Restart).
    void upOnWorker(FixtureManager &mgr, const QString &fixture, const QString &instance, bool keep,
                    const std::atomic_bool *cancel, Operation operation);
    void rememberEnvironment(const QString &fixture, const QString &instance, const Environment &env);

    Workspace m_workspace;
    QThreadPool m_pool;
    QTimer m_timer;
    bool m_pollInFlight = false;
    bool m_pollAgain = false;
    quint64 m_generation = 0; // bumped when an operation finishes
    bool m_polled = false;
    bool m_composeDetected = false;
    std::shared_ptr<FixtureManager> m_watchManager; // used by one poll at a time
    QHash<QString, Op> m_ops;                         // by key()
    QList<FixtureStatus> m_engineStatuses;            // as the engine last said
    QList<FixtureStatus> m_statuses;                  // as reported (operations overlaid)
    QHash<QString, QString> m_signatures;             // key → signature of the reported status
    QHash<QString, Environment> m_environments;       // key → environment (up fixtures only)
    QHash<QString, QString> m_envSignatures;
    bool m_engineReachable = true;
    bool m_engineKnown = false;
    QString m_engineMessage;
    std::shared_ptr<std::atomic_bool> m_shutdown;
};

} // namespace fixbench
