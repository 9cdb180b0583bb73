#include "engine/labels.h"

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

QString composeProjectName(const QString &workspaceId, const QString &fixture, const QString &instance)
{
    QString name = QStringLiteral("fb_") + sanitizeProjectPart(workspaceId) + QLatin1Char('_') + sanitizeProjectPart(fixture);
    if (!instance.isEmpty())
        name += QLatin1Char('_') + sanitizeProjectPart(instance);
    return name;
}

} // namespace fixbench
