#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace fixbench::etl {

// A 10-minute publication window, named by its end (UTC).
//
// The rule: samples are taken at whole minutes (UTC). A sample at minute m belongs
// to the window ending at the first multiple of 10 minutes at or after m:
// 12:01 … 12:10 → window 12:10, published as file-2022-03-11T12-10.csv; 12:00 →
// window 12:00 (11:51 … 12:00). A time with seconds is first truncated to its minute
// (12:00:30 is minute 12:00, window 12:00). The scheduler takes its first sample at
// the first whole minute at or after its start (start 12:00:30 → first sample 12:01).
// A window has ended — and may be published — once its last minute's sample was
// taken: at time >= end.
class Window {
public:
    static constexpr int kMinutes = 10;

    Window() = default;

    // The window the sample at t belongs to.
    static Window containing(const QDateTime &t);
    // The window ending at `end` (must be a multiple of 10 minutes, else invalid).
    static Window endingAt(const QDateTime &end);
    // file-YYYY-MM-DDTHH-MM.csv → its window; nullopt for any other name.
    static std::optional<Window> fromFileName(const QString &name);

    // t with seconds and milliseconds dropped (UTC).
    static QDateTime truncateToMinute(const QDateTime &t);
    // The first whole minute at or after t (UTC).
    static QDateTime nextWholeMinute(const QDateTime &t);

    bool isValid() const { return m_end.isValid(); }
    QDateTime end() const { return m_end; }            // the last sample minute
    QDateTime firstMinute() const;                     // end - 9 min
    bool contains(const QDateTime &t) const;           // t's minute is in the window
    bool hasEnded(const QDateTime &now) const { return isValid() && now >= m_end; }
    Window next() const;
    Window previous() const;

    QString fileName() const;  // "file-2022-11-20T12-10.csv"
    QString label() const;     // "2022-11-20T12:10Z"

    friend bool operator==(const Window &a, const Window &b) { return a.m_end == b.m_end; }
    friend bool operator!=(const Window &a, const Window &b) { return !(a == b); }
    friend bool operator<(const Window &a, const Window &b) { return a.m_end < b.m_end; }

private:
    explicit Window(QDateTime end) : m_end(std::move(end)) {}
    QDateTime m_end; // UTC
};

} // namespace fixbench::etl
