#include "logsmodel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace fixbench;

namespace {

LogEntry entry(const QString &service, const QByteArray &text, qint64 msecs = 0,
               LogLine::Stream stream = LogLine::Stream::Stdout)
{
    LogEntry e;
    e.service = service;
    e.container = QStringLiteral("0123456789ab");
    e.text = text;
    e.stream = stream;
    if (msecs)
        e.timestamp = QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
    return e;
}

QList<LogEntry> batch(int from, int count, const QByteArray &padding = {})
{
    QList<LogEntry> out;
    out.reserve(count);
    for (int i = from; i < from + count; ++i)
        out << entry(i % 3 == 0 ? QStringLiteral("db") : QStringLiteral("app"),
                     "line " + QByteArray::number(i) + padding);
    return out;
}

// Resident memory of this process, from /proc (Linux).
qint64 rssBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.value(1).toLongLong() * 4096;
}

} // namespace

class TestLogsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appendAndRoles()
    {
        LogsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy services(&m, &LogsModel::servicesChanged);
        m.append({entry(QStringLiteral("ftp"), "\x1b[32mOK LOGIN\x1b[0m: Client", 1700000000123),
                  entry(QStringLiteral("db"), "ready", 0, LogLine::Stream::Stderr)});
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(services.count(), 1);
        QCOMPARE(m.services(), (QStringList{QStringLiteral("ftp"), QStringLiteral("db")}));
        const QModelIndex i = m.index(0);
        QCOMPARE(i.data(LogsModel::ServiceRole).toString(), QStringLiteral("ftp"));
        QCOMPARE(i.data(LogsModel::ServiceIndexRole).toInt(), 0);
        QCOMPARE(i.data(LogsModel::PlainTextRole).toString(), QStringLiteral("OK LOGIN: Client"));
        QVERIFY(i.data(LogsModel::RawTextRole).toString().contains(QLatin1Char('\x1b')));
        QCOMPARE(i.data(LogsModel::TimestampRole).toDateTime().toMSecsSinceEpoch(), 1700000000123);
        QCOMPARE(i.data(LogsModel::SequenceRole).toLongLong(), 0);
        QCOMPARE(m.index(1).data(LogsModel::StderrRole).toBool(), true);
        QCOMPARE(m.index(1).data(LogsModel::ServiceIndexRole).toInt(), 1);
        QCOMPARE(m.lineText(0), QStringLiteral("ftp | OK LOGIN: Client"));
        QCOMPARE(m.lineText(1), QStringLiteral("db  | ready"));
        m.setShowTimestamps(true);
        QVERIFY(m.lineText(0).startsWith(QStringLiteral("ftp | ")));
        QVERIFY2(m.lineText(0).contains(QStringLiteral(".123 OK LOGIN")), qPrintable(m.lineText(0)));
    }

    void capByLinesSignalsRowsNotResets()
    {
        LogsModel m;
        m.setCapacity(1000, 64 * 1024 * 1024);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&m, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        m.append(batch(0, 800));
        m.append(batch(800, 500)); // 300 must go
        QCOMPARE(m.rowCount(), 1000);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 0);
        QCOMPARE(removed.first().at(2).toInt(), 299);
        QCOMPARE(m.index(0).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 300"));
        QCOMPARE(m.index(999).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 1299"));
        QCOMPARE(m.evicted(), 300);
        // A batch bigger than the whole buffer: only its newest lines stay.
        m.append(batch(10000, 2500));
        QCOMPARE(m.rowCount(), 1000);
        QCOMPARE(m.index(0).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 11500"));
        QCOMPARE(m.index(999).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 12499"));
        QCOMPARE(m.totalAppended(), 1300 + 2500);
    }

    void capByBytes()
    {
        LogsModel m;
        const qint64 budget = 1024 * 1024;
        m.setCapacity(1000000, budget);
        const QByteArray pad(1000, 'x');
        for (int i = 0; i < 50; ++i) {
            m.append(batch(i * 100, 100, pad));
            QVERIFY2(m.approximateBytes() <= budget, qPrintable(QString::number(m.approximateBytes())));
        }
        QVERIFY(m.rowCount() > 500);   // about budget / 1 KB
        QVERIFY(m.rowCount() < 1100);
        QCOMPARE(m.index(m.rowCount() - 1).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 4999") + QString::fromLatin1(pad));
    }

    // The case: a million lines in, memory stays within the cap.
    void millionLinesStayWithinCap()
    {
        LogsModel m; // defaults: 100,000 lines, 64 MB
        QCOMPARE(m.maxLines(), LogsModel::kDefaultMaxLines);
        const qint64 rssBefore = rssBytes();
        QSignalSpy resets(&m, &QAbstractItemModel::modelReset);
        QElapsedTimer t;
        t.start();
        qint64 peak = 0;
        const QByteArray pad = " " + QByteArray(80, '.') + " \x1b[33mwarn\x1b[0m";
        for (int b = 0; b < 1000; ++b) {
            m.append(batch(b * 1000, 1000, pad));
            QVERIFY(m.rowCount() <= m.maxLines());
            peak = std::max(peak, m.approximateBytes());
        }
        const qint64 ms = t.elapsed();
        QCOMPARE(m.totalAppended(), 1000000);
        QCOMPARE(m.rowCount(), m.maxLines());
        QCOMPARE(resets.count(), 0);
        QVERIFY2(peak <= m.maxBytes(), qPrintable(QString::number(peak)));
        QCOMPARE(m.index(m.rowCount() - 1).data(LogsModel::PlainTextRole).toString(),
                 QStringLiteral("line 999999 ") + QString(80, QLatin1Char('.')) + QStringLiteral(" warn"));
        // The process really holds about that much, not a million lines.
        const qint64 rssGrowth = rssBytes() - rssBefore;
        qInfo("1,000,000 lines in %lld ms (%.0f lines/s); buffer %d lines, ~%.1f MB by the model's count, "
              "RSS growth %.1f MB",
              ms, 1e6 * 1000.0 / std::max<qint64>(1, ms), m.rowCount(), m.approximateBytes() / 1048576.0,
              rssGrowth / 1048576.0);
        QVERIFY2(rssGrowth < 2 * m.approximateBytes() + 16 * 1024 * 1024, qPrintable(QString::number(rssGrowth)));
        // Search still answers over the whole buffer.
        QVERIFY(m.findNext(QStringLiteral("line 999998 "), -1) == m.rowCount() - 2);
    }

    void serviceFilter()
    {
        LogsModel m;
        m.setCapacity(100, 64 * 1024 * 1024);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.append(batch(0, 90)); // db: every third line (30)
        m.setServiceFilter(QStringLiteral("db"));
        QCOMPARE(m.rowCount(), 30);
        QCOMPARE(m.index(1).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 3"));
        m.append(batch(90, 30)); // 20 evicted (7 of them db), 10 db added
        QCOMPARE(m.lineCount(), 100);
        QCOMPARE(m.rowCount(), 30 - 7 + 10);
        for (int r = 0; r < m.rowCount(); ++r)
            QCOMPARE(m.index(r).data(LogsModel::ServiceRole).toString(), QStringLiteral("db"));
        // A service not seen yet: nothing, until it speaks.
        m.setServiceFilter(QStringLiteral("cache"));
        QCOMPARE(m.rowCount(), 0);
        m.append({entry(QStringLiteral("cache"), "warm")});
        QCOMPARE(m.rowCount(), 1);
        m.setServiceFilter(QString());
        QCOMPARE(m.rowCount(), 100);
    }

    void search()
    {
        LogsModel m;
        m.append({entry(QStringLiteral("a"), "alpha"), entry(QStringLiteral("a"), "\x1b[31mERR\x1b[0mOR one"),
                  entry(QStringLiteral("b"), "beta"), entry(QStringLiteral("a"), "error two")});
        QCOMPARE(m.countMatches(QStringLiteral("error")), 2); // ANSI stripped, case-insensitive
        QCOMPARE(m.countMatches(QStringLiteral("error"), Qt::CaseSensitive), 1);
        QCOMPARE(m.findNext(QStringLiteral("error"), -1), 1);
        QCOMPARE(m.findNext(QStringLiteral("error"), 1), 3);
        QCOMPARE(m.findNext(QStringLiteral("error"), 3), 1); // wraps
        QCOMPARE(m.findNext(QStringLiteral("error"), 3, true), 1);
        QCOMPARE(m.findNext(QStringLiteral("error"), 1, true), 3); // wraps backwards
        QCOMPARE(m.findNext(QStringLiteral("nothing"), -1), -1);
        QCOMPARE(m.findNext(QString(), -1), -1);
    }

    void clearAndSave()
    {
        LogsModel m;
        m.append({entry(QStringLiteral("app"), "one"), entry(QStringLiteral("app"), "\x1b[1mtwo\x1b[0m")});
        QBuffer buf;
        buf.open(QIODevice::WriteOnly);
        QVERIFY(m.save(&buf));
        QCOMPARE(buf.data(), QByteArray("app | one\napp | two\n"));
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.clear();
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(reset.count(), 1);
        m.append({entry(QStringLiteral("app"), "three")});
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.index(0).data(LogsModel::SequenceRole).toLongLong(), 2); // numbers are never reused
    }

    void shrinkCapacity()
    {
        LogsModel m;
        m.append(batch(0, 500));
        m.setCapacity(100, 64 * 1024 * 1024);
        QCOMPARE(m.rowCount(), 100);
        QCOMPARE(m.index(0).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 400"));
        m.append(batch(500, 50));
        QCOMPARE(m.rowCount(), 100);
        QCOMPARE(m.index(99).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 549"));
    }
};

QTEST_GUILESS_MAIN(TestLogsModel)
#include "test_logsmodel.moc"
