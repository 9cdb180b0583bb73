// The workbench's Collect Artifacts…: after a run whose test failed (its fixtures stay up
// in the workbench), the same folder `fixbench run --artifacts` writes, through the same
// core code (ArtifactCollector). Real gtest binary writing to a real FTP fixture, the
// real engine, the real window (offscreen).
#include "fixture/fixturecontroller.h"
#include "mainwindow.h"
#include "testspanel.h"
#include "testsupport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fixbench;

class TestArtifacts : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_config;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(QStringLiteral("fixbench-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_artifacts"));
    }

    void collectArtifactsAfterAFailedRun()
    {
        QTemporaryDir ws;
        QVERIFY(testsupport::writeFtpWorkspace(ws.path(), QStringLiteral("gui-artifacts")));
        const QString rootLabel = QStringLiteral("fixbench.workspace.root=") + ws.path();
        {
            MainWindow w;
            w.setClosePolicy(MainWindow::ClosePolicy::TakeDown);
            QString error;
            QVERIFY2(w.openWorkspace(ws.path(), &error), qPrintable(error));
            TestsPanel *tests = w.testsPanel();
            QAction *collect = tests->collectArtifactsAction();
            QTRY_VERIFY_WITH_TIMEOUT(tests->runAllAction()->isEnabled(), 30000);
            QVERIFY(!collect->isEnabled());

            // A run that passed: nothing to collect.
            QVERIFY(tests->runSelections({qMakePair(QStringLiteral("passing"), TestSelection::all())}));
            QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 120000);
            QVERIFY2(tests->summaryText().contains(QStringLiteral("0 failed")), qPrintable(tests->summaryText()));
            QVERIFY(!collect->isEnabled());
            QTemporaryDir out;
            QVERIFY(!tests->collectArtifacts(out.filePath(QStringLiteral("passed"))));

            // A failed run: its fixture is still up in the workbench; collect it.
            QVERIFY(tests->runSelections({qMakePair(QStringLiteral("ftp_fails"), TestSelection::all())}));
            QVERIFY(!collect->isEnabled());
            QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 120000);
            QVERIFY2(tests->summaryText().contains(QStringLiteral("1 failed")), qPrintable(tests->summaryText()));
            QVERIFY(collect->isEnabled());

            // A folder that holds something is refused, with a message; nothing is written.
            QSignalSpy status(tests, &TestsPanel::statusMessage);
            QFile taken(out.filePath(QStringLiteral("taken/old.txt")));
            QVERIFY(QDir().mkpath(out.filePath(QStringLiteral("taken"))) && taken.open(QIODevice::WriteOnly));
            taken.close();
            QVERIFY(!tests->collectArtifacts(out.filePath(QStringLiteral("taken"))));
            QVERIFY(!status.isEmpty() && status.last().at(0).toString().contains(QStringLiteral("is not empty")));
            QCOMPARE(testsupport::filesBelow(out.filePath(QStringLiteral("taken"))), QStringList{QStringLiteral("old.txt")});

            QSignalSpy collected(tests, &TestsPanel::artifactsCollected);
            const QString dir = out.filePath(QStringLiteral("artifacts"));
            QVERIFY(tests->collectArtifacts(dir));
            QVERIFY(!collect->isEnabled()); // one collection at a time
            QVERIFY(collected.wait(120000));
            QCOMPARE(collected.at(0).at(0).toString(), QFileInfo(dir).absoluteFilePath());
            QVERIFY2(collected.at(0).at(2).toStringList().isEmpty(), qPrintable(collected.at(0).at(2).toStringList().join(QLatin1Char('\n'))));
            QCOMPARE(collected.at(0).at(1).toInt(), testsupport::filesBelow(dir).size());
            const QStringList problems = testsupport::artifactProblems(dir);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
            QVERIFY(status.last().at(0).toString().contains(dir));
            QVERIFY(collect->isEnabled());

            QVERIFY(w.controller()->down(QStringLiteral("ftp_server")));
            QTRY_VERIFY_WITH_TIMEOUT(testsupport::containersWithLabel(rootLabel).isEmpty(), 60000);
        }
        QVERIFY(testsupport::containersWithLabel(rootLabel).isEmpty());
    }
};

QTEST_MAIN(TestArtifacts)
#include "test_artifacts.moc"
