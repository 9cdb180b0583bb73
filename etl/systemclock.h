#pragma once

#include "clock.h"

namespace fixbench::etl {

// The real UTC wall clock; sleepUntil() sleeps in short slices so a stop flag
// (set by a signal handler) is noticed within ~100 ms.
class SystemClock : public Clock {
public:
    QDateTime now() const override;
    bool sleepUntil(const QDateTime &t, const std::atomic_bool *stop = nullptr) override;
};

} // namespace fixbench::etl
