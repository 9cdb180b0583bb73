#include "ftp/ftpbrowser.h"

#include "ftp/ftpclientpool.h"

#include <QCoreApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMetaObject>

#include <QtConcurrent/QtConcurrentRun>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::FtpBrowser)
};
} // namespace

struct FtpBrowser::Session {
    FtpConfig config;
    std::unique_ptr<FtpClientPool> pool;
};

FtpBrowser::FtpBrowser(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(8);
    m_pool.setObjectName(QStringLiteral("fixbench-ftp"));
}

FtpBrowser::~FtpBrowser()
{
    cancelAll();
    m_pool.waitForDone();
}

FtpConfig FtpBrowser::config() const
{
    return m_session ? m_session->config : FtpConfig();
}

// Runs work(client) on a worker with a leased client; done(result) back in this thread,
// unless the session changed meanwhile. Safe to capture `this`: ~FtpBrowser waits.
template <typename Work, typename Done>
void FtpBrowser::run(Work work, Done done)
{
    auto session = m_session;
    if (!session)
        return;
    (void)QtConcurrent::run(&m_pool, [this, session, work, done]() {
        auto lease = session->pool->acquire();
        auto result = work(*lease);
        QMetaObject::invokeMethod(this, [this, session, done, result]() {
            if (m_session == session)
                done(result);
        }, Qt::QueuedConnection);
    });
}

void FtpBrowser::open(const FtpConfig &config, int maxClients)
{
    close();
    auto s = std::make_shared<Session>();
    s->config = config;
    s->pool = std::make_unique<FtpClientPool>(config, std::max(1, maxClients));
    m_session = s;
    run([](FtpClient &c) { return c.connect(); },
        [this](const Status &st) { Q_EMIT connected(st.ok(), st ? Error() : st.error()); });
}

void FtpBrowser::close()
{
    cancelAll();
    m_session.reset(); // workers keep it alive until they are done
    // Their answers are dropped from now on: end the transfers here.
    const QList<int> ids = m_transfers.keys();
    m_transfers.clear();
    for (int id : ids)
        Q_EMIT transferFinished(id, false, Error(Error::Kind::Cancelled, Tr::tr("cancelled: the FTP session was closed")));
}

void FtpBrowser::list(const QString &dir)
{
    run([dir](FtpClient &c) { return c.list(dir); },
        [this, dir](const Result<QList<FtpEntry>> &r) {
            Q_EMIT listed(dir, r ? *r : QList<FtpEntry>(), r ? Error() : r.error());
        });
}

void FtpBrowser::remove(const QString &path, bool directory)
{
    run([path, directory](FtpClient &c) { return directory ? c.rmdir(path, true) : c.remove(path); },
        [this, path](const Status &s) {
            Q_EMIT operationFinished(Operation::Remove, path, s.ok(), s ? Error() : s.error());
        });
}

void FtpBrowser::mkdir(const QString &path)
{
    run([path](FtpClient &c) { return c.mkdir(path, false); },
        [this, path](const Status &s) {
            Q_EMIT operationFinished(Operation::Mkdir, path, s.ok(), s ? Error() : s.error());
        });
}

void FtpBrowser::rename(const QString &from, const QString &to)
{
    run([from, to](FtpClient &c) { return c.rename(from, to); },
        [this, to](const Status &s) {
            Q_EMIT operationFinished(Operation::Rename, to, s.ok(), s ? Error() : s.error());
        });
}

void FtpBrowser::preview(const QString &path, qint64 maxBytes)
{
    struct Answer {
        QByteArray data;
        bool truncated = false;
        Error error;
    };
    run([path, maxBytes](FtpClient &c) {
            Answer a;
            QBuffer buffer;
            buffer.open(QIODevice::WriteOnly);
            std::atomic_bool stop{false};
            Status s = c.get(path, buffer, [&](qint64 done, qint64) {
                if (done > maxBytes)
                    stop.store(true);
            }, &stop);
            a.data = buffer.data();
            if (a.data.size() > maxBytes || (stop.load() && !s)) {
                a.truncated = true;
                a.data.truncate(maxBytes);
            } else if (!s) {
                a.error = s.error();
            }
            if (stop.load())
                c.disconnect(); // an aborted transfer may leave the control connection busy
            return a;
        },
        [this, path](const Answer &a) { Q_EMIT previewed(path, a.data, a.truncated, a.error); });
}

namespace {

// Calls report(done, total) at most every 100 ms, and always for the last call.
class Throttle {
public:
    explicit Throttle(std::function<void(qint64, qint64)> report) : m_report(std::move(report)) { m_clock.start(); }
    void operator()(qint64 done, qint64 total)
    {
        m_done = done;
        m_total = total;
        if (m_clock.elapsed() >= 100) {
            m_clock.restart();
            m_report(done, total);
        }
    }
    void flush() { m_report(m_done, m_total); }

private:
    std::function<void(qint64, qint64)> m_report;
    QElapsedTimer m_clock;
    qint64 m_done = 0;
    qint64 m_total = -1;
};

} // namespace

int FtpBrowser::download(const QString &remotePath, const QString &localFile, qint64 size)
{
    if (!m_session)
        return 0;
    const int id = m_nextId++;
    auto cancelFlag = std::make_shared<std::atomic_bool>(false);
    m_transfers.insert(id, cancelFlag);
    Q_EMIT transferStarted(id, false, remotePath, localFile, size);
    run([this, id, remotePath, localFile, cancelFlag](FtpClient &c) {
            Throttle progress([this, id](qint64 done, qint64 total) {
                QMetaObject::invokeMethod(this, [this, id, done, total]() { Q_EMIT transferProgress(id, done, total); },
                                          Qt::QueuedConnection);
            });
            Status s = c.get(remotePath, localFile, [&](qint64 d, qint64 t) { progress(d, t); }, cancelFlag.get());
            progress.flush();
            return s;
        },
        [this, id](const Status &s) {
            m_transfers.remove(id);
            Q_EMIT transferFinished(id, s.ok(), s ? Error() : s.error());
        });
    return id;
}

int FtpBrowser::upload(const QString &localFile, const QString &remotePath)
{
    if (!m_session)
        return 0;
    const int id = m_nextId++;
    auto cancelFlag = std::make_shared<std::atomic_bool>(false);
    m_transfers.insert(id, cancelFlag);
    Q_EMIT transferStarted(id, true, remotePath, localFile, QFileInfo(localFile).size());
    run([this, id, remotePath, localFile, cancelFlag](FtpClient &c) {
            Throttle progress([this, id](qint64 done, qint64 total) {
                QMetaObject::invokeMethod(this, [this, id, done, total]() { Q_EMIT transferProgress(id, done, total); },
                                          Qt::QueuedConnection);
            });
            FtpPutOptions o;
            o.atomic = true; // readers never see half a file
            Status s = c.putFile(localFile, remotePath, o, [&](qint64 d, qint64 t) { progress(d, t); }, cancelFlag.get());
            progress.flush();
            return s;
        },
        [this, id, remotePath](const Status &s) {
            m_transfers.remove(id);
            Q_EMIT transferFinished(id, s.ok(), s ? Error() : s.error());
            Q_EMIT operationFinished(Operation::Upload, remotePath, s.ok(), s ? Error() : s.error());
        });
    return id;
}

void FtpBrowser::cancel(int transferId)
{
    if (auto it = m_transfers.constFind(transferId); it != m_transfers.constEnd())
        it.value()->store(true);
}

void FtpBrowser::cancelAll()
{
    for (const auto &flag : std::as_const(m_transfers))
        flag->store(true);
}

} // namespace fixbench
