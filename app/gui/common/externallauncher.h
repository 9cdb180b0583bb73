#pragma once

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>

namespace fixbench {

// Starts a program the user configured (an editor, a terminal) detached — it outlives
// the workbench — and reports it: one that cannot be started, or that exits with an
// error within a few seconds, is failed() with its own words; one that keeps running is
// a window, left alone. Commands are split like a shell would (splitWords).
class ExternalLauncher : public QObject {
    Q_OBJECT
public:
    explicit ExternalLauncher(QObject *parent = nullptr);

    // Shell-like words: 'single', "double" (\" \\ \$ \` escapes), backslash outside quotes.
    static QStringList splitWords(const QString &command, QString *error = nullptr);

    // How long a program that exits is still watched for an error (ms).
    void setWatchMs(int ms) { m_watchMs = ms; }

    // What failed() says, each naming the setting to change: %1 program, %2 the
    // configured command (notFound); %1 program, %2 the error (cannotStart); %1 exit
    // code, %2 the configured command (exited).
    struct Messages {
        QString notFound;
        QString cannotStart;
        QString exited;
    };

Q_SIGNALS:
    void launched(const QString &program, const QStringList &arguments);
    void failed(const QString &message);

protected:
    // The command stored under a settings key ("" when none), and storing one (empty:
    // removed, back to the default).
    static QString storedCommand(const char *key);
    static void storeCommand(const char *key, const QString &command);
    // Starts parts[0] with the rest as arguments; false (and failed()) when it cannot.
    bool start(const QStringList &parts, const QString &configured, const Messages &messages);

private:
    QTemporaryDir m_dir;
    int m_watchMs = 8000;
    int m_count = 0;
};

} // namespace fixbench
