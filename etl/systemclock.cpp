#include "systemclock.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace fixbench::etl {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

bool SystemClock::sleepUntil(const QDateTime &t, const std::atomic_bool *stop)
{
    for (;;) {
        if (stop && stop->load())
            return false;
        const qint64 left = now().msecsTo(t);
        if (left <= 0)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min<qint64>(left, 100)));
    }
}

} // namespace fixbench::etl
