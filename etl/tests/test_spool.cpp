// The spool: append-only, fsynced, replayed at open; a torn last line (kill -9 in the
// middle of a write) is dropped; published windows are remembered; one process at a
// time. Real files, a real fork + SIGKILL.

#include "spool.h"
#include "utctime.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace fixbench;
using namespace fixbench::etl;

namespace {

QDateTime utc(const char *iso) { return *UtcTime::parse(QString::fromLatin1(iso)); }

std::unique_ptr<Spool> openSpool(const QString &dir)
{
    Result<std::unique_ptr<Spool>> s = Spool::open(dir);
    EXPECT_TRUE(s.ok()) << (s ? "" : s.error().toString().toStdString());
    return s ? std::move(*s) : nullptr;
}

Sample okAt(const QDateTime &minute, double wind = 3.6, double hum = 82)
{
    return Sample::success(minute, Measurement{minute.toSecsSinceEpoch() - 30, wind, hum});
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void appendRaw(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::Append));
    f.write(bytes);
}

} // namespace

TEST(Spool, SamplesSurviveReopeningAndGroupByWindow)
{
    QTemporaryDir dir;
    {
        auto spool = openSpool(dir.path());
        ASSERT_TRUE(spool);
        for (int m = 5; m <= 12; ++m)
            ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:00Z").addSecs(m * 60), m / 10.0)).ok());
        ASSERT_TRUE(spool->append(Sample::failure(utc("2022-11-20T12:13Z"), QStringLiteral("HTTP 500"))).ok());
    }
    auto spool = openSpool(dir.path());
    ASSERT_TRUE(spool);
    EXPECT_EQ(spool->replayReport().samples, 9);
    EXPECT_EQ(spool->pendingCount(), 9);
    const QList<Window> windows = spool->pendingWindows();
    ASSERT_EQ(windows.size(), 2);
    EXPECT_EQ(windows[0].fileName(), QStringLiteral("file-2022-11-20T12-10.csv"));
    EXPECT_EQ(windows[1].fileName(), QStringLiteral("file-2022-11-20T12-20.csv"));
    const QList<Sample> first = spool->pending(windows[0]);
    ASSERT_EQ(first.size(), 6);
    EXPECT_EQ(first[0], okAt(utc("2022-11-20T12:05Z"), 0.5));
    const QList<Sample> second = spool->pending(windows[1]);
    ASSERT_EQ(second.size(), 3);
    EXPECT_FALSE(second[2].ok());
    EXPECT_EQ(second[2].error, QStringLiteral("HTTP 500"));
    EXPECT_TRUE(spool->hasMinute(utc("2022-11-20T12:13Z")));
    EXPECT_TRUE(spool->hasMinute(utc("2022-11-20T12:13:40Z")));
    EXPECT_FALSE(spool->hasMinute(utc("2022-11-20T12:14Z")));
}

TEST(Spool, PublishedWindowsAreRememberedAndNotPendingAgain)
{
    QTemporaryDir dir;
    const Window w = Window::containing(utc("2022-11-20T12:10Z"));
    {
        auto spool = openSpool(dir.path());
        for (int m = 1; m <= 10; ++m)
            ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:00Z").addSecs(m * 60))).ok());
        ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:11Z"))).ok());
        ASSERT_TRUE(spool->markPublished(w, 10, QStringLiteral("/file-2022-11-20T12-10.csv")).ok());
        EXPECT_EQ(spool->pendingCount(), 1);
    }
    auto spool = openSpool(dir.path());
    EXPECT_TRUE(spool->isPublished(w));
    EXPECT_TRUE(spool->pending(w).isEmpty());
    EXPECT_EQ(spool->pendingCount(), 1);
    // Every minute of a published window counts as sampled: a restart never fetches it again.
    EXPECT_TRUE(spool->hasMinute(utc("2022-11-20T12:01Z")));
    EXPECT_TRUE(spool->hasMinute(utc("2022-11-20T12:10Z")));
    // Opening compacted the log: the marker and the one pending sample are left.
    const QList<QByteArray> lines = readAll(spool->logPath()).trimmed().split('\n');
    ASSERT_EQ(lines.size(), 2) << readAll(spool->logPath()).toStdString();
    EXPECT_TRUE(lines[0].contains("\"published\""));
    EXPECT_TRUE(lines[1].contains("12:11Z"));
}

TEST(Spool, ARowArrivingAfterPublicationIsPendingAgain)
{
    QTemporaryDir dir;
    const Window w = Window::containing(utc("2022-11-20T12:10Z"));
    {
        auto spool = openSpool(dir.path());
        ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:05Z"))).ok());
        ASSERT_TRUE(spool->markPublished(w, 1, QStringLiteral("/x.csv")).ok());
        ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:06Z"))).ok());
    }
    auto spool = openSpool(dir.path());
    EXPECT_TRUE(spool->isPublished(w));
    ASSERT_EQ(spool->pending(w).size(), 1); // kept: a conflict to report, never dropped
    EXPECT_EQ(spool->pending(w)[0].timestamp, utc("2022-11-20T12:06Z"));
}

TEST(Spool, ATornLastLineIsDroppedAndCutOff)
{
    QTemporaryDir dir;
    QString log;
    {
        auto spool = openSpool(dir.path());
        ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:01Z"))).ok());
        ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:02Z"))).ok());
        log = spool->logPath();
    }
    // What a kill -9 in the middle of write() can leave: half a line, no '\n'.
    appendRaw(log, R"({"type":"sample","timestamp":"2022-11-20T12:03Z","ok":1,"measure_tim)");
    {
        auto spool = openSpool(dir.path());
        ASSERT_TRUE(spool);
        EXPECT_GT(spool->replayReport().truncatedBytes, 0);
        EXPECT_EQ(spool->pendingCount(), 2);
        EXPECT_FALSE(spool->hasMinute(utc("2022-11-20T12:03Z")));
        EXPECT_TRUE(readAll(log).endsWith('\n'));
        // The next row starts on a line of its own.
        ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:03Z"))).ok());
    }
    auto spool = openSpool(dir.path());
    EXPECT_EQ(spool->replayReport().truncatedBytes, 0);
    EXPECT_EQ(spool->replayReport().unreadableLines, 0);
    EXPECT_EQ(spool->pendingCount(), 3);
}

TEST(Spool, AGarbageLineIsSkippedAndKeptAside)
{
    QTemporaryDir dir;
    QString log;
    {
        auto spool = openSpool(dir.path());
        ASSERT_TRUE(spool->append(okAt(utc("2022-11-20T12:01Z"))).ok());
        log = spool->logPath();
    }
    appendRaw(log, QByteArray("\0\0\0\0garbage\n", 12));
    appendRaw(log, "{\"type\":\"sample\",\"timestamp\":\"not a time\",\"ok\":1}\n");
    appendRaw(log, "{\"type\":\"sample\",\"timestamp\":\"2022-11-20T12:02Z\",\"ok\":0,\"error\":\"x\"}\n");
    auto spool = openSpool(dir.path());
    ASSERT_TRUE(spool);
    EXPECT_EQ(spool->replayReport().unreadableLines, 2);
    EXPECT_EQ(spool->pendingCount(), 2);
    const QByteArray aside = readAll(QDir(dir.path()).filePath(QStringLiteral("unreadable.jsonl")));
    EXPECT_TRUE(aside.contains("garbage"));
    EXPECT_TRUE(aside.contains("not a time"));
}

TEST(Spool, OneProcessAtATime)
{
    QTemporaryDir dir;
    auto first = openSpool(dir.path());
    ASSERT_TRUE(first);
    Result<std::unique_ptr<Spool>> second = Spool::open(dir.path());
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().kind, Error::Kind::Io);
    EXPECT_TRUE(second.error().message.contains(QString::number(::getpid()))) << second.error().message.toStdString();
    first.reset();
    EXPECT_TRUE(Spool::open(dir.path()).ok());
}

TEST(Spool, ConflictCopiesAreWrittenBesideTheLog)
{
    QTemporaryDir dir;
    auto spool = openSpool(dir.path());
    Result<QString> path = spool->saveConflictCopy(Window::containing(utc("2022-11-20T12:10Z")), "a,b\r\n");
    ASSERT_TRUE(path.ok()) << path.error().message.toStdString();
    EXPECT_TRUE(path->endsWith(QLatin1String("conflicts/file-2022-11-20T12-10.csv")));
    EXPECT_EQ(readAll(*path), QByteArray("a,b\r\n"));
}

TEST(Spool, AnUnwritableFolderIsAClearError)
{
    // Below a regular file: no folder can be made there, not even by root.
    QTemporaryDir dir;
    QFile file(QDir(dir.path()).filePath(QStringLiteral("a-file")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.close();
    Result<std::unique_ptr<Spool>> s = Spool::open(QDir(file.fileName()).filePath(QStringLiteral("spool")));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::Io);
    EXPECT_TRUE(s.error().message.contains(QLatin1String("--spool-dir"))) << s.error().message.toStdString();
}

// A real kill -9 while a child appends as fast as it can: every row that append()
// acknowledged (the child reports through a pipe) is there after reopening, at
// most one torn line is dropped, and the log is usable again.
TEST(Spool, KillNineWhileAppendingLosesNothingAcknowledged)
{
    QTemporaryDir dir;
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(fds[0]);
        Result<std::unique_ptr<Spool>> spool = Spool::open(dir.path());
        if (!spool)
            ::_exit(3);
        QDateTime m = utc("2022-11-20T00:00Z");
        for (int i = 0;; ++i, m = m.addSecs(60)) {
            if (!(*spool)->append(okAt(m, i)).ok())
                ::_exit(4);
            const int n = i + 1;
            if (::write(fds[1], &n, sizeof n) != sizeof n)
                ::_exit(5);
        }
    }
    ::close(fds[1]);
    int acknowledged = 0, n = 0;
    while (acknowledged < 200 && ::read(fds[0], &n, sizeof n) == sizeof n)
        acknowledged = n;
    ::kill(child, SIGKILL);
    // Acknowledgements already in the pipe count too.
    while (::read(fds[0], &n, sizeof n) == sizeof n)
        acknowledged = n;
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
    ASSERT_GE(acknowledged, 200);

    auto spool = openSpool(dir.path()); // the lock died with the child
    ASSERT_TRUE(spool);
    EXPECT_EQ(spool->replayReport().unreadableLines, 0);
    EXPECT_GE(spool->pendingCount(), acknowledged);
    EXPECT_LE(spool->pendingCount(), acknowledged + 1); // the one in flight may have made it
    // Rows are consecutive minutes from 00:00: nothing lost in the middle.
    QDateTime m = utc("2022-11-20T00:00Z");
    for (int i = 0; i < acknowledged; ++i, m = m.addSecs(60))
        ASSERT_TRUE(spool->hasMinute(m)) << i;
    EXPECT_TRUE(spool->append(okAt(utc("2022-11-21T00:00Z"))).ok());
}
