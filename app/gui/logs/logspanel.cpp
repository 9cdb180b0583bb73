#include "logspanel.h"

#include "icons.h"
#include "logdelegate.h"
#include "logsmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSaveFile>
#include <QScrollBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace fixbench {

LogsPanel::LogsPanel(QWidget *parent) : QWidget(parent)
{
    m_model = new LogsModel(this);
    m_delegate = new LogDelegate(m_model, this);
    m_streamer = new LogStreamer(this);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("logsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setWordWrap(false);

    m_services = new QComboBox(this);
    m_services->setObjectName(QStringLiteral("logsServices"));
    m_services->setToolTip(tr("Show every service interleaved, or one service"));
    m_services->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_services->addItem(tr("All services"), QString());

    m_follow = new QAction(Icons::get(QStringLiteral("follow")), tr("&Follow"), this);
    m_follow->setObjectName(QStringLiteral("actionLogsFollow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    m_follow->setToolTip(tr("Keep the newest line in view (stops when you scroll up, resumes at the bottom)"));
    m_pause = new QAction(Icons::get(QStringLiteral("pause")), tr("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("actionLogsPause"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pause->setToolTip(tr("Hold new lines back until resumed"));
    m_timestamps = new QAction(Icons::get(QStringLiteral("clock")), tr("&Timestamps"), this);
    m_timestamps->setObjectName(QStringLiteral("actionLogsTimestamps"));
    m_timestamps->setCheckable(true);
    m_timestamps->setToolTip(tr("Show when each line was written"));
    m_clear = new QAction(Icons::get(QStringLiteral("clear")), tr("C&lear"), this);
    m_clear->setObjectName(QStringLiteral("actionLogsClear"));
    m_clear->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_clear->setToolTip(tr("Forget the lines shown so far"));
    m_save = new QAction(Icons::get(QStringLiteral("save")), tr("&Save Logs…"), this);
    m_save->setObjectName(QStringLiteral("actionLogsSave"));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setToolTip(tr("Save the lines shown to a text file"));
    m_findAction = new QAction(Icons::get(QStringLiteral("find")), tr("&Find…"), this);
    m_findAction->setObjectName(QStringLiteral("actionFind"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findNext = new QAction(Icons::get(QStringLiteral("next")), tr("Find &Next"), this);
    m_findNext->setObjectName(QStringLiteral("actionFindNext"));
    m_findNext->setShortcut(QKeySequence::FindNext);
    m_findPrevious = new QAction(Icons::get(QStringLiteral("previous")), tr("Find Pre&vious"), this);
    m_findPrevious->setObjectName(QStringLiteral("actionFindPrevious"));
    m_findPrevious->setShortcut(QKeySequence::FindPrevious);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("logsSearch"));
    m_search->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(140);
    m_search->setMaximumWidth(260);
    m_matches = new QLabel(this);
    m_matches->setObjectName(QStringLiteral("logsMatches"));
    m_matches->setMinimumWidth(80);

    m_toolBar = new QToolBar(this);
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->addWidget(m_services);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_follow);
    m_toolBar->addAction(m_pause);
    m_toolBar->addAction(m_timestamps);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_clear);
    m_toolBar->addAction(m_save);
    auto *spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_toolBar->addWidget(m_search);
    m_toolBar->addAction(m_findPrevious);
    m_toolBar->addAction(m_findNext);
    m_toolBar->addWidget(m_matches);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("logsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);

    auto *copy = new QAction(tr("&Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(copy);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addAction(m_follow);
    m_view->addAction(m_timestamps);
    m_view->addAction(m_clear);
    m_view->addAction(m_save);
    connect(copy, &QAction::triggered, this, [this]() {
        QModelIndexList rows = m_view->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        QStringList lines;
        for (const QModelIndex &i : rows)
            lines << m_model->lineText(i.row());
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
    });

    connect(m_streamer, &LogStreamer::linesArrived, this, &LogsPanel::onLines);
    connect(m_streamer, &LogStreamer::attached, this, [this](const QString &service, const QString &id, bool reattached) {
        const QString entry = QStringLiteral("%1 (%2)").arg(service, id.left(8));
        if (!m_attached.contains(entry))
            m_attached << entry;
        if (reattached)
            m_streamError = tr("%1 restarted: re-attached").arg(service);
        updateStatus();
    });
    connect(m_streamer, &LogStreamer::detached, this, [this](const QString &service, const QString &id) {
        m_attached.removeAll(QStringLiteral("%1 (%2)").arg(service, id.left(8)));
        updateStatus();
    });
    connect(m_streamer, &LogStreamer::errorChanged, this, [this](const QString &message) {
        m_streamError = message;
        updateStatus();
    });
    connect(m_streamer, &LogStreamer::linesDropped, this, [this](qint64 n) {
        m_dropped += n;
        updateStatus();
    });

    QScrollBar *bar = m_view->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, &LogsPanel::onRangeChanged);
    connect(bar, &QScrollBar::valueChanged, this, &LogsPanel::onScrolled);

    connect(m_follow, &QAction::toggled, this, &LogsPanel::setFollowing);
    connect(m_pause, &QAction::toggled, this, &LogsPanel::setPaused);
    connect(m_timestamps, &QAction::toggled, this, [this](bool on) {
        m_model->setShowTimestamps(on);
        m_view->doItemsLayout(); // the row width changed
    });
    connect(m_clear, &QAction::triggered, this, [this]() {
        m_model->clear();
        m_held.clear();
        m_dropped = 0;
        m_heldDropped = 0;
        updateStatus();
        updateMatchCount();
    });
    connect(m_save, &QAction::triggered, this, &LogsPanel::save);
    connect(m_findAction, &QAction::triggered, this, &LogsPanel::focusSearch);
    connect(m_findNext, &QAction::triggered, this, [this]() { findNext(false); });
    connect(m_findPrevious, &QAction::triggered, this, [this]() { findNext(true); });
    connect(m_search, &QLineEdit::textChanged, this, &LogsPanel::onSearchChanged);
    connect(m_search, &QLineEdit::returnPressed, this, [this]() {
        findNext(QApplication::keyboardModifiers() & Qt::ShiftModifier);
    });
    connect(m_searchTimer, &QTimer::timeout, this, &LogsPanel::updateMatchCount);
    connect(m_services, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_model->setServiceFilter(m_services->itemData(i).toString());
        if (m_following)
            m_view->scrollToBottom();
        updateStatus();
    });
    connect(m_model, &LogsModel::servicesChanged, this, [this](const QStringList &services) {
        for (const QString &s : services)
            if (m_services->findData(s) < 0)
                m_services->addItem(s, s);
    });
    updateStatus();
}

LogsPanel::~LogsPanel()
{
    m_streamer->stop();
}

void LogsPanel::showFixture(const QString &fixture, const QString &instance, const QString &project)
{
    if (project == m_project && fixture == m_fixture && instance == m_instance)
        return;
    m_fixture = fixture;
    m_instance = instance;
    m_project = project;
    m_streamer->stop();
    m_model->clear();
    m_held.clear();
    m_attached.clear();
    m_streamError.clear();
    m_dropped = 0;
    m_heldDropped = 0;
    {
        const QSignalBlocker block(m_services);
        m_services->clear();
        m_services->addItem(tr("All services"), QString());
    }
    m_model->setServiceFilter(QString());
    Q_EMIT titleChanged(fixture.isEmpty() ? QString()
                                          : instance.isEmpty() ? fixture : QStringLiteral("%1 @ %2").arg(fixture, instance));
    if (!project.isEmpty())
        m_streamer->start(project);
    setFollowing(true);
    updateStatus();
    updateMatchCount(); // of this fixture's lines, not the last one's
}

void LogsPanel::showService(const QString &service)
{
    int i = m_services->findData(service);
    if (i < 0) {
        m_services->addItem(service, service);
        i = m_services->count() - 1;
    }
    m_services->setCurrentIndex(i);
}

void LogsPanel::stop()
{
    m_streamer->stop();
    m_attached.clear();
    updateStatus();
}

void LogsPanel::onLines(const QList<LogEntry> &lines)
{
    if (isPaused()) {
        m_held += lines;
        if (m_held.size() > m_model->maxLines()) {
            const qsizetype n = m_held.size() - m_model->maxLines();
            m_held.remove(0, n);
            m_heldDropped += n;
        }
    } else {
        m_model->append(lines);
        // The match count follows the lines (debounced, never starved by a busy stream).
        if (!m_search->text().isEmpty() && !m_searchTimer->isActive())
            m_searchTimer->start();
    }
    updateStatus();
}

void LogsPanel::onRangeChanged(int, int max)
{
    if (!m_following)
        return;
    m_adjusting = true;
    m_view->verticalScrollBar()->setValue(max);
    m_adjusting = false;
}

void LogsPanel::onScrolled(int value)
{
    if (m_adjusting)
        return;
    const bool atBottom = value >= m_view->verticalScrollBar()->maximum();
    if (atBottom != m_following)
        setFollowing(atBottom);
}

void LogsPanel::setFollowing(bool follow)
{
    m_following = follow;
    {
        const QSignalBlocker block(m_follow);
        m_follow->setChecked(follow);
    }
    if (follow) {
        m_adjusting = true;
        m_view->scrollToBottom();
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
        m_adjusting = false;
    }
}

bool LogsPanel::isPaused() const
{
    return m_pause->isChecked();
}

void LogsPanel::setPaused(bool paused)
{
    if (m_pause->isChecked() != paused) {
        m_pause->setChecked(paused); // re-enters through toggled
        return;
    }
    if (!paused && !m_held.isEmpty()) {
        m_model->append(m_held);
        m_held.clear();
    }
    updateStatus();
}

void LogsPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LogsPanel::onSearchChanged()
{
    m_delegate->setSearchText(m_search->text());
    m_view->viewport()->update();
    m_searchTimer->start();
}

void LogsPanel::updateMatchCount()
{
    const QString needle = m_search->text();
    if (needle.isEmpty()) {
        m_matches->clear();
        return;
    }
    const int n = m_model->countMatches(needle);
    m_matches->setText(n == 0 ? tr("no match") : tr("%n line(s)", nullptr, n));
}

bool LogsPanel::findNext(bool backwards)
{
    const QString needle = m_search->text();
    if (needle.isEmpty()) {
        focusSearch();
        return false;
    }
    const QModelIndex current = m_view->currentIndex();
    const int from = current.isValid() ? current.row() : (backwards ? m_model->rowCount() : -1);
    const int row = m_model->findNext(needle, from, backwards);
    if (row < 0) {
        m_matches->setText(tr("no match"));
        return false;
    }
    setFollowing(false);
    const QModelIndex index = m_model->index(row);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    // Scrolling may have reached the bottom: that is not a request to follow.
    setFollowing(false);
    updateMatchCount();
    return true;
}

bool LogsPanel::saveTo(const QString &fileName, QString *error) const
{
    QSaveFile f(fileName);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text) || !m_model->save(&f) || !f.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(fileName, f.errorString());
        return false;
    }
    return true;
}

void LogsPanel::save()
{
    const QString suggested = (m_fixture.isEmpty() ? QStringLiteral("logs") : m_fixture) + QStringLiteral("-logs.txt");
    const QString name = QFileDialog::getSaveFileName(this, tr("Save Logs"), suggested, tr("Text files (*.txt *.log);;All files (*)"));
    if (name.isEmpty())
        return;
    QString error;
    if (!saveTo(name, &error)) {
        m_streamError = error;
        updateStatus();
    }
}

void LogsPanel::updateStatus()
{
    QStringList parts;
    if (m_project.isEmpty())
        parts << tr("Select a fixture to see its logs");
    else if (m_attached.isEmpty())
        parts << tr("Waiting for containers of %1").arg(m_fixture);
    else
        parts << tr("%1: following %2").arg(m_fixture, m_attached.join(QStringLiteral(", ")));
    parts << tr("%n line(s)", nullptr, m_model->lineCount());
    if (m_model->evicted() > 0)
        parts << tr("oldest dropped beyond %1 lines").arg(QLocale().toString(m_model->maxLines()));
    if (isPaused())
        parts << tr("paused, %n line(s) held back", nullptr, int(m_held.size()));
    if (m_dropped + m_heldDropped > 0)
        parts << tr("%1 lines skipped to keep up").arg(QLocale().toString(m_dropped + m_heldDropped));
    if (!m_streamError.isEmpty())
        parts << m_streamError;
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

} // namespace fixbench
