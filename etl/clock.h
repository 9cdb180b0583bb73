#pragma once

#include <QDateTime>

#include <atomic>

namespace fixbench::etl {

// Where the pipeline gets the time from. The library never reads the system clock
// itself: production code passes a SystemClock, tests and the simulated mode of
// `weather-etl` pass a SimulatedClock.
class Clock {
public:
    virtual ~Clock() = default;
    // The current time, UTC.
    virtual QDateTime now() const = 0;
    // Returns once now() >= t, or early when *stop becomes true. Returns false when
    // stopped before t.
    virtual bool sleepUntil(const QDateTime &t, const std::atomic_bool *stop = nullptr) = 0;
};

} // namespace fixbench::etl
