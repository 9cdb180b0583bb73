#include "csvmodel.h"
#include "ftplistingmodel.h"
#include "ftptreemodel.h"
#include "transfersmodel.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

using namespace fixbench;

namespace {

FtpEntry entry(const QString &name, FtpEntry::Type type, qint64 size, const QString &when)
{
    FtpEntry e;
    e.name = name;
    e.type = type;
    e.size = size;
    e.modified = QDateTime::fromString(when, Qt::ISODate);
    e.permissions = type == FtpEntry::Type::Directory ? QStringLiteral("rwxr-xr-x") : QStringLiteral("rw-r--r--");
    return e;
}

QList<FtpEntry> entries()
{
    return {entry(QStringLiteral("b.csv"), FtpEntry::Type::File, 2048, QStringLiteral("2022-11-20T12:10:00Z")),
            entry(QStringLiteral("out"), FtpEntry::Type::Directory, 4096, QStringLiteral("2022-11-20T12:00:00Z")),
            entry(QStringLiteral("a.txt"), FtpEntry::Type::File, 10, QStringLiteral("2022-11-20T12:20:00Z")),
            entry(QStringLiteral("archive"), FtpEntry::Type::Directory, 4096, QStringLiteral("2022-11-19T00:00:00Z")),
            entry(QStringLiteral("big.bin"), FtpEntry::Type::File, 5000000, QStringLiteral("2022-11-18T00:00:00Z"))};
}

QStringList names(QAbstractItemModel *m)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, 0).data().toString();
    return out;
}

} // namespace

class TestFtpModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listingColumnsAndSorting()
    {
        FtpListingModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setEntries(QStringLiteral("/data"), entries());
        QCOMPARE(m.rowCount(), 5);
        QCOMPARE(m.columnCount(), int(FtpListingModel::ColumnCount));
        QCOMPARE(m.index(0, FtpListingModel::NameColumn).data(FtpListingModel::PathRole).toString(), QStringLiteral("/data/b.csv"));
        QCOMPARE(m.index(1, FtpListingModel::SizeColumn).data().toString(), QString()); // no size for folders
        QVERIFY(!m.index(0, FtpListingModel::SizeColumn).data().toString().isEmpty());
        QCOMPARE(m.index(0, FtpListingModel::PermissionsColumn).data().toString(), QStringLiteral("rw-r--r--"));
        QVERIFY(!m.index(0, FtpListingModel::ModifiedColumn).data().toString().isEmpty());
        QCOMPARE(FtpListingModel::join(QStringLiteral("/"), QStringLiteral("x")), QStringLiteral("/x"));

        FtpSortProxy proxy;
        proxy.setSourceModel(&m);
        proxy.setSortRole(FtpListingModel::SortRole);
        proxy.sort(FtpListingModel::NameColumn, Qt::AscendingOrder);
        QCOMPARE(names(&proxy), (QStringList{QStringLiteral("archive"), QStringLiteral("out"), QStringLiteral("a.txt"),
                                             QStringLiteral("b.csv"), QStringLiteral("big.bin")}));
        proxy.sort(FtpListingModel::SizeColumn, Qt::DescendingOrder); // folders still first
        QCOMPARE(names(&proxy).mid(2), (QStringList{QStringLiteral("big.bin"), QStringLiteral("b.csv"), QStringLiteral("a.txt")}));
        proxy.sort(FtpListingModel::ModifiedColumn, Qt::AscendingOrder);
        QCOMPARE(names(&proxy).mid(2), (QStringList{QStringLiteral("big.bin"), QStringLiteral("b.csv"), QStringLiteral("a.txt")}));
    }

    void renameAndDrop()
    {
        FtpListingModel m;
        m.setEntries(QStringLiteral("/"), entries());
        QSignalSpy rename(&m, &FtpListingModel::renameRequested);
        QVERIFY(m.flags(m.index(0, 0)) & Qt::ItemIsEditable);
        QVERIFY(!m.setData(m.index(0, 0), QStringLiteral("c.csv"))); // the server decides
        QCOMPARE(rename.count(), 1);
        QCOMPARE(rename.first().at(0).toString(), QStringLiteral("/b.csv"));
        QCOMPARE(rename.first().at(1).toString(), QStringLiteral("/c.csv"));
        QVERIFY(!m.setData(m.index(0, 0), QStringLiteral("bad/name")));
        QCOMPARE(rename.count(), 1);

        QSignalSpy dropped(&m, &FtpListingModel::filesDropped);
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/x.csv"))});
        QVERIFY(m.canDropMimeData(&data, Qt::CopyAction, -1, -1, QModelIndex()));
        QVERIFY(m.dropMimeData(&data, Qt::CopyAction, -1, -1, QModelIndex()));
        QCOMPARE(dropped.first().at(0).toStringList(), QStringList{QStringLiteral("/tmp/x.csv")});
        QCOMPARE(dropped.first().at(1).toString(), QStringLiteral("/"));
        // Onto a folder: into it.
        QVERIFY(m.dropMimeData(&data, Qt::CopyAction, -1, -1, m.index(1, 0)));
        QCOMPARE(dropped.last().at(1).toString(), QStringLiteral("/out"));
        QMimeData remote;
        remote.setUrls({QUrl(QStringLiteral("http://example.com/x"))});
        QVERIFY(!m.canDropMimeData(&remote, Qt::CopyAction, -1, -1, QModelIndex()));
        std::unique_ptr<QMimeData> out(m.mimeData({m.index(0, 0)}));
        QCOMPARE(out->data(QLatin1String(FtpListingModel::kRemotePathsMime)), QByteArray("/b.csv"));
    }

    void treeIsLazy()
    {
        FtpTreeModel m; // (no model tester here: it would fetch on its own)
        m.reset(QStringLiteral("ftp://fixbench@127.0.0.1:2121/"));
        QCOMPARE(m.rowCount(), 1);
        const QModelIndex root = m.index(0, 0);
        QCOMPARE(root.data().toString(), QStringLiteral("ftp://fixbench@127.0.0.1:2121/"));
        QVERIFY(m.hasChildren(root));
        QSignalSpy fetch(&m, &FtpTreeModel::fetchRequested);
        QVERIFY(m.canFetchMore(root));
        m.fetchMore(root);
        QCOMPARE(fetch.count(), 1);
        QCOMPARE(fetch.first().at(0).toString(), QStringLiteral("/"));
        QVERIFY(!m.canFetchMore(root)); // asked already
        m.setSubdirectories(QStringLiteral("/"), {QStringLiteral("out"), QStringLiteral("archive")});
        QCOMPARE(m.rowCount(root), 2);
        QCOMPARE(m.index(0, 0, root).data().toString(), QStringLiteral("archive"));
        const QModelIndex out = m.indexOf(QStringLiteral("/out"));
        QCOMPARE(out.data(FtpTreeModel::PathRole).toString(), QStringLiteral("/out"));
        m.setSubdirectories(QStringLiteral("/out"), {QStringLiteral("2022")});
        QVERIFY(m.indexOf(QStringLiteral("/out/2022")).isValid());
        m.setSubdirectories(QStringLiteral("/out"), {});
        QVERIFY(!m.hasChildren(out));
        // A folder that disappeared takes its subtree along.
        m.setSubdirectories(QStringLiteral("/"), {QStringLiteral("archive")});
        QVERIFY(!m.indexOf(QStringLiteral("/out")).isValid());
        QCOMPARE(m.rowCount(root), 1);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void csv()
    {
        CsvModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setCsv("time,city,wind\r\n2022-11-20T12:01Z,\"Lyon, FR\",3.1\n2022-11-20T12:02Z,\"say \"\"hi\"\"\nthere\",\n");
        QCOMPARE(m.header(), (QStringList{QStringLiteral("time"), QStringLiteral("city"), QStringLiteral("wind")}));
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.columnCount(), 3);
        QCOMPARE(m.index(0, 1).data().toString(), QStringLiteral("Lyon, FR"));
        QCOMPARE(m.index(1, 1).data().toString(), QStringLiteral("say \"hi\"\nthere"));
        QCOMPARE(m.index(1, 2).data().toString(), QString());
        QCOMPARE(m.headerData(2, Qt::Horizontal).toString(), QStringLiteral("wind"));
        QCOMPARE(CsvModel::guessSeparator("a;b;c\n1;2;3"), QLatin1Char(';'));
        QCOMPARE(CsvModel::guessSeparator("a\tb\n"), QLatin1Char('\t'));
        QCOMPARE(CsvModel::parse("a,b", QLatin1Char(',')), (QList<QStringList>{{QStringLiteral("a"), QStringLiteral("b")}}));
        m.clear();
        QCOMPARE(m.rowCount(), 0);
    }

    void transfers()
    {
        TransfersModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.started(1, false, QStringLiteral("/a.csv"), QStringLiteral("/tmp/a.csv"), 1000);
        m.started(2, true, QStringLiteral("/b.csv"), QStringLiteral("/tmp/b.csv"), -1);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.runningCount(), 2);
        QCOMPARE(m.index(0, 0).data(TransfersModel::IdRole).toInt(), 2); // newest first
        m.progress(1, 500, 1000);
        QCOMPARE(m.index(1, 0).data(TransfersModel::FractionRole).toDouble(), 0.5);
        QCOMPARE(m.index(0, 0).data(TransfersModel::FractionRole).toDouble(), -1.0); // size unknown: busy
        m.finished(1, true, Error());
        m.finished(2, false, Error(Error::Kind::Cancelled, QStringLiteral("get of /a.csv cancelled")));
        QCOMPARE(m.index(1, TransfersModel::StateColumn).data().toString(), QStringLiteral("done"));
        QCOMPARE(m.index(0, TransfersModel::StateColumn).data().toString(), QStringLiteral("cancelled"));
        QCOMPARE(m.runningCount(), 0);
        // The state comes from the error's kind, not from its words.
        m.started(3, true, QStringLiteral("/cancellations.csv"), QStringLiteral("/tmp/cancellations.csv"), 10);
        m.finished(3, false, Error(Error::Kind::Ftp, QStringLiteral("put of /cancellations.csv failed: 553 Could not create file")));
        QCOMPARE(m.index(0, TransfersModel::StateColumn).data().toString(), QStringLiteral("failed"));
        m.clearFinished();
        QCOMPARE(m.rowCount(), 0);
    }
};

QTEST_MAIN(TestFtpModels)
#include "test_ftpmodels.moc"
