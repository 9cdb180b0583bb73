#pragma once

#include "run/binaryreport.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fixbench {

class EngineClient;

// What a binary's fixtures logged while it ran, cut per test: the server's side of a
// failure. Read once per fixture per binary, after the binary ended (one request per
// container, not one per test), then each test that did not pass gets the lines written
// from its start to its end, widened by kMarginMs on both sides (a line's time is when
// the container wrote it to its output), interleaved by time across services:
//
//   [ftp] 12:00:01.234 Wed Dec  2 12:00:01 2026 [pid 12] [fixbench] OK UPLOAD: ...
//
// Times are UTC. With several fixtures a line names its fixture too
// ("[ftp_server/ftp]"). An excerpt keeps the last kMaxLines lines and kMaxChars
// characters (a line at most kMaxLineChars), saying how many it cut; secrets are masked. A fixture whose containers
// were gone, or whose logs could not be read, is said in the excerpt, not left out.
class FixtureLogs {
public:
    struct Line {
        qint64 timeMs = 0;  // when the container wrote it (ms since the epoch, UTC)
        QString source;     // "ftp" or "ftp_server/ftp"
        QString text;       // ANSI stripped
    };

    static constexpr qint64 kMarginMs = 1000;
    static constexpr int kMaxLines = 200;
    static constexpr qsizetype kMaxChars = 32 * 1024;
    static constexpr qsizetype kMaxLineChars = 2000; // a longer line is cut: " [...]"

    // Reads the lines every container of compose project `project` wrote in
    // [fromMs, toMs] (the engine filters by whole seconds, this to the millisecond).
    // `nameFixture`: sources are "fixture/service" rather than "service".
    void fetch(EngineClient &engine, const QString &fixture, const QString &project, qint64 fromMs, qint64 toMs,
               bool nameFixture);
    void add(const Line &line);
    void addNote(const QString &note) { m_notes << note; }

    // The lines of [startMs - kMarginMs, endMs + kMarginMs], formatted as above, after
    // the notes. No line from fetched fixtures says so ("(ftp_server logged nothing from
    // ... to ... UTC)"); "" when nothing was fetched, added or noted.
    QString excerpt(qint64 startMs, qint64 endMs, const QStringList &secrets = {}) const;

    // Whether `t` gets an excerpt: it did not pass (failed, crashed, timed out,
    // interrupted) and its times are known.
    static bool wants(const TestResult &t);
    // Fills fixtureLog of the tests of `report` that want one from the fixtures named
    // (fixture, compose project), reading each once over the span of those tests.
    // Nothing is read when no test wants an excerpt.
    static void attach(EngineClient &engine, const QList<QPair<QString, QString>> &fixtures, BinaryReport &report,
                       const QStringList &secrets);
    // One test's excerpt read now (the workbench, for a test that passed): the lines
    // the fixtures (fixture, compose project) wrote in [startMs, endMs] ± kMarginMs.
    static QString read(EngineClient &engine, const QList<QPair<QString, QString>> &fixtures, qint64 startMs, qint64 endMs,
                        const QStringList &secrets);

private:
    // Every fixture read over [fromMs, toMs] widened by the margin.
    static FixtureLogs fetched(EngineClient &engine, const QList<QPair<QString, QString>> &fixtures, qint64 fromMs, qint64 toMs);

    QList<Line> m_lines; // in time order
    QStringList m_notes;
    QStringList m_fixtures; // those fetched
};

} // namespace fixbench
