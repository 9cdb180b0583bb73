#pragma once

#include "etlerror.h"
#include "sample.h"

#include <QByteArray>

namespace fixbench::etl {

// Reads an OpenWeather current-weather answer (JSON): wind.speed, main.humidity
// and dt. Strict about what it uses, indifferent to everything else: extra fields
// are ignored; a missing field, a string or null where a number belongs, a value
// out of range (negative wind, humidity outside 0..100, dt not a positive integer),
// an empty, huge or non-JSON body are errors naming the field.
class WeatherParser {
public:
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024; // real answers are < 1 KiB

    static Result<Measurement> parse(const QByteArray &body);
    // The `message` of an OpenWeather error answer ({"cod":401,"message":"..."}),
    // or "" when the body is not one.
    static QString errorMessage(const QByteArray &body);
};

} // namespace fixbench::etl
