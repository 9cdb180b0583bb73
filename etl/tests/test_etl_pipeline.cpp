// The weather ETL library on real fixtures: a real HTTP API in a container
// (weather_api) and a real FTP server (ftp_server), a simulated clock. Every test
// starts from an empty FTP server, a reset API and a fresh spool.

#include "csvreader.h"
#include "csvwriter.h"
#include "etlfixtures.h"
#include "pipeline.h"
#include "simulatedclock.h"
#include "spool.h"
#include "utctime.h"
#include "weatherfetcher.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <optional>
#include <ostream>

QT_BEGIN_NAMESPACE
// Failures show names, not UTF-16 code units.
inline void PrintTo(const QString &s, std::ostream *os) { *os << '"' << s.toStdString() << '"'; }
QT_END_NAMESPACE

using namespace fixbench::etl;
using namespace fixbench::etltest;

namespace {

QDateTime utc(const char *iso) { return *UtcTime::parse(QString::fromLatin1(iso)); }

class EtlPipeline : public ::testing::Test {
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

    FetcherConfig fetcherConfig() const
    {
        FetcherConfig f;
        f.baseUrl = fixtureVar(*m_api, "OPENWEATHER_URL");
        f.apiKey = fixtureVar(*m_api, "OPENWEATHER_API_KEY");
        f.city = QStringLiteral("Lyon,FR");
        f.timeoutMs = 1500;
        return f;
    }

    PublisherConfig publisherConfig() const
    {
        PublisherConfig p;
        p.ftp = ftpConfig(*m_ftp);
        return p;
    }

    std::unique_ptr<Spool> openSpool()
    {
        Result<std::unique_ptr<Spool>> s = Spool::open(m_spoolDir.path());
        EXPECT_TRUE(s.ok()) << (s ? "" : s.error().toString().toStdString());
        return s ? std::move(*s) : nullptr;
    }

    // The published file, parsed: header + rows.
    QList<QStringList> remoteCsv(const QString &name)
    {
        Result<QByteArray> data = ftpGet(*m_ftp, QStringLiteral("/") + name);
        EXPECT_TRUE(data.ok()) << name.toStdString() << ": " << (data ? "" : data.error().toString().toStdString());
        if (!data)
            return {};
        Result<QList<QStringList>> rows = CsvReader::parse(*data);
        EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().message.toStdString());
        return rows ? *rows : QList<QStringList>();
    }

    QStringList remoteNames()
    {
        Result<QStringList> names = ftpNames(*m_ftp);
        EXPECT_TRUE(names.ok()) << (names ? "" : names.error().toString().toStdString());
        return names ? *names : QStringList();
    }

    // Checks a published file: header, `rows` rows, consecutive minutes from `first`.
    void expectFile(const QString &name, int rows, const QDateTime &first)
    {
        const QList<QStringList> csv = remoteCsv(name);
        ASSERT_EQ(csv.size(), rows + 1) << name.toStdString();
        EXPECT_EQ(csv[0], CsvWriter::headerFields());
        for (int i = 1; i <= rows; ++i) {
            ASSERT_EQ(csv[i].size(), 5) << name.toStdString() << " row " << i;
            EXPECT_EQ(csv[i][0], UtcTime::formatMinute(first.addSecs((i - 1) * 60))) << name.toStdString() << " row " << i;
        }
    }

    Pipeline::Logger logger()
    {
        return [this](const QString &line) {
            m_log << line;
            std::fprintf(stderr, "  | %s\n", line.toUtf8().constData());
        };
    }
    std::optional<Fixture> m_ftp, m_api;
    std::optional<WeatherApiControl> m_control;
    QTemporaryDir m_spoolDir;
    QStringList m_log;
};

} // namespace

// The reference scenario of the pipeline's original tests: six samples at
// 2022-11-20 12:05 … 12:10 → exactly one file, file-2022-11-20T12-10.csv, with the
// header and six rows, read back over FTP.
TEST_F(EtlPipeline, ReferenceScenarioSixSamplesGiveExactlyOneFile)
{
    SimulatedClock clock(utc("2022-11-20T12:04:30Z"));
    auto spool = openSpool();
    ASSERT_TRUE(spool);
    WeatherFetcher fetcher(fetcherConfig());
    Publisher publisher(publisherConfig());
    Pipeline pipeline(clock, *spool, fetcher, publisher, logger());

    const RunReport report = pipeline.run(clock.now(), 6);
    EXPECT_TRUE(report.success());
    EXPECT_EQ(report.sampled, 6);
    EXPECT_EQ(report.failedFetches, 0);
    EXPECT_EQ(clock.now(), utc("2022-11-20T12:10Z"));

    EXPECT_EQ(remoteNames(), QStringList{QStringLiteral("file-2022-11-20T12-10.csv")}); // no temporary names left
    const QList<QStringList> csv = remoteCsv(QStringLiteral("file-2022-11-20T12-10.csv"));
    ASSERT_EQ(csv.size(), 7);
    EXPECT_EQ(csv[0], (QStringList{QStringLiteral("timestamp"), QStringLiteral("measure_timestamp"), QStringLiteral("ok"),
                                   QStringLiteral("wind_speed"), QStringLiteral("humidity")}));
    QSet<QString> distinct;
    for (int i = 1; i <= 6; ++i) {
        const QStringList &row = csv[i];
        ASSERT_EQ(row.size(), 5);
        EXPECT_EQ(row[0], UtcTime::formatMinute(utc("2022-11-20T12:04Z").addSecs(i * 60)));
        bool okDt = false, okWind = false, okHum = false;
        EXPECT_GT(row[1].toLongLong(&okDt), 0);
        EXPECT_TRUE(okDt) << row[1].toStdString();
        EXPECT_EQ(row[2], QStringLiteral("1"));
        const double wind = row[3].toDouble(&okWind), hum = row[4].toDouble(&okHum);
        EXPECT_TRUE(okWind && wind >= 0) << row[3].toStdString();
        EXPECT_TRUE(okHum && hum >= 0 && hum <= 100) << row[4].toStdString();
        distinct << row[3] + QLatin1Char('/') + row[4];
    }
    EXPECT_GT(distinct.size(), 1) << "the rows should differ";
    EXPECT_EQ(m_control->requests().value(), 6); // one fetch per minute
    EXPECT_TRUE(spool->isPublished(Window::containing(utc("2022-11-20T12:10Z"))));
    EXPECT_EQ(spool->pendingCount(), 0);
}

// A run killed between the upload and the rename leaves its temporary file
// (`.NAME.part-<16 hex>`) on the server. The next publication of that file removes
// it — its own leftovers only, never anyone else's look-alikes — and publishes.
TEST_F(EtlPipeline, AStaleTemporaryOfAKilledRunIsRemovedAtTheNextPublication)
{
    const QString target = QStringLiteral("file-2022-11-20T12-10.csv");
    const QStringList stale = {QLatin1Char('.') + target + QStringLiteral(".part-0123456789abcdef"),
                               QLatin1Char('.') + target + QStringLiteral(".part-fedcba9876543210")};
    const QStringList others = {
        QLatin1Char('.') + target + QStringLiteral(".part-notmine"),                 // not 16 hex digits
        QLatin1Char('.') + target + QStringLiteral(".part-0123456789ABCDEF"),        // upper case: not ours
        QLatin1Char('.') + target + QStringLiteral(".fbpart-0123456789abcdef"),      // fixbench's FtpClient
        QStringLiteral(".file-2022-11-20T12-20.csv.part-0123456789abcdef"),          // another file's
        target + QStringLiteral(".part-0123456789abcdef"),                           // not hidden
        QStringLiteral("someone else.txt"),
    };
    for (const QString &n : stale + others)
        ASSERT_TRUE(ftpPut(*m_ftp, QLatin1Char('/') + n, "half an upload of a killed run").ok()) << n.toStdString();

    SimulatedClock clock(utc("2022-11-20T12:04:30Z"));
    auto spool = openSpool();
    ASSERT_TRUE(spool);
    WeatherFetcher fetcher(fetcherConfig());
    Publisher publisher(publisherConfig());
    Pipeline pipeline(clock, *spool, fetcher, publisher, logger());
    const RunReport report = pipeline.run(clock.now(), 6);
    EXPECT_TRUE(report.success());

    QStringList want = others;
    want << target;
    want.sort();
    EXPECT_EQ(remoteNames(), want);
    expectFile(target, 6, utc("2022-11-20T12:05Z"));
    for (const QString &n : others)
        EXPECT_EQ(ftpGet(*m_ftp, QLatin1Char('/') + n).value(), QByteArray("half an upload of a killed run")) << n.toStdString();

    // The same in a folder (FTP_DIR) whose name a globbing server would misread.
    FtpUploader direct(ftpConfig(*m_ftp));
    ASSERT_TRUE(direct.upload("seed", QStringLiteral("/out [x] y/seed.txt")).ok()); // creates the folder
    const QString staleInDir = QStringLiteral("/out [x] y/.file-2022-11-20T12-20.csv.part-00000000deadbeef");
    ASSERT_TRUE(ftpPut(*m_ftp, staleInDir, "left").ok());
    Result<QStringList> removed = direct.removeStaleTemporaries(QStringLiteral("/out [x] y/file-2022-11-20T12-20.csv"));
    ASSERT_TRUE(removed.ok()) << removed.error().toString().toStdString();
    EXPECT_EQ(*removed, QStringList{QStringLiteral(".file-2022-11-20T12-20.csv.part-00000000deadbeef")});
    EXPECT_EQ(ftpNames(*m_ftp, QStringLiteral("/out [x] y")).value(), QStringList{QStringLiteral("seed.txt")});
    // A folder that does not exist has none.
    removed = direct.removeStaleTemporaries(QStringLiteral("/no such folder/file.csv"));
    ASSERT_TRUE(removed.ok()) << removed.error().toString().toStdString();
    EXPECT_TRUE(removed->isEmpty());
}

// Every kind of API failure becomes a row with ok=0 and empty values; the API
// recovering gives ok=1 rows again; no minute is skipped.
TEST_F(EtlPipeline, ApiErrorsBecomeOkZeroRows)
{
    SimulatedClock clock(utc("2022-11-20T12:00:30Z"));
    auto spool = openSpool();
    WeatherFetcher fetcher(fetcherConfig()); // 1.5 s timeout
    Publisher publisher(publisherConfig());
    Pipeline pipeline(clock, *spool, fetcher, publisher, logger());

    const QStringList modes = {QStringLiteral("error500"), QStringLiteral("malformed"), QStringLiteral("slow:3"),
                               QStringLiteral("missing_fields"), QStringLiteral("string_fields"), QStringLiteral("huge"),
                               QStringLiteral("empty"), QStringLiteral("ok"), QStringLiteral("ok"), QStringLiteral("ok")};
    QDateTime minute = utc("2022-11-20T12:01Z");
    for (const QString &mode : modes) {
        ASSERT_TRUE(m_control->setMode(mode).ok()) << mode.toStdString();
        clock.sleepUntil(minute);
        const Sample s = pipeline.sampleMinute(minute);
        EXPECT_EQ(s.ok(), mode == QLatin1String("ok")) << mode.toStdString() << ": " << s.error.toStdString();
        minute = minute.addSecs(60);
    }
    const PublishReport report = pipeline.publishDue(clock.now());
    ASSERT_EQ(report.published.size(), 1);
    EXPECT_TRUE(report.clean());

    const QList<QStringList> csv = remoteCsv(QStringLiteral("file-2022-11-20T12-10.csv"));
    ASSERT_EQ(csv.size(), 11);
    for (int i = 1; i <= 10; ++i) {
        const QStringList &row = csv[i];
        ASSERT_EQ(row.size(), 5);
        if (i <= 7) {
            EXPECT_EQ(row, (QStringList{row[0], QString(), QStringLiteral("0"), QString(), QString()}))
                << "row " << i << " (" << modes[i - 1].toStdString() << ")";
        } else {
            EXPECT_EQ(row[2], QStringLiteral("1")) << "row " << i;
            EXPECT_FALSE(row[3].isEmpty());
        }
    }
    // The reasons are in the log, one per failure kind.
    const QString log = m_log.join(QLatin1Char('\n'));
    EXPECT_TRUE(log.contains(QLatin1String("HTTP 500"))) << log.toStdString();
    EXPECT_TRUE(log.contains(QLatin1String("not JSON")));
    EXPECT_TRUE(log.contains(QLatin1String("1500 ms")));
    EXPECT_TRUE(log.contains(QLatin1String("`wind` is missing")));
    EXPECT_TRUE(log.contains(QLatin1String("string")));
    EXPECT_TRUE(log.contains(QLatin1String("larger than")));
    EXPECT_TRUE(log.contains(QLatin1String("empty")));
}

// What the API says about a wrong key, an unknown city and a closed port.
TEST_F(EtlPipeline, FetcherErrorsSayWhatWentWrong)
{
    FetcherConfig wrongKey = fetcherConfig();
    wrongKey.apiKey = QStringLiteral("not-the-key");
    Result<Measurement> r = WeatherFetcher(wrongKey).fetch();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Auth);
    EXPECT_EQ(r.error().replyCode, 401);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("Invalid API key")));
    EXPECT_TRUE(r.error().message.contains(QLatin1String("appid=***")));
    EXPECT_FALSE(r.error().message.contains(QLatin1String("not-the-key"))) << "the key must not be shown";

    FetcherConfig paris = fetcherConfig();
    paris.city = QStringLiteral("Paris,FR");
    r = WeatherFetcher(paris).fetch();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("city not found")));

    FetcherConfig closed = fetcherConfig();
    closed.baseUrl = QStringLiteral("http://127.0.0.1:1");
    r = WeatherFetcher(closed).fetch();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Connection);

    Result<Measurement> ok = WeatherFetcher(fetcherConfig()).fetch();
    ASSERT_TRUE(ok.ok()) << ok.error().message.toStdString();
    EXPECT_GT(ok->measuredAt, 0);
}

// The FTP server is down when the window ends: the rows stay in the spool, and are
// all published once it is back.
TEST_F(EtlPipeline, FtpDownAtPublicationIsPublishedLaterWithEveryRow)
{
    SimulatedClock clock(utc("2022-11-20T12:00:30Z"));
    auto spool = openSpool();
    WeatherFetcher fetcher(fetcherConfig());
    Publisher publisher(publisherConfig());
    Pipeline pipeline(clock, *spool, fetcher, publisher, logger());

    const Result<QStringList> ftpServer = containersPublishing(*m_ftp, "FTP_PORT");
    ASSERT_TRUE(ftpServer.ok()) << ftpServer.error().toString().toStdString();
    ASSERT_TRUE(stopContainers(*ftpServer).ok());
    RunReport first = pipeline.run(clock.now(), 10); // 12:01 … 12:10; publication at 12:10 fails
    const Status started = startContainers(*ftpServer);
    ASSERT_TRUE(started.ok()) << started.error().toString().toStdString();
    EXPECT_FALSE(first.success());
    ASSERT_EQ(first.unpublishedDue.size(), 1);
    EXPECT_EQ(first.unpublishedDue[0].fileName(), QStringLiteral("file-2022-11-20T12-10.csv"));
    EXPECT_TRUE(first.conflicts.isEmpty());
    EXPECT_EQ(spool->pendingCount(), 10);
    EXPECT_TRUE(m_log.join(QLatin1Char('\n')).contains(QLatin1String("10 rows kept in the spool")));

    const Status back = waitForFtp(*m_ftp, 30000);
    ASSERT_TRUE(back.ok()) << back.error().toString().toStdString();
    EXPECT_TRUE(remoteNames().isEmpty());

    RunReport second = pipeline.run(clock.now().addSecs(1), 10); // 12:11 … 12:20
    EXPECT_TRUE(second.success());
    EXPECT_EQ(remoteNames(), (QStringList{QStringLiteral("file-2022-11-20T12-10.csv"),
                                          QStringLiteral("file-2022-11-20T12-20.csv")}));
    expectFile(QStringLiteral("file-2022-11-20T12-10.csv"), 10, utc("2022-11-20T12:01Z"));
    expectFile(QStringLiteral("file-2022-11-20T12-20.csv"), 10, utc("2022-11-20T12:11Z"));
    EXPECT_EQ(spool->pendingCount(), 0);
}

// A file that already exists on the server is never overwritten: the conflict is
// reported, the rows stay in the spool (and a local copy is written); once the
// server's file is moved away, the next attempt publishes them.
TEST_F(EtlPipeline, APreExistingFileIsNeverOverwritten)
{
    const QByteArray theirs = "timestamp,measure_timestamp,ok,wind_speed,humidity\r\nsomeone else's file\r\n";
    ASSERT_TRUE(ftpPut(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv"), theirs).ok());

    SimulatedClock clock(utc("2022-11-20T12:00:30Z"));
    auto spool = openSpool();
    WeatherFetcher fetcher(fetcherConfig());
    Publisher publisher(publisherConfig());
    Pipeline pipeline(clock, *spool, fetcher, publisher, logger());

    RunReport report = pipeline.run(clock.now(), 10);
    EXPECT_FALSE(report.success());
    ASSERT_EQ(report.conflicts.size(), 1);
    EXPECT_EQ(report.conflicts[0].fileName(), QStringLiteral("file-2022-11-20T12-10.csv"));
    EXPECT_EQ(ftpGet(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv")).value(), theirs); // untouched
    EXPECT_EQ(remoteNames(), QStringList{QStringLiteral("file-2022-11-20T12-10.csv")});      // no stray temp file
    EXPECT_EQ(spool->pendingCount(), 10);
    const QString log = m_log.join(QLatin1Char('\n'));
    EXPECT_TRUE(log.contains(QLatin1String("CONFLICT"))) << log.toStdString();
    EXPECT_TRUE(log.contains(QLatin1String("never overwritten")));

    // The local copy holds the rows.
    QFile copy(QDir(spool->conflictsDir()).filePath(QStringLiteral("file-2022-11-20T12-10.csv")));
    ASSERT_TRUE(copy.open(QIODevice::ReadOnly));
    EXPECT_EQ(CsvReader::parse(copy.readAll()).value().size(), 11);

    // A restart keeps them too.
    spool.reset();
    spool = openSpool();
    EXPECT_EQ(spool->pendingCount(), 10);

    // The operator moves the server's file away: the rows get published, all of them.
    ASSERT_TRUE(ftpRename(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv"), QStringLiteral("/conflict-moved-away.csv")).ok());
    Pipeline again(clock, *spool, fetcher, publisher, logger());
    const PublishReport r = again.publishDue(clock.now());
    EXPECT_TRUE(r.clean());
    ASSERT_EQ(r.published.size(), 1);
    expectFile(QStringLiteral("file-2022-11-20T12-10.csv"), 10, utc("2022-11-20T12:01Z"));
    EXPECT_EQ(spool->pendingCount(), 0);
}

// The server already holds exactly the file we would upload (an earlier run uploaded
// it and was killed before recording it): counted as published, not a conflict.
TEST_F(EtlPipeline, TheSameFileAlreadyThereCountsAsPublished)
{
    SimulatedClock clock(utc("2022-11-20T12:00:30Z"));
    auto spool = openSpool();
    WeatherFetcher fetcher(fetcherConfig());
    Publisher publisher(publisherConfig());
    Pipeline pipeline(clock, *spool, fetcher, publisher, logger());
    for (QDateTime m = utc("2022-11-20T12:01Z"); m <= utc("2022-11-20T12:10Z"); m = m.addSecs(60)) {
        clock.sleepUntil(m);
        pipeline.sampleMinute(m);
    }
    const Window w = Window::containing(utc("2022-11-20T12:10Z"));
    const QByteArray csv = CsvWriter::document(spool->pending(w));
    ASSERT_TRUE(ftpPut(*m_ftp, QStringLiteral("/") + w.fileName(), csv).ok());

    const PublishReport r = pipeline.publishDue(clock.now());
    EXPECT_TRUE(r.clean());
    ASSERT_EQ(r.published.size(), 1);
    EXPECT_TRUE(spool->isPublished(w));
    EXPECT_EQ(ftpGet(*m_ftp, QStringLiteral("/") + w.fileName()).value(), csv);
    EXPECT_TRUE(m_log.join(QLatin1Char('\n')).contains(QLatin1String("already there")));
}

// A process that ends (cleanly here; kill -9 in the executable's tests) and runs the
// same schedule again with the same spool resumes: no minute fetched twice, every
// row published once.
TEST_F(EtlPipeline, ARestartWithTheSameSpoolResumes)
{
    {
        SimulatedClock clock(utc("2022-11-20T12:00:30Z"));
        auto spool = openSpool();
        WeatherFetcher fetcher(fetcherConfig());
        Publisher publisher(publisherConfig());
        Pipeline pipeline(clock, *spool, fetcher, publisher, logger());
        EXPECT_TRUE(pipeline.run(clock.now(), 13).success()); // 12:01 … 12:13, 12:10 published
    }
    EXPECT_EQ(remoteNames(), QStringList{QStringLiteral("file-2022-11-20T12-10.csv")});
    const QByteArray before = ftpGet(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv")).value();

    SimulatedClock clock(utc("2022-11-20T12:00:30Z"));
    auto spool = openSpool();
    EXPECT_EQ(spool->pendingCount(), 3);
    WeatherFetcher fetcher(fetcherConfig());
    Publisher publisher(publisherConfig());
    Pipeline pipeline(clock, *spool, fetcher, publisher, logger());
    const RunReport report = pipeline.run(clock.now(), 25);
    EXPECT_TRUE(report.success());
    EXPECT_EQ(report.alreadySpooled, 13);
    EXPECT_EQ(report.sampled, 12);
    EXPECT_EQ(m_control->requests().value(), 25);
    EXPECT_EQ(ftpGet(*m_ftp, QStringLiteral("/file-2022-11-20T12-10.csv")).value(), before); // not republished
    expectFile(QStringLiteral("file-2022-11-20T12-20.csv"), 10, utc("2022-11-20T12:11Z"));
    EXPECT_EQ(remoteNames().size(), 2);
}

// FTP_DIR names a folder the server does not have yet: the first publication creates
// it, leaves no temporary file behind, and a second one of the same window counts as
// already there. A refused login is a failure with the server's reply code.
TEST_F(EtlPipeline, PublishingCreatesTheFolderAndReportsReplyCodes)
{
    PublisherConfig config = publisherConfig();
    config.remoteDir = QStringLiteral("/out/2022-11");
    Publisher publisher(config);
    const Window w = Window::containing(utc("2022-11-20T12:10Z"));
    const QByteArray csv = CsvWriter::document({});

    const PublishOutcome first = publisher.publish(w, csv);
    ASSERT_EQ(first.kind, PublishOutcome::Kind::Published) << first.error.toString().toStdString();
    EXPECT_EQ(first.remotePath, QStringLiteral("/out/2022-11/file-2022-11-20T12-10.csv"));
    EXPECT_EQ(remoteNames(), QStringList{QStringLiteral("out")});
    const Result<QStringList> inside = ftpNames(*m_ftp, QStringLiteral("/out/2022-11"));
    ASSERT_TRUE(inside.ok()) << inside.error().toString().toStdString();
    EXPECT_EQ(*inside, QStringList{QStringLiteral("file-2022-11-20T12-10.csv")}); // no temporary name left
    EXPECT_EQ(ftpGet(*m_ftp, first.remotePath).value(), csv);

    const PublishOutcome again = publisher.publish(w, csv);
    EXPECT_EQ(again.kind, PublishOutcome::Kind::AlreadyThere);

    PublisherConfig wrong = publisherConfig();
    wrong.ftp.password = QStringLiteral("not-the-password");
    const PublishOutcome refused = Publisher(wrong).publish(w, csv);
    EXPECT_EQ(refused.kind, PublishOutcome::Kind::Failed);
    EXPECT_EQ(refused.error.kind, Error::Kind::Auth);
    EXPECT_EQ(refused.error.replyCode, 530);
    EXPECT_TRUE(refused.error.message.contains(QLatin1String("530"))) << refused.error.message.toStdString();
    EXPECT_FALSE(refused.error.message.contains(QLatin1String("not-the-password"))) << "the password must not be shown";
}
