#include "run/runtimeline.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QSaveFile>
#include <QXmlStreamWriter>

#include <algorithm>
#include <limits>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::RunTimeline)
};

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString key(const QString &lane, const QString &step)
{
    return lane + QLatin1Char('\n') + step;
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', ms < 10000 ? 3 : 1) + QStringLiteral(" s");
}

QString colourOf(const RunTimeline::Bar &b)
{
    if (b.failed())
        return QStringLiteral("#e53935");
    if (b.phase == QLatin1String("test"))
        return b.status == QLatin1String("passed") ? QStringLiteral("#66bb6a") : QStringLiteral("#ffca28");
    if (b.phase == QLatin1String("binary"))
        return QStringLiteral("#b0bec5");
    if (b.phase == QLatin1String("compose"))
        return QStringLiteral("#7986cb");
    if (b.phase == QLatin1String("ready"))
        return QStringLiteral("#4db6ac");
    if (b.phase == QLatin1String("hook") || b.phase.endsWith(QLatin1String("_data")))
        return QStringLiteral("#ba68c8");
    return QStringLiteral("#64b5f6");
}
} // namespace

RunPipeline::Callbacks RunTimeline::wrap(RunPipeline::Callbacks cb)
{
    RunPipeline::Callbacks out = cb;
    out.stepStarted = [this, cb](const QString &fixture, const QString &step) {
        stepStarted(fixture, step, now());
        if (cb.stepStarted)
            cb.stepStarted(fixture, step);
    };
    out.stepProgress = [this, cb](const QString &fixture, const QString &step, const QString &line) {
        stepProgress(fixture, step, now());
        if (cb.stepProgress)
            cb.stepProgress(fixture, step, line);
    };
    out.stepFinished = [this, cb](const QString &fixture, const QString &step, const Status &result, const QString &summary) {
        stepFinished(fixture, step, result.ok(), now());
        if (cb.stepFinished)
            cb.stepFinished(fixture, step, result, summary);
    };
    out.tests.started = [this, cb](const TestRun &run) {
        binaryStarted(run.name.isEmpty() ? QFileInfo(run.program).fileName() : run.name, now());
        if (cb.tests.started)
            cb.tests.started(run);
    };
    out.tests.finished = [this, cb](const BinaryReport &report) {
        binaryFinished(report, now());
        if (cb.tests.finished)
            cb.tests.finished(report);
    };
    return out;
}

RunTimeline::Bar RunTimeline::fixtureBar(const QString &fixture, const QString &phase, const QString &label, qint64 startMs, bool part)
{
    return Bar{fixture, phase, label, startMs, -1, {}, {}, true, part, {}};
}

void RunTimeline::stepStarted(const QString &fixture, const QString &step, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    m_open.insert(key(fixture, QStringLiteral("step")), Open{m_bars.size(), -1});
    m_bars << fixtureBar(fixture, step, QStringLiteral("%1 %2").arg(fixture, step), nowMs, false);
}

void RunTimeline::stepProgress(const QString &fixture, const QString &step, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_open.find(key(fixture, QStringLiteral("step")));
    if (it == m_open.end() || m_bars[it->bar].phase != QLatin1String("up"))
        return; // the parts of an up only: setup_data, down, ... are one piece
    if (it->part >= 0) {
        if (m_bars[it->part].phase == step)
            return;
        m_bars[it->part].endMs = nowMs;
        m_bars[it->part].status = QStringLiteral("ok");
    }
    it->part = m_bars.size();
    m_bars << fixtureBar(fixture, step, QStringLiteral("%1 up: %2").arg(fixture, step), nowMs, true);
}

void RunTimeline::stepFinished(const QString &fixture, const QString &step, bool ok, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_open.constFind(key(fixture, QStringLiteral("step")));
    if (it == m_open.constEnd() || m_bars[it->bar].phase != step)
        return;
    const QString status = ok ? QStringLiteral("ok") : QStringLiteral("failed");
    for (qsizetype i : {it->bar, it->part}) {
        if (i < 0)
            continue;
        m_bars[i].endMs = nowMs;
        m_bars[i].status = status;
    }
    m_open.erase(it);
}

void RunTimeline::binaryStarted(const QString &binary, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    Bar b;
    b.lane = binary;
    b.phase = QStringLiteral("binary");
    b.label = binary;
    b.startMs = nowMs;
    m_open.insert(key(binary, QStringLiteral("binary")), Open{m_bars.size(), -1});
    m_bars << b;
}

void RunTimeline::binaryFinished(const BinaryReport &report, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_open.constFind(key(report.binary, QStringLiteral("binary")));
    if (it == m_open.constEnd())
        return; // never started (it could not be)
    Bar &binary = m_bars[it->bar];
    binary.endMs = nowMs;
    binary.status = report.ok() ? QStringLiteral("ok") : QStringLiteral("failed");
    if (report.error)
        binary.details = report.error->message;
    m_open.erase(it);
    for (const TestResult &t : report.results) {
        if (t.startMs < 0 || t.endMs < 0)
            continue;
        Bar b;
        b.lane = report.binary;
        b.phase = QStringLiteral("test");
        b.label = t.iteration > 1 ? QStringLiteral("%1 (iteration %2)").arg(t.displayName()).arg(t.iteration) : t.displayName();
        b.startMs = t.startMs;
        b.endMs = t.endMs;
        b.status = testStatusName(t.status);
        b.part = true;
        b.test = t.fullName();
        QStringList details;
        if (!t.message.isEmpty())
            details << t.message;
        for (const TestFailure &f : t.failures)
            details << (f.location().isEmpty() ? f.message : f.location() + QLatin1Char('\n') + f.message);
        if (!t.fixtureLog.isEmpty())
            details << Tr::tr("Fixture logs:") + QLatin1Char('\n') + t.fixtureLog;
        b.details = details.join(QStringLiteral("\n\n"));
        m_bars << b;
    }
}

QList<RunTimeline::Bar> RunTimeline::bars() const
{
    QMutexLocker lock(&m_mutex);
    return m_bars;
}

QStringList RunTimeline::lanesOf(const QList<Bar> &all)
{
    QStringList lanes;
    for (const Bar &b : all)
        if (!lanes.contains(b.lane))
            lanes << b.lane;
    std::stable_partition(lanes.begin(), lanes.end(), [&](const QString &lane) {
        return std::any_of(all.begin(), all.end(), [&](const Bar &b) { return b.lane == lane && b.isFixture; });
    });
    return lanes;
}

QByteArray RunTimeline::toSvg() const
{
    const QList<Bar> all = bars();
    // Rows: each lane (fixtures first, then binaries, in the order they appeared) has its
    // steps on one row and their parts (an up's compose/ready/hook, a binary's tests) below.
    const QStringList lanes = lanesOf(all);
    qint64 t0 = std::numeric_limits<qint64>::max(), t1 = 0;
    for (const Bar &b : all) {
        t0 = std::min(t0, b.startMs);
        t1 = std::max(t1, std::max(b.startMs, b.endMs));
    }
    if (all.isEmpty())
        t0 = t1 = 0;
    const qint64 span = std::max<qint64>(1, t1 - t0);
    const int labelW = 240, plotW = 1000, rowH = 22, top = 40;
    const int rows = int(lanes.size()) * 2;
    const int width = labelW + plotW + 20, height = top + rows * rowH + 20;
    auto x = [&](qint64 ms) { return labelW + double(ms - t0) * plotW / double(span); };

    QByteArray svg;
    QXmlStreamWriter w(&svg);
    w.setAutoFormatting(true);
    w.writeStartElement(QStringLiteral("svg"));
    w.writeDefaultNamespace(QStringLiteral("http://www.w3.org/2000/svg"));
    w.writeAttribute(QStringLiteral("width"), QString::number(width));
    w.writeAttribute(QStringLiteral("height"), QString::number(height));
    w.writeAttribute(QStringLiteral("font-family"), QStringLiteral("sans-serif"));
    w.writeAttribute(QStringLiteral("font-size"), QStringLiteral("12"));
    w.writeAttribute(QStringLiteral("data-start-ms"), QString::number(t0));
    w.writeAttribute(QStringLiteral("data-end-ms"), QString::number(t1));
    // The axis: seconds since the run's first event, about ten ticks.
    static const qint64 steps[] = {100, 200, 500, 1000, 2000, 5000, 10000, 20000, 30000, 60000, 120000, 300000, 600000, 1800000, 3600000};
    qint64 tick = steps[std::size(steps) - 1];
    for (qint64 s : steps)
        if (span / s <= 10) {
            tick = s;
            break;
        }
    for (qint64 t = 0; t <= span; t += tick) {
        const QString px = QString::number(x(t0 + t), 'f', 1);
        w.writeEmptyElement(QStringLiteral("line"));
        w.writeAttribute(QStringLiteral("x1"), px);
        w.writeAttribute(QStringLiteral("x2"), px);
        w.writeAttribute(QStringLiteral("y1"), QString::number(top - 6));
        w.writeAttribute(QStringLiteral("y2"), QString::number(top + rows * rowH));
        w.writeAttribute(QStringLiteral("stroke"), QStringLiteral("#e0e0e0"));
        w.writeStartElement(QStringLiteral("text"));
        w.writeAttribute(QStringLiteral("x"), px);
        w.writeAttribute(QStringLiteral("y"), QString::number(top - 10));
        w.writeAttribute(QStringLiteral("text-anchor"), QStringLiteral("middle"));
        w.writeCharacters(QString::number(t / 1000.0) + QStringLiteral(" s"));
        w.writeEndElement();
    }
    for (qsizetype lane = 0; lane < lanes.size(); ++lane) {
        const bool fixture = std::any_of(all.begin(), all.end(), [&](const Bar &b) { return b.lane == lanes[lane] && b.isFixture; });
        for (int sub = 0; sub < 2; ++sub) {
            const int y = top + int(lane * 2 + sub) * rowH;
            w.writeStartElement(QStringLiteral("text"));
            w.writeAttribute(QStringLiteral("x"), QStringLiteral("6"));
            w.writeAttribute(QStringLiteral("y"), QString::number(y + 15));
            if (sub == 0)
                w.writeAttribute(QStringLiteral("font-weight"), QStringLiteral("bold"));
            w.writeCharacters(sub == 0 ? (fixture ? Tr::tr("fixture %1") : Tr::tr("binary %1")).arg(lanes[lane])
                                       : (fixture ? Tr::tr("  up: compose, readiness, hooks") : Tr::tr("  tests")));
            w.writeEndElement();
        }
    }
    for (const Bar &b : all) {
        const qsizetype lane = lanes.indexOf(b.lane);
        const int y = top + int(lane * 2 + (b.part ? 1 : 0)) * rowH + 3;
        const qint64 end = b.endMs < 0 ? t1 : b.endMs; // still open: to the end of the picture
        const double left = x(b.startMs);
        w.writeStartElement(QStringLiteral("rect"));
        w.writeAttribute(QStringLiteral("class"), b.failed() ? QStringLiteral("bar failed") : QStringLiteral("bar"));
        w.writeAttribute(QStringLiteral("x"), QString::number(left, 'f', 1));
        w.writeAttribute(QStringLiteral("y"), QString::number(y));
        w.writeAttribute(QStringLiteral("width"), QString::number(std::max(1.0, x(end) - left), 'f', 1));
        w.writeAttribute(QStringLiteral("height"), QString::number(rowH - 6));
        w.writeAttribute(QStringLiteral("fill"), colourOf(b));
        if (b.failed()) {
            w.writeAttribute(QStringLiteral("stroke"), QStringLiteral("#b71c1c"));
            w.writeAttribute(QStringLiteral("stroke-width"), QStringLiteral("2"));
        }
        w.writeAttribute(QStringLiteral("data-lane"), b.lane);
        w.writeAttribute(QStringLiteral("data-phase"), b.phase);
        w.writeAttribute(QStringLiteral("data-label"), b.label);
        w.writeAttribute(QStringLiteral("data-status"), b.endMs < 0 ? QStringLiteral("unfinished") : b.status);
        w.writeAttribute(QStringLiteral("data-start-ms"), QString::number(b.startMs));
        w.writeAttribute(QStringLiteral("data-end-ms"), QString::number(b.endMs));
        w.writeStartElement(QStringLiteral("title"));
        QString tip = QStringLiteral("%1 — %2, %3").arg(b.label, b.endMs < 0 ? Tr::tr("unfinished") : b.status, seconds(end - b.startMs));
        if (!b.details.isEmpty())
            tip += QStringLiteral("\n\n") + b.details;
        w.writeCharacters(tip);
        w.writeEndElement(); // title
        w.writeEndElement(); // rect
    }
    w.writeEndElement(); // svg
    return svg;
}

QByteArray RunTimeline::toHtml() const
{
    QByteArray svg = toSvg();
    const QByteArray title = Tr::tr("fixbench run timeline").toHtmlEscaped().toUtf8();
    const QString when = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    return QByteArray("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>") + title
        + "</title>\n<style>body{font-family:sans-serif;margin:16px} rect.bar:hover{opacity:.75}</style></head>\n<body><h1>"
        + title + "</h1>\n<p>"
        + Tr::tr("Written %1. Hover a bar for its times; a failed test's shows its failure and its fixtures' log lines.")
              .arg(when)
              .toHtmlEscaped()
              .toUtf8()
        + "</p>\n" + svg + "\n</body></html>\n";
}

Status RunTimeline::writeFile(const QString &path) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot write the timeline %1: %2").arg(path, f.errorString()));
    f.write(path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive) ? toSvg() : toHtml());
    if (!f.commit())
        return Error(Error::Kind::Io, Tr::tr("cannot write the timeline %1: %2").arg(path, f.errorString()));
    return {};
}

} // namespace fixbench
