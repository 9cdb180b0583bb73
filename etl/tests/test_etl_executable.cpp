// The weather-etl executable end to end, in simulated time, against the real
// weather_api and ftp_server fixtures: what the "done when" asks for, exit
// codes, kill -9 and restart.

#include "csvreader.h"
#include "csvwriter.h"
#include "etlfixtures.h"
#include "utctime.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace fixbench::etl;
using namespace fixbench::etltest;

namespace {

const QString kEtl = QStringLiteral(WEATHER_ETL);

QDateTime utc(const char *iso) { return *UtcTime::parse(QString::fromLatin1(iso)); }

// A local port nobody listens on: bound by the kernel's choice, then closed.
int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

class WeatherEtl : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_ftp.emplace(fixbench::etltest::up("ftp_server"));
        m_api.emplace(fixbench::etltest::up("weather_api"));
        m_control.emplace(*m_api);
        ASSERT_TRUE(cleanFtp(*m_ftp).ok());
        ASSERT_TRUE(m_control->reset().ok());
        ASSERT_TRUE(m_spoolDir.isValid());
    }

    QProcessEnvironment env() const { return etlEnvironment(*m_ftp, *m_api); }

    QStringList args(const QStringList &more) const
    {
        return QStringList{QStringLiteral("--spool-dir"), m_spoolDir.path()} + more;
    }

    ProcResult etl(const QStringList &more, const QProcessEnvironment &e)
    {
        ProcResult r = run(kEtl, args(more), e, 120000);
        std::fprintf(stderr, "$ weather-etl %s  → exit %d\n%s", more.join(QLatin1Char(' ')).toUtf8().constData(), r.exitCode,
                     r.err.toUtf8().constData());
        return r;
    }
    ProcResult etl(const QStringList &more) { return etl(more, env()); }

    QStringList remoteNames()
    {
        Result<QStringList> names = ftpNames(*m_ftp);
        EXPECT_TRUE(names.ok()) << (names ? "" : names.error().toString().toStdString());
        return names ? *names : QStringList();
    }

    QList<QStringList> remoteCsv(const QString &name)
    {
        Result<QByteArray> data = ftpGet(*m_ftp, QStringLiteral("/") + name);
        EXPECT_TRUE(data.ok()) << name.toStdString();
        if (!data)
            return {};
        Result<QList<QStringList>> rows = CsvReader::parse(*data);
        EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().message.toStdString());
        return rows ? *rows : QList<QStringList>();
    }

    // Header, `rows` rows of consecutive minutes from `first`; returns the ok column.
    QStringList expectFile(const QString &name, int rows, const QDateTime &first)
    {
        const QList<QStringList> csv = remoteCsv(name);
        EXPECT_EQ(csv.size(), rows + 1) << name.toStdString();
        QStringList ok;
        if (csv.isEmpty())
            return ok;
        EXPECT_EQ(csv[0], CsvWriter::headerFields());
        for (int i = 1; i < csv.size(); ++i) {
            EXPECT_EQ(csv[i].size(), 5);
            EXPECT_EQ(csv[i].value(0), UtcTime::formatMinute(first.addSecs((i - 1) * 60))) << name.toStdString() << " row " << i;
            ok << csv[i].value(2);
        }
        return ok;
    }

    std::optional<Fixture> m_ftp, m_api;
    std::optional<WeatherApiControl> m_control;
    QTemporaryDir m_spoolDir;
};

const QStringList kTwentyFive = {QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30Z"),
                                 QStringLiteral("--minutes"), QStringLiteral("25")};

} // namespace

// weather-etl --simulate-from 2022-11-20T12:00:30Z --minutes 25: samples at 12:01 …
// 12:25 → the files for 12:10 and 12:20 with ten rows each, nothing for 12:30.
TEST_F(WeatherEtl, TwentyFiveSimulatedMinutesPublishTwoFilesOfTenRows)
{
    const ProcResult r = etl(kTwentyFive);
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_EQ(remoteNames(), (QStringList{QStringLiteral("file-2022-11-20T12-10.csv"),
                                          QStringLiteral("file-2022-11-20T12-20.csv")}));
    const QStringList ok10 = expectFile(QStringLiteral("file-2022-11-20T12-10.csv"), 10, utc("2022-11-20T12:01Z"));
    const QStringList ok20 = expectFile(QStringLiteral("file-2022-11-20T12-20.csv"), 10, utc("2022-11-20T12:11Z"));
    EXPECT_EQ(ok10, QStringList(10, QStringLiteral("1")));
    EXPECT_EQ(ok20, QStringList(10, QStringLiteral("1")));
    EXPECT_EQ(m_control->requests().value(), 25); // a real fetch per simulated minute
    // The logs say what was fetched and published.
    EXPECT_TRUE(r.err.contains(QLatin1String("fetched Lyon,FR for 2022-11-20T12:01Z")));
    EXPECT_TRUE(r.err.contains(QLatin1String("fetched Lyon,FR for 2022-11-20T12:25Z")));
    EXPECT_TRUE(r.err.contains(QLatin1String("published file-2022-11-20T12-10.csv (10 rows")));
    EXPECT_TRUE(r.err.contains(QLatin1String("published file-2022-11-20T12-20.csv (10 rows")));
    EXPECT_FALSE(r.err.contains(QLatin1String("12-30.csv")));
    EXPECT_FALSE(r.err.contains(fixtureVar(*m_api, "OPENWEATHER_API_KEY"))) << "the key must not be logged";
}

// The API failing for three requests: three ok=0 rows, the rest ok; exit 0.
TEST_F(WeatherEtl, ApiErrorsBecomeOkZeroRowsEndToEnd)
{
    ASSERT_TRUE(m_control->setMode(QStringLiteral("error500 x3")).ok());
    const ProcResult r = etl({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30Z"),
                              QStringLiteral("--minutes"), QStringLiteral("10")});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QList<QStringList> csv = remoteCsv(QStringLiteral("file-2022-11-20T12-10.csv"));
    ASSERT_EQ(csv.size(), 11);
    for (int i = 1; i <= 3; ++i)
        EXPECT_EQ(csv[i], (QStringList{csv[i][0], QString(), QStringLiteral("0"), QString(), QString()}));
    for (int i = 4; i <= 10; ++i)
        EXPECT_EQ(csv[i][2], QStringLiteral("1"));
    EXPECT_TRUE(r.err.contains(QLatin1String("fetch failed for 2022-11-20T12:01Z, row ok=0")));
    EXPECT_TRUE(r.err.contains(QLatin1String("HTTP 500")));
}

// kill -9 in the middle of a run, then the same command again with the same spool:
// what was spooled is published, the window published before the kill is not
// published again, no minute is fetched twice (but the one in flight).
TEST_F(WeatherEtl, KilledAndRestartedPublishesSpooledRows)
{
    QProcess p;
    p.setProcessEnvironment(env());
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.setReadChannel(QProcess::StandardError); // weather-etl logs on stderr
    p.start(kEtl, args(kTwentyFive + QStringList{QStringLiteral("--minute-delay-ms"), QStringLiteral("250")}));
    ASSERT_TRUE(p.waitForStarted(10000));
    QByteArray log;
    QElapsedTimer t;
    t.start();
    while (!log.contains("for 2022-11-20T12:13Z") && t.elapsed() < 60000 && p.state() == QProcess::Running) {
        p.waitForReadyRead(200);
        log += p.readAllStandardError();
    }
    ASSERT_TRUE(log.contains("for 2022-11-20T12:13Z")) << log.toStdString();
    ::kill(pid_t(p.processId()), SIGKILL);
    ASSERT_TRUE(p.waitForFinished(10000));
    EXPECT_EQ(p.exitStatus(), QProcess::CrashExit);
    std::fprintf(stderr, "--- killed after:\n%s", log.constData());

    EXPECT_EQ(remoteNames(), QStringList{QStringLiteral("file-2022-11-20T12-10.csv")});
    const QByteArray published = ftpGet(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv")).value();
    const int before = m_control->requests().value();
    EXPECT_GE(before, 13);

    const ProcResult r = etl(kTwentyFive);
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QLatin1String("2022-11-20T12:13Z is already in the spool")));
    EXPECT_EQ(ftpGet(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv")).value(), published);
    const QStringList ok20 = expectFile(QStringLiteral("file-2022-11-20T12-20.csv"), 10, utc("2022-11-20T12:11Z"));
    EXPECT_EQ(ok20, QStringList(10, QStringLiteral("1")));
    // 25 minutes, each fetched once — plus at most the one in flight at the kill.
    const int total = m_control->requests().value();
    EXPECT_GE(total, 25);
    EXPECT_LE(total, 26);
    EXPECT_EQ(remoteNames().size(), 2);
}

// FTP unreachable at publication: exit 1, the rows stay; a later run (here
// --publish-only with the right port) publishes every row.
TEST_F(WeatherEtl, FtpUnreachableThenPublishedLater)
{
    QProcessEnvironment wrong = env();
    const int port = closedPort();
    ASSERT_GT(port, 0);
    wrong.insert(QStringLiteral("FTP_PORT"), QString::number(port));
    ProcResult r = etl({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30Z"), QStringLiteral("--minutes"),
                        QStringLiteral("12")},
                       wrong);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(QLatin1String("publication of file-2022-11-20T12-10.csv"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QLatin1String("10 rows kept in the spool")));
    EXPECT_TRUE(r.err.contains(QLatin1String("not published: file-2022-11-20T12-10.csv")));
    EXPECT_TRUE(remoteNames().isEmpty());

    r = etl({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:12:30Z"), QStringLiteral("--publish-only")});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QStringList ok = expectFile(QStringLiteral("file-2022-11-20T12-10.csv"), 10, utc("2022-11-20T12:01Z"));
    EXPECT_EQ(ok, QStringList(10, QStringLiteral("1")));
    EXPECT_EQ(remoteNames(), QStringList{QStringLiteral("file-2022-11-20T12-10.csv")}); // 12:20 is not due yet
}

// A file already on the server: exit 1, CONFLICT in the log, the server's file intact.
TEST_F(WeatherEtl, APreExistingFileIsNeverOverwritten)
{
    const QByteArray theirs = "not ours\r\n";
    ASSERT_TRUE(ftpPut(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv"), theirs).ok());
    const ProcResult r = etl({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30Z"),
                              QStringLiteral("--minutes"), QStringLiteral("10")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(QLatin1String("CONFLICT"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QLatin1String("(conflict: file-2022-11-20T12-10.csv)")));
    EXPECT_EQ(ftpGet(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv")).value(), theirs);
    QFile copy(QDir(m_spoolDir.path()).filePath(QStringLiteral("conflicts/file-2022-11-20T12-10.csv")));
    ASSERT_TRUE(copy.open(QIODevice::ReadOnly));
    EXPECT_EQ(CsvReader::parse(copy.readAll()).value().size(), 11);
}

// One process per spool; bad settings are exit code 2 with the variable named.
TEST_F(WeatherEtl, ExitCodesForMisuse)
{
    QProcess first;
    first.setProcessEnvironment(env());
    first.setReadChannel(QProcess::StandardError);
    first.start(kEtl, args(kTwentyFive + QStringList{QStringLiteral("--minute-delay-ms"), QStringLiteral("2000")}));
    ASSERT_TRUE(first.waitForStarted(10000));
    QByteArray log;
    while (!log.contains("simulated time from") && first.state() == QProcess::Running && first.waitForReadyRead(10000))
        log += first.readAllStandardError();
    ProcResult second = etl(kTwentyFive);
    EXPECT_EQ(second.exitCode, 3);
    EXPECT_TRUE(second.err.contains(QStringLiteral("in use by another weather-etl (pid %1)").arg(first.processId())))
        << second.err.toStdString();
    first.kill();
    first.waitForFinished(10000);

    QProcessEnvironment noKey = env();
    noKey.remove(QStringLiteral("OPENWEATHER_API_KEY"));
    ProcResult r = etl(kTwentyFive, noKey);
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains(QLatin1String("OPENWEATHER_API_KEY is not set")));
    r = etl({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30")});
    EXPECT_EQ(r.exitCode, 2);
    r = etl({QStringLiteral("--no-such-flag")});
    EXPECT_EQ(r.exitCode, 2);
}
