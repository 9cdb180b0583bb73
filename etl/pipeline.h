#pragma once

#include "clock.h"
#include "publisher.h"
#include "sample.h"
#include "spool.h"
#include "weatherfetcher.h"
#include "window.h"

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include <atomic>
#include <functional>

namespace fixbench::etl {

// What one publication round did.
struct PublishReport {
    QList<Window> published;  // uploaded now, or found already there byte for byte
    QList<Window> failed;     // server unreachable etc.: rows kept, retried next minute
    QList<Window> conflicts;  // another file under that name: rows kept, never overwritten
    bool clean() const { return failed.isEmpty() && conflicts.isEmpty(); }
};

struct RunReport {
    int sampled = 0;          // minutes fetched (ok or not)
    int failedFetches = 0;    // of which ok=0
    int alreadySpooled = 0;   // minutes skipped because the spool had them (a restart)
    int spoolErrors = 0;      // samples that could not be made durable
    bool interrupted = false;
    QList<Window> unpublishedDue; // windows that ended and still have rows at the end
    QList<Window> conflicts;      // of those, the ones in conflict
    // Everything that was due got published and every row reached the disk.
    bool success() const { return !interrupted && spoolErrors == 0 && unpublishedDue.isEmpty(); }
};

// The schedule: one sample per whole minute (fetch, then append to the spool), then
// publication of every window that has ended and still has rows (with retries each
// minute while the FTP server is unreachable, and at each window end for conflicts).
//
// run(from, minutes) samples the `minutes` whole minutes at or after `from` (all of
// them when minutes < 0), skipping minutes the spool already holds (so a restarted
// run resumes instead of duplicating), publishes what is due first thing (leftovers
// of an earlier run) and once more at the end. With a SimulatedClock this runs as
// fast as the fetches go.
class Pipeline {
public:
    using Logger = std::function<void(const QString &line)>;

    Pipeline(Clock &clock, Spool &spool, WeatherFetcher &fetcher, Publisher &publisher, Logger log = {});

    // Fetches now for `minute`, appends the row (ok or not) to the spool, then logs it.
    Sample sampleMinute(const QDateTime &minute, bool *durable = nullptr);
    // Windows with rows that have ended at `now`, oldest first.
    QList<Window> dueWindows(const QDateTime &now) const;
    // Publishes the due windows. Conflicting windows are skipped unless retryConflicts.
    PublishReport publishDue(const QDateTime &now, bool retryConflicts = true);
    RunReport run(const QDateTime &from, int minutes, const std::atomic_bool *stop = nullptr);

private:
    void log(const QString &line) const;

    Clock &m_clock;
    Spool &m_spool;
    WeatherFetcher &m_fetcher;
    Publisher &m_publisher;
    Logger m_log;
    QSet<QDateTime> m_conflicts; // window ends found in conflict by this process
};

} // namespace fixbench::etl
