#pragma once

#include "composetool.h"
#include "engineclient.h"
#include "environment.h"
#include "error.h"
#include "portallocator.h"
#include "processinfo.h"
#include "workspace.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace fixbench {

// A stack fixbench started, as the engine knows it (found by labels; no state file).
struct RunningFixture {
    QString fixture;
    QString instance;
    QString project;
    QString workspaceId;
    QString workspaceRoot;
    ProcessInfo owner;
    bool keep = false;
    QString specHash;
    QList<AllocatedPort> ports;
    QDateTime startedAt;
    QList<ContainerInfo> containers;
    QList<NetworkInfo> networks;

    bool ownerAlive() const { return owner.isAlive(); }
    bool allRunning() const; // every container running (or a one-shot that exited 0)
};

enum class FixtureState { Down, Starting, Ready, Unhealthy, Stopping };
QString fixtureStateName(FixtureState s); // "down", "starting", "ready", "unhealthy", "stopping"

struct FixtureStatus {
    QString fixture;
    QString instance;
    QString project;
    QString description;
    FixtureState state = FixtureState::Down;
    bool stale = false;      // fixture files changed since it started
    bool known = true;       // false: running but no such fixture in the workspace any more
    std::optional<RunningFixture> running;
};

struct UpOptions {
    QString instance;              // "" = default instance
    bool keep = false;             // keep up after this process exits (also: keep_up in fixture.yml)
    bool runStartedHook = true;
    int readinessTimeoutMs = -1;   // -1: the fixture's own
    bool leaveUpOnFailure = false; // for debugging a fixture that never gets ready
    // Progress: which step ("ports", "compose", "ready", "hook") and a line.
    std::function<void(const QString &step, const QString &line)> progress;
    const std::atomic_bool *cancel = nullptr;
};

struct UpResult {
    RunningFixture fixture;
    Environment environment;
    bool attached = false;   // it was already up: this call started nothing
    qint64 elapsedMs = 0;
};

struct PruneReport {
    QStringList removed;     // projects removed
    QStringList kept;        // projects left: kept or owner alive
    int containers = 0;
    int networks = 0;
    int volumes = 0;
};

// The fixture lifecycle on a real engine: up (or attach), readiness, hooks, down,
// status, environment, prune. Synchronous and single-threaded per instance (it owns
// an EngineClient); run it on a worker thread from a GUI.
class FixtureManager {
public:
    using Progress = std::function<void(const QString &line)>;

    explicit FixtureManager(Workspace workspace);
    ~FixtureManager();

    const Workspace &workspace() const { return m_workspace; }
    EngineClient &engine();
    Result<ComposeTool> composeTool();

    QString projectName(const QString &fixture, const QString &instance = {}) const;

    // Brings a fixture up and waits until it is ready, or attaches to it when it is
    // already up (started by any process). Concurrent ups of one fixture instance are
    // serialised by a per-project lock: the second one attaches.
    Result<UpResult> up(const QString &fixture, const UpOptions &options = {});
    // Runs the `stopping` hook, then compose down. Down when not up is OK.
    Status down(const QString &fixture, const QString &instance = {}, const Progress &progress = {});
    Status down(const RunningFixture &running, const Progress &progress = {});

    Result<QList<RunningFixture>> running();                       // this workspace's stacks
    Result<std::optional<RunningFixture>> find(const QString &fixture, const QString &instance = {});
    Result<QList<FixtureStatus>> status();                         // every fixture + running instances

    // The environment of a running fixture, recomputed from the engine (ports from
    // its labels) and the fixture's spec.
    Result<Environment> environment(const QString &fixture, const QString &instance = {});
    Result<Environment> environmentOf(const FixtureSpec &spec, const RunningFixture &running);

    // Marks a running stack kept (it stays up after its owner exits, prune leaves it) or
    // not, at any time: through a marker volume in the engine, so every process sees it.
    Status setKeep(const RunningFixture &running, bool keep);
    Status setKeep(const QString &fixture, const QString &instance, bool keep);

    // Takes down a stack this process started, unless it is kept *now* (keep_up, --keep,
    // or kept later with `fixbench keep` / the workbench). Returns whether it went down.
    Result<bool> releaseStarted(const RunningFixture &running, const Progress &progress = {});

    // Runs one hook of a running fixture with its environment.
    Status runHook(const QString &fixture, const QString &instance, const QString &event, const Progress &progress = {});

    // Hash of fixture.yml, the compose file and the build contexts: the `stale` check.
    static Result<QString> specHash(const FixtureSpec &spec);

    // All fixbench stacks on the engine (every workspace when workspaceId is empty).
    static Result<QList<RunningFixture>> findStacks(EngineClient &engine, const QString &workspaceId);
    // Removes stacks whose owner died and that are not kept, from any workspace.
    static Result<PruneReport> prune(EngineClient &engine, const Progress &progress = {});
    // Removes a stack through the engine alone (no compose, no files needed).
    static Status removeStack(EngineClient &engine, const QString &project, int stopTimeoutSec, PruneReport *counts = nullptr);

    // project -> kept, for the keep markers of a workspace (every workspace when empty).
    static Result<QHash<QString, bool>> keepMarkers(EngineClient &engine, const QString &workspaceId);
    static QString keepMarkerName(const QString &project);

    // Where fixbench keeps its per-user runtime files (override files, locks).
    static QString runtimeDir();

private:
    Result<UpResult> attach(const FixtureSpec &spec, const RunningFixture &running, const UpOptions &options, qint64 t0);
    QMap<QString, QString> builtins(const FixtureSpec &spec, const QString &instance) const;
    Result<QString> writeOverride(const FixtureSpec &spec, const QString &project, const QList<QPair<QString, QString>> &labels);

    Workspace m_workspace;
    std::unique_ptr<EngineClient> m_engine;
};

} // namespace fixbench
