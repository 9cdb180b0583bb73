#pragma once

#include "etlerror.h"
#include "publisher.h"
#include "weatherfetcher.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace fixbench::etl {

// The settings of weather-etl: the environment first, then command-line flags
// (a flag wins). Secrets (FTP_PASS, OPENWEATHER_API_KEY) come from the environment
// only, never from argv, where `ps` would show them.
//
//   variable             flag                 default
//   FTP_HOST             --ftp-host           127.0.0.1
//   FTP_PORT             --ftp-port           21
//   FTP_USER             --ftp-user           anonymous
//   FTP_PASS             -                    (empty)
//   FTP_DIR              --ftp-dir            /
//   OPENWEATHER_URL      --api-url            https://api.openweathermap.org
//   OPENWEATHER_API_KEY  -                    (required)
//   WEATHER_CITY         --city               Lyon,FR
//   WEATHER_ETL_SPOOL    --spool-dir          $XDG_STATE_HOME/weather-etl (~/.local/state/...);
//                                             simulated runs: .../weather-etl-simulated
//                        --fetch-timeout-ms   10000
//                        --simulate-from T    (real time)
//                        --minutes N          (with --simulate-from: required)
//                        --minute-delay-ms MS 0: simulated minutes as fast as possible
//                        --publish-only       publish what is due, sample nothing
struct Config {
    QString ftpHost = QStringLiteral("127.0.0.1");
    int ftpPort = 21;
    QString ftpUser = QStringLiteral("anonymous");
    QString ftpPass;
    QString ftpDir = QStringLiteral("/");
    QString apiUrl = QStringLiteral("https://api.openweathermap.org");
    QString apiKey;
    QString city = QStringLiteral("Lyon,FR");
    QString spoolDir;
    int fetchTimeoutMs = 10000;
    std::optional<QDateTime> simulateFrom; // UTC
    int minutes = -1;                      // -1: run until stopped (real time)
    int minuteDelayMs = 0;
    bool publishOnly = false;

    static void addOptions(QCommandLineParser &parser);
    // Reads env, then the parser's flags (after parser.process/parse). Errors name the
    // variable or flag and what was expected.
    static Result<Config> fromCommandLine(const QCommandLineParser &parser, const QProcessEnvironment &env);
    static Result<Config> fromEnvironment(const QProcessEnvironment &env);
    static QString defaultSpoolDir(const QProcessEnvironment &env, bool simulated);

    FetcherConfig fetcher() const;
    PublisherConfig publisher() const;
};

} // namespace fixbench::etl
