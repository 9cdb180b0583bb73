// The workbench's runs go through the same plan as `fixbench run`:
// - one last-run record per workspace: after a `fixbench run`, the workbench's Run
//   Failed selects exactly what `fixbench run --failed` runs; after a workbench run, the
//   CLI's --failed reruns what failed there (no fixture: the binaries need none);
// - an instance chosen in the Tests panel is the instance the run brings up, attaches
//   to and injects (FIXBENCH_INSTANCE), as `fixbench run --instance`.
// Real gtest binaries, the real CLI, the real engine, the real window (offscreen).
#include "environmentmodel.h"
#include "environmentpanel.h"
#include "fixture/fixturecontroller.h"
#include "mainwindow.h"
#include "run/runpipeline.h"
#include "workspace/workspace.h"
#include "resultspanel.h"
#include "testsmodel.h"
#include "testspanel.h"
#include "timelineview.h"
#include "messagelabel.h"
#include "testsupport.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QPlainTextEdit>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QDockWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>

#include <cstdio>

using namespace fixbench;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + QLatin1String(name);
}

// The tests a `fixbench run --json` report holds, as "binary:Suite.Name".
QSet<QString> testsIn(const QString &jsonFile)
{
    QFile f(jsonFile);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QSet<QString> out;
    for (const auto &b : QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("binaries")).toArray())
        for (const auto &t : b.toObject().value(QStringLiteral("tests")).toArray())
            out << b.toObject().value(QStringLiteral("name")).toString() + QLatin1Char(':')
                       + t.toObject().value(QStringLiteral("full_name")).toString();
    return out;
}

QSet<QString> flatten(const QList<QPair<QString, TestSelection>> &selections)
{
    QSet<QString> out;
    for (const auto &[binary, selection] : selections)
        for (const QString &t : selection.tests)
            out << binary + QLatin1Char(':') + t;
    return out;
}

// A copy of tests/workspace with `tests` appended to its fixbench.yml.
std::unique_ptr<QTemporaryDir> workspaceWithTests(const QString &tests)
{
    auto ws = testsupport::copyWorkspace(testsupport::testsWorkspace());
    if (!ws || !ws->isValid())
        return nullptr;
    QFile yml(ws->filePath(QStringLiteral("fixbench.yml")));
    if (!yml.open(QIODevice::Append))
        return nullptr;
    yml.write(QStringLiteral("tests:\n").toUtf8() + tests.toUtf8());
    return ws;
}

// Opens `root` in `w` (taking down what it started when it closes), waits for its tests
// to be listed and chooses `instance` in the Tests panel.
bool openWithInstance(MainWindow &w, const QString &root, const QString &instance)
{
    w.setClosePolicy(MainWindow::ClosePolicy::TakeDown);
    QString error;
    if (!w.openWorkspace(root, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    if (!testsupport::waitFor([&]() { QCoreApplication::processEvents(); return w.testsPanel()->runAllAction()->isEnabled(); }, 30000))
        return false;
    w.testsPanel()->setInstance(instance);
    return w.testsPanel()->instance() == instance;
}

} // namespace

class TestLastRun : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_ws;
    QTemporaryDir m_config;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(QStringLiteral("fixbench-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_lastrun"));
        QFile yml(m_ws.filePath(QStringLiteral("fixbench.yml")));
        QVERIFY(yml.open(QIODevice::WriteOnly));
        yml.write(QStringLiteral("name: lastrun\n"
                                 "tests:\n"
                                 "  - name: failing\n"
                                 "    path: %1\n"
                                 "  - name: passing\n"
                                 "    path: %2\n")
                      .arg(sample("sample_failing"), sample("sample_passing"))
                      .toUtf8());
        yml.close();
        QDir(m_ws.path()).mkpath(QStringLiteral("fixtures"));
    }

    void cliRunThenWorkbenchRunFailedAgree()
    {
        // A CLI run: some tests of `failing` fail, `passing` passes.
        const auto first = testsupport::runCli({QStringLiteral("-w"), m_ws.path(), QStringLiteral("run")});
        QCOMPARE(first.exitCode, 1);
        // What `fixbench run --failed` reruns (it does not replace the record).
        const QString failedJson = m_ws.filePath(QStringLiteral("failed.json"));
        const auto failed = testsupport::runCli({QStringLiteral("-w"), m_ws.path(), QStringLiteral("run"), QStringLiteral("--failed"),
                                                 QStringLiteral("--json"), failedJson});
        QCOMPARE(failed.exitCode, 1);
        const QSet<QString> cliSelection = testsIn(failedJson);
        QVERIFY2(cliSelection.size() >= 2, qPrintable(failed.out));
        for (const QString &t : cliSelection)
            QVERIFY2(t.startsWith(QStringLiteral("failing:")), qPrintable(t));

        // The record holds test output: this user's alone.
        auto ws = Workspace::load(m_ws.path());
        QVERIFY(ws.ok());
        QCOMPARE(QFileInfo(RunPipeline::lastRunPath(*ws)).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);

        MainWindow w;
        QString error;
        QVERIFY2(w.openWorkspace(m_ws.path(), &error), qPrintable(error));
        TestsPanel *tests = w.testsPanel();
        QTRY_VERIFY(tests->runFailedAction()->isEnabled());
        QCOMPARE(flatten(tests->lastRunFailures()), cliSelection);
    }

    void workbenchRunThenCliFailedAgree()
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.openWorkspace(m_ws.path(), &error), qPrintable(error));
        TestsPanel *tests = w.testsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(tests->runAllAction()->isEnabled(), 30000);
        // Only `passing` in the workbench: its record says nothing failed.
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("passing"), TestSelection::all())}));
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 60000);
        QVERIFY(!tests->runFailedAction()->isEnabled());
        const auto none = testsupport::runCli({QStringLiteral("-w"), m_ws.path(), QStringLiteral("run"), QStringLiteral("--failed")});
        QCOMPARE(none.exitCode, 0);
        QVERIFY2(none.out.contains(QStringLiteral("nothing failed last time")), qPrintable(none.out));

        // Then one failing test in the workbench: the CLI's --failed reruns exactly it.
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("failing"), TestSelection::ofTests({QStringLiteral("Failing.ExpectEq")}))}));
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 60000);
        QVERIFY(tests->runFailedAction()->isEnabled());
        const QString json = m_ws.filePath(QStringLiteral("again.json"));
        const auto again = testsupport::runCli({QStringLiteral("-w"), m_ws.path(), QStringLiteral("run"), QStringLiteral("--failed"),
                                                QStringLiteral("--json"), json});
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(testsIn(json), QSet<QString>{QStringLiteral("failing:Failing.ExpectEq")});
        QCOMPARE(flatten(tests->lastRunFailures()), testsIn(json));
    }

    void runHonoursTheInstanceChosenInTheTestsPanel()
    {
        auto ws = workspaceWithTests(QStringLiteral("  - name: env\n"
                                                    "    path: %1\n"
                                                    "    fixtures: [echo_server]\n"
                                                    "    env: {FIXBENCH_SAMPLE_VAR: from-yml}\n")
                                         .arg(sample("sample_env")));
        QVERIFY(ws);
        const QString instance = testsupport::uniqueInstance(QStringLiteral("gui"));
        MainWindow w;
        QVERIFY(openWithInstance(w, ws->path(), instance));
        TestsPanel *tests = w.testsPanel();
        // The run's up is shown in the fixtures' controller as its own operation.
        QSignalSpy opStarted(w.controller(), &FixtureController::operationStarted);
        QSignalSpy fixtureUp(w.controller(), &FixtureController::fixtureUp);
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("env"), TestSelection::all())}));
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 120000);
        QVERIFY2(tests->summaryText().contains(QStringLiteral("0 failed")), qPrintable(tests->summaryText()));
        bool sawUp = false;
        for (const QList<QVariant> &args : std::as_const(opStarted))
            sawUp = sawUp || (args.at(0).toString() == QLatin1String("echo_server") && args.at(1).toString() == instance
                              && args.at(2).value<FixtureController::Operation>() == FixtureController::Operation::Up);
        QVERIFY(sawUp);
        QCOMPARE(fixtureUp.size(), 1);
        QCOMPARE(fixtureUp.at(0).at(1).toString(), instance);
        QCOMPARE(fixtureUp.at(0).at(2).toBool(), false); // started, not attached
        QVERIFY(w.controller()->isIdle());

        // That instance is up (and only it); the binary got its port and its name.
        const QStringList ours = testsupport::containersWithLabel(QStringLiteral("fixbench.instance=") + instance);
        QCOMPARE(ours.size(), 1);
        const FixtureStatus *up = w.controller()->statusOf(QStringLiteral("echo_server"), instance);
        QVERIFY(up && up->state == FixtureState::Ready);
        const FixtureStatus *plain = w.controller()->statusOf(QStringLiteral("echo_server"));
        QVERIFY2(!plain || plain->state == FixtureState::Down, "the default instance was brought up instead");
        const QString port = w.controller()->environmentOf(QStringLiteral("echo_server"), instance).value(QStringLiteral("ECHO_PORT"));
        QVERIFY(!port.isEmpty());
        const QString console = w.resultsPanel()->console()->toPlainText();
        QVERIFY2(console.contains(QStringLiteral("ECHO_PORT=") + port), qPrintable(console.right(2000)));
        // It stays up for inspection: owned by this window's process, not marked kept.
        QVERIFY(up->running && !up->running->keep);
        QVERIFY(FixtureController::ownedByThisProcess(*up));
        // The Environment panel follows the Tests panel's instance: the port the run got.
        EnvironmentPanel *envPanel = w.environmentPanel();
        envPanel->setTarget(QStringLiteral("env"));
        QCOMPARE(envPanel->instance(), instance);
        QString shownPort;
        for (int r = 0; r < envPanel->model()->rowCount(); ++r)
            if (envPanel->model()->index(r, 0).data().toString() == QLatin1String("ECHO_PORT"))
                shownPort = envPanel->model()->index(r, 1).data().toString();
        QCOMPARE(shownPort, port);
        // The debug command carries the same instance.
        const QString gdb = tests->debugCommand(tests->model()->indexOfBinary(QStringLiteral("env")));
        QVERIFY2(gdb.contains(QStringLiteral("FIXBENCH_INSTANCE='") + instance + QLatin1Char('\'')), qPrintable(gdb));

        QVERIFY(w.controller()->down(QStringLiteral("echo_server"), instance));
        QTRY_VERIFY_WITH_TIMEOUT(testsupport::containersWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty(), 60000);
    }

    // Stop while the run's fixture is still coming up (compose still running): the run is
    // stopped, not broken — no compose output in red, the binary that never ran is "not
    // run" (not crashed), and the summary stays a line or two.
    void stopWhileAFixtureComesUpIsCancelled()
    {
        auto ws = workspaceWithTests(QStringLiteral("  - name: needs_slow\n"
                                                    "    path: %1\n"
                                                    "    fixtures: [slow_start]\n")
                                         .arg(sample("sample_passing")));
        QVERIFY(ws);
        const QString instance = testsupport::uniqueInstance(QStringLiteral("guistop"));
        MainWindow w;
        QVERIFY(openWithInstance(w, ws->path(), instance));
        TestsPanel *tests = w.testsPanel();
        QSignalSpy finished(tests, &TestsPanel::runFinished);
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("needs_slow"), TestSelection::all())}));
        // compose is at work: the db container exists, app waits for it.
        QTRY_VERIFY_WITH_TIMEOUT(!testsupport::containersWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty(), 60000);
        QTest::qWait(1000);
        QVERIFY(tests->isRunning());
        tests->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 60000);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("stopped"));
        QCOMPARE(tests->summaryText(), QStringLiteral("stopped"));
        const QModelIndex binary = tests->model()->indexOfBinary(QStringLiteral("needs_slow"));
        QVERIFY(!binary.data(TestsModel::QueuedRole).toBool());
        QVERIFY2(binary.data(TestsModel::StatusRole).toInt() != int(TestStatus::Crashed),
                 qPrintable(binary.siblingAtColumn(TestsModel::StatusColumn).data().toString()));
        QVERIFY(!tests->summaryLabel()->shownText().contains(QLatin1Char('\n')));
        QTRY_VERIFY_WITH_TIMEOUT(testsupport::containersWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty(), 60000);
    }

    // A hanging test shows its time growing, and the window's per-test timeout ends it
    // as "timed out" (as `fixbench run --timeout`), child processes included.
    void aHangingTestShowsItsTimeAndTimesOut()
    {
        auto ws = workspaceWithTests(QStringLiteral("  - name: hanging\n"
                                                    "    path: %1\n")
                                         .arg(sample("sample_hanging")));
        QVERIFY(ws);
        MainWindow w;
        QVERIFY(openWithInstance(w, ws->path(), testsupport::uniqueInstance(QStringLiteral("guihang"))));
        TestsPanel *tests = w.testsPanel();
        tests->setTimeoutSeconds(4);
        QTRY_VERIFY_WITH_TIMEOUT(tests->model()->indexOfTest(QStringLiteral("hanging"), QStringLiteral("Hanging.SleepsForever")).isValid(), 30000);
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("hanging"), TestSelection::all())}));
        const QModelIndex hang = tests->model()->indexOfTest(QStringLiteral("hanging"), QStringLiteral("Hanging.SleepsForever"));
        QVERIFY(hang.isValid());
        QTRY_COMPARE_WITH_TIMEOUT(hang.data(TestsModel::StatusRole).toInt(), int(TestStatus::Running), 30000);
        // Seconds, counted live, on the test and its binary (not "0 ms").
        const QModelIndex binary = tests->model()->indexOfBinary(QStringLiteral("hanging"));
        QTRY_VERIFY_WITH_TIMEOUT(hang.siblingAtColumn(TestsModel::DurationColumn).data().toString().startsWith(QStringLiteral("2.")), 5000);
        QVERIFY2(binary.siblingAtColumn(TestsModel::DurationColumn).data().toString().endsWith(QStringLiteral(" s")),
                 qPrintable(binary.siblingAtColumn(TestsModel::DurationColumn).data().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 60000);
        QCOMPARE(hang.data(TestsModel::StatusRole).toInt(), int(TestStatus::TimedOut));
        QVERIFY2(tests->summaryText().contains(QStringLiteral("timed out")), qPrintable(tests->summaryText()));
        tests->setTimeoutSeconds(TestRunOptions::kDefaultTimeoutMs / 1000);
    }

    // Logs per test: after a run, clicking the failed test shows, beside its failure, the
    // lines its fixture (a real vsftpd) wrote while it ran: its "bravo" upload, not the
    // "alpha" upload of the passing test before it; the passing test shows none.
    void aFailedTestShowsItsFixturesLogLines()
    {
        QTemporaryDir ws;
        QFile yml(ws.filePath(QStringLiteral("fixbench.yml")));
        QVERIFY(yml.open(QIODevice::WriteOnly));
        yml.write(QStringLiteral("name: lastrun-logs\nfixtures: %1\ntests:\n  - name: ftp_logs\n    path: %2\n    fixtures: [ftp_server]\n")
                      .arg(testsupport::repoWorkspace() + QStringLiteral("/fixtures"), sample("sample_ftp_logs"))
                      .toUtf8());
        yml.close();
        MainWindow w;
        QVERIFY(openWithInstance(w, ws.path(), testsupport::uniqueInstance(QStringLiteral("guilogs"))));
        TestsPanel *tests = w.testsPanel();
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("ftp_logs"), TestSelection::all())}));
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 180000);
        QVERIFY2(tests->summaryText().contains(QStringLiteral("1 failed")), qPrintable(tests->summaryText()));
        auto click = [&](const QString &fullName) {
            const QModelIndex source = tests->model()->indexOfTest(QStringLiteral("ftp_logs"), fullName);
            const QModelIndex shown = tests->proxy()->mapFromSource(source);
            tests->view()->selectionModel()->setCurrentIndex(shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return w.resultsPanel()->resultView()->toPlainText();
        };
        const QString failed = click(QStringLiteral("FtpLogs.FailsAfterBravo"));
        QVERIFY2(failed.contains(QStringLiteral("failing on purpose after the bravo upload")), qPrintable(failed));
        QVERIFY2(failed.contains(QStringLiteral("Fixture logs")), qPrintable(failed));
        QVERIFY2(failed.contains(QStringLiteral("OK UPLOAD")) && failed.contains(QStringLiteral("fixbench_marker_bravo_failing.txt")),
                 qPrintable(failed));
        QVERIFY2(!failed.contains(QStringLiteral("fixbench_marker_alpha_passing.txt")), qPrintable(failed));
        const QString passed = click(QStringLiteral("FtpLogs.PassesAfterAlpha"));
        QVERIFY2(passed.contains(QStringLiteral("PassesAfterAlpha")) && !passed.contains(QStringLiteral("Fixture logs")), qPrintable(passed));
        // ... but its result reads them on demand from the fixture, still up: its own
        // "alpha" upload (the next test's "bravo", within the 1 s margin after its end,
        // may be there too).
        const QString html = w.resultsPanel()->resultView()->toHtml();
        QVERIFY2(html.contains(QStringLiteral("fixbench-logs:read")), qPrintable(html));
        Q_EMIT w.resultsPanel()->resultView()->anchorClicked(QUrl(QStringLiteral("fixbench-logs:read")));
        QTRY_VERIFY_WITH_TIMEOUT(w.resultsPanel()->resultView()->toPlainText().contains(QStringLiteral("Fixture logs")), 30000);
        const QString read = w.resultsPanel()->resultView()->toPlainText();
        QVERIFY2(read.contains(QStringLiteral("fixbench_marker_alpha_passing.txt")), qPrintable(read));

        // The run timeline: the fixture's up (compose, readiness), the binary, both tests,
        // the failed one marked; a click on its bar shows its result with the logs.
        TimelineView *timeline = w.resultsPanel()->timeline();
        QStringList phases;
        qsizetype failedBar = -1;
        for (qsizetype i = 0; i < timeline->bars().size(); ++i) {
            const RunTimeline::Bar &b = timeline->bars()[i];
            phases << b.lane + QLatin1Char(' ') + b.phase;
            if (b.test == QLatin1String("FtpLogs.FailsAfterBravo") && b.failed())
                failedBar = i;
        }
        for (const QString &phase : {QStringLiteral("ftp_server up"), QStringLiteral("ftp_server compose"), QStringLiteral("ftp_server ready"),
                                     QStringLiteral("ftp_server setup_data"), QStringLiteral("ftp_logs binary")})
            QVERIFY2(phases.contains(phase), qPrintable(phases.join(QStringLiteral(", "))));
        QCOMPARE(phases.count(QStringLiteral("ftp_logs test")), 2);
        QVERIFY(failedBar >= 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.resultsPanel()->tabs()->setCurrentIndex(2);
        QTRY_VERIFY(timeline->isVisible() && timeline->width() > 300);
        // FIXBENCH_SCREENSHOT_DIR: the README's pictures (timeline, a failure with its logs).
        const QString shots = qEnvironmentVariable("FIXBENCH_SCREENSHOT_DIR");
        const auto shoot = [&](const QString &name) {
            if (auto *dock = qobject_cast<QDockWidget *>(w.resultsPanel()->parentWidget())) {
                dock->setFloating(true);
                dock->resize(1000, 640);
            }
            QTest::qWait(500);
            return w.resultsPanel()->grab().save(shots + QLatin1Char('/') + name);
        };
        if (!shots.isEmpty()) {
            QVERIFY(shoot(QStringLiteral("run-timeline.png")));
            QTRY_VERIFY(timeline->isVisible() && timeline->width() > 300);
        }
        const QRect bar = timeline->barRect(failedBar);
        QCOMPARE(timeline->barAt(bar.center()), failedBar);
        QTest::mouseClick(timeline, Qt::LeftButton, {}, bar.center());
        QCOMPARE(w.resultsPanel()->tabs()->currentIndex(), 0);
        const QString fromBar = w.resultsPanel()->resultView()->toPlainText();
        QVERIFY2(fromBar.contains(QStringLiteral("FailsAfterBravo")) && fromBar.contains(QStringLiteral("fixbench_marker_bravo_failing.txt")),
                 qPrintable(fromBar));
        if (!shots.isEmpty())
            QVERIFY(shoot(QStringLiteral("per-test-logs.png")));
    }

    // F5 with a filter runs the checked tests the user sees, not the hidden ones too.
    void runCheckedWithAFilterRunsWhatIsShown()
    {
        auto ws = workspaceWithTests(QStringLiteral("  - name: failing\n"
                                                    "    path: %1\n")
                                         .arg(sample("sample_failing")));
        QVERIFY(ws);
        MainWindow w;
        QVERIFY(openWithInstance(w, ws->path(), testsupport::uniqueInstance(QStringLiteral("guifilter"))));
        TestsPanel *tests = w.testsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(tests->model()->indexOfTest(QStringLiteral("failing"), QStringLiteral("Failing.ExpectEq")).isValid(), 30000);
        tests->setFilterText(QStringLiteral("PassesFirst"));
        tests->runCheckedAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 60000);
        QCOMPARE(tests->session()->reports().size(), 1);
        QStringList ran;
        for (const TestResult &r : tests->session()->reports().first().results)
            ran << r.fullName();
        QCOMPARE(ran, QStringList{QStringLiteral("Failing.PassesFirst")});
        QVERIFY2(tests->summaryText().startsWith(QStringLiteral("1 passed, 0 failed")), qPrintable(tests->summaryText()));
        tests->setFilterText(QString());
    }

    // Edits to fixbench.yml reach the Tests panel: on their own (the file is watched) and
    // with Relist; a broken edit keeps the list and says why.
    void relistPicksUpEditsToFixbenchYml()
    {
        auto ws = workspaceWithTests(QStringLiteral("  - name: passing\n"
                                                    "    path: %1\n")
                                         .arg(sample("sample_passing")));
        QVERIFY(ws);
        MainWindow w;
        QVERIFY(openWithInstance(w, ws->path(), testsupport::uniqueInstance(QStringLiteral("guirelist"))));
        TestsPanel *tests = w.testsPanel();
        QCOMPARE(tests->model()->rowCount(), 1);
        const QString yml = ws->filePath(QStringLiteral("fixbench.yml"));
        QFile f(yml);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
        // An editor's save: a new file replacing the old one.
        auto save = [&yml](const QByteArray &text) {
            QFile t(yml + QStringLiteral(".tmp"));
            return t.open(QIODevice::WriteOnly) && t.write(text) == text.size() && (t.close(), true)
                && ::rename(QFile::encodeName(yml + QStringLiteral(".tmp")).constData(), QFile::encodeName(yml).constData()) == 0;
        };
        QTest::qWait(1100); // a different modification time
        QVERIFY(save(before + QStringLiteral("  - name: failing\n    path: %1\n").arg(sample("sample_failing")).toUtf8()));
        QTRY_COMPARE_WITH_TIMEOUT(tests->model()->rowCount(), 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(tests->model()->indexOfTest(QStringLiteral("failing"), QStringLiteral("Failing.ExpectEq")).isValid(), 30000);
        // Broken: the list stays, the status bar says where.
        QSignalSpy said(tests, &TestsPanel::statusMessage);
        QTest::qWait(1100);
        QVERIFY(save(before + "  - name: [oops\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!said.isEmpty(), 15000);
        QVERIFY2(said.last().at(0).toString().contains(QStringLiteral("fixbench.yml:")), qPrintable(said.last().at(0).toString()));
        QCOMPARE(tests->model()->rowCount(), 2);
        // Back, through Relist.
        QVERIFY(save(before));
        tests->rediscoverAction()->trigger();
        QCOMPARE(tests->model()->rowCount(), 1);
    }

    void aFixtureThatFailsStopsTheRunAndSaysWhy()
    {
        auto ws = workspaceWithTests(QStringLiteral("  - name: needs_failing\n"
                                                    "    path: %1\n"
                                                    "    fixtures: [failing_hook]\n")
                                         .arg(sample("sample_passing")));
        QVERIFY(ws);
        const QString instance = testsupport::uniqueInstance(QStringLiteral("guifail"));
        MainWindow w;
        QVERIFY(openWithInstance(w, ws->path(), instance));
        TestsPanel *tests = w.testsPanel();
        QSignalSpy finished(tests, &TestsPanel::runFinished);
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("needs_failing"), TestSelection::all())}));
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 120000);
        QCOMPARE(finished.size(), 1);
        // Which fixture, that it could not come up, and the hook's own words.
        const QString why = finished.at(0).at(1).toString();
        QVERIFY2(why.startsWith(QStringLiteral("failing_hook could not be brought up: ")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("3")), qPrintable(why));
        QCOMPARE(tests->summaryText(), why);
        // No binary ran, none stays queued, nothing stays up.
        QCOMPARE(tests->session()->reports().size(), 0);
        QVERIFY(!tests->model()->data(tests->model()->indexOfBinary(QStringLiteral("needs_failing")), TestsModel::QueuedRole).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(testsupport::containersWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty(), 30000);
        // The window's view follows (its next poll of the engine).
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->statusOf(QStringLiteral("failing_hook"), instance)
                                     || w.controller()->statusOf(QStringLiteral("failing_hook"), instance)->state == FixtureState::Down,
                                 10000);
    }

    // Rerun on Rebuild: a rebuilt binary's last run runs again on its own, against the
    // fixture the workbench holds (the same container, not brought up again); off, a
    // rebuild is only listed.
    void rerunOnRebuildRunsTheLastRunAgainAgainstTheFixturesUp()
    {
        auto ws = workspaceWithTests(QStringLiteral("  - name: mine\n"
                                                    "    path: bin/mine\n"
                                                    "    fixtures: [echo_server]\n"));
        QVERIFY(ws);
        const QString bin = ws->filePath(QStringLiteral("bin/mine"));
        QVERIFY(QDir().mkpath(ws->filePath(QStringLiteral("bin"))));
        QVERIFY(QFile::copy(sample("sample_passing"), bin));
        // A linker's rebuild: a new file beside it, newer, renamed over it.
        int builds = 0;
        auto rebuild = [&]() {
            const QString tmp = bin + QStringLiteral(".tmp");
            QFile::remove(tmp);
            if (!QFile::copy(sample("sample_passing"), tmp))
                return false;
            QFile f(tmp);
            return f.open(QIODevice::ReadWrite)
                && f.setFileTime(QDateTime::currentDateTime().addSecs(++builds * 10), QFileDevice::FileModificationTime)
                && (f.close(), ::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(bin).constData()) == 0);
        };
        const QString instance = testsupport::uniqueInstance(QStringLiteral("guiwatch"));
        MainWindow w;
        QVERIFY(openWithInstance(w, ws->path(), instance));
        TestsPanel *tests = w.testsPanel();
        QVERIFY(!tests->rerunOnRebuildAction()->isChecked());
        tests->rerunOnRebuildAction()->setChecked(true);
        QSignalSpy finished(tests, &TestsPanel::runFinished);
        QVERIFY(tests->runSelections({qMakePair(QStringLiteral("mine"), TestSelection::ofTests({QStringLiteral("Math.Adds")}))}));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 10000);
        const QStringList containers = testsupport::containersWithLabel(QStringLiteral("fixbench.instance=") + instance);
        QCOMPARE(containers.size(), 1);

        QVERIFY(rebuild());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!tests->isRunning(), 10000);
        QVERIFY2(finished.last().at(1).toString().isEmpty(), qPrintable(finished.last().at(1).toString()));
        QCOMPARE(tests->session()->reports().size(), 1);
        QStringList ran;
        for (const TestResult &r : tests->session()->reports().first().results)
            ran << r.fullName();
        QCOMPARE(ran, QStringList{QStringLiteral("Math.Adds")}); // the last run's selection
        QCOMPARE(testsupport::containersWithLabel(QStringLiteral("fixbench.instance=") + instance), containers);

        // Off: listed again, not run.
        tests->rerunOnRebuildAction()->setChecked(false);
        QSignalSpy listed(tests, &TestsPanel::discoveryFinished);
        QVERIFY(rebuild());
        QTRY_VERIFY_WITH_TIMEOUT(!listed.isEmpty(), 30000);
        QTest::qWait(500);
        QCOMPARE(finished.size(), 2);
        QVERIFY(!tests->isRunning());
    }
};

QTEST_MAIN(TestLastRun)
#include "test_lastrun.moc"
