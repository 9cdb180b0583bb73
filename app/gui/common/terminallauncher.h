#pragma once

#include "externallauncher.h"

namespace fixbench {

// Runs a command line in a terminal window: a terminal command (settings key
// debug/terminal, split like a shell would) followed by the command's words. The default
// is the first terminal found on PATH: x-terminal-emulator -e, gnome-terminal --,
// konsole -e, xfce4-terminal -x, xterm -e. When the command fails, the window stays open
// until Enter, so that its last words can be read. A terminal that cannot be started or
// exits with an error at once is reported (failed()).
class TerminalLauncher : public ExternalLauncher {
    Q_OBJECT
public:
    explicit TerminalLauncher(QObject *parent = nullptr);

    static QString command();            // the configured command, else defaultCommand()
    static void setCommand(const QString &command); // empty: back to the default
    static QString defaultCommand();     // "" when no known terminal is on PATH
    // The terminal's words then `commandLine` (held open on failure); empty with *error
    // set when the terminal command is empty or cannot be split.
    static QStringList arguments(const QString &terminalCommand, const QStringList &commandLine, QString *error = nullptr);

    // Starts `commandLine` (program and arguments) in the terminal; false (and failed())
    // when no terminal is configured or found, or it cannot be started.
    bool run(const QStringList &commandLine);
};

} // namespace fixbench
