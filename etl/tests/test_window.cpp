// Window arithmetic, file names and UTC time handling (pure logic, no network).

#include "simulatedclock.h"
#include "utctime.h"
#include "window.h"

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::etl;

namespace {

QDateTime utc(const char *iso)
{
    Result<QDateTime> t = UtcTime::parse(QString::fromLatin1(iso));
    EXPECT_TRUE(t.ok()) << iso;
    return t ? *t : QDateTime();
}

std::string fileFor(const char *iso)
{
    return Window::containing(utc(iso)).fileName().toStdString();
}

} // namespace

// The rule: a sample at 12:01 … 12:10 belongs to the window ending 12:10.
TEST(Window, MinutesOneToTenBelongToTheWindowEndingAtTen)
{
    const Window w = Window::containing(utc("2022-03-11T12:10Z"));
    ASSERT_TRUE(w.isValid());
    EXPECT_EQ(w.end(), utc("2022-03-11T12:10Z"));
    EXPECT_EQ(w.firstMinute(), utc("2022-03-11T12:01Z"));
    EXPECT_EQ(w.fileName(), QStringLiteral("file-2022-03-11T12-10.csv"));
    for (int m = 1; m <= 10; ++m)
        EXPECT_EQ(Window::containing(utc("2022-03-11T12:00Z").addSecs(m * 60)), w) << "12:" << m;
    EXPECT_NE(Window::containing(utc("2022-03-11T12:11Z")), w);
    EXPECT_EQ(Window::containing(utc("2022-03-11T12:11Z")).fileName(), QStringLiteral("file-2022-03-11T12-20.csv"));
}

TEST(Window, TheBoundaryMinuteClosesItsWindow)
{
    EXPECT_EQ(fileFor("2022-11-20T12:00Z"), "file-2022-11-20T12-00.csv"); // 11:51 … 12:00
    EXPECT_EQ(fileFor("2022-11-20T11:51Z"), "file-2022-11-20T12-00.csv");
    EXPECT_EQ(fileFor("2022-11-20T11:50Z"), "file-2022-11-20T11-50.csv");
    EXPECT_EQ(fileFor("2022-11-20T12:10Z"), "file-2022-11-20T12-10.csv");
}

TEST(Window, SecondsAreTruncatedToTheMinuteFirst)
{
    // 12:00:30 is minute 12:00, so window 12:00 — not 12:10.
    EXPECT_EQ(fileFor("2022-11-20T12:00:30Z"), "file-2022-11-20T12-00.csv");
    EXPECT_EQ(fileFor("2022-11-20T12:00:59.999Z"), "file-2022-11-20T12-00.csv");
    EXPECT_EQ(fileFor("2022-11-20T12:09:59Z"), "file-2022-11-20T12-10.csv");
    EXPECT_EQ(fileFor("2022-11-20T12:10:45Z"), "file-2022-11-20T12-10.csv");
    EXPECT_EQ(Window::truncateToMinute(utc("2022-11-20T12:00:30.250Z")), utc("2022-11-20T12:00Z"));
}

TEST(Window, TheScheduleStartsAtTheFirstWholeMinuteAtOrAfterTheStart)
{
    EXPECT_EQ(Window::nextWholeMinute(utc("2022-11-20T12:00:30Z")), utc("2022-11-20T12:01Z"));
    EXPECT_EQ(Window::nextWholeMinute(utc("2022-11-20T12:00:00Z")), utc("2022-11-20T12:00Z"));
    EXPECT_EQ(Window::nextWholeMinute(utc("2022-11-20T12:00:00.001Z")), utc("2022-11-20T12:01Z"));
    EXPECT_EQ(Window::nextWholeMinute(utc("2022-12-31T23:59:01Z")), utc("2023-01-01T00:00Z"));
}

TEST(Window, TwentyFiveMinutesFromHalfPastTwelveGiveTwoCompleteWindows)
{
    // weather-etl --simulate-from 2022-11-20T12:00:30Z --minutes 25 → samples 12:01 … 12:25.
    QDateTime m = Window::nextWholeMinute(utc("2022-11-20T12:00:30Z"));
    QMap<QString, int> rows;
    for (int i = 0; i < 25; ++i, m = m.addSecs(60))
        ++rows[Window::containing(m).fileName()];
    EXPECT_EQ(rows.value(QStringLiteral("file-2022-11-20T12-10.csv")), 10);
    EXPECT_EQ(rows.value(QStringLiteral("file-2022-11-20T12-20.csv")), 10);
    EXPECT_EQ(rows.value(QStringLiteral("file-2022-11-20T12-30.csv")), 5);
    EXPECT_EQ(rows.size(), 3);
    const QDateTime end = m.addSecs(-60); // the clock after the last sample: 12:25
    EXPECT_TRUE(Window::containing(utc("2022-11-20T12:20Z")).hasEnded(end));
    EXPECT_FALSE(Window::containing(utc("2022-11-20T12:30Z")).hasEnded(end));
}

TEST(Window, HasEndedOnceItsLastMinuteCame)
{
    const Window w = Window::containing(utc("2022-11-20T12:05Z"));
    EXPECT_FALSE(w.hasEnded(utc("2022-11-20T12:09:59Z")));
    EXPECT_TRUE(w.hasEnded(utc("2022-11-20T12:10Z")));
    EXPECT_TRUE(w.hasEnded(utc("2022-11-20T13:00Z")));
}

TEST(Window, Midnight)
{
    EXPECT_EQ(fileFor("2022-11-20T23:51Z"), "file-2022-11-21T00-00.csv");
    EXPECT_EQ(fileFor("2022-11-20T23:59:59Z"), "file-2022-11-21T00-00.csv");
    EXPECT_EQ(fileFor("2022-11-21T00:00Z"), "file-2022-11-21T00-00.csv");
    EXPECT_EQ(fileFor("2022-11-21T00:01Z"), "file-2022-11-21T00-10.csv");
    EXPECT_EQ(fileFor("2022-11-20T23:50Z"), "file-2022-11-20T23-50.csv");
    const Window w = Window::containing(utc("2022-11-21T00:00Z"));
    EXPECT_EQ(w.firstMinute(), utc("2022-11-20T23:51Z"));
    EXPECT_EQ(w.previous().fileName(), QStringLiteral("file-2022-11-20T23-50.csv"));
    EXPECT_EQ(w.next().fileName(), QStringLiteral("file-2022-11-21T00-10.csv"));
}

TEST(Window, MonthAndYearEnd)
{
    EXPECT_EQ(fileFor("2022-11-30T23:55Z"), "file-2022-12-01T00-00.csv");
    EXPECT_EQ(fileFor("2022-04-30T23:59Z"), "file-2022-05-01T00-00.csv");
    EXPECT_EQ(fileFor("2022-12-31T23:51Z"), "file-2023-01-01T00-00.csv");
    EXPECT_EQ(fileFor("2022-12-31T23:59:59Z"), "file-2023-01-01T00-00.csv");
    EXPECT_EQ(fileFor("2022-12-31T23:50Z"), "file-2022-12-31T23-50.csv");
    EXPECT_EQ(fileFor("2023-01-01T00:01Z"), "file-2023-01-01T00-10.csv");
}

TEST(Window, LeapDay)
{
    EXPECT_EQ(fileFor("2024-02-28T23:55Z"), "file-2024-02-29T00-00.csv");
    EXPECT_EQ(fileFor("2024-02-29T12:03Z"), "file-2024-02-29T12-10.csv");
    EXPECT_EQ(fileFor("2024-02-29T23:51Z"), "file-2024-03-01T00-00.csv");
    EXPECT_EQ(fileFor("2023-02-28T23:55Z"), "file-2023-03-01T00-00.csv"); // not a leap year
    EXPECT_EQ(fileFor("2100-02-28T23:55Z"), "file-2100-03-01T00-00.csv"); // nor is 2100
    EXPECT_EQ(fileFor("2000-02-28T23:55Z"), "file-2000-02-29T00-00.csv"); // 2000 is
}

TEST(Window, OtherZonesAreConvertedToUtc)
{
    // 13:05 in Lyon in winter (+01:00) is 12:05 UTC.
    EXPECT_EQ(fileFor("2022-11-20T13:05+01:00"), "file-2022-11-20T12-10.csv");
    // Across midnight and a date line.
    EXPECT_EQ(fileFor("2022-11-21T00:55+01:00"), "file-2022-11-21T00-00.csv");
    EXPECT_EQ(fileFor("2022-11-20T20:05-05:00"), "file-2022-11-21T01-10.csv");
    // A non-UTC QDateTime gives the same window as its UTC twin.
    const QDateTime local(QDate(2022, 11, 20), QTime(13, 5), Qt::OffsetFromUTC, 3600);
    EXPECT_EQ(Window::containing(local), Window::containing(utc("2022-11-20T12:05Z")));
}

TEST(Window, BeforeTheEpochRoundsTheSameWay)
{
    EXPECT_EQ(fileFor("1969-12-31T23:55Z"), "file-1970-01-01T00-00.csv");
    EXPECT_EQ(fileFor("1969-12-31T23:50:30Z"), "file-1969-12-31T23-50.csv");
}

TEST(Window, FileNamesReadBack)
{
    for (const char *iso : {"2022-11-20T12:10Z", "2023-01-01T00:00Z", "2024-02-29T23:50Z"}) {
        const Window w = Window::endingAt(utc(iso));
        ASSERT_TRUE(w.isValid()) << iso;
        const std::optional<Window> back = Window::fromFileName(w.fileName());
        ASSERT_TRUE(back.has_value()) << iso;
        EXPECT_EQ(*back, w);
    }
    EXPECT_FALSE(Window::fromFileName(QStringLiteral("file-2022-11-20T12-15.csv"))); // not a window end
    EXPECT_FALSE(Window::fromFileName(QStringLiteral("file-2022-02-30T12-10.csv"))); // no such day
    EXPECT_FALSE(Window::fromFileName(QStringLiteral("file-2022-11-20T24-00.csv")));
    EXPECT_FALSE(Window::fromFileName(QStringLiteral("file-2022-11-20T12:10.csv")));
    EXPECT_FALSE(Window::fromFileName(QStringLiteral("file-2022-11-20T12-10.csv.tmp")));
    EXPECT_FALSE(Window::fromFileName(QStringLiteral("data-2022-11-20T12-10.csv")));
    EXPECT_FALSE(Window::endingAt(utc("2022-11-20T12:05Z")).isValid());
    EXPECT_FALSE(Window::endingAt(utc("2022-11-20T12:10:01Z")).isValid());
    EXPECT_EQ(Window::endingAt(utc("2022-11-20T12:10Z")).label(), QStringLiteral("2022-11-20T12:10Z"));
}

TEST(Window, ContainsAndOrder)
{
    const Window w = Window::containing(utc("2022-11-20T12:10Z"));
    EXPECT_TRUE(w.contains(utc("2022-11-20T12:01Z")));
    EXPECT_TRUE(w.contains(utc("2022-11-20T12:10:59Z")));
    EXPECT_FALSE(w.contains(utc("2022-11-20T12:00:59Z")));
    EXPECT_FALSE(w.contains(utc("2022-11-20T12:11Z")));
    EXPECT_LT(w.previous(), w);
    EXPECT_LT(w, w.next());
    EXPECT_FALSE(Window().isValid());
    EXPECT_FALSE(Window::containing(QDateTime()).isValid());
}

TEST(UtcTime, ParsesIsoWithAZoneAndRefusesLocalTimes)
{
    EXPECT_EQ(utc("2022-11-20T12:00:30Z").toSecsSinceEpoch(), 1668945630);
    EXPECT_EQ(utc("2022-11-20T13:00:30+01:00"), utc("2022-11-20T12:00:30Z"));
    EXPECT_EQ(utc("2022-11-20T13:00:30+0100"), utc("2022-11-20T12:00:30Z"));
    EXPECT_EQ(utc("2022-11-20T12:05Z"), utc("2022-11-20T12:05:00Z"));
    EXPECT_EQ(utc("2022-11-20T12:00:30.5Z").toMSecsSinceEpoch() % 1000, 500);
    EXPECT_FALSE(UtcTime::parse(QStringLiteral("2022-11-20T12:00:30")).ok()); // no zone
    EXPECT_TRUE(UtcTime::parse(QStringLiteral("2022-11-20T12:00:30")).error().message.contains(QLatin1String("Z")));
    EXPECT_FALSE(UtcTime::parse(QStringLiteral("2022-02-30T12:00Z")).ok());
    EXPECT_FALSE(UtcTime::parse(QStringLiteral("2022-11-20T25:00Z")).ok());
    EXPECT_FALSE(UtcTime::parse(QStringLiteral("yesterday")).ok());
    EXPECT_FALSE(UtcTime::parse(QString()).ok());
}

TEST(UtcTime, FormatsMinutesAndSeconds)
{
    EXPECT_EQ(UtcTime::formatMinute(utc("2022-11-20T12:05:59Z")), QStringLiteral("2022-11-20T12:05Z"));
    EXPECT_EQ(UtcTime::formatSeconds(utc("2022-11-20T13:05:09+01:00")), QStringLiteral("2022-11-20T12:05:09Z"));
}

TEST(SimulatedClock, JumpsForwardAndNeverBack)
{
    SimulatedClock clock(utc("2022-11-20T12:00:30Z"));
    EXPECT_EQ(clock.now(), utc("2022-11-20T12:00:30Z"));
    EXPECT_TRUE(clock.sleepUntil(utc("2022-11-20T12:01Z")));
    EXPECT_EQ(clock.now(), utc("2022-11-20T12:01Z"));
    EXPECT_TRUE(clock.sleepUntil(utc("2022-11-20T11:00Z")));
    EXPECT_EQ(clock.now(), utc("2022-11-20T12:01Z"));
    std::atomic_bool stop{true};
    EXPECT_FALSE(clock.sleepUntil(utc("2022-11-20T12:02Z"), &stop));
    EXPECT_EQ(clock.now(), utc("2022-11-20T12:01Z"));
}
