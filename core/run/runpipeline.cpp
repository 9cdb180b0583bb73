#include "run/runpipeline.h"

#include "fixture/fixturewatch.h"
#include "fixture/hookrunner.h"
#include "run/fixturelogs.h"
#include "run/testreportjson.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMutex>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::RunPipeline)
};
} // namespace

RunPipeline::RunPipeline(FixtureManager &manager, RunPlan plan, Callbacks callbacks, const std::atomic_bool *cancel)
    : m_manager(manager), m_plan(std::move(plan)), m_cb(std::move(callbacks)), m_cancel(cancel)
{
}

RunPipeline::~RunPipeline()
{
    (void)release();
}

QString RunPipeline::lastRunPath(const Workspace &workspace)
{
    return RunPlan::lastRunPath(workspace, FixtureManager::runtimeDir());
}

Status RunPipeline::bringUp()
{
    for (const QString &name : m_plan.fixtures()) {
        if (cancelled())
            break;
        UpOptions o;
        o.instance = m_plan.instance;
        o.purpose = QStringLiteral("run");
        o.keep = m_plan.keep;
        o.cancel = m_cancel;
        o.progress = [&](const QString &step, const QString &line) {
            if (m_cb.stepProgress)
                m_cb.stepProgress(name, step, line);
        };
        if (!m_plan.artifactsDir.isEmpty())
            o.beforeCleanup = [&](const RunningFixture &running, const Environment &environment, const Error &error) {
                UpResult failed;
                failed.fixture = running;
                failed.environment = environment;
                QList<UpResult> all = m_held;
                all << failed;
                ArtifactCollector collector(m_manager.engine(), m_plan.artifactsDir);
                m_artifacts = collector.collect(all, {}, RunSummary(), m_manager.workspace().name(),
                                                Tr::tr("%1 did not come up: %2").arg(name, error.message));
            };
        if (m_cb.stepStarted)
            m_cb.stepStarted(name, QStringLiteral("up"));
        auto r = m_manager.up(name, o);
        if (!r) {
            // Stopped while it came up: whatever compose said as it was killed, the run
            // was cancelled, not broken.
            const Error e = cancelled() ? Error(Error::Kind::Cancelled, Tr::tr("interrupted")) : r.error();
            if (m_cb.stepFinished)
                m_cb.stepFinished(name, QStringLiteral("up"), e, Tr::tr("%1 failed").arg(name));
            (void)release();
            return e;
        }
        if (m_cb.stepFinished)
            m_cb.stepFinished(name, QStringLiteral("up"), Status(), r->summary());
        if (m_cb.fixtureUp)
            m_cb.fixtureUp(name, *r);
        m_held << *r;
        m_environments.insert(name, r->environment);
    }
    if (cancelled()) {
        (void)release();
        return Error(Error::Kind::Cancelled, Tr::tr("interrupted"));
    }
    return {};
}

QList<TestRun> RunPipeline::runs() const
{
    QList<TestRun> out;
    for (const RunPlan::Binary &b : m_plan.binaries)
        out << m_plan.runOf(m_manager.workspace(), b, m_environments);
    return out;
}

Status RunPipeline::runDataHook(const QString &fixture, const QString &event)
{
    auto spec = m_manager.workspace().fixture(fixture);
    if (!spec || !spec->hook(event))
        return {};
    if (m_cb.stepStarted)
        m_cb.stepStarted(fixture, event);
    Status s = HookRunner::runIfPresent(
        *spec, event, m_environments.value(fixture),
        [&](const QString &line) {
            if (m_cb.stepProgress)
                m_cb.stepProgress(fixture, event, line);
        },
        m_cancel);
    if (m_cb.stepFinished)
        m_cb.stepFinished(fixture, event, s, s ? Tr::tr("%1 %2 done").arg(fixture, event) : Tr::tr("%1 %2 failed").arg(fixture, event));
    return s;
}

Status RunPipeline::setupData()
{
    for (const QString &name : m_plan.fixtures()) {
        if (cancelled())
            return Error(Error::Kind::Cancelled, Tr::tr("interrupted"));
        if (Status s = runDataHook(name, QStringLiteral("setup_data")); !s)
            return s;
    }
    return {};
}

RunPipeline::Outcome RunPipeline::runTests()
{
    Outcome o;
    QElapsedTimer clock;
    clock.start();
    const QList<TestRun> all = runs();
    if (m_cb.runsStarted)
        m_cb.runsStarted(all);

    // A fixture that dies during the run is said beside the results of the binaries that
    // need it: its containers are looked at when each binary starts and ends.
    struct Watching {
        QMutex mutex;
        QHash<QString, FixtureWatch> watches;    // by fixture
        QHash<QString, QStringList> outstanding; // fixture -> deaths not followed by a return
        QList<QPair<QString, QString>> deaths;   // (fixture, line), in the order seen
        QHash<QString, QStringList> atStart;     // binary path -> outstanding deaths of its fixtures
        QHash<QString, qsizetype> startIndex;    // binary path -> deaths.size() when it started
    } w;
    for (const UpResult &u : std::as_const(m_held))
        w.watches.insert(u.fixture.fixture, FixtureWatch(u.fixture));
    // Reports name the binary by QFileInfo::absoluteFilePath of its TestRun's program.
    auto key = [](const QString &program) { return QFileInfo(program).absoluteFilePath(); };
    QHash<QString, QStringList> fixturesOfPath;
    QHash<QString, QStringList> secretsOfPath;
    for (qsizetype i = 0; i < all.size() && i < m_plan.binaries.size(); ++i) {
        fixturesOfPath.insert(key(all[i].program), m_plan.fixturesOf(m_plan.binaries[i]));
        secretsOfPath.insert(key(all[i].program), all[i].secretsToMask());
    }
    QHash<QString, QString> projectOf; // fixture -> its compose project
    for (const UpResult &u : std::as_const(m_held))
        projectOf.insert(u.fixture.fixture, u.fixture.project);
    const EngineEndpoint endpoint = m_manager.engine().endpoint();
    auto look = [&w, &endpoint]() { // under w.mutex
        if (w.watches.isEmpty())
            return;
        EngineClient engine(endpoint); // one per call: binaries run on several threads
        for (auto it = w.watches.begin(); it != w.watches.end(); ++it) {
            auto events = it->poll(engine);
            if (!events)
                continue;
            for (const FixtureEvent &e : *events) {
                if (!e.isDeath()) {
                    w.outstanding.remove(it.key());
                    continue;
                }
                const QString line = Tr::tr("fixture %1 died: %2").arg(it.key(), e.message());
                w.outstanding[it.key()] << line;
                w.deaths << qMakePair(it.key(), line);
            }
        }
    };
    TestRunner::Callbacks cb = m_cb.tests;
    cb.started = [&](const TestRun &run) {
        {
            QMutexLocker lock(&w.mutex);
            look();
            QStringList before;
            for (const QString &f : fixturesOfPath.value(key(run.program)))
                before << w.outstanding.value(f);
            w.atStart.insert(key(run.program), before);
            w.startIndex.insert(key(run.program), w.deaths.size());
        }
        if (m_cb.tests.started)
            m_cb.tests.started(run);
    };
    QHash<QString, BinaryReport> finishedOf; // binary path -> its report, fixture deaths and logs added
    cb.finished = [&](const BinaryReport &report) {
        BinaryReport r = report;
        if (m_plan.fixtureLogs) { // read outside the lock: binaries on other threads go on meanwhile
            QList<QPair<QString, QString>> fixtures;
            for (const QString &f : fixturesOfPath.value(key(report.path)))
                if (projectOf.contains(f))
                    fixtures << qMakePair(f, projectOf.value(f));
            EngineClient engine(endpoint);
            FixtureLogs::attach(engine, fixtures, r, secretsOfPath.value(key(report.path)));
        }
        {
            QMutexLocker lock(&w.mutex);
            look();
            const QString path = key(report.path);
            QStringList lines = w.atStart.value(path);
            const QStringList fixtures = fixturesOfPath.value(path);
            for (qsizetype i = w.startIndex.value(path, w.deaths.size()); i < w.deaths.size(); ++i)
                if (fixtures.contains(w.deaths[i].first) && !lines.contains(w.deaths[i].second))
                    lines << w.deaths[i].second;
            r.fixtureDeaths = lines;
            finishedOf.insert(path, r);
        }
        if (m_cb.tests.finished)
            m_cb.tests.finished(r);
    };
    o.reports = TestRunner::runAll(all, m_plan.jobs, cb, m_cancel);
    for (BinaryReport &r : o.reports)
        if (auto it = finishedOf.constFind(key(r.path)); it != finishedOf.constEnd())
            r = *it;
    o.summary = RunSummary::of(o.reports);
    o.summary.elapsedMs = clock.elapsed();
    o.summary.cancelled = o.summary.cancelled || cancelled();
    return o;
}

RunPipeline::Outcome RunPipeline::runTests(const QStringList &paths)
{
    const QList<RunPlan::Binary> all = m_plan.binaries;
    QList<RunPlan::Binary> some;
    for (const RunPlan::Binary &b : all)
        if (paths.contains(QFileInfo(b.spec.path).absoluteFilePath()))
            some << b;
    m_plan.binaries = some;
    Outcome o = runTests();
    m_plan.binaries = all;
    return o;
}

ArtifactReport RunPipeline::collectArtifacts(const Outcome &outcome)
{
    ArtifactCollector collector(m_manager.engine(), m_plan.artifactsDir);
    m_artifacts = collector.collect(m_held, outcome.reports, outcome.summary, m_manager.workspace().name());
    return *m_artifacts;
}

void RunPipeline::finish(Outcome &outcome, bool recordLastRun)
{
    // What failed is looked at before teardown_data changes it and take-down removes it.
    const bool failed = !outcome.summary.ok() && !outcome.summary.cancelled && !cancelled();
    if (failed && !m_plan.artifactsDir.isEmpty())
        outcome.artifacts = collectArtifacts(outcome);
    if (failed && m_plan.keepOnFailure) {
        // Every fixture the run used, also one it attached to: what the failed tests saw
        // stays to be looked at, until `fixbench down`.
        for (const UpResult &u : std::as_const(m_held)) {
            if (Status s = m_manager.setKeep(u.fixture, true); !s)
                outcome.afterErrors << s.error();
            else
                outcome.keptOnFailure << u.fixture.fixture;
        }
    }
    if (!cancelled()) {
        for (const QString &name : m_plan.fixtures())
            if (Status s = runDataHook(name, QStringLiteral("teardown_data")); !s)
                outcome.afterErrors << s.error();
        if (recordLastRun)
            if (Status s = record(outcome); !s)
                outcome.afterErrors << s.error();
    }
    if (Status s = release(); !s)
        outcome.afterErrors << s.error();
}

Status RunPipeline::record(const Outcome &outcome) const
{
    // It holds test output: this user's alone (the folder is private too).
    const QString path = lastRunPath(m_manager.workspace());
    return TestReportJson::writeCacheFile(outcome.reports, outcome.summary, path);
}

Status RunPipeline::release()
{
    FixtureManager::ReleaseCallbacks cb;
    cb.began = [this](const QString &fixture) {
        if (m_cb.stepStarted)
            m_cb.stepStarted(fixture, QStringLiteral("down"));
    };
    cb.progress = [this](const QString &fixture, const QString &line) {
        if (m_cb.stepProgress)
            m_cb.stepProgress(fixture, QStringLiteral("down"), line);
    };
    cb.finished = [this](const QString &fixture, const Status &result, const QString &summary) {
        if (m_cb.stepFinished)
            m_cb.stepFinished(fixture, QStringLiteral("down"), result, summary);
    };
    if (m_plan.leaveUp) {
        m_held.clear();
        return {};
    }
    return m_manager.releaseAll(m_held, cb);
}

Result<RunPipeline::Outcome> RunPipeline::run(bool recordLastRun)
{
    if (Status s = bringUp(); !s)
        return s.error();
    if (Status s = setupData(); !s) {
        (void)release();
        return s.error();
    }
    Outcome o = runTests();
    finish(o, recordLastRun);
    return o;
}

} // namespace fixbench
