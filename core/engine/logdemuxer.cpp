#include "engine/logdemuxer.h"

#include <QDate>
#include <QTime>
#include <QTimeZone>

#include <cstring>

namespace fixbench {

namespace {

constexpr int kHeaderSize = 8;

int streamIndex(LogLine::Stream s)
{
    return s == LogLine::Stream::Stderr ? 1 : 0;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads `count` digits at `pos`; -1 when one of them is not a digit.
int digits(const char *p, qsizetype size, qsizetype pos, int count)
{
    if (pos + count > size)
        return -1;
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const char c = p[pos + i];
        if (!isDigit(c))
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

} // namespace

LogDemuxer::LogDemuxer(bool multiplexed, bool timestamps, Sink sink)
    : m_multiplexed(multiplexed), m_timestamps(timestamps), m_sink(std::move(sink))
{
}

void LogDemuxer::feed(const char *data, size_t size)
{
    if (!m_multiplexed || m_corrupt) {
        emitBytes(LogLine::Stream::Stdout, data, size);
        return;
    }

    size_t pos = 0;
    while (pos < size) {
        if (m_frameLeft > 0) {
            const size_t n = std::min(m_frameLeft, size - pos);
            emitBytes(m_frameStream, data + pos, n);
            m_frameLeft -= n;
            pos += n;
            continue;
        }

        // Collecting a frame header, checked byte by byte so that a stream that is not
        // multiplexed at all is recognised at its first byte.
        const char c = data[pos];
        const qsizetype at = m_header.size();
        const bool valid = at == 0 ? (c == 0 || c == 1 || c == 2) : at < 4 ? c == 0 : true;
        if (!valid) {
            m_corrupt = true;
            const QByteArray seen = m_header;
            m_header.clear();
            emitBytes(LogLine::Stream::Stdout, seen.constData(), size_t(seen.size()));
            emitBytes(LogLine::Stream::Stdout, data + pos, size - pos);
            return;
        }
        m_header.append(c);
        ++pos;
        if (m_header.size() == kHeaderSize) {
            const auto *h = reinterpret_cast<const unsigned char *>(m_header.constData());
            m_frameStream = h[0] == 2 ? LogLine::Stream::Stderr : LogLine::Stream::Stdout;
            m_frameLeft = (size_t(h[4]) << 24) | (size_t(h[5]) << 16) | (size_t(h[6]) << 8) | size_t(h[7]);
            m_header.clear();
        }
    }
}

void LogDemuxer::finish()
{
    // A truncated frame header carries no text: it is dropped. Partial lines are emitted.
    m_header.clear();
    m_frameLeft = 0;
    for (int i = 0; i < 2; ++i) {
        if (!m_partial[i].isEmpty()) {
            QByteArray line;
            line.swap(m_partial[i]);
            emitLine(i == 1 ? LogLine::Stream::Stderr : LogLine::Stream::Stdout, std::move(line));
        }
    }
}

void LogDemuxer::emitBytes(LogLine::Stream stream, const char *data, size_t size)
{
    QByteArray &partial = m_partial[streamIndex(stream)];
    const char *p = data;
    const char *end = data + size;
    while (p < end) {
        const void *nl = std::memchr(p, '\n', size_t(end - p));
        if (!nl) {
            partial.append(p, qsizetype(end - p));
            return;
        }
        const char *n = static_cast<const char *>(nl);
        QByteArray line;
        if (partial.isEmpty()) {
            line = QByteArray(p, qsizetype(n - p));
        } else {
            line.swap(partial);
            line.append(p, qsizetype(n - p));
        }
        emitLine(stream, std::move(line));
        p = n + 1;
    }
}

void LogDemuxer::emitLine(LogLine::Stream stream, QByteArray line)
{
    LogLine out;
    out.stream = stream;
    if (m_timestamps) {
        const qsizetype space = line.indexOf(' ');
        const qsizetype tsEnd = space < 0 ? line.size() : space;
        // RFC 3339 timestamps are at least "YYYY-MM-DDTHH:MM:SSZ" (20 bytes) and at most
        // a few dozen: do not try to parse whole lines of text.
        if (tsEnd >= 20 && tsEnd <= 40) {
            const QDateTime ts = parseTimestamp(QByteArray::fromRawData(line.constData(), tsEnd));
            if (ts.isValid()) {
                out.timestamp = ts;
                line.remove(0, space < 0 ? line.size() : space + 1);
            }
        }
    }
    out.text = std::move(line);
    if (m_sink)
        m_sink(out);
}

// "2024-01-02T03:04:05.123456789Z", fraction optional and of any length, zone "Z" or
// "+HH:MM" / "-HH:MM". Returns UTC with millisecond precision (truncated), or an invalid
// QDateTime.
QDateTime LogDemuxer::parseTimestamp(const QByteArray &s)
{
    const char *p = s.constData();
    const qsizetype n = s.size();
    const int year = digits(p, n, 0, 4);
    const int month = digits(p, n, 5, 2);
    const int day = digits(p, n, 8, 2);
    const int hour = digits(p, n, 11, 2);
    const int minute = digits(p, n, 14, 2);
    const int second = digits(p, n, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return {};
    if (p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != 't') || p[13] != ':' || p[16] != ':')
        return {};

    qsizetype pos = 19;
    int msec = 0;
    if (pos < n && p[pos] == '.') {
        ++pos;
        const qsizetype fracStart = pos;
        while (pos < n && isDigit(p[pos])) {
            const qsizetype k = pos - fracStart;
            if (k < 3)
                msec = msec * 10 + (p[pos] - '0');
            ++pos;
        }
        const qsizetype fracLen = pos - fracStart;
        if (fracLen == 0)
            return {};
        for (qsizetype k = fracLen; k < 3; ++k)
            msec *= 10;
    }

    int offsetSec = 0;
    if (pos < n && (p[pos] == 'Z' || p[pos] == 'z')) {
        ++pos;
    } else if (pos < n && (p[pos] == '+' || p[pos] == '-')) {
        const int sign = p[pos] == '-' ? -1 : 1;
        const int oh = digits(p, n, pos + 1, 2);
        const int om = digits(p, n, pos + 4, 2);
        if (oh < 0 || om < 0 || p[pos + 3] != ':' || oh > 23 || om > 59)
            return {};
        offsetSec = sign * (oh * 3600 + om * 60);
        pos += 6;
    } else {
        return {};
    }
    if (pos != n)
        return {};

    const QDate date(year, month, day);
    const QTime time(hour, minute, second, msec);
    if (!date.isValid() || !time.isValid())
        return {};
    QDateTime dt(date, time, Qt::UTC);
    if (offsetSec != 0)
        dt = dt.addSecs(-offsetSec);
    return dt;
}

} // namespace fixbench
