#include "pipeline.h"

#include "csvwriter.h"
#include "utctime.h"

namespace fixbench::etl {

Pipeline::Pipeline(Clock &clock, Spool &spool, WeatherFetcher &fetcher, Publisher &publisher, Logger log)
    : m_clock(clock), m_spool(spool), m_fetcher(fetcher), m_publisher(publisher), m_log(std::move(log))
{
}

void Pipeline::log(const QString &line) const
{
    if (m_log)
        m_log(QStringLiteral("[%1] %2").arg(UtcTime::formatSeconds(m_clock.now()), line));
}

Sample Pipeline::sampleMinute(const QDateTime &minute, bool *durable)
{
    const QDateTime m = Window::truncateToMinute(minute);
    Result<Measurement> r = m_fetcher.fetch();
    const Sample s = r ? Sample::success(m, *r) : Sample::failure(m, r.error().message);
    // Spooled first, logged after: a line in the log means the row is on disk.
    const Status st = m_spool.append(s);
    if (r) {
        log(QStringLiteral("fetched %1 for %2: wind %3 m/s, humidity %4 %, dt %5")
                .arg(m_fetcher.config().city, UtcTime::formatMinute(m), CsvWriter::number(r->windSpeed),
                     CsvWriter::number(r->humidity))
                .arg(r->measuredAt));
    } else {
        log(QStringLiteral("fetch failed for %1, row ok=0: %2").arg(UtcTime::formatMinute(m), r.error().message));
    }
    if (!st)
        log(QStringLiteral("ERROR: the row for %1 could not be written to the spool (kept in memory only): %2")
                .arg(UtcTime::formatMinute(m), st.error().message));
    if (durable)
        *durable = st.ok();
    return s;
}

QList<Window> Pipeline::dueWindows(const QDateTime &now) const
{
    QList<Window> out;
    for (const Window &w : m_spool.pendingWindows())
        if (w.hasEnded(now))
            out << w;
    return out;
}

PublishReport Pipeline::publishDue(const QDateTime &now, bool retryConflicts)
{
    PublishReport report;
    for (const Window &w : dueWindows(now)) {
        if (!retryConflicts && m_conflicts.contains(w.end())) {
            report.conflicts << w;
            continue;
        }
        const QList<Sample> rows = m_spool.pending(w);
        int okRows = 0;
        for (const Sample &s : rows)
            okRows += s.ok() ? 1 : 0;
        const QByteArray csv = CsvWriter::document(rows);
        const PublishOutcome out = m_publisher.publish(w, csv);
        switch (out.kind) {
        case PublishOutcome::Kind::Published:
        case PublishOutcome::Kind::AlreadyThere: {
            m_conflicts.remove(w.end());
            report.published << w;
            log(QStringLiteral("published %1 (%2 rows, %3 ok) to %4%5")
                    .arg(w.fileName()).arg(rows.size()).arg(okRows)
                    .arg(m_publisher.displayUrl(),
                         out.kind == PublishOutcome::Kind::AlreadyThere
                             ? QStringLiteral(" (found already there, identical: an earlier run uploaded it)")
                             : QString()));
            if (Status st = m_spool.markPublished(w, int(rows.size()), out.remotePath); !st)
                log(QStringLiteral("ERROR: %1 is published but the spool could not record it: %2")
                        .arg(w.fileName(), st.error().message));
            break;
        }
        case PublishOutcome::Kind::Conflict: {
            m_conflicts.insert(w.end());
            report.conflicts << w;
            Result<QString> copy = m_spool.saveConflictCopy(w, csv);
            log(QStringLiteral("CONFLICT: %1; its %2 rows stay in the spool%3. Move the server's "
                               "file away and the next attempt (at the next window end or restart) publishes it.")
                    .arg(out.error.message).arg(rows.size())
                    .arg(copy ? QStringLiteral(", local copy %1").arg(*copy)
                              : QStringLiteral(" (no local copy: %1)").arg(copy.error().message)));
            break;
        }
        case PublishOutcome::Kind::Failed:
            report.failed << w;
            log(QStringLiteral("publication of %1 to %2 failed, %3 rows kept in the spool for the next attempt: %4")
                    .arg(w.fileName(), m_publisher.displayUrl()).arg(rows.size()).arg(out.error.message));
            break;
        }
    }
    return report;
}

RunReport Pipeline::run(const QDateTime &from, int minutes, const std::atomic_bool *stop)
{
    RunReport report;
    publishDue(m_clock.now()); // leftovers of an earlier run
    QDateTime minute = Window::nextWholeMinute(from);
    for (int i = 0; minutes < 0 || i < minutes; ++i, minute = minute.addSecs(60)) {
        if (!m_clock.sleepUntil(minute, stop)) {
            report.interrupted = true;
            break;
        }
        if (m_spool.hasMinute(minute)) {
            ++report.alreadySpooled;
            log(QStringLiteral("%1 is already in the spool (an earlier run): not fetched again")
                    .arg(UtcTime::formatMinute(minute)));
        } else {
            const qint64 late = minute.secsTo(m_clock.now());
            bool durable = true;
            Sample s;
            if (late >= 60) {
                // Woke up too late (suspended, stalled): the row says so instead of
                // pretending a later fetch was this minute's.
                s = Sample::failure(minute, QStringLiteral("missed: the process was %1 s late").arg(late));
                log(QStringLiteral("missed %1 (%2 s late), row ok=0").arg(UtcTime::formatMinute(minute)).arg(late));
                Status st = m_spool.append(s);
                durable = st.ok();
                if (!st)
                    log(QStringLiteral("ERROR: the row for %1 could not be written to the spool: %2")
                            .arg(UtcTime::formatMinute(minute), st.error().message));
            } else {
                s = sampleMinute(minute, &durable);
            }
            ++report.sampled;
            report.failedFetches += s.ok() ? 0 : 1;
            report.spoolErrors += durable ? 0 : 1;
        }
        const bool windowEnd = Window::containing(minute).end() == minute;
        publishDue(m_clock.now(), windowEnd);
    }
    if (!report.interrupted)
        publishDue(m_clock.now(), false); // the final attempt (conflicts were just reported)
    report.unpublishedDue = dueWindows(m_clock.now());
    for (const Window &w : report.unpublishedDue)
        if (m_conflicts.contains(w.end()))
            report.conflicts << w;
    return report;
}

} // namespace fixbench::etl
