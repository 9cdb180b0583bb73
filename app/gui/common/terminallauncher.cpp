#include "terminallauncher.h"

#include <QStandardPaths>

namespace fixbench {

namespace {

const char kKey[] = "debug/terminal";

} // namespace

TerminalLauncher::TerminalLauncher(QObject *parent) : ExternalLauncher(parent) {}

QString TerminalLauncher::command()
{
    const QString configured = storedCommand(kKey);
    return configured.isEmpty() ? defaultCommand() : configured;
}

void TerminalLauncher::setCommand(const QString &command)
{
    storeCommand(kKey, command);
}

QString TerminalLauncher::defaultCommand()
{
    // Debian's alternative first (the desktop's choice), then common terminals, each with
    // the option after which it runs a command's words.
    static const QList<QPair<const char *, const char *>> known = {
        {"x-terminal-emulator", "x-terminal-emulator -e"}, {"gnome-terminal", "gnome-terminal --"},
        {"konsole", "konsole -e"},                         {"xfce4-terminal", "xfce4-terminal -x"},
        {"xterm", "xterm -e"},
    };
    for (const auto &[program, command] : known)
        if (!QStandardPaths::findExecutable(QLatin1String(program)).isEmpty())
            return QLatin1String(command);
    return {};
}

QStringList TerminalLauncher::arguments(const QString &terminalCommand, const QStringList &commandLine, QString *error)
{
    const QStringList terminal = splitWords(terminalCommand, error);
    if (terminal.isEmpty()) {
        if (error && error->isEmpty())
            *error = tr("No terminal found on PATH (x-terminal-emulator, gnome-terminal, konsole, xfce4-terminal, xterm); "
                        "set one with Tests ▸ Terminal Command…");
        return {};
    }
    // The window would close with the command: after a failure it waits for Enter.
    const QString hold = QStringLiteral("\"$@\"; rc=$?; if [ $rc -ne 0 ]; then printf '\\n[exit code %s] %s\\n' $rc \"$0\"; read _; fi; exit $rc");
    return terminal + QStringList{QStringLiteral("/bin/sh"), QStringLiteral("-c"), hold, tr("Press Enter to close this window.")} + commandLine;
}

bool TerminalLauncher::run(const QStringList &commandLine)
{
    const QString cmd = command();
    QString error;
    const QStringList parts = arguments(cmd, commandLine, &error);
    if (parts.isEmpty()) {
        Q_EMIT failed(error);
        return false;
    }
    return start(parts, cmd,
                 {tr("The terminal command's program `%1` was not found (Tests ▸ Terminal Command…: %2)"),
                  tr("Cannot start the terminal `%1`: %2"), tr("The terminal command failed (exit code %1): %2")});
}

} // namespace fixbench
