#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <functional>

namespace fixbench {

class CommandContext;

// The command line of one command (`fixbench up`, `fixbench ftp put`): its --help text,
// options and arguments, and the checks that run on it once it is parsed, before the
// dispatcher sets up what the command needs (so a usage error never waits for a workspace).
class CommandLine {
public:
    // Runs once the line is parsed, before the set-up: -1 to go on, else the command's
    // exit code (a usage error, or an answer that needs no workspace).
    using Check = std::function<int(CommandContext &ctx)>;

    explicit CommandLine(const QString &command);

    QString command() const { return m_command; }

    // The --help text; the exit codes follow it.
    void setDescription(const QString &description);
    void addOption(const QCommandLineOption &option);
    // --instance NAME, described alike for every command.
    void addInstanceOption();
    void addArgument(const QString &name, const QString &description, const QString &syntax = {});
    // A usage error printing `message` unless min..max arguments are given (max -1: no limit).
    void expectArguments(int min, int max, const QString &message);
    void setCheck(Check check);
    // Appended to the error when no workspace is found, for a command set up with one.
    void setWorkspaceHint(const QString &hint);
    QString workspaceHint() const { return m_workspaceHint; }

    // Parses the command's own arguments; prints the help or a usage error. Returns -1 to
    // go on, else an exit code.
    int parse(const QStringList &args);
    // The argument count and the check, after parse(): -1 to go on, else an exit code.
    int check(CommandContext &ctx) const;

    const QCommandLineParser &parser() const { return m_parser; }

private:
    QString m_command;
    QString m_description;
    QCommandLineParser m_parser;
    int m_minArguments = 0;
    int m_maxArguments = -1;
    QString m_argumentsMessage;
    Check m_check;
    QString m_workspaceHint;
};

} // namespace fixbench
