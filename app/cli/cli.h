#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace fixbench {

struct Command;

// The headless face of core: `fixbench [-w DIR] COMMAND ...`. Finds the command's row in
// the command table, parses its command line, sets up what the row asks for (workspace,
// FixtureManager) and runs its handler.
class Cli {
    Q_DECLARE_TR_FUNCTIONS(Cli)
public:
    int run(const QStringList &arguments);

    // SIGINT/SIGTERM/SIGHUP set CommandContext::interrupted(); SIGPIPE is ignored.
    static void installSignalHandlers();

private:
    int runCommand(const Command &command, const QStringList &args);
    // `fixbench --help`, generated from the command table.
    static QString usage();

    QString m_workspaceOption;
};

} // namespace fixbench
