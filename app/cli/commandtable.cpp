#include "command.h"

#include "commands/commands.h"

#include <QCoreApplication>

namespace fixbench {

namespace {

// clang-format off
const Command kCommands[] = {
    {"list", "list", QT_TRANSLATE_NOOP("Cli", "fixtures of the workspace and their state"),
     Needs::Manager, listOptions, cmdList},
    {"up", "up NAME... [--keep]", QT_TRANSLATE_NOOP("Cli", "bring fixtures up (or attach), wait until ready"),
     Needs::Manager, upOptions, cmdUp},
    {"down", "down NAME...|--all", QT_TRANSLATE_NOOP("Cli", "take fixtures down"),
     Needs::Manager, downOptions, cmdDown},
    {"status", "status [--json]", QT_TRANSLATE_NOOP("Cli", "running fixtures: state, services, ports, owner"),
     Needs::Manager, statusOptions, cmdStatus},
    {"env", "env NAME... [--format F]", QT_TRANSLATE_NOOP("Cli", "running fixtures' environment (export lines, dotenv, JSON)"),
     Needs::Manager, envOptions, cmdEnv},
    {"logs", "logs NAME [SERVICE] [-f]", QT_TRANSLATE_NOOP("Cli", "container logs"),
     Needs::Manager, logsOptions, cmdLogs},
    {"hook", "hook NAME EVENT", QT_TRANSLATE_NOOP("Cli", "run a hook (started, setup_data, ...) now"),
     Needs::Manager, hookOptions, cmdHook},
    {"keep", "keep NAME [--off]", QT_TRANSLATE_NOOP("Cli", "keep a running fixture up (or stop keeping it)"),
     Needs::Manager, keepOptions, cmdKeep},
    {"ftp", "ftp ls|get|put|rm|mkdir|rmdir|mv|clean [--fixture NAME|--url URL] PATH...",
     QT_TRANSLATE_NOOP("Cli", "browse and change a fixture's FTP server"),
     Needs::Nothing, nullptr, cmdFtp},
    {"run", "run [BINARY...]", QT_TRANSLATE_NOOP("Cli", "run test binaries with their fixtures (live, JUnit/JSON)"),
     Needs::Manager, runOptions, cmdRun},
    {"report", "report merge FILE... [--junit FILE] [--json FILE]",
     QT_TRANSLATE_NOOP("Cli", "merge the JSON reports of several runs (the shards of --shard K/N) into one"),
     Needs::Nothing, reportOptions, cmdReport},
    {"debug", "debug BINARY [--filter P] [-- GDB-ARGS]",
     QT_TRANSLATE_NOOP("Cli", "run a test binary under gdb with its fixtures and run's exact environment"),
     Needs::Manager, debugOptions, cmdDebug},
    {"prune", "prune", QT_TRANSLATE_NOOP("Cli", "remove stacks nobody uses (no lease, owner gone) unless kept"),
     Needs::Nothing, pruneOptions, cmdPrune},
    {"release", "release NAME... [--hold-while PID]", QT_TRANSLATE_NOOP("Cli", "end background holds of `up --hold-while` (CTest cleanup)"),
     Needs::Manager, releaseOptions, cmdRelease},
    {"reaper", "reaper", QT_TRANSLATE_NOOP("Cli", "take down unused stacks after their linger (started on demand)"),
     Needs::Nothing, reaperOptions, cmdReaper},
    {"doctor", "doctor", QT_TRANSLATE_NOOP("Cli", "check engine, compose and base image"),
     Needs::Nothing, doctorOptions, cmdDoctor},
    {"init", "init [DIR] [--name NAME]", QT_TRANSLATE_NOOP("Cli", "make DIR (default: here) a workspace: fixbench.yml, fixtures/"),
     Needs::Nothing, initOptions, cmdInit},
    {"new", "new NAME [--template T]",
     QT_TRANSLATE_NOOP("Cli", "add a fixture from a template (ftp, postgres, redis, http, generic); --list-templates lists them"),
     Needs::Workspace, newOptions, cmdNew},
};
// clang-format on

} // namespace

std::span<const Command> commandTable() { return kCommands; }

const Command *findCommand(const QString &name)
{
    for (const Command &c : kCommands)
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

} // namespace fixbench
