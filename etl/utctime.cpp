#include "utctime.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::UtcTime)
};
} // namespace

QString UtcTime::formatMinute(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm'Z'"));
}

QString UtcTime::formatSeconds(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

Result<QDateTime> UtcTime::parse(const QString &text)
{
    // date T hh:mm[:ss[.fff]] (Z | ±hh:mm | ±hhmm)
    static const QRegularExpression re(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$)"));
    const QString s = text.trimmed();
    const QRegularExpressionMatch m = re.match(s);
    if (!m.hasMatch())
        return Error(Error::Kind::Other,
                     Tr::tr("`%1` is not an ISO 8601 time; write it like 2022-11-20T12:00:30Z").arg(text));
    if (m.captured(8).isEmpty())
        return Error(Error::Kind::Other,
                     Tr::tr("`%1` has no time zone; add Z for UTC (2022-11-20T12:00:30Z) or an offset (+01:00)").arg(text));
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int sec = m.captured(6).isEmpty() ? 0 : m.captured(6).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), sec,
                     m.captured(7).isEmpty() ? 0 : m.captured(7).left(3).leftJustified(3, QLatin1Char('0')).toInt());
    if (!date.isValid() || !time.isValid())
        return Error(Error::Kind::Other, Tr::tr("`%1` is not a valid date and time").arg(text));
    int offsetSec = 0;
    const QString zone = m.captured(8);
    if (zone.compare(QLatin1String("Z"), Qt::CaseInsensitive) != 0) {
        QString digits = zone.mid(1);
        digits.remove(QLatin1Char(':'));
        const int hh = digits.left(2).toInt(), mm = digits.mid(2, 2).toInt();
        if (hh > 23 || mm > 59)
            return Error(Error::Kind::Other, Tr::tr("`%1` has an invalid UTC offset").arg(text));
        offsetSec = (hh * 3600 + mm * 60) * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
    }
    return QDateTime(date, time, Qt::OffsetFromUTC, offsetSec).toUTC();
}

qint64 UtcTime::floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

} // namespace fixbench::etl
