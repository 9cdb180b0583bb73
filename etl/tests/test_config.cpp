// Configuration from the environment and flags: defaults, precedence, errors.

#include "config.h"

#include <QCommandLineParser>

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::etl;

namespace {

QProcessEnvironment env(std::initializer_list<std::pair<const char *, const char *>> vars)
{
    QProcessEnvironment e;
    e.insert(QStringLiteral("HOME"), QStringLiteral("/home/tester"));
    for (const auto &[k, v] : vars)
        e.insert(QString::fromLatin1(k), QString::fromLatin1(v));
    return e;
}

Result<Config> configFor(const QStringList &args, const QProcessEnvironment &e)
{
    QCommandLineParser parser;
    Config::addOptions(parser);
    EXPECT_TRUE(parser.parse(QStringList{QStringLiteral("weather-etl")} + args)) << parser.errorText().toStdString();
    return Config::fromCommandLine(parser, e);
}

} // namespace

TEST(Config, DefaultsNeedOnlyAnApiKey)
{
    Result<Config> c = configFor({}, env({{"OPENWEATHER_API_KEY", "k"}}));
    ASSERT_TRUE(c.ok()) << c.error().message.toStdString();
    EXPECT_EQ(c->ftpHost, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(c->ftpPort, 21);
    EXPECT_EQ(c->ftpUser, QStringLiteral("anonymous"));
    EXPECT_EQ(c->ftpDir, QStringLiteral("/"));
    EXPECT_EQ(c->apiUrl, QStringLiteral("https://api.openweathermap.org"));
    EXPECT_EQ(c->city, QStringLiteral("Lyon,FR"));
    EXPECT_EQ(c->fetchTimeoutMs, 10000);
    EXPECT_EQ(c->spoolDir, QStringLiteral("/home/tester/.local/state/weather-etl"));
    EXPECT_FALSE(c->simulateFrom.has_value());
    EXPECT_EQ(c->minutes, -1);
}

TEST(Config, TheFixtureEnvironmentIsAllItNeeds)
{
    Result<Config> c = configFor({}, env({{"FTP_HOST", "10.0.0.5"}, {"FTP_PORT", "26778"}, {"FTP_USER", "fixbench"},
                                          {"FTP_PASS", "pw"}, {"OPENWEATHER_URL", "http://127.0.0.1:24001"},
                                          {"OPENWEATHER_API_KEY", "key"}, {"WEATHER_CITY", "Lyon"},
                                          {"XDG_STATE_HOME", "/var/state"}}));
    ASSERT_TRUE(c.ok()) << c.error().message.toStdString();
    const PublisherConfig p = c->publisher();
    EXPECT_EQ(p.ftp.host, QStringLiteral("10.0.0.5"));
    EXPECT_EQ(p.ftp.port, 26778);
    EXPECT_EQ(p.ftp.user, QStringLiteral("fixbench"));
    EXPECT_EQ(p.ftp.password, QStringLiteral("pw"));
    const FetcherConfig f = c->fetcher();
    EXPECT_EQ(f.baseUrl, QStringLiteral("http://127.0.0.1:24001"));
    EXPECT_EQ(f.apiKey, QStringLiteral("key"));
    EXPECT_EQ(f.city, QStringLiteral("Lyon"));
    EXPECT_EQ(f.units, QStringLiteral("metric"));
    EXPECT_EQ(c->spoolDir, QStringLiteral("/var/state/weather-etl"));
}

TEST(Config, FlagsWinOverTheEnvironment)
{
    Result<Config> c = configFor({QStringLiteral("--ftp-port"), QStringLiteral("2121"), QStringLiteral("--city"),
                                  QStringLiteral("Paris,FR"), QStringLiteral("--spool-dir"), QStringLiteral("/tmp/s"),
                                  QStringLiteral("--ftp-dir"), QStringLiteral("weather"), QStringLiteral("--fetch-timeout-ms"),
                                  QStringLiteral("1500")},
                                 env({{"FTP_PORT", "21"}, {"WEATHER_CITY", "Lyon"}, {"OPENWEATHER_API_KEY", "k"},
                                      {"WEATHER_ETL_SPOOL", "/elsewhere"}}));
    ASSERT_TRUE(c.ok()) << c.error().message.toStdString();
    EXPECT_EQ(c->ftpPort, 2121);
    EXPECT_EQ(c->city, QStringLiteral("Paris,FR"));
    EXPECT_EQ(c->spoolDir, QStringLiteral("/tmp/s"));
    EXPECT_EQ(c->ftpDir, QStringLiteral("/weather"));
    EXPECT_EQ(c->fetchTimeoutMs, 1500);
    EXPECT_EQ(c->fetcher().timeoutMs, 1500);
}

TEST(Config, SimulatedMode)
{
    Result<Config> c = configFor({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30Z"),
                                  QStringLiteral("--minutes"), QStringLiteral("25"), QStringLiteral("--minute-delay-ms"),
                                  QStringLiteral("200")},
                                 env({{"OPENWEATHER_API_KEY", "k"}}));
    ASSERT_TRUE(c.ok()) << c.error().message.toStdString();
    ASSERT_TRUE(c->simulateFrom.has_value());
    EXPECT_EQ(c->simulateFrom->toSecsSinceEpoch(), 1668945630);
    EXPECT_EQ(c->minutes, 25);
    EXPECT_EQ(c->minuteDelayMs, 200);
    // Simulated rows never mix with a real spool by default.
    EXPECT_EQ(c->spoolDir, QStringLiteral("/home/tester/.local/state/weather-etl-simulated"));
}

TEST(Config, MistakesNameTheVariableOrFlag)
{
    const QProcessEnvironment ok = env({{"OPENWEATHER_API_KEY", "k"}});
    auto error = [](const Result<Config> &r) { return r ? std::string("(no error)") : r.error().message.toStdString(); };
    Result<Config> r = configFor({}, env({}));
    EXPECT_NE(error(r).find("OPENWEATHER_API_KEY"), std::string::npos) << error(r);
    r = configFor({}, env({{"OPENWEATHER_API_KEY", "k"}, {"FTP_PORT", "ftp"}}));
    EXPECT_NE(error(r).find("FTP_PORT"), std::string::npos) << error(r);
    r = configFor({QStringLiteral("--ftp-port"), QStringLiteral("70000")}, ok);
    EXPECT_NE(error(r).find("--ftp-port"), std::string::npos) << error(r);
    r = configFor({QStringLiteral("--minutes"), QStringLiteral("5")}, ok);
    EXPECT_NE(error(r).find("--simulate-from"), std::string::npos) << error(r);
    r = configFor({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30Z")}, ok);
    EXPECT_NE(error(r).find("--minutes"), std::string::npos) << error(r);
    r = configFor({QStringLiteral("--simulate-from"), QStringLiteral("2022-11-20T12:00:30"), QStringLiteral("--minutes"),
                   QStringLiteral("1")}, ok);
    EXPECT_NE(error(r).find("time zone"), std::string::npos) << error(r);
    r = configFor({QStringLiteral("--minute-delay-ms"), QStringLiteral("5")}, ok);
    EXPECT_NE(error(r).find("--simulate-from"), std::string::npos) << error(r);
    r = configFor({QStringLiteral("--api-url"), QStringLiteral("ftp://x")}, ok);
    EXPECT_NE(error(r).find("OPENWEATHER_URL"), std::string::npos) << error(r);
    r = configFor({QStringLiteral("--city"), QStringLiteral(" ")}, ok);
    EXPECT_NE(error(r).find("WEATHER_CITY"), std::string::npos) << error(r);
}

TEST(Config, PublishOnlyNeedsNoApiKey)
{
    Result<Config> c = configFor({QStringLiteral("--publish-only")}, env({}));
    ASSERT_TRUE(c.ok()) << c.error().message.toStdString();
    EXPECT_TRUE(c->publishOnly);
}
