#include "config.h"

#include "utctime.h"

#include <QCoreApplication>
#include <QDir>
#include <QUrl>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::Config)
};

Error bad(const QString &msg) { return Error(Error::Kind::Other, msg); }

Result<int> intValue(const QString &text, const QString &what, int min, int max)
{
    bool ok = false;
    const int v = text.trimmed().toInt(&ok);
    if (!ok || v < min || v > max)
        return bad(Tr::tr("%1 is `%2`; expected a whole number from %3 to %4").arg(what, text).arg(min).arg(max));
    return v;
}

Status checkUrl(const QString &url, const QString &what)
{
    const QUrl u(url.trimmed(), QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty())
        return bad(Tr::tr("%1 is `%2`; expected http(s)://host[:port]").arg(what, url));
    return {};
}
} // namespace

QString Config::defaultSpoolDir(const QProcessEnvironment &env, bool simulated)
{
    QString base = env.value(QStringLiteral("XDG_STATE_HOME"));
    if (base.isEmpty())
        base = QDir(env.value(QStringLiteral("HOME"), QDir::homePath())).filePath(QStringLiteral(".local/state"));
    return QDir(base).filePath(simulated ? QStringLiteral("weather-etl-simulated") : QStringLiteral("weather-etl"));
}

Result<Config> Config::fromEnvironment(const QProcessEnvironment &env)
{
    Config c;
    auto str = [&](const char *name, QString *into) {
        const QString v = env.value(QLatin1String(name));
        if (!v.isEmpty())
            *into = v;
    };
    str("FTP_HOST", &c.ftpHost);
    str("FTP_USER", &c.ftpUser);
    str("FTP_PASS", &c.ftpPass);
    str("FTP_DIR", &c.ftpDir);
    str("OPENWEATHER_URL", &c.apiUrl);
    str("OPENWEATHER_API_KEY", &c.apiKey);
    str("WEATHER_CITY", &c.city);
    str("WEATHER_ETL_SPOOL", &c.spoolDir);
    if (const QString p = env.value(QStringLiteral("FTP_PORT")); !p.isEmpty()) {
        Result<int> port = intValue(p, QStringLiteral("FTP_PORT"), 1, 65535);
        if (!port)
            return port.error();
        c.ftpPort = *port;
    }
    return c;
}

void Config::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("ftp-host"), Tr::tr("FTP server host (FTP_HOST; default 127.0.0.1)."), QStringLiteral("host")},
        {QStringLiteral("ftp-port"), Tr::tr("FTP server port (FTP_PORT; default 21)."), QStringLiteral("port")},
        {QStringLiteral("ftp-user"), Tr::tr("FTP user (FTP_USER; default anonymous). The password is FTP_PASS."),
         QStringLiteral("user")},
        {QStringLiteral("ftp-dir"), Tr::tr("Remote folder for the CSV files (FTP_DIR; default /)."), QStringLiteral("dir")},
        {QStringLiteral("api-url"), Tr::tr("Weather API base URL (OPENWEATHER_URL; default https://api.openweathermap.org). "
                                           "The key is OPENWEATHER_API_KEY."),
         QStringLiteral("url")},
        {QStringLiteral("city"), Tr::tr("City to ask for (WEATHER_CITY; default Lyon,FR)."), QStringLiteral("city")},
        {QStringLiteral("spool-dir"), Tr::tr("Local spool folder (WEATHER_ETL_SPOOL; default ~/.local/state/weather-etl)."),
         QStringLiteral("dir")},
        {QStringLiteral("fetch-timeout-ms"), Tr::tr("Timeout of one weather request (default 10000)."), QStringLiteral("ms")},
        {QStringLiteral("simulate-from"), Tr::tr("Simulated time: start the clock at this UTC time "
                                                 "(e.g. 2022-11-20T12:00:30Z) and run --minutes minutes as fast as possible."),
         QStringLiteral("time")},
        {QStringLiteral("minutes"), Tr::tr("With --simulate-from: how many minutes to sample."), QStringLiteral("n")},
        {QStringLiteral("minute-delay-ms"), Tr::tr("With --simulate-from: real time each simulated minute takes (default 0)."),
         QStringLiteral("ms")},
        {QStringLiteral("publish-only"), Tr::tr("Publish the windows that are due (at --simulate-from, or now) and exit.")},
    });
}

Result<Config> Config::fromCommandLine(const QCommandLineParser &parser, const QProcessEnvironment &env)
{
    Result<Config> base = fromEnvironment(env);
    if (!base)
        return base.error();
    Config c = *base;
    auto str = [&](const char *flag, QString *into) {
        if (parser.isSet(QLatin1String(flag)))
            *into = parser.value(QLatin1String(flag));
    };
    str("ftp-host", &c.ftpHost);
    str("ftp-user", &c.ftpUser);
    str("ftp-dir", &c.ftpDir);
    str("api-url", &c.apiUrl);
    str("city", &c.city);
    str("spool-dir", &c.spoolDir);
    if (parser.isSet(QStringLiteral("ftp-port"))) {
        Result<int> v = intValue(parser.value(QStringLiteral("ftp-port")), QStringLiteral("--ftp-port"), 1, 65535);
        if (!v)
            return v.error();
        c.ftpPort = *v;
    }
    if (parser.isSet(QStringLiteral("fetch-timeout-ms"))) {
        Result<int> v = intValue(parser.value(QStringLiteral("fetch-timeout-ms")), QStringLiteral("--fetch-timeout-ms"), 100, 600000);
        if (!v)
            return v.error();
        c.fetchTimeoutMs = *v;
    }
    if (parser.isSet(QStringLiteral("simulate-from"))) {
        Result<QDateTime> t = UtcTime::parse(parser.value(QStringLiteral("simulate-from")));
        if (!t)
            return bad(QStringLiteral("--simulate-from: ") + t.error().message);
        c.simulateFrom = *t;
    }
    c.publishOnly = parser.isSet(QStringLiteral("publish-only"));
    if (parser.isSet(QStringLiteral("minutes"))) {
        if (!c.simulateFrom)
            return bad(Tr::tr("--minutes needs --simulate-from (real time runs until stopped)"));
        Result<int> v = intValue(parser.value(QStringLiteral("minutes")), QStringLiteral("--minutes"), 0, 10000000);
        if (!v)
            return v.error();
        c.minutes = *v;
    } else if (c.simulateFrom && !c.publishOnly) {
        return bad(Tr::tr("--simulate-from needs --minutes N (how many simulated minutes to run)"));
    }
    if (parser.isSet(QStringLiteral("minute-delay-ms"))) {
        if (!c.simulateFrom)
            return bad(Tr::tr("--minute-delay-ms needs --simulate-from"));
        Result<int> v = intValue(parser.value(QStringLiteral("minute-delay-ms")), QStringLiteral("--minute-delay-ms"), 0, 3600000);
        if (!v)
            return v.error();
        c.minuteDelayMs = *v;
    }

    if (c.city.trimmed().isEmpty())
        return bad(Tr::tr("the city is empty; set WEATHER_CITY or --city (default Lyon,FR)"));
    if (c.ftpHost.trimmed().isEmpty())
        return bad(Tr::tr("the FTP host is empty; set FTP_HOST or --ftp-host"));
    if (!c.ftpDir.startsWith(QLatin1Char('/')))
        c.ftpDir.prepend(QLatin1Char('/'));
    if (!c.publishOnly) {
        if (Status s = checkUrl(c.apiUrl, QStringLiteral("OPENWEATHER_URL (--api-url)")); !s)
            return s.error();
        if (c.apiKey.isEmpty())
            return bad(Tr::tr("OPENWEATHER_API_KEY is not set; the weather API needs a key "
                              "(with the weather_api fixture: eval \"$(fixbench env weather_api --show-secrets)\")"));
    }
    if (c.spoolDir.isEmpty())
        c.spoolDir = defaultSpoolDir(env, c.simulateFrom.has_value());
    return c;
}

FetcherConfig Config::fetcher() const
{
    FetcherConfig f;
    f.baseUrl = apiUrl;
    f.apiKey = apiKey;
    f.city = city;
    f.timeoutMs = fetchTimeoutMs;
    f.connectTimeoutMs = std::min(5000, fetchTimeoutMs);
    return f;
}

PublisherConfig Config::publisher() const
{
    PublisherConfig p;
    p.ftp.host = ftpHost;
    p.ftp.port = ftpPort;
    p.ftp.user = ftpUser;
    p.ftp.password = ftpPass;
    p.ftp.connectTimeoutMs = 5000;
    p.ftp.timeoutMs = 20000;
    p.remoteDir = ftpDir;
    return p;
}

} // namespace fixbench::etl
