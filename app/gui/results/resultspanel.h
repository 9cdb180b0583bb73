#pragma once

#include "run/testresult.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QSet>
#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;
class QUrl;

namespace fixbench {

class EditorLauncher;
class TimelineView;
class TestsModel;

// Results and output: the selected test's failures — each `file:line` a link that opens
// the user's editor (a configurable command) —, the log lines its fixtures wrote while it
// ran (tests that did not pass: TestResult::fixtureLog) and its own output; the run
// console with every line the binaries printed (capped); the last run's timeline.
class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(TestsModel *model, QWidget *parent = nullptr);

    void showIndex(const QModelIndex &sourceIndex);
    void appendOutput(const QString &binary, const QStringList &lines);
    void clearConsole();
    void showConsole();

    QTextBrowser *resultView() const { return m_result; }
    QPlainTextEdit *console() const { return m_console; }
    QTabWidget *tabs() const { return m_tabs; }
    // The last run on a time axis (its own tab); a click on a test's bar selects it.
    TimelineView *timeline() const { return m_timeline; }

    // What reads a test's fixture logs on demand (a test that passed carries none): given
    // the test, on the GUI thread, a job run on a worker that returns its excerpt; no job
    // when its fixtures are not known. Unset: no such link.
    using LogReader = std::function<std::function<QString()>(const TestResult &)>;
    void setLogReader(LogReader reader) { m_logReader = std::move(reader); }

    // Opens file:line in the user's editor (EditorLauncher: its failures are signalled).
    bool openLocation(const QString &file, int line);
    EditorLauncher *editor() const { return m_editor; }

Q_SIGNALS:
    void editorLaunched(const QString &program, const QStringList &arguments);
    void editorFailed(const QString &message);

private:
    void refresh();
    void onLink(const QUrl &url);

    TestsModel *m_model;
    QPersistentModelIndex m_index;
    QTabWidget *m_tabs = nullptr;
    QTextBrowser *m_result = nullptr;
    QPlainTextEdit *m_console = nullptr;
    TimelineView *m_timeline = nullptr;
    LogReader m_logReader;
    QHash<QString, QString> m_readLogs; // test key -> excerpt read on demand
    QSet<QString> m_reading;            // test keys being read
    QStringList m_binariesSeen;
    EditorLauncher *m_editor = nullptr;
};

} // namespace fixbench
