#pragma once

#include "engine/logstreamer.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;
class QToolBar;

namespace fixbench {

class LogDelegate;
class LogsModel;

// The Logs panel: live logs of one fixture (every service interleaved, coloured per
// service, or one service), in a capped buffer. Follow stops when the user scrolls up
// and resumes at the bottom; pause holds new lines back (capped too) until resumed;
// timestamps toggle; search highlights every match and jumps next/previous; clear; save
// to a file. A container restart re-attaches (LogStreamer).
class LogsPanel : public QWidget {
    Q_OBJECT
public:
    explicit LogsPanel(QWidget *parent = nullptr);
    ~LogsPanel() override;

    // Follows a fixture's compose project (it may be down: lines come once it is up).
    void showFixture(const QString &fixture, const QString &instance, const QString &project);
    void showService(const QString &service); // "" = all
    void stop();
    QString fixture() const { return m_fixture; }

    LogsModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    LogStreamer *streamer() const { return m_streamer; }

    bool isFollowing() const { return m_following; }
    void setFollowing(bool follow);
    bool isPaused() const;
    void setPaused(bool paused);

    void focusSearch();
    bool findNext(bool backwards = false);
    bool saveTo(const QString &fileName, QString *error = nullptr) const;

    QAction *findAction() const { return m_findAction; }
    QAction *findNextAction() const { return m_findNext; }
    QAction *findPreviousAction() const { return m_findPrevious; }
    QAction *followAction() const { return m_follow; }
    QAction *pauseAction() const { return m_pause; }
    QAction *timestampsAction() const { return m_timestamps; }
    QAction *clearAction() const { return m_clear; }
    QAction *saveAction() const { return m_save; }

Q_SIGNALS:
    // "echo_server" — what the panel shows, for a tab or window title.
    void titleChanged(const QString &title);

private:
    void onLines(const QList<LogEntry> &lines);
    void onRangeChanged(int min, int max);
    void onScrolled(int value);
    void onSearchChanged();
    void updateMatchCount();
    void updateStatus();
    void save();

    LogsModel *m_model = nullptr;
    LogDelegate *m_delegate = nullptr;
    LogStreamer *m_streamer = nullptr;
    QListView *m_view = nullptr;
    QToolBar *m_toolBar = nullptr;
    QComboBox *m_services = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_matches = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_searchTimer = nullptr;
    QAction *m_follow = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_timestamps = nullptr;
    QAction *m_clear = nullptr;
    QAction *m_save = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_findNext = nullptr;
    QAction *m_findPrevious = nullptr;

    QString m_fixture;
    QString m_instance;
    QString m_project;
    bool m_following = true;
    bool m_adjusting = false;
    QList<LogEntry> m_held; // while paused
    qint64 m_heldDropped = 0;
    qint64 m_dropped = 0;
    QStringList m_attached; // "service (id)"
    QString m_streamError;
};

} // namespace fixbench
