#include "engine/logstreamer.h"

#include "engine/labels.h"

#include <QHash>
#include <QMetaObject>
#include <QMutex>
#include <QSet>
#include <QThread>

#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace fixbench {

struct LogStreamer::ContainerState {
    QString id;
    QString service;
    std::atomic_bool streaming{false};
    bool everStreamed = false; // touched by the supervisor only
    QMutex mutex;
    QDateTime lastTimestamp;   // of the last line delivered (guarded by mutex)
};

struct LogStreamer::Session {
    LogStreamer *owner = nullptr; // outlives every worker: ~LogStreamer waits for them
    QThreadPool *pool = nullptr;
    EngineEndpoint endpoint;
    QString project;
    Options options;
    std::atomic_bool cancel{false};

    QMutex mutex;
    QList<LogEntry> pending;
    qint64 dropped = 0;
    bool flushQueued = false;

    void push(LogEntry &&entry)
    {
        QMutexLocker lock(&mutex);
        pending.append(std::move(entry));
        if (pending.size() > options.maxPendingLines) {
            const qsizetype n = pending.size() - options.maxPendingLines;
            pending.remove(0, n);
            dropped += n;
        }
        if (pending.size() >= options.batchLines && !flushQueued) {
            flushQueued = true;
            LogStreamer *o = owner;
            QMetaObject::invokeMethod(o, [o]() { o->flush(); }, Qt::QueuedConnection);
        }
    }

    // Runs f on the owner's thread, unless this session was stopped meanwhile.
    template <typename F>
    void post(std::shared_ptr<Session> self, F f)
    {
        LogStreamer *o = owner;
        QMetaObject::invokeMethod(o, [o, self, f]() {
            if (o->m_session == self)
                f(o);
        }, Qt::QueuedConnection);
    }
};

LogStreamer::LogStreamer(QObject *parent) : LogStreamer(EngineEndpoint::fromEnvironment(), parent) {}

LogStreamer::LogStreamer(EngineEndpoint endpoint, QObject *parent) : QObject(parent), m_endpoint(std::move(endpoint))
{
    // Streams block for as long as they follow: they get a pool of their own.
    m_pool.setMaxThreadCount(64);
    m_pool.setObjectName(QStringLiteral("fixbench-logs"));
    connect(&m_timer, &QTimer::timeout, this, &LogStreamer::flush);
}

LogStreamer::~LogStreamer()
{
    stop();
    m_pool.waitForDone();
}

QString LogStreamer::project() const
{
    return m_session ? m_session->project : QString();
}

void LogStreamer::start(const QString &project, const Options &options)
{
    stop();
    auto s = std::make_shared<Session>();
    s->owner = this;
    s->pool = &m_pool;
    s->endpoint = m_endpoint;
    s->project = project;
    s->options = options;
    if (s->options.batchLines < 1)
        s->options.batchLines = 1;
    if (s->options.maxPendingLines < s->options.batchLines)
        s->options.maxPendingLines = s->options.batchLines;
    m_session = s;
    m_timer.start(std::max(1, options.batchIntervalMs));
    (void)QtConcurrent::run(&m_pool, &LogStreamer::supervise, s);
}

void LogStreamer::stop()
{
    if (!m_session)
        return;
    m_session->cancel.store(true);
    m_session.reset();
    m_timer.stop();
}

void LogStreamer::flush()
{
    if (!m_session)
        return;
    QList<LogEntry> batch;
    qint64 dropped = 0;
    {
        QMutexLocker lock(&m_session->mutex);
        batch.swap(m_session->pending);
        dropped = m_session->dropped;
        m_session->dropped = 0;
        m_session->flushQueued = false;
    }
    if (dropped > 0)
        Q_EMIT linesDropped(dropped);
    if (!batch.isEmpty())
        Q_EMIT linesArrived(batch);
}

void LogStreamer::supervise(std::shared_ptr<Session> session)
{
    EngineClient engine(session->endpoint);
    QHash<QString, std::shared_ptr<ContainerState>> known;
    QString lastError;
    bool first = true;
    const QString filter = QStringLiteral("%1=%2").arg(QLatin1String(labels::ComposeProject), session->project);
    while (!session->cancel.load()) {
        auto list = engine.listContainers({filter}, true);
        if (!list) {
            const QString message = list.error().toString();
            if (message != lastError) {
                lastError = message;
                session->post(session, [message](LogStreamer *o) { Q_EMIT o->errorChanged(message); });
            }
        } else {
            if (!lastError.isEmpty()) {
                lastError.clear();
                session->post(session, [](LogStreamer *o) { Q_EMIT o->errorChanged(QString()); });
            }
            for (const ContainerInfo &c : *list) {
                if (!session->options.service.isEmpty() && c.service != session->options.service)
                    continue;
                std::shared_ptr<ContainerState> &st = known[c.id];
                if (!st) {
                    st = std::make_shared<ContainerState>();
                    st->id = c.id;
                    st->service = c.service;
                }
                if (st->streaming.load())
                    continue;
                const bool running = c.state == QLatin1String("running");
                if (st->everStreamed && !running)
                    continue; // followed until it stopped; wait for it to run again
                const bool history = first;
                st->everStreamed = true; // before the worker starts: the supervisor owns this flag
                st->streaming.store(true);
                (void)QtConcurrent::run(session->pool, &LogStreamer::follow, session, st, history);
            }
            // Forget containers that are gone (recreated stacks get new ids).
            QSet<QString> ids;
            for (const ContainerInfo &c : *list)
                ids.insert(c.id);
            for (auto it = known.begin(); it != known.end();) {
                if (!ids.contains(it.key()) && !it.value()->streaming.load())
                    it = known.erase(it);
                else
                    ++it;
            }
            first = false;
        }
        for (int waited = 0; waited < session->options.pollIntervalMs && !session->cancel.load(); waited += 50)
            QThread::msleep(50);
    }
}

void LogStreamer::follow(std::shared_ptr<Session> session, std::shared_ptr<ContainerState> st, bool history)
{
    QDateTime after;
    {
        QMutexLocker lock(&st->mutex);
        after = st->lastTimestamp;
    }
    const bool reattached = after.isValid();
    const QString shortId = st->id.left(12);
    const QString service = st->service;
    session->post(session, [service, shortId, reattached](LogStreamer *o) { Q_EMIT o->attached(service, shortId, reattached); });

    LogOptions o;
    o.follow = true;
    o.timestamps = true;
    if (reattached) {
        o.since = after.toSecsSinceEpoch(); // whole seconds: lines already seen are skipped below
        o.tail = -1;
    } else {
        o.tail = history ? session->options.tail : -1;
    }
    QDateTime last = after;
    EngineClient engine(session->endpoint);
    Status s = engine.streamLogs(st->id, o, [&](const LogLine &l) {
        if (after.isValid()) {
            if (l.timestamp.isValid() && l.timestamp <= after)
                return;
            after = QDateTime();
        }
        if (l.timestamp.isValid())
            last = l.timestamp;
        LogEntry e;
        e.service = service;
        e.container = shortId;
        e.stream = l.stream;
        e.timestamp = l.timestamp;
        e.text = l.text;
        session->push(std::move(e));
    }, &session->cancel);
    {
        QMutexLocker lock(&st->mutex);
        if (last.isValid())
            st->lastTimestamp = last;
        else if (!st->lastTimestamp.isValid())
            st->lastTimestamp = QDateTime::fromSecsSinceEpoch(1); // streamed once, saw nothing
    }
    st->streaming.store(false);
    if (session->cancel.load())
        return;
    session->post(session, [service, shortId](LogStreamer *o) { Q_EMIT o->detached(service, shortId); });
    if (!s && s.error().kind != Error::Kind::NotFound) {
        const QString message = s.error().toString();
        session->post(session, [message](LogStreamer *o) { Q_EMIT o->errorChanged(message); });
    }
}

} // namespace fixbench
