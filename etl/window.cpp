#include "window.h"

#include "utctime.h"

#include <QRegularExpression>

namespace fixbench::etl {

QDateTime Window::truncateToMinute(const QDateTime &t)
{
    return QDateTime::fromSecsSinceEpoch(UtcTime::floorDiv(t.toSecsSinceEpoch(), 60) * 60, Qt::UTC);
}

QDateTime Window::nextWholeMinute(const QDateTime &t)
{
    const qint64 ms = t.toMSecsSinceEpoch();
    const qint64 minute = -UtcTime::floorDiv(-ms, 60000); // ceil
    return QDateTime::fromSecsSinceEpoch(minute * 60, Qt::UTC);
}

Window Window::containing(const QDateTime &t)
{
    if (!t.isValid())
        return Window();
    const qint64 minute = UtcTime::floorDiv(t.toSecsSinceEpoch(), 60);
    const qint64 endMinute = -UtcTime::floorDiv(-minute, kMinutes) * kMinutes; // ceil to 10
    return Window(QDateTime::fromSecsSinceEpoch(endMinute * 60, Qt::UTC));
}

Window Window::endingAt(const QDateTime &end)
{
    if (!end.isValid())
        return Window();
    const qint64 secs = end.toSecsSinceEpoch();
    if (end.toMSecsSinceEpoch() % 1000 != 0 || secs % (kMinutes * 60) != 0)
        return Window();
    return Window(end.toUTC());
}

std::optional<Window> Window::fromFileName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral(R"(^file-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})\.csv$)"));
    const QRegularExpressionMatch m = re.match(name);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime t(m.captured(4).toInt(), m.captured(5).toInt());
    if (!d.isValid() || !t.isValid())
        return std::nullopt;
    const Window w = endingAt(QDateTime(d, t, Qt::UTC));
    if (!w.isValid())
        return std::nullopt;
    return w;
}

QDateTime Window::firstMinute() const
{
    return m_end.addSecs(-(kMinutes - 1) * 60);
}

bool Window::contains(const QDateTime &t) const
{
    return isValid() && containing(t) == *this;
}

Window Window::next() const
{
    return isValid() ? Window(m_end.addSecs(kMinutes * 60)) : Window();
}

Window Window::previous() const
{
    return isValid() ? Window(m_end.addSecs(-kMinutes * 60)) : Window();
}

QString Window::fileName() const
{
    return QStringLiteral("file-") + m_end.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH-mm")) + QStringLiteral(".csv");
}

QString Window::label() const
{
    return UtcTime::formatMinute(m_end);
}

} // namespace fixbench::etl
