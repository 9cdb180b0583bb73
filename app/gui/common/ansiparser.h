#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringView>

namespace fixbench {

// A colour as an ANSI SGR sequence names it: the terminal's default, one of the 256
// indexed colours (0-15 the theme's basic and bright colours), or a 24-bit colour.
struct AnsiColor {
    enum class Kind : quint8 { Default, Indexed, Rgb };
    Kind kind = Kind::Default;
    quint32 value = 0; // index 0-255, or 0xRRGGBB

    bool isDefault() const { return kind == Kind::Default; }
    bool operator==(const AnsiColor &o) const { return kind == o.kind && value == o.value; }
    static AnsiColor indexed(int i) { return {Kind::Indexed, quint32(i)}; }
    static AnsiColor rgb(int r, int g, int b) { return {Kind::Rgb, quint32((r << 16) | (g << 8) | b)}; }
};

struct AnsiStyle {
    AnsiColor foreground;
    AnsiColor background;
    bool bold = false;
    bool faint = false;
    bool italic = false;
    bool underline = false;
    bool inverse = false;
    bool strikeOut = false;

    bool isPlain() const;
    bool operator==(const AnsiStyle &o) const;
};

// A run of text in one style: [start, start + length) of AnsiLine::text.
struct AnsiSpan {
    int start = 0;
    int length = 0;
    AnsiStyle style;
};

// A line with its escape sequences parsed away: the text to show and its styled runs.
// Spans cover the whole text, in order, adjacent runs of equal style merged.
struct AnsiLine {
    QString text;
    QList<AnsiSpan> spans;
};

// Parses one line of terminal output into text and styles: SGR (ESC [ ... m) colours —
// 8/16 colours, 256 (38;5;n) and 24-bit (38;2;r;g;b) — bold, faint, italic, underline,
// inverse, strike-out and their resets. Other escape sequences (cursor movement, erase,
// OSC titles and hyperlinks, charset selection) are dropped, as are control characters;
// tabs become spaces to the next multiple of 8; a carriage return inside the line keeps
// only what follows it, as a terminal would show it.
class AnsiParser {
public:
    static AnsiLine parse(QStringView input);
    // The text alone (what search and "save" use); fast when there is no escape.
    static QString strip(QStringView input);
    static bool hasEscapes(QStringView input);

    // The colour a style's index stands for, tuned for a light or a dark background.
    static QColor color(const AnsiColor &c, bool darkBackground);
};

} // namespace fixbench
