#pragma once

#include <QByteArray>
#include <QDateTime>

#include <functional>

namespace fixbench {

struct LogLine {
    enum class Stream { Stdout, Stderr };
    Stream stream = Stream::Stdout;
    QDateTime timestamp; // valid only when the stream was requested with timestamps
    QByteArray text;     // one line without its trailing '\n' (a trailing '\r' is kept)
};

// Turns the raw body of GET /containers/{id}/logs into lines.
//
// Multiplexed (container without a TTY): frames of
//   [stream:1][0 0 0][size:4, big endian][payload:size]
// stream 1 = stdout, 2 = stderr (0 = stdin, treated as stdout). With a TTY the body is
// the raw terminal stream, all stdout. At API 1.41 the response content type does not
// say which it is: the caller decides from the container's Config.Tty.
//
// Frames and lines may be split anywhere across feed() calls; a line may span frames.
// Partial lines are buffered per stream; finish() flushes them. With timestamps, each
// line starts with an RFC 3339 nano timestamp and a space, which is parsed off.
class LogDemuxer {
public:
    using Sink = std::function<void(const LogLine &)>;

    LogDemuxer(bool multiplexed, bool timestamps, Sink sink);

    void feed(const char *data, size_t size);
    void feed(const QByteArray &data) { feed(data.constData(), size_t(data.size())); }
    void finish(); // emits buffered partial lines

    // A frame header announced a stream id other than 0/1/2: the input is not
    // multiplexed after all (or is corrupt). Remaining bytes are passed through raw.
    bool sawCorruptFrame() const { return m_corrupt; }

    static QDateTime parseTimestamp(const QByteArray &rfc3339nano);

private:
    void emitBytes(LogLine::Stream stream, const char *data, size_t size);
    void emitLine(LogLine::Stream stream, QByteArray line);

    bool m_multiplexed;
    bool m_timestamps;
    Sink m_sink;
    QByteArray m_header;      // partial frame header
    size_t m_frameLeft = 0;   // payload bytes left in the current frame
    LogLine::Stream m_frameStream = LogLine::Stream::Stdout;
    QByteArray m_partial[2];  // partial line per stream
    bool m_corrupt = false;
};

} // namespace fixbench
