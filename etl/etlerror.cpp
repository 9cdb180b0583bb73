#include "etlerror.h"

#include <QStringList>

namespace fixbench::etl {

QString Error::toString() const
{
    QString s = message;
    if (!details.isEmpty()) {
        const QStringList lines = details.split(QLatin1Char('\n'));
        for (const QString &line : lines)
            s += QStringLiteral("\n  | ") + line;
    }
    return s;
}

} // namespace fixbench::etl
