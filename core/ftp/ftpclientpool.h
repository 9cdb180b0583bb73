#pragma once

#include "ftp/ftpclient.h"

#include <QList>
#include <QMutex>
#include <QWaitCondition>

#include <memory>

namespace fixbench {

// FtpClients for worker threads (QtConcurrent::run/map): lease a client, use it on
// that thread only, and the lease gives it back — still logged in — when it goes out
// of scope, so a browsing session pays one login per client, not one per click.
// At most maxClients exist (servers limit connections per IP); acquire() blocks while
// all of them are leased. The pool itself is thread-safe; a leased client is not
// shared. Outlive every lease.
//
//   FtpClientPool pool(config, 4);
//   QtConcurrent::blockingMap(paths, [&](const QString &p) {
//       auto client = pool.acquire();
//       auto entries = client->list(p);
//   });
class FtpClientPool {
public:
    class Lease {
    public:
        Lease(Lease &&other) noexcept;
        Lease &operator=(Lease &&) = delete;
        Lease(const Lease &) = delete;
        ~Lease();
        FtpClient *operator->() { return m_client.get(); }
        FtpClient &operator*() { return *m_client; }
        FtpClient *get() { return m_client.get(); }

    private:
        friend class FtpClientPool;
        Lease(FtpClientPool *pool, std::unique_ptr<FtpClient> client);
        FtpClientPool *m_pool;
        std::unique_ptr<FtpClient> m_client;
    };

    explicit FtpClientPool(FtpConfig config, int maxClients = 4);
    ~FtpClientPool();
    FtpClientPool(const FtpClientPool &) = delete;
    FtpClientPool &operator=(const FtpClientPool &) = delete;

    const FtpConfig &config() const { return m_config; }
    int maxClients() const { return m_max; }

    // An idle client, a new one while fewer than maxClients exist, else waits.
    Lease acquire();
    // Clients created so far and not dropped (leased + idle).
    int size() const;
    // Control connections opened by the clients in the pool (idle ones only).
    int idleConnectionCount() const;
    // Drops the idle clients (closing their connections); leased ones come back later.
    void clear();

private:
    void giveBack(std::unique_ptr<FtpClient> client);

    FtpConfig m_config;
    int m_max;
    mutable QMutex m_mutex;
    QWaitCondition m_available;
    QList<FtpClient *> m_idle; // owned
    int m_created = 0;
};

} // namespace fixbench
