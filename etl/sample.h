#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fixbench::etl {

// What a successful answer of the weather API gives.
struct Measurement {
    qint64 measuredAt = 0;   // the API's `dt`: Unix time (s) of the measurement
    double windSpeed = 0;    // wind.speed, m/s (units=metric)
    double humidity = 0;     // main.humidity, %

    friend bool operator==(const Measurement &, const Measurement &) = default;
};

// One row of the CSV: the sample taken at a whole minute. A failed fetch is a row
// too (ok=0, empty values), never a skipped minute.
struct Sample {
    QDateTime timestamp;                     // when it was taken: a whole minute, UTC
    std::optional<Measurement> measurement;  // empty: the fetch failed (ok=0)
    QString error;                           // why it failed (logs and spool only)

    bool ok() const { return measurement.has_value(); }

    static Sample success(const QDateTime &minute, const Measurement &m);
    static Sample failure(const QDateTime &minute, const QString &why);

    friend bool operator==(const Sample &a, const Sample &b)
    {
        return a.timestamp == b.timestamp && a.measurement == b.measurement && a.error == b.error;
    }
};

// Sorted by timestamp (stable).
QList<Sample> sortedByTime(QList<Sample> samples);

} // namespace fixbench::etl
