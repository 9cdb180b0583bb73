#pragma once

#include "base/error.h"
#include "command.h"
#include "fixture/fixturemanager.h"
#include "workspace/workspace.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

namespace fixbench {

// What a command's handler works with: its parsed command line, the workspace and the
// FixtureManager the dispatcher set up for it, and the shared ways to fail and to bring
// fixtures up and down with progress on the terminal.
class CommandContext {
public:
    // `line` is null for a command that parses `arguments` itself.
    CommandContext(const QString &workspaceOption, const QStringList &arguments, const QCommandLineParser *line);
    ~CommandContext();

    // The command's own arguments, as given.
    const QStringList &arguments() const { return m_arguments; }
    // The parsed command line (commands that declare one).
    const QCommandLineParser &options() const { return *m_line; }
    // -w DIR / --workspace DIR as given; empty without one.
    const QString &workspaceOption() const { return m_workspaceOption; }

    // The workspace: -w DIR, else $FIXBENCH_WORKSPACE, else the nearest folder upwards
    // holding fixbench.yml.
    Result<Workspace> resolveWorkspace() const;
    // Sets up what `needs` asks for, reporting a failure (with `hint` appended when no
    // workspace is found). Returns -1 to go on, else the exit code.
    int setUp(Needs needs, const QString &hint = {});
    const Workspace &workspace() const { return *m_workspace; }
    FixtureManager &manager() { return *m_manager; }

    // From now on a failure is also answered on stdout as JSON (the machine interface).
    void answerErrorsAsJson(QJsonDocument::JsonFormat format);
    // Prints "fixbench: <error>" (and the JSON answer, see above); returns its exit code.
    int fail(const Error &e);
    int fail(const Error &e, int exitCode);
    // Prints a usage error; returns ExitUsage.
    int usage(const QString &message) const;

    // Brings a fixture up (or attaches), with progress on the terminal; cancelled by Ctrl-C.
    Result<UpResult> up(const QString &fixture, UpOptions options);
    // Ends this command's leases on the fixtures it brought up or attached to, newest
    // first (FixtureManager::releaseAll: what is kept or used by others stays, the rest
    // goes down after its linger), with progress; empties `held`. Returns the first
    // failure.
    Status release(QList<UpResult> &held);

    static std::atomic_bool &interrupted(); // set by SIGINT/SIGTERM/SIGHUP

private:
    QString m_workspaceOption;
    QStringList m_arguments;
    const QCommandLineParser *m_line;
    std::optional<Workspace> m_workspace;
    std::unique_ptr<FixtureManager> m_manager;
    std::optional<QJsonDocument::JsonFormat> m_jsonErrors;
};

} // namespace fixbench
