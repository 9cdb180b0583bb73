#include "base/error.h"

#include <QStringList>

namespace fixbench {

QString SourceLocation::toString() const
{
    if (file.isEmpty())
        return {};
    QString s = file;
    if (line > 0) {
        s += QLatin1Char(':') + QString::number(line);
        if (column > 0)
            s += QLatin1Char(':') + QString::number(column);
    }
    return s;
}

QString Error::toString() const
{
    QString s;
    if (location.isValid())
        s = location.toString() + QStringLiteral(": ");
    s += message;
    if (!details.isEmpty()) {
        const QStringList lines = details.split(QLatin1Char('\n'));
        for (const QString &line : lines)
            s += QStringLiteral("\n  | ") + line;
    }
    return s;
}

const char *Error::kindName(Kind k)
{
    switch (k) {
    case Kind::Spec: return "spec";
    case Kind::NotFound: return "not-found";
    case Kind::Io: return "io";
    case Kind::Engine: return "engine";
    case Kind::Compose: return "compose";
    case Kind::Port: return "port";
    case Kind::Timeout: return "timeout";
    case Kind::Hook: return "hook";
    case Kind::Cancelled: return "cancelled";
    case Kind::Ftp: return "ftp";
    case Kind::Auth: return "auth";
    case Kind::Connection: return "connection";
    case Kind::Test: return "test";
    case Kind::Other: return "error";
    }
    return "error";
}

} // namespace fixbench
