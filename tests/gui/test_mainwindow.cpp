// The real window against the real engine (offscreen): bring echo_server up from the
// Fixtures panel, see its logs, see its environment, see a fixture started by another
// process (the fixbench CLI) show up live, take fixtures down, close.
#include "editorlauncher.h"
#include "environmentmodel.h"
#include "environmentpanel.h"
#include "fixturesmodel.h"
#include "fixturespanel.h"
#include "logsmodel.h"
#include "logspanel.h"
#include "mainwindow.h"
#include "testsupport.h"

#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTest>
#include <QTreeView>

using namespace fixbench;

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_ws;
    QTemporaryDir m_config;

    static FixtureState stateOf(MainWindow &w, const QString &fixture)
    {
        const QModelIndex i = w.fixturesPanel()->model()->indexOf(fixture);
        return i.isValid() ? FixtureState(i.data(FixturesModel::StateRole).toInt()) : FixtureState::Down;
    }
    static bool logsContain(MainWindow &w, const QString &text)
    {
        LogsModel *m = w.logsPanel()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r).data(LogsModel::PlainTextRole).toString().contains(text))
                return true;
        return false;
    }
    QString project(const QString &fixture) const
    {
        auto ws = Workspace::load(m_ws->path());
        return FixtureManager(*ws).projectName(fixture);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(QStringLiteral("fixbench-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_mainwindow"));
        EngineClient engine;
        Status ping = engine.ping();
        QVERIFY2(ping.ok(), qPrintable(ping ? QString() : ping.error().toString()));
        // A copy of tests/workspace: its own workspace id, so its compose projects never
        // meet those of tests running elsewhere on this engine.
        m_ws = testsupport::copyWorkspace(testsupport::testsWorkspace());
        QVERIFY(m_ws && m_ws->isValid());
    }

    void cleanupTestCase()
    {
        if (!m_ws)
            return;
        auto ws = Workspace::load(m_ws->path());
        if (ws) {
            FixtureManager mgr(*ws);
            if (auto running = mgr.running(); running)
                for (const RunningFixture &r : *running)
                    (void)mgr.down(r);
        }
    }

    // The window fits the screen it opens on (offscreen: 800×600), status bar included,
    // and can be made that small; restored from a larger screen's geometry it fits too.
    void fitsTheScreenItOpensOn()
    {
        MainWindow w;
        QVERIFY(w.openWorkspace(m_ws->path()));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QRect avail = w.screen()->availableGeometry();
        QVERIFY2(avail.contains(w.geometry()), qPrintable(QStringLiteral("%1x%2 on %3x%4").arg(w.width()).arg(w.height())
                                                             .arg(avail.width()).arg(avail.height())));
        QVERIFY(w.statusBar()->isVisible());
        QVERIFY(avail.contains(w.statusBar()->mapTo(&w, QPoint(0, w.statusBar()->height())) + w.geometry().topLeft()));
        const QSize min = w.minimumSizeHint();
        QVERIFY2(min.width() <= avail.width() && min.height() <= avail.height(),
                 qPrintable(QStringLiteral("minimum %1x%2").arg(min.width()).arg(min.height())));
        w.resize(2400, 1600);
        w.fitToScreen(w.size());
        QVERIFY(avail.contains(w.geometry()));
        // The status bar says which compose runs the stacks (found on its own, after the
        // fixture list: the list does not wait for `docker-compose version`).
        QTRY_VERIFY_WITH_TIMEOUT(w.findChild<QLabel *>(QStringLiteral("composeStatus"))->text().startsWith(QStringLiteral("Compose: docker")),
                                 30000);
        w.close();
    }

    // A fixture whose fixture.yml is invalid is listed as invalid with file:line:col, opens
    // in the editor at that line, cannot be brought up, and shows fixed once it is.
    void invalidFixtureIsShownInvalid()
    {
        auto ws = testsupport::copyWorkspace(testsupport::testsWorkspace());
        QVERIFY(ws && ws->isValid());
        const QString dir = ws->filePath(QStringLiteral("fixtures/broken"));
        QVERIFY(QDir().mkpath(dir));
        auto write = [](const QString &path, const QByteArray &text) {
            QFile f(path);
            return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
        };
        QVERIFY(write(dir + QStringLiteral("/compose.yaml"), "services:\n  app:\n    image: debian:bookworm-slim\n"));
        const QString yml = dir + QStringLiteral("/fixture.yml");
        QVERIFY(write(yml, "description: broken\nreadiness:\n  timeout: [not, a, duration]\n"));
        QVERIFY(QDir().mkpath(ws->filePath(QStringLiteral("fixtures/folder/fixture.yml"))));
        const QString record = m_config.filePath(QStringLiteral("opened.txt"));
        EditorLauncher::setCommand(QStringLiteral("sh -c 'printf \"%s|%s\" \"$0\" \"$1\" > \"$2\"' %f %l ") + record);

        MainWindow w;
        QVERIFY(w.openWorkspace(ws->path()));
        w.show();
        FixturesPanel *panel = w.fixturesPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->model()->indexOf(QStringLiteral("broken")).isValid(), 15000);
        const QModelIndex broken = panel->model()->indexOf(QStringLiteral("broken"));
        QCOMPARE(broken.siblingAtColumn(FixturesModel::StateColumn).data().toString(), QStringLiteral("invalid"));
        const QString info = broken.siblingAtColumn(FixturesModel::InfoColumn).data().toString();
        QVERIFY2(info.startsWith(yml + QStringLiteral(":3:")), qPrintable(info));
        // A fixture.yml that is a folder: listed too, as invalid, saying so.
        QTRY_VERIFY_WITH_TIMEOUT(panel->model()->indexOf(QStringLiteral("folder")).isValid(), 15000);
        QCOMPARE(panel->model()->indexOf(QStringLiteral("folder"), {}, FixturesModel::StateColumn).data().toString(), QStringLiteral("invalid"));
        QVERIFY2(panel->model()->indexOf(QStringLiteral("folder"), {}, FixturesModel::InfoColumn).data().toString().contains(QStringLiteral("is a folder")),
                 qPrintable(panel->model()->indexOf(QStringLiteral("folder"), {}, FixturesModel::InfoColumn).data().toString()));
        QVERIFY(panel->selectFixture(QStringLiteral("broken")));
        QVERIFY(!panel->upAction()->isEnabled());
        Q_EMIT panel->view()->doubleClicked(broken);
        auto contents = [&record]() {
            QFile f(record);
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
        };
        QTRY_COMPARE(contents(), yml + QStringLiteral("|3"));

        // Fixed on disk: the window's next look says so.
        QVERIFY(write(yml, "description: fixed\nreadiness:\n  timeout: 5s\n"));
        w.controller()->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(panel->model()->indexOf(QStringLiteral("broken"), {}, FixturesModel::StateColumn).data().toString(),
                                  QStringLiteral("down"), 15000);
        QVERIFY(panel->upAction()->isEnabled());
        EditorLauncher::setCommand(QString());
        w.close();
    }

    // Prune Leftovers lists what it would remove and asks; by default only this
    // workspace's leftovers, every workspace's on request.
    void pruneListsAndAsksForThisWorkspace()
    {
        auto ws = Workspace::load(m_ws->path());
        QVERIFY(ws);
        const QString mine = QStringLiteral("fb-%1-leftover").arg(ws->id());
        const QString other = QStringLiteral("fb-someone_else_%1-leftover").arg(ProcessInfo::current().pid);
        auto leftover = [](const QString &project, const QString &workspaceId) {
            // A stack whose owner is gone (pid 999999999 never exists): a leftover.
            return testsupport::run(QStringLiteral("docker"),
                                    {QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--rm"), QStringLiteral("--init"),
                                     QStringLiteral("--label"), QStringLiteral("com.docker.compose.project=") + project,
                                     QStringLiteral("--label"), QStringLiteral("com.docker.compose.service=app"),
                                     QStringLiteral("--label"), QStringLiteral("fixbench.fixture=leftover"),
                                     QStringLiteral("--label"), QStringLiteral("fixbench.workspace=") + workspaceId,
                                     QStringLiteral("--label"), QStringLiteral("fixbench.owner.pid=999999999"),
                                     QStringLiteral("debian:bookworm-slim"), QStringLiteral("sleep"), QStringLiteral("infinity")})
                       .exitCode == 0;
        };
        QVERIFY(leftover(mine, ws->id()));
        QVERIFY(leftover(other, QStringLiteral("someone_else")));
        auto alive = [](const QString &project) { return !testsupport::containersWithLabel(testsupport::projectLabel(project)).isEmpty(); };

        MainWindow w;
        QVERIFY(w.openWorkspace(m_ws->path()));
        w.show();
        FixturesPanel *panel = w.fixturesPanel();
        QTRY_VERIFY(panel->pruneAction()->isEnabled());
        panel->pruneAction()->trigger();
        auto *dialog = panel->findChild<QDialog *>(QStringLiteral("pruneDialog"));
        QVERIFY(dialog);
        auto *list = dialog->findChild<QListWidget *>(QStringLiteral("pruneList"));
        auto items = [list]() {
            QStringList out;
            for (int i = 0; i < list->count(); ++i)
                out << list->item(i)->text();
            return out;
        };
        QVERIFY2(items() == QStringList{mine}, qPrintable(items().join(QLatin1Char(' '))));
        dialog->findChild<QCheckBox *>(QStringLiteral("pruneAllWorkspaces"))->setChecked(true);
        QVERIFY2(items().contains(mine) && items().contains(other), qPrintable(items().join(QLatin1Char(' '))));
        dialog->findChild<QCheckBox *>(QStringLiteral("pruneAllWorkspaces"))->setChecked(false);
        QVERIFY(alive(mine) && alive(other)); // nothing removed by asking
        dialog->findChild<QPushButton *>(QStringLiteral("pruneRemove"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!alive(mine), 60000);
        QTRY_VERIFY(panel->pruneAction()->isEnabled());
        QVERIFY(alive(other)); // another workspace's: left alone
        // Cancel removes nothing.
        panel->pruneAction()->trigger();
        dialog = panel->findChild<QDialog *>(QStringLiteral("pruneDialog"));
        QVERIFY(dialog);
        dialog->findChild<QCheckBox *>(QStringLiteral("pruneAllWorkspaces"))->setChecked(true);
        dialog->reject();
        QTest::qWait(500);
        QVERIFY(alive(other));
        testsupport::run(QStringLiteral("docker"), {QStringLiteral("rm"), QStringLiteral("-f"),
                                                    testsupport::containersWithLabel(testsupport::projectLabel(other)).value(0)});
        w.close();
    }

    void upFromFixturesPanelLogsAndDown()
    {
        MainWindow w;
        w.setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        QString error;
        QVERIFY2(w.openWorkspace(m_ws->path(), &error), qPrintable(error));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // The tree lists every fixture of the workspace, all down.
        FixturesPanel *panel = w.fixturesPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->model()->indexOf(QStringLiteral("echo_server")).isValid(), 15000);
        QVERIFY(panel->model()->indexOf(QStringLiteral("healthy")).isValid());
        QCOMPARE(stateOf(w, QStringLiteral("echo_server")), FixtureState::Down);
        // The status bar names the engine in use.
        QTRY_VERIFY(w.engineLabel()->text().contains(QStringLiteral("state-ready")));
        QVERIFY2(w.engineLabel()->text().contains(EngineEndpoint::fromEnvironment().toString()), qPrintable(w.engineLabel()->text()));

        // Select it as a user would: click its row.
        const QModelIndex row = panel->model()->indexOf(QStringLiteral("echo_server"));
        QTreeView *tree = panel->view();
        tree->scrollTo(row);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(row).center());
        QCOMPARE(panel->currentFixture(), QStringLiteral("echo_server"));
        QCOMPARE(w.logsPanel()->fixture(), QStringLiteral("echo_server"));
        QVERIFY(panel->upAction()->isEnabled());
        QVERIFY(!panel->downAction()->isEnabled());

        // Up: starting, then ready.
        panel->upAction()->trigger();
        QCOMPARE(stateOf(w, QStringLiteral("echo_server")), FixtureState::Starting);
        QVERIFY(!panel->upAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("echo_server")), FixtureState::Ready, 90000);
        const QModelIndex ready = panel->model()->indexOf(QStringLiteral("echo_server"));
        QTRY_COMPARE(panel->model()->rowCount(ready), 1);
        QCOMPARE(panel->model()->index(0, FixturesModel::NameColumn, ready).data().toString(), QStringLiteral("app"));
        QCOMPARE(ready.data(FixturesModel::OwnedRole).toBool(), true);
        QVERIFY(panel->model()->index(ready.row(), FixturesModel::PortsColumn).data().toString().startsWith(QStringLiteral("ECHO_PORT=")));
        QTRY_VERIFY(panel->downAction()->isEnabled());

        // Its logs stream into the Logs panel.
        QTRY_VERIFY_WITH_TIMEOUT(logsContain(w, QStringLiteral("ready")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(logsContain(w, QStringLiteral("tick")), 20000);
        QCOMPARE(w.logsPanel()->model()->services(), QStringList{QStringLiteral("app")});
        QVERIFY(w.logsPanel()->isFollowing());
        QVERIFY(w.logsPanel()->view()->isVisible());

        // Search jumps to a line and stops following.
        w.logsPanel()->findAction()->trigger();
        QTest::keyClicks(w.findChild<QLineEdit *>(QStringLiteral("logsSearch")), QStringLiteral("ready"));
        QVERIFY(w.logsPanel()->findNext());
        QVERIFY(w.logsPanel()->view()->currentIndex().data(LogsModel::PlainTextRole).toString().contains(QStringLiteral("ready")));
        QVERIFY(!w.logsPanel()->isFollowing());
        w.logsPanel()->followAction()->trigger();
        QVERIFY(w.logsPanel()->isFollowing());

        // The Environment panel shows what a run gets, the secret masked.
        EnvironmentModel *env = w.environmentPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(env->rowOf(QStringLiteral("ECHO_GREETING")) >= 0, 10000);
        const int token = env->rowOf(QStringLiteral("ECHO_TOKEN"));
        QVERIFY(token >= 0);
        QCOMPARE(env->index(token, EnvironmentModel::ValueColumn).data().toString(), QStringLiteral("********"));
        w.environmentPanel()->revealAction()->trigger();
        QCOMPARE(env->index(token, EnvironmentModel::ValueColumn).data().toString(), QStringLiteral("s3cret"));
        // An override is remembered for the workspace.
        env->setOverride(QStringLiteral("ECHO_GREETING"), QStringLiteral("bonjour"));
        auto ws = Workspace::load(m_ws->path());
        QCOMPARE(QSettings().value(EnvironmentPanel::settingsKey(*ws)).toMap().value(QStringLiteral("ECHO_GREETING")).toString(),
                 QStringLiteral("bonjour"));

        // Closing would offer to take it down (this window started it, not kept).
        QCOMPARE(panel->fixturesToTakeDown().size(), 1);
        QVERIFY(panel->keepAction()->isEnabled());

        // Down.
        panel->downAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("echo_server")), FixtureState::Down, 60000);
        QTRY_VERIFY(testsupport::containersWithLabel(testsupport::projectLabel(project(QStringLiteral("echo_server")))).isEmpty());
        QTRY_VERIFY(env->rowOf(QStringLiteral("ECHO_TOKEN")) < 0);
        QVERIFY(panel->fixturesToTakeDown().isEmpty());
        w.close();
    }

    void overridesAreRemembered()
    {
        MainWindow w;
        QVERIFY(w.openWorkspace(m_ws->path()));
        QCOMPARE(w.environmentPanel()->model()->overrides().value(QStringLiteral("ECHO_GREETING")), QStringLiteral("bonjour"));
    }

    void fixtureStartedElsewhereShowsUpLive()
    {
        MainWindow w;
        w.setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        QVERIFY(w.openWorkspace(m_ws->path()));
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.fixturesPanel()->model()->indexOf(QStringLiteral("echo_server")).isValid(), 15000);

        auto r = testsupport::runCli({QStringLiteral("-w"), m_ws->path(), QStringLiteral("up"), QStringLiteral("echo_server"),
                                      QStringLiteral("--keep")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("echo_server")), FixtureState::Ready, 15000);
        const QModelIndex i = w.fixturesPanel()->model()->indexOf(QStringLiteral("echo_server"));
        QCOMPARE(i.data(FixturesModel::OwnedRole).toBool(), false);
        QCOMPARE(i.data(FixturesModel::KeptRole).toBool(), true);
        // Not ours: closing leaves it alone.
        QVERIFY(w.fixturesPanel()->fixturesToTakeDown().isEmpty());
        QVERIFY(w.fixturesPanel()->selectFixture(QStringLiteral("echo_server")));
        // Another process uses it (a lease): while keep is off for a moment, it stays up.
        QProcess user;
        user.start(testsupport::fixbenchPath(), {QStringLiteral("-w"), m_ws->path(), QStringLiteral("up"), QStringLiteral("echo_server"),
                                                 QStringLiteral("--json"), QStringLiteral("--hold-stdin")});
        QVERIFY(user.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(user.canReadLine() || user.waitForReadyRead(10), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.fixturesPanel()->model()->indexOf(QStringLiteral("echo_server"))
                                     .sibling(w.fixturesPanel()->model()->indexOf(QStringLiteral("echo_server")).row(), FixturesModel::InfoColumn)
                                     .data().toString().contains(QStringLiteral("used by 1 process")), 15000);
        // Kept by whoever started it; the window can stop keeping it and keep it again
        // (a marker in the engine: every process sees it).
        QVERIFY(w.fixturesPanel()->keepAction()->isEnabled());
        QVERIFY(w.fixturesPanel()->keepAction()->isChecked());
        w.fixturesPanel()->keepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(w.fixturesPanel()->model()->indexOf(QStringLiteral("echo_server")).data(FixturesModel::KeptRole).toBool(),
                                  false, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(w.fixturesPanel()->keepAction()->isEnabled(), 15000);
        w.fixturesPanel()->keepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(w.fixturesPanel()->model()->indexOf(QStringLiteral("echo_server")).data(FixturesModel::KeptRole).toBool(),
                                  true, 15000);
        // Its logs too (attached to a stack this window did not start).
        QTRY_VERIFY_WITH_TIMEOUT(logsContain(w, QStringLiteral("tick")), 20000);

        user.closeWriteChannel(); // its user is gone; kept, it stays
        QVERIFY(user.waitForFinished(30000));
        QTest::qWait(1500);
        QCOMPARE(stateOf(w, QStringLiteral("echo_server")), FixtureState::Ready);
        r = testsupport::runCli({QStringLiteral("-w"), m_ws->path(), QStringLiteral("down"), QStringLiteral("echo_server")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, QStringLiteral("echo_server")), FixtureState::Down, 15000);
        w.close();
    }

    void closeTakesDownWhatItStarted()
    {
        auto w = std::make_unique<MainWindow>();
        w->setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        QVERIFY(w->openWorkspace(m_ws->path()));
        w->show();
        QTRY_VERIFY_WITH_TIMEOUT(w->fixturesPanel()->model()->indexOf(QStringLiteral("echo_server")).isValid(), 15000);
        QVERIFY(w->fixturesPanel()->bringUp(QStringLiteral("echo_server")));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*w, QStringLiteral("echo_server")), FixtureState::Ready, 90000);
        QVERIFY(!w->close()); // not yet: taking it down first
        QTRY_VERIFY_WITH_TIMEOUT(!w->isVisible(), 60000);
        QVERIFY(testsupport::containersWithLabel(testsupport::projectLabel(project(QStringLiteral("echo_server")))).isEmpty());
    }

    void keepOnCloseLeavesItUp()
    {
        auto w = std::make_unique<MainWindow>();
        w->setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        QVERIFY(w->openWorkspace(m_ws->path()));
        w->show();
        QTRY_VERIFY_WITH_TIMEOUT(w->fixturesPanel()->model()->indexOf(QStringLiteral("echo_server")).isValid(), 15000);
        QVERIFY(w->fixturesPanel()->selectFixture(QStringLiteral("echo_server")));
        w->fixturesPanel()->upAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*w, QStringLiteral("echo_server")), FixtureState::Ready, 90000);
        QTRY_VERIFY(w->fixturesPanel()->keepAction()->isEnabled());
        w->fixturesPanel()->keepAction()->trigger(); // "leave it up when I close"
        // Kept in the engine (not only promised by this window): then nothing to take down.
        QTRY_VERIFY_WITH_TIMEOUT(w->fixturesPanel()->model()->indexOf(QStringLiteral("echo_server")).data(FixturesModel::KeptRole).toBool(), 15000);
        QVERIFY(w->fixturesPanel()->fixturesToTakeDown().isEmpty());
        QVERIFY(w->close());
        w.reset();
        QVERIFY(!testsupport::containersWithLabel(testsupport::projectLabel(project(QStringLiteral("echo_server")))).isEmpty());
        // cleanupTestCase takes it down.
    }

    // Up → Keep Alive → Down → Up: the new stack is not kept, and the window says so —
    // the pin is up, no "kept", and closing offers to take it down.
    void keepShowsWhatTheEngineHolds()
    {
        // Its own workspace: other tests leave echo_server kept in m_ws.
        auto ws = testsupport::copyWorkspace(testsupport::testsWorkspace());
        QVERIFY(ws && ws->isValid());
        MainWindow w;
        w.setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        QVERIFY(w.openWorkspace(ws->path()));
        w.show();
        FixturesPanel *panel = w.fixturesPanel();
        const QString name = QStringLiteral("echo_server");
        QTRY_VERIFY_WITH_TIMEOUT(panel->model()->indexOf(name).isValid(), 15000);
        QVERIFY(panel->selectFixture(name));
        auto info = [&]() { return panel->model()->indexOf(name, {}, FixturesModel::InfoColumn).data().toString(); };
        auto kept = [&]() { return panel->model()->indexOf(name).data(FixturesModel::KeptRole).toBool(); };
        auto progress = [&]() { return panel->findChild<QLabel *>(QStringLiteral("fixturesProgress"))->text(); };
        panel->upAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, name), FixtureState::Ready, 90000);
        QTRY_VERIFY(panel->keepAction()->isEnabled());
        QVERIFY(!panel->keepAction()->isChecked());
        panel->keepAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(kept(), 15000);
        QTRY_VERIFY(panel->keepAction()->isEnabled());
        QVERIFY(panel->keepAction()->isChecked());
        QVERIFY2(info().contains(QStringLiteral("kept")), qPrintable(info()));
        QVERIFY2(progress().endsWith(QStringLiteral("keep alive on")), qPrintable(progress()));
        QVERIFY(panel->fixturesToTakeDown().isEmpty());

        QTRY_VERIFY(panel->downAction()->isEnabled());
        panel->downAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, name), FixtureState::Down, 60000);
        QTRY_VERIFY(panel->upAction()->isEnabled());
        QVERIFY(!panel->keepAction()->isChecked());
        panel->upAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(w, name), FixtureState::Ready, 90000);
        QTRY_VERIFY(panel->keepAction()->isEnabled());
        QVERIFY(!kept());
        QVERIFY(!panel->keepAction()->isChecked());
        QVERIFY2(!info().contains(QStringLiteral("kept")) && !info().contains(QStringLiteral("left up")), qPrintable(info()));
        QCOMPARE(panel->fixturesToTakeDown().size(), 1);

        // Off again says so.
        panel->keepAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(kept(), 15000);
        QTRY_VERIFY(panel->keepAction()->isEnabled());
        panel->keepAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!kept(), 15000);
        QTRY_VERIFY2(progress().endsWith(QStringLiteral("keep alive off")), qPrintable(progress()));
        QVERIFY(!w.close()); // takes it down first
        QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 60000);
        QVERIFY(testsupport::containersWithLabel(testsupport::projectLabel(FixtureManager(*Workspace::load(ws->path())).projectName(name))).isEmpty());
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
