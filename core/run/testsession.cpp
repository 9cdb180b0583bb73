#include "run/testsession.h"

#include "run/testrunner.h"

#include <QEventLoop>
#include <QtConcurrent/QtConcurrentRun>

namespace fixbench {

TestSession::TestSession(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &TestSession::flush);
    connect(&m_watcher, &QFutureWatcher<QList<BinaryReport>>::finished, this, &TestSession::onWorkerDone);
}

TestSession::~TestSession()
{
    if (m_running) {
        m_cancel = true;
        m_watcher.waitForFinished();
    }
}

bool TestSession::start(const QList<TestRun> &runs)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = false;
    m_reports.clear();
    m_summary = {};
    {
        QMutexLocker lock(&m_mutex);
        m_pending.clear();
    }
    QStringList names;
    for (const TestRun &r : runs)
        names << r.name;

    TestRunner::Callbacks cb;
    cb.started = [this](const TestRun &r) {
        QMutexLocker lock(&m_mutex);
        m_pending.append(Pending{Pending::Kind::Started, r.name, {}, {}, {}});
    };
    cb.results = [this](const QList<TestResult> &changes) {
        QMutexLocker lock(&m_mutex);
        if (!m_pending.isEmpty() && m_pending.last().kind == Pending::Kind::Results)
            m_pending.last().results += changes;
        else
            m_pending.append(Pending{Pending::Kind::Results, {}, changes, {}, {}});
    };
    cb.output = [this](const QString &binary, const QStringList &lines) {
        QMutexLocker lock(&m_mutex);
        for (qsizetype i = m_pending.size() - 1; i >= 0 && m_pending.at(i).kind != Pending::Kind::Started
                                                  && m_pending.at(i).kind != Pending::Kind::Finished; --i) {
            if (m_pending.at(i).kind == Pending::Kind::Output && m_pending.at(i).binary == binary) {
                m_pending[i].lines += lines;
                return;
            }
        }
        m_pending.append(Pending{Pending::Kind::Output, binary, {}, lines, {}});
    };
    cb.finished = [this](const BinaryReport &report) {
        QMutexLocker lock(&m_mutex);
        m_pending.append(Pending{Pending::Kind::Finished, report.binary, {}, {}, report});
    };

    m_clock.start();
    Q_EMIT testsStarted(names);
    m_timer.start();
    const int parallel = m_maxParallel;
    m_watcher.setFuture(QtConcurrent::run([runs, parallel, cb, this] {
        return TestRunner::runAll(runs, parallel, cb, &m_cancel);
    }));
    return true;
}

void TestSession::stop()
{
    if (m_running)
        m_cancel = true;
}

void TestSession::flush()
{
    QList<Pending> batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
    }
    for (const Pending &p : std::as_const(batch)) {
        switch (p.kind) {
        case Pending::Kind::Started: Q_EMIT binaryStarted(p.binary); break;
        case Pending::Kind::Results: Q_EMIT resultsBatch(p.results); break;
        case Pending::Kind::Output: Q_EMIT outputBatch(p.binary, p.lines); break;
        case Pending::Kind::Finished: Q_EMIT binaryFinished(p.report); break;
        }
    }
}

void TestSession::onWorkerDone()
{
    m_timer.stop();
    flush();
    m_reports = m_watcher.result();
    m_summary = RunSummary::of(m_reports);
    m_summary.cancelled = m_summary.cancelled || m_cancel.load();
    m_summary.elapsedMs = m_clock.elapsed();
    m_running = false;
    Q_EMIT finished(m_summary);
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
