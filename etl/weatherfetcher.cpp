#include "weatherfetcher.h"

#include "weatherparser.h"

#include <QCoreApplication>
#include <QUrlQuery>

#include <curl/curl.h>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::WeatherFetcher)
};

struct Body {
    QByteArray data;
    bool tooLarge = false;
};

size_t writeBody(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    auto *body = static_cast<Body *>(userdata);
    const size_t n = size * nmemb;
    if (body->data.size() + qsizetype(n) > WeatherParser::kMaxBodyBytes) {
        body->tooLarge = true;
        return 0; // aborts the transfer: CURLE_WRITE_ERROR
    }
    body->data.append(ptr, qsizetype(n));
    return n;
}
} // namespace

WeatherFetcher::WeatherFetcher(FetcherConfig config) : m_config(std::move(config))
{
    static const bool globalInit = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    (void)globalInit;
    m_curl = curl_easy_init();
}

WeatherFetcher::~WeatherFetcher()
{
    if (m_curl)
        curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

QUrl WeatherFetcher::requestUrl(bool revealKey) const
{
    QString base = m_config.baseUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QUrl url(base + QStringLiteral("/data/2.5/weather"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("q"), m_config.city);
    q.addQueryItem(QStringLiteral("appid"), revealKey ? m_config.apiKey : QStringLiteral("***"));
    q.addQueryItem(QStringLiteral("units"), m_config.units);
    url.setQuery(q);
    return url;
}

Result<Measurement> WeatherFetcher::fetch()
{
    CURL *curl = static_cast<CURL *>(m_curl);
    if (!curl)
        return Error(Error::Kind::Other, Tr::tr("cannot initialise libcurl"));
    const QUrl url = requestUrl(true);
    const QString shown = requestUrl(false).toString();
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return Error(Error::Kind::Other, Tr::tr("invalid weather API URL `%1`; set OPENWEATHER_URL to http(s)://host[:port]")
                                             .arg(m_config.baseUrl));

    const QByteArray urlBytes = url.toEncoded();
    Body body;
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(m_config.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(m_config.connectTimeoutMs));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "fixbench-weather-etl/1");
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); // whatever curl can decode
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);

    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);

    if (rc != CURLE_OK) {
        const QString why = errbuf[0] ? QString::fromUtf8(errbuf) : QString::fromUtf8(curl_easy_strerror(rc));
        Error e;
        if (body.tooLarge) {
            e = Error(Error::Kind::Other, Tr::tr("GET %1: the answer is larger than %2 bytes; refused")
                                              .arg(shown).arg(WeatherParser::kMaxBodyBytes));
        } else if (rc == CURLE_OPERATION_TIMEDOUT) {
            e = Error(Error::Kind::Timeout, Tr::tr("GET %1: no complete answer within %2 ms (%3)")
                                                .arg(shown).arg(m_config.timeoutMs).arg(why));
        } else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY
                   || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING) {
            e = Error(Error::Kind::Connection, Tr::tr("GET %1: %2").arg(shown, why));
        } else {
            e = Error(Error::Kind::Other, Tr::tr("GET %1: %2").arg(shown, why));
        }
        e.replyCode = int(status);
        return e;
    }
    if (status < 200 || status > 299) {
        const QString apiMessage = WeatherParser::errorMessage(body.data);
        const QString msg = Tr::tr("GET %1: HTTP %2%3").arg(shown).arg(status)
                                .arg(apiMessage.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(apiMessage));
        Error::Kind kind = Error::Kind::Other;
        if (status == 401 || status == 403)
            kind = Error::Kind::Auth;
        else if (status == 404)
            kind = Error::Kind::NotFound;
        Error e(kind, kind == Error::Kind::Auth ? msg + Tr::tr("; check OPENWEATHER_API_KEY") : msg);
        e.replyCode = int(status);
        return e;
    }
    Result<Measurement> m = WeatherParser::parse(body.data);
    if (!m) {
        Error e = m.error();
        e.message = Tr::tr("GET %1: %2").arg(shown, e.message);
        e.replyCode = int(status);
        return e;
    }
    return m;
}

} // namespace fixbench::etl
