#pragma once

#include "fixture/fixturecontroller.h"
#include "workspace/workspace.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QTableView;

namespace fixbench {

class EnvironmentModel;

// The Environment panel: the exact variables the next run will inject, for one test
// binary of the workspace (its fixtures, its own `env:`) or for every fixture that is up;
// where each comes from; secrets masked until revealed; user overrides edited in place
// and remembered per workspace (QSettings).
class EnvironmentPanel : public QWidget {
    Q_OBJECT
public:
    explicit EnvironmentPanel(QWidget *parent = nullptr);

    void setController(FixtureController *controller);
    EnvironmentModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *targetBox() const { return m_target; }
    QAction *revealAction() const { return m_reveal; }

    // The test binary whose environment is shown ("" = every fixture that is up).
    void setTarget(const QString &testName);
    QString target() const;
    // The fixture instance whose environment is shown ("" = the default one): the Tests
    // panel's, so that what is shown is what its run gets.
    void setInstance(const QString &instance);
    QString instance() const { return m_instance; }

    static QString settingsKey(const Workspace &ws); // "workspaces/<id>/overrides"
    // The user's overrides as a run takes them (source "override").
    Environment overrides() const;

public Q_SLOTS:
    void recompute();

private:
    void addOverride();
    void removeOverride();
    void copyExports();
    void saveOverrides();

    QPointer<FixtureController> m_controller;
    EnvironmentModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_target = nullptr;
    QLabel *m_note = nullptr;
    QAction *m_reveal = nullptr;
    QAction *m_add = nullptr;
    QAction *m_remove = nullptr;
    QAction *m_copy = nullptr;
    bool m_loading = false;
    QString m_instance;
};

} // namespace fixbench
