#include "workspace/allocatedport.h"

#include <QStringList>

namespace fixbench {

QString AllocatedPort::toString() const
{
    if (range || count > 1)
        return name + QLatin1Char('=') + QString::number(first) + QLatin1Char('-') + QString::number(last());
    return name + QLatin1Char('=') + QString::number(first);
}

QList<AllocatedPort> AllocatedPort::parseList(const QString &s)
{
    QList<AllocatedPort> out;
    const QStringList items = s.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &raw : items) {
        const QString item = raw.trimmed();
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        AllocatedPort p;
        p.name = item.left(eq).trimmed();
        const QString value = item.mid(eq + 1).trimmed();
        const qsizetype dash = value.indexOf(QLatin1Char('-'));
        bool ok = false;
        if (dash < 0) {
            p.first = value.toInt(&ok);
            if (!ok || p.first <= 0)
                continue;
        } else {
            bool ok2 = false;
            p.first = value.left(dash).toInt(&ok);
            const int last = value.mid(dash + 1).toInt(&ok2);
            if (!ok || !ok2 || p.first <= 0 || last < p.first)
                continue;
            p.count = last - p.first + 1;
            p.range = true;
        }
        out.append(p);
    }
    return out;
}

QString AllocatedPort::formatList(const QList<AllocatedPort> &ports)
{
    QStringList parts;
    parts.reserve(ports.size());
    for (const AllocatedPort &p : ports)
        parts.append(p.toString());
    return parts.join(QLatin1Char(';'));
}

} // namespace fixbench
