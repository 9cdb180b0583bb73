#include "simulatedclock.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace fixbench::etl {

SimulatedClock::SimulatedClock(QDateTime start, int delayPerSleepMs)
    : m_now(start.toUTC()), m_delayMs(std::max(0, delayPerSleepMs))
{
}

bool SimulatedClock::sleepUntil(const QDateTime &t, const std::atomic_bool *stop)
{
    for (int waited = 0; waited < m_delayMs; waited += 20) {
        if (stop && stop->load())
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(20, m_delayMs - waited)));
    }
    if (stop && stop->load())
        return false;
    if (t > m_now)
        m_now = t.toUTC();
    return true;
}

} // namespace fixbench::etl
