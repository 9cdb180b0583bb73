#pragma once

#include "base/error.h"
#include "run/binaryreport.h"
#include "run/runpipeline.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

namespace fixbench {

// One run on a time axis: each fixture's steps (up — with its compose, readiness and
// hook parts as the fixture manager reports them —, setup_data, teardown_data, down),
// each binary and each of its tests, failures marked. Fed by RunPipeline's callbacks
// (wrap()) at the moment they arrive; a test's bar is its TestResult::startMs/endMs, the
// times the JSON report has. Written as a self-contained SVG, or an HTML page holding it,
// each bar carrying its times (data-start-ms, data-end-ms: ms since the epoch, UTC), its
// phase and status, and a tooltip (a failed test's: its failure and fixture log).
// Thread-safe: binaries report from several threads with -j.
class RunTimeline {
public:
    struct Bar {
        QString lane;   // "ftp_server", "etl_unit" (a fixture or a binary)
        QString phase;  // up, compose, ready, hook, ports, attach, cleanup, setup_data,
                        // teardown_data, down, binary, test
        QString label;  // what the tooltip names: the step, the binary, the test's full name
        qint64 startMs = -1;
        qint64 endMs = -1;
        QString status; // "ok", "failed", a test's status ("passed", "timed out", ...)
        QString details; // tooltip text beyond the label (a test's failure and fixture log)
        bool isFixture = false;
        bool part = false; // drawn on the row below its lane's: a part of an up, a test
        QString test;      // a test's full name ("Suite.Name"), to select it
        bool failed() const
        {
            return !status.isEmpty() && status != QLatin1String("ok") && status != QLatin1String("passed")
                && status != QLatin1String("skipped") && status != QLatin1String("disabled");
        }
    };

    // The same callbacks, recording each event before passing it on.
    RunPipeline::Callbacks wrap(RunPipeline::Callbacks callbacks);

    void stepStarted(const QString &fixture, const QString &step, qint64 nowMs);
    // Parts of "up": a new part name closes the previous part.
    void stepProgress(const QString &fixture, const QString &step, qint64 nowMs);
    void stepFinished(const QString &fixture, const QString &step, bool ok, qint64 nowMs);
    void binaryStarted(const QString &binary, qint64 nowMs);
    void binaryFinished(const BinaryReport &report, qint64 nowMs);

    QList<Bar> bars() const;
    // The lanes of `bars` as they are drawn: fixtures, then binaries, in order of appearance.
    static QStringList lanesOf(const QList<Bar> &bars);

    QByteArray toSvg() const;
    QByteArray toHtml() const;
    // FILE ending in .svg: the SVG; anything else: the HTML page.
    Status writeFile(const QString &path) const;

private:
    static Bar fixtureBar(const QString &fixture, const QString &phase, const QString &label, qint64 startMs, bool part);
    struct Open {
        qsizetype bar = -1;  // index in m_bars
        qsizetype part = -1; // the open part of an "up"
    };
    mutable QMutex m_mutex;
    QList<Bar> m_bars;
    QHash<QString, Open> m_open; // fixture + '\n' + step, or binary name -> what is open
};

} // namespace fixbench
