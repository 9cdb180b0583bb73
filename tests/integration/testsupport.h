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

} // namespace fixbench::testsupport
