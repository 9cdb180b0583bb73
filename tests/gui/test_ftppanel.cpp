// The FTP panel against the real ftp_server fixture: connect with the fixture's
// environment, upload (also by drop), preview, new folder, rename, download, delete,
// cancel a transfer.
#include "csvmodel.h"
#include "fixture/fixturecontroller.h"
#include "ftplistingmodel.h"
#include "ftppanel.h"
#include "ftptreemodel.h"
#include "testsupport.h"
#include "transfersmodel.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUrl>

using namespace fixbench;

namespace {

bool listed(FtpPanel &p, const QString &name)
{
    return p.listing()->rowOf(name) >= 0;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestFtpPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_ws;
    QTemporaryDir m_local;
    std::unique_ptr<FixtureController> m_ctrl;

private Q_SLOTS:
    void initTestCase()
    {
        EngineClient engine;
        Status ping = engine.ping();
        QVERIFY2(ping.ok(), qPrintable(ping ? QString() : ping.error().toString()));
        QVERIFY(testsupport::copyTree(QStringLiteral(FIXBENCH_SOURCE_DIR "/fixtures/ftp_server"), m_ws.filePath(QStringLiteral("fixtures/ftp_server"))));
        QFile yml(m_ws.filePath(QStringLiteral("fixbench.yml")));
        QVERIFY(yml.open(QIODevice::WriteOnly));
        yml.write("name: ftp-panel-test\n");
        yml.close();
        auto ws = Workspace::load(m_ws.path());
        QVERIFY(ws.ok());
        m_ctrl = std::make_unique<FixtureController>(*ws);
        m_ctrl->startWatching(500);
        QSignalSpy finished(m_ctrl.get(), &FixtureController::operationFinished);
        QVERIFY(m_ctrl->up(QStringLiteral("ftp_server")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
        QVERIFY2(finished.first().at(3).toBool(), qPrintable(finished.first().at(4).value<fixbench::Error>().toString()));
        QVERIFY(!m_ctrl->environmentOf(QStringLiteral("ftp_server")).isEmpty());
    }

    void cleanupTestCase()
    {
        if (!m_ctrl)
            return;
        QSignalSpy finished(m_ctrl.get(), &FixtureController::operationFinished);
        if (m_ctrl->down(QStringLiteral("ftp_server")))
            QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        m_ctrl.reset();
    }

    void browse()
    {
        FtpPanel p;
        p.resize(1000, 700);
        p.setController(m_ctrl.get());
        p.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p));
        // The fixture is offered as a source.
        QTRY_VERIFY(p.sourceBox()->findData(QStringLiteral("ftp_server")) >= 0);
        QString error;
        QVERIFY2(p.connectToFixture(QStringLiteral("ftp_server"), &error), qPrintable(error));
        QSignalSpy listedSpy(&p, &FtpPanel::listingChanged);
        QTRY_VERIFY_WITH_TIMEOUT(listedSpy.count() >= 1, 20000);
        QCOMPARE(p.currentDirectory(), QStringLiteral("/"));
        QVERIFY(p.tree()->indexOf(QStringLiteral("/")).isValid());

        // Upload.
        const QByteArray content = "time,wind\n2022-11-20T12:01Z,3.1\n";
        const QString local = m_local.filePath(QStringLiteral("hello.csv"));
        QVERIFY(writeFile(local, content));
        QSignalSpy done(p.browser(), &FtpBrowser::transferFinished);
        QVERIFY(p.upload(local, QStringLiteral("/hello.csv")) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 20000);
        QVERIFY2(done.first().at(1).toBool(), qPrintable(done.first().at(2).value<fixbench::Error>().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(listed(p, QStringLiteral("hello.csv")), 10000);
        QCOMPARE(p.transfers()->index(0, TransfersModel::StateColumn).data().toString(), QStringLiteral("done"));
        const FtpEntry *e = p.listing()->entryAt(p.listing()->rowOf(QStringLiteral("hello.csv")));
        QCOMPARE(e->size, content.size());

        // Preview (CSV as a table): double-click the file.
        {
            const QModelIndex cell = p.listingProxy()->mapFromSource(p.listing()->index(p.listing()->rowOf(QStringLiteral("hello.csv")), 0));
            const QPoint at = p.listingView()->visualRect(cell).center();
            QTest::mouseClick(p.listingView()->viewport(), Qt::LeftButton, {}, at);
            QTest::mouseDClick(p.listingView()->viewport(), Qt::LeftButton, {}, at);
        }
        QTRY_COMPARE_WITH_TIMEOUT(p.csv()->rowCount(), 1, 10000);
        QCOMPARE(p.previewedPath(), QStringLiteral("/hello.csv"));

        // New folder, shown in the tree too.
        p.browser()->mkdir(QStringLiteral("/sub"));
        QTRY_VERIFY_WITH_TIMEOUT(listed(p, QStringLiteral("sub")), 10000);
        QTRY_VERIFY(p.tree()->indexOf(QStringLiteral("/sub")).isValid());

        // Rename in place.
        QVERIFY(!p.listing()->setData(p.listing()->index(p.listing()->rowOf(QStringLiteral("hello.csv")), 0), QStringLiteral("renamed.csv")));
        QTRY_VERIFY_WITH_TIMEOUT(listed(p, QStringLiteral("renamed.csv")) && !listed(p, QStringLiteral("hello.csv")), 10000);

        // Download.
        const QString back = m_local.filePath(QStringLiteral("back.csv"));
        done.clear();
        QVERIFY(p.download(QStringLiteral("/renamed.csv"), back) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 20000);
        QVERIFY(done.first().at(1).toBool());
        QFile f(back);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);

        // Drop a local file on the folder: uploaded into it.
        QMimeData drop;
        drop.setUrls({QUrl::fromLocalFile(local)});
        const QModelIndex sub = p.listing()->index(p.listing()->rowOf(QStringLiteral("sub")), 0);
        done.clear();
        QVERIFY(p.listing()->dropMimeData(&drop, Qt::CopyAction, -1, -1, sub));
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 20000);
        QVERIFY(done.first().at(1).toBool());
        p.setCurrentDirectory(QStringLiteral("/sub"));
        QTRY_VERIFY_WITH_TIMEOUT(p.currentDirectory() == QStringLiteral("/sub") && listed(p, QStringLiteral("hello.csv")), 10000);
        p.setCurrentDirectory(QStringLiteral("/"));
        QTRY_VERIFY_WITH_TIMEOUT(listed(p, QStringLiteral("sub")), 10000);

        // Cancel a big upload.
        const QString big = m_local.filePath(QStringLiteral("big.bin"));
        {
            QFile b(big);
            QVERIFY(b.open(QIODevice::WriteOnly));
            QVERIFY(b.resize(1024LL * 1024 * 1024)); // sparse: reading it costs nothing
        }
        done.clear();
        const int id = p.upload(big, QStringLiteral("/big.bin"));
        QTest::qWait(50);
        p.browser()->cancel(id);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 30000);
        QCOMPARE(done.first().at(1).toBool(), false);
        QTRY_COMPARE(p.transfers()->index(0, TransfersModel::StateColumn).data().toString(), QStringLiteral("cancelled"));
        p.refresh();
        QTest::qWait(500);
        QVERIFY(!listed(p, QStringLiteral("big.bin"))); // atomic uploads leave nothing half-written

        // Delete a file and a folder.
        p.browser()->remove(QStringLiteral("/renamed.csv"), false);
        p.browser()->remove(QStringLiteral("/sub"), true);
        QTRY_VERIFY_WITH_TIMEOUT(!listed(p, QStringLiteral("renamed.csv")) && !listed(p, QStringLiteral("sub")), 10000);
        QTRY_VERIFY(!p.tree()->indexOf(QStringLiteral("/sub")).isValid());

        // A wrong URL says why.
        p.disconnectFromServer();
        QVERIFY(!p.isConnected());
        QVERIFY(!p.connectToUrl(QStringLiteral("http://nope"), &error));
        QVERIFY(!error.isEmpty());
    }

    // Last: the fixture goes down under a connected panel, which lets go of it and offers
    // nothing to do on a server that is gone.
    void disconnectsWhenTheFixtureGoesDown()
    {
        FtpPanel p;
        p.setController(m_ctrl.get());
        p.show();
        QTRY_VERIFY(p.sourceBox()->findData(QStringLiteral("ftp_server")) >= 0);
        QString error;
        QVERIFY2(p.connectToFixture(QStringLiteral("ftp_server"), &error), qPrintable(error));
        QSignalSpy listedSpy(&p, &FtpPanel::listingChanged);
        QTRY_VERIFY_WITH_TIMEOUT(listedSpy.count() >= 1, 20000);
        QAction *refresh = p.findChild<QAction *>(QStringLiteral("actionFtpRefresh"));
        QVERIFY(refresh);
        QVERIFY(refresh->isEnabled());
        QSignalSpy said(&p, &FtpPanel::statusMessage);
        QSignalSpy finished(m_ctrl.get(), &FixtureController::operationFinished);
        QVERIFY(m_ctrl->down(QStringLiteral("ftp_server")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!p.isConnected(), 10000);
        QVERIFY(!refresh->isEnabled());
        QCOMPARE(p.listing()->rowCount(), 0);
        QVERIFY(p.sourceBox()->findData(QStringLiteral("ftp_server")) < 0);
        QVERIFY(!said.isEmpty());
        QVERIFY2(said.last().at(0).toString().contains(QStringLiteral("ftp_server is down")), qPrintable(said.last().at(0).toString()));
    }
};

QTEST_MAIN(TestFtpPanel)
#include "test_ftppanel.moc"
