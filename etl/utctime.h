#pragma once

#include "etlerror.h"

#include <QDateTime>
#include <QString>

namespace fixbench::etl {

// UTC timestamps as the ETL writes and reads them.
class UtcTime {
public:
    // "2022-11-20T12:05Z": ISO 8601, UTC, minute precision (the CSV `timestamp`).
    static QString formatMinute(const QDateTime &t);
    // "2022-11-20T12:05:30Z": ISO 8601, UTC, second precision (logs).
    static QString formatSeconds(const QDateTime &t);
    // ISO 8601 with an explicit zone: "2022-11-20T12:00:30Z", "...+01:00",
    // "2022-11-20T12:05Z". A time without a zone is refused (ambiguous).
    static Result<QDateTime> parse(const QString &text);
    // a / b rounded towards minus infinity.
    static qint64 floorDiv(qint64 a, qint64 b);
};

} // namespace fixbench::etl
