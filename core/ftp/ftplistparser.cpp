#include "ftp/ftplistparser.h"

#include <QRegularExpression>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <limits>

namespace fixbench {

namespace {

bool isAscii(QByteArrayView bytes)
{
    unsigned char any = 0;
    for (const char c : bytes) // no early exit: the compiler makes it wide
        any |= static_cast<unsigned char>(c);
    return any < 0x80;
}

// UTF-8 when valid, else Latin-1 (every byte kept) and *latin1 = true. ASCII, what
// nearly every name is, takes one pass (Latin-1's conversion; it is the same text).
QString decode(QByteArrayView bytes, bool *latin1)
{
    if (isAscii(bytes)) {
        *latin1 = false;
        return QString::fromLatin1(bytes);
    }
    *latin1 = !bytes.isValidUtf8();
    return *latin1 ? QString::fromLatin1(bytes) : QString::fromUtf8(bytes);
}

// Milliseconds since 1970 of a valid date and a time of day (UTC): days from the civil
// date (H. Hinnant's days_from_civil), as QDateTime(date, time, Qt::UTC) holds them.
QDateTime utcDateTime(int y, int m, int d, int hour, int minute, int second = 0, int ms = 0)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const qint64 days = era * 146097 + doe - 719468;
    return QDateTime::fromMSecsSinceEpoch(((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + ms, Qt::UTC);
}

// "Now + a day" broken down once per listing: the year of a time-form date is the
// latest one that does not put it after this moment (see the header).
struct Clock {
    int year = 0, month = 0, day = 0, minutes = 0;
    explicit Clock(const QDateTime &nowUtc)
    {
        const QDateTime limit = nowUtc.toUTC().addDays(1);
        year = limit.date().year();
        month = limit.date().month();
        day = limit.date().day();
        minutes = limit.time().hour() * 60 + limit.time().minute();
    }
    int yearOf(int m, int d, int hour, int minute) const
    {
        const int at = hour * 60 + minute;
        const bool later = m > month || (m == month && (d > day || (d == day && at > minutes)));
        int y = later ? year - 1 : year;
        for (int i = 0; i < 8 && !QDate::isValid(y, m, d); ++i)
            --y; // Feb 29 of a common year
        return y;
    }
};

// A string equal to the last one returned shares its data (owner, group and
// permissions repeat on every line of a listing); compared as the bytes it came from.
struct SharedText {
    QByteArray bytes;
    QString text;
};
const QString &shared(SharedText &cache, QByteArrayView v)
{
    if (cache.bytes.isNull() || QByteArrayView(cache.bytes) != v) {
        cache.bytes = v.toByteArray();
        cache.text = QString::fromUtf8(v);
    }
    return cache.text;
}

struct ListContext {
    Clock clock;
    SharedText owner, group, perms;
    qint64 lastMinute = -1; // the last time's year..minute packed, and its QDateTime
    QDateTime lastTime;
};

QString shorten(const QString &s)
{
    return s.size() > 120 ? s.left(117) + QStringLiteral("...") : s;
}

bool isSpace(QChar c) { return c == QLatin1Char(' ') || c == QLatin1Char('\t'); }

struct Token {
    qsizetype begin;
    qsizetype end; // one past
};

QString modeToRwx(int mode)
{
    static const char bits[] = "rwxrwxrwx";
    QString s(9, QLatin1Char('-'));
    for (int i = 0; i < 9; ++i)
        if (mode & (0400 >> i))
            s[i] = QLatin1Char(bits[i]);
    return s;
}

std::optional<FtpEntry> fail(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return std::nullopt;
}

std::optional<FtpEntry> skip(QString *why)
{
    if (why)
        why->clear();
    return std::nullopt;
}

bool digitsOnly(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

int monthOf(QByteArrayView s)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (s.size() != 3)
        return 0;
    const char a = char(s[0] | 0x20), b = char(s[1] | 0x20), c = char(s[2] | 0x20);
    for (int i = 0; i < 12; ++i)
        if (names[3 * i] == a && names[3 * i + 1] == b && names[3 * i + 2] == c)
            return i + 1;
    return 0;
}

bool hourMinute(QByteArrayView s, int *h, int *m)
{
    const qsizetype colon = s.indexOf(':');
    if (colon < 1 || colon > 2 || s.size() != colon + 3 || !digitsOnly(s.first(colon)) || !digitsOnly(s.sliced(colon + 1)))
        return false;
    *h = colon == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
    *m = (s[colon + 1] - '0') * 10 + (s[colon + 2] - '0');
    return *h < 24 && *m < 60;
}

// A size of digits; nullopt when it does not fit 64 bits (a 20-digit size is real:
// 18446744073709551615 is what some servers print for "unknown").
std::optional<qint64> sizeOf(QByteArrayView s)
{
    qint64 v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        if (v > (std::numeric_limits<qint64>::max() - (c - '0')) / 10)
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

int number(QByteArrayView s)
{
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

using ByteTokens = QVarLengthArray<Token, 24>;

ByteTokens tokenizeBytes(QByteArrayView line)
{
    ByteTokens tokens;
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i >= n)
            break;
        const qsizetype b = i;
        while (i < n && line[i] != ' ' && line[i] != '\t')
            ++i;
        tokens.append({b, i});
    }
    return tokens;
}

bool isUnixModeBytes(QByteArrayView t)
{
    auto in = [](char c, const char *set) { return c && strchr(set, c); };
    if (t.size() < 10 || t.size() > 11 || !in(t[0], "-dlcbpsDn?"))
        return false;
    for (int i = 1; i < 10; ++i) {
        switch (t[i]) {
        case '-': case 'r': case 'w': case 'x': case 's': case 'S': case 't': case 'T': case 'l': case 'L': continue;
        default: return false;
        }
    }
    return t.size() == 10 || in(t[10], "+.@");
}

// A Unix `ls -l` line, tokenized as bytes (everything before the name is ASCII in
// practice; owner, group and name are decoded as UTF-8).
std::optional<FtpEntry> parseUnix(QByteArrayView line, const ByteTokens &t, ListContext &ctx, bool *latin1, QString *why,
                                 QString *note)
{
    auto tok = [&](qsizetype i) { return line.sliced(t[i].begin, t[i].end - t[i].begin); };
    const qsizetype n = t.size();

    // Find the date: MONTH DAY TIME|YEAR, or YYYY-MM-DD HH:MM, preceded by the size.
    // Every valid candidate is considered, then the one in the usual columns wins:
    // `mode links owner group SIZE date` (size at 4), `mode links owner SIZE date` (3),
    // a device's `major, minor` or an extra column (5, 6...), and only then a size at
    // 1 or 2 — so a group named like a month followed by small numbers (`1000 may 7
    // 2048 Dec  1  2021 old.txt`) is not taken for the date, and a date-like name
    // never is (it comes after the real date).
    struct Candidate {
        qsizetype timeAt, sizeAt;
        int year, month, day; // valid only when validDate()
        int hour, minute;
        bool haveTime;
    };
    std::optional<Candidate> best;
    auto rank = [](qsizetype sizeAt) { return sizeAt == 4 ? 0 : sizeAt == 3 ? 1 : sizeAt >= 5 ? int(sizeAt) : 100 + int(sizeAt); };
    bool sawInvalid = false;
    for (qsizetype m = 2; m + 1 < n; ++m) {
        if (best && rank(m - 1) >= rank(best->sizeAt))
            continue;
        const QByteArrayView size = tok(m - 1);
        const bool sizeLike = digitsOnly(size) || std::memchr(size.data(), ',', size_t(size.size()));
        if (!sizeLike)
            continue;
        Candidate c{-1, m - 1, 0, 0, 0, 0, 0, false};
        const int month = monthOf(tok(m));
        if (month && m + 2 < n && tok(m + 1).size() <= 2 && digitsOnly(tok(m + 1))) {
            const int day = number(tok(m + 1));
            const QByteArrayView tm = tok(m + 2);
            int year = 0;
            if (hourMinute(tm, &c.hour, &c.minute)) {
                c.haveTime = true;
                year = ctx.clock.yearOf(month, day, c.hour, c.minute);
            } else if (tm.size() == 4 && digitsOnly(tm)) {
                year = number(tm);
            } else {
                continue;
            }
            c.year = year;
            c.month = month;
            c.day = day;
            c.timeAt = m + 2;
        } else {
            // long-iso: 2022-11-20 12:10
            const QByteArrayView d = tok(m);
            if (d.size() == 10 && d[4] == '-' && d[7] == '-' && digitsOnly(d.first(4)) && digitsOnly(d.sliced(5, 2))
                && digitsOnly(d.sliced(8, 2)) && digitsOnly(size) && hourMinute(tok(m + 1), &c.hour, &c.minute)) {
                c.year = number(d.first(4));
                c.month = number(d.sliced(5, 2));
                c.day = number(d.sliced(8, 2));
                c.haveTime = true;
                c.timeAt = m + 1;
            } else {
                continue;
            }
        }
        if (!QDate::isValid(c.year, c.month, c.day)) {
            sawInvalid = true;
            continue;
        }
        if (t[c.timeAt].end + 1 >= line.size())
            continue; // no name after it
        best = c;
    }
    if (!best)
        return fail(why, sawInvalid ? QStringLiteral("invalid date")
                                    : QStringLiteral("no size, date (`Nov 20 12:10`, `Nov 20  2021` or `2022-11-20 12:10`) "
                                                     "and name found"));
    const qsizetype timeAt = best->timeAt, sizeAt = best->sizeAt;
    const int hour = best->hour, minute = best->minute;
    const bool haveTime = best->haveTime;

    const qsizetype nameBegin = t[timeAt].end + 1;
    QString name = decode(line.sliced(nameBegin), latin1);

    FtpEntry e;
    switch (line[t[0].begin]) {
    case '-': e.type = FtpEntry::Type::File; break;
    case 'd': e.type = FtpEntry::Type::Directory; break;
    case 'l': e.type = FtpEntry::Type::Link; break;
    default: e.type = FtpEntry::Type::Other; break;
    }
    if (e.type == FtpEntry::Type::Link) {
        const qsizetype arrow = name.indexOf(QLatin1String(" -> "));
        if (arrow > 0) {
            e.linkTarget = name.mid(arrow + 4);
            name.truncate(arrow);
        }
    }
    if (name.size() <= 2 && (name == QLatin1String(".") || name == QLatin1String("..")))
        return skip(why);
    e.name = name;
    e.permissions = shared(ctx.perms, tok(0).sliced(1, 9));

    // Device files print "major, minor" where the size would be.
    const bool device = tok(sizeAt).contains(',') || (sizeAt >= 2 && tok(sizeAt - 1).endsWith(','));
    if (!device) {
        if (auto size = sizeOf(tok(sizeAt)))
            e.size = *size;
        else if (note) // unknown (-1), never a wrong number
            *note = QStringLiteral("size `%1` does not fit 64 bits; shown as unknown").arg(QString::fromLatin1(tok(sizeAt)));
    }
    qsizetype ownerFrom = 1, ownerTo = device && tok(sizeAt - 1).endsWith(',') ? sizeAt - 1 : sizeAt;
    if (ownerFrom < ownerTo && digitsOnly(tok(ownerFrom)) && ownerTo - ownerFrom >= 2)
        ++ownerFrom; // the link count
    if (ownerFrom < ownerTo)
        e.owner = shared(ctx.owner, tok(ownerFrom));
    if (ownerFrom + 1 < ownerTo)
        e.group = shared(ctx.group, line.sliced(t[ownerFrom + 1].begin, t[ownerTo - 1].end - t[ownerFrom + 1].begin));

    e.modified = utcDateTime(best->year, best->month, best->day, haveTime ? hour : 0, haveTime ? minute : 0);
    return e;
}

std::optional<FtpEntry> parseDos(const QString &line, QString *why, QString *note)
{
    // 11-20-22  12:10PM       <DIR>          name
    // 11-20-2022  13:10                  12 name
    // 2002-09-02  18:48       <DIR>          name        (IIS with a four-digit year first)
    // 09-02-2002  06:48PM              9,730 name        (thousands separators)
    static const QRegularExpression re(QStringLiteral(
        "^(?:(\\d{2})-(\\d{2})-(\\d{2}|\\d{4})|(\\d{4})-(\\d{2})-(\\d{2}))\\s+(\\d{1,2}):(\\d{2})\\s*([AaPp][Mm])?\\s+"
        "(<DIR>|<dir>|\\d{1,3}(?:,\\d{3})+|\\d+)\\s"));
    const auto m = re.match(line);
    if (!m.hasMatch())
        return fail(why, QStringLiteral("not a Unix (`ls -l`) or DOS/IIS listing line"));
    const bool isoDate = m.capturedLength(4) > 0;
    int year = m.capturedView(isoDate ? 4 : 3).toInt();
    if (!isoDate && m.capturedView(3).size() == 2)
        year += year < 70 ? 2000 : 1900;
    const QDate date = isoDate ? QDate(year, m.capturedView(5).toInt(), m.capturedView(6).toInt())
                               : QDate(year, m.capturedView(1).toInt(), m.capturedView(2).toInt());
    int hour = m.capturedView(7).toInt();
    const int minute = m.capturedView(8).toInt();
    if (m.capturedLength(9) > 0) {
        if (hour < 1 || hour > 12)
            return fail(why, QStringLiteral("invalid time"));
        const bool pm = m.capturedView(9).at(0).toLower() == QLatin1Char('p');
        hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (!date.isValid() || hour > 23 || minute > 59)
        return fail(why, QStringLiteral("invalid date or time"));
    FtpEntry e;
    qsizetype nameBegin = m.capturedEnd(0);
    const bool dir = m.capturedView(10).compare(QLatin1String("<DIR>"), Qt::CaseInsensitive) == 0;
    if (dir) {
        e.type = FtpEntry::Type::Directory;
        while (nameBegin < line.size() && isSpace(line[nameBegin]))
            ++nameBegin; // IIS pads <DIR> with spaces up to the name column
    } else {
        e.type = FtpEntry::Type::File;
        QByteArray digits = m.capturedView(10).toLatin1();
        digits.replace(',', QByteArray());
        if (auto size = sizeOf(digits))
            e.size = *size;
        else if (note)
            *note = QStringLiteral("size `%1` does not fit 64 bits; shown as unknown").arg(m.capturedView(10));
    }
    const QString name = line.mid(nameBegin);
    if (name.isEmpty())
        return fail(why, QStringLiteral("no name"));
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return skip(why);
    e.name = name;
    e.modified = QDateTime(date, QTime(hour, minute), Qt::UTC);
    return e;
}

} // namespace

QList<QByteArray> FtpListParser::splitLines(const QByteArray &text)
{
    QList<QByteArray> lines;
    qsizetype from = 0;
    while (from < text.size()) {
        qsizetype nl = text.indexOf('\n', from);
        if (nl < 0)
            nl = text.size();
        qsizetype end = nl;
        if (end > from && text[end - 1] == '\r')
            --end;
        lines.append(text.mid(from, end - from));
        from = nl + 1;
    }
    return lines;
}

int FtpListParser::inferYear(int month, int day, int hour, int minute, const QDateTime &nowUtc)
{
    return Clock(nowUtc).yearOf(month, day, hour, minute);
}

namespace {

QDateTime timeVal(QByteArrayView t)
{
    t = t.trimmed();
    if (t.size() < 14)
        return {};
    auto digits = [&](qsizetype from, qsizetype n) {
        int v = 0;
        for (qsizetype i = from; i < from + n; ++i) {
            if (t[i] < '0' || t[i] > '9')
                return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    const int y = digits(0, 4), mo = digits(4, 2), d = digits(6, 2), h = digits(8, 2), mi = digits(10, 2), sec = digits(12, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0)
        return {};
    int ms = 0;
    if (t.size() > 14) {
        if (t[14] != '.' || t.size() == 15)
            return {};
        for (qsizetype i = 15; i < t.size(); ++i) {
            if (t[i] < '0' || t[i] > '9')
                return {};
            if (i < 18)
                ms = ms * 10 + (t[i] - '0');
        }
        for (qsizetype i = std::min<qsizetype>(t.size(), 18); i < 18; ++i)
            ms *= 10;
    }
    // a leap second counts as :59
    if (!QDate::isValid(y, mo, d) || !QTime::isValid(h, mi, std::min(59, sec), ms))
        return {};
    return utcDateTime(y, mo, d, h, mi, std::min(59, sec), ms);
}

} // namespace

QDateTime FtpListParser::parseTimeVal(const QByteArray &text)
{
    return timeVal(text);
}

namespace {

enum class Common { No, Skip, Entry };

// The shape nearly every Unix server sends, read in one pass: MODE LINKS OWNER GROUP SIZE
// MON DD HH:MM|YYYY NAME, spaces between. A size in the fifth column is the candidate
// parseUnix ranks first, so the entry is the one it would give; anything else (another
// shape, a tab, a device's "major, minor", a size beyond 64 bits, an invalid date) is
// Common::No and goes to parseUnix. A listing of 10,000 lines: a third of the work.
Common commonUnixLine(QByteArrayView b, ListContext &ctx, FtpEntry *e, bool *latin1)
{
    const char *p = b.data(), *end = p + b.size();
    if (b.size() < 20 || p[10] != ' ' || !isUnixModeBytes(b.first(10)))
        return Common::No;
    Token tok[7]; // links, owner, group, size, month, day, time
    const char *q = p + 10;
    for (Token &t : tok) {
        const char *gap = q;
        while (q < end && *q == ' ')
            ++q;
        if (q == gap || q == end)
            return Common::No;
        t.begin = q - p;
        while (q < end && *q != ' ') {
            if (*q == '	')
                return Common::No;
            ++q;
        }
        t.end = q - p;
    }
    if (end - q < 2) // the one separator after the time, and a name
        return Common::No;
    auto view = [&](const Token &t) { return b.sliced(t.begin, t.end - t.begin); };
    const QByteArrayView group = view(tok[2]), size = view(tok[3]), day = view(tok[5]), time = view(tok[6]);
    if (!digitsOnly(view(tok[0])) || group.endsWith(',') || !digitsOnly(size) || day.size() > 2 || !digitsOnly(day))
        return Common::No;
    const int month = monthOf(view(tok[4]));
    if (!month)
        return Common::No;
    const auto bytes = sizeOf(size);
    if (!bytes)
        return Common::No;
    const int dayOfMonth = number(day);
    int year = 0, hour = 0, minute = 0;
    if (hourMinute(time, &hour, &minute))
        year = ctx.clock.yearOf(month, dayOfMonth, hour, minute);
    else if (time.size() == 4 && digitsOnly(time))
        year = number(time);
    else
        return Common::No;
    if (!QDate::isValid(year, month, dayOfMonth))
        return Common::No;

    QString name = decode(QByteArrayView(q + 1, end), latin1);
    switch (p[0]) {
    case '-': e->type = FtpEntry::Type::File; break;
    case 'd': e->type = FtpEntry::Type::Directory; break;
    case 'l': e->type = FtpEntry::Type::Link; break;
    default: e->type = FtpEntry::Type::Other; break;
    }
    if (e->type == FtpEntry::Type::Link) {
        const qsizetype arrow = name.indexOf(QLatin1String(" -> "));
        if (arrow > 0) {
            e->linkTarget = name.mid(arrow + 4);
            name.truncate(arrow);
        }
    }
    if (name.size() <= 2 && (name == QLatin1String(".") || name == QLatin1String("..")))
        return Common::Skip;
    e->name = std::move(name);
    e->permissions = shared(ctx.perms, b.sliced(1, 9));
    e->size = *bytes;
    e->owner = shared(ctx.owner, view(tok[1]));
    e->group = shared(ctx.group, group);
    const qint64 minuteKey = (((qint64(year) * 13 + month) * 32 + dayOfMonth) * 24 + hour) * 60 + minute;
    if (minuteKey != ctx.lastMinute) { // files written in the same minute share it
        ctx.lastMinute = minuteKey;
        ctx.lastTime = utcDateTime(year, month, dayOfMonth, hour, minute);
    }
    e->modified = ctx.lastTime;
    return Common::Entry;
}

std::optional<FtpEntry> listLine(const QByteArray &raw, ListContext &ctx, QString *why)
{
    QByteArrayView bytes(raw);
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    {
        FtpEntry e;
        bool latin1 = false;
        switch (commonUnixLine(bytes, ctx, &e, &latin1)) {
        case Common::Skip:
            return skip(why);
        case Common::Entry:
            if (why) {
                if (latin1)
                    *why = QStringLiteral("name is not UTF-8; decoded as Latin-1");
                else
                    why->clear();
            }
            return e;
        case Common::No:
            break;
        }
    }
    const ByteTokens t = tokenizeBytes(bytes);
    if (t.isEmpty())
        return skip(why);
    const QByteArrayView first = bytes.sliced(t[0].begin, t[0].end - t[0].begin);
    if (t.size() == 2 && first == "total" && digitsOnly(bytes.sliced(t[1].begin, t[1].end - t[1].begin)))
        return skip(why);
    bool latin1 = false;
    QString note;
    std::optional<FtpEntry> e;
    if (t[0].begin == 0 && isUnixModeBytes(first))
        e = parseUnix(bytes, t, ctx, &latin1, why, &note);
    else if (bytes[0] >= '0' && bytes[0] <= '9')
        e = parseDos(decode(bytes, &latin1), why, &note);
    else
        return fail(why, QStringLiteral("not a Unix (`ls -l`) or DOS/IIS listing line"));
    if (e && why) {
        if (!latin1 && note.isEmpty()) {
            why->clear();
        } else {
            QStringList notes;
            if (latin1)
                notes << QStringLiteral("name is not UTF-8; decoded as Latin-1");
            if (!note.isEmpty())
                notes << note;
            *why = notes.join(QStringLiteral("; "));
        }
    }
    return e;
}

} // namespace

std::optional<FtpEntry> FtpListParser::parseListLine(const QByteArray &raw, const QDateTime &nowUtc, QString *why)
{
    ListContext ctx{Clock(nowUtc), {}, {}, {}, -1, {}};
    return listLine(raw, ctx, why);
}

namespace {

using Facts = QVarLengthArray<QPair<QByteArrayView, QByteArrayView>, 16>;

bool isFactNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

// "name=" starts at line[at]?
bool factStartsAt(QByteArrayView line, qsizetype at)
{
    qsizetype k = at;
    while (k < line.size() && isFactNameChar(line[k]))
        ++k;
    return k > at && k < line.size() && line[k] == '=';
}

// Case-insensitive equality with a lower-case literal (its length known: most facts
// differ in length and are told apart without a byte compared).
template <size_t N>
bool ieq(QByteArrayView a, const char (&b)[N])
{
    constexpr qsizetype n = qsizetype(N - 1);
    if (a.size() != n)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != b[i])
            return false;
    }
    return true;
}

template <size_t N>
bool istarts(QByteArrayView a, const char (&prefix)[N])
{
    return a.size() >= qsizetype(N - 1) && ieq(a.first(qsizetype(N - 1)), prefix);
}

// Scans `fact=value;fact=value; name`: the facts, and where the name starts. Values
// end at ';' — except a symlink's type (ProFTPD: `type=OS.unix=slink:/a target;`),
// whose target may hold spaces and ';': it ends at the ';' that is followed by the
// next fact's "name=" or by the space before the entry's name.
bool scanMlsd(QByteArrayView line, Facts *facts, qsizetype *nameStart, QString *why, QStringList *notes)
{
    const qsizetype n = line.size();
    qsizetype p = 0;
    while (p < n) {
        if (line[p] == ' ') {
            *nameStart = p + 1;
            return true;
        }
        qsizetype eq = p;
        while (eq < n && line[eq] != '=' && line[eq] != ';' && line[eq] != ' ')
            ++eq;
        if (eq >= n) {
            *why = QStringLiteral("no space between the facts and the name");
            return false;
        }
        if (line[eq] == ';' && eq > p && notes) {
            // `garbage;`: not a fact, but the line's shape holds; drop it, keep the entry.
            *notes << QStringLiteral("fact `%1` is not name=value; ignored").arg(QString::fromUtf8(line.sliced(p, eq - p)));
            p = eq + 1;
            continue;
        }
        if (line[eq] != '=' || eq == p) {
            *why = QStringLiteral("fact `%1` is not name=value").arg(QString::fromUtf8(line.sliced(p, eq - p)));
            return false;
        }
        const QByteArrayView key = line.sliced(p, eq - p);
        const qsizetype v = eq + 1;
        qsizetype end = -1;
        if (ieq(key, "type") && istarts(line.sliced(v), "os.unix=slink:")) {
            for (qsizetype k = v; k < n && end < 0; ++k)
                if (line[k] == ';' && ((k + 1 < n && line[k + 1] == ' ') || factStartsAt(line, k + 1)))
                    end = k;
        } else {
            for (qsizetype k = v; k < n; ++k) {
                if (line[k] == ';') {
                    end = k;
                    break;
                }
                if (line[k] == ' ') {
                    *why = QStringLiteral("fact `%1` does not end with `;`").arg(QString::fromUtf8(key));
                    return false;
                }
            }
        }
        if (end < 0) {
            *why = QStringLiteral("no space between the facts and the name");
            return false;
        }
        facts->append({key, line.sliced(v, end - v)});
        p = end + 1;
    }
    *why = QStringLiteral("no space between the facts and the name");
    return false;
}

struct MlsdContext {
    SharedText perm, owner, group;
    QByteArray lastModify; // the last modify fact and its time (files written together share it)
    QDateTime lastModified;
    QByteArray lastMode; // UNIX.mode of the last line that had one, and its rwx form
    QString lastModeRwx;
};

// Applies facts to an entry; false (with an empty *why) for cdir/pdir, the folder
// itself and its parent. A malformed value drops that fact, never the entry: it is
// left unknown and said in *notes.
bool applyFacts(const Facts &facts, FtpEntry *e, QString *why, MlsdContext &ctx, QStringList *notes)
{
    QByteArrayView mode, perm, owner, ownerName, group, groupName;
    bool havePerm = false;
    e->type = FtpEntry::Type::Other;
    for (const auto &[key, value] : facts) {
        if (ieq(key, "type")) {
            if (ieq(value, "file")) {
                e->type = FtpEntry::Type::File;
            } else if (ieq(value, "dir")) {
                e->type = FtpEntry::Type::Directory;
            } else if (ieq(value, "cdir") || ieq(value, "pdir")) {
                why->clear();
                return false;
            } else if (istarts(value, "os.unix=slink") || istarts(value, "os.unix=symlink")) {
                e->type = FtpEntry::Type::Link;
                const qsizetype colon = value.indexOf(':');
                if (colon >= 0)
                    e->linkTarget = QString::fromUtf8(value.sliced(colon + 1));
            } else {
                e->type = FtpEntry::Type::Other;
            }
        } else if (ieq(key, "size") || ieq(key, "sizd")) {
            bool ok = !value.isEmpty();
            qint64 size = 0;
            for (char c : value) {
                if (c < '0' || c > '9' || size > (std::numeric_limits<qint64>::max() - 9) / 10) {
                    ok = false;
                    break;
                }
                size = size * 10 + (c - '0');
            }
            if (!ok) {
                const bool digits = !value.isEmpty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
                *notes << (digits ? QStringLiteral("size `%1` does not fit 64 bits; shown as unknown")
                                  : QStringLiteral("size `%1` is not a number; shown as unknown"))
                              .arg(QString::fromUtf8(value));
                continue;
            }
            if (ieq(key, "size") || e->size < 0)
                e->size = size;
        } else if (ieq(key, "modify")) {
            if (ctx.lastModify.isNull() || QByteArrayView(ctx.lastModify) != value) {
                ctx.lastModify = value.toByteArray();
                ctx.lastModified = timeVal(value);
            }
            e->modified = ctx.lastModified;
            if (!e->modified.isValid())
                *notes << QStringLiteral("modify `%1` is not YYYYMMDDHHMMSS; time shown as unknown").arg(QString::fromUtf8(value));
        } else if (ieq(key, "perm")) {
            perm = value;
            havePerm = true;
        } else if (ieq(key, "unix.mode")) {
            mode = value;
        } else if (ieq(key, "unix.owner") || ieq(key, "unix.uid")) {
            owner = value;
        } else if (ieq(key, "unix.ownername")) {
            ownerName = value;
        } else if (ieq(key, "unix.group") || ieq(key, "unix.gid")) {
            group = value;
        } else if (ieq(key, "unix.groupname")) {
            groupName = value;
        }
    }
    if (havePerm) {
        e->permissions = shared(ctx.perm, perm);
    } else if (!mode.isEmpty()) {
        if (ctx.lastMode.isNull() || QByteArrayView(ctx.lastMode) != mode) {
            bool ok = false;
            const int m = mode.toByteArray().toInt(&ok, 8);
            ctx.lastMode = mode.toByteArray();
            ctx.lastModeRwx = ok ? modeToRwx(m) : QString();
        }
        if (!ctx.lastModeRwx.isNull())
            e->permissions = ctx.lastModeRwx;
    }
    if (!ownerName.isEmpty() || !owner.isEmpty())
        e->owner = shared(ctx.owner, ownerName.isEmpty() ? owner : ownerName);
    if (!groupName.isEmpty() || !group.isEmpty())
        e->group = shared(ctx.group, groupName.isEmpty() ? group : groupName);
    return true;
}

std::optional<FtpEntry> mlsdLine(const QByteArray &raw, MlsdContext &ctx, QString *why)
{
    QByteArrayView line(raw);
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty())
        return skip(why);
    Facts facts;
    qsizetype nameStart = 0;
    QString reason;
    QStringList notes;
    if (!scanMlsd(line, &facts, &nameStart, &reason, &notes))
        return fail(why, reason);
    const QByteArrayView nameBytes = line.sliced(nameStart);
    if (nameBytes.isEmpty())
        return fail(why, QStringLiteral("empty name"));
    FtpEntry e;
    if (!applyFacts(facts, &e, &reason, ctx, &notes))
        return reason.isEmpty() ? skip(why) : fail(why, reason);
    bool latin1 = false;
    e.name = decode(nameBytes, &latin1);
    if (e.name.size() <= 2 && (e.name == QLatin1String(".") || e.name == QLatin1String("..")))
        return skip(why);
    if (latin1)
        notes.prepend(QStringLiteral("name is not UTF-8; decoded as Latin-1"));
    if (why)
        *why = notes.join(QStringLiteral("; "));
    return e;
}

} // namespace

bool FtpListParser::parseMlsdFacts(const QByteArray &facts, FtpEntry *e, QString *why)
{
    const QByteArray line = facts.endsWith(' ') ? facts : facts + ' ';
    QString reason;
    Facts parsed;
    qsizetype nameStart = 0;
    MlsdContext ctx;
    QStringList notes;
    const bool ok = scanMlsd(line, &parsed, &nameStart, &reason, &notes) && applyFacts(parsed, e, &reason, ctx, &notes);
    if (why)
        *why = ok ? notes.join(QStringLiteral("; ")) : reason;
    return ok;
}

std::optional<FtpEntry> FtpListParser::parseMlsdLine(const QByteArray &raw, QString *why)
{
    MlsdContext ctx;
    return mlsdLine(raw, ctx, why);
}

// --- FtpListStream ----------------------------------------------------------------

struct FtpListStream::Impl {
    Format format;
    ListContext list;
    MlsdContext mlsd;
    FtpListing out;
    qsizetype lineNo = 0;
    QByteArray partial; // the start of a line whose '\n' has not come yet

    Impl(Format f, const QDateTime &nowUtc) : format(f), list{Clock(nowUtc), {}, {}, {}, -1, {}} {}

    // One line, as splitLines gives it: no '\n', no '\r' before it.
    void line(const QByteArray &raw)
    {
        ++lineNo;
        QString why;
        auto e = format == Format::Mlsd ? mlsdLine(raw, mlsd, &why) : listLine(raw, list, &why);
        if (e)
            out.entries.append(std::move(*e));
        if (!why.isEmpty()) {
            bool latin1 = false;
            out.diagnostics << QStringLiteral("line %1: %2 `%3`: %4")
                                   .arg(lineNo)
                                   .arg(e ? QStringLiteral("note on") : QStringLiteral("skipped"), shorten(decode(raw, &latin1)), why);
        }
    }
};

FtpListStream::FtpListStream(Format format, const QDateTime &nowUtc) : d(std::make_unique<Impl>(format, nowUtc)) {}

FtpListStream::~FtpListStream() = default;

void FtpListStream::feed(const char *data, qsizetype size)
{
    const char *end = data + size;
    while (data < end) {
        const char *nl = static_cast<const char *>(std::memchr(data, '\n', size_t(end - data)));
        if (!nl) {
            d->partial.append(data, end - data);
            return;
        }
        if (d->partial.isEmpty()) {
            // Parsed in place: the line parsers copy what they keep (names are QStrings).
            const qsizetype length = nl > data && nl[-1] == '\r' ? nl - data - 1 : nl - data;
            d->line(QByteArray::fromRawData(data, length));
        } else {
            d->partial.append(data, nl - data);
            if (d->partial.endsWith('\r'))
                d->partial.chop(1);
            d->line(d->partial);
            d->partial.clear();
        }
        data = nl + 1;
    }
}

FtpListing FtpListStream::finish()
{
    if (!d->partial.isEmpty()) { // a last line without '\n'
        if (d->partial.endsWith('\r'))
            d->partial.chop(1);
        d->line(d->partial);
        d->partial.clear();
    }
    FtpListing out = std::move(d->out);
    d->out = {};
    d->lineNo = 0;
    return out;
}

void FtpListStream::reset()
{
    d->out = {};
    d->lineNo = 0;
    d->partial.clear();
}

FtpListing FtpListParser::parseList(const QList<QByteArray> &lines, const QDateTime &nowUtc)
{
    FtpListStream s(FtpListStream::Format::List, nowUtc);
    s.d->out.entries.reserve(lines.size());
    for (const QByteArray &l : lines)
        s.d->line(l);
    return s.finish();
}

FtpListing FtpListParser::parseMlsd(const QList<QByteArray> &lines)
{
    FtpListStream s(FtpListStream::Format::Mlsd);
    s.d->out.entries.reserve(lines.size());
    for (const QByteArray &l : lines)
        s.d->line(l);
    return s.finish();
}

} // namespace fixbench
