#pragma once

#include "etlerror.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace fixbench::etl {

// A strict RFC 4180 reader (UTF-8; CRLF or LF line ends; quoted fields may hold
// commas, doubled quotes and line breaks). Used to read published files back.
// Errors name the line and column: a quote inside an unquoted field, text after a
// closing quote, an unterminated quoted field.
class CsvReader {
public:
    static Result<QList<QStringList>> parse(const QByteArray &text);
};

} // namespace fixbench::etl
