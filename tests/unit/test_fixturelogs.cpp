// FixtureLogs::excerpt: the lines of a test's window (its start and end widened by the
// margin), interleaved by time across services, bounded, masked, with notes.

#include "run/fixturelogs.h"

#include <QDateTime>

#include "qstringprinter.h"

#include <gtest/gtest.h>

using namespace fixbench;

namespace {

// 2026-12-02 12:00:00.000 UTC
constexpr qint64 kNoon = 1796212800000;

FixtureLogs::Line line(qint64 offsetMs, const char *source, const char *text)
{
    return FixtureLogs::Line{kNoon + offsetMs, QLatin1String(source), QLatin1String(text)};
}

} // namespace

TEST(FixtureLogs, KeepsTheWindowWithItsMarginInterleavedByTime)
{
    ASSERT_EQ(QDateTime::fromMSecsSinceEpoch(kNoon, Qt::UTC).toString(Qt::ISODate), QStringLiteral("2026-12-02T12:00:00Z"));
    FixtureLogs logs;
    logs.add(line(-1001, "ftp", "too early"));
    logs.add(line(5000, "db", "db during"));
    logs.add(line(-1000, "ftp", "margin before"));
    logs.add(line(2500, "ftp", "ftp during"));
    logs.add(line(7000, "ftp", "margin after"));
    logs.add(line(7001, "ftp", "too late"));
    // The test ran from noon to 6 s past.
    EXPECT_EQ(logs.excerpt(kNoon, kNoon + 6000), QStringLiteral("[ftp] 11:59:59.000 margin before\n"
                                                                "[ftp] 12:00:02.500 ftp during\n"
                                                                "[db] 12:00:05.000 db during\n"
                                                                "[ftp] 12:00:07.000 margin after"));
}

TEST(FixtureLogs, KeepsTheLastLinesAndSaysHowManyItCut)
{
    FixtureLogs logs;
    for (int i = 0; i < FixtureLogs::kMaxLines + 5; ++i)
        logs.add(line(i, "ftp", qPrintable(QStringLiteral("line %1").arg(i))));
    const QStringList lines = logs.excerpt(kNoon, kNoon + 1000).split(QLatin1Char('\n'));
    ASSERT_EQ(lines.size(), FixtureLogs::kMaxLines + 1);
    EXPECT_EQ(lines.first(), QStringLiteral("[... 5 earlier line(s) cut: an excerpt keeps the last 200 lines, 32 KiB ...]"));
    EXPECT_EQ(lines[1], QStringLiteral("[ftp] 12:00:00.005 line 5"));
    EXPECT_EQ(lines.last(), QStringLiteral("[ftp] 12:00:00.204 line 204"));

    // The character bound as well.
    FixtureLogs wide;
    const QByteArray text(1000, 'x');
    for (int i = 0; i < 50; ++i)
        wide.add(line(i, "ftp", text.constData()));
    const QString excerpt = wide.excerpt(kNoon, kNoon + 100);
    EXPECT_LE(excerpt.size(), FixtureLogs::kMaxChars + 200);
    EXPECT_TRUE(excerpt.startsWith(QStringLiteral("[... 18 earlier line(s) cut"))) << excerpt.left(80).toStdString();
}

TEST(FixtureLogs, MasksSecretsAndPutsNotesFirst)
{
    FixtureLogs logs;
    logs.add(line(10, "ftp", "login with s3cret ok"));
    logs.addNote(QStringLiteral("fixture db: its containers were gone before their logs were read"));
    EXPECT_EQ(logs.excerpt(kNoon, kNoon + 100, {QStringLiteral("s3cret")}),
              QStringLiteral("fixture db: its containers were gone before their logs were read\n"
                             "[ftp] 12:00:00.010 login with ******** ok"));
    // Nothing in the window and nothing fetched: nothing to say.
    EXPECT_EQ(FixtureLogs().excerpt(kNoon, kNoon + 100), QString());
}

TEST(FixtureLogs, OnlyTestsThatDidNotPassWithKnownTimesWantAnExcerpt)
{
    TestResult t;
    t.suite = QStringLiteral("S");
    t.name = QStringLiteral("T");
    t.startMs = kNoon;
    t.endMs = kNoon + 10;
    for (TestStatus s : {TestStatus::Failed, TestStatus::Crashed, TestStatus::TimedOut, TestStatus::Interrupted}) {
        t.status = s;
        EXPECT_TRUE(FixtureLogs::wants(t)) << testStatusName(s).toStdString();
    }
    for (TestStatus s : {TestStatus::Passed, TestStatus::Skipped, TestStatus::NotRun, TestStatus::Disabled}) {
        t.status = s;
        EXPECT_FALSE(FixtureLogs::wants(t)) << testStatusName(s).toStdString();
    }
    t.status = TestStatus::Failed;
    t.startMs = -1;
    EXPECT_FALSE(FixtureLogs::wants(t));
}
