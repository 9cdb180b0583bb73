#include "base/processinfo.h"

#include <QFile>

#include <unistd.h>

namespace fixbench {

QString ProcessInfo::startTimeOf(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray stat = f.readAll();
    // Field 2 (comm) is in parentheses and may contain spaces: split after the last ')'.
    const int close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // After comm, fields start at 3 (state); starttime is field 22 → index 19.
    if (fields.size() <= 19)
        return {};
    // A zombie (Z) or dead (X) process has ended; only its parent has not reaped it yet.
    if (fields.at(0) == "Z" || fields.at(0) == "X")
        return {};
    return QString::fromLatin1(fields.at(19));
}

QString ProcessInfo::hostName()
{
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0)
        return {};
    return QString::fromLocal8Bit(buf);
}

ProcessInfo ProcessInfo::current()
{
    ProcessInfo p;
    p.pid = qint64(getpid());
    p.startTime = startTimeOf(p.pid);
    p.host = hostName();
    return p;
}

bool ProcessInfo::isAlive() const
{
    if (pid <= 0)
        return false;
    if (!host.isEmpty() && host != hostName())
        return true;
    const QString now = startTimeOf(pid);
    if (now.isEmpty())
        return false;
    return startTime.isEmpty() || now == startTime;
}

} // namespace fixbench
