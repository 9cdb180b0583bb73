// The weather answer parser: what OpenWeather sends, and everything it should not.

#include "weatherparser.h"

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::etl;

namespace {

// A real answer of /data/2.5/weather?q=Lyon,FR&units=metric.
const QByteArray kLyon = R"({"coord":{"lon":4.8467,"lat":45.7485},"weather":[{"id":803,"main":"Clouds",
"description":"broken clouds","icon":"04d"}],"base":"stations","main":{"temp":9.68,"feels_like":7.6,
"temp_min":8.88,"temp_max":10.57,"pressure":1019,"humidity":82},"visibility":10000,"wind":{"speed":3.6,
"deg":350},"clouds":{"all":75},"dt":1668945900,"sys":{"type":2,"id":2005747,"country":"FR",
"sunrise":1668926453,"sunset":1668960263},"timezone":3600,"id":2996944,"name":"Lyon","cod":200})";

Error parseError(const QByteArray &body)
{
    Result<Measurement> r = WeatherParser::parse(body);
    EXPECT_FALSE(r.ok()) << body.left(200).toStdString();
    return r ? Error() : r.error();
}

QByteArray with(const char *from, const char *to)
{
    QByteArray b = kLyon;
    const QByteArray f(from);
    EXPECT_TRUE(b.contains(f)) << from;
    b.replace(f, QByteArray(to));
    return b;
}

} // namespace

TEST(WeatherParser, ReadsARealAnswer)
{
    Result<Measurement> r = WeatherParser::parse(kLyon);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_EQ(r->windSpeed, 3.6);
    EXPECT_EQ(r->humidity, 82);
    EXPECT_EQ(r->measuredAt, 1668945900);
}

TEST(WeatherParser, IgnoresExtraFieldsAndOrder)
{
    Result<Measurement> r = WeatherParser::parse(
        R"({"extra":{"deep":[1,2,{"x":null}]},"dt":1668945900,"main":{"humidity":55,"new_field":"x"},
            "wind":{"gust":12.5,"speed":0,"deg":0},"rain":{"1h":0.2},"cod":"200"})");
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_EQ(r->windSpeed, 0);
    EXPECT_EQ(r->humidity, 55);
}

TEST(WeatherParser, MissingWindOrHumidityOrDt)
{
    EXPECT_TRUE(parseError(with(R"("wind":{"speed":3.6,
"deg":350},)", "")).message.contains(QLatin1String("`wind` is missing")));
    EXPECT_TRUE(parseError(with(R"("speed":3.6,
)", "")).message.contains(QLatin1String("`wind.speed` is missing")));
    EXPECT_TRUE(parseError(with(R"(,"humidity":82)", "")).message.contains(QLatin1String("`main.humidity` is missing")));
    EXPECT_TRUE(parseError(with(R"("dt":1668945900,)", "")).message.contains(QLatin1String("`dt` is missing")));
    EXPECT_TRUE(parseError(R"({"cod":200})").message.contains(QLatin1String("missing")));
}

TEST(WeatherParser, AStringOrNullWhereANumberBelongs)
{
    const Error e = parseError(with(R"("speed":3.6)", R"("speed":"3.6")"));
    EXPECT_TRUE(e.message.contains(QLatin1String("wind.speed"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QLatin1String("string"))) << e.message.toStdString();
    EXPECT_TRUE(parseError(with(R"("humidity":82)", R"("humidity":null)")).message.contains(QLatin1String("null")));
    EXPECT_TRUE(parseError(with(R"("humidity":82)", R"("humidity":true)")).message.contains(QLatin1String("boolean")));
    EXPECT_TRUE(parseError(with(R"("dt":1668945900)", R"("dt":"1668945900")")).message.contains(QLatin1String("`dt`")));
    EXPECT_TRUE(parseError(with(R"("wind":{"speed":3.6,
"deg":350})", R"("wind":[3.6])")).message.contains(QLatin1String("array")));
}

TEST(WeatherParser, OutOfRangeValues)
{
    parseError(with(R"("speed":3.6)", R"("speed":-1)"));
    parseError(with(R"("humidity":82)", R"("humidity":101)"));
    parseError(with(R"("humidity":82)", R"("humidity":-0.5)"));
    parseError(with(R"("dt":1668945900)", R"("dt":1668945900.5)"));
    parseError(with(R"("dt":1668945900)", R"("dt":0)"));
    parseError(with(R"("dt":1668945900)", R"("dt":1e300)"));
    EXPECT_TRUE(WeatherParser::parse(with(R"("humidity":82)", R"("humidity":100)")).ok());
    EXPECT_TRUE(WeatherParser::parse(with(R"("speed":3.6)", R"("speed":3.6e1)")).ok());
}

TEST(WeatherParser, EmptyAndNonJsonBodies)
{
    EXPECT_TRUE(parseError("").message.contains(QLatin1String("empty")));
    EXPECT_TRUE(parseError("  \r\n ").message.contains(QLatin1String("empty")));
    EXPECT_TRUE(parseError("<html><body>502 Bad Gateway</body></html>").message.contains(QLatin1String("not JSON")));
    EXPECT_TRUE(parseError(kLyon.left(kLyon.size() / 2)).message.contains(QLatin1String("not JSON")));
    EXPECT_TRUE(parseError("[1,2,3]").message.contains(QLatin1String("array")));
    parseError("\"just a string\"");
    parseError("null");
    static const char withNul[] = "{\"wind\":{\"speed\":1}\0garbage}";
    parseError(QByteArray(withNul, sizeof withNul - 1));
}

TEST(WeatherParser, AHugeBodyIsRefusedBeforeParsing)
{
    // Valid JSON, 2 MiB: refused by size, not by a parser running out of memory.
    QByteArray huge = kLyon;
    huge.chop(1);
    huge += ",\"padding\":\"" + QByteArray(2 * 1024 * 1024, 'x') + "\"}";
    const Error e = parseError(huge);
    EXPECT_TRUE(e.message.contains(QLatin1String("bytes"))) << e.message.left(200).toStdString();
}

TEST(WeatherParser, AnErrorAnswerSentWithStatus200)
{
    const Error e = parseError(R"({"cod":401,"message":"Invalid API key. Please see https://openweathermap.org/faq#error401"})");
    EXPECT_TRUE(e.message.contains(QLatin1String("Invalid API key")));
    EXPECT_TRUE(parseError(R"({"cod":"404","message":"city not found"})").message.contains(QLatin1String("city not found")));
    EXPECT_EQ(WeatherParser::errorMessage(R"({"cod":"404","message":"city not found"})"), QStringLiteral("city not found"));
    EXPECT_EQ(WeatherParser::errorMessage("<html>"), QString());
}
