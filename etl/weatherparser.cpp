#include "weatherparser.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::WeatherParser)
};

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string (\"%1\")").arg(v.toString().left(40));
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("missing");
}

Error malformed(const QString &what)
{
    return Error(Error::Kind::Other, Tr::tr("malformed weather answer: %1").arg(what));
}

// object.key as a number, or an error naming "path".
Result<double> number(const QJsonObject &object, const QString &key, const QString &path)
{
    const QJsonValue v = object.value(key);
    if (v.isUndefined())
        return malformed(Tr::tr("`%1` is missing").arg(path));
    if (!v.isDouble())
        return malformed(Tr::tr("`%1` is %2, expected a number").arg(path, typeName(v)));
    const double d = v.toDouble();
    if (!std::isfinite(d))
        return malformed(Tr::tr("`%1` is not a finite number").arg(path));
    return d;
}

Result<QJsonObject> object(const QJsonObject &parent, const QString &key)
{
    const QJsonValue v = parent.value(key);
    if (v.isUndefined())
        return malformed(Tr::tr("`%1` is missing").arg(key));
    if (!v.isObject())
        return malformed(Tr::tr("`%1` is %2, expected an object").arg(key, typeName(v)));
    return v.toObject();
}

} // namespace

Result<Measurement> WeatherParser::parse(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return malformed(Tr::tr("the body is empty"));
    if (body.size() > kMaxBodyBytes)
        return malformed(Tr::tr("the body is %1 bytes, more than the %2 bytes a weather answer may have")
                             .arg(body.size()).arg(kMaxBodyBytes));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return malformed(Tr::tr("not JSON (%1 at offset %2): %3")
                             .arg(pe.errorString()).arg(pe.offset).arg(QString::fromUtf8(body.left(60)).simplified()));
    if (!doc.isObject())
        return malformed(Tr::tr("the JSON is %1, expected an object").arg(doc.isArray() ? QStringLiteral("an array")
                                                                                          : QStringLiteral("not an object")));
    const QJsonObject root = doc.object();

    // An error answer that came with HTTP 200 (OpenWeather puts the status in `cod`).
    const QJsonValue cod = root.value(QStringLiteral("cod"));
    if (!cod.isUndefined()) {
        const int code = cod.isString() ? cod.toString().toInt() : cod.toInt();
        if (code != 200 && code != 0)
            return malformed(Tr::tr("the answer says cod %1: %2").arg(code).arg(root.value(QStringLiteral("message")).toString()));
    }

    Result<QJsonObject> wind = object(root, QStringLiteral("wind"));
    if (!wind)
        return wind.error();
    Result<QJsonObject> main = object(root, QStringLiteral("main"));
    if (!main)
        return main.error();
    Result<double> speed = number(*wind, QStringLiteral("speed"), QStringLiteral("wind.speed"));
    if (!speed)
        return speed.error();
    Result<double> humidity = number(*main, QStringLiteral("humidity"), QStringLiteral("main.humidity"));
    if (!humidity)
        return humidity.error();
    Result<double> dt = number(root, QStringLiteral("dt"), QStringLiteral("dt"));
    if (!dt)
        return dt.error();

    if (*speed < 0)
        return malformed(Tr::tr("`wind.speed` is %1, a speed cannot be negative").arg(*speed));
    if (*humidity < 0 || *humidity > 100)
        return malformed(Tr::tr("`main.humidity` is %1, expected 0..100 %").arg(*humidity));
    // Unix seconds, up to the year 9999.
    if (*dt <= 0 || *dt > 253402300799.0 || std::floor(*dt) != *dt)
        return malformed(Tr::tr("`dt` is %1, expected a positive whole number of seconds").arg(*dt, 0, 'f'));

    Measurement m;
    m.windSpeed = *speed;
    m.humidity = *humidity;
    m.measuredAt = qint64(*dt);
    return m;
}

QString WeatherParser::errorMessage(const QByteArray &body)
{
    if (body.size() > 64 * 1024)
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return {};
    return doc.object().value(QStringLiteral("message")).toString();
}

} // namespace fixbench::etl
