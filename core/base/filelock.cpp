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

namespace {

// A folder fit to hold this user's runtime files: a real folder (not a link), owned by
// this user, private (0700; tightened when it is not).
bool makePrivateDir(const QString &dir)
{
    const QByteArray path = QFile::encodeName(dir);
    struct stat st {};
    if (::lstat(path.constData(), &st) != 0) {
        if (!QDir().mkpath(dir) || ::lstat(path.constData(), &st) != 0)
            return false;
    }
    if (!S_ISDIR(st.st_mode) || st.st_uid != ::getuid())
        return false;
    if ((st.st_mode & 077) != 0 && ::chmod(path.constData(), 0700) != 0)
        return false;
    return true;
}

} // namespace

QString runtimeDir()
{
    const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!xdg.isEmpty() && QFileInfo(xdg).isDir() && makePrivateDir(xdg + QStringLiteral("/fixbench")))
        return xdg + QStringLiteral("/fixbench");
    const QString tmp = QStringLiteral("/tmp/fixbench-%1").arg(::getuid());
    if (makePrivateDir(tmp))
        return tmp;
    // /tmp/fixbench-<uid> is someone else's (or a link): never use it; the home folder is ours.
    const QString home = QDir::homePath() + QStringLiteral("/.cache/fixbench/run");
    makePrivateDir(QDir::homePath() + QStringLiteral("/.cache/fixbench"));
    makePrivateDir(home);
    return home;
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
