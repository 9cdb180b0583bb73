#pragma once

#include "etlerror.h"
#include "sample.h"

#include <QString>
#include <QUrl>

namespace fixbench::etl {

struct FetcherConfig {
    QString baseUrl = QStringLiteral("https://api.openweathermap.org"); // OPENWEATHER_URL
    QString apiKey;                                                     // OPENWEATHER_API_KEY
    QString city = QStringLiteral("Lyon,FR");                          // WEATHER_CITY
    QString units = QStringLiteral("metric");
    int timeoutMs = 10000;        // whole request
    int connectTimeoutMs = 5000;
};

// GET {base}/data/2.5/weather?q={city}&appid={key}&units=metric over libcurl.
// Every failure is an Error, never an exception or a crash: Connection (refused,
// unresolvable), Timeout, Auth (HTTP 401/403), NotFound (404: unknown city),
// Other (any other HTTP status, an answer over 1 MiB, malformed JSON, missing
// fields) — with the HTTP status in replyCode. One handle, reused (keep-alive).
// Not thread-safe.
class WeatherFetcher {
public:
    explicit WeatherFetcher(FetcherConfig config);
    ~WeatherFetcher();
    WeatherFetcher(const WeatherFetcher &) = delete;
    WeatherFetcher &operator=(const WeatherFetcher &) = delete;

    const FetcherConfig &config() const { return m_config; }

    Result<Measurement> fetch();

    // The request URL; the key shown as *** unless revealKey.
    QUrl requestUrl(bool revealKey = false) const;

private:
    FetcherConfig m_config;
    void *m_curl = nullptr; // CURL*
};

} // namespace fixbench::etl
