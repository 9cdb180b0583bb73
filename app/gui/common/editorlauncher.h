#pragma once

#include "externallauncher.h"

namespace fixbench {

// Opens a file at a line in the user's editor: a command (settings key editor/command)
// with %f for the file and %l for the line, split like a shell would (single and double
// quotes, backslashes). The default is the first common editor found on PATH that can
// open at a line (VS Code, Kate, gedit, gvim, ...), else xdg-open. An editor that cannot
// be started, or that exits with an error within a few seconds, is reported (failed()),
// with its own words; one that keeps running is an editor window, left alone (it
// outlives the workbench).
class EditorLauncher : public ExternalLauncher {
    Q_OBJECT
public:
    explicit EditorLauncher(QObject *parent = nullptr);

    static QString command();            // the configured command, else defaultCommand()
    static void setCommand(const QString &command); // empty: back to the default
    static QString defaultCommand();
    // The command's words, %f and %l replaced; empty with *error set when it cannot be
    // split (an unclosed quote).
    static QStringList arguments(const QString &command, const QString &file, int line, QString *error = nullptr);

    // Starts the editor on file:line; false (and failed()) when it cannot be started.
    bool open(const QString &file, int line);
};

} // namespace fixbench
