#pragma once

#include <QElapsedTimer>
#include <QString>

#include <cstdio>

namespace fixbench {

// Progress of a long operation on stderr. On a terminal: one line rewritten in place
// ("⠹ ftp_server · compose · Creating ... done", with the elapsed time); otherwise
// quiet, line-based output ("[ftp_server] compose: Creating ... done").
class TerminalProgress {
public:
    explicit TerminalProgress(FILE *out = stderr);
    ~TerminalProgress();

    static bool isTerminal(FILE *f);

    void begin(const QString &subject);
    void update(const QString &step, const QString &line);
    // Ends the operation: clears the live line and prints a final one.
    void finish(bool ok, const QString &message);
    // A line that must stay (e.g. a warning) without disturbing the live line.
    void note(const QString &line);

private:
    void draw();
    void clearLine();

    FILE *m_out;
    bool m_tty;
    QString m_subject;
    QString m_step;
    QString m_line;
    QElapsedTimer m_timer;
    int m_frame = 0;
    bool m_drawn = false;
};

} // namespace fixbench
