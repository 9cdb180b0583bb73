#include "run/fixturelogs.h"

#include "base/ansi.h"
#include "base/environment.h"
#include "engine/engineclient.h"
#include "engine/labels.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <limits>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::FixtureLogs)
};

QString clock(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm:ss.zzz"));
}

bool earlier(const FixtureLogs::Line &a, const FixtureLogs::Line &b)
{
    return a.timeMs < b.timeMs;
}
} // namespace

void FixtureLogs::fetch(EngineClient &engine, const QString &fixture, const QString &project, qint64 fromMs, qint64 toMs,
                        bool nameFixture)
{
    m_fixtures << fixture;
    auto containers = engine.listContainers({QStringLiteral("%1=%2").arg(QLatin1String(labels::ComposeProject), project)}, true);
    if (!containers) {
        m_notes << Tr::tr("fixture %1: its containers could not be listed: %2").arg(fixture, containers.error().message);
        return;
    }
    if (containers->isEmpty()) {
        m_notes << Tr::tr("fixture %1: its containers were gone before their logs were read").arg(fixture);
        return;
    }
    LogOptions o;
    o.timestamps = true;
    o.since = std::max<qint64>(1, fromMs / 1000); // whole seconds: filtered to the ms below
    o.until = toMs / 1000 + 1;
    const qsizetype before = m_lines.size();
    for (const ContainerInfo &c : std::as_const(*containers)) {
        const QString source = nameFixture ? fixture + QLatin1Char('/') + c.service : c.service;
        Status s = engine.streamLogs(c.id, o, [&](const LogLine &l) {
            if (!l.timestamp.isValid())
                return;
            const qint64 t = l.timestamp.toMSecsSinceEpoch();
            if (t < fromMs || t > toMs)
                return;
            QByteArray text = l.text;
            if (text.endsWith('\r'))
                text.chop(1);
            QString shown = ansi::strip(QString::fromUtf8(text));
            if (shown.size() > kMaxLineChars)
                shown = shown.left(kMaxLineChars) + QStringLiteral(" [...]");
            m_lines.append(Line{t, source, shown});
        });
        if (!s)
            m_notes << Tr::tr("fixture %1: the log of service %2 (container %3) could not be read: %4")
                           .arg(fixture, c.service, c.name, s.error().message);
    }
    // Each container's lines are in order; merge them with what was there.
    std::stable_sort(m_lines.begin() + before, m_lines.end(), earlier);
    std::inplace_merge(m_lines.begin(), m_lines.begin() + before, m_lines.end(), earlier);
}

void FixtureLogs::add(const Line &line)
{
    m_lines.insert(std::upper_bound(m_lines.begin(), m_lines.end(), line, earlier), line);
}

QString FixtureLogs::excerpt(qint64 startMs, qint64 endMs, const QStringList &secrets) const
{
    const qint64 from = startMs - kMarginMs;
    const qint64 to = endMs + kMarginMs;
    const auto first = std::lower_bound(m_lines.begin(), m_lines.end(), Line{from, {}, {}}, earlier);
    const auto last = std::upper_bound(m_lines.begin(), m_lines.end(), Line{to, {}, {}}, earlier);
    QStringList lines;
    qsizetype chars = 0;
    // From the newest back: the lines nearest the end (the failure) are kept.
    for (auto it = last; it != first;) {
        --it;
        if (lines.size() >= kMaxLines)
            break;
        QString line = QLatin1Char('[') + it->source + QStringLiteral("] ") + clock(it->timeMs) + QLatin1Char(' ') + it->text;
        if (!secrets.isEmpty())
            line = Environment::maskSecrets(line, secrets);
        if (chars + line.size() + 1 > kMaxChars && !lines.isEmpty())
            break;
        chars += line.size() + 1;
        lines << line;
    }
    std::reverse(lines.begin(), lines.end());
    const qsizetype cut = (last - first) - lines.size();
    if (cut > 0)
        lines.prepend(Tr::tr("[... %n earlier line(s) cut: an excerpt keeps the last %1 lines, %2 KiB ...]", nullptr, int(cut))
                          .arg(kMaxLines)
                          .arg(kMaxChars / 1024));
    if (lines.isEmpty() && !m_fixtures.isEmpty())
        lines << Tr::tr("(%1 logged nothing from %2 to %3 UTC)")
                     .arg(m_fixtures.join(QStringLiteral(", ")), clock(from), clock(to));
    return (m_notes + lines).join(QLatin1Char('\n'));
}

bool FixtureLogs::wants(const TestResult &t)
{
    return isTestFailure(t.status) && !t.isOutsideTest() && t.startMs >= 0 && t.endMs >= t.startMs;
}

void FixtureLogs::attach(EngineClient &engine, const QList<QPair<QString, QString>> &fixtures, BinaryReport &report,
                         const QStringList &secrets)
{
    if (fixtures.isEmpty())
        return;
    qint64 from = std::numeric_limits<qint64>::max();
    qint64 to = -1;
    for (const TestResult &t : std::as_const(report.results)) {
        if (!wants(t))
            continue;
        from = std::min(from, t.startMs);
        to = std::max(to, t.endMs);
    }
    if (to < 0)
        return;
    const FixtureLogs logs = fetched(engine, fixtures, from, to);
    for (TestResult &t : report.results)
        if (wants(t))
            t.fixtureLog = logs.excerpt(t.startMs, t.endMs, secrets);
}

FixtureLogs FixtureLogs::fetched(EngineClient &engine, const QList<QPair<QString, QString>> &fixtures, qint64 fromMs, qint64 toMs)
{
    FixtureLogs logs;
    for (const auto &[fixture, project] : fixtures)
        logs.fetch(engine, fixture, project, fromMs - kMarginMs, toMs + kMarginMs, fixtures.size() > 1);
    return logs;
}

QString FixtureLogs::read(EngineClient &engine, const QList<QPair<QString, QString>> &fixtures, qint64 startMs, qint64 endMs,
                          const QStringList &secrets)
{
    return fetched(engine, fixtures, startMs, endMs).excerpt(startMs, endMs, secrets);
}

} // namespace fixbench
