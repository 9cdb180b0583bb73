#include "run/testsession.h"

#include "run/runtimeline.h"

#include "fixture/fixturemanager.h"
#include "run/runpipeline.h"

#include <QEventLoop>
#include <QtConcurrent/QtConcurrentRun>

namespace fixbench {

namespace {

// The controller's operation for a pipeline step.
FixtureController::Operation operationOf(const QString &step)
{
    if (step == QLatin1String("up"))
        return FixtureController::Operation::Up;
    if (step == QLatin1String("down"))
        return FixtureController::Operation::Down;
    return FixtureController::Operation::Hook;
}

QString opKey(const QString &fixture, const QString &step)
{
    return fixture + QLatin1Char('\n') + step;
}

} // namespace

TestSession::TestSession(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &TestSession::flush);
    connect(&m_watcher, &QFutureWatcher<WorkerResult>::finished, this, &TestSession::onWorkerDone);
}

TestSession::~TestSession()
{
    if (m_running) {
        *m_cancel = true;
        m_watcher.waitForFinished();
    }
}

bool TestSession::begin(const QStringList &names)
{
    if (m_running)
        return false;
    m_running = true;
    // A fresh flag per run: a controller may still hold the last one.
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_reports.clear();
    m_summary = {};
    m_error = {};
    m_afterErrors.clear();
    m_shownOps.clear();
    m_instance.clear();
    {
        QMutexLocker lock(&m_mutex);
        m_pending.clear();
    }
    m_clock.start();
    Q_EMIT testsStarted(names);
    m_timer.start();
    return true;
}

void TestSession::post(Pending p)
{
    QMutexLocker lock(&m_mutex);
    if (!m_pending.isEmpty()) {
        Pending &last = m_pending.last();
        if (p.kind == Pending::Kind::Results && last.kind == Pending::Kind::Results) {
            last.results += p.results;
            return;
        }
        if (p.kind == Pending::Kind::StepProgress && last.kind == Pending::Kind::StepProgress && last.binary == p.binary
            && last.step == p.step) {
            last.lines += p.lines;
            return;
        }
    }
    if (p.kind == Pending::Kind::Output) {
        // Joins the same binary's output since its start or the last finish.
        for (qsizetype i = m_pending.size() - 1;
             i >= 0 && m_pending.at(i).kind != Pending::Kind::Started && m_pending.at(i).kind != Pending::Kind::Finished; --i) {
            if (m_pending.at(i).kind == Pending::Kind::Output && m_pending.at(i).binary == p.binary) {
                m_pending[i].lines += p.lines;
                return;
            }
        }
    }
    m_pending.append(std::move(p));
}

TestRunner::Callbacks TestSession::callbacks()
{
    TestRunner::Callbacks cb;
    cb.started = [this](const TestRun &r) { post(Pending(Pending::Kind::Started, r.name)); };
    cb.results = [this](const QList<TestResult> &changes) {
        Pending p(Pending::Kind::Results);
        p.results = changes;
        post(std::move(p));
    };
    cb.output = [this](const QString &binary, const QStringList &lines) {
        Pending p(Pending::Kind::Output, binary);
        p.lines = lines;
        post(std::move(p));
    };
    cb.finished = [this](const BinaryReport &report) {
        Pending p(Pending::Kind::Finished, report.binary);
        p.report = report;
        post(std::move(p));
    };
    return cb;
}

bool TestSession::start(const QList<TestRun> &runs)
{
    QStringList names;
    for (const TestRun &r : runs)
        names << r.name;
    if (!begin(names))
        return false;
    const int parallel = m_maxParallel;
    const TestRunner::Callbacks cb = callbacks();
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    m_watcher.setFuture(QtConcurrent::run([runs, parallel, cb, cancel] {
        WorkerResult w;
        w.reports = TestRunner::runAll(runs, parallel, cb, cancel.get());
        return w;
    }));
    return true;
}

bool TestSession::start(const Workspace &workspace, const RunPlan &plan, bool recordLastRun)
{
    QStringList names;
    for (const RunPlan::Binary &b : plan.binaries)
        names << b.spec.name;
    if (!begin(names))
        return false;
    m_instance = plan.instance;

    RunPipeline::Callbacks cb;
    cb.tests = callbacks();
    cb.stepStarted = [this](const QString &fixture, const QString &step) { post(Pending(Pending::Kind::StepStarted, fixture, step)); };
    cb.stepProgress = [this](const QString &fixture, const QString &step, const QString &line) {
        Pending p(Pending::Kind::StepProgress, fixture, step);
        p.lines = QStringList{line};
        post(std::move(p));
    };
    cb.stepFinished = [this](const QString &fixture, const QString &step, const Status &result, const QString &summary) {
        Pending p(Pending::Kind::StepFinished, fixture, step);
        p.result = result;
        p.summary = summary;
        post(std::move(p));
    };
    cb.fixtureUp = [this](const QString &fixture, const UpResult &up) {
        // Rides on the up's StepFinished, just posted.
        QMutexLocker lock(&m_mutex);
        for (qsizetype i = m_pending.size() - 1; i >= 0; --i)
            if (m_pending.at(i).kind == Pending::Kind::StepFinished && m_pending.at(i).binary == fixture) {
                m_pending[i].up = up;
                break;
            }
    };
    cb.runsStarted = [this](const QList<TestRun> &runs) {
        Pending p(Pending::Kind::RunsStarted);
        p.runs = runs;
        post(std::move(p));
    };
    m_timeline = std::make_shared<RunTimeline>();
    cb = m_timeline->wrap(cb);
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    m_watcher.setFuture(QtConcurrent::run([workspace, plan, recordLastRun, cb, cancel, timeline = m_timeline] {
        Q_UNUSED(timeline); // alive while its callbacks run
        WorkerResult w;
        FixtureManager manager(workspace);
        RunPipeline pipeline(manager, plan, cb, cancel.get());
        auto outcome = pipeline.run(recordLastRun);
        if (!outcome) {
            w.error = outcome.error();
            return w;
        }
        w.reports = outcome->reports;
        w.summary = outcome->summary;
        w.afterErrors = outcome->afterErrors;
        return w;
    }));
    return true;
}

TestRun TestSession::preview(const FixtureController &fixtures, const RunPlan &plan, const RunPlan::Binary &binary)
{
    QHash<QString, Environment> envs;
    for (const QString &f : plan.fixturesOf(binary)) {
        const Environment env = fixtures.environmentOf(f, plan.instance);
        if (!env.isEmpty())
            envs.insert(f, env);
    }
    return plan.runOf(fixtures.workspace(), binary, envs);
}

void TestSession::stop()
{
    if (m_running)
        *m_cancel = true;
}

void TestSession::toController(const Pending &p)
{
    if (!m_controller)
        return;
    const QString key = opKey(p.binary, p.step);
    switch (p.kind) {
    case Pending::Kind::StepStarted:
        if (m_controller->beginOperation(p.binary, m_instance, operationOf(p.step), m_cancel))
            m_shownOps.insert(key);
        break;
    case Pending::Kind::StepProgress:
        for (const QString &line : p.lines)
            m_controller->operationProgress(p.binary, p.step, line);
        break;
    case Pending::Kind::StepFinished:
        if (m_shownOps.remove(key))
            m_controller->endOperation(p.binary, m_instance, operationOf(p.step), p.result, p.up);
        break;
    default:
        break;
    }
}

void TestSession::flush()
{
    QList<Pending> batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
    }
    for (const Pending &p : std::as_const(batch)) {
        toController(p);
        switch (p.kind) {
        case Pending::Kind::Started: Q_EMIT binaryStarted(p.binary); break;
        case Pending::Kind::Results: Q_EMIT resultsBatch(p.results); break;
        case Pending::Kind::Output: Q_EMIT outputBatch(p.binary, p.lines); break;
        case Pending::Kind::Finished: Q_EMIT binaryFinished(p.report); break;
        case Pending::Kind::StepStarted: Q_EMIT stepStarted(p.binary, p.step); break;
        case Pending::Kind::StepProgress: Q_EMIT stepProgress(p.binary, p.step, p.lines); break;
        case Pending::Kind::StepFinished: Q_EMIT stepFinished(p.binary, p.step, p.result ? Error() : p.result.error(), p.summary); break;
        case Pending::Kind::RunsStarted: Q_EMIT runsStarted(p.runs); break;
        }
    }
}

void TestSession::onWorkerDone()
{
    m_timer.stop();
    flush();
    const WorkerResult w = m_watcher.result();
    m_reports = w.reports;
    m_error = w.error;
    m_afterErrors = w.afterErrors;
    if (w.summary) {
        m_summary = *w.summary;
    } else {
        m_summary = RunSummary::of(m_reports);
        m_summary.elapsedMs = m_clock.elapsed();
    }
    m_summary.cancelled = m_summary.cancelled || m_cancel->load();
    // A step whose end never came (the worker stopped): not shown as running any more.
    if (m_controller)
        for (const QString &key : std::as_const(m_shownOps)) {
            const QString fixture = key.section(QLatin1Char('\n'), 0, 0);
            const QString step = key.section(QLatin1Char('\n'), 1);
            m_controller->endOperation(fixture, m_instance, operationOf(step),
                                       m_error.message.isEmpty() ? Status() : Status(m_error));
        }
    m_shownOps.clear();
    m_running = false;
    Q_EMIT finished(m_summary, m_error);
}

bool TestSession::waitForFinished(int msecs)
{
    if (!m_running)
        return true;
    QEventLoop loop;
    connect(this, &TestSession::finished, &loop, &QEventLoop::quit);
    QTimer timeout;
    if (msecs >= 0) {
        timeout.setSingleShot(true);
        connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        timeout.start(msecs);
    }
    loop.exec();
    return !m_running;
}

} // namespace fixbench
