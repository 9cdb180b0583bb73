#pragma once

#include "ansiparser.h"

#include <QCache>
#include <QStyledItemDelegate>

namespace fixbench {

class LogsModel;

// Paints one log line on one row: the service (in its colour), the time when shown, and
// the text with its ANSI colours and styles; occurrences of the search text are
// highlighted. Rows have a uniform height (one line of the view's fixed-pitch font), so a
// QListView with uniformItemSizes never measures more than one row. Parsed lines are
// cached by line number, so scrolling does not re-parse.
class LogDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit LogDelegate(LogsModel *model, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    void setSearchText(const QString &text, Qt::CaseSensitivity cs = Qt::CaseInsensitive);
    QString searchText() const { return m_search; }

    // A colour per service (by order of appearance), readable on the background.
    static QColor serviceColor(int serviceIndex, bool darkBackground);
    static bool isDark(const QPalette &palette);

private:
    const AnsiLine &parsed(qint64 sequence, const QString &raw) const;

    LogsModel *m_model;
    QString m_search;
    Qt::CaseSensitivity m_searchCase = Qt::CaseInsensitive;
    mutable QCache<qint64, AnsiLine> m_cache;
};

} // namespace fixbench
