#include "logdelegate.h"

#include "logsmodel.h"

#include <QApplication>
#include <QPainter>

namespace fixbench {

namespace {
constexpr int kMarginX = 4;
constexpr int kStderrBar = 3;
} // namespace

LogDelegate::LogDelegate(LogsModel *model, QObject *parent) : QStyledItemDelegate(parent), m_model(model), m_cache(4000) {}

bool LogDelegate::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor LogDelegate::serviceColor(int serviceIndex, bool dark)
{
    // Hues far apart first; the same order as `fixbench logs` on a terminal (cyan,
    // yellow, green, magenta, blue, red), then more.
    static const int hues[] = {190, 45, 120, 300, 220, 0, 160, 270, 25, 330};
    const int hue = hues[serviceIndex % int(std::size(hues))];
    return dark ? QColor::fromHsl(hue, 170, 170) : QColor::fromHsl(hue, 200, 75);
}

void LogDelegate::setSearchText(const QString &text, Qt::CaseSensitivity cs)
{
    m_search = text;
    m_searchCase = cs;
}

const AnsiLine &LogDelegate::parsed(qint64 sequence, const QString &raw) const
{
    if (AnsiLine *hit = m_cache.object(sequence))
        return *hit;
    auto *line = new AnsiLine(AnsiParser::parse(raw));
    m_cache.insert(sequence, line, 1);
    return *line;
}

QSize LogDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QFontMetrics fm(option.font);
    const int chars = m_model->longestServiceName() + 3 + (m_model->showTimestamps() ? 13 : 0) + m_model->longestLine();
    return QSize(kMarginX * 2 + kStderrBar + fm.horizontalAdvance(QLatin1Char('M')) * chars, fm.height() + 2);
}

void LogDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QPalette &pal = option.palette;
    const bool dark = isDark(pal);
    const bool selected = option.state & QStyle::State_Selected;
    painter->save();
    painter->setClipRect(option.rect);
    if (selected)
        painter->fillRect(option.rect, pal.brush(QPalette::Highlight));
    else if (option.features & QStyleOptionViewItem::Alternate)
        painter->fillRect(option.rect, pal.brush(QPalette::AlternateBase));

    const QColor defaultText = selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text);
    QFont font = option.font;
    const QFontMetrics fm(font);
    const int baseline = option.rect.top() + 1 + fm.ascent();
    int x = option.rect.left() + kMarginX;

    if (index.data(LogsModel::StderrRole).toBool())
        painter->fillRect(QRect(option.rect.left(), option.rect.top(), kStderrBar, option.rect.height()),
                          AnsiParser::color(AnsiColor::indexed(1), dark));
    x += kStderrBar;

    // Service, padded to the longest name, in its colour.
    const QString service = index.data(LogsModel::ServiceRole).toString();
    const int serviceIndex = index.data(LogsModel::ServiceIndexRole).toInt();
    QFont boldFont = font;
    boldFont.setBold(true);
    painter->setFont(boldFont);
    painter->setPen(selected ? defaultText : serviceColor(serviceIndex, dark));
    painter->drawText(x, baseline, service);
    x += fm.horizontalAdvance(QLatin1Char('M')) * m_model->longestServiceName();
    painter->setFont(font);
    QColor dim = defaultText;
    dim.setAlphaF(0.55f);
    painter->setPen(dim);
    painter->drawText(x, baseline, QStringLiteral(" │ "));
    x += fm.horizontalAdvance(QStringLiteral(" │ "));

    if (m_model->showTimestamps()) {
        const QString ts = LogsModel::formatTimestamp(index.data(LogsModel::TimestampRole).toDateTime()) + QLatin1Char(' ');
        painter->drawText(x, baseline, ts);
        x += fm.horizontalAdvance(ts);
    }

    const qint64 seq = index.data(LogsModel::SequenceRole).toLongLong();
    const AnsiLine &line = parsed(seq, index.data(LogsModel::RawTextRole).toString());
    const int textX = x;

    // Search matches behind the text.
    if (!m_search.isEmpty()) {
        QColor mark = dark ? QColor(0xc8, 0x9b, 0x00) : QColor(0xff, 0xd5, 0x4f);
        for (qsizetype at = line.text.indexOf(m_search, 0, m_searchCase); at >= 0;
             at = line.text.indexOf(m_search, at + m_search.size(), m_searchCase)) {
            const int x0 = textX + fm.horizontalAdvance(line.text.left(at));
            const int w = fm.horizontalAdvance(line.text.mid(at, m_search.size()));
            painter->fillRect(QRect(x0, option.rect.top(), w, option.rect.height()), mark);
        }
    }

    const int right = option.rect.right();
    for (const AnsiSpan &span : line.spans) {
        if (x > right)
            break;
        const QString part = line.text.mid(span.start, span.length);
        const AnsiStyle &st = span.style;
        QColor fg = AnsiParser::color(st.foreground, dark);
        QColor bg = AnsiParser::color(st.background, dark);
        if (st.bold && st.foreground.kind == AnsiColor::Kind::Indexed && st.foreground.value < 8)
            fg = AnsiParser::color(AnsiColor::indexed(int(st.foreground.value) + 8), dark); // bold = bright
        if (!fg.isValid())
            fg = defaultText;
        if (st.inverse) {
            const QColor f = fg;
            fg = bg.isValid() ? bg : pal.color(QPalette::Base);
            bg = f;
        }
        if (st.faint)
            fg.setAlphaF(0.6f);
        QFont f = font;
        f.setBold(st.bold);
        f.setItalic(st.italic);
        f.setUnderline(st.underline);
        f.setStrikeOut(st.strikeOut);
        const QFontMetrics pm(f);
        const int w = pm.horizontalAdvance(part);
        if (bg.isValid())
            painter->fillRect(QRect(x, option.rect.top(), w, option.rect.height()), bg);
        painter->setFont(f);
        painter->setPen(fg);
        painter->drawText(x, baseline, part);
        x += w;
    }
    if (option.state & QStyle::State_HasFocus) {
        QPen pen(pal.color(QPalette::Highlight).darker(130));
        pen.setStyle(Qt::DotLine);
        painter->setPen(pen);
        painter->drawRect(option.rect.adjusted(0, 0, -1, -1));
    }
    painter->restore();
}

} // namespace fixbench
