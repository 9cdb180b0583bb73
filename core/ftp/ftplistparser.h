#pragma once

#include "ftp/ftpclient.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace fixbench {

// Parsers for directory listings, pure functions over the bytes a server sent. They
// return an FtpListing (ftpclient.h): the entries plus one diagnostic per line they
// could not use ("line 3: skipped `...`: why"). Malformed lines never abort a listing
// and never crash: they are skipped and reported.
//
// LIST (no standard format; what servers really send):
//   Unix `ls -l` (vsftpd, proftpd, pure-ftpd, wu-ftpd, busybox...):
//     drwxr-xr-x    2 1000     1000         4096 Nov 20 12:10 dir
//     -rw-r--r--    1 ftp      ftp            12 Nov 20  2021 old file
//     lrwxrwxrwx    1 0        0               7 Nov 20 12:10 link -> target
//     -rw-r--r--    1 owner              12 Nov 20 12:10 no group column
//     crw-rw-rw-    1 0        0          1,   3 Nov 20 12:10 device
//     -rw-r--r--    1 u        g            12 2022-11-20 12:10 long-iso form
//   The "time" form (`Nov 20 12:10`) carries no year: ls uses it for files of the
//   last six months, so the year is the latest one that does not put the date more
//   than a day past `now` (a day of slack for the server's clock and time zone).
//   When several tokens could start the date (a group named `may` before a size of 7),
//   the one in the usual columns wins (size after owner and group, then after the
//   owner, then further right), never an earlier look-alike.
//   A size that does not fit 64 bits is unknown (-1) with a note, never 0.
//   The name is everything after the single space that follows the time/year, so
//   leading spaces, unicode, leading dashes and " -> " inside names survive; only
//   entries whose type is 'l' are split at the first " -> " into name and target.
//   DOS / IIS:
//     11-20-22  12:10PM       <DIR>          name
//     11-20-2022  13:10                  12 name with spaces
//     2002-09-02  18:48       <DIR>          iso order      09-02-2002  06:48PM  9,730 x
//   "total N" lines, empty lines, "." and ".." are skipped silently.
//
// MLSD (RFC 3659): `fact=value;fact=value; name` — facts are case-insensitive;
//   type (file, dir, cdir, pdir, OS.unix=slink:TARGET, OS.unix=symlink), size/sizd,
//   modify (YYYYMMDDHHMMSS[.sss], UTC), perm, UNIX.mode, UNIX.owner(name),
//   UNIX.group(name). cdir/pdir entries are skipped. A malformed fact (size=abc, a
//   bad modify, `garbage;`) is dropped with a note; the entry stays.
//
// Times are UTC (what MLSD specifies and what the fixtures' servers print).
// Names are decoded as UTF-8; a line that is not valid UTF-8 is decoded as Latin-1
// and reported in the diagnostics.
class FtpListParser {
public:
    static FtpListing parseList(const QList<QByteArray> &lines,
                                const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());
    static FtpListing parseMlsd(const QList<QByteArray> &lines);

    // Lines of a listing: split at '\n', a trailing '\r' removed; no empty last line.
    static QList<QByteArray> splitLines(const QByteArray &text);

    // One line of each format. nullopt when the line is not an entry; *why then says
    // why (empty for lines skipped on purpose: "total", ".", "..", cdir/pdir).
    static std::optional<FtpEntry> parseListLine(const QByteArray &line, const QDateTime &nowUtc,
                                                 QString *why = nullptr);
    static std::optional<FtpEntry> parseMlsdLine(const QByteArray &line, QString *why = nullptr);
    // The facts part alone (an MLST reply line), no name: "type=file;size=12;".
    static bool parseMlsdFacts(const QByteArray &facts, FtpEntry *entry, QString *why = nullptr);

    // "20221120121000" or "20221120121000.123" (MLSD modify, MDTM reply) as UTC.
    static QDateTime parseTimeVal(const QByteArray &text);
    // The year a time-form date (month 1-12, day) belongs to, given now (see above).
    static int inferYear(int month, int day, int hour, int minute, const QDateTime &nowUtc);
};

// A listing parsed while it arrives: feed() takes the bytes in pieces of any size and
// parses each line as soon as its '\n' is in, so the parse overlaps the transfer;
// finish() parses a last line without '\n' and hands the listing over. The result is
// that of parseList/parseMlsd(splitLines(all the bytes)), diagnostics and line numbers
// included. reset() drops what was fed (a listing that is done again).
class FtpListStream {
public:
    enum class Format { List, Mlsd };
    explicit FtpListStream(Format format, const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());
    ~FtpListStream();
    FtpListStream(const FtpListStream &) = delete;
    FtpListStream &operator=(const FtpListStream &) = delete;

    void feed(const char *data, qsizetype size);
    FtpListing finish();
    void reset();

private:
    friend class FtpListParser;
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace fixbench
