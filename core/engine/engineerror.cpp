#include "engine/engineerror.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fixbench {

namespace engineerror {

Error::Kind kindForStatus(int httpStatus)
{
    switch (httpStatus) {
    case 404: return Error::Kind::NotFound;
    case 401:
    case 403: return Error::Kind::Auth;
    default: return Error::Kind::Engine;
    }
}

QString messageOf(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QString m = doc.object().value(QStringLiteral("message")).toString();
        if (!m.isEmpty())
            return m;
    }
    return QString::fromUtf8(body).trimmed();
}

Error fromAnswer(const QString &what, const QString &endpoint, int httpStatus, const QByteArray &body)
{
    const QString msg = messageOf(body);
    QString text = QStringLiteral("%1: the Docker engine at %2 answered HTTP %3")
                       .arg(what, endpoint, QString::number(httpStatus));
    if (!msg.isEmpty())
        text += QStringLiteral(": ") + msg;
    Error e(kindForStatus(httpStatus), text);
    e.replyCode = httpStatus;
    return e;
}

} // namespace engineerror

} // namespace fixbench
