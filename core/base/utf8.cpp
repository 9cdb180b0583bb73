#include "base/utf8.h"

#include <QCoreApplication>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::Utf8)
};

// The length of the well-formed sequence starting at s[i], 0 when it is not one.
int sequenceLength(const unsigned char *s, qsizetype i, qsizetype n)
{
    const unsigned char c = s[i];
    if (c < 0x80)
        return 1;
    int len = 0;
    unsigned char lo = 0x80, hi = 0xBF; // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; // overlong
        else if (c == 0xED)
            hi = 0x9F; // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; // overlong
        else if (c == 0xF4)
            hi = 0x8F; // past U+10FFFF
    } else {
        return 0;
    }
    if (i + len > n)
        return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (int k = 2; k < len; ++k)
        if (s[i + k] < 0x80 || s[i + k] > 0xBF)
            return 0;
    return len;
}

} // namespace

namespace utf8 {

std::optional<Invalid> firstInvalid(const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    Invalid at;
    for (qsizetype i = 0; i < n;) {
        const int len = sequenceLength(s, i, n);
        if (len == 0) {
            at.offset = i;
            at.byte = s[i];
            return at;
        }
        if (s[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else {
            ++at.column;
        }
        i += len;
    }
    return std::nullopt;
}

Status check(const QByteArray &bytes, const QString &file)
{
    const auto bad = firstInvalid(bytes);
    if (!bad)
        return {};
    return Error::spec(SourceLocation{file, bad->line, bad->column},
                       Tr::tr("not UTF-8 (byte 0x%1 at offset %2); save the file as UTF-8")
                           .arg(QString::number(bad->byte, 16).toUpper().rightJustified(2, QLatin1Char('0')))
                           .arg(bad->offset));
}

} // namespace utf8

} // namespace fixbench
