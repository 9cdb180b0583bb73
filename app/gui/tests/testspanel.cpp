#include "testspanel.h"

#include "fixture/reaper.h"
#include "run/runpipeline.h"
#include "run/testreportjson.h"

#include "icons.h"
#include "messagelabel.h"
#include "terminallauncher.h"
#include "testsmodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileDialog>
#include <QFileSystemWatcher>
#include <QFontDatabase>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QRegularExpressionValidator>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace fixbench {

TestsPanel::TestsPanel(QWidget *parent) : QWidget(parent)
{
    m_model = new TestsModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(TestsModel::NameColumn);

    m_runChecked = new QAction(Icons::get(QStringLiteral("run")), tr("&Run"), this);
    m_runChecked->setObjectName(QStringLiteral("actionRunChecked"));
    m_runChecked->setShortcut(QKeySequence(Qt::Key_F5));
    m_runChecked->setToolTip(tr("Run the checked tests (F5)"));
    m_runAll = new QAction(Icons::get(QStringLiteral("run-all")), tr("Run &All"), this);
    m_runAll->setObjectName(QStringLiteral("actionRunAll"));
    m_runAll->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F5));
    m_runAll->setToolTip(tr("Run every test of every binary"));
    m_runFailed = new QAction(Icons::get(QStringLiteral("run-failed")), tr("Run &Failed"), this);
    m_runFailed->setObjectName(QStringLiteral("actionRunFailed"));
    m_runFailed->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5));
    m_runFailed->setToolTip(tr("Run again the tests that failed, crashed or timed out last time"));
    m_stop = new QAction(Icons::get(QStringLiteral("stop")), tr("&Stop"), this);
    m_stop->setObjectName(QStringLiteral("actionStopRun"));
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stop->setToolTip(tr("Stop the run (the binaries' process groups are terminated) (Shift+F5)"));
    m_rerunOnRebuild = new QAction(Icons::get(QStringLiteral("refresh")), tr("Rerun on Rebuild"), this);
    m_rerunOnRebuild->setObjectName(QStringLiteral("actionRerunOnRebuild"));
    m_rerunOnRebuild->setCheckable(true);
    connect(m_rerunOnRebuild, &QAction::toggled, this, [this](bool on) {
        if (!on)
            m_rerunAfterListing.clear();
    });
    m_rerunOnRebuild->setToolTip(tr("Run a binary's tests again each time it is rebuilt (its last run's tests), against the "
                                    "fixtures already up"));
    m_rediscover = new QAction(Icons::get(QStringLiteral("refresh")), tr("Re&list Tests"), this);
    m_rediscover->setObjectName(QStringLiteral("actionRediscover"));
    m_rediscover->setToolTip(tr("List the tests of every binary again (done by itself when a binary is rebuilt)"));
    m_debugCommand = new QAction(Icons::get(QStringLiteral("debug")), tr("&Debug Command…"), this);
    m_debugCommand->setObjectName(QStringLiteral("actionDebugCommand"));
    m_debugCommand->setToolTip(tr("The exact command line that runs the selected test under gdb, stopping at the first failure"));
    m_debug = new QAction(Icons::get(QStringLiteral("debug")), tr("De&bug"), this);
    m_debug->setObjectName(QStringLiteral("actionDebug"));
    m_debug->setToolTip(tr("Run the selected tests under gdb in a terminal (`fixbench debug`): their fixtures up, the "
                           "environment, folder and arguments of a run, stopping at the first failing assertion"));
    m_exportIde = new QAction(tr("E&xport for IDE…"), this);
    m_exportIde->setObjectName(QStringLiteral("actionExportForIde"));
    m_exportIde->setToolTip(tr("Write a VS Code launch configuration (gdb) for the selected tests, with the environment of "
                               "a run, and a dotenv file of it"));
    m_terminalCommand = new QAction(Icons::get(QStringLiteral("settings")), tr("&Terminal Command…"), this);
    m_terminalCommand->setObjectName(QStringLiteral("actionTerminalCommand"));
    m_terminalCommand->setToolTip(tr("The terminal Debug runs gdb in"));
    m_terminal = new TerminalLauncher(this);
    connect(m_terminal, &TerminalLauncher::failed, this, &TestsPanel::debugFailed);
    m_collectArtifacts = new QAction(tr("Collect &Artifacts…"), this);
    m_collectArtifacts->setObjectName(QStringLiteral("actionCollectArtifacts"));
    m_collectArtifacts->setToolTip(tr("After a failed run: write its fixtures' logs, inspect output, environment (secrets masked) "
                                      "and FTP files, and the run's reports, into a new or empty folder (as `fixbench run --artifacts`)"));

    m_repeat = new QSpinBox(this);
    m_repeat->setObjectName(QStringLiteral("testsRepeat"));
    m_repeat->setRange(1, 10000);
    m_repeat->setPrefix(tr("×"));
    m_repeat->setToolTip(tr("Repeat each test (--gtest_repeat)"));
    m_shuffle = new QCheckBox(tr("Shuffle"), this);
    m_shuffle->setObjectName(QStringLiteral("testsShuffle"));
    m_shuffle->setToolTip(tr("Run tests in random order (--gtest_shuffle); the seed is shown after the run"));
    m_break = new QCheckBox(tr("Break on failure"), this);
    m_break->setObjectName(QStringLiteral("testsBreakOnFailure"));
    m_break->setToolTip(tr("--gtest_break_on_failure: a failing assertion traps (for a debugger; without one the binary crashes there)"));

    // The same per-test timeout as `fixbench run --timeout` (a hang ends as "timed out").
    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("testsTimeout"));
    m_timeout->setRange(0, 24 * 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("no timeout"));
    m_timeout->setToolTip(tr("Kill a test (and everything it started) that runs longer than this; it is reported as "
                             "timed out (as `fixbench run --timeout`; 0: never)"));
    m_timeout->setValue(QSettings().value(QStringLiteral("tests/timeoutSeconds"), TestRunOptions::kDefaultTimeoutMs / 1000).toInt());
    connect(m_timeout, &QSpinBox::valueChanged, this,
            [](int seconds) { QSettings().setValue(QStringLiteral("tests/timeoutSeconds"), seconds); });

    m_instance = new QLineEdit(this);
    m_instance->setObjectName(QStringLiteral("testsInstance"));
    m_instance->setPlaceholderText(tr("instance"));
    m_instance->setClearButtonEnabled(true);
    m_instance->setMaximumWidth(110);
    m_instance->setToolTip(tr("Fixture instance the run brings up or attaches to (as `fixbench run --instance`); "
                              "empty: the default instance"));
    m_instance->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")), m_instance));
    connect(m_instance, &QLineEdit::textChanged, this, [this]() { Q_EMIT instanceChanged(instance()); });

    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->addAction(m_runChecked);
    bar->addAction(m_runAll);
    bar->addAction(m_runFailed);
    bar->addAction(m_stop);
    bar->addAction(m_rerunOnRebuild);
    bar->addSeparator();
    bar->addWidget(m_repeat);
    bar->addWidget(m_shuffle);
    bar->addWidget(m_break);
    bar->addWidget(m_timeout);
    bar->addWidget(m_instance);
    bar->addSeparator();
    bar->addAction(m_debug);
    bar->addAction(m_collectArtifacts);
    bar->addAction(m_rediscover);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("testsFilter"));
    m_filter->setPlaceholderText(tr("Filter tests"));
    m_filter->setClearButtonEnabled(true);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("testsView"));
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(TestsModel::NameColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(TestsModel::StatusColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(TestsModel::DurationColumn, QHeaderView::ResizeToContents);

    // One or two lines; an error of any length (compose's output) is cut, whole one click away.
    m_summary = new MessageLabel(this, 2);
    m_summary->setObjectName(QStringLiteral("testsSummary"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(bar);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    m_watcher = new QFileSystemWatcher(this);
    m_rediscoverTimer = new QTimer(this);
    m_rediscoverTimer->setSingleShot(true);
    m_rediscoverTimer->setInterval(1000); // a linker writes in several steps
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_rediscoverTimer, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_rediscoverTimer, qOverload<>(&QTimer::start));
    connect(m_rediscoverTimer, &QTimer::timeout, this, &TestsPanel::onBinaryChanged);
    connect(&m_discovery, &QFutureWatcher<TestCatalog>::finished, this, &TestsPanel::onDiscovered);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_proxy->setFilterFixedString(t);
        if (!t.isEmpty())
            m_view->expandAll();
    });
    connect(m_runChecked, &QAction::triggered, this, [this]() {
        if (m_filter->text().isEmpty()) {
            runSelections(m_model->checkedSelections());
            return;
        }
        // A filter is on: run what the user sees checked, and say what it leaves out.
        int hidden = 0;
        const auto shown = m_model->checkedSelections(
            [this](const QModelIndex &source) { return m_proxy->mapFromSource(source).isValid(); }, &hidden);
        if (shown.isEmpty()) {
            Q_EMIT statusMessage(tr("No checked test matches the filter “%1”: nothing to run").arg(m_filter->text()), 8000);
            return;
        }
        if (runSelections(shown) && hidden > 0)
            Q_EMIT statusMessage(tr("Running the checked tests the filter shows; %n checked test(s) it hides are not run", nullptr, hidden),
                                 8000);
    });
    connect(m_runAll, &QAction::triggered, this, [this]() {
        QList<QPair<QString, TestSelection>> all;
        for (const TestBinarySpec &b : m_model->binaries())
            all << qMakePair(b.name, TestSelection::all());
        runSelections(all);
    });
    connect(m_runFailed, &QAction::triggered, this, [this]() {
        const auto failed = lastRunFailures();
        if (failed.isEmpty()) {
            Q_EMIT statusMessage(tr("Nothing failed last time"), 5000);
            return;
        }
        runSelections(failed, false);
    });
    connect(m_stop, &QAction::triggered, this, [this]() {
        if (m_session)
            m_session->stop();
    });
    connect(m_rediscover, &QAction::triggered, this, [this]() {
        reloadTestList(); // fixbench.yml may have been edited
        rediscover();
    });
    connect(m_debugCommand, &QAction::triggered, this, &TestsPanel::showDebugCommand);
    connect(m_debug, &QAction::triggered, this, [this]() { debugInTerminal(currentSourceIndex()); });
    connect(m_exportIde, &QAction::triggered, this, &TestsPanel::chooseExportFile);
    connect(m_terminalCommand, &QAction::triggered, this, &TestsPanel::chooseTerminal);
    connect(m_collectArtifacts, &QAction::triggered, this, [this]() {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Collect Artifacts Into (a New or Empty Folder)"));
        if (!dir.isEmpty())
            collectArtifacts(dir);
    });
    connect(&m_artifacts, &QFutureWatcher<ArtifactReport>::finished, this, [this]() {
        const ArtifactReport r = m_artifacts.result();
        QStringList warnings;
        for (const Error &e : r.warnings)
            warnings << e.message;
        Q_EMIT statusMessage(warnings.isEmpty() ? tr("Artifacts collected in %1 (%n file(s))", nullptr, r.files).arg(r.dir)
                                                : tr("Artifacts collected in %1 (%n file(s)); not collected: %2", nullptr, r.files)
                                                      .arg(r.dir, warnings.join(QStringLiteral("; "))),
                             15000);
        updateActions();
        Q_EMIT artifactsCollected(r.dir, r.files, warnings);
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &i) {
        if (i.column() == TestsModel::NameColumn || i.column() == TestsModel::StatusColumn || i.column() == TestsModel::DurationColumn)
            runIndex(m_proxy->mapToSource(i));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &i) {
        Q_EMIT currentChanged(m_proxy->mapToSource(i));
        updateActions();
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex i = m_view->indexAt(pos);
        QMenu menu(this);
        if (i.isValid()) {
            menu.addAction(Icons::get(QStringLiteral("run")), tr("Run This"), this, [this, i]() { runIndex(m_proxy->mapToSource(i)); });
            menu.addAction(m_debug);
            menu.addAction(m_debugCommand);
            menu.addAction(m_exportIde);
            menu.addSeparator();
        }
        menu.addAction(tr("Check All"), this, [this]() { m_model->setAllChecked(true); });
        menu.addAction(tr("Uncheck All"), this, [this]() { m_model->setAllChecked(false); });
        menu.addSeparator();
        menu.addAction(m_rediscover);
        menu.addAction(m_terminalCommand);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    updateActions();
}

TestsPanel::~TestsPanel()
{
    if (m_discovery.isRunning())
        m_discovery.waitForFinished();
    if (m_artifacts.isRunning())
        m_artifacts.waitForFinished();
}

QList<QAction *> TestsPanel::runActions() const
{
    return {m_runChecked, m_runAll, m_runFailed, m_stop, m_debug, m_debugCommand, m_exportIde, m_rediscover, m_terminalCommand};
}

void TestsPanel::setController(FixtureController *controller)
{
    if (m_session) {
        m_session->stop();
        m_session->deleteLater(); // it waits for its worker in its destructor
        m_session = nullptr;
    }
    m_controller = controller;
    m_lastRunCollectable = false; // the last run was another workspace's
    m_mtimes.clear();
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_model->setBinaries(controller ? controller->workspace().tests() : QList<TestBinarySpec>());
    m_summaryText.clear();
    m_summary->clearMessage();
    if (controller) {
        m_session = new TestSession(this);
        m_session->setFixtureController(controller);
        connect(m_session, &TestSession::resultsBatch, m_model, &TestsModel::upsert);
        connect(m_session, &TestSession::binaryFinished, m_model, &TestsModel::finishBinary);
        connect(m_session, &TestSession::outputBatch, this, &TestsPanel::outputBatch);
        auto phase = [this](const QString &text) {
            m_summary->setStyleSheet(QString());
            m_summary->setMessage(text);
        };
        connect(m_session, &TestSession::stepStarted, this, [this, phase](const QString &fixture, const QString &step) {
            const QString inst = m_session->instance();
            if (step == QLatin1String("up"))
                phase(inst.isEmpty() ? tr("Bringing %1 up…").arg(fixture) : tr("Bringing %1 (instance %2) up…").arg(fixture, inst));
            else
                phase(tr("%1: %2").arg(fixture, step));
        });
        connect(m_session, &TestSession::stepFinished, this,
                [this](const QString &fixture, const QString &step, const Error &error, const QString &) {
                    if (error.message.isEmpty() || error.kind == Error::Kind::Cancelled || !m_stepError.isEmpty())
                        return;
                    m_stepError = step == QLatin1String("up") ? tr("%1 could not be brought up: %2").arg(fixture, error.toString())
                                                              : tr("%1: %2 failed: %3").arg(fixture, step, error.toString());
                });
        connect(m_session, &TestSession::runsStarted, this, [phase](const QList<TestRun> &runs) {
            phase(tr("Running %n test binary(ies)…", nullptr, int(runs.size())));
        });
        connect(m_session, &TestSession::finished, this, &TestsPanel::onRunFinished);
        rediscover();
    }
    // Run Failed reruns what failed in this workspace's last run, whoever ran it.
    m_lastRunFailed = controller && !lastRunFailures().isEmpty();
    updateActions();
}

void TestsPanel::onRunFinished(const RunSummary &s, const Error &runError)
{
    m_lastRunFailed = !lastRunFailures().isEmpty();
    m_lastRunCollectable = runError.message.isEmpty() && !s.ok() && !s.cancelled;
    // Why it did not run (a fixture step), or what went wrong after it (teardown_data,
    // the release): the failed step's words; a stop is not an error.
    QString error;
    if (!runError.message.isEmpty() && runError.kind != Error::Kind::Cancelled)
        error = m_stepError.isEmpty() ? runError.toString() : m_stepError;
    else if (!runError.message.isEmpty())
        error = tr("stopped");
    else if (!m_session->afterErrors().isEmpty())
        error = m_stepError.isEmpty() ? m_session->afterErrors().constFirst().toString() : m_stepError;
    if (!error.isEmpty()) {
        m_summaryText = error;
        m_summary->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    } else {
        m_summaryText = tr("%1 · %2").arg(s.line(), TestsModel::durationText(s.elapsedMs));
        if (s.cancelled)
            m_summaryText += tr(" · stopped");
        m_summary->setStyleSheet(s.ok() ? QStringLiteral("QLabel { color: #2e7d32; }") : QStringLiteral("QLabel { color: #c62828; }"));
    }
    m_summary->setMessage(m_summaryText);
    // Tests that stayed queued (the run never reached them) are not queued any more.
    for (const TestBinarySpec &b : m_model->binaries())
        if (m_model->data(m_model->indexOfBinary(b.name), TestsModel::QueuedRole).toBool()) {
            BinaryReport r;
            r.binary = b.name;
            r.cancelled = true; // never started: not run, not crashed
            if (!error.isEmpty())
                r.error = Error(Error::Kind::Other, error);
            m_model->finishBinary(r);
        }
    updateActions();
    Q_EMIT runFinished(s, error);
}

RunPlan TestsPanel::planFor(const QList<RunPlan::Binary> &binaries) const
{
    RunPlan plan;
    plan.binaries = binaries;
    plan.instance = instance();
    plan.options = options();
    plan.overrides = m_overrides ? m_overrides() : Environment();
    plan.leaveUp = true;
    return plan;
}

TestRunOptions TestsPanel::options() const
{
    TestRunOptions o;
    o.repeat = m_repeat->value();
    o.shuffle = m_shuffle->isChecked();
    o.breakOnFailure = m_break->isChecked();
    o.timeoutMs = m_timeout->value() * 1000;
    return o;
}

void TestsPanel::setFilterText(const QString &text) { m_filter->setText(text); }
void TestsPanel::setRepeat(int n) { m_repeat->setValue(n); }
void TestsPanel::setShuffle(bool on) { m_shuffle->setChecked(on); }
void TestsPanel::setBreakOnFailure(bool on) { m_break->setChecked(on); }
void TestsPanel::setTimeoutSeconds(int seconds) { m_timeout->setValue(seconds); }
void TestsPanel::setInstance(const QString &instance) { m_instance->setText(instance); }
QString TestsPanel::instance() const { return m_instance->text().trimmed(); }

bool TestsPanel::selectTest(const QString &binary, const QString &fullName)
{
    const QModelIndex source = m_model->indexOfTest(binary, fullName);
    if (!source.isValid())
        return false;
    QModelIndex shown = m_proxy->mapFromSource(source);
    if (!shown.isValid()) {
        m_filter->clear();
        shown = m_proxy->mapFromSource(source);
    }
    if (!shown.isValid())
        return false;
    m_view->scrollTo(shown);
    m_view->selectionModel()->setCurrentIndex(shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

QModelIndex TestsPanel::currentSourceIndex() const
{
    return m_proxy->mapToSource(m_view->currentIndex());
}

QString TestsPanel::summaryText() const
{
    return m_summary->message();
}

bool TestsPanel::runIndex(const QModelIndex &sourceIndex)
{
    if (!sourceIndex.isValid())
        return false;
    return runSelections({m_model->selectionAt(sourceIndex)});
}

QList<QPair<QString, TestSelection>> TestsPanel::lastRunFailures() const
{
    if (!m_controller)
        return {};
    auto last = TestReportJson::readFile(RunPipeline::lastRunPath(m_controller->workspace()));
    if (!last)
        return {};
    RunPlan plan;
    for (const TestBinarySpec &b : m_model->binaries())
        plan.binaries << RunPlan::Binary{b, TestSelection::all()};
    QList<QPair<QString, TestSelection>> out;
    if (plan.restrictToFailed(*last))
        for (const RunPlan::Binary &b : std::as_const(plan.binaries))
            out << qMakePair(b.spec.name, b.selection);
    return out;
}

bool TestsPanel::runSelections(const QList<QPair<QString, TestSelection>> &selections, bool recordLastRun)
{
    if (!m_session || isRunning() || selections.isEmpty())
        return false;
    QList<RunPlan::Binary> binaries;
    for (const auto &s : selections)
        if (const TestBinarySpec *spec = m_model->binarySpec(s.first))
            binaries << RunPlan::Binary{*spec, s.second};
    if (binaries.isEmpty() || !m_controller)
        return false;
    for (const RunPlan::Binary &b : std::as_const(binaries)) {
        m_model->markQueued(b.spec.name, b.selection);
        m_lastSelections.insert(b.spec.name, b.selection);
    }
    m_stepError.clear();
    Q_EMIT runStarted();
    m_lastPlan = planFor(binaries);
    m_lastRunCollectable = false;
    const bool ok = m_session->start(m_controller->workspace(), m_lastPlan, recordLastRun);
    updateActions();
    return ok;
}

void TestsPanel::rediscover(const QStringList &binaries)
{
    if (!m_controller)
        return;
    if (m_discovering) {
        if (binaries.isEmpty())
            m_discoverAllAgain = true;
        for (const QString &b : binaries)
            if (!m_discoverAgain.contains(b))
                m_discoverAgain << b;
        return;
    }
    QList<TestCatalog::Request> requests;
    for (const TestBinarySpec &spec : m_model->binaries()) {
        if (!binaries.isEmpty() && !binaries.contains(spec.name))
            continue;
        const RunPlan::Binary binary{spec, TestSelection::all()};
        RunPlan plan = planFor({binary});
        plan.options = {};
        const TestRun run = TestSession::preview(*m_controller, plan, binary);
        requests << TestCatalog::Request::forRun(run);
        m_model->setDiscovering(spec.name, true);
        m_mtimes.insert(spec.name, QFileInfo(spec.path).lastModified());
    }
    if (requests.isEmpty())
        return;
    m_discovering = true;
    m_discovery.setFuture(TestCatalog::discoverAsync(requests, 2));
    updateActions();
}

void TestsPanel::onDiscovered()
{
    m_discovering = false;
    if (m_discovery.future().resultCount() > 0) {
        const TestCatalog catalog = m_discovery.result();
        for (const DiscoveredBinary &b : catalog.binaries())
            m_model->setDiscovered(b);
        if (catalog.errorCount() > 0)
            Q_EMIT statusMessage(tr("%n test binary(ies) could not be listed (see the Tests panel)", nullptr,
                                    catalog.errorCount()), 8000);
    }
    watchBinaries();
    updateActions();
    // Small workspaces: every test in view; big ones: binaries only.
    int tests = 0;
    for (int b = 0; b < m_model->rowCount(); ++b)
        for (int s = 0; s < m_model->rowCount(m_model->index(b, 0)); ++s)
            tests += m_model->rowCount(m_model->index(s, 0, m_model->index(b, 0)));
    m_view->expandToDepth(tests <= 60 ? 1 : 0);
    Q_EMIT discoveryFinished();
    if (!m_rerunAfterListing.isEmpty() && m_rerunOnRebuild->isChecked() && !isRunning()) {
        QList<QPair<QString, TestSelection>> again;
        for (const QString &name : std::as_const(m_rerunAfterListing))
            again << qMakePair(name, m_lastSelections.value(name, TestSelection::all()));
        if (runSelections(again))
            Q_EMIT statusMessage(tr("Rebuilt: running %1 again").arg(m_rerunAfterListing.join(QStringLiteral(", "))), 5000);
        m_rerunAfterListing.clear();
    }
    if (m_discoverAllAgain || !m_discoverAgain.isEmpty()) {
        const QStringList again = m_discoverAllAgain ? QStringList() : m_discoverAgain;
        m_discoverAllAgain = false;
        m_discoverAgain.clear();
        rediscover(again);
    }
}

void TestsPanel::watchBinaries()
{
    QStringList paths;
    for (const TestBinarySpec &spec : m_model->binaries()) {
        const QFileInfo fi(spec.path);
        if (fi.exists())
            paths << fi.absoluteFilePath();
        // The folder: a rebuild replaces the file (and a binary not built yet appears).
        for (QFileInfo dir(fi.absolutePath()); !dir.absoluteFilePath().isEmpty(); dir = QFileInfo(dir.absolutePath())) {
            if (dir.exists()) {
                paths << dir.absoluteFilePath();
                break;
            }
            if (dir.absoluteFilePath() == QLatin1String("/"))
                break;
        }
    }
    // fixbench.yml (its tests), and its folder: an editor replaces the file when it saves.
    if (m_controller) {
        const QString yml = QDir(m_controller->workspace().root()).filePath(QStringLiteral("fixbench.yml"));
        m_specMtime = QFileInfo(yml).lastModified();
        paths << yml << m_controller->workspace().root();
    }
    paths.removeDuplicates();
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    QStringList add;
    for (const QString &p : std::as_const(paths))
        if (!watched.contains(p))
            add << p;
    if (!add.isEmpty())
        m_watcher->addPaths(add);
}

bool TestsPanel::reloadTestList()
{
    if (!m_controller)
        return false;
    auto ws = Workspace::load(m_controller->workspace().root());
    if (!ws) {
        Q_EMIT statusMessage(tr("The test list is unchanged: %1").arg(ws.error().toString()), 15000);
        return false;
    }
    auto same = [](const QList<TestBinarySpec> &a, const QList<TestBinarySpec> &b) {
        if (a.size() != b.size())
            return false;
        for (int i = 0; i < a.size(); ++i)
            if (a[i].name != b[i].name || a[i].path != b[i].path || a[i].fixtures != b[i].fixtures || a[i].env != b[i].env)
                return false;
        return true;
    };
    if (same(ws->tests(), m_model->binaries()))
        return false;
    m_model->setBinaries(ws->tests());
    m_mtimes.clear();
    watchBinaries();
    Q_EMIT statusMessage(tr("fixbench.yml changed: %n test binary(ies)", nullptr, int(ws->tests().size())), 5000);
    return true;
}

void TestsPanel::onBinaryChanged()
{
    if (m_controller) {
        const QString yml = QDir(m_controller->workspace().root()).filePath(QStringLiteral("fixbench.yml"));
        if (QFileInfo(yml).lastModified() != m_specMtime) {
            if (isRunning()) {
                m_rediscoverTimer->start(); // after the run
                return;
            }
            m_specMtime = QFileInfo(yml).lastModified();
            if (reloadTestList()) {
                rediscover();
                return;
            }
        }
    }
    QStringList changed;
    for (const TestBinarySpec &spec : m_model->binaries()) {
        const QDateTime now = QFileInfo(spec.path).lastModified();
        if (now != m_mtimes.value(spec.name))
            changed << spec.name;
    }
    if (changed.isEmpty())
        return;
    if (isRunning()) {
        m_rediscoverTimer->start(); // after the run
        return;
    }
    Q_EMIT statusMessage(tr("Rebuilt: %1; listing its tests again").arg(changed.join(QStringLiteral(", "))), 5000);
    if (m_rerunOnRebuild->isChecked())
        for (const QString &name : std::as_const(changed))
            if (!m_rerunAfterListing.contains(name))
                m_rerunAfterListing << name;
    rediscover(changed);
}

void TestsPanel::updateActions()
{
    const bool running = isRunning();
    const bool ready = m_session && !running && m_model->rowCount() > 0;
    m_runChecked->setEnabled(ready);
    m_runAll->setEnabled(ready);
    m_runFailed->setEnabled(ready && m_lastRunFailed);
    m_stop->setEnabled(running);
    m_rediscover->setEnabled(m_controller && !m_discovering);
    m_debugCommand->setEnabled(m_controller && currentSourceIndex().isValid());
    m_debug->setEnabled(m_debugCommand->isEnabled());
    m_exportIde->setEnabled(m_debugCommand->isEnabled());
    m_collectArtifacts->setEnabled(m_controller && !running && m_lastRunCollectable && !m_artifacts.isRunning());
}

std::optional<RunPlan::Binary> TestsPanel::binaryAt(const QModelIndex &sourceIndex) const
{
    if (!m_controller || !sourceIndex.isValid())
        return std::nullopt;
    const auto sel = m_model->selectionAt(sourceIndex);
    const TestBinarySpec *spec = m_model->binarySpec(sel.first);
    if (!spec)
        return std::nullopt;
    return RunPlan::Binary{*spec, sel.second};
}

bool TestsPanel::collectArtifacts(const QString &dir)
{
    if (!m_controller || !m_session || isRunning() || !m_lastRunCollectable || m_artifacts.isRunning())
        return false;
    if (Status s = ArtifactCollector::checkTarget(dir); !s) {
        Q_EMIT statusMessage(s.error().message, 15000);
        return false;
    }
    const Workspace workspace = m_controller->workspace();
    const QStringList fixtures = m_lastPlan.fixtures();
    const QString instance = m_lastPlan.instance;
    const QList<BinaryReport> reports = m_session->reports();
    const RunSummary summary = m_session->summary();
    m_artifacts.setFuture(QtConcurrent::run([workspace, fixtures, instance, dir, reports, summary] {
        FixtureManager manager(workspace);
        return ArtifactCollector::collectRunning(manager, fixtures, instance, dir, reports, summary);
    }));
    updateActions();
    return true;
}

QString TestsPanel::debugCommand(const QModelIndex &sourceIndex) const
{
    const auto binary = binaryAt(sourceIndex);
    if (!binary)
        return {};
    const TestRun run = TestSession::preview(*m_controller, planFor({*binary}), *binary);
    return RunPlan::debugCommand(run);
}

void TestsPanel::showDebugCommand()
{
    const QString command = debugCommand(currentSourceIndex());
    if (command.isEmpty())
        return;
    QApplication::clipboard()->setText(command);
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Debug Command"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *label = new QLabel(tr("Runs the selected tests under gdb with the environment a run gets (secrets included), "
                                "stopping at the first failing assertion. Copied to the clipboard."), &dialog);
    label->setWordWrap(true);
    auto *text = new QPlainTextEdit(command, &dialog);
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(label);
    layout->addWidget(text, 1);
    layout->addWidget(buttons);
    dialog.resize(760, 260);
    dialog.exec();
}

QStringList TestsPanel::debugCliCommand(const QModelIndex &sourceIndex) const
{
    const auto binary = binaryAt(sourceIndex);
    if (!binary)
        return {};
    QStringList cmd{Reaper::program(), QStringLiteral("-w"), m_controller->workspace().root(), QStringLiteral("debug"), binary->spec.path};
    if (auto filter = binary->selection.gtestFilter(); filter && !filter->isEmpty())
        cmd << QStringLiteral("--filter") << *filter;
    if (!instance().isEmpty())
        cmd << QStringLiteral("--instance") << instance();
    const Environment overrides = m_overrides ? m_overrides() : Environment();
    for (const Environment::Variable &v : overrides.variables())
        cmd << QStringLiteral("--env") << v.name + QLatin1Char('=') + v.value;
    return cmd;
}

bool TestsPanel::debugInTerminal(const QModelIndex &sourceIndex)
{
    const QStringList cmd = debugCliCommand(sourceIndex);
    if (cmd.isEmpty())
        return false;
    if (!m_terminal->run(cmd))
        return false;
    Q_EMIT statusMessage(tr("Debugging %1 in a terminal").arg(QFileInfo(cmd.at(4)).fileName()), 5000);
    return true;
}

void TestsPanel::debugFailed(const QString &message)
{
    m_summaryText = tr("Debug: %1\nDebug Command… shows the command line to run in a terminal yourself.").arg(message);
    m_summary->setMessage(m_summaryText);
    Q_EMIT statusMessage(tr("Debug: no terminal could be started (see the Tests panel)"), 8000);
}

void TestsPanel::chooseTerminal()
{
    bool ok = false;
    const QString command = QInputDialog::getText(this, tr("Terminal Command"),
                                                  tr("Terminal that Debug runs `fixbench debug` in: the command's words follow it "
                                                     "(quote as in a shell),\ne.g. gnome-terminal --, konsole -e, xterm -e; empty: the "
                                                     "first found on PATH:"),
                                                  QLineEdit::Normal, TerminalLauncher::command(), &ok);
    if (!ok)
        return;
    QString error;
    if (!command.trimmed().isEmpty() && ExternalLauncher::splitWords(command, &error).isEmpty()) {
        QMessageBox::warning(this, tr("Terminal Command"), error);
        return;
    }
    TerminalLauncher::setCommand(command); // empty: the default again
}

Result<DebugLaunch::VsCodeExport> TestsPanel::exportForIde(const QModelIndex &sourceIndex, const QString &launchJsonPath)
{
    const auto found = binaryAt(sourceIndex);
    if (!found)
        return Error(Error::Kind::NotFound, tr("no test selected"));
    const RunPlan::Binary &binary = *found;
    const RunPlan plan = planFor({binary});
    QStringList down;
    for (const QString &f : plan.fixturesOf(binary))
        if (m_controller->environmentOf(f, plan.instance).isEmpty())
            down << f;
    if (!down.isEmpty())
        return Error(Error::Kind::NotFound, tr("%1 is not up: bring it up first, its ports are known only then")
                                                .arg(down.join(QStringLiteral(", "))));
    const TestRun run = TestSession::preview(*m_controller, plan, binary);
    auto filter = binary.selection.gtestFilter();
    const QString name = QStringLiteral("fixbench: ") + binary.spec.name
                         + (filter && !filter->isEmpty() ? QStringLiteral(" [%1]").arg(*filter) : QString());
    return DebugLaunch::exportVsCode(run, name, launchJsonPath);
}

void TestsPanel::chooseExportFile()
{
    if (!m_controller)
        return;
    const QString suggested = QDir(m_controller->workspace().root()).filePath(QStringLiteral(".vscode/launch.json"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export for IDE: VS Code launch.json"), suggested,
                                                      tr("launch.json (*.json)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    auto done = exportForIde(currentSourceIndex(), path);
    if (!done) {
        QMessageBox::warning(this, tr("Export for IDE"), done.error().toString());
        return;
    }
    QString text = tr("Wrote the configuration to %1 (merged: other configurations kept)").arg(done->launchJson);
    if (!done->envFile.isEmpty())
        text += QLatin1Char('\n') + tr("Wrote the variables to %1").arg(done->envFile);
    text += QLatin1Char('\n') + tr("Both hold secret values: they are readable by you only; do not commit them.");
    if (!done->note.isEmpty())
        text += QLatin1Char('\n') + done->note;
    QMessageBox::information(this, tr("Export for IDE"), text);
}

} // namespace fixbench
