#include "messagelabel.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace fixbench {

MessageLabel::MessageLabel(QWidget *parent, int maxLines, int maxLineLength)
    : QLabel(parent), m_maxLines(maxLines), m_maxLineLength(maxLineLength)
{
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Maximum);
    connect(this, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link == QLatin1String("#details"))
            showDetails();
    });
}

QString MessageLabel::bounded(const QString &text, int maxLines, int maxLineLength, bool *cut)
{
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    bool wasCut = false;
    if (lines.size() > maxLines) {
        lines = lines.mid(0, maxLines);
        lines.last() += QStringLiteral(" …");
        wasCut = true;
    }
    for (QString &line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.size() > maxLineLength) {
            line = line.left(maxLineLength) + QStringLiteral("…");
            wasCut = true;
        }
    }
    if (cut)
        *cut = wasCut;
    return lines.join(QLatin1Char('\n'));
}

void MessageLabel::setMessage(const QString &text)
{
    m_message = text;
    m_shown = bounded(text, m_maxLines, m_maxLineLength, &m_cut);
    QString html = m_shown.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    if (m_cut)
        html += QStringLiteral(" <a href=\"#details\">%1</a>").arg(tr("Details…").toHtmlEscaped());
    setText(html);
    setToolTip(m_cut ? text : QString());
}

void MessageLabel::clearMessage()
{
    m_message.clear();
    m_shown.clear();
    m_cut = false;
    clear();
    setToolTip(QString());
}

void MessageLabel::showDetails()
{
    auto *dialog = new QDialog(window());
    dialog->setObjectName(QStringLiteral("messageDetails"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Details"));
    auto *text = new QPlainTextEdit(dialog);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setPlainText(m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(760, 420);
    dialog->open();
    Q_EMIT detailsShown(m_message);
}

} // namespace fixbench
