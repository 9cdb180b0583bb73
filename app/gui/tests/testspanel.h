#pragma once

#include "fixture/fixturecontroller.h"
#include "run/debuglaunch.h"
#include "run/artifactcollector.h"
#include "run/runplan.h"
#include "run/testcatalog.h"
#include "run/testsession.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QCheckBox;
class QFileSystemWatcher;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTimer;
class QTreeView;

namespace fixbench {

class MessageLabel;
class TerminalLauncher;
class TestsModel;

// The Tests panel: the workspace's gtest binaries → suites → tests, with status icons,
// durations, a filter box and checkboxes; run all / checked / one (double-click) /
// failed; repeat, shuffle, debug (break on failure; Debug runs `fixbench debug` for the
// selected test in a terminal, Debug Command… shows the exact gdb command line, Export
// for IDE… writes a VS Code launch configuration and a dotenv file); stop. Binaries are listed with their run's environment and listed
// again when they are rebuilt. A run brings the fixtures it needs up first.
class TestsPanel : public QWidget {
    Q_OBJECT
public:
    explicit TestsPanel(QWidget *parent = nullptr);
    ~TestsPanel() override;

    void setController(FixtureController *controller);
    // The user's overrides (Environment panel), read at each run.
    void setOverridesProvider(std::function<Environment()> provider) { m_overrides = std::move(provider); }

    TestsModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    // The run: RunPipeline on a worker (TestSession), as `fixbench run` carries it out.
    TestSession *session() const { return m_session; }
    // Makes that test current in the tree (shown even when the filter hid it: the filter
    // is cleared); false when there is no such test.
    bool selectTest(const QString &binary, const QString &fullName);

    QAction *runAllAction() const { return m_runAll; }
    QAction *runCheckedAction() const { return m_runChecked; }
    QAction *runFailedAction() const { return m_runFailed; }
    QAction *stopAction() const { return m_stop; }
    QAction *rediscoverAction() const { return m_rediscover; }
    QAction *debugCommandAction() const { return m_debugCommand; }
    // Checkable: a binary rebuilt while it is on has its last run's tests (all of it when
    // it has not run yet) run again once listed, against the fixtures the workbench
    // holds (`fixbench run --watch`).
    QAction *rerunOnRebuildAction() const { return m_rerunOnRebuild; }
    QAction *debugAction() const { return m_debug; }
    QAction *exportForIdeAction() const { return m_exportIde; }
    QAction *terminalCommandAction() const { return m_terminalCommand; }
    TerminalLauncher *terminal() const { return m_terminal; }
    QList<QAction *> runActions() const;
    // "Collect Artifacts…": enabled after a run whose tests failed (its fixtures stay up
    // in the workbench); asks for a new or empty folder and calls collectArtifacts().
    QAction *collectArtifactsAction() const { return m_collectArtifacts; }
    // Collects, on a worker, what `fixbench run --artifacts` collects into `dir` for the
    // last run's fixtures (as they are now) and reports (ArtifactCollector::collectRunning);
    // artifactsCollected() follows. False (and a status message) when `dir` holds
    // something or nothing can be collected now.
    bool collectArtifacts(const QString &dir);

    void setFilterText(const QString &text);
    void setRepeat(int n);
    void setShuffle(bool on);
    void setBreakOnFailure(bool on);
    void setTimeoutSeconds(int seconds);
    // The fixture instance runs use ("" = the default one), as `fixbench run --instance`.
    void setInstance(const QString &instance);
    QString instance() const;

    // Runs what a row names (a binary, a suite or a test; source-model index).
    bool runIndex(const QModelIndex &sourceIndex);
    bool runSelections(const QList<QPair<QString, TestSelection>> &selections, bool recordLastRun = true);
    // What failed in the workspace's last run (the workbench's or `fixbench run`'s: one
    // record), per binary of this workspace. Empty when nothing failed.
    QList<QPair<QString, TestSelection>> lastRunFailures() const;
    bool isRunning() const { return m_session && m_session->isRunning(); }
    // The plan a run of these binaries gets now: the panel's options, the user's
    // overrides, the instance; what it starts stays up for inspection (RunPlan::leaveUp).
    RunPlan planFor(const QList<RunPlan::Binary> &binaries) const;
    void rediscover(const QStringList &binaries = {}); // all when empty
    bool isDiscovering() const { return m_discovering; }

    // "cd DIR && env ... gdb -ex run --args PROGRAM ARGS" for a row (source index).
    QString debugCommand(const QModelIndex &sourceIndex) const;
    // `fixbench -w ROOT debug BINARY [--filter F] [--instance I] [--env K=V]...` for a row
    // (the CLI beside the workbench, as the reaper's): what Debug runs in the terminal.
    QStringList debugCliCommand(const QModelIndex &sourceIndex) const;
    // Starts debugCliCommand in the terminal (TerminalLauncher); false when it cannot
    // (said in the panel's summary, with Debug Command… as the way out).
    bool debugInTerminal(const QModelIndex &sourceIndex);
    // The VS Code configuration "fixbench: NAME [FILTER]" for a row, merged into
    // launchJsonPath, and its dotenv file beside it (DebugLaunch::exportVsCode). An error
    // when a fixture it needs is not up (its ports are known only then).
    Result<DebugLaunch::VsCodeExport> exportForIde(const QModelIndex &sourceIndex, const QString &launchJsonPath);    // Reads fixbench.yml again: true when its tests changed (the tree is rebuilt).
    bool reloadTestList();
    QString summaryText() const; // the whole text; the panel may show it cut
    MessageLabel *summaryLabel() const { return m_summary; }

    QModelIndex currentSourceIndex() const;

Q_SIGNALS:
    void currentChanged(const QModelIndex &sourceIndex);
    void discoveryFinished();
    void runStarted();
    void outputBatch(const QString &binary, const QStringList &lines);
    void runFinished(const fixbench::RunSummary &summary, const QString &errorText);
    void statusMessage(const QString &text, int timeoutMs);
    void instanceChanged(const QString &instance);
    // A collection is done: the folder, how many files, what could not be collected.
    void artifactsCollected(const QString &dir, int files, const QStringList &warnings);

private:
    TestRunOptions options() const;
    // The binary and selection of a row (source index); none without a controller.
    std::optional<RunPlan::Binary> binaryAt(const QModelIndex &sourceIndex) const;
    void onDiscovered();
    void watchBinaries();
    void onBinaryChanged();
    void updateActions();
    void showDebugCommand();
    void chooseExportFile();
    void chooseTerminal();
    void debugFailed(const QString &message);
    void onRunFinished(const RunSummary &summary, const Error &error);

    QPointer<FixtureController> m_controller;
    TestSession *m_session = nullptr;
    QString m_stepError; // the first fixture step of the run that failed, as shown
    TestsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QSpinBox *m_repeat = nullptr;
    QSpinBox *m_timeout = nullptr;
    QCheckBox *m_shuffle = nullptr;
    QCheckBox *m_break = nullptr;
    QLineEdit *m_instance = nullptr;
    MessageLabel *m_summary = nullptr;
    QAction *m_runAll = nullptr;
    QAction *m_runChecked = nullptr;
    QAction *m_runFailed = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_rediscover = nullptr;
    QAction *m_debugCommand = nullptr;
    QAction *m_rerunOnRebuild = nullptr;
    QAction *m_debug = nullptr;
    QAction *m_exportIde = nullptr;
    QAction *m_terminalCommand = nullptr;
    TerminalLauncher *m_terminal = nullptr;
    QAction *m_collectArtifacts = nullptr;
    RunPlan m_lastPlan;             // the last run's, for Collect Artifacts
    bool m_lastRunCollectable = false; // its tests ran and some failed
    QFutureWatcher<ArtifactReport> m_artifacts;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_rediscoverTimer = nullptr;
    QFutureWatcher<TestCatalog> m_discovery;
    bool m_discovering = false;
    QStringList m_discoverAgain;
    bool m_lastRunFailed = false; // lastRunFailures() is not empty (read when a run ends)
    bool m_discoverAllAgain = false;
    std::function<Environment()> m_overrides;
    QString m_summaryText;
    QDateTime m_specMtime; // fixbench.yml's, when last read
    QHash<QString, QDateTime> m_mtimes; // binary name → last modified when listed
    QHash<QString, TestSelection> m_lastSelections; // binary name → what its last run ran
    QStringList m_rerunAfterListing; // rebuilt with Rerun on Rebuild on: run once listed
};

} // namespace fixbench
