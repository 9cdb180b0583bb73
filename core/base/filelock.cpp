#include "base/filelock.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fixbench {

QString runtimeDir()
{
    const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
    const QString dir = !xdg.isEmpty() && QFileInfo(xdg).isDir() ? xdg + QStringLiteral("/fixbench")
                                                                 : QStringLiteral("/tmp/fixbench-%1").arg(::getuid());
    if (!QFileInfo(dir).isDir()) {
        QDir().mkpath(dir);
        ::chmod(QFile::encodeName(dir).constData(), 0700);
    }
    return dir;
}

FileLock::FileLock(const QString &path, int timeoutMs, const std::atomic_bool *cancel) : m_path(path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    QDeadlineTimer deadline(std::max(0, timeoutMs));
    for (;;) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            m_fd = fd;
            return;
        }
        if ((errno != EWOULDBLOCK && errno != EINTR) || deadline.hasExpired() || (cancel && cancel->load()))
            break;
        QThread::msleep(std::min<qint64>(50, std::max<qint64>(1, deadline.remainingTime())));
    }
    ::close(fd);
}

FileLock::~FileLock()
{
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

} // namespace fixbench
