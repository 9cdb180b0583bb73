#include "run/binarywatcher.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <sys/stat.h>
#include <unistd.h>

namespace fixbench {

BinaryWatcher::BinaryWatcher(const QStringList &paths, int settleMs) : m_paths(paths), m_settleMs(settleMs)
{
    for (const QString &p : m_paths)
        m_seen.insert(p, stampOf(p));
}

BinaryWatcher::Stamp BinaryWatcher::stampOf(const QString &path)
{
    Stamp s;
    struct stat st {};
    const QByteArray native = QFile::encodeName(path);
    if (::stat(native.constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return s;
    s.executable = ::access(native.constData(), X_OK) == 0;
    s.inode = quint64(st.st_ino);
    s.size = qint64(st.st_size);
    s.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return s;
}

QStringList BinaryWatcher::waitForRebuild(const std::atomic_bool *cancel)
{
    QHash<QString, Stamp> last = m_seen; // what each looked like at the previous look
    QHash<QString, QElapsedTimer> quiet; // changed binaries: since when they stay the same
    for (;;) {
        if (cancel && cancel->load())
            return {};
        QStringList settled;
        bool waiting = false;
        for (const QString &p : std::as_const(m_paths)) {
            const Stamp now = stampOf(p);
            if (now != last.value(p)) {
                last.insert(p, now);
                quiet[p].start(); // changed (again): wait for it to settle
            }
            if (!quiet.contains(p))
                continue;
            if (quiet[p].elapsed() < m_settleMs) {
                waiting = true; // still moving
                continue;
            }
            if (now == m_seen.value(p))
                quiet.remove(p); // back as it was: nothing to rerun
            else if (now.executable)
                settled << p;
            // else gone or not runnable: its next change starts the wait again
        }
        if (!settled.isEmpty() && !waiting) {
            for (const QString &p : std::as_const(settled))
                m_seen.insert(p, last.value(p));
            return settled;
        }
        QThread::msleep(50);
    }
}

} // namespace fixbench
