// weather-etl: every minute, wind speed and humidity for a city from the
// OpenWeather current-weather API; every 10 minutes, the minutes collected as a CSV
// file on an FTP server. See README.md, "The weather ETL".
//
// Exit codes: 0 everything due was published · 1 something due is not published
// (FTP unreachable, a conflict) or a row could not be spooled · 2 bad command line or
// configuration · 3 the spool cannot be used · 130 interrupted (simulated mode).

#include "config.h"
#include "pipeline.h"
#include "simulatedclock.h"
#include "spool.h"
#include "systemclock.h"
#include "utctime.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

using namespace fixbench;
using namespace fixbench::etl;

namespace {

std::atomic_bool g_stop{false};

void onSignal(int) { g_stop.store(true); }

void printLine(const QString &line)
{
    const QByteArray b = line.toUtf8() + '\n';
    std::fwrite(b.constData(), 1, size_t(b.size()), stderr);
    std::fflush(stderr);
}

QString windowList(const QList<Window> &ws)
{
    QStringList names;
    for (const Window &w : ws)
        names << w.fileName();
    return names.join(QStringLiteral(", "));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("weather-etl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WEATHER_ETL_VERSION));
    std::signal(SIGPIPE, SIG_IGN);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "weather-etl",
        "Every minute, takes wind speed and humidity for a city (Lyon, FR) from the OpenWeather current-weather API;\n"
        "every 10 minutes, publishes the minutes collected as file-YYYY-MM-DDTHH-MM.csv (UTC, window end) on an FTP server.\n"
        "Settings come from FTP_HOST, FTP_PORT, FTP_USER, FTP_PASS, FTP_DIR, OPENWEATHER_URL, OPENWEATHER_API_KEY,\n"
        "WEATHER_CITY and WEATHER_ETL_SPOOL; a flag wins over its variable."));
    parser.addHelpOption();
    parser.addVersionOption();
    Config::addOptions(parser);
    if (!parser.parse(QCoreApplication::arguments())) {
        printLine(QStringLiteral("weather-etl: %1 (see --help)").arg(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        printLine(QStringLiteral("weather-etl: unexpected argument `%1` (see --help)").arg(parser.positionalArguments().first()));
        return 2;
    }
    Result<Config> config = Config::fromCommandLine(parser, QProcessEnvironment::systemEnvironment());
    if (!config) {
        printLine(QStringLiteral("weather-etl: ") + config.error().toString());
        return 2;
    }

    Result<std::unique_ptr<Spool>> spool = Spool::open(config->spoolDir);
    if (!spool) {
        printLine(QStringLiteral("weather-etl: ") + spool.error().toString());
        return 3;
    }
    const Spool::ReplayReport &replay = (*spool)->replayReport();
    printLine(QStringLiteral("weather-etl: spool %1: %2 rows waiting in %3 window(s)%4%5")
                  .arg((*spool)->dir()).arg((*spool)->pendingCount()).arg((*spool)->pendingWindows().size())
                  .arg(replay.truncatedBytes ? QStringLiteral(", a torn last line (%1 bytes) dropped").arg(replay.truncatedBytes) : QString(),
                       replay.unreadableLines ? QStringLiteral(", %1 unreadable line(s) moved to unreadable.jsonl").arg(replay.unreadableLines)
                                              : QString()));

    std::unique_ptr<Clock> clock;
    if (config->simulateFrom)
        clock = std::make_unique<SimulatedClock>(*config->simulateFrom, config->minuteDelayMs);
    else
        clock = std::make_unique<SystemClock>();

    WeatherFetcher fetcher(config->fetcher());
    Publisher publisher(config->publisher());
    Pipeline pipeline(*clock, **spool, fetcher, publisher, printLine);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    if (config->publishOnly) {
        const PublishReport r = pipeline.publishDue(clock->now());
        const QList<Window> left = pipeline.dueWindows(clock->now());
        if (!left.isEmpty()) {
            printLine(QStringLiteral("weather-etl: not published: %1").arg(windowList(left)));
            return 1;
        }
        printLine(QStringLiteral("weather-etl: %1 window(s) published, nothing else due").arg(r.published.size()));
        return 0;
    }

    printLine(QStringLiteral("weather-etl: %1 from %2, publishing to %3; %4")
                  .arg(config->city, fetcher.requestUrl(false).toString(), publisher.displayUrl(),
                       config->simulateFrom
                           ? QStringLiteral("simulated time from %1, %2 minute(s)")
                                 .arg(UtcTime::formatSeconds(*config->simulateFrom)).arg(config->minutes)
                           : QStringLiteral("real time, until stopped")));

    const RunReport r = pipeline.run(clock->now(), config->minutes, &g_stop);
    const QString counts = QStringLiteral("%1 minute(s) fetched (%2 ok=0), %3 already in the spool")
                               .arg(r.sampled).arg(r.failedFetches).arg(r.alreadySpooled);
    if (r.interrupted) {
        printLine(QStringLiteral("weather-etl: stopped; %1; %2 row(s) wait in the spool").arg(counts).arg((*spool)->pendingCount()));
        return config->simulateFrom ? 130 : 0;
    }
    if (!r.success()) {
        QString what;
        if (!r.unpublishedDue.isEmpty())
            what = QStringLiteral("not published: %1%2; their rows stay in the spool")
                       .arg(windowList(r.unpublishedDue),
                            r.conflicts.isEmpty() ? QString() : QStringLiteral(" (conflict: %1)").arg(windowList(r.conflicts)));
        if (r.spoolErrors)
            what += QStringLiteral("%1%2 row(s) could not be written to the spool")
                        .arg(what.isEmpty() ? QString() : QStringLiteral("; ")).arg(r.spoolErrors);
        printLine(QStringLiteral("weather-etl: FAILED: %1; %2").arg(what, counts));
        return 1;
    }
    printLine(QStringLiteral("weather-etl: done: %1; everything due is published").arg(counts));
    return 0;
}
