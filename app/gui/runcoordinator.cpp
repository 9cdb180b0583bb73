#include "runcoordinator.h"

#include "fixture/fixturecontroller.h"
#include "run/runpipeline.h"
#include "run/runplan.h"
#include "run/testreportjson.h"

namespace fixbench {

RunCoordinator::RunCoordinator(FixtureController *fixtures, QObject *parent)
    : QObject(parent), m_fixtures(fixtures), m_session(new TestSession(this))
{
    connect(m_session, &TestSession::resultsBatch, this, &RunCoordinator::resultsBatch);
    connect(m_session, &TestSession::outputBatch, this, &RunCoordinator::outputBatch);
    connect(m_session, &TestSession::binaryFinished, this, &RunCoordinator::binaryFinished);
    connect(m_session, &TestSession::finished, this, [this](const RunSummary &summary) {
        m_summary = summary;
        if (m_stopRequested)
            m_summary.cancelled = true;
        m_phase = Phase::Teardown;
        m_todo = m_needed;
        next();
    });
    if (m_fixtures)
        connect(m_fixtures, &FixtureController::operationFinished, this,
                [this](const QString &f, const QString &i, FixtureController::Operation op, bool ok, const Error &e) {
                    onOperationFinished(f, i, int(op), ok, e.toString());
                });
}

TestRun RunCoordinator::makeRun(const FixtureController &fixtures, const TestBinarySpec &spec, const TestSelection &selection,
                                const TestRunOptions &options, const Environment &overrides, const QString &instance)
{
    RunPlan plan;
    plan.options = options;
    plan.overrides = overrides;
    plan.instance = instance;
    QHash<QString, Environment> envs;
    for (const QString &f : spec.fixtures)
        envs.insert(f, fixtures.environmentOf(f, instance));
    return plan.runOf(fixtures.workspace(), {spec, selection}, envs);
}

bool RunCoordinator::start(const QList<Item> &items, const TestRunOptions &options, const Environment &overrides, bool recordLastRun,
                           const QString &instance)
{
    if (isRunning() || !m_fixtures || items.isEmpty())
        return false;
    m_items = items;
    m_options = options;
    m_overrides = overrides;
    m_needed.clear();
    for (const Item &it : items)
        for (const QString &f : it.spec.fixtures)
            if (!m_needed.contains(f))
                m_needed << f;
    m_runs.clear();
    m_summary = RunSummary();
    m_error.clear();
    m_stopRequested = false;
    m_recordLastRun = recordLastRun;
    m_instance = instance;
    m_testsRan = false;
    m_pending.clear();
    m_phase = Phase::Fixtures;
    m_todo = m_needed;
    Q_EMIT started(items);
    next();
    return true;
}

void RunCoordinator::stop()
{
    if (!isRunning())
        return;
    m_stopRequested = true;
    switch (m_phase) {
    case Phase::Fixtures:
        for (const QString &f : std::as_const(m_pending))
            m_fixtures->cancel(f, m_instance);
        m_todo.clear();
        break;
    case Phase::Setup:
        m_todo.clear();
        break;
    case Phase::Tests:
        m_session->stop(); // finished() follows, then teardown
        break;
    default:
        break;
    }
}

void RunCoordinator::next()
{
    if (!m_fixtures) {
        finish(tr("the workspace was closed"));
        return;
    }
    if (!m_pending.isEmpty())
        return; // wait for what runs
    switch (m_phase) {
    case Phase::Idle:
        return;
    case Phase::Fixtures:
        while (!m_todo.isEmpty()) {
            const QString f = m_todo.takeFirst();
            const FixtureStatus *s = m_fixtures->statusOf(f, m_instance);
            if (s && s->state == FixtureState::Ready && !m_fixtures->environmentOf(f, m_instance).isEmpty())
                continue; // up already: attach
            Q_EMIT phaseChanged(m_instance.isEmpty() ? tr("Bringing %1 up…").arg(f) : tr("Bringing %1 (instance %2) up…").arg(f, m_instance));
            if (!m_fixtures->up(f, m_instance)) {
                // Busy (someone is bringing it up or down): wait for that to end, then retry.
                m_todo.prepend(f);
            }
            m_pending << f;
            return;
        }
        if (m_stopRequested) {
            finish(tr("stopped"));
            return;
        }
        m_phase = Phase::Setup;
        m_todo = m_needed;
        next();
        return;
    case Phase::Setup:
        if (!m_todo.isEmpty()) {
            const QString f = m_todo.takeFirst();
            Q_EMIT phaseChanged(tr("%1: setup_data").arg(f));
            m_pending << f;
            if (!m_fixtures->runHook(f, m_instance, QStringLiteral("setup_data"))) {
                m_pending.removeAll(f);
                m_todo.prepend(f); // busy: retried when its operation ends
            }
            return;
        }
        if (m_stopRequested) {
            finish(tr("stopped"));
            return;
        }
        m_phase = Phase::Tests;
        for (const Item &it : std::as_const(m_items))
            m_runs << makeRun(*m_fixtures, it.spec, it.selection, m_options, m_overrides, m_instance);
        Q_EMIT phaseChanged(tr("Running %n test binary(ies)…", nullptr, int(m_runs.size())));
        Q_EMIT runsStarted(m_runs);
        m_testsRan = true;
        if (!m_session->start(m_runs))
            finish(tr("a test run is already in progress"));
        return;
    case Phase::Tests:
        return; // TestSession::finished moves on
    case Phase::Teardown:
        if (!m_todo.isEmpty()) {
            const QString f = m_todo.takeFirst();
            const FixtureStatus *s = m_fixtures->statusOf(f, m_instance);
            if (!s || s->state == FixtureState::Down) {
                next();
                return;
            }
            Q_EMIT phaseChanged(tr("%1: teardown_data").arg(f));
            m_pending << f;
            if (!m_fixtures->runHook(f, m_instance, QStringLiteral("teardown_data"))) {
                m_pending.removeAll(f);
                next();
            }
            return;
        }
        finish(m_error);
        return;
    }
}

void RunCoordinator::onOperationFinished(const QString &fixture, const QString &instance, int operation, bool ok,
                                         const QString &errorText)
{
    if (m_phase == Phase::Idle || instance != m_instance)
        return;
    const auto op = FixtureController::Operation(operation);
    if (!m_pending.contains(fixture)) {
        // Something else finished on a fixture we wait to use: try again.
        if ((m_phase == Phase::Fixtures || m_phase == Phase::Setup) && m_todo.contains(fixture))
            next();
        return;
    }
    if ((m_phase == Phase::Fixtures && op != FixtureController::Operation::Up)
        || ((m_phase == Phase::Setup || m_phase == Phase::Teardown) && op != FixtureController::Operation::Hook)) {
        // Someone else's operation on it ended; ours can start now.
        m_pending.removeAll(fixture);
        next();
        return;
    }
    m_pending.removeAll(fixture);
    if (!ok) {
        if (m_phase == Phase::Teardown) {
            m_error = tr("%1: teardown_data failed: %2").arg(fixture, errorText);
        } else {
            m_todo.clear();
            finish(m_phase == Phase::Fixtures ? tr("%1 could not be brought up: %2").arg(fixture, errorText)
                                              : tr("%1: setup_data failed: %2").arg(fixture, errorText));
            return;
        }
    }
    next();
}

void RunCoordinator::finish(const QString &errorText)
{
    if (m_phase == Phase::Idle)
        return;
    m_phase = Phase::Idle;
    m_pending.clear();
    m_todo.clear();
    if (m_stopRequested)
        m_summary.cancelled = true;
    if (m_testsRan && m_recordLastRun && !m_summary.cancelled && m_fixtures)
        (void)TestReportJson::writeFile(m_session->reports(), m_summary, RunPipeline::lastRunPath(m_fixtures->workspace()));
    Q_EMIT finished(m_summary, errorText);
}

} // namespace fixbench
