// The scenario, on the real window and the real engine (offscreen): bring
// ftp_server up from the Fixtures panel, run the ETL's integration tests from the Tests
// panel (which brings weather_api up too) and see them pass, see the FTP login in the
// Logs panel, see the published CSV in the FTP panel and open its table preview, take
// the fixtures down.
//
// The workspace is a copy of the bundled one (fixbench.yml + its fixtures) whose test
// paths point at this build tree, so the run uses the binaries just built.
#include "csvmodel.h"
#include "fixturesmodel.h"
#include "fixturespanel.h"
#include "ftplistingmodel.h"
#include "ftppanel.h"
#include "logsmodel.h"
#include "logspanel.h"
#include "mainwindow.h"
#include "resultspanel.h"
#include "testsmodel.h"
#include "testspanel.h"
#include "testsupport.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QFile>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace fixbench;

namespace {

const char kEtlTests[] = FIXBENCH_BINARY_DIR "/etl/tests/etl_integration_tests";

FixtureState stateOf(MainWindow &w, const QString &fixture)
{
    const QModelIndex i = w.fixturesPanel()->model()->indexOf(fixture);
    return i.isValid() ? FixtureState(i.data(FixturesModel::StateRole).toInt()) : FixtureState::Down;
}

bool logsContain(MainWindow &w, const QString &text)
{
    LogsModel *m = w.logsPanel()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r).data(LogsModel::PlainTextRole).toString().contains(text))
            return true;
    return false;
}

QString firstCsv(FtpListingModel *m)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (const FtpEntry *e = m->entryAt(r); e && e->name.endsWith(QLatin1String(".csv")))
            return m->index(r, 0).data(FtpListingModel::PathRole).toString();
    return {};
}

} // namespace

class TestWorkbenchEtl : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_ws;
    QTemporaryDir m_config;

    void select(MainWindow &w, const QString &fixture)
    {
        FixturesPanel *panel = w.fixturesPanel();
        const QModelIndex row = panel->model()->indexOf(fixture);
        QTreeView *tree = panel->view();
        tree->scrollTo(row);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(row).center());
        QCOMPARE(panel->currentFixture(), fixture);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(QStringLiteral("fixbench-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_workbench_etl"));
        EngineClient engine;
        Status ping = engine.ping();
        QVERIFY2(ping.ok(), qPrintable(ping ? QString() : ping.error().toString()));
        QVERIFY2(QFileInfo(QString::fromLatin1(kEtlTests)).isExecutable(), kEtlTests);

        // The bundled workspace's fixtures, and its ETL integration tests from this build.
        for (const char *f : {"ftp_server", "weather_api"})
            QVERIFY(testsupport::copyTree(QStringLiteral(FIXBENCH_SOURCE_DIR "/fixtures/") + QLatin1String(f),
                                          m_ws.filePath(QStringLiteral("fixtures/") + QLatin1String(f))));
        QFile yml(m_ws.filePath(QStringLiteral("fixbench.yml")));
        QVERIFY(yml.open(QIODevice::WriteOnly));
        yml.write(QStringLiteral("name: fixbench-example\n"
                                 "fixtures: fixtures\n"
                                 "tests:\n"
                                 "  - name: etl_integration\n"
                                 "    path: %1\n"
                                 "    fixtures: [ftp_server, weather_api]\n")
                      .arg(QString::fromLatin1(kEtlTests)).toUtf8());
        yml.close();
    }

    void cleanupTestCase()
    {
        auto ws = Workspace::load(m_ws.path());
        if (ws) {
            FixtureManager mgr(*ws);
            if (auto running = mgr.running(); running)
                for (const RunningFixture &r : *running)
                    (void)mgr.down(r);
        }
    }

    void etlScenario()
    {
        MainWindow w;
        w.setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        w.resize(1500, 950);
        QString error;
        QVERIFY2(w.openWorkspace(m_ws.path(), &error), qPrintable(error));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        FixturesPanel *fixtures = w.fixturesPanel();
        QTRY_VERIFY_WITH_TIMEOUT(fixtures->model()->indexOf(QStringLiteral("ftp_server")).isValid(), 15000);

        // 1. ftp_server up from the Fixtures panel.
        select(w, QStringLiteral("ftp_server"));
        QVERIFY(fixtures->upAction()->isEnabled());
        fixtures->upAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("ftp_server")), FixtureState::Ready, 300000);

        // 2. The ETL tests from the Tests panel.
        TestsPanel *tests = w.testsPanel();
        TestsModel *model = tests->model();
        const QModelIndex binary = model->indexOfBinary(QStringLiteral("etl_integration"));
        QVERIFY(binary.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isDiscovering() && model->rowCount(binary) > 0, 60000);
        QVERIFY2(model->data(binary, TestsModel::ErrorRole).toString().isEmpty(),
                 qPrintable(model->data(binary, TestsModel::ErrorRole).toString()));
        QTRY_VERIFY(tests->runCheckedAction()->isEnabled());
        tests->runCheckedAction()->trigger(); // F5
        QVERIFY(tests->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 600000);
        const QString console = w.resultsPanel()->console()->toPlainText();
        QCOMPARE(model->data(binary, TestsModel::StatusRole).toInt(), int(TestStatus::Passed));
        QVERIFY2(tests->summaryText().contains(QStringLiteral("0 failed")), qPrintable(tests->summaryText() + QLatin1Char('\n') + console.right(3000)));
        QVERIFY(console.contains(QStringLiteral("[  PASSED  ]")));
        // The run brought weather_api up as well.
        QCOMPARE(stateOf(w, QStringLiteral("weather_api")), FixtureState::Ready);
        // Every test has a result with a duration.
        for (int s = 0; s < model->rowCount(binary); ++s) {
            const QModelIndex suite = model->index(s, 0, binary);
            for (int t = 0; t < model->rowCount(suite); ++t) {
                const QModelIndex test = model->index(t, 0, suite);
                QCOMPARE(test.data(TestsModel::StatusRole).toInt(), int(TestStatus::Passed));
                QVERIFY(!model->index(t, TestsModel::DurationColumn, suite).data().toString().isEmpty());
            }
        }

        QVERIFY(!tests->runFailedAction()->isEnabled()); // nothing failed

        // One test, as a double-click runs it; and the command line to debug it.
        const QModelIndex suite = model->index(0, 0, binary);
        const QModelIndex one = model->index(0, 0, suite);
        const QString oneName = one.data(TestsModel::FullNameRole).toString();
        const QString gdb = tests->debugCommand(one);
        QVERIFY2(gdb.contains(QStringLiteral("gdb -ex run --args")), qPrintable(gdb));
        QVERIFY(gdb.contains(QStringLiteral("--gtest_filter=") + oneName));
        QVERIFY(gdb.contains(QStringLiteral("--gtest_break_on_failure")));
        QVERIFY(gdb.contains(QStringLiteral("FTP_HOST=")));
        QVERIFY(gdb.contains(QStringLiteral("OPENWEATHER_URL=")));
        QVERIFY(tests->runIndex(one));
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 300000);
        QVERIFY2(tests->summaryText().startsWith(QStringLiteral("1 passed, 0 failed")), qPrintable(tests->summaryText()));
        QCOMPARE(one.data(TestsModel::StatusRole).toInt(), int(TestStatus::Passed));
        QCOMPARE(model->data(binary, TestsModel::StatusRole).toInt(), int(TestStatus::Passed));

        // 3. The FTP login in the Logs panel (ftp_server's log).
        select(w, QStringLiteral("ftp_server"));
        QTRY_VERIFY_WITH_TIMEOUT(logsContain(w, QStringLiteral("OK LOGIN")), 30000);

        // 4. The published CSV in the FTP panel, and its table preview.
        w.centreTabs()->setCurrentWidget(w.ftpPanel());
        FtpPanel *ftp = w.ftpPanel();
        QTRY_VERIFY(ftp->sourceBox()->findData(QStringLiteral("ftp_server")) >= 0);
        QVERIFY2(ftp->connectToFixture(QStringLiteral("ftp_server"), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(ftp->currentDirectory(), QStringLiteral("/"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!firstCsv(ftp->listing()).isEmpty(), 20000);
        const QString csv = firstCsv(ftp->listing());
        QVERIFY(csv.endsWith(QLatin1String(".csv")));
        const int row = ftp->listing()->rowOf(csv.section(QLatin1Char('/'), -1));
        const QModelIndex cell = ftp->listingProxy()->mapFromSource(ftp->listing()->index(row, FtpListingModel::NameColumn));
        // Select it, then Preview (Space).
        QTest::mouseClick(ftp->listingView()->viewport(), Qt::LeftButton, {}, ftp->listingView()->visualRect(cell).center());
        QVERIFY(ftp->listingView()->selectionModel()->isRowSelected(cell.row(), QModelIndex()));
        auto *previewAction = ftp->findChild<QAction *>(QStringLiteral("actionFtpPreview"));
        QVERIFY(previewAction && previewAction->isEnabled());
        previewAction->trigger();
        auto *note = ftp->findChild<QLabel *>(QStringLiteral("ftpPreviewNote"));
        auto *status = ftp->findChild<QLabel *>(QStringLiteral("ftpStatus"));
        QTRY_VERIFY2_WITH_TIMEOUT(ftp->csv()->rowCount() > 0, qPrintable(csv + QStringLiteral(": ") + note->text() + QStringLiteral(" / ") + status->text()), 20000);
        QCOMPARE(ftp->previewedPath(), csv);
        QVERIFY(ftp->csvView()->isVisible());
        QVERIFY(ftp->csv()->columnCount() >= 2);

        // 5. Take the fixtures down.
        for (const QString &f : {QStringLiteral("ftp_server"), QStringLiteral("weather_api")}) {
            select(w, f);
            QTRY_VERIFY(fixtures->downAction()->isEnabled());
            fixtures->downAction()->trigger();
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, f), FixtureState::Down, 60000);
        }
        QVERIFY(fixtures->fixturesToTakeDown().isEmpty());
        w.close();
    }
};

QTEST_MAIN(TestWorkbenchEtl)
#include "test_workbench_etl.moc"
