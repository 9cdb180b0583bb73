#pragma once

// What the ETL's integration tests need from the fixtures: ftp_server and weather_api
// through fixbench::testing::up (core/testing), the weather API's control endpoint,
// FTP read-back, and docker stop/start of a fixture's containers.

#include "error.h"
#include "ftpclient.h"

#include <fixbench/testing.h>

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace fixbench::etltest {

using Fixture = fixbench::testing::Fixture;

// Attaches to (or starts, once per process) fixture `name`. Under `fixbench run`
// (FIXBENCH_WORKSPACE set) the instance is the run's ($FIXBENCH_INSTANCE or the
// default one); otherwise a private instance for this process ("etl<pid>"), so tests
// that stop containers or empty the FTP server never touch anyone else's fixture.
Fixture up(const char *name);

// The weather_api fixture's /_control endpoint.
class WeatherApiControl {
public:
    explicit WeatherApiControl(const Fixture &api);
    Status reset();                        // mode ok, counter 0
    Status setMode(const QString &mode);   // "error500", "slow:3", "error500 x3", ...
    Result<int> requests();                // weather requests since the last reset
    QString baseUrl() const { return m_base; }

private:
    Result<QByteArray> call(const char *method, const QString &path, const QByteArray &body = {});
    QString m_base;
};

FtpConfig ftpConfig(const Fixture &ftp);
// Empties the FTP user's home ("/"): every test starts from an empty server.
Status cleanFtp(const Fixture &ftp);
// Names in a remote folder, sorted.
Result<QStringList> ftpNames(const Fixture &ftp, const QString &dir = QStringLiteral("/"));
Result<QByteArray> ftpGet(const Fixture &ftp, const QString &path);
Status ftpPut(const Fixture &ftp, const QString &path, const QByteArray &data);
// Logs in until it works or timeoutMs passes.
Status waitForFtp(const Fixture &ftp, int timeoutMs);

// docker stop / start of every container of the fixture's compose project.
Status stopContainers(const Fixture &f);
Status startContainers(const Fixture &f);

// The environment weather-etl gets: this process's, without FTP_*/OPENWEATHER_*/
// WEATHER_* leftovers, plus both fixtures' variables.
QProcessEnvironment etlEnvironment(const Fixture &ftp, const Fixture &api);

// Runs a program to completion (killed after timeoutMs).
struct ProcResult {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};
ProcResult run(const QString &program, const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 300000);

} // namespace fixbench::etltest
