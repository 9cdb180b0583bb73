#pragma once

#include "fixture/fixturecontroller.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

namespace fixbench {

class EnvironmentPanel;
class FixturesPanel;
class FtpPanel;
class LogsPanel;
class ResultsPanel;
class TestsPanel;

// The workbench window: Fixtures and Tests (left), Logs and FTP (centre), Environment
// (right), Results and the run console (bottom), a status bar saying whether the engine
// answers and which compose runs the stacks. It only talks to core (FixtureController,
// LogStreamer, TestSession, FtpBrowser), which runs everything blocking on workers.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // What closing does with fixtures this window brought up that are not kept.
    // LeaveUp: keeps them (kept, they outlive this window's leases).
    enum class ClosePolicy { Ask, TakeDown, LeaveUp };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a workspace (a folder holding fixbench.yml). On failure the window keeps what
    // it had and *error says why.
    bool openWorkspace(const QString &root, QString *error = nullptr);
    QString workspaceRoot() const;

    FixtureController *controller() const { return m_controller; }
    FixturesPanel *fixturesPanel() const { return m_fixtures; }
    LogsPanel *logsPanel() const { return m_logs; }
    EnvironmentPanel *environmentPanel() const { return m_environment; }
    TestsPanel *testsPanel() const { return m_tests; }
    ResultsPanel *resultsPanel() const { return m_results; }
    FtpPanel *ftpPanel() const { return m_ftp; }
    QTabWidget *centreTabs() const { return m_centre; }
    QLabel *engineLabel() const { return m_engineLabel; }

    void setClosePolicy(ClosePolicy policy) { m_closePolicy = policy; }
    ClosePolicy closePolicy() const { return m_closePolicy; }

    void restoreSettings();
    // Sizes the window to `preferred`, or less to fit the available room of its screen.
    void fitToScreen(const QSize &preferred);
    void saveSettings() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void chooseWorkspace();
    void chooseEditor();
    void about();
    void onEngineStatus(bool reachable, const QString &message);
    void onComposeTool(const QString &name, const QString &flavor, const QString &error);
    void onFixtureChanged(const QString &fixture, const QString &instance, const QString &project);
    void takeDownAndClose(const QList<QPair<QString, QString>> &fixtures);
    void keepUp(const Workspace &workspace, const QList<QPair<QString, QString>> &fixtures);

    QPointer<FixtureController> m_controller;
    FixturesPanel *m_fixtures = nullptr;
    LogsPanel *m_logs = nullptr;
    EnvironmentPanel *m_environment = nullptr;
    TestsPanel *m_tests = nullptr;
    ResultsPanel *m_results = nullptr;
    FtpPanel *m_ftp = nullptr;
    QTabWidget *m_centre = nullptr;
    QDockWidget *m_testsDock = nullptr;
    QDockWidget *m_resultsDock = nullptr;
    QAction *m_editorAction = nullptr;
    QDockWidget *m_fixturesDock = nullptr;
    QDockWidget *m_environmentDock = nullptr;
    QLabel *m_engineLabel = nullptr;
    EngineEndpoint m_endpoint = EngineEndpoint::fromEnvironment(); // what the status bar names
    QLabel *m_composeLabel = nullptr;
    QLabel *m_workspaceLabel = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QMenu *m_viewMenu = nullptr;
    ClosePolicy m_closePolicy = ClosePolicy::Ask;
    bool m_closing = false;      // taking fixtures down before closing
    bool m_forceClose = false;
    bool m_stateRestored = false; // docks sized from the settings
    bool m_shown = false;
};

} // namespace fixbench
