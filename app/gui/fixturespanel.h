#pragma once

#include "fixture/fixturecontroller.h"

#include <QPointer>
#include <QSet>
#include <QWidget>

class QAction;
class QLabel;
class QToolBar;
class QTreeView;

namespace fixbench {

class FixturesModel;

// The Fixtures panel: every fixture of the workspace with its state and, expanded, its
// services; actions up, down, restart, keep alive, prune leftovers. The tree shows what
// the controller's watcher reports, so fixtures started elsewhere appear live.
//
// "Keep alive" — container labels cannot change once a stack runs, so:
//  - on a fixture that is down, it asks the next "Up" for a kept stack (label
//    fixbench.keep=true: it outlives this window and `fixbench prune`);
//  - on a fixture this window brought up without it, it only means "leave it up when I
//    close": the stack keeps its label, so once this window is gone `fixbench prune`
//    counts it as a leftover (restart it kept to make it permanent);
//  - a fixture that is kept by its label, or that another process owns, is never taken
//    down by this window; the action only shows that.
class FixturesPanel : public QWidget {
    Q_OBJECT
public:
    explicit FixturesPanel(QWidget *parent = nullptr);

    void setController(FixtureController *controller);
    FixtureController *controller() const { return m_controller; }
    FixturesModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

    QAction *upAction() const { return m_up; }
    QAction *downAction() const { return m_down; }
    QAction *restartAction() const { return m_restart; }
    QAction *keepAction() const { return m_keep; }
    QAction *pruneAction() const { return m_prune; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *refreshAction() const { return m_refresh; }
    QList<QAction *> fixtureActions() const;

    QString currentFixture() const;
    QString currentInstance() const;
    QString currentProject() const;
    bool selectFixture(const QString &fixture, const QString &instance = {});

    // Up: the fixture as the user asked (kept when "keep alive" was on for it).
    bool bringUp(const QString &fixture, const QString &instance = {});

    // Fixtures this window brought up that are neither kept nor promised to stay: what
    // closing the window should offer to take down. Keys as FixtureController::key().
    QList<QPair<QString, QString>> fixturesToTakeDown() const;

Q_SIGNALS:
    void currentFixtureChanged(const QString &fixture, const QString &instance, const QString &project);
    void serviceActivated(const QString &fixture, const QString &instance, const QString &service);
    void statusMessage(const QString &text, int timeoutMs);

private:
    void updateActions();
    void onCurrentChanged();
    void onStatusesChanged(const QList<FixtureStatus> &statuses);
    void onProgress(const QString &fixture, const QString &step, const QString &line);
    void onFinished(const QString &fixture, const QString &instance, FixtureController::Operation op, bool ok,
                    const fixbench::Error &error);
    void showError(const QString &text);
    void setKeep(bool checked);

    QPointer<FixtureController> m_controller;
    FixturesModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLabel *m_progress = nullptr;
    QLabel *m_error = nullptr;
    QAction *m_up = nullptr;
    QAction *m_down = nullptr;
    QAction *m_restart = nullptr;
    QAction *m_keep = nullptr;
    QAction *m_prune = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_separators[2] = {nullptr, nullptr};
    QSet<QString> m_keepNextUp;
    QString m_lastKey;
    bool m_autoSelected = false;
};

} // namespace fixbench
