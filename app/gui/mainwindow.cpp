#include "mainwindow.h"

#include "environmentpanel.h"
#include "fixturespanel.h"
#include "ftppanel.h"
#include "editorlauncher.h"
#include "resultspanel.h"
#include "testsmodel.h"
#include "testspanel.h"
#include "timelineview.h"
#include "run/testsession.h"
#include "run/fixturelogs.h"
#include "engine/engineclient.h"
#include "icons.h"
#include "logsmodel.h"
#include "logspanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace fixbench {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::app());
    setWindowTitle(tr("fixbench"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    // Side panels run the full height; Results sits under the centre only.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    m_fixtures = new FixturesPanel(this);
    m_logs = new LogsPanel(this);
    m_environment = new EnvironmentPanel(this);
    m_tests = new TestsPanel(this);
    m_tests->setOverridesProvider([this]() { return m_environment->overrides(); });
    connect(m_tests, &TestsPanel::instanceChanged, m_environment, &EnvironmentPanel::setInstance);
    m_results = new ResultsPanel(m_tests->model(), this);
    m_ftp = new FtpPanel(this);
    m_fixtures->setEditorLauncher(m_results->editor());

    m_centre = new QTabWidget(this);
    m_centre->setObjectName(QStringLiteral("centreTabs"));
    m_centre->setDocumentMode(true);
    m_centre->addTab(m_logs, Icons::get(QStringLiteral("logs")), tr("Logs"));
    m_centre->addTab(m_ftp, Icons::get(QStringLiteral("ftp")), tr("FTP"));
    setCentralWidget(m_centre);

    createActions();
    createDocks();
    createMenus();
    createStatusBar();

    connect(m_fixtures, &FixturesPanel::currentFixtureChanged, this, &MainWindow::onFixtureChanged);
    connect(m_fixtures, &FixturesPanel::serviceActivated, this,
            [this](const QString &fixture, const QString &instance, const QString &service) {
                const QString project = m_controller && m_controller->statusOf(fixture, instance)
                    ? m_controller->statusOf(fixture, instance)->project : QString();
                m_logs->showFixture(fixture, instance, project);
                m_logs->showService(service);
                m_centre->setCurrentWidget(m_logs);
            });
    connect(m_logs, &LogsPanel::titleChanged, this, [this](const QString &title) {
        m_centre->setTabText(m_centre->indexOf(m_logs), title.isEmpty() ? tr("Logs") : tr("Logs — %1").arg(title));
    });
    connect(m_tests, &TestsPanel::currentChanged, this, [this](const QModelIndex &i) {
        m_results->showIndex(i);
        if (i.isValid()) {
            m_results->tabs()->setCurrentIndex(0);
            m_environment->setTarget(i.data(TestsModel::BinaryRole).toString());
        }
    });
    connect(m_tests, &TestsPanel::runStarted, this, [this]() {
        m_results->clearConsole();
        m_results->showConsole();
    });
    connect(m_tests, &TestsPanel::outputBatch, m_results, &ResultsPanel::appendOutput);
    connect(m_tests, &TestsPanel::runFinished, this, [this](const RunSummary &s, const QString &error) {
        statusBar()->showMessage(error.isEmpty() ? s.line() : error, 10000);
        if (const auto timeline = m_tests->session() ? m_tests->session()->timeline() : nullptr)
            m_results->timeline()->setBars(timeline->bars());
    });
    // A test that passed carries no fixture log: its result offers to read it now from
    // its fixtures that are up (of the run's instance).
    m_results->setLogReader([this](const TestResult &r) -> std::function<QString()> {
        const TestBinarySpec *spec = m_tests->model()->binarySpec(r.binary);
        if (!m_controller || !spec || spec->fixtures.isEmpty())
            return {};
        const QString instance = m_tests->session() ? m_tests->session()->instance() : m_tests->instance();
        QList<QPair<QString, QString>> up;
        QStringList notes, secrets;
        for (const QString &f : spec->fixtures) {
            const FixtureStatus *status = m_controller->statusOf(f, instance);
            if (status && !status->project.isEmpty() && status->state != FixtureState::Down) {
                up << qMakePair(f, status->project);
                secrets += m_controller->environmentOf(f, instance).secretValues();
            } else {
                notes << tr("fixture %1 is down: its logs went with it").arg(f);
            }
        }
        const qint64 start = r.startMs, end = r.endMs;
        return [up, notes, secrets, start, end]() {
            EngineClient engine;
            QStringList parts = notes;
            if (!up.isEmpty())
                parts << FixtureLogs::read(engine, up, start, end, secrets);
            return parts.join(QLatin1Char('\n'));
        };
    });
    // A test's bar on the timeline: that test, its result (failures, fixture logs) shown.
    connect(m_results->timeline(), &TimelineView::testActivated, this, [this](const QString &binary, const QString &fullName) {
        m_tests->selectTest(binary, fullName);
    });
    connect(m_tests, &TestsPanel::statusMessage, this,
            [this](const QString &text, int timeout) { statusBar()->showMessage(text, timeout); });
    connect(m_ftp, &FtpPanel::statusMessage, this,
            [this](const QString &text, int timeout) { statusBar()->showMessage(text, timeout); });
    connect(m_fixtures, &FixturesPanel::statusMessage, this,
            [this](const QString &text, int timeout) { statusBar()->showMessage(text, timeout); });
    // The editor could not open a file:line: say so, with its own words.
    connect(m_results, &ResultsPanel::editorFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 15000);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Editor"), message, QMessageBox::Close, this);
        box->setObjectName(QStringLiteral("editorFailedBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    fitToScreen(QSize(1400, 860));
}

MainWindow::~MainWindow()
{
    // Panels first: they hold pointers to the controller.
    m_fixtures->setController(nullptr);
    m_environment->setController(nullptr);
    m_tests->setController(nullptr);
    m_ftp->setController(nullptr);
    m_logs->stop();
}

void MainWindow::createActions()
{
    m_openAction = new QAction(Icons::get(QStringLiteral("open")), tr("&Open Workspace…"), this);
    m_openAction->setObjectName(QStringLiteral("actionOpenWorkspace"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open a folder holding fixbench.yml"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseWorkspace);

    m_quitAction = new QAction(Icons::get(QStringLiteral("quit")), tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("actionQuit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_editorAction = new QAction(Icons::get(QStringLiteral("settings")), tr("&Editor Command…"), this);
    m_editorAction->setObjectName(QStringLiteral("actionEditorCommand"));
    m_editorAction->setToolTip(tr("The command that opens file:line links of test failures"));
    connect(m_editorAction, &QAction::triggered, this, &MainWindow::chooseEditor);

    m_aboutAction = new QAction(Icons::app(), tr("&About fixbench"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createDocks()
{
    m_fixturesDock = new QDockWidget(tr("Fixtures"), this);
    m_fixturesDock->setObjectName(QStringLiteral("fixturesDock"));
    m_fixturesDock->setWidget(m_fixtures);
    addDockWidget(Qt::LeftDockWidgetArea, m_fixturesDock);

    m_testsDock = new QDockWidget(tr("Tests"), this);
    m_testsDock->setObjectName(QStringLiteral("testsDock"));
    m_testsDock->setWidget(m_tests);
    addDockWidget(Qt::LeftDockWidgetArea, m_testsDock);
    splitDockWidget(m_fixturesDock, m_testsDock, Qt::Vertical);

    m_resultsDock = new QDockWidget(tr("Results"), this);
    m_resultsDock->setObjectName(QStringLiteral("resultsDock"));
    m_resultsDock->setWidget(m_results);
    addDockWidget(Qt::BottomDockWidgetArea, m_resultsDock);

    m_environmentDock = new QDockWidget(tr("Environment"), this);
    m_environmentDock->setObjectName(QStringLiteral("environmentDock"));
    m_environmentDock->setWidget(m_environment);
    addDockWidget(Qt::RightDockWidgetArea, m_environmentDock);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *fixtures = menuBar()->addMenu(tr("Fi&xtures"));
    fixtures->addActions(m_fixtures->fixtureActions());

    QMenu *tests = menuBar()->addMenu(tr("&Tests"));
    tests->addActions(m_tests->runActions());

    QMenu *logs = menuBar()->addMenu(tr("&Logs"));
    logs->addAction(m_logs->findAction());
    logs->addAction(m_logs->findNextAction());
    logs->addAction(m_logs->findPreviousAction());
    logs->addSeparator();
    logs->addAction(m_logs->followAction());
    logs->addAction(m_logs->pauseAction());
    logs->addAction(m_logs->timestampsAction());
    logs->addSeparator();
    logs->addAction(m_logs->clearAction());
    logs->addAction(m_logs->saveAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_fixturesDock->toggleViewAction());
    m_viewMenu->addAction(m_testsDock->toggleViewAction());
    m_viewMenu->addAction(m_resultsDock->toggleViewAction());
    m_viewMenu->addAction(m_environmentDock->toggleViewAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_environment->revealAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_editorAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::createStatusBar()
{
    m_engineLabel = new QLabel(this);
    m_engineLabel->setObjectName(QStringLiteral("engineStatus"));
    m_engineLabel->setTextFormat(Qt::RichText);
    m_composeLabel = new QLabel(this);
    m_composeLabel->setObjectName(QStringLiteral("composeStatus"));
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceStatus"));
    statusBar()->addPermanentWidget(m_workspaceLabel);
    statusBar()->addPermanentWidget(m_composeLabel);
    statusBar()->addPermanentWidget(m_engineLabel);
    m_engineLabel->setText(tr("Engine: asking…"));
    m_workspaceLabel->setText(tr("No workspace"));
}

QString MainWindow::workspaceRoot() const
{
    return m_controller ? m_controller->workspace().root() : QString();
}

bool MainWindow::openWorkspace(const QString &root, QString *error)
{
    auto ws = Workspace::load(QDir(root).absolutePath());
    if (!ws) {
        if (error)
            *error = ws.error().toString();
        return false;
    }
    if (m_controller) {
        // Fixtures this window brought up in the previous workspace.
        const auto leftovers = m_fixtures->fixturesToTakeDown();
        FixtureController *old = m_controller;
        m_fixtures->setController(nullptr);
        m_environment->setController(nullptr);
        m_tests->setController(nullptr);
        m_ftp->setController(nullptr);
        disconnect(old, nullptr, this, nullptr);
        old->stopWatching();
        bool takeDown = m_closePolicy == ClosePolicy::TakeDown;
        if (!leftovers.isEmpty() && m_closePolicy == ClosePolicy::Ask) {
            QStringList names;
            for (const auto &f : leftovers)
                names << FixtureController::key(f.first, f.second);
            takeDown = QMessageBox::question(this, tr("Switch Workspace"),
                                             tr("This window brought up fixtures that are still up: %1.\nTake them down? "
                                                "(No keeps them up until `fixbench down`.)")
                                                 .arg(names.join(QStringLiteral(", "))),
                                             QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
                == QMessageBox::Yes;
        }
        if (!takeDown)
            keepUp(old->workspace(), leftovers);
        if (takeDown && !leftovers.isEmpty()) {
            for (const auto &f : leftovers)
                old->down(f.first, f.second);
            connect(old, &FixtureController::operationFinished, old, [old]() {
                if (old->isIdle())
                    old->deleteLater();
            });
        } else {
            old->deleteLater();
        }
    }
    m_controller = new FixtureController(*ws, this);
    connect(m_controller, &FixtureController::engineStatusChanged, this, &MainWindow::onEngineStatus);
    connect(m_controller, &FixtureController::composeToolDetected, this, &MainWindow::onComposeTool);
    connect(m_controller, &FixtureController::operationFinished, this, [this]() {
        if (m_closing && m_controller && m_controller->isIdle())
            QTimer::singleShot(0, this, &QWidget::close);
    });
    m_fixtures->setController(m_controller);
    m_environment->setController(m_controller);
    m_tests->setController(m_controller);
    m_ftp->setController(m_controller);
    m_logs->showFixture(QString(), QString(), QString());
    m_controller->startWatching(1000);

    setWindowTitle(tr("fixbench — %1").arg(ws->name()));
    m_workspaceLabel->setText(tr("Workspace: %1").arg(ws->name()));
    m_workspaceLabel->setToolTip(ws->root());
    QSettings().setValue(QStringLiteral("workspace/last"), ws->root());
    return true;
}

void MainWindow::chooseWorkspace()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Workspace"),
                                                          workspaceRoot().isEmpty() ? QDir::homePath() : workspaceRoot());
    if (dir.isEmpty())
        return;
    QString error;
    if (!openWorkspace(dir, &error))
        QMessageBox::warning(this, tr("Open Workspace"), tr("%1 is not a fixbench workspace:\n%2").arg(dir, error));
}

void MainWindow::chooseEditor()
{
    bool ok = false;
    const QString command = QInputDialog::getText(this, tr("Editor Command"),
                                                  tr("Command that opens a file at a line (%f: the file, %l: the line; quote as in a shell),\n"
                                                     "e.g. code --goto %f:%l, kate --line %l %f, gvim +%l %f; empty: the default:"),
                                                  QLineEdit::Normal, EditorLauncher::command(), &ok);
    if (!ok)
        return;
    QString error;
    if (!command.trimmed().isEmpty() && EditorLauncher::splitWords(command, &error).isEmpty()) {
        QMessageBox::warning(this, tr("Editor Command"), error);
        return;
    }
    EditorLauncher::setCommand(command); // empty: the default again
}

void MainWindow::onFixtureChanged(const QString &fixture, const QString &instance, const QString &project)
{
    m_logs->showFixture(fixture, instance, project);
}

void MainWindow::onEngineStatus(bool reachable, const QString &message)
{
    if (reachable) {
        m_engineLabel->setText(QStringLiteral("<img src=\":/icons/state-ready.svg\" width=\"12\" height=\"12\"> ")
                               + tr("Engine: %1").arg(m_endpoint.toString()).toHtmlEscaped());
        m_engineLabel->setToolTip(m_endpoint.describe());
    } else {
        m_engineLabel->setText(QStringLiteral("<img src=\":/icons/state-unhealthy.svg\" width=\"12\" height=\"12\"> ")
                               + tr("Engine not reachable: %1").arg(m_endpoint.toString()).toHtmlEscaped());
        m_engineLabel->setToolTip(m_endpoint.describe() + QLatin1Char('\n') + message);
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 15000);
    }
}

void MainWindow::onComposeTool(const QString &name, const QString &flavor, const QString &error)
{
    if (!error.isEmpty()) {
        m_composeLabel->setText(tr("Compose: not found"));
        m_composeLabel->setToolTip(error);
    } else {
        m_composeLabel->setText(tr("Compose: %1 (%2)").arg(name, flavor));
        m_composeLabel->setToolTip(QString());
    }
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About fixbench"),
                       tr("<h3>fixbench %1</h3><p>A workbench for integration tests with real services: it brings "
                          "docker compose fixtures up, waits until they are ready, hands their settings to tests and "
                          "shows their logs.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (const QByteArray g = s.value(QStringLiteral("window/geometry")).toByteArray(); !g.isEmpty()) {
        restoreGeometry(g);
        // Saved on a larger screen: fit this one.
        if (QScreen *screen = this->screen(); screen && !screen->availableGeometry().contains(geometry()))
            fitToScreen(size());
    }
    if (const QByteArray st = s.value(QStringLiteral("window/state")).toByteArray(); !st.isEmpty())
        m_stateRestored = restoreState(st);
    m_logs->timestampsAction()->setChecked(s.value(QStringLiteral("logs/timestamps"), false).toBool());
    const int maxLines = s.value(QStringLiteral("logs/maxLines"), LogsModel::kDefaultMaxLines).toInt();
    m_logs->model()->setCapacity(maxLines, LogsModel::kDefaultMaxBytes);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("logs/timestamps"), m_logs->timestampsAction()->isChecked());
}

void MainWindow::fitToScreen(const QSize &preferred)
{
    // Never larger than the screen it opens on (a 1280×720 laptop included): what does not
    // fit would put the status bar and toolbars off it. The frame is not known yet: a margin.
    QScreen *s = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!s) {
        resize(preferred);
        return;
    }
    const QRect avail = s->availableGeometry();
    const QSize size(std::min(preferred.width(), avail.width() - 16), std::min(preferred.height(), avail.height() - 48));
    resize(size);
    move(avail.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_shown)
        return;
    m_shown = true;
    // First run: the logs get the middle, about 45% of the width.
    if (!m_stateRestored) {
        resizeDocks({m_fixturesDock, m_environmentDock}, {width() * 33 / 100, width() * 24 / 100}, Qt::Horizontal);
        resizeDocks({m_fixturesDock, m_testsDock}, {height() * 30 / 100, height() * 45 / 100}, Qt::Vertical);
        resizeDocks({m_resultsDock}, {height() * 28 / 100}, Qt::Vertical);
    }
}

void MainWindow::takeDownAndClose(const QList<QPair<QString, QString>> &fixtures)
{
    m_closing = true;
    centralWidget()->setEnabled(false);
    m_fixturesDock->setEnabled(false);
    QStringList names;
    for (const auto &f : fixtures) {
        names << FixtureController::key(f.first, f.second);
        m_controller->cancel(f.first, f.second);
        m_controller->down(f.first, f.second);
    }
    statusBar()->showMessage(tr("Taking down %1 before closing…").arg(names.join(QStringLiteral(", "))));
    // Whatever happens, do not hang on close.
    QTimer::singleShot(120000, this, [this]() {
        m_forceClose = true;
        close();
    });
    if (m_controller->isIdle())
        QTimer::singleShot(0, this, &QWidget::close);
}

void MainWindow::keepUp(const Workspace &workspace, const QList<QPair<QString, QString>> &fixtures)
{
    // This window's leases end with it: what it leaves up must be kept to stay.
    FixtureManager mgr(workspace);
    for (const auto &[fixture, instance] : fixtures)
        if (Status s = mgr.setKeep(fixture, instance, true); !s)
            QMessageBox::warning(this, tr("Keep Up"), tr("%1 could not be kept: %2").arg(FixtureController::key(fixture, instance), s.error().toString()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_tests->isRunning())
        m_tests->stopAction()->trigger(); // the binaries' process groups go first
    if (m_closing && !m_forceClose) {
        if (m_controller && !m_controller->isIdle()) {
            event->ignore(); // still taking fixtures down
            return;
        }
        m_forceClose = true;
    }
    const auto leftovers = m_forceClose ? QList<QPair<QString, QString>>() : m_fixtures->fixturesToTakeDown();
    if (leftovers.isEmpty()) {
        saveSettings();
        event->accept();
        return;
    }
    ClosePolicy policy = m_closePolicy;
    if (policy == ClosePolicy::Ask) {
        QStringList names;
        for (const auto &f : leftovers)
            names << FixtureController::key(f.first, f.second);
        QMessageBox box(QMessageBox::Question, tr("Close fixbench"),
                        tr("This window brought up fixtures that are still up: %1.").arg(names.join(QStringLiteral(", "))),
                        QMessageBox::NoButton, this);
        box.setInformativeText(tr("Take them down now, or keep them up: kept, they stay until `fixbench down` (or until "
                                  "keep is turned off). Otherwise they go down once nobody uses them."));
        QPushButton *down = box.addButton(tr("&Take Down"), QMessageBox::AcceptRole);
        QPushButton *leave = box.addButton(tr("&Keep Up"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(down);
        box.exec();
        if (box.clickedButton() == down)
            policy = ClosePolicy::TakeDown;
        else if (box.clickedButton() == leave)
            policy = ClosePolicy::LeaveUp;
        else {
            event->ignore();
            return;
        }
    }
    if (policy == ClosePolicy::LeaveUp) {
        keepUp(m_controller->workspace(), leftovers);
        saveSettings();
        event->accept();
        return;
    }
    event->ignore();
    takeDownAndClose(leftovers);
}

} // namespace fixbench
