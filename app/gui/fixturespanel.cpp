#include "fixturespanel.h"

#include "fixturesmodel.h"
#include "icons.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace fixbench {

FixturesPanel::FixturesPanel(QWidget *parent) : QWidget(parent)
{
    m_model = new FixturesModel(this);

    m_up = new QAction(Icons::get(QStringLiteral("up")), tr("&Up"), this);
    m_up->setObjectName(QStringLiteral("actionFixtureUp"));
    m_up->setToolTip(tr("Bring the fixture up and wait until it is ready (or attach to it when it already is)"));
    m_up->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    m_down = new QAction(Icons::get(QStringLiteral("down")), tr("&Down"), this);
    m_down->setObjectName(QStringLiteral("actionFixtureDown"));
    m_down->setToolTip(tr("Run its stopping hook, then remove its containers, networks and volumes"));
    m_down->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_restart = new QAction(Icons::get(QStringLiteral("restart")), tr("&Restart"), this);
    m_restart->setObjectName(QStringLiteral("actionFixtureRestart"));
    m_restart->setToolTip(tr("Take the fixture down and bring it up again (applies changed files)"));
    m_keep = new QAction(Icons::get(QStringLiteral("keep")), tr("&Keep Alive"), this);
    m_keep->setObjectName(QStringLiteral("actionFixtureKeep"));
    m_keep->setCheckable(true);
    m_prune = new QAction(Icons::get(QStringLiteral("prune")), tr("&Prune Leftovers"), this);
    m_prune->setObjectName(QStringLiteral("actionFixturePrune"));
    m_prune->setToolTip(tr("Remove fixture stacks (any workspace) whose owner process is gone and that are not kept"));
    m_cancel = new QAction(Icons::get(QStringLiteral("cancel")), tr("&Cancel Up"), this);
    m_cancel->setObjectName(QStringLiteral("actionFixtureCancel"));
    m_cancel->setToolTip(tr("Stop bringing the fixture up and clean up what was started"));
    m_refresh = new QAction(Icons::get(QStringLiteral("refresh")), tr("Re&fresh"), this);
    m_refresh->setObjectName(QStringLiteral("actionFixtureRefresh"));
    m_refresh->setToolTip(tr("Ask the engine again now (it is asked every second anyway)"));

    for (QAction *&sep : m_separators) {
        sep = new QAction(this);
        sep->setSeparator(true);
    }

    m_toolBar = new QToolBar(this);
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_toolBar->addAction(m_up);
    m_toolBar->addAction(m_down);
    m_toolBar->addAction(m_restart);
    m_toolBar->addAction(m_cancel);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_keep);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_prune);
    m_toolBar->addAction(m_refresh);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("fixturesView"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setSectionResizeMode(FixturesModel::StateColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(FixturesModel::HealthColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(FixturesModel::PortsColumn, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(FixturesModel::NameColumn, 135);

    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("fixturesProgress"));
    m_progress->setTextFormat(Qt::PlainText);
    m_progress->setWordWrap(false);
    m_progress->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("fixturesError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_error->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);

    connect(m_up, &QAction::triggered, this, [this]() { bringUp(currentFixture(), currentInstance()); });
    connect(m_down, &QAction::triggered, this, [this]() {
        if (m_controller && !currentFixture().isEmpty()) {
            m_error->hide();
            m_controller->down(currentFixture(), currentInstance());
        }
    });
    connect(m_restart, &QAction::triggered, this, [this]() {
        if (m_controller && !currentFixture().isEmpty()) {
            m_error->hide();
            m_controller->restart(currentFixture(), currentInstance(),
                                  m_keepNextUp.contains(FixtureController::key(currentFixture(), currentInstance())));
        }
    });
    connect(m_cancel, &QAction::triggered, this, [this]() {
        if (m_controller)
            m_controller->cancel(currentFixture(), currentInstance());
    });
    connect(m_prune, &QAction::triggered, this, [this]() {
        if (m_controller) {
            m_error->hide();
            m_controller->prune();
        }
    });
    connect(m_refresh, &QAction::triggered, this, [this]() {
        if (m_controller)
            m_controller->refresh();
    });
    connect(m_keep, &QAction::toggled, this, &FixturesPanel::setKeep);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &FixturesPanel::onCurrentChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &FixturesPanel::updateActions);
    // Services show as soon as a fixture has containers.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        if (parent.isValid())
            m_view->expand(parent);
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.data(FixturesModel::IsServiceRole).toBool())
            Q_EMIT serviceActivated(index.data(FixturesModel::FixtureRole).toString(),
                                    index.data(FixturesModel::InstanceRole).toString(),
                                    index.data(FixturesModel::ServiceRole).toString());
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addActions(fixtureActions());
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    updateActions();
}

QList<QAction *> FixturesPanel::fixtureActions() const
{
    return {m_up, m_down, m_restart, m_cancel, m_separators[0], m_keep, m_separators[1], m_prune, m_refresh};
}

void FixturesPanel::setController(FixtureController *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    m_keepNextUp.clear();
    m_autoSelected = false;
    m_model->setStatuses({});
    if (!controller) {
        updateActions();
        return;
    }
    connect(controller, &FixtureController::statusesChanged, this, &FixturesPanel::onStatusesChanged);
    connect(controller, &FixtureController::progress, this, &FixturesPanel::onProgress);
    connect(controller, &FixtureController::operationFinished, this, &FixturesPanel::onFinished);
    connect(controller, &FixtureController::operationStarted, this, &FixturesPanel::updateActions);
    connect(controller, &FixtureController::engineStatusChanged, m_model, [this](bool reachable) {
        m_model->setEngineReachable(reachable);
    });
    m_model->setEngineReachable(true);
    connect(controller, &FixtureController::pruned, this, [this](const QStringList &removed, const QStringList &kept) {
        Q_EMIT statusMessage(tr("Pruned %n leftover stack(s)", nullptr, int(removed.size()))
                                 + QStringLiteral("; ") + tr("%n left (kept or owner alive)", nullptr, int(kept.size())),
                             8000);
    });
    if (!controller->statuses().isEmpty())
        onStatusesChanged(controller->statuses());
    updateActions();
}

void FixturesPanel::onStatusesChanged(const QList<FixtureStatus> &statuses)
{
    m_model->setStatuses(statuses);
    if (!m_autoSelected && m_model->rowCount() > 0 && !m_view->currentIndex().isValid()) {
        m_autoSelected = true;
        // The first fixture that is up, else the first one.
        int row = 0;
        for (int i = 0; i < statuses.size(); ++i)
            if (statuses[i].state != FixtureState::Down) {
                row = i;
                break;
            }
        m_view->setCurrentIndex(m_model->index(row, 0));
    }
    updateActions();
}

QString FixturesPanel::currentFixture() const
{
    return m_view->currentIndex().data(FixturesModel::FixtureRole).toString();
}

QString FixturesPanel::currentInstance() const
{
    return m_view->currentIndex().data(FixturesModel::InstanceRole).toString();
}

QString FixturesPanel::currentProject() const
{
    return m_view->currentIndex().data(FixturesModel::ProjectRole).toString();
}

bool FixturesPanel::selectFixture(const QString &fixture, const QString &instance)
{
    const QModelIndex index = m_model->indexOf(fixture, instance);
    if (!index.isValid())
        return false;
    m_autoSelected = true;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

bool FixturesPanel::bringUp(const QString &fixture, const QString &instance)
{
    if (!m_controller || fixture.isEmpty())
        return false;
    m_error->hide();
    return m_controller->up(fixture, instance, m_keepNextUp.contains(FixtureController::key(fixture, instance)));
}

void FixturesPanel::onCurrentChanged()
{
    const QString key = FixtureController::key(currentFixture(), currentInstance());
    if (key != m_lastKey) {
        m_lastKey = key;
        Q_EMIT currentFixtureChanged(currentFixture(), currentInstance(), currentProject());
    }
    updateActions();
}

void FixturesPanel::onProgress(const QString &fixture, const QString &step, const QString &line)
{
    const QString text = fixture.isEmpty() ? QStringLiteral("%1: %2").arg(step, line)
                                           : QStringLiteral("[%1] %2: %3").arg(fixture, step, line);
    m_progress->setText(text);
    m_progress->setToolTip(text);
}

void FixturesPanel::onFinished(const QString &fixture, const QString &instance, FixtureController::Operation op, bool ok,
                               const Error &error)
{
    QString name = instance.isEmpty() ? fixture : QStringLiteral("%1 @ %2").arg(fixture, instance);
    QString text;
    if (ok) {
        switch (op) {
        case FixtureController::Operation::Up: text = tr("%1 is up").arg(name); break;
        case FixtureController::Operation::Down: text = tr("%1 is down").arg(name); break;
        case FixtureController::Operation::Restart: text = tr("%1 restarted").arg(name); break;
        case FixtureController::Operation::Prune: text = tr("Leftovers pruned"); break;
        case FixtureController::Operation::Hook: text = tr("%1: hook done").arg(name); break;
        case FixtureController::Operation::Keep: text = tr("%1: keep alive changed").arg(name); break;
        }
        m_progress->setText(text);
        m_progress->setToolTip(QString());
    } else if (error.kind == Error::Kind::Cancelled) {
        // The user asked for it (Cancel Up): a state, not an error.
        text = tr("%1: cancelled").arg(name);
        m_progress->setText(text);
        m_progress->setToolTip(error.toString());
        Q_EMIT statusMessage(text, 5000);
    } else {
        switch (op) {
        case FixtureController::Operation::Up: text = tr("%1 could not be brought up").arg(name); break;
        case FixtureController::Operation::Down: text = tr("%1 could not be taken down").arg(name); break;
        case FixtureController::Operation::Restart: text = tr("%1 could not be restarted").arg(name); break;
        case FixtureController::Operation::Prune: text = tr("Pruning failed"); break;
        case FixtureController::Operation::Hook: text = tr("%1: a hook failed").arg(name); break;
        case FixtureController::Operation::Keep: text = tr("%1: keep alive could not be changed").arg(name); break;
        }
        m_progress->setText(text);
        showError(text + QStringLiteral(":\n") + error.toString());
        Q_EMIT statusMessage(text, 8000);
    }
    updateActions();
}

void FixturesPanel::showError(const QString &text)
{
    // Long errors (compose output, last log lines) are cut in the panel, whole in the tooltip.
    const QStringList lines = text.split(QLatin1Char('\n'));
    m_error->setText(lines.mid(0, 6).join(QLatin1Char('\n')) + (lines.size() > 6 ? QStringLiteral("\n…") : QString()));
    m_error->setToolTip(text);
    m_error->show();
}

QList<QPair<QString, QString>> FixturesPanel::fixturesToTakeDown() const
{
    QList<QPair<QString, QString>> out;
    if (!m_controller)
        return out;
    for (const FixtureStatus &s : m_controller->statuses()) {
        if (!s.running || s.running->keep || !FixtureController::ownedByThisProcess(s))
            continue;
        if (m_model->keepOnClose(FixtureController::key(s.fixture, s.instance)))
            continue;
        out << qMakePair(s.fixture, s.instance);
    }
    return out;
}

void FixturesPanel::setKeep(bool checked)
{
    const QModelIndex idx = m_view->currentIndex();
    if (!idx.isValid())
        return;
    const QString key = idx.data(FixturesModel::KeyRole).toString();
    const bool running = idx.data(FixturesModel::RunningRole).toBool();
    const bool owned = idx.data(FixturesModel::OwnedRole).toBool();
    if (!running) {
        if (checked)
            m_keepNextUp.insert(key);
        else
            m_keepNextUp.remove(key);
    } else {
        // A running stack, started by anyone: keep it (or not) in the engine, so every
        // process — this window on close, `fixbench run`, prune — respects it.
        m_model->setKeepOnClose(key, checked && owned);
        m_controller->setKeep(idx.data(FixturesModel::FixtureRole).toString(),
                              idx.data(FixturesModel::InstanceRole).toString(), checked);
    }
    updateActions();
}

void FixturesPanel::updateActions()
{
    const QModelIndex idx = m_view->currentIndex();
    const bool has = m_controller && idx.isValid();
    const QString fixture = idx.data(FixturesModel::FixtureRole).toString();
    const QString instance = idx.data(FixturesModel::InstanceRole).toString();
    const QString key = idx.data(FixturesModel::KeyRole).toString();
    const bool busy = has && m_controller->isBusy(fixture, instance);
    const bool running = idx.data(FixturesModel::RunningRole).toBool();
    const bool owned = idx.data(FixturesModel::OwnedRole).toBool();
    const bool kept = idx.data(FixturesModel::KeptRole).toBool();
    const auto state = FixtureState(idx.data(FixturesModel::StateRole).toInt());
    const bool known = has && m_controller->statusOf(fixture, instance) && m_controller->statusOf(fixture, instance)->known;

    m_up->setEnabled(has && !busy && known && state != FixtureState::Ready);
    m_down->setEnabled(has && !busy && running);
    m_restart->setEnabled(has && !busy && known && running);
    m_cancel->setEnabled(has && busy && (state == FixtureState::Starting));
    m_prune->setEnabled(m_controller && m_controller->isIdle());
    m_refresh->setEnabled(bool(m_controller));

    const QSignalBlocker block(m_keep);
    if (!has) {
        m_keep->setEnabled(false);
        m_keep->setChecked(false);
        m_keep->setToolTip(tr("Keep alive: select a fixture"));
    } else if (!running) {
        m_keep->setEnabled(!busy);
        m_keep->setChecked(m_keepNextUp.contains(key));
        m_keep->setToolTip(tr("Keep alive: the next Up starts %1 as a kept stack, which outlives this window and "
                              "`fixbench prune` until you take it down").arg(fixture));
    } else {
        m_keep->setEnabled(!busy);
        m_keep->setChecked(kept || (owned && m_model->keepOnClose(key)));
        m_keep->setToolTip(kept ? tr("%1 is kept: it stays up until someone takes it down. Uncheck to let whoever "
                                     "started it (or `fixbench prune`, once that process is gone) take it down.").arg(fixture)
                                : tr("Keep %1 up: whoever started it leaves it up, this window too when it closes, "
                                     "and `fixbench prune` leaves it alone, until you take it down.").arg(fixture));
    }
}

} // namespace fixbench
