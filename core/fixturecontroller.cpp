#include "fixturecontroller.h"

#include "composetool.h"
#include "processinfo.h"

#include <QFutureWatcher>
#include <QMetaObject>
#include <QStringList>

#include <QtConcurrent/QtConcurrentRun>

namespace fixbench {

namespace {

const QString kPruneKey = QStringLiteral("\x01prune");

QString portsSignature(const QList<PublishedPort> &ports)
{
    QStringList parts;
    for (const PublishedPort &p : ports)
        parts << QStringLiteral("%1:%2/%3>%4").arg(p.hostIp).arg(p.hostPort).arg(p.protocol).arg(p.containerPort);
    return parts.join(QLatin1Char(','));
}

// What a user can see of a status. Deliberately leaves out the container's status text
// ("Up 3 seconds"), which changes at every poll.
QString signature(const FixtureStatus &s)
{
    QStringList parts{s.fixture, s.instance, s.project, s.description, fixtureStateName(s.state),
                      s.stale ? QStringLiteral("stale") : QString(), s.known ? QString() : QStringLiteral("unknown")};
    if (s.running) {
        const RunningFixture &r = *s.running;
        parts << QString::number(r.owner.pid) << r.owner.startTime << (r.keep ? QStringLiteral("keep") : QString())
              << AllocatedPort::formatList(r.ports) << r.startedAt.toString(Qt::ISODateWithMs)
              << (r.ownerAlive() ? QStringLiteral("alive") : QStringLiteral("dead"));
        for (const ContainerInfo &c : r.containers)
            parts << c.id << c.service << c.name << c.state << c.health << portsSignature(c.ports);
    }
    return parts.join(QLatin1Char('\x1f'));
}

QString envSignature(const Environment &env)
{
    QStringList parts;
    for (const Environment::Variable &v : env.variables())
        parts << v.name << v.value << (v.secret ? QStringLiteral("1") : QStringLiteral("0")) << v.source;
    return parts.join(QLatin1Char('\x1f'));
}

} // namespace

struct FixtureController::PollResult {
    quint64 generation = 0;
    bool ok = false;
    Error error;
    QList<FixtureStatus> statuses;
    QHash<QString, Environment> environments;
    bool composeChecked = false;
    QString composeName;
    QString composeFlavor;
    QString composeError;
};

FixtureController::FixtureController(Workspace workspace, QObject *parent)
    : QObject(parent), m_workspace(std::move(workspace)),
      m_watchManager(std::make_shared<FixtureManager>(m_workspace)),
      m_shutdown(std::make_shared<std::atomic_bool>(false))
{
    // Our own pool: the global one has as many threads as cores, and a down that waits
    // for a container to stop must not hold up the watcher (or anyone else).
    m_pool.setMaxThreadCount(16);
    m_pool.setObjectName(QStringLiteral("fixbench-fixtures"));
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &FixtureController::poll);
}

FixtureController::~FixtureController()
{
    m_timer.stop();
    m_shutdown->store(true);
    for (const Op &op : std::as_const(m_ops))
        if (op.cancel)
            op.cancel->store(true);
    m_pool.waitForDone();
}

QString FixtureController::key(const QString &fixture, const QString &instance)
{
    return instance.isEmpty() ? fixture : fixture + QLatin1Char('@') + instance;
}

bool FixtureController::ownedByThisProcess(const FixtureStatus &status)
{
    if (!status.running)
        return false;
    const ProcessInfo me = ProcessInfo::current();
    const ProcessInfo &owner = status.running->owner;
    return owner.pid == me.pid && (owner.startTime.isEmpty() || owner.startTime == me.startTime);
}

const FixtureStatus *FixtureController::statusOf(const QString &fixture, const QString &instance) const
{
    for (const FixtureStatus &s : m_statuses)
        if (s.fixture == fixture && s.instance == instance)
            return &s;
    return nullptr;
}

Environment FixtureController::environmentOf(const QString &fixture, const QString &instance) const
{
    return m_environments.value(key(fixture, instance));
}

bool FixtureController::isBusy(const QString &fixture, const QString &instance) const
{
    return m_ops.contains(key(fixture, instance));
}

// --- watcher -------------------------------------------------------------------

void FixtureController::startWatching(int intervalMs)
{
    m_timer.setInterval(intervalMs);
    m_timer.start();
    poll();
}

void FixtureController::stopWatching()
{
    m_timer.stop();
}

void FixtureController::refresh()
{
    poll();
}

void FixtureController::poll()
{
    if (m_pollInFlight) {
        m_pollAgain = true;
        return;
    }
    m_pollInFlight = true;
    m_pollAgain = false;
    const bool detectCompose = !m_composeDetected;
    m_composeDetected = true;
    auto mgr = m_watchManager;
    auto shutdown = m_shutdown;
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<PollResult>(this);
    connect(watcher, &QFutureWatcher<PollResult>::finished, this, [this, watcher]() {
        watcher->deleteLater();
        m_pollInFlight = false;
        if (watcher->future().resultCount() > 0)
            applyPoll(watcher->result());
        if (m_pollAgain)
            poll();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [mgr, shutdown, detectCompose, generation]() {
        PollResult r;
        r.generation = generation;
        if (shutdown->load())
            return r;
        if (detectCompose) {
            r.composeChecked = true;
            auto tool = ComposeTool::detect();
            if (tool) {
                r.composeName = tool->displayName();
                r.composeFlavor = tool->flavorName();
            } else {
                r.composeError = tool.error().toString();
            }
        }
        auto st = mgr->status();
        if (!st) {
            r.error = st.error();
            // The engine cannot say: list the workspace's fixtures, states unknown.
            for (const QString &name : mgr->workspace().fixtureNames()) {
                FixtureStatus s;
                s.fixture = name;
                s.project = mgr->projectName(name);
                auto spec = mgr->workspace().fixture(name);
                s.description = spec ? spec->description : QString();
                r.statuses << s;
            }
            return r;
        }
        r.ok = true;
        r.statuses = *st;
        for (const FixtureStatus &s : std::as_const(r.statuses)) {
            if (!s.running || !s.known || s.state == FixtureState::Down)
                continue;
            auto spec = mgr->workspace().fixture(s.fixture);
            if (!spec)
                continue;
            auto env = mgr->environmentOf(*spec, *s.running);
            if (env)
                r.environments.insert(key(s.fixture, s.instance), *env);
        }
        return r;
    }));
}

void FixtureController::applyPoll(const PollResult &result)
{
    if (result.composeChecked)
        Q_EMIT composeToolDetected(result.composeName, result.composeFlavor, result.composeError);

    const bool reachable = result.ok || result.error.kind != Error::Kind::Engine;
    const QString message = result.ok ? QString() : result.error.toString();
    if (!m_engineKnown || reachable != m_engineReachable || message != m_engineMessage) {
        m_engineKnown = true;
        m_engineReachable = reachable;
        m_engineMessage = message;
        Q_EMIT engineStatusChanged(reachable, message);
    }
    if (!result.ok) {
        publish(result.statuses);
        return;
    }
    if (result.generation != m_generation) {
        // An operation finished while this poll ran: its answer may predate it.
        m_pollAgain = true;
        return;
    }
    m_polled = true;
    publish(result.statuses);

    // Environments of the fixtures that are up.
    QSet<QString> seen;
    for (auto it = result.environments.cbegin(); it != result.environments.cend(); ++it) {
        seen.insert(it.key());
        const QString sig = envSignature(it.value());
        if (m_envSignatures.value(it.key()) == sig && m_environments.contains(it.key()))
            continue;
        m_envSignatures.insert(it.key(), sig);
        m_environments.insert(it.key(), it.value());
        const QString fixture = it.key().section(QLatin1Char('@'), 0, 0);
        const QString instance = it.key().section(QLatin1Char('@'), 1);
        Q_EMIT environmentChanged(fixture, instance, it.value());
    }
    const QStringList gone = [&]() {
        QStringList g;
        for (auto it = m_environments.cbegin(); it != m_environments.cend(); ++it)
            if (!seen.contains(it.key()))
                g << it.key();
        return g;
    }();
    for (const QString &k : gone) {
        m_environments.remove(k);
        m_envSignatures.remove(k);
        Q_EMIT environmentChanged(k.section(QLatin1Char('@'), 0, 0), k.section(QLatin1Char('@'), 1), Environment());
    }
}

void FixtureController::publish(QList<FixtureStatus> engineStatuses)
{
    m_engineStatuses = engineStatuses;
    // Overlay the state of operations in flight.
    for (FixtureStatus &s : engineStatuses) {
        auto it = m_ops.constFind(key(s.fixture, s.instance));
        if (it != m_ops.constEnd() && it->operation != Operation::Hook && it->operation != Operation::Keep)
            s.state = it->shownState;
    }
    // An up of a non-default instance has no row until its containers exist: add one.
    for (auto it = m_ops.cbegin(); it != m_ops.cend(); ++it) {
        if (it.key() == kPruneKey || it->operation == Operation::Hook || it->operation == Operation::Keep)
            continue;
        const QString fixture = it.key().section(QLatin1Char('@'), 0, 0);
        const QString instance = it.key().section(QLatin1Char('@'), 1);
        bool found = false;
        for (const FixtureStatus &s : std::as_const(engineStatuses))
            found = found || (s.fixture == fixture && s.instance == instance);
        if (!found && !instance.isEmpty()) {
            FixtureStatus s;
            s.fixture = fixture;
            s.instance = instance;
            s.project = m_watchManager->projectName(fixture, instance);
            s.state = it->shownState;
            engineStatuses << s;
        }
    }

    bool changed = engineStatuses.size() != m_statuses.size();
    QHash<QString, QString> signatures;
    for (const FixtureStatus &s : std::as_const(engineStatuses)) {
        const QString k = key(s.fixture, s.instance);
        const QString sig = signature(s);
        signatures.insert(k, sig);
        if (m_signatures.value(k) != sig)
            changed = true;
    }
    if (!changed) {
        for (int i = 0; i < engineStatuses.size(); ++i)
            if (key(engineStatuses[i].fixture, engineStatuses[i].instance) != key(m_statuses[i].fixture, m_statuses[i].instance))
                changed = true;
    }
    if (!changed)
        return;

    QHash<QString, QPair<FixtureState, bool>> before;
    for (const FixtureStatus &s : std::as_const(m_statuses))
        before.insert(key(s.fixture, s.instance), {s.state, s.stale});
    m_statuses = engineStatuses;
    m_signatures = signatures;
    Q_EMIT statusesChanged(m_statuses);
    for (const FixtureStatus &s : std::as_const(m_statuses)) {
        const QString k = key(s.fixture, s.instance);
        auto it = before.constFind(k);
        if (it == before.constEnd() || it->first != s.state || it->second != s.stale)
            Q_EMIT fixtureStateChanged(s.fixture, s.instance, s.state, s.stale);
        before.remove(k);
    }
    // Instances that vanished are down now.
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if (it->first != FixtureState::Down)
            Q_EMIT fixtureStateChanged(it.key().section(QLatin1Char('@'), 0, 0), it.key().section(QLatin1Char('@'), 1),
                                       FixtureState::Down, false);
}

// --- operations ----------------------------------------------------------------

bool FixtureController::startOp(const QString &fixture, const QString &instance, Operation operation, FixtureState shown)
{
    const QString k = operation == Operation::Prune ? kPruneKey : key(fixture, instance);
    if (m_ops.contains(k))
        return false;
    m_ops.insert(k, Op{operation, shown, std::make_shared<std::atomic_bool>(false)});
    if (operation != Operation::Prune && operation != Operation::Hook && operation != Operation::Keep)
        publish(m_engineStatuses);
    Q_EMIT operationStarted(fixture, instance, operation);
    return true;
}

void FixtureController::finishOp(const QString &fixture, const QString &instance, Operation operation, bool ok,
                                 const QString &errorText)
{
    m_ops.remove(operation == Operation::Prune ? kPruneKey : key(fixture, instance));
    ++m_generation; // polls started before this point may predate the operation's effect
    publish(m_engineStatuses);
    Q_EMIT operationFinished(fixture, instance, operation, ok, errorText);
    refresh();
}

void FixtureController::setShownState(const QString &fixture, const QString &instance, FixtureState state)
{
    auto it = m_ops.find(key(fixture, instance));
    if (it == m_ops.end())
        return;
    it->shownState = state;
    publish(m_engineStatuses);
}

void FixtureController::emitProgress(const QString &fixture, const QString &step, const QString &line)
{
    // Called on worker threads. Safe: the destructor waits for every worker.
    QMetaObject::invokeMethod(this, [this, fixture, step, line]() { Q_EMIT progress(fixture, step, line); },
                              Qt::QueuedConnection);
}

void FixtureController::rememberEnvironment(const QString &fixture, const QString &instance, const Environment &env)
{
    // Known at once, not at the next poll: a test run needs it right after the up.
    const QString k = key(fixture, instance);
    const QString sig = envSignature(env);
    if (m_envSignatures.value(k) == sig && m_environments.contains(k))
        return;
    m_envSignatures.insert(k, sig);
    m_environments.insert(k, env);
    Q_EMIT environmentChanged(fixture, instance, env);
}

void FixtureController::cancel(const QString &fixture, const QString &instance)
{
    auto it = m_ops.constFind(key(fixture, instance));
    if (it != m_ops.constEnd() && it->cancel)
        it->cancel->store(true);
}

namespace {

// Replaces (or adds) a fixture's entry in a status list after an operation, so that the
// list is right before the next poll confirms it.
void patchStatus(QList<FixtureStatus> &list, const QString &fixture, const QString &instance,
                 const std::optional<RunningFixture> &running, FixtureState state)
{
    for (int i = 0; i < list.size(); ++i) {
        FixtureStatus &s = list[i];
        if (s.fixture != fixture || s.instance != instance)
            continue;
        if (!running && !instance.isEmpty()) {
            list.removeAt(i);
            return;
        }
        s.running = running;
        s.state = state;
        if (!running)
            s.stale = false;
        return;
    }
    if (running) {
        FixtureStatus s;
        s.fixture = fixture;
        s.instance = instance;
        s.project = running->project;
        s.state = state;
        s.running = running;
        list << s;
    }
}

} // namespace

bool FixtureController::up(const QString &fixture, const QString &instance, bool keep)
{
    if (!startOp(fixture, instance, Operation::Up, FixtureState::Starting))
        return false;
    auto cancelFlag = m_ops.value(key(fixture, instance)).cancel;
    const Workspace ws = m_workspace;
    (void)QtConcurrent::run(&m_pool, [this, ws, fixture, instance, keep, cancelFlag]() {
        FixtureManager mgr(ws);
        upOnWorker(mgr, fixture, instance, keep, cancelFlag.get(), Operation::Up);
    });
    return true;
}

void FixtureController::upOnWorker(FixtureManager &mgr, const QString &fixture, const QString &instance, bool keep,
                                   const std::atomic_bool *cancel, Operation operation)
{
    UpOptions o;
    o.instance = instance;
    o.keep = keep;
    o.cancel = cancel;
    o.progress = [&](const QString &step, const QString &line) { emitProgress(fixture, step, line); };
    Result<UpResult> r = mgr.up(fixture, o);
    QMetaObject::invokeMethod(this, [this, fixture, instance, r, operation]() {
        if (r) {
            patchStatus(m_engineStatuses, fixture, instance, r->fixture, FixtureState::Ready);
            rememberEnvironment(fixture, instance, r->environment);
            Q_EMIT fixtureUp(fixture, instance, r->attached, r->fixture.keep, r->elapsedMs);
        }
        finishOp(fixture, instance, operation, r.ok(), r ? QString() : r.error().toString());
    }, Qt::QueuedConnection);
}

bool FixtureController::down(const QString &fixture, const QString &instance)
{
    if (!startOp(fixture, instance, Operation::Down, FixtureState::Stopping))
        return false;
    const Workspace ws = m_workspace;
    (void)QtConcurrent::run(&m_pool, [this, ws, fixture, instance]() {
        FixtureManager mgr(ws);
        Status s = mgr.down(fixture, instance, [&](const QString &line) { emitProgress(fixture, QStringLiteral("down"), line); });
        QMetaObject::invokeMethod(this, [this, fixture, instance, s]() {
            if (s)
                patchStatus(m_engineStatuses, fixture, instance, std::nullopt, FixtureState::Down);
            finishOp(fixture, instance, Operation::Down, s.ok(), s ? QString() : s.error().toString());
        }, Qt::QueuedConnection);
    });
    return true;
}

bool FixtureController::restart(const QString &fixture, const QString &instance, bool keep)
{
    if (!startOp(fixture, instance, Operation::Restart, FixtureState::Stopping))
        return false;
    auto cancelFlag = m_ops.value(key(fixture, instance)).cancel;
    const Workspace ws = m_workspace;
    (void)QtConcurrent::run(&m_pool, [this, ws, fixture, instance, keep, cancelFlag]() {
        FixtureManager mgr(ws);
        bool keepIt = keep;
        auto found = mgr.find(fixture, instance);
        if (found && found->has_value())
            keepIt = (*found)->keep;
        Status s = mgr.down(fixture, instance, [&](const QString &line) { emitProgress(fixture, QStringLiteral("down"), line); });
        if (!s) {
            QMetaObject::invokeMethod(this, [this, fixture, instance, s]() {
                finishOp(fixture, instance, Operation::Restart, false, s.error().toString());
            }, Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(this, [this, fixture, instance]() {
            patchStatus(m_engineStatuses, fixture, instance, std::nullopt, FixtureState::Down);
            setShownState(fixture, instance, FixtureState::Starting);
        }, Qt::QueuedConnection);
        upOnWorker(mgr, fixture, instance, keepIt, cancelFlag.get(), Operation::Restart);
    });
    return true;
}

bool FixtureController::runHook(const QString &fixture, const QString &instance, const QString &event)
{
    if (!startOp(fixture, instance, Operation::Hook, FixtureState::Ready))
        return false;
    const Workspace ws = m_workspace;
    (void)QtConcurrent::run(&m_pool, [this, ws, fixture, instance, event]() {
        FixtureManager mgr(ws);
        Status s = mgr.runHook(fixture, instance, event, [&](const QString &line) { emitProgress(fixture, event, line); });
        QMetaObject::invokeMethod(this, [this, fixture, instance, s]() {
            finishOp(fixture, instance, Operation::Hook, s.ok(), s ? QString() : s.error().toString());
        }, Qt::QueuedConnection);
    });
    return true;
}

bool FixtureController::setKeep(const QString &fixture, const QString &instance, bool keep)
{
    if (!startOp(fixture, instance, Operation::Keep, FixtureState::Ready))
        return false;
    const Workspace ws = m_workspace;
    (void)QtConcurrent::run(&m_pool, [this, ws, fixture, instance, keep]() {
        FixtureManager mgr(ws);
        Status s = mgr.setKeep(fixture, instance, keep);
        QMetaObject::invokeMethod(this, [this, fixture, instance, s]() {
            finishOp(fixture, instance, Operation::Keep, s.ok(), s ? QString() : s.error().toString());
        }, Qt::QueuedConnection);
    });
    return true;
}

bool FixtureController::prune()
{
    if (!startOp(QString(), QString(), Operation::Prune, FixtureState::Down))
        return false;
    (void)QtConcurrent::run(&m_pool, [this]() {
        EngineClient engine;
        auto report = FixtureManager::prune(engine, [&](const QString &line) { emitProgress(QString(), QStringLiteral("prune"), line); });
        QMetaObject::invokeMethod(this, [this, report]() {
            if (report)
                Q_EMIT pruned(report->removed, report->kept);
            finishOp(QString(), QString(), Operation::Prune, report.ok(), report ? QString() : report.error().toString());
        }, Qt::QueuedConnection);
    });
    return true;
}

} // namespace fixbench
