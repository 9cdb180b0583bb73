#include "engine/labels.h"

#include <QCryptographicHash>

namespace fixbench {

QString sanitizeProjectPart(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s.toLower()) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        if (ok)
            out += c;
        else if (!out.endsWith(QLatin1Char('_')))
            out += QLatin1Char('_');
    }
    while (out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    return out;
}

QString projectPart(const QString &s)
{
    const QString clean = sanitizeProjectPart(s);
    if (clean == s && !clean.isEmpty())
        return clean;
    const QByteArray hash = QCryptographicHash::hash(s.toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
    return clean + QStringLiteral("__") + QString::fromLatin1(hash);
}

QString composeProjectName(const QString &workspaceId, const QString &fixture, const QString &instance)
{
    QString name = QStringLiteral("fb-") + projectPart(workspaceId) + QLatin1Char('-') + projectPart(fixture);
    if (!instance.isEmpty())
        name += QLatin1Char('-') + projectPart(instance);
    return name;
}

} // namespace fixbench
