#include "ansiparser.h"

#include <QVarLengthArray>

namespace fixbench {

namespace {

constexpr char16_t kEsc = 0x1b;

void applySgr(AnsiStyle &s, const QVarLengthArray<int, 16> &p)
{
    if (p.isEmpty()) {
        s = AnsiStyle();
        return;
    }
    for (qsizetype i = 0; i < p.size(); ++i) {
        const int c = p[i];
        switch (c) {
        case 0: s = AnsiStyle(); break;
        case 1: s.bold = true; break;
        case 2: s.faint = true; break;
        case 3: s.italic = true; break;
        case 4: case 21: s.underline = true; break;
        case 7: s.inverse = true; break;
        case 9: s.strikeOut = true; break;
        case 22: s.bold = false; s.faint = false; break;
        case 23: s.italic = false; break;
        case 24: s.underline = false; break;
        case 27: s.inverse = false; break;
        case 29: s.strikeOut = false; break;
        case 39: s.foreground = AnsiColor(); break;
        case 49: s.background = AnsiColor(); break;
        case 38:
        case 48: {
            AnsiColor color;
            bool ok = false;
            if (i + 2 < p.size() && p[i + 1] == 5) {
                color = AnsiColor::indexed(std::clamp(p[i + 2], 0, 255));
                i += 2;
                ok = true;
            } else if (i + 4 < p.size() && p[i + 1] == 2) {
                color = AnsiColor::rgb(std::clamp(p[i + 2], 0, 255), std::clamp(p[i + 3], 0, 255), std::clamp(p[i + 4], 0, 255));
                i += 4;
                ok = true;
            } else {
                i = p.size(); // malformed: ignore the rest of the sequence
            }
            if (ok)
                (c == 38 ? s.foreground : s.background) = color;
            break;
        }
        default:
            if (c >= 30 && c <= 37)
                s.foreground = AnsiColor::indexed(c - 30);
            else if (c >= 40 && c <= 47)
                s.background = AnsiColor::indexed(c - 40);
            else if (c >= 90 && c <= 97)
                s.foreground = AnsiColor::indexed(c - 90 + 8);
            else if (c >= 100 && c <= 107)
                s.background = AnsiColor::indexed(c - 100 + 8);
            break;
        }
    }
}

// Parameters of an SGR sequence. "38:2::r:g:b" / "38:2:r:g:b" / "38:5:n" (colon
// sub-parameters) become the equivalent ';' form.
QVarLengthArray<int, 16> sgrParams(QStringView params)
{
    QVarLengthArray<int, 16> out;
    if (params.isEmpty())
        return out;
    for (QStringView group : params.split(u';')) {
        if (group.contains(u':')) {
            const auto sub = group.split(u':');
            const int head = sub.value(0).toInt();
            const int mode = sub.size() > 1 ? sub[1].toInt() : 0;
            if ((head == 38 || head == 48) && mode == 2 && sub.size() >= 5) {
                out << head << 2 << sub[sub.size() - 3].toInt() << sub[sub.size() - 2].toInt() << sub[sub.size() - 1].toInt();
            } else if ((head == 38 || head == 48) && mode == 5 && sub.size() >= 3) {
                out << head << 5 << sub[2].toInt();
            } else {
                out << head; // e.g. 4:3 (curly underline) → underline
            }
            continue;
        }
        out << group.toInt(); // "" → 0
    }
    return out;
}

} // namespace

bool AnsiStyle::isPlain() const
{
    return *this == AnsiStyle();
}

bool AnsiStyle::operator==(const AnsiStyle &o) const
{
    return foreground == o.foreground && background == o.background && bold == o.bold && faint == o.faint
        && italic == o.italic && underline == o.underline && inverse == o.inverse && strikeOut == o.strikeOut;
}

bool AnsiParser::hasEscapes(QStringView input)
{
    for (QChar c : input)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0))
            return true;
    return false;
}

AnsiLine AnsiParser::parse(QStringView in)
{
    while (!in.isEmpty() && (in.back() == u'\r' || in.back() == u'\n'))
        in.chop(1);
    AnsiLine out;
    out.text.reserve(in.size());
    AnsiStyle style;
    auto append = [&](QChar ch, int count = 1) {
        if (out.spans.isEmpty() || !(out.spans.last().style == style)) {
            if (!out.spans.isEmpty() && out.spans.last().length == 0)
                out.spans.last().style = style;
            else
                out.spans.append(AnsiSpan{int(out.text.size()), 0, style});
        }
        for (int k = 0; k < count; ++k)
            out.text.append(ch);
        out.spans.last().length += count;
    };
    const qsizetype n = in.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = in[i].unicode();
        if (c == kEsc) {
            if (i + 1 >= n)
                break;
            const char16_t next = in[i + 1].unicode();
            if (next == u'[') {
                qsizetype j = i + 2;
                while (j < n && !(in[j].unicode() >= 0x40 && in[j].unicode() <= 0x7e))
                    ++j;
                if (j >= n)
                    break; // unterminated: drop the rest
                if (in[j] == u'm') {
                    QStringView params = in.mid(i + 2, j - i - 2);
                    // Private sequences ("ESC[?25l", "ESC[>4m") are not SGR.
                    if (params.isEmpty() || (params[0] != u'?' && params[0] != u'>' && params[0] != u'<' && params[0] != u'='))
                        applySgr(style, sgrParams(params));
                }
                i = j;
            } else if (next == u']') {
                // OSC ... BEL or OSC ... ESC '\'
                qsizetype j = i + 2;
                while (j < n && in[j].unicode() != 0x07 && !(in[j].unicode() == kEsc && j + 1 < n && in[j + 1] == u'\\'))
                    ++j;
                i = (j < n && in[j].unicode() == kEsc) ? j + 1 : j;
            } else if (next == u'(' || next == u')' || next == u'*' || next == u'+') {
                i += 2; // charset designation: ESC ( B
            } else {
                i += 1; // two-character sequence (ESC =, ESC >, ESC 7, ...)
            }
        } else if (c == u'\r') {
            out.text.clear();
            out.spans.clear();
        } else if (c == u'\t') {
            append(QLatin1Char(' '), 8 - int(out.text.size() % 8));
        } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            // other control characters: nothing to show
        } else {
            append(QChar(c));
        }
    }
    if (!out.spans.isEmpty() && out.spans.last().length == 0)
        out.spans.removeLast();
    return out;
}

QString AnsiParser::strip(QStringView input)
{
    if (!hasEscapes(input))
        return input.toString();
    return parse(input).text;
}

QColor AnsiParser::color(const AnsiColor &c, bool dark)
{
    static const QRgb light16[16] = {0x000000, 0xc4261d, 0x2a8a2a, 0x9a7b00, 0x1f4fd1, 0xa93aa9, 0x0f8a94, 0x7a7a7a,
                                     0x5a5a5a, 0xe0362c, 0x34a334, 0xb08d00, 0x3d6cf0, 0xc04cc0, 0x18a0ab, 0x3c3c3c};
    static const QRgb dark16[16] = {0x7a7a7a, 0xf0605a, 0x6cc04a, 0xe0c050, 0x5aa0f0, 0xd77bd7, 0x4cc8c8, 0xd0d0d0,
                                    0x9a9a9a, 0xff7b73, 0x7ee85f, 0xf5e06a, 0x7cb4ff, 0xf08af0, 0x6ee6e6, 0xffffff};
    switch (c.kind) {
    case AnsiColor::Kind::Default:
        return QColor();
    case AnsiColor::Kind::Rgb:
        return QColor::fromRgb(QRgb(c.value));
    case AnsiColor::Kind::Indexed:
        break;
    }
    const int i = int(c.value);
    if (i < 16)
        return QColor::fromRgb(dark ? dark16[i] : light16[i]);
    if (i < 232) {
        static const int levels[6] = {0, 95, 135, 175, 215, 255};
        const int v = i - 16;
        return QColor(levels[(v / 36) % 6], levels[(v / 6) % 6], levels[v % 6]);
    }
    const int g = 8 + 10 * (i - 232);
    return QColor(g, g, g);
}

} // namespace fixbench
