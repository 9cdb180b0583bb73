#pragma once

#include "run/runtimeline.h"

#include <QList>
#include <QWidget>

namespace fixbench {

// The last run on a time axis (RunTimeline's bars, as `fixbench run --timeline` draws
// them): per fixture its steps and, below, the parts of its up; per binary its bar and,
// below, its tests, failures in red. A bar's tooltip gives its times (a failed test's:
// its failure and fixture log); clicking a test's bar selects that test, whose result
// shows its fixture logs.
class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setBars(const QList<RunTimeline::Bar> &bars);
    const QList<RunTimeline::Bar> &bars() const { return m_bars; }
    // Where bar `i` is drawn (empty when there is none).
    QRect barRect(qsizetype i) const;
    qsizetype barAt(const QPoint &p) const; // -1: none

    QSize sizeHint() const override;

Q_SIGNALS:
    void testActivated(const QString &binary, const QString &fullName);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    static constexpr int kLabelWidth = 220;
    static constexpr int kRowHeight = 22;
    static constexpr int kTop = 28;
    int rowOf(const RunTimeline::Bar &b) const;

    QList<RunTimeline::Bar> m_bars;
    QStringList m_lanes;
    qint64 m_t0 = 0;
    qint64 m_t1 = 0;
};

} // namespace fixbench
