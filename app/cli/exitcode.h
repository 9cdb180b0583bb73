#pragma once

#include "base/error.h"

#include <QString>

namespace fixbench {

// Exit codes of `fixbench` (also printed by `fixbench --help`).
enum ExitCode {
    ExitOk = 0,
    ExitFailed = 1,      // the operation failed (compose, hook, test failures, ...)
    ExitUsage = 2,       // bad command line
    ExitSpec = 3,        // invalid fixbench.yml / fixture.yml
    ExitEngine = 4,      // Docker engine not reachable
    ExitTimeout = 5,     // a fixture did not get ready in time
    ExitPort = 6,        // a port is taken / allocation failed
    ExitNotFound = 7,    // no such fixture / fixture not up / no such remote path
    ExitAuth = 8,        // credentials refused (FTP 530)
    ExitConnection = 9,  // a server refused the connection / unreachable / reset
    ExitInterrupted = 130,
};

// The exit code that reports an error of this kind.
int exitCodeFor(const Error &e);

// The "Exit codes:" block of `fixbench --help` and of every command's --help.
QString exitCodesHelp();

} // namespace fixbench
