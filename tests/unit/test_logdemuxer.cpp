#include "engine/logdemuxer.h"

#include <gtest/gtest.h>

#include <QList>

#include <string>
#include <vector>

using fixbench::LogDemuxer;
using fixbench::LogLine;

namespace {

using S = LogLine::Stream;

QByteArray frame(int stream, const QByteArray &payload)
{
    QByteArray f;
    f.append(char(stream));
    f.append(3, '\0');
    const quint32 n = quint32(payload.size());
    f.append(char((n >> 24) & 0xff));
    f.append(char((n >> 16) & 0xff));
    f.append(char((n >> 8) & 0xff));
    f.append(char(n & 0xff));
    f.append(payload);
    return f;
}

struct Collected {
    QList<LogLine> lines;
    LogDemuxer::Sink sink()
    {
        return [this](const LogLine &l) { lines.append(l); };
    }
    // "o:text" / "e:text" per line, for compact comparisons.
    std::vector<std::string> flat() const
    {
        std::vector<std::string> out;
        for (const LogLine &l : lines)
            out.push_back(std::string(l.stream == S::Stderr ? "e:" : "o:") + l.text.toStdString());
        return out;
    }
};

std::vector<std::string> demux(bool multiplexed, bool timestamps, const QList<QByteArray> &chunks, bool *corrupt = nullptr)
{
    Collected c;
    LogDemuxer d(multiplexed, timestamps, c.sink());
    for (const QByteArray &chunk : chunks)
        d.feed(chunk);
    d.finish();
    if (corrupt)
        *corrupt = d.sawCorruptFrame();
    return c.flat();
}

QByteArray sampleStream()
{
    QByteArray b;
    b += frame(1, "out one\nout two\n");
    b += frame(2, "err one\n");
    b += frame(1, "spans ");
    b += frame(2, "err ");
    b += frame(1, "two frames\n");
    b += frame(0, ""); // empty frame
    b += frame(2, "two\r\n");
    b += frame(1, "\n");
    b += frame(0, "stdin is stdout\n");
    b += frame(1, "last without newline");
    return b;
}

const std::vector<std::string> kSampleExpected = {
    "o:out one", "o:out two", "e:err one", "o:spans two frames", "e:err two\r", "o:", "o:stdin is stdout",
    "o:last without newline",
};

} // namespace

TEST(LogDemuxer, InterleavedStdoutAndStderr)
{
    QByteArray b = frame(1, "a\n") + frame(2, "b\n") + frame(1, "c\n") + frame(2, "d\ne\n");
    EXPECT_EQ(demux(true, false, {b}), (std::vector<std::string>{"o:a", "e:b", "o:c", "e:d", "e:e"}));
}

TEST(LogDemuxer, LineSpanningFramesAndStreams)
{
    EXPECT_EQ(demux(true, false, {sampleStream()}), kSampleExpected);
}

TEST(LogDemuxer, ByteByByteGivesSameLines)
{
    const QByteArray b = sampleStream();
    QList<QByteArray> chunks;
    for (qsizetype i = 0; i < b.size(); ++i)
        chunks.append(b.mid(i, 1));
    EXPECT_EQ(demux(true, false, chunks), kSampleExpected);
}

TEST(LogDemuxer, EveryTwoWaySplitGivesSameLines)
{
    const QByteArray b = sampleStream();
    for (qsizetype i = 0; i <= b.size(); ++i) {
        SCOPED_TRACE(i);
        ASSERT_EQ(demux(true, false, {b.left(i), b.mid(i)}), kSampleExpected);
    }
}

TEST(LogDemuxer, EveryTwoWaySplitWithTimestamps)
{
    const QByteArray b = frame(1, "2024-01-02T03:04:05.123456789Z hello\n")
        + frame(2, "2024-01-02T03:04:06Z ") + frame(2, "world\n");
    const std::vector<std::string> expected = {"o:hello", "e:world"};
    for (qsizetype i = 0; i <= b.size(); ++i) {
        SCOPED_TRACE(i);
        Collected c;
        LogDemuxer d(true, true, c.sink());
        d.feed(b.left(i));
        d.feed(b.mid(i));
        d.finish();
        ASSERT_EQ(c.flat(), expected);
        ASSERT_EQ(c.lines[1].timestamp, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 6), Qt::UTC));
    }
}

TEST(LogDemuxer, EmptyFramesProduceNothing)
{
    EXPECT_TRUE(demux(true, false, {frame(1, "") + frame(2, "") + frame(0, "")}).empty());
    EXPECT_EQ(demux(true, false, {frame(1, "") + frame(1, "x\n") + frame(2, "")}), (std::vector<std::string>{"o:x"}));
}

TEST(LogDemuxer, HugeFrame)
{
    QByteArray big(1024 * 1024, 'x');
    QByteArray payload = big + "\n" + big.left(1000) + "\n";
    Collected c;
    LogDemuxer d(true, false, c.sink());
    const QByteArray f = frame(2, payload);
    // In odd-sized chunks, like a socket would deliver it.
    for (qsizetype pos = 0; pos < f.size(); pos += 16381)
        d.feed(f.mid(pos, 16381));
    d.finish();
    ASSERT_EQ(c.lines.size(), 2);
    EXPECT_EQ(c.lines[0].stream, S::Stderr);
    EXPECT_EQ(c.lines[0].text.size(), big.size());
    EXPECT_EQ(c.lines[0].text, big);
    EXPECT_EQ(c.lines[1].text.size(), 1000);
    EXPECT_FALSE(d.sawCorruptFrame());
}

TEST(LogDemuxer, FrameSizeUsesAllFourBytes)
{
    // 0x00010203 = 66051 bytes: catches byte-order and sign mistakes.
    QByteArray payload(66050, 'y');
    payload += '\n';
    QByteArray f = frame(1, payload) + frame(2, "after\n");
    ASSERT_EQ(f[4], 0);
    ASSERT_EQ(f[5], 1);
    ASSERT_EQ(f[6], 2);
    ASSERT_EQ(f[7], 3);
    const auto lines = demux(true, false, {f});
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1], "e:after");

    // A byte >= 0x80 in the size field must not be sign-extended.
    QByteArray payload2(0x80 + 0x100, 'q');
    payload2[payload2.size() - 1] = '\n';
    const auto lines2 = demux(true, false, {frame(1, payload2) + frame(2, "tail\n")});
    ASSERT_EQ(lines2.size(), 2u);
    EXPECT_EQ(lines2[0].size(), size_t(2 + 0x180 - 1));
    EXPECT_EQ(lines2[1], "e:tail");
}

TEST(LogDemuxer, TimestampsParsedAndStripped)
{
    Collected c;
    LogDemuxer d(true, true, c.sink());
    d.feed(frame(1, "2024-01-02T03:04:05.123456789Z first line\n"));
    d.feed(frame(2, "2024-12-31T23:59:59.9Z err with  two  spaces\n"));
    d.feed(frame(1, "2024-01-02T03:04:05Z \n"));
    d.feed(frame(1, "not-a-timestamp keep me\n"));
    d.feed(frame(1, "2024-13-02T03:04:05.1Z bad month\n"));
    d.feed(frame(1, "2024-01-02T05:04:05.5+02:00 with offset\n"));
    d.finish();
    ASSERT_EQ(c.lines.size(), 6);

    EXPECT_EQ(c.lines[0].text, "first line");
    EXPECT_EQ(c.lines[0].timestamp, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 123), Qt::UTC));
    EXPECT_EQ(c.lines[0].timestamp.timeSpec(), Qt::UTC);

    EXPECT_EQ(c.lines[1].stream, S::Stderr);
    EXPECT_EQ(c.lines[1].text, "err with  two  spaces");
    EXPECT_EQ(c.lines[1].timestamp, QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59, 900), Qt::UTC));

    EXPECT_EQ(c.lines[2].text, "");
    EXPECT_EQ(c.lines[2].timestamp, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));

    EXPECT_EQ(c.lines[3].text, "not-a-timestamp keep me");
    EXPECT_FALSE(c.lines[3].timestamp.isValid());

    EXPECT_EQ(c.lines[4].text, "2024-13-02T03:04:05.1Z bad month");
    EXPECT_FALSE(c.lines[4].timestamp.isValid());

    EXPECT_EQ(c.lines[5].text, "with offset");
    EXPECT_EQ(c.lines[5].timestamp, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 500), Qt::UTC));
}

TEST(LogDemuxer, ParseTimestamp)
{
    using D = QDateTime;
    EXPECT_EQ(LogDemuxer::parseTimestamp("2024-01-02T03:04:05.123456789Z"),
              D(QDate(2024, 1, 2), QTime(3, 4, 5, 123), Qt::UTC));
    EXPECT_EQ(LogDemuxer::parseTimestamp("2024-01-02T03:04:05.999999999Z"),
              D(QDate(2024, 1, 2), QTime(3, 4, 5, 999), Qt::UTC)); // truncated, not rounded
    EXPECT_EQ(LogDemuxer::parseTimestamp("2024-01-02T03:04:05.05Z"), D(QDate(2024, 1, 2), QTime(3, 4, 5, 50), Qt::UTC));
    EXPECT_EQ(LogDemuxer::parseTimestamp("2024-01-02T03:04:05Z"), D(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));
    EXPECT_EQ(LogDemuxer::parseTimestamp("2024-01-01T00:30:00-01:00"), D(QDate(2024, 1, 1), QTime(1, 30), Qt::UTC));
    EXPECT_EQ(LogDemuxer::parseTimestamp("2024-01-01T00:30:00+01:00"), D(QDate(2023, 12, 31), QTime(23, 30), Qt::UTC));
    EXPECT_FALSE(LogDemuxer::parseTimestamp("").isValid());
    EXPECT_FALSE(LogDemuxer::parseTimestamp("2024-01-02").isValid());
    EXPECT_FALSE(LogDemuxer::parseTimestamp("2024-01-02T03:04:05").isValid());     // no zone
    EXPECT_FALSE(LogDemuxer::parseTimestamp("2024-01-02T03:04:05.Z").isValid());   // empty fraction
    EXPECT_FALSE(LogDemuxer::parseTimestamp("2024-01-02T03:04:05Zjunk").isValid());
    EXPECT_FALSE(LogDemuxer::parseTimestamp("2024-02-30T03:04:05Z").isValid());
    EXPECT_FALSE(LogDemuxer::parseTimestamp("2024-01-02 03:04:05Z").isValid());
    EXPECT_FALSE(LogDemuxer::parseTimestamp("2024-01-02T25:04:05Z").isValid());
}

TEST(LogDemuxer, TtyRawMode)
{
    const QByteArray raw = "\x01\x02 not a header\r\nsecond\r\n\r\nno newline";
    const std::vector<std::string> expected = {"o:\x01\x02 not a header\r", "o:second\r", "o:\r", "o:no newline"};
    bool corrupt = true;
    EXPECT_EQ(demux(false, false, {raw}, &corrupt), expected);
    EXPECT_FALSE(corrupt);
    QList<QByteArray> chunks;
    for (qsizetype i = 0; i < raw.size(); ++i)
        chunks.append(raw.mid(i, 1));
    EXPECT_EQ(demux(false, false, chunks), expected);
}

TEST(LogDemuxer, TtyWithTimestamps)
{
    Collected c;
    LogDemuxer d(false, true, c.sink());
    d.feed("2026-11-21T14:25:15.098940274Z out1\r\n2026-11-21T14:25:15.099070187Z err1\r\n");
    d.finish();
    ASSERT_EQ(c.lines.size(), 2);
    EXPECT_EQ(c.lines[0].text, "out1\r");
    EXPECT_EQ(c.lines[1].text, "err1\r");
    EXPECT_EQ(c.lines[1].stream, S::Stdout);
    EXPECT_EQ(c.lines[0].timestamp, QDateTime(QDate(2026, 11, 21), QTime(14, 25, 15, 98), Qt::UTC));
}

TEST(LogDemuxer, CorruptStreamIdPassesRestThroughRaw)
{
    bool corrupt = false;
    const QByteArray b = frame(2, "err ok\n") + QByteArray("hello raw\nworld");
    EXPECT_EQ(demux(true, false, {b}, &corrupt), (std::vector<std::string>{"e:err ok", "o:hello raw", "o:world"}));
    EXPECT_TRUE(corrupt);

    // Split inside the bad header.
    corrupt = false;
    EXPECT_EQ(demux(true, false, {frame(1, "a\n"), "h", "ello\n"}, &corrupt), (std::vector<std::string>{"o:a", "o:hello"}));
    EXPECT_TRUE(corrupt);
}

TEST(LogDemuxer, CorruptPaddingDetected)
{
    // Valid stream id but nonzero padding: the header bytes seen so far are kept.
    QByteArray bad("\x01\x00X", 3);
    bad += "yz\n";
    bool corrupt = false;
    const auto lines = demux(true, false, {frame(1, "ok\n") + bad + frame(1, "framed\n")}, &corrupt);
    EXPECT_TRUE(corrupt);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[0], "o:ok");
    EXPECT_EQ(lines[1], std::string("o:\x01\x00Xyz", 7));
}

TEST(LogDemuxer, PartialLineAtFrameEndKeptPerStream)
{
    Collected c;
    LogDemuxer d(true, false, c.sink());
    d.feed(frame(1, "out part "));
    d.feed(frame(2, "err part "));
    EXPECT_TRUE(c.lines.isEmpty());
    d.feed(frame(2, "done\n"));
    ASSERT_EQ(c.lines.size(), 1);
    EXPECT_EQ(c.lines[0].text, "err part done");
    d.feed(frame(1, "done\n"));
    ASSERT_EQ(c.lines.size(), 2);
    EXPECT_EQ(c.lines[1].text, "out part done");
}

TEST(LogDemuxer, FinishFlushesPartialLines)
{
    Collected c;
    LogDemuxer d(true, false, c.sink());
    d.feed(frame(1, "full\nhalf-out"));
    d.feed(frame(2, "half-err"));
    ASSERT_EQ(c.lines.size(), 1);
    d.finish();
    EXPECT_EQ(c.flat(), (std::vector<std::string>{"o:full", "o:half-out", "e:half-err"}));
    // finish() does not emit twice.
    d.finish();
    EXPECT_EQ(c.lines.size(), 3);
}

TEST(LogDemuxer, FinishWithTruncatedFrame)
{
    // The engine closed the stream in the middle of a frame: what arrived is emitted.
    const QByteArray f = frame(2, "complete\ntrunc");
    EXPECT_EQ(demux(true, false, {f.left(f.size() - 2)}), (std::vector<std::string>{"e:complete", "e:tru"}));
    // ... or in the middle of a header: the header fragment carries no text.
    bool corrupt = true;
    EXPECT_EQ(demux(true, false, {frame(1, "x\n") + QByteArray("\x02\x00", 2)}, &corrupt),
              (std::vector<std::string>{"o:x"}));
    EXPECT_FALSE(corrupt);
}

TEST(LogDemuxer, FinalLineWithoutNewline)
{
    EXPECT_EQ(demux(true, false, {frame(1, "a\nb")}), (std::vector<std::string>{"o:a", "o:b"}));
    EXPECT_EQ(demux(false, false, {"a\nb"}), (std::vector<std::string>{"o:a", "o:b"}));
    EXPECT_EQ(demux(false, false, {"a\n"}), (std::vector<std::string>{"o:a"}));
    EXPECT_TRUE(demux(false, false, {""}).empty());
}

TEST(LogDemuxer, TimestampOnPartialFlushedLine)
{
    Collected c;
    LogDemuxer d(true, true, c.sink());
    d.feed(frame(1, "2024-01-02T03:04:05.1Z partial"));
    d.finish();
    ASSERT_EQ(c.lines.size(), 1);
    EXPECT_EQ(c.lines[0].text, "partial");
    EXPECT_TRUE(c.lines[0].timestamp.isValid());
}
