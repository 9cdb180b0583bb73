#pragma once

#include <QString>

#include <span>

namespace fixbench {

class CommandContext;
class CommandLine;

// What the dispatcher sets up before a command's handler runs.
enum class Needs {
    Nothing,   // the handler finds what it needs itself, if anything
    Workspace, // the workspace: -w DIR, else $FIXBENCH_WORKSPACE, else the nearest fixbench.yml upwards
    Manager,   // the workspace and a FixtureManager on it
};

// A row of the command table: `fixbench NAME ...`. Adding a command is one file in
// commands/ and one row in commandtable.cpp.
struct Command {
    const char *name;
    const char *synopsis; // the command's line in `fixbench --help`, e.g. "up NAME... [--keep]"
    const char *summary;  // QT_TRANSLATE_NOOP("Cli", ...): one line beside it
    Needs needs;
    // Declares the command line (description, options, arguments, checks); nullptr: the
    // handler parses ctx.arguments() itself (a command with sub-commands).
    void (*options)(CommandLine &line);
    int (*handler)(CommandContext &ctx);
};

// Every command, in the order of `fixbench --help`.
std::span<const Command> commandTable();
const Command *findCommand(const QString &name);

} // namespace fixbench
