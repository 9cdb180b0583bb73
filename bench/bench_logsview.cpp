// bench_logsview: how many log lines a second the Logs panel (LogsModel + QListView +
// LogDelegate, following, painting) ingests while the window stays responsive, and how
// much memory it holds with its buffer full.
//
// Lines are produced on a worker thread and handed to the panel exactly as LogStreamer
// hands them (a batch every 50 ms through linesArrived), at increasing offered rates.
// Responsiveness is the event loop's latency: a 10 ms timer measures how late it fires
// (p50 / p99 / max). A rate counts as sustained when the panel keeps up (ingests what is
// offered) and the p99 latency stays under 50 ms.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench_logsview [seconds-per-rate]
#include "logsmodel.h"
#include "logspanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QListView>
#include <QMutex>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <malloc.h>
#include <thread>

using namespace fixbench;

namespace {

qint64 rssBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return f.readAll().split(' ').value(1).toLongLong() * 4096;
}

// A realistic mix: three services, some ANSI colour, ~110 bytes a line.
LogEntry makeLine(qint64 i)
{
    static const QString services[] = {QStringLiteral("ftp"), QStringLiteral("api"), QStringLiteral("worker")};
    LogEntry e;
    e.service = services[i % 3];
    e.container = QStringLiteral("0123456789ab");
    e.timestamp = QDateTime::fromMSecsSinceEpoch(1700000000000 + i, Qt::UTC);
    if (i % 10 == 0)
        e.text = "\x1b[33mWARN\x1b[0m request " + QByteArray::number(i) + " took longer than expected: 1532 ms (limit 1000 ms)";
    else
        e.text = "[pid " + QByteArray::number(100 + i % 50) + "] [fixbench] OK DOWNLOAD: Client \"192.168.240.1\", \"/file-"
            + QByteArray::number(i) + ".csv\", 2048 bytes";
    return e;
}

struct RateResult {
    double offered = 0;
    double ingested = 0;
    qint64 p50 = 0, p99 = 0, max = 0;
};

RateResult runAt(LogsPanel &panel, double rate, int seconds)
{
    QMutex mutex;
    QList<LogEntry> pending;
    std::atomic_bool stop{false};
    std::atomic<qint64> produced{0};
    // Producer: `rate` lines a second (0 = as fast as it can), in small steps.
    std::thread producer([&]() {
        QElapsedTimer t;
        t.start();
        qint64 i = 0;
        while (!stop.load()) {
            const qint64 due = rate > 0 ? qint64(rate * t.nsecsElapsed() / 1e9) : i + 2000;
            QList<LogEntry> chunk;
            for (; i < due; ++i)
                chunk << makeLine(i);
            if (!chunk.isEmpty()) {
                QMutexLocker lock(&mutex);
                // Like LogStreamer: at most 200,000 lines wait; older ones are dropped.
                pending += chunk;
                if (pending.size() > 200000)
                    pending.remove(0, pending.size() - 200000);
                produced += chunk.size();
            }
            if (rate > 0)
                QThread::usleep(500);
        }
    });
    // Delivery: every 50 ms, like LogStreamer's batch timer.
    QTimer batches;
    QObject::connect(&batches, &QTimer::timeout, [&]() {
        QList<LogEntry> batch;
        {
            QMutexLocker lock(&mutex);
            batch.swap(pending);
        }
        if (!batch.isEmpty())
            Q_EMIT panel.streamer()->linesArrived(batch);
    });
    batches.start(50);
    // Latency probe.
    QList<qint64> lateness;
    QElapsedTimer probeClock;
    probeClock.start();
    qint64 expected = 10;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&]() {
        const qint64 now = probeClock.elapsed();
        lateness << std::max<qint64>(0, now - expected);
        expected = now + 10;
    });
    probe.start(10);

    const qint64 before = panel.model()->totalAppended();
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < seconds * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const double elapsed = clock.elapsed() / 1000.0;
    stop.store(true);
    producer.join();
    batches.stop();
    probe.stop();
    RateResult r;
    r.offered = produced.load() / elapsed;
    r.ingested = (panel.model()->totalAppended() - before) / elapsed;
    std::sort(lateness.begin(), lateness.end());
    if (!lateness.isEmpty()) {
        r.p50 = lateness[lateness.size() / 2];
        r.p99 = lateness[std::min<qsizetype>(lateness.size() - 1, lateness.size() * 99 / 100)];
        r.max = lateness.last();
    }
    // Drain what is left before the next rate.
    QCoreApplication::processEvents();
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int seconds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;

    const qint64 rss0 = rssBytes();
    LogsPanel panel;
    panel.resize(1200, 800);
    panel.show();
    panel.timestampsAction()->setChecked(true);
    QCoreApplication::processEvents();

    std::printf("Logs panel ingest (LogsModel cap %d lines / %lld MB; view following, painting %s)\n",
                panel.model()->maxLines(), panel.model()->maxBytes() / (1024 * 1024),
                qPrintable(QGuiApplication::platformName()));
    std::printf("%14s %14s %9s %9s %9s  %s\n", "offered l/s", "ingested l/s", "p50 ms", "p99 ms", "max ms", "");
    double best = 0;
    for (double rate : {10000.0, 50000.0, 100000.0, 200000.0, 400000.0, 800000.0, 0.0}) {
        const RateResult r = runAt(panel, rate, seconds);
        const bool keepsUp = r.ingested >= 0.95 * r.offered;
        const bool responsive = r.p99 < 50;
        if (keepsUp && responsive)
            best = std::max(best, r.ingested);
        std::printf("%14.0f %14.0f %9lld %9lld %9lld  %s%s\n", r.offered, r.ingested, r.p50, r.p99, r.max,
                    rate == 0 ? "(unthrottled) " : "", keepsUp && responsive ? "ok" : !keepsUp ? "falls behind" : "sluggish");
        std::fflush(stdout);
    }
    std::printf("\nsustained: %.0f lines/s with the event loop's p99 latency under 50 ms\n", best);

    // Memory with the buffer full (the runs above filled it; top it up to be sure).
    QList<LogEntry> fill;
    for (qint64 i = 0; i < panel.model()->maxLines(); ++i)
        fill << makeLine(i);
    Q_EMIT panel.streamer()->linesArrived(fill);
    fill.clear();
    QCoreApplication::processEvents();
    malloc_trim(0); // give back what the runs above freed: count what is held
    std::printf("buffer full: %d lines, %.1f MB by the model's count, process RSS %.1f MB (%.1f MB over the empty window)\n",
                panel.model()->rowCount(), panel.model()->approximateBytes() / 1048576.0, rssBytes() / 1048576.0,
                (rssBytes() - rss0) / 1048576.0);
    return 0;
}
