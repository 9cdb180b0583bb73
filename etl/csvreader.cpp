#include "csvreader.h"

#include <QCoreApplication>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::CsvReader)
};
} // namespace

Result<QList<QStringList>> CsvReader::parse(const QByteArray &text)
{
    QList<QStringList> rows;
    QStringList row;
    QByteArray field;
    enum { FieldStart, Unquoted, Quoted, QuoteInQuoted } state = FieldStart;
    int line = 1, col = 0;
    bool rowHasContent = false;
    auto endField = [&] {
        row << QString::fromUtf8(field);
        field.clear();
    };
    auto endRow = [&] {
        endField();
        rows << row;
        row.clear();
        rowHasContent = false;
    };
    auto fail = [&](const QString &what) {
        return Error(Error::Kind::Other, Tr::tr("CSV line %1, column %2: %3").arg(line).arg(col).arg(what));
    };

    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        ++col;
        switch (state) {
        case FieldStart:
        case Unquoted:
            if (c == ',') {
                endField();
                rowHasContent = true;
                state = FieldStart;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                    ++i;
                endRow(); // an empty line is a record of one empty field (RFC 4180)
                state = FieldStart;
                ++line;
                col = 0;
            } else if (c == '"') {
                if (state == Unquoted)
                    return fail(Tr::tr("a double quote inside an unquoted field; quote the field and double the quote"));
                state = Quoted;
                rowHasContent = true;
            } else {
                field += c;
                state = Unquoted;
                rowHasContent = true;
            }
            break;
        case Quoted:
            if (c == '"') {
                state = QuoteInQuoted;
            } else {
                field += c;
                if (c == '\n') {
                    ++line;
                    col = 0;
                }
            }
            break;
        case QuoteInQuoted:
            if (c == '"') {
                field += '"';
                state = Quoted;
            } else if (c == ',') {
                endField();
                state = FieldStart;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                    ++i;
                endRow();
                state = FieldStart;
                ++line;
                col = 0;
            } else {
                return fail(Tr::tr("text after the closing quote of a field"));
            }
            break;
        }
    }
    if (state == Quoted)
        return fail(Tr::tr("a quoted field is not terminated"));
    if (rowHasContent || state != FieldStart || !field.isEmpty())
        endRow();
    return rows;
}

} // namespace fixbench::etl
