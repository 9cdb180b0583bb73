#pragma once

#include "clock.h"

namespace fixbench::etl {

// A clock that only moves when asked: sleepUntil(t) jumps to t at once (after an
// optional real delay per call, so that a test can kill a process "mid-run").
// now() never goes backwards: sleepUntil() with a past time keeps the current time.
class SimulatedClock : public Clock {
public:
    explicit SimulatedClock(QDateTime start, int delayPerSleepMs = 0);

    QDateTime now() const override { return m_now; }
    bool sleepUntil(const QDateTime &t, const std::atomic_bool *stop = nullptr) override;

    void set(const QDateTime &t) { m_now = t.toUTC(); }
    void advance(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now;
    int m_delayMs = 0;
};

} // namespace fixbench::etl
