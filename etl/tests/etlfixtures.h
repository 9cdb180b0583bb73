#pragma once

// What the ETL's integration tests need from the fixtures: ftp_server and weather_api
// through fixbench's in-test client (fixbench::testing::up), the weather API's control
// endpoint, FTP read-back and docker stop/start of the FTP server's container. The
// FTP checks speak FTP with libcurl here, independently of the ETL's own FTP code
// (ftpuploader.h) that they check.

#include "etlerror.h"
#include "ftpuploader.h"

#include <fixbench/testing.h>

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <string>

namespace fixbench::etltest {

using etl::Error;
using etl::Result;
using etl::Status;

// A scope on a fixture that is up (fixbench::testing's).
using Fixture = decltype(fixbench::testing::up(std::string()));

// Attaches to (or starts, once per process) fixture `name`. Under `fixbench run`
// (FIXBENCH_WORKSPACE set) the instance is the run's ($FIXBENCH_INSTANCE or the
// default one); otherwise a private instance for this process ("etl<pid>"), so tests
// that stop containers or empty the FTP server never touch anyone else's fixture.
Fixture up(const char *name);

// A variable of the fixture's environment as a QString (throws FixtureError when
// there is no such variable).
QString fixtureVar(const Fixture &f, const char *name);

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

// The ETL's FTP settings for the ftp_server fixture.
etl::FtpConfig ftpConfig(const Fixture &ftp);

// FTP on the fixture's server (FTP_HOST, FTP_PORT, FTP_USER, FTP_PASS); absolute paths.
// Empties the FTP user's home ("/"): every test starts from an empty server.
Status cleanFtp(const Fixture &ftp);
// Names in a remote folder, hidden ones included, sorted.
Result<QStringList> ftpNames(const Fixture &ftp, const QString &dir = QStringLiteral("/"));
Result<QByteArray> ftpGet(const Fixture &ftp, const QString &path);
// A plain STOR (replaces what is there): someone else's file.
Status ftpPut(const Fixture &ftp, const QString &path, const QByteArray &data);
Status ftpRename(const Fixture &ftp, const QString &from, const QString &to);
// Logs in and lists "/" until it works or timeoutMs passes.
Status waitForFtp(const Fixture &ftp, int timeoutMs);

// The containers that publish the fixture's host port `portVariable` (e.g. FTP_PORT),
// and docker stop / start of them.
Result<QStringList> containersPublishing(const Fixture &f, const char *portVariable);
Status stopContainers(const QStringList &ids);
Status startContainers(const QStringList &ids);

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
