#include "base/ansi.h"

namespace fixbench::ansi {

QString strip(QStringView line)
{
    if (!line.contains(QChar(0x1b)))
        return line.toString();
    QString out;
    out.reserve(line.size());
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c != QChar(0x1b)) {
            out += c;
            continue;
        }
        if (i + 1 >= line.size())
            break;
        const QChar kind = line[i + 1];
        if (kind == QLatin1Char('[')) { // CSI: parameters, intermediates, one final byte @..~
            qsizetype j = i + 2;
            while (j < line.size() && !(line[j].unicode() >= 0x40 && line[j].unicode() <= 0x7e))
                ++j;
            i = j;
        } else if (kind == QLatin1Char(']')) { // OSC: up to BEL or ESC backslash
            qsizetype j = i + 2;
            while (j < line.size() && line[j] != QChar(0x07)
                   && !(line[j] == QChar(0x1b) && j + 1 < line.size() && line[j + 1] == QLatin1Char('\\')))
                ++j;
            i = (j < line.size() && line[j] == QChar(0x1b)) ? j + 1 : j;
        } else {
            // nF escapes (ESC, intermediates 0x20-0x2F, one final byte: "ESC ( B"), or
            // a two-character escape.
            qsizetype j = i + 1;
            while (j < line.size() && line[j].unicode() >= 0x20 && line[j].unicode() <= 0x2f)
                ++j;
            i = j;
        }
    }
    return out;
}

} // namespace fixbench::ansi
