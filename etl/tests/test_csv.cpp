// CSV writing (RFC 4180) and reading back: our strict reader, and Python's csv
// module as an independent standard reader when python3 is installed.

#include "csvreader.h"
#include "csvwriter.h"
#include "utctime.h"

#include <QLocale>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::etl;

namespace {

QDateTime utc(const char *iso) { return *UtcTime::parse(QString::fromLatin1(iso)); }

QList<QStringList> readBack(const QByteArray &csv)
{
    Result<QList<QStringList>> rows = CsvReader::parse(csv);
    EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().message.toStdString());
    return rows ? *rows : QList<QStringList>();
}

const QStringList kNasty = {
    QStringLiteral("plain"),
    QString(),
    QStringLiteral("a,b"),
    QStringLiteral("say \"hi\""),
    QStringLiteral("\""),
    QStringLiteral("line1\nline2"),
    QStringLiteral("cr\rlf\r\n"),
    QStringLiteral(" leading and trailing spaces "),
    QStringLiteral("Lyon, Auvergne-Rhône-Alpes ☀"),
    QStringLiteral(",\",\n"),
};

} // namespace

TEST(CsvWriter, QuotesOnlyWhatNeedsQuoting)
{
    EXPECT_EQ(CsvWriter::field(QStringLiteral("plain")), QByteArray("plain"));
    EXPECT_EQ(CsvWriter::field(QString()), QByteArray(""));
    EXPECT_EQ(CsvWriter::field(QStringLiteral("a,b")), QByteArray("\"a,b\""));
    EXPECT_EQ(CsvWriter::field(QStringLiteral("say \"hi\"")), QByteArray("\"say \"\"hi\"\"\""));
    EXPECT_EQ(CsvWriter::field(QStringLiteral("a\nb")), QByteArray("\"a\nb\""));
    EXPECT_EQ(CsvWriter::field(QStringLiteral("a\rb")), QByteArray("\"a\rb\""));
    EXPECT_EQ(CsvWriter::field(QStringLiteral(" x ")), QByteArray(" x ")); // spaces are data, not quoted
    EXPECT_EQ(CsvWriter::field(QStringLiteral("Rhône")), QStringLiteral("Rhône").toUtf8());
}

TEST(CsvWriter, RowsEndWithCrLf)
{
    EXPECT_EQ(CsvWriter::row({QStringLiteral("a"), QStringLiteral("b,c"), QString()}), QByteArray("a,\"b,c\",\r\n"));
}

TEST(CsvWriter, DocumentHasTheHeaderThenSortedRowsWithEmptyValuesForFailures)
{
    QList<Sample> samples;
    samples << Sample::success(utc("2022-11-20T12:06Z"), Measurement{1668945960, 4.1, 81});
    samples << Sample::failure(utc("2022-11-20T12:07Z"), QStringLiteral("HTTP 500, with, commas"));
    samples << Sample::success(utc("2022-11-20T12:05Z"), Measurement{1668945900, 3.6, 82});
    const QByteArray csv = CsvWriter::document(samples);
    EXPECT_EQ(csv, QByteArray("timestamp,measure_timestamp,ok,wind_speed,humidity\r\n"
                              "2022-11-20T12:05Z,1668945900,1,3.6,82\r\n"
                              "2022-11-20T12:06Z,1668945960,1,4.1,81\r\n"
                              "2022-11-20T12:07Z,,0,,\r\n"));
    const QList<QStringList> rows = readBack(csv);
    ASSERT_EQ(rows.size(), 4);
    EXPECT_EQ(rows[0], CsvWriter::headerFields());
    for (const QStringList &r : rows)
        EXPECT_EQ(r.size(), 5);
}

TEST(CsvWriter, NumbersAreShortestExactAndLocaleIndependent)
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France)); // decimal comma
    EXPECT_EQ(CsvWriter::number(3.6), QStringLiteral("3.6"));
    EXPECT_EQ(CsvWriter::number(82), QStringLiteral("82"));
    EXPECT_EQ(CsvWriter::number(0), QStringLiteral("0"));
    EXPECT_EQ(CsvWriter::number(0.1 + 0.2).toDouble(), 0.1 + 0.2); // round-trips exactly
    EXPECT_EQ(CsvWriter::number(12.345), QStringLiteral("12.345"));
    QLocale::setDefault(before);
}

TEST(CsvReader, ReadsBackEveryNastyField)
{
    QByteArray csv = CsvWriter::row(kNasty) + CsvWriter::row({QStringLiteral("x"), QStringLiteral("y")});
    const QList<QStringList> rows = readBack(csv);
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0], kNasty);
    EXPECT_EQ(rows[1], (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
}

TEST(CsvReader, AcceptsLfAndAMissingLastLineEnd)
{
    const QList<QStringList> rows = readBack("a,b\nc,\"d\"\"\"\ne,f");
    ASSERT_EQ(rows.size(), 3);
    EXPECT_EQ(rows[1], (QStringList{QStringLiteral("c"), QStringLiteral("d\"")}));
    EXPECT_EQ(rows[2], (QStringList{QStringLiteral("e"), QStringLiteral("f")}));
    EXPECT_TRUE(readBack("").isEmpty());
    EXPECT_EQ(readBack("a,\r\n").value(0), (QStringList{QStringLiteral("a"), QString()}));
    EXPECT_EQ(readBack("\"\"\r\n").value(0), QStringList{QString()});
}

TEST(CsvReader, RejectsWhatRfc4180Forbids)
{
    Result<QList<QStringList>> r = CsvReader::parse("a,b\"c\r\n");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("line 1"))) << r.error().message.toStdString();
    r = CsvReader::parse("a,\"b\"c\r\n");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("after the closing quote")));
    r = CsvReader::parse("a\r\n\"open,\r\n");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("not terminated")));
}

// Any standard CSV reader: Python's csv module reads the same fields we wrote.
TEST(CsvWriter, PythonsCsvModuleReadsTheSameFields)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    ASSERT_FALSE(python.isEmpty()) << "python3 not found: scripts/setup.sh installs it";
    QList<Sample> samples;
    samples << Sample::success(utc("2022-11-20T12:05Z"), Measurement{1668945900, 3.6, 82});
    samples << Sample::failure(utc("2022-11-20T12:06Z"), QStringLiteral("x"));
    QByteArray csv = CsvWriter::document(samples) + CsvWriter::row(kNasty);
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("t.csv")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();
    QProcess p;
    p.start(python, {QStringLiteral("-c"),
                     QStringLiteral("import csv,json,sys\n"
                                    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                                    "    print(json.dumps(list(csv.reader(f, strict=True))))"),
                     f.fileName()});
    ASSERT_TRUE(p.waitForFinished(30000));
    ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    const QJsonArray rows = QJsonDocument::fromJson(p.readAllStandardOutput()).array();
    const QList<QStringList> ours = readBack(csv);
    ASSERT_EQ(rows.size(), ours.size());
    for (qsizetype i = 0; i < ours.size(); ++i) {
        QStringList theirs;
        for (const QJsonValue &v : rows[i].toArray())
            theirs << v.toString();
        EXPECT_EQ(theirs, ours[i]) << "row " << i;
    }
}
