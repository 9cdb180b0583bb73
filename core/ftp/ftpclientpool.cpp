#include "ftp/ftpclientpool.h"

namespace fixbench {

FtpClientPool::Lease::Lease(FtpClientPool *pool, std::unique_ptr<FtpClient> client)
    : m_pool(pool), m_client(std::move(client))
{
}

FtpClientPool::Lease::Lease(Lease &&other) noexcept : m_pool(other.m_pool), m_client(std::move(other.m_client))
{
    other.m_pool = nullptr;
}

FtpClientPool::Lease::~Lease()
{
    if (m_pool && m_client)
        m_pool->giveBack(std::move(m_client));
}

FtpClientPool::FtpClientPool(FtpConfig config, int maxClients)
    : m_config(std::move(config)), m_max(std::max(1, maxClients))
{
}

FtpClientPool::~FtpClientPool()
{
    clear();
}

FtpClientPool::Lease FtpClientPool::acquire()
{
    QMutexLocker lock(&m_mutex);
    for (;;) {
        if (!m_idle.isEmpty())
            return Lease(this, std::unique_ptr<FtpClient>(m_idle.takeLast()));
        if (m_created < m_max) {
            ++m_created;
            lock.unlock();
            return Lease(this, std::make_unique<FtpClient>(m_config));
        }
        m_available.wait(&m_mutex);
    }
}

void FtpClientPool::giveBack(std::unique_ptr<FtpClient> client)
{
    QMutexLocker lock(&m_mutex);
    m_idle.append(client.release());
    m_available.wakeOne();
}

int FtpClientPool::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_created;
}

int FtpClientPool::idleConnectionCount() const
{
    QMutexLocker lock(&m_mutex);
    int n = 0;
    for (const FtpClient *c : m_idle)
        n += c->connectionCount();
    return n;
}

void FtpClientPool::clear()
{
    QList<FtpClient *> idle;
    {
        QMutexLocker lock(&m_mutex);
        idle.swap(m_idle);
        m_created -= int(idle.size());
        m_available.wakeAll();
    }
    qDeleteAll(idle);
}

} // namespace fixbench
