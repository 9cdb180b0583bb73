#pragma once

// Helpers for integration tests. They check the engine through the docker CLI, not
// through fixbench's own EngineClient, so a bug there cannot hide a leak.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace fixbench::testsupport {

struct ProcResult {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
    qint64 elapsedMs = 0;
};

// Runs a program to completion (timeoutMs, then killed).
ProcResult run(const QString &program, const QStringList &args, int timeoutMs = 300000,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
               const QString &workingDir = {});
// Runs the fixbench CLI built next to the tests.
ProcResult runCli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                    int timeoutMs = 300000);
QString fixbenchPath();

// IDs of containers / networks carrying label `key=value` (or just `key`), per the docker CLI.
QStringList containersWithLabel(const QString &label);
QStringList networksWithLabel(const QString &label);
// "project" label filter.
QString projectLabel(const QString &project);

// A copy of tests/workspace (or the repo workspace) in a temp dir, so tests can edit it.
std::unique_ptr<QTemporaryDir> copyWorkspace(const QString &source);
bool copyTree(const QString &from, const QString &to);

QString testsWorkspace(); // <source>/tests/workspace
QString repoWorkspace();  // <source>

// A name unique to this test process, usable as an instance name.
QString uniqueInstance(const QString &prefix = QStringLiteral("t"));

// Polls cond every 50 ms until it holds or timeoutMs passes; returns its last value.
bool waitFor(const std::function<bool()> &cond, int timeoutMs);

// curl's FTP login + list; true when it worked.
bool ftpLogin(const QString &host, int port, const QString &user, const QString &pass, QString *output = nullptr);

// Writes into the folder `root` a workspace named `name` with a copy of the repository's
// ftp_server fixture (linger 0: down as soon as its last user is done) and `tests`
// (fixbench.yml entries, indented by two) under `tests:`; by default two tests that
// need ftp_server: `ftp_fails` (sample_ftp_fails: writes out/result.csv, then fails)
// and `passing` (sample_passing).
bool writeFtpWorkspace(const QString &root, const QString &name, const QString &tests = {});
// Every file below `dir`, relative to it, sorted.
QStringList filesBelow(const QString &dir);
// What is wrong with an artifacts folder collected after sample_ftp_fails failed on the
// ftp_server fixture of writeFtpWorkspace: empty when it holds the reports, the
// container's log and inspect (FTP_PASS masked), the environment (masked), the FTP
// listing and out/result.csv as the test wrote it, and the secret's value nowhere.
QStringList artifactProblems(const QString &dir);

} // namespace fixbench::testsupport
