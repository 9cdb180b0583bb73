// `fixbench ftp ...`: the FTP capability of core (FtpClient) for terminals and scripts.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "ftp/ftpclient.h"
#include "output.h"
#include "terminalprogress.h"
#include "tr.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace fixbench {

namespace {

struct Sub {
    const char *name;
    const char *args;
    const char *summary; // QT_TRANSLATE_NOOP
};

const Sub kSubs[] = {
    {"ls", "[-l] [--json] [PATH...]", QT_TRANSLATE_NOOP("Cli", "list folders (default /): names; -l like `ls -l` (times in UTC); --json")},
    {"get", "REMOTE [LOCAL|-]", QT_TRANSLATE_NOOP("Cli", "download a file (to LOCAL, a folder, or stdout with -)")},
    {"put", "LOCAL|- REMOTE [--atomic] [--parents]", QT_TRANSLATE_NOOP("Cli", "upload a file (- = stdin); REMOTE ending in / keeps the name")},
    {"rm", "PATH...", QT_TRANSLATE_NOOP("Cli", "delete files")},
    {"mkdir", "[-p] PATH...", QT_TRANSLATE_NOOP("Cli", "create folders (-p: with parents, no error if they exist)")},
    {"rmdir", "[-r] PATH...", QT_TRANSLATE_NOOP("Cli", "remove folders (-r: with everything inside)")},
    {"mv", "FROM TO", QT_TRANSLATE_NOOP("Cli", "rename or move")},
    {"clean", "DIR...", QT_TRANSLATE_NOOP("Cli", "empty folder trees, keeping the folders themselves")},
};

QString usageText()
{
    QString s = Tr::tr(
        "Usage: fixbench ftp COMMAND [--fixture NAME [--instance I] | --url URL] ARGS\n"
        "\n"
        "Browses and changes an FTP server: a running fixture's (FTP_HOST, FTP_PORT,\n"
        "FTP_USER, FTP_PASS) or any server given by URL (ftp://user:pass@host:port/,\n"
        "ftps:// for explicit TLS). Without --fixture or --url: the one running fixture\n"
        "of the workspace that exports FTP_HOST. One login serves the whole command.\n"
        "Put `--` before remote paths that start with '-'.\n"
        "\n"
        "Commands:\n");
    for (const Sub &sub : kSubs)
        s += QStringLiteral("  %1 %2\n      %3\n").arg(QLatin1String(sub.name), QLatin1String(sub.args), Tr::tr(sub.summary));
    return s + Tr::tr("\n`fixbench ftp COMMAND --help` for a command's options.\n");
}

const char *typeName(FtpEntry::Type t)
{
    switch (t) {
    case FtpEntry::Type::File: return "file";
    case FtpEntry::Type::Directory: return "dir";
    case FtpEntry::Type::Link: return "link";
    case FtpEntry::Type::Other: return "other";
    }
    return "other";
}

QChar typeChar(FtpEntry::Type t)
{
    switch (t) {
    case FtpEntry::Type::File: return QLatin1Char('-');
    case FtpEntry::Type::Directory: return QLatin1Char('d');
    case FtpEntry::Type::Link: return QLatin1Char('l');
    case FtpEntry::Type::Other: return QLatin1Char('?');
    }
    return QLatin1Char('?');
}

// `ls --json`, written directly (QJsonObject/QJsonDocument cost 6x more for a listing of
// 10,000 entries): the layout of QJsonDocument::Indented, keys in its (sorted) order.
// Streamed in 64 KiB pieces: no 2 MB document is built (its pages' first touch cost as
// much as filling them), bytes are copied without QByteArray's bookkeeping, ASCII text
// without a UTF-8 copy, times without QDate or snprintf. An entry is written with a
// plain pointer into room reserved for its longest form (6 bytes per UTF-16 unit):
// no check per byte.
class JsonWriter {
public:
    explicit JsonWriter(FILE *out) : m_out(out), m_buf(new char[kSize]), m_cap(kSize) {}
    ~JsonWriter() { flush(); }
    JsonWriter(const JsonWriter &) = delete;
    JsonWriter &operator=(const JsonWriter &) = delete;

    void put(const char *s, size_t n)
    {
        std::memcpy(room(n), s, n);
        m_used += n;
    }
    template <size_t N>
    void literal(const char (&s)[N]) { put(s, N - 1); }
    void put(char c) { put(&c, 1); }
    void flush()
    {
        if (m_used)
            std::fwrite(m_buf.get(), 1, m_used, m_out);
        m_used = 0;
    }

    // A JSON string: `"`, `\`, and control characters escaped (as QJsonDocument does),
    // everything else as UTF-8.
    void string(const QString &text)
    {
        char *p = room(bound(text) + 2);
        m_used = size_t(string(p, text) - m_buf.get());
    }

    // An array of entries at `indent` spaces (its brackets' level), without a final newline.
    void entries(const QList<FtpEntry> &list, int indent)
    {
        // What comes between the values, for this indent: "\n" + spaces + `"key": `.
        const std::string in4(size_t(indent + 4), ' '), in8(size_t(indent + 8), ' ');
        const std::string open = in4 + "{\n" + in8 + "\"group\": ", modified = ",\n" + in8 + "\"modified\": ",
                          name = ",\n" + in8 + "\"name\": ", owner = ",\n" + in8 + "\"owner\": ",
                          permissions = ",\n" + in8 + "\"permissions\": ", size = ",\n" + in8 + "\"size\": ",
                          target = ",\n" + in8 + "\"target\": ", type = ",\n" + in8 + "\"type\": \"", close = "\"\n" + in4 + "}",
                          fixedPart = open + modified + name + owner + permissions + size + target + type + close + ",\n";
        // Owner, group and permissions repeat from entry to entry, sharing one string's
        // data (the parser does that): each is encoded once per data, here while the
        // list — and so every data pointer seen — is alive.
        struct Encoded {
            const QChar *data = nullptr;
            qsizetype size = -1;
            std::string json;
        };
        Encoded lastGroup, lastOwner, lastPermissions;
        auto shared = [](char *p, const QString &text, Encoded &last) {
            if (text.constData() != last.data || text.size() != last.size) {
                last.data = text.constData();
                last.size = text.size();
                last.json.resize(bound(text) + 2);
                last.json.resize(size_t(string(last.json.data(), text) - last.json.data()));
            }
            std::memcpy(p, last.json.data(), last.json.size());
            return p + last.json.size();
        };
        literal("[\n");
        for (qsizetype i = 0; i < list.size(); ++i) {
            const FtpEntry &e = list[i];
            const size_t most = fixedPart.size() + 96 /* time (≤ 48), size (≤ 20), type */ + bound(e.group) + bound(e.name) + bound(e.owner)
                + bound(e.permissions) + bound(e.linkTarget) + 10 /* quotes */;
            char *p = room(most);
            auto text = [&p](const std::string &s) {
                std::memcpy(p, s.data(), s.size());
                p += s.size();
            };
            text(open);
            p = shared(p, e.group, lastGroup);
            text(modified);
            if (e.modified.isValid())
                p = time(p, e.modified);
            else
                p = ascii(p, "null");
            text(name);
            p = string(p, e.name);
            text(owner);
            p = shared(p, e.owner, lastOwner);
            text(permissions);
            p = shared(p, e.permissions, lastPermissions);
            text(size);
            if (e.size >= 0)
                p = std::to_chars(p, p + 24, e.size).ptr;
            else
                p = ascii(p, "null");
            if (e.type == FtpEntry::Type::Link) {
                text(target);
                p = string(p, e.linkTarget);
            }
            text(type);
            p = ascii(p, typeName(e.type));
            text(close);
            p = ascii(p, i + 1 < list.size() ? ",\n" : "\n");
            m_used = size_t(p - m_buf.get());
        }
        put(std::string(size_t(indent), ' ').data(), size_t(indent));
        put(']');
    }

private:
    static constexpr size_t kSize = 64 * 1024;

    // Room for n more bytes: the buffer is flushed first when they do not fit, grown
    // for one entry larger than it.
    char *room(size_t n)
    {
        if (m_used + n > m_cap) {
            flush();
            if (n > m_cap) {
                m_buf.reset(new char[n]);
                m_cap = n;
            }
        }
        return m_buf.get() + m_used;
    }

    // The longest a text can be as a JSON string's inside: `\u001f` for a UTF-16 unit.
    static size_t bound(const QString &text) { return size_t(text.size()) * 6; }

    static char *ascii(char *p, const char *s)
    {
        const size_t n = std::strlen(s);
        std::memcpy(p, s, n);
        return p + n;
    }

    static char *byte(char *p, uchar u)
    {
        if (u >= 0x20 && u != '"' && u != '\\') {
            *p++ = char(u);
            return p;
        }
        static const char hex[] = "0123456789abcdef";
        *p++ = '\\';
        switch (u) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[u >> 4];
            *p++ = hex[u & 15];
        }
        return p;
    }

    // isoTime, the text of the last time kept: entries written together share it.
    char *time(char *p, const QDateTime &t)
    {
        const qint64 ms = t.toMSecsSinceEpoch();
        if (ms != m_lastMs || !m_lastIsoSize) {
            m_lastMs = ms;
            m_lastIsoSize = size_t(isoTime(m_lastIso, t) - m_lastIso);
        }
        std::memcpy(p, m_lastIso, m_lastIsoSize);
        return p + m_lastIsoSize;
    }

    // Four UTF-16 units (one 64-bit word) that are printable ASCII other than `"` and
    // `\`: each is written as its byte.
    static bool plainAscii(quint64 w)
    {
        constexpr quint64 ones = 0x0001000100010001ULL;
        auto hasUnit = [&](quint64 v) { return ((w ^ (v * ones)) - ones) & ~(w ^ (v * ones)) & (0x8000 * ones); };
        const bool below20 = ((w - 0x20 * ones) & ~w & (0x8000 * ones)) != 0; // a unit < 0x20
        const bool from80 = (w & (0xff80 * ones)) != 0;                      // a unit >= 0x80
        return !below20 && !from80 && !hasUnit('"') && !hasUnit('\\');
    }

    // `"text"` at p (room for bound(text) + 2 bytes); returns the end.
    static char *string(char *p, const QString &text)
    {
        *p++ = '"';
        const char16_t *u = reinterpret_cast<const char16_t *>(text.utf16());
        const qsizetype n = text.size();
        qsizetype i = 0;
        for (; i + 4 <= n; i += 4) {
            quint64 w;
            std::memcpy(&w, u + i, 8);
            if (!plainAscii(w))
                break;
            p[0] = char(u[i]);
            p[1] = char(u[i + 1]);
            p[2] = char(u[i + 2]);
            p[3] = char(u[i + 3]);
            p += 4;
        }
        for (; i < n && u[i] < 0x80; ++i) // ASCII: each UTF-16 unit is its byte
            p = byte(p, uchar(u[i]));
        if (i < n) { // from the first other character on (never half a surrogate pair)
            const QByteArray utf8 = QStringView(text).sliced(i).toUtf8();
            for (const char c : utf8)
                p = byte(p, uchar(c));
        }
        *p++ = '"';
        return p;
    }

    static qint64 floorDiv(qint64 a, qint64 b) { return a / b - (a % b < 0 ? 1 : 0); }

    // = "\"" + t.toUTC().toString(Qt::ISODate) + "\"" (seconds precision, "Z") at p
    // (room for 48 bytes); returns the end.
    static char *isoTime(char *p, const QDateTime &t)
    {
        const qint64 secs = floorDiv(t.toMSecsSinceEpoch(), 1000);
        const qint64 days = floorDiv(secs, 86400);
        const int secOfDay = int(secs - days * 86400);
        // Days since 1970-01-01 to the civil date (H. Hinnant's days_from_civil inverse).
        const qint64 z = days + 719468;
        const qint64 era = floorDiv(z, 146097);
        const qint64 doe = z - era * 146097;
        const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const qint64 mp = (5 * doy + 2) / 153;
        const int day = int(doy - (153 * mp + 2) / 5 + 1);
        const int month = int(mp < 10 ? mp + 3 : mp - 9);
        const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) { // not four digits: as QDate would print it
            const QDateTime utc = t.toUTC();
            char iso[48];
            const int len = std::snprintf(iso, sizeof iso, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", utc.date().year(), utc.date().month(),
                                          utc.date().day(), utc.time().hour(), utc.time().minute(), utc.time().second());
            std::memcpy(p, iso, size_t(len));
            return p + len;
        }
        char iso[] = "\"YYYY-MM-DDTHH:MM:SSZ\"";
        auto two = [&](int at, int v) {
            iso[at] = char('0' + v / 10);
            iso[at + 1] = char('0' + v % 10);
        };
        two(1, int(year / 100));
        two(3, int(year % 100));
        two(6, month);
        two(9, day);
        two(12, secOfDay / 3600);
        two(15, secOfDay / 60 % 60);
        two(18, secOfDay % 60);
        std::memcpy(p, iso, sizeof iso - 1);
        return p + sizeof iso - 1;
    }

    FILE *m_out;
    std::unique_ptr<char[]> m_buf;
    size_t m_cap;
    size_t m_used = 0;
    qint64 m_lastMs = 0;
    char m_lastIso[48];
    size_t m_lastIsoSize = 0;
};

// A server-supplied text as a terminal may show it: control characters (an escape
// sequence in a file name could retitle the terminal or worse) written as \xNN.
QString shown(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u <= 0x9f))
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

// `ls -l` style lines, columns aligned over the whole listing.
QStringList longLines(const QList<FtpEntry> &entries)
{
    int wOwner = 0, wGroup = 0, wSize = 1;
    for (const FtpEntry &e : entries) {
        wOwner = std::max(wOwner, int(e.owner.size()));
        wGroup = std::max(wGroup, int(e.group.size()));
        wSize = std::max(wSize, int(QString::number(e.size).size()));
    }
    QStringList out;
    for (const FtpEntry &e : entries) {
        QString line = typeChar(e.type) + e.permissions.leftJustified(9) + QLatin1Char(' ');
        if (wOwner)
            line += shown(e.owner).leftJustified(wOwner) + QLatin1Char(' ');
        if (wGroup)
            line += shown(e.group).leftJustified(wGroup) + QLatin1Char(' ');
        line += (e.size >= 0 ? QString::number(e.size) : QStringLiteral("-")).rightJustified(wSize) + QLatin1Char(' ');
        line += (e.modified.isValid() ? e.modified.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-").leftJustified(16))
            + QLatin1Char(' ') + shown(e.name);
        if (e.type == FtpEntry::Type::Link && !e.linkTarget.isEmpty())
            line += QStringLiteral(" -> ") + shown(e.linkTarget);
        out << line;
    }
    return out;
}

// a < b as QString's operator< orders them (UTF-16 code units, then length), four
// units at a time: names share long prefixes ("file-0…").
bool lessByUnits(const char16_t *p, qsizetype np, const char16_t *q, qsizetype nq)
{
    const qsizetype n = std::min(np, nq);
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {
        quint64 x, y;
        std::memcpy(&x, p + i, 8);
        std::memcpy(&y, q + i, 8);
        if (x != y) {
            const qsizetype k = std::countr_zero(x ^ y) / 16; // the first unit that differs (little-endian)
            return p[i + k] < q[i + k];
        }
    }
    for (; i < n; ++i)
        if (p[i] != q[i])
            return p[i] < q[i];
    return np < nq;
}

const char16_t *unitsOf(const QString &s) { return reinterpret_cast<const char16_t *>(s.constData()); }

void sortByName(QList<FtpEntry> &entries)
{
    auto byName = [](const FtpEntry &a, const FtpEntry &b) {
        return lessByUnits(unitsOf(a.name), a.name.size(), unitsOf(b.name), b.name.size());
    };
    // Most servers send a folder sorted already: one pass instead of n log n compares.
    if (std::is_sorted(std::as_const(entries).begin(), std::as_const(entries).end(), byName))
        return;
    // The names' text and positions are sorted (cheap to swap, and a compare reads
    // the text without going through the entry), then the entries moved into that
    // order in place, cycle by cycle: no second list of entries (1.4 MB of fresh
    // pages for 10,000). Each key also holds the four UTF-16 units after the prefix
    // all names share ("file-0" of file-00001.dat…), as one number ordered like them:
    // most compares are one integer compare; equal numbers compare the text.
    const qsizetype n = entries.size();
    FtpEntry *e = entries.data();
    qsizetype common = e[0].name.size();
    for (qsizetype i = 1; i < n && common > 0; ++i) {
        const QString &a = e[0].name, &b = e[i].name;
        qsizetype k = 0;
        const qsizetype most = std::min(common, b.size());
        while (k < most && a[k] == b[k])
            ++k;
        common = k;
    }
    struct Key {
        quint64 head; // units common..common+3, big-endian: the first that differs decides
        const char16_t *units;
        qsizetype size;
        qsizetype at;
    };
    std::vector<Key> keys(static_cast<size_t>(n));
    for (qsizetype i = 0; i < n; ++i) {
        const QString &name = e[i].name;
        quint64 head = 0;
        for (qsizetype k = common; k < common + 4; ++k)
            head = head << 16 | (k < name.size() ? name[k].unicode() : 0u); // past the end: 0, then the text decides
        keys[size_t(i)] = {head, unitsOf(name), name.size(), i};
    }
    std::sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
        if (a.head != b.head)
            return a.head < b.head;
        return lessByUnits(a.units, a.size, b.units, b.size);
    });
    std::vector<qsizetype> order(static_cast<size_t>(n));
    for (qsizetype i = 0; i < n; ++i)
        order[size_t(i)] = keys[size_t(i)].at;
    std::vector<bool> placed(size_t(n), false);
    for (qsizetype start = 0; start < n; ++start) {
        if (placed[size_t(start)])
            continue;
        // Position i takes the entry at order[i]: follow the cycle from `start`.
        FtpEntry held = std::move(e[start]);
        qsizetype i = start;
        for (;;) {
            placed[size_t(i)] = true;
            const qsizetype from = order[size_t(i)];
            if (from == start) {
                e[i] = std::move(held);
                break;
            }
            e[i] = std::move(e[from]);
            i = from;
        }
    }
}

QString humanBytes(qint64 n)
{
    if (n < 0)
        return QStringLiteral("?");
    if (n < 1024)
        return QStringLiteral("%1 B").arg(n);
    if (n < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(n / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(n / (1024.0 * 1024.0), 0, 'f', 1);
}

// A live "12.5 MiB / 100.0 MiB" line on a terminal (nothing otherwise), at most ten
// redraws a second.
class TransferProgress {
public:
    TransferProgress(const QString &subject) : m_live(TerminalProgress::isTerminal(stderr))
    {
        if (m_live) {
            m_tp.begin(subject);
            m_timer.start();
        }
    }
    FtpProgress callback()
    {
        if (!m_live)
            return {};
        return [this](qint64 done, qint64 total) {
            m_done = done;
            if (m_timer.elapsed() < 100 && done != total)
                return;
            m_timer.restart();
            m_tp.update(QStringLiteral("transfer"),
                        total > 0 ? QStringLiteral("%1 / %2 (%3%)").arg(humanBytes(done), humanBytes(total)).arg(done * 100 / total)
                                  : humanBytes(done));
        };
    }
    void finish(bool ok, const QString &message)
    {
        if (m_live)
            m_tp.finish(ok, message);
    }

private:
    bool m_live;
    TerminalProgress m_tp;
    QElapsedTimer m_timer;
    qint64 m_done = 0;
};

} // namespace

int cmdFtp(CommandContext &ctx)
{
    const QStringList &args = ctx.arguments();
    if (args.isEmpty() || args.first() == QLatin1String("-h") || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("help")) {
        (args.isEmpty() ? err : out)(usageText());
        return args.isEmpty() ? int(ExitUsage) : int(ExitOk);
    }
    const QString sub = args.first();
    const Sub *known = nullptr;
    for (const Sub &s : kSubs)
        if (sub == QLatin1String(s.name))
            known = &s;
    if (!known) {
        err(Tr::tr("fixbench ftp: unknown command `%1`\n").arg(sub) + usageText());
        return ExitUsage;
    }

    CommandLine line(QStringLiteral("ftp ") + sub);
    line.setDescription(Tr::tr("fixbench ftp %1 %2: %3.").arg(sub, QLatin1String(known->args), Tr::tr(known->summary)));
    line.addOption({QStringLiteral("fixture"), Tr::tr("A running fixture whose FTP_* variables to use."), QStringLiteral("NAME")});
    line.addInstanceOption();
    line.addOption({QStringLiteral("url"), Tr::tr("ftp://user:password@host:port/ (ftps:// for explicit TLS) instead of a fixture."),
                    QStringLiteral("URL")});
    line.addOption({QStringLiteral("timeout"), Tr::tr("Fail when an operation makes no progress for this long (default 60)."),
                    QStringLiteral("SECONDS")});
    line.addOption({QStringLiteral("insecure"), Tr::tr("With ftps://: do not verify the server's certificate.")});
    if (sub == QLatin1String("ls")) {
        line.addOption({QStringLiteral("l"), Tr::tr("Long format: type and permissions, owner, group, size, time (UTC), name.")});
        line.addOption({QStringLiteral("json"), Tr::tr("JSON: an array of entries (an object path → entries for several paths).")});
        line.addArgument(QStringLiteral("PATH"), Tr::tr("Folders to list (default /)."), QStringLiteral("[PATH...]"));
    } else if (sub == QLatin1String("get")) {
        line.addArgument(QStringLiteral("REMOTE"), Tr::tr("The file to download."));
        line.addArgument(QStringLiteral("LOCAL"), Tr::tr("A file, an existing folder (keeps the name), or - for stdout. "
                                                         "Default: the remote name in the current folder."),
                         QStringLiteral("[LOCAL|-]"));
    } else if (sub == QLatin1String("put")) {
        line.addOption({QStringLiteral("atomic"), Tr::tr("Upload to a temporary name, then rename: readers never see a partial file.")});
        line.addOption({QStringLiteral("parents"), Tr::tr("Create missing remote folders.")});
        line.addArgument(QStringLiteral("LOCAL"), Tr::tr("The file to upload, or - for stdin."), QStringLiteral("LOCAL|-"));
        line.addArgument(QStringLiteral("REMOTE"), Tr::tr("The remote path; ending in / keeps the local name."));
    } else if (sub == QLatin1String("mkdir")) {
        line.addOption({QStringLiteral("p"), Tr::tr("Create parents; no error when it exists.")});
        line.addArgument(QStringLiteral("PATH"), Tr::tr("Folders to create."), QStringLiteral("PATH..."));
    } else if (sub == QLatin1String("rmdir")) {
        line.addOption({QStringLiteral("r"), Tr::tr("Remove everything inside too.")});
        line.addArgument(QStringLiteral("PATH"), Tr::tr("Folders to remove."), QStringLiteral("PATH..."));
    } else if (sub == QLatin1String("mv")) {
        line.addArgument(QStringLiteral("FROM"), Tr::tr("The current path."));
        line.addArgument(QStringLiteral("TO"), Tr::tr("The new path."));
    } else if (sub == QLatin1String("clean")) {
        line.addArgument(QStringLiteral("DIR"), Tr::tr("Folders to empty (they stay)."), QStringLiteral("DIR..."));
    } else { // rm
        line.addArgument(QStringLiteral("PATH"), Tr::tr("Files to delete."), QStringLiteral("PATH..."));
    }
    if (int rc = line.parse(args.mid(1)); rc >= 0)
        return rc;
    const QCommandLineParser &p = line.parser();
    const QStringList pos = p.positionalArguments();
    auto usage = [&](const QString &why) {
        err(Tr::tr("fixbench ftp %1: %2\nUsage: fixbench ftp %1 %3").arg(sub, why, QLatin1String(known->args)));
        return int(ExitUsage);
    };
    if (sub == QLatin1String("get") && (pos.isEmpty() || pos.size() > 2))
        return usage(Tr::tr("name the remote file, and optionally where to put it"));
    if (sub == QLatin1String("put") && pos.size() != 2)
        return usage(Tr::tr("name the local file and the remote path"));
    if (sub == QLatin1String("mv") && pos.size() != 2)
        return usage(Tr::tr("name FROM and TO"));
    if ((sub == QLatin1String("rm") || sub == QLatin1String("mkdir") || sub == QLatin1String("rmdir") || sub == QLatin1String("clean"))
        && pos.isEmpty())
        return usage(Tr::tr("name at least one path"));
    if (p.isSet(QStringLiteral("url")) && p.isSet(QStringLiteral("fixture")))
        return usage(Tr::tr("--fixture and --url exclude each other"));

    // Where to connect.
    Result<FtpConfig> config = Error(Error::Kind::Other, QString());
    std::optional<UpResult> heldFixture; // this command's lease on the fixture, if any
    if (p.isSet(QStringLiteral("url"))) {
        config = FtpConfig::fromUrl(p.value(QStringLiteral("url")));
        if (!config)
            return usage(config.error().message);
    } else {
        // A fixture's server: the workspace and its fixtures are needed only now.
        if (int rc = ctx.setUp(Needs::Manager); rc >= 0)
            return rc;
        FixtureManager &mgr = ctx.manager();
        QString fixture = p.value(QStringLiteral("fixture"));
        QString instance = p.value(QStringLiteral("instance"));
        if (fixture.isEmpty()) {
            auto running = mgr.running();
            if (!running)
                return ctx.fail(running.error());
            QStringList candidates;
            for (const RunningFixture &r : *running) {
                auto env = mgr.environment(r.fixture, r.instance);
                if (env && env->contains(QStringLiteral("FTP_HOST"))) {
                    candidates << (r.instance.isEmpty() ? r.fixture : r.fixture + QLatin1Char('@') + r.instance);
                    fixture = r.fixture;
                    instance = r.instance;
                }
            }
            if (candidates.isEmpty())
                return ctx.fail(Error(Error::Kind::NotFound,
                                      Tr::tr("no running fixture of %1 exports FTP_HOST; bring one up (`fixbench up ftp_server --keep`) "
                                             "or name a server with --url ftp://user:pass@host:port/")
                                          .arg(ctx.workspace().name())));
            if (candidates.size() > 1)
                return usage(Tr::tr("several running fixtures export FTP_HOST (%1); choose one with --fixture NAME [--instance I]")
                                 .arg(candidates.join(QStringLiteral(", "))));
        }
        // Held while the command talks to it: nothing takes the fixture down under it.
        auto held = mgr.lease(fixture, instance, QStringLiteral("ftp"));
        if (!held)
            return ctx.fail(held.error());
        heldFixture = *held;
        config = FtpConfig::fromEnvironment(held->environment);
        if (!config)
            return ctx.fail(Error(Error::Kind::NotFound, Tr::tr("fixture `%1`: %2").arg(fixture, config.error().message)));
    }
    if (p.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double s = p.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || s <= 0)
            return usage(Tr::tr("--timeout needs a number of seconds"));
        config->timeoutMs = int(s * 1000);
        config->connectTimeoutMs = std::min(config->connectTimeoutMs, config->timeoutMs);
    }
    if (p.isSet(QStringLiteral("insecure")))
        config->verifyTls = false;
    FtpClient client(*config);
    std::atomic_bool &cancel = ctx.interrupted();

    // --- ls ---
    if (sub == QLatin1String("ls")) {
        const QStringList paths = pos.isEmpty() ? QStringList{QStringLiteral("/")} : pos;
        const bool json = p.isSet(QStringLiteral("json"));
        const bool longFormat = p.isSet(QStringLiteral("l"));
        QMap<QString, QList<FtpEntry>> jsonByPath; // sorted by path, as a JSON object's keys
        int rc = ExitOk;
        for (int i = 0; i < paths.size(); ++i) {
            const QString &path = paths[i];
            QList<FtpEntry> entries;
            auto listing = client.listing(path);
            if (listing) {
                entries = std::move(listing->entries); // not shared: sorting it copies nothing
                for (const QString &d : listing->diagnostics)
                    err(Tr::tr("fixbench ftp ls %1: %2").arg(path, d));
                if (listing->truncated()) {
                    // What the server sent is shown; the exit code says it is not all.
                    Error e(Error::Kind::Ftp, Tr::tr("FTP list `%1` on %2: the server cut the listing short (%3); only %4 entries "
                                                     "are shown")
                                                  .arg(path, config->displayUrl(), shown(listing->truncatedReply))
                                                  .arg(entries.size()));
                    e.replyCode = listing->truncatedReply.left(3).toInt();
                    // On stderr only: with --json, stdout stays one document (the entries).
                    err(QStringLiteral("fixbench: ") + e.toString());
                    rc = exitCodeFor(e);
                }
            } else {
                // `ls FILE` shows the file (the listing failed because it is no folder).
                auto st = listing.error().kind == Error::Kind::Ftp ? client.stat(path) : Result<FtpEntry>(listing.error());
                if (!st || st->type == FtpEntry::Type::Directory) {
                    rc = ctx.fail(listing.error());
                    continue;
                }
                entries = {*st};
            }
            sortByName(entries);
            if (json) {
                jsonByPath.insert(path, std::move(entries));
                continue;
            }
            if (paths.size() > 1)
                out((i > 0 ? QStringLiteral("\n") : QString()) + path + QLatin1Char(':'));
            if (longFormat) {
                for (const QString &line : longLines(entries))
                    out(line);
            } else {
                for (const FtpEntry &e : entries)
                    out(shown(e.name));
            }
        }
        if (json) {
            JsonWriter doc(stdout);
            if (paths.size() == 1) {
                doc.entries(jsonByPath.value(paths.first()), 0);
            } else {
                doc.literal("{\n");
                for (auto it = jsonByPath.cbegin(); it != jsonByPath.cend(); ++it) {
                    doc.literal("    ");
                    doc.string(it.key());
                    doc.literal(": ");
                    doc.entries(it.value(), 4);
                    if (std::next(it) != jsonByPath.cend())
                        doc.literal(",\n");
                    else
                        doc.literal("\n");
                }
                doc.put('}');
            }
            doc.put('\n');
            doc.flush();
            fflush(stdout);
        }
        return rc;
    }

    // --- get ---
    if (sub == QLatin1String("get")) {
        const QString remote = pos[0];
        const QString remoteName = client.absolutePath(remote).section(QLatin1Char('/'), -1);
        const QString local = pos.value(1);
        if (local == QLatin1String("-")) {
            QFile stdoutFile;
            if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
                return ctx.fail(Error(Error::Kind::Io, Tr::tr("cannot write to stdout")));
            Status s = client.get(remote, stdoutFile, {}, &cancel);
            stdoutFile.flush();
            return s ? int(ExitOk) : ctx.fail(s.error());
        }
        QString target = local;
        if (local.isEmpty() || QFileInfo(local).isDir()) {
            auto safe = FtpClient::safeLocalPath(local.isEmpty() ? QDir::currentPath() : local, remoteName);
            if (!safe)
                return ctx.fail(safe.error());
            target = *safe;
        }
        TransferProgress progress(remote);
        Status s = client.get(remote, target, progress.callback(), &cancel);
        progress.finish(s.ok(), s ? Tr::tr("%1 → %2 (%3)").arg(remote, QDir::current().relativeFilePath(target), humanBytes(QFileInfo(target).size()))
                                  : Tr::tr("%1 failed").arg(remote));
        return s ? int(ExitOk) : ctx.fail(s.error());
    }

    // --- put ---
    if (sub == QLatin1String("put")) {
        const QString local = pos[0];
        QString remote = pos[1];
        FtpPutOptions o;
        o.atomic = p.isSet(QStringLiteral("atomic"));
        o.createDirs = p.isSet(QStringLiteral("parents"));
        if (remote.endsWith(QLatin1Char('/'))) {
            if (local == QLatin1String("-"))
                return usage(Tr::tr("with - (stdin), name the remote file, not a folder"));
            remote += QFileInfo(local).fileName();
        }
        Status s;
        if (local == QLatin1String("-")) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                return ctx.fail(Error(Error::Kind::Io, Tr::tr("cannot read stdin")));
            s = client.put(in.readAll(), remote, o, {}, &cancel);
        } else {
            if (!QFileInfo(local).isFile())
                return ctx.fail(Error(Error::Kind::NotFound, Tr::tr("%1: no such local file").arg(local)));
            TransferProgress progress(local);
            s = client.putFile(local, remote, o, progress.callback(), &cancel);
            progress.finish(s.ok(), s ? Tr::tr("%1 → %2 (%3)").arg(local, client.absolutePath(remote), humanBytes(QFileInfo(local).size()))
                                      : Tr::tr("%1 failed").arg(local));
        }
        return s ? int(ExitOk) : ctx.fail(s.error());
    }

    // --- mv ---
    if (sub == QLatin1String("mv")) {
        Status s = client.rename(pos[0], pos[1]);
        return s ? int(ExitOk) : ctx.fail(s.error());
    }

    // --- rm, mkdir, rmdir, clean: each path; the first failure's code ---
    int rc = ExitOk;
    for (const QString &path : pos) {
        if (cancel.load())
            return ctx.fail(Error(Error::Kind::Cancelled, Tr::tr("fixbench ftp %1: interrupted").arg(sub)));
        Status s;
        if (sub == QLatin1String("rm"))
            s = client.remove(path);
        else if (sub == QLatin1String("mkdir"))
            s = client.mkdir(path, p.isSet(QStringLiteral("p")));
        else if (sub == QLatin1String("rmdir"))
            s = client.rmdir(path, p.isSet(QStringLiteral("r")));
        else
            s = client.clean(path);
        if (!s) {
            const int code = ctx.fail(s.error());
            if (rc == ExitOk)
                rc = code;
        }
    }
    return rc;
}

} // namespace fixbench
