#include "terminalprogress.h"

#include <unistd.h>

namespace fixbench {

TerminalProgress::TerminalProgress(FILE *out) : m_out(out), m_tty(isTerminal(out)) {}

TerminalProgress::~TerminalProgress()
{
    if (m_drawn)
        clearLine();
}

bool TerminalProgress::isTerminal(FILE *f)
{
    return ::isatty(fileno(f)) && qEnvironmentVariable("TERM") != QLatin1String("dumb") && !qEnvironmentVariableIsSet("CI");
}

void TerminalProgress::begin(const QString &subject)
{
    m_subject = subject;
    m_step.clear();
    m_line.clear();
    m_timer.start();
    if (m_tty)
        draw();
}

void TerminalProgress::update(const QString &step, const QString &line)
{
    m_step = step;
    m_line = line;
    if (m_tty) {
        draw();
    } else {
        fprintf(m_out, "[%s] %s: %s\n", qPrintable(m_subject), qPrintable(step), qPrintable(line));
        fflush(m_out);
    }
}

void TerminalProgress::note(const QString &line)
{
    if (m_tty && m_drawn)
        clearLine();
    fprintf(m_out, "%s\n", qPrintable(line));
    fflush(m_out);
    if (m_tty)
        draw();
}

void TerminalProgress::finish(bool ok, const QString &message)
{
    if (m_tty && m_drawn)
        clearLine();
    if (m_tty)
        fprintf(m_out, "%s %s\n", ok ? "\x1b[32m✔\x1b[0m" : "\x1b[31m✘\x1b[0m", qPrintable(message));
    else
        fprintf(m_out, "[%s] %s: %s\n", qPrintable(m_subject), ok ? "done" : "failed", qPrintable(message));
    fflush(m_out);
    m_drawn = false;
}

void TerminalProgress::clearLine()
{
    fputs("\r\x1b[K", m_out);
    fflush(m_out);
    m_drawn = false;
}

void TerminalProgress::draw()
{
    static const char *frames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    QString text = m_subject;
    if (!m_step.isEmpty())
        text += QStringLiteral(" · ") + m_step;
    if (!m_line.isEmpty())
        text += QStringLiteral(" · ") + m_line;
    text += QStringLiteral(" (%1 s)").arg(m_timer.elapsed() / 1000.0, 0, 'f', 1);
    if (text.size() > 110)
        text = text.left(107) + QStringLiteral("...");
    fprintf(m_out, "\r\x1b[K\x1b[36m%s\x1b[0m %s", frames[m_frame++ % 10], qPrintable(text));
    fflush(m_out);
    m_drawn = true;
}

} // namespace fixbench
