#pragma once

#include "base/error.h"
#include "run/testrun.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace fixbench {

// How a test binary is started under a debugger with exactly the environment, folder
// and arguments of its run (plus --gtest_break_on_failure, so that a failing assertion
// stops in the debugger): gdb's command line for `fixbench debug`, and a VS Code
// launch.json configuration for the workbench's Export for IDE.
class DebugLaunch {
public:
    struct GdbOptions {
        bool catchThrow = false;  // `catch throw`: stop where an exception is thrown
        QString batchFile;        // run gdb with -batch -x FILE (non-interactive)
        QStringList extra;        // more gdb arguments, before --args
    };

    // gdb's arguments (without "gdb"): extra, -ex 'catch throw', -batch -x FILE, then
    // --args PROGRAM ARGS. Interactive (no batch file) it starts the program at once
    // (-ex run). An error when the selection cannot be a filter.
    static Result<QStringList> gdbArguments(TestRun run, const GdbOptions &options);

    // A cppdbg (MIMode gdb) configuration named `name`: program, args (the filter and
    // --gtest_break_on_failure), cwd, and every variable fixbench injects in
    // `environment` (exact values, secrets included). `envFile` is referenced when not
    // empty (the caller passes it only when the file is exact for VS Code: see DotEnv).
    static Result<QJsonObject> vscodeConfiguration(TestRun run, const QString &name, const QString &envFile = {});

    // launch.json text with `configuration` in it: an existing configuration of the same
    // name replaced, others kept, in order. `existing` may be empty (a new file) and may
    // hold comments and trailing commas (VS Code's JSON with comments); those comments
    // are not kept. An error (path:line:col) when it is not such JSON or not a
    // launch.json object.
    static Result<QByteArray> mergeLaunchJson(const QByteArray &existing, const QJsonObject &configuration, const QString &path);

    struct VsCodeExport {
        QString launchJson; // written
        QString envFile;    // written, "" when it could not be (note says why)
        bool envFileReferenced = false; // in the configuration's envFile (exact for VS Code)
        QString note;       // what was left out and why, for the user
    };
    // Writes the configuration `name` for `run` into launchJsonPath (merged, see
    // mergeLaunchJson) and its variables to a dotenv file beside it (NAME.env, NAME's
    // other characters than letters, digits, . - _ made _;
    // DotEnv: exact for python-dotenv and docker-compose; referenced as envFile when
    // exact for VS Code too). Both hold secret values: written readable by the owner only.
    // A variable no dotenv reader keeps leaves the dotenv file out (note), not the
    // launch configuration, whose `environment` is exact.
    static Result<VsCodeExport> exportVsCode(const TestRun &run, const QString &name, const QString &launchJsonPath);
};

} // namespace fixbench
