#pragma once

#include "ftp/ftpclient.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace fixbench {

// An FTP browsing session for an event loop: every call runs on a worker thread with a
// client leased from an FtpClientPool (logged in once per client, not per click) and
// answers with a signal in the owner's thread. Transfers report progress (at most ten
// times a second each) and can be cancelled. Opening another server drops what the
// previous session still had to say.
class FtpBrowser : public QObject {
    Q_OBJECT
public:
    enum class Operation { Remove, Mkdir, Rename, Upload, Download };
    Q_ENUM(Operation)

    explicit FtpBrowser(QObject *parent = nullptr);
    ~FtpBrowser() override; // cancels transfers and waits for the workers

    // Logs in (connected() says how it went); further calls use this server.
    void open(const FtpConfig &config, int maxClients = 3);
    void close();
    bool isOpen() const { return bool(m_session); }
    FtpConfig config() const;

    void list(const QString &dir);
    void remove(const QString &path, bool directory);
    void mkdir(const QString &path);
    void rename(const QString &from, const QString &to);
    // The first maxBytes of a file (for a preview).
    void preview(const QString &path, qint64 maxBytes = 1024 * 1024);

    // Transfers; the id names them in the transfer signals.
    int download(const QString &remotePath, const QString &localFile, qint64 size = -1);
    int upload(const QString &localFile, const QString &remotePath);
    void cancel(int transferId);
    void cancelAll();
    int activeTransfers() const { return int(m_transfers.size()); }

Q_SIGNALS:
    // Every `error` below: what failed, as a value (the FTP reply code in replyCode, kind
    // Cancelled when cancelled); empty (no message) when it went well.
    void connected(bool ok, const fixbench::Error &error);
    void listed(const QString &dir, const QList<fixbench::FtpEntry> &entries, const fixbench::Error &error);
    void operationFinished(fixbench::FtpBrowser::Operation operation, const QString &path, bool ok, const fixbench::Error &error);
    void previewed(const QString &path, const QByteArray &data, bool truncated, const fixbench::Error &error);
    void transferStarted(int id, bool upload, const QString &remotePath, const QString &localFile, qint64 size);
    void transferProgress(int id, qint64 done, qint64 total);
    // error: why it failed (kind Cancelled when it was cancelled); empty when ok.
    void transferFinished(int id, bool ok, const fixbench::Error &error);

private:
    struct Session;
    template <typename Work, typename Done>
    void run(Work work, Done done);

    QThreadPool m_pool;
    std::shared_ptr<Session> m_session;
    QHash<int, std::shared_ptr<std::atomic_bool>> m_transfers; // id → cancel flag
    int m_nextId = 1;
};

} // namespace fixbench
