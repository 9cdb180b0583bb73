#pragma once

#include "etlerror.h"
#include "sample.h"
#include "window.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>

namespace fixbench::etl {

// The local, durable record of everything collected and published: a folder holding
//   spool.jsonl   an append-only log, one JSON object per line:
//                   {"type":"sample","timestamp":"2022-11-20T12:05Z","ok":1,
//                    "measure_timestamp":1668945900,"wind_speed":3.6,"humidity":82}
//                   {"type":"sample","timestamp":"2022-11-20T12:06Z","ok":0,"error":"HTTP 500"}
//                   {"type":"published","window":"2022-11-20T12:10Z",
//                    "file":"file-2022-11-20T12-10.csv","rows":10,"at":"..."}
//                 A `published` line covers the samples of its window written before
//                 it; later samples of that window are pending again (and conflict).
//   spool.lock    flock()ed while a process uses the spool (holds its pid)
//   unreadable.jsonl  complete lines that did not parse, moved aside at open
//   conflicts/    local copies of windows whose file already exists on the server
//                 with other content
//
// Every append is written with one write() and fsync()ed before it returns, so a
// kill -9 loses at most the line being written. Opening replays the log: a last line
// without its '\n' (torn by a kill or a crash) is dropped and cut off the file; a
// complete line that does not parse is skipped and counted, never fatal. Compaction
// (at open, and after publications once enough lines are obsolete) writes pending
// samples and the published markers of the last 31 days to a temporary file,
// fsyncs it and renames it over the log: a crash leaves the old or the new log.
class Spool {
public:
    struct ReplayReport {
        int samples = 0;          // sample lines read
        int published = 0;        // published lines read
        int unreadableLines = 0;  // complete lines that did not parse (skipped)
        qint64 truncatedBytes = 0; // bytes of a torn last line, cut off
    };

    // Opens (creating) the spool in `dir` and locks it: a second process on the same
    // spool gets an Io error naming the pid holding it.
    static Result<std::unique_ptr<Spool>> open(const QString &dir);
    ~Spool();
    Spool(const Spool &) = delete;
    Spool &operator=(const Spool &) = delete;

    QString dir() const { return m_dir; }
    QString logPath() const;
    QString conflictsDir() const;
    const ReplayReport &replayReport() const { return m_replay; }

    // Durable when it returns OK. On a write error the sample is still kept in memory
    // (published if this process lives long enough) and the error is returned.
    Status append(const Sample &sample);
    // The pending samples of `w` were published as `remotePath`.
    Status markPublished(const Window &w, int rows, const QString &remotePath);

    // Whether the minute was already sampled: a pending sample, or a published window.
    bool hasMinute(const QDateTime &minute) const;
    bool isPublished(const Window &w) const;
    QList<Window> pendingWindows() const;           // oldest first
    QList<Sample> pending(const Window &w) const;   // sorted by time
    int pendingCount() const;

    // Writes a local copy of a window that could not be published (conflict).
    Result<QString> saveConflictCopy(const Window &w, const QByteArray &csv);

    Status compact();
    int obsoleteLines() const { return m_obsoleteLines; }

private:
    Spool() = default;
    Status replay();
    Status appendLine(const QByteArray &line);

    struct WindowState {
        QList<Sample> pending;
        bool published = false;
        int publishedRows = 0;
        QString remotePath;
        QString publishedAt;
    };

    QString m_dir;
    int m_fd = -1;
    int m_lockFd = -1;
    QMap<QDateTime, WindowState> m_windows; // by window end
    ReplayReport m_replay;
    int m_obsoleteLines = 0;
    QByteArray m_unreadable; // unreadable lines found by replay, moved to unreadable.jsonl
};

} // namespace fixbench::etl
