#pragma once

#include "sample.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace fixbench::etl {

// RFC 4180 CSV: CRLF line ends (the last line too), a field is quoted when it holds
// a comma, a double quote, CR or LF, and quotes inside are doubled. UTF-8.
//
// The published file: header `timestamp,measure_timestamp,ok,wind_speed,humidity`,
// then one row per sample sorted by timestamp: timestamp as 2022-11-20T12:05Z,
// measure_timestamp the API's `dt` (Unix seconds), ok 1/0, numbers with a '.'
// decimal point in their shortest exact form; empty values when ok=0.
class CsvWriter {
public:
    static QStringList headerFields();
    static QByteArray field(const QString &value);
    static QByteArray row(const QStringList &fields);
    static QStringList fields(const Sample &sample);
    static QByteArray document(const QList<Sample> &samples); // header + sorted rows
    static QString number(double v);
};

} // namespace fixbench::etl
