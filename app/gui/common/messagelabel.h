#pragma once

#include <QLabel>

namespace fixbench {

// A label for a message that may be long (compose's output, a hook's last lines): the
// panel shows at most a few lines, each cut to a length, so a long error never takes the
// panel's room; "Details…" opens the whole text (selectable, copyable), which is the
// tooltip too. Short messages show whole, without the link.
class MessageLabel : public QLabel {
    Q_OBJECT
public:
    explicit MessageLabel(QWidget *parent = nullptr, int maxLines = 3, int maxLineLength = 240);

    void setMessage(const QString &text);
    void clearMessage();
    QString message() const { return m_message; }
    // What the panel shows (plain text): the bounded lines, "…" where cut.
    QString shownText() const { return m_shown; }
    bool isCut() const { return m_cut; }

    // The first maxLines lines, each cut to maxLineLength characters, "…" where cut.
    static QString bounded(const QString &text, int maxLines, int maxLineLength, bool *cut = nullptr);

    // Opens the whole message in a dialog (what "Details…" does).
    void showDetails();

Q_SIGNALS:
    void detailsShown(const QString &text);

private:
    QString m_message;
    QString m_shown;
    int m_maxLines;
    int m_maxLineLength;
    bool m_cut = false;
};

} // namespace fixbench
