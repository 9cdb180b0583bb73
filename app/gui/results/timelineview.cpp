#include "timelineview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <limits>

namespace fixbench {

TimelineView::TimelineView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void TimelineView::setBars(const QList<RunTimeline::Bar> &bars)
{
    m_bars = bars;
    m_lanes = RunTimeline::lanesOf(bars);
    m_t0 = std::numeric_limits<qint64>::max();
    m_t1 = 0;
    for (const RunTimeline::Bar &b : bars) {
        m_t0 = std::min(m_t0, b.startMs);
        m_t1 = std::max(m_t1, std::max(b.startMs, b.endMs));
    }
    if (bars.isEmpty())
        m_t0 = m_t1 = 0;
    updateGeometry();
    update();
}

int TimelineView::rowOf(const RunTimeline::Bar &b) const
{
    return int(m_lanes.indexOf(b.lane)) * 2 + (b.part ? 1 : 0);
}

QRect TimelineView::barRect(qsizetype i) const
{
    if (i < 0 || i >= m_bars.size())
        return {};
    const RunTimeline::Bar &b = m_bars.at(i);
    const int plot = std::max(100, width() - kLabelWidth - 12);
    const double span = double(std::max<qint64>(1, m_t1 - m_t0));
    auto x = [&](qint64 ms) { return kLabelWidth + int(double(ms - m_t0) * plot / span); };
    const qint64 end = b.endMs < 0 ? m_t1 : b.endMs;
    const int left = x(b.startMs);
    return QRect(left, kTop + rowOf(b) * kRowHeight + 3, std::max(2, x(end) - left), kRowHeight - 6);
}

qsizetype TimelineView::barAt(const QPoint &p) const
{
    // Parts and tests are drawn last: the smallest bar under the point wins.
    for (qsizetype i = m_bars.size() - 1; i >= 0; --i)
        if (barRect(i).contains(p))
            return i;
    return -1;
}

QSize TimelineView::sizeHint() const
{
    return QSize(kLabelWidth + 600, kTop + int(m_lanes.size()) * 2 * kRowHeight + 12);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    if (m_bars.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Run tests to see the run on a time axis."));
        return;
    }
    const qint64 span = std::max<qint64>(1, m_t1 - m_t0);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(kLabelWidth, 4, width() - kLabelWidth - 12, kTop - 8), Qt::AlignRight | Qt::AlignVCenter,
               tr("%1 s").arg(span / 1000.0, 0, 'f', 1));
    for (qsizetype lane = 0; lane < m_lanes.size(); ++lane) {
        const bool fixture = std::any_of(m_bars.begin(), m_bars.end(),
                                         [&](const RunTimeline::Bar &b) { return b.lane == m_lanes[lane] && b.isFixture; });
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const int y = kTop + int(lane) * 2 * kRowHeight;
        p.drawText(QRect(6, y, kLabelWidth - 10, kRowHeight), Qt::AlignVCenter,
                   (fixture ? tr("fixture %1") : tr("binary %1")).arg(m_lanes[lane]));
        p.setFont(font());
        p.drawText(QRect(16, y + kRowHeight, kLabelWidth - 20, kRowHeight), Qt::AlignVCenter,
                   fixture ? tr("up: compose, readiness, hooks") : tr("tests"));
    }
    for (qsizetype i = 0; i < m_bars.size(); ++i) {
        const RunTimeline::Bar &b = m_bars.at(i);
        QColor fill = b.failed() ? QColor(0xe5, 0x39, 0x35)
            : b.phase == QLatin1String("test")   ? (b.status == QLatin1String("passed") ? QColor(0x66, 0xbb, 0x6a) : QColor(0xff, 0xca, 0x28))
            : b.phase == QLatin1String("binary") ? QColor(0xb0, 0xbe, 0xc5)
            : b.part                             ? QColor(0x79, 0x86, 0xcb)
                                                 : QColor(0x64, 0xb5, 0xf6);
        p.fillRect(barRect(i), fill);
        if (b.failed()) {
            p.setPen(QPen(QColor(0xb7, 0x1c, 0x1c), 2));
            p.drawRect(barRect(i));
        }
    }
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    const qsizetype i = barAt(event->position().toPoint());
    if (i >= 0 && !m_bars.at(i).test.isEmpty())
        Q_EMIT testActivated(m_bars.at(i).lane, m_bars.at(i).test);
    QWidget::mousePressEvent(event);
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const qsizetype i = barAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
            return true;
        }
        const RunTimeline::Bar &b = m_bars.at(i);
        const qint64 end = b.endMs < 0 ? m_t1 : b.endMs;
        QString tip = tr("%1 — %2, %3 s").arg(b.label, b.endMs < 0 ? tr("unfinished") : b.status).arg((end - b.startMs) / 1000.0, 0, 'f', 3);
        if (!b.details.isEmpty())
            tip += QStringLiteral("\n\n") + b.details.left(4000);
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace fixbench
