#include "csvwriter.h"

#include "utctime.h"

#include <QLocale>

namespace fixbench::etl {

QStringList CsvWriter::headerFields()
{
    return {QStringLiteral("timestamp"), QStringLiteral("measure_timestamp"), QStringLiteral("ok"),
            QStringLiteral("wind_speed"), QStringLiteral("humidity")};
}

QByteArray CsvWriter::field(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\r') && !utf8.contains('\n'))
        return utf8;
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (char c : utf8) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

QByteArray CsvWriter::row(const QStringList &fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i)
            out += ',';
        out += field(fields[i]);
    }
    out += "\r\n";
    return out;
}

QString CsvWriter::number(double v)
{
    // Shortest form that reads back to the same double, C locale ('.'), no exponent
    // for everyday values.
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QStringList CsvWriter::fields(const Sample &s)
{
    if (!s.ok())
        return {UtcTime::formatMinute(s.timestamp), QString(), QStringLiteral("0"), QString(), QString()};
    const Measurement &m = *s.measurement;
    return {UtcTime::formatMinute(s.timestamp), QString::number(m.measuredAt), QStringLiteral("1"),
            number(m.windSpeed), number(m.humidity)};
}

QByteArray CsvWriter::document(const QList<Sample> &samples)
{
    QByteArray out = row(headerFields());
    for (const Sample &s : sortedByTime(samples))
        out += row(fields(s));
    return out;
}

} // namespace fixbench::etl
