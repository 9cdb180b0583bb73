#pragma once

#include "base/error.h"
#include "fixture/fixturemanager.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

#include <atomic>

class QCommandLineParser;

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

// The headless face of core: `fixbench COMMAND ...`.
class Cli {
    Q_DECLARE_TR_FUNCTIONS(Cli)
public:
    int run(const QStringList &arguments);

    static std::atomic_bool &interrupted(); // set by SIGINT/SIGTERM/SIGHUP
    static void installSignalHandlers();

private:
    int cmdList(const QStringList &args);
    int cmdUp(const QStringList &args);
    int cmdDown(const QStringList &args);
    int cmdStatus(const QStringList &args);
    int cmdEnv(const QStringList &args);
    int cmdLogs(const QStringList &args);
    int cmdPrune(const QStringList &args);
    int cmdDoctor(const QStringList &args);
    int cmdInit(const QStringList &args);
    int cmdNew(const QStringList &args);
    int cmdHook(const QStringList &args);
    int cmdKeep(const QStringList &args);
    int cmdFtp(const QStringList &args);  // cliftp.cpp (FTP issue)
    int cmdRun(const QStringList &args);  // clirun.cpp (gtest issue)

public:
    // The version of the machine interface (`--json` answers of `up`, errors included):
    // docs/machine-interface.md. Bump it when a field changes meaning or goes away.
    static constexpr int kMachineSchema = 1;
    // {"schema": N, "fixbench": "<version>", ...payload}
    static QJsonObject machineAnswer(const QJsonObject &payload);
    // {"schema": N, "fixbench": ..., "error": {kind, message, details, exit_code, reply_code}}
    static QJsonObject machineError(const Error &e, int exitCode);

    // stdout / stderr, one line each, flushed.
    static void out(const QString &s);
    static void err(const QString &s);

private:
    // Parses a command's own options; returns -1 to continue, else an exit code.
    int parse(QCommandLineParser &parser, const QString &command, const QString &summary, const QStringList &args);
    Result<Workspace> workspace();
    // Takes down, newest first, the fixtures this command started that are not kept
    // (re-checked now: `fixbench keep` or the workbench may have kept one meanwhile),
    // with progress; empties `started`. Returns the first failure.
    Status releaseStarted(FixtureManager &mgr, QList<UpResult> &started);
    int fail(const Error &e);
    static int exitCodeFor(const Error &e);
    void printUsage();

    QString m_workspaceOption;
};

} // namespace fixbench
