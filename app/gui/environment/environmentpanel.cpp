#include "environmentpanel.h"

#include "environmentmodel.h"
#include "icons.h"
#include "run/runplan.h"
#include "run/testsession.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace fixbench {

EnvironmentPanel::EnvironmentPanel(QWidget *parent) : QWidget(parent)
{
    m_model = new EnvironmentModel(this);

    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("environmentTarget"));
    m_target->setToolTip(tr("Whose run: a test binary of the workspace (its fixtures and its env), or every fixture that is up"));
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_reveal = new QAction(Icons::get(QStringLiteral("reveal")), tr("&Reveal Secrets"), this);
    m_reveal->setObjectName(QStringLiteral("actionRevealSecrets"));
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(tr("Show the values of secret variables"));
    m_add = new QAction(Icons::get(QStringLiteral("add")), tr("&Add Override…"), this);
    m_add->setObjectName(QStringLiteral("actionAddOverride"));
    m_add->setToolTip(tr("Set a variable for the next runs (remembered for this workspace)"));
    m_remove = new QAction(Icons::get(QStringLiteral("remove")), tr("Re&move Override"), this);
    m_remove->setObjectName(QStringLiteral("actionRemoveOverride"));
    m_remove->setToolTip(tr("Go back to the value the fixture gives"));
    m_copy = new QAction(Icons::get(QStringLiteral("copy")), tr("&Copy as Shell Exports"), this);
    m_copy->setObjectName(QStringLiteral("actionCopyExports"));
    m_copy->setToolTip(tr("Copy `export NAME=value` lines (secrets masked unless revealed)"));

    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->addWidget(m_target);
    bar->addSeparator();
    bar->addAction(m_reveal);
    bar->addAction(m_add);
    bar->addAction(m_remove);
    bar->addAction(m_copy);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("environmentView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    // Names whole, the value takes the rest: no column off the panel's edge.
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(EnvironmentModel::NameColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(EnvironmentModel::ValueColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(EnvironmentModel::SourceColumn, QHeaderView::ResizeToContents);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("environmentNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_note);

    connect(m_reveal, &QAction::toggled, m_model, &EnvironmentModel::setSecretsRevealed);
    connect(m_add, &QAction::triggered, this, &EnvironmentPanel::addOverride);
    connect(m_remove, &QAction::triggered, this, &EnvironmentPanel::removeOverride);
    connect(m_copy, &QAction::triggered, this, &EnvironmentPanel::copyExports);
    connect(m_target, &QComboBox::currentIndexChanged, this, &EnvironmentPanel::recompute);
    connect(m_model, &EnvironmentModel::overridesChanged, this, &EnvironmentPanel::saveOverrides);
    auto updateRemove = [this]() {
        const QModelIndex i = m_view->currentIndex();
        m_remove->setEnabled(i.isValid() && i.data(EnvironmentModel::OverriddenRole).toBool());
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, updateRemove);
    connect(m_model, &QAbstractItemModel::dataChanged, this, updateRemove);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateRemove);
    updateRemove();
}

QString EnvironmentPanel::settingsKey(const Workspace &ws)
{
    return QStringLiteral("workspaces/%1/overrides").arg(ws.id());
}

void EnvironmentPanel::setController(FixtureController *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    m_loading = true;
    {
        const QSignalBlocker block(m_target);
        m_target->clear();
        m_target->addItem(tr("Fixtures that are up"), QString());
        if (controller)
            for (const TestBinarySpec &t : controller->workspace().tests())
                m_target->addItem(tr("Run of %1").arg(t.name), t.name);
    }
    QMap<QString, QString> overrides;
    if (controller) {
        const QVariantMap stored = QSettings().value(settingsKey(controller->workspace())).toMap();
        for (auto it = stored.cbegin(); it != stored.cend(); ++it)
            overrides.insert(it.key(), it.value().toString());
        connect(controller, &FixtureController::environmentChanged, this, &EnvironmentPanel::recompute);
        connect(controller, &FixtureController::statusesChanged, this, &EnvironmentPanel::recompute);
    }
    m_model->setOverrides(overrides);
    m_loading = false;
    recompute();
}

void EnvironmentPanel::setTarget(const QString &testName)
{
    const int i = m_target->findData(testName);
    if (i >= 0)
        m_target->setCurrentIndex(i);
}

QString EnvironmentPanel::target() const
{
    return m_target->currentData().toString();
}

void EnvironmentPanel::setInstance(const QString &instance)
{
    if (instance == m_instance)
        return;
    m_instance = instance;
    recompute();
}

void EnvironmentPanel::recompute()
{
    Environment base;
    QStringList missing;
    if (m_controller) {
        const TestBinarySpec *test = nullptr;
        for (const TestBinarySpec &t : m_controller->workspace().tests())
            if (t.name == target())
                test = &t;
        if (test) {
            // What the run of this binary gets, from the same plan a run uses (the
            // system environment aside); overrides are shown on top by the model.
            RunPlan plan;
            plan.instance = m_instance;
            const RunPlan::Binary binary{*test, TestSelection::all()};
            for (const QString &f : plan.fixturesOf(binary))
                if (m_controller->environmentOf(f, m_instance).isEmpty())
                    missing << f;
            const TestRun run = TestSession::preview(*m_controller, plan, binary);
            const Environment effective = run.effectiveEnvironment();
            for (const Environment::Variable &v : effective.variables())
                if (v.source != QLatin1String("system"))
                    base.set(v);
        } else {
            QStringList fixtures;
            for (const FixtureStatus &s : m_controller->statuses())
                if (s.instance == m_instance && s.state != FixtureState::Down && !fixtures.contains(s.fixture))
                    fixtures << s.fixture;
            // Every fixture that is up, labelled with where each variable comes from
            // (FIXBENCH_* describe one fixture: left out).
            for (const QString &f : std::as_const(fixtures)) {
                const Environment env = m_controller->environmentOf(f, m_instance);
                for (Environment::Variable v : env.variables())
                    if (v.source != QLatin1String("fixbench")) {
                        v.source += QLatin1Char(':') + f;
                        base.set(v);
                    }
            }
        }
    }
    m_model->setBase(base);
    QString note;
    if (!missing.isEmpty())
        note = tr("Not up: %1. A run brings them up first; their variables show here once they are up.")
                   .arg(missing.join(QStringLiteral(", ")));
    else if (m_model->rowCount() == 0)
        note = tr("No fixture is up: bring one up to see what a run would get.");
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

Environment EnvironmentPanel::overrides() const
{
    Environment e;
    const QMap<QString, QString> o = m_model->overrides();
    for (auto it = o.cbegin(); it != o.cend(); ++it) {
        const Environment::Variable *b = m_model->base().find(it.key());
        e.set(it.key(), it.value(), b ? b->secret : false, QStringLiteral("override"));
    }
    return e;
}

void EnvironmentPanel::saveOverrides()
{
    if (m_loading || !m_controller)
        return;
    QVariantMap stored;
    const QMap<QString, QString> o = m_model->overrides();
    for (auto it = o.cbegin(); it != o.cend(); ++it)
        stored.insert(it.key(), it.value());
    QSettings settings;
    if (stored.isEmpty())
        settings.remove(settingsKey(m_controller->workspace()));
    else
        settings.setValue(settingsKey(m_controller->workspace()), stored);
}

void EnvironmentPanel::addOverride()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add Override"));
    auto *form = new QFormLayout(&dialog);
    auto *name = new QLineEdit(&dialog);
    auto *value = new QLineEdit(&dialog);
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid()) {
        name->setText(m_model->index(current.row(), EnvironmentModel::NameColumn).data().toString());
        value->setText(current.data(EnvironmentModel::ValueRole).toString());
    }
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("&Value:"), value);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted || name->text().trimmed().isEmpty())
        return;
    m_model->setOverride(name->text().trimmed(), value->text());
}

void EnvironmentPanel::removeOverride()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    m_model->removeOverride(m_model->index(current.row(), EnvironmentModel::NameColumn).data().toString());
}

void EnvironmentPanel::copyExports()
{
    QApplication::clipboard()->setText(m_model->effective().toShellExports(m_model->secretsRevealed()));
}

} // namespace fixbench
