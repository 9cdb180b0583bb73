// FtpListParser on real listings (vsftpd, proftpd, pure-ftpd, IIS, MLSD), the
// tricky names, the year of the "time" form, malformed lines; FtpClient's
// safeLocalPath and FtpConfig parsing.

#include "ftp/ftpclient.h"
#include "ftp/ftplistparser.h"

#include <QDir>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <ostream>

QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os) { *os << '"' << s.toStdString() << '"'; }
QT_END_NAMESPACE

using namespace fixbench;

namespace {

QList<QByteArray> lines(const char *text)
{
    return FtpListParser::splitLines(QByteArray(text));
}

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}

const QDateTime kNow = utc(2022, 11, 25, 9, 30);

std::string str(const QStringList &l) { return l.join(QLatin1Char('\n')).toStdString(); }

} // namespace

TEST(FtpListParser, SplitLinesHandlesCrLfAndMissingLastNewline)
{
    EXPECT_EQ(FtpListParser::splitLines("a\r\nb\nc"), (QList<QByteArray>{"a", "b", "c"}));
    EXPECT_EQ(FtpListParser::splitLines("a\r\n"), (QList<QByteArray>{"a"}));
    EXPECT_TRUE(FtpListParser::splitLines("").isEmpty());
    // A name may end with spaces: only the '\r' of CRLF is removed.
    EXPECT_EQ(FtpListParser::splitLines("x  \r\n"), (QList<QByteArray>{"x  "}));
}

// vsftpd 3.0.3 (Debian), `LIST -a`, numeric owner and group, time in UTC.
TEST(FtpListParser, VsftpdListing)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "drwxr-xr-x    3 1000     1000         4096 Nov 20 12:10 .\r\n"
        "drwxr-xr-x    3 0        0            4096 Nov 20 12:09 ..\r\n"
        "-rw-r--r--    1 1000     1000          220 Mar 27  2022 .bash_logout\r\n"
        "drwxr-xr-x    2 1000     1000         4096 Nov 20 12:10 out\r\n"
        "-rw-r--r--    1 1000     1000      3145728 Nov 20 12:10 weather.csv\r\n"
        "lrwxrwxrwx    1 1000     1000           11 Nov 20 12:11 latest -> weather.csv\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 4);

    EXPECT_EQ(l.entries[0].name, QStringLiteral(".bash_logout"));
    EXPECT_EQ(l.entries[0].type, FtpEntry::Type::File);
    EXPECT_EQ(l.entries[0].size, 220);
    EXPECT_EQ(l.entries[0].modified, utc(2022, 3, 27));
    EXPECT_EQ(l.entries[0].permissions, QStringLiteral("rw-r--r--"));
    EXPECT_EQ(l.entries[0].owner, QStringLiteral("1000"));
    EXPECT_EQ(l.entries[0].group, QStringLiteral("1000"));

    EXPECT_EQ(l.entries[1].name, QStringLiteral("out"));
    EXPECT_EQ(l.entries[1].type, FtpEntry::Type::Directory);
    EXPECT_EQ(l.entries[1].permissions, QStringLiteral("rwxr-xr-x"));

    EXPECT_EQ(l.entries[2].name, QStringLiteral("weather.csv"));
    EXPECT_EQ(l.entries[2].size, 3145728);
    EXPECT_EQ(l.entries[2].modified, utc(2022, 11, 20, 12, 10));

    EXPECT_EQ(l.entries[3].name, QStringLiteral("latest"));
    EXPECT_EQ(l.entries[3].type, FtpEntry::Type::Link);
    EXPECT_EQ(l.entries[3].linkTarget, QStringLiteral("weather.csv"));
    EXPECT_EQ(l.entries[3].size, 11);
}

// ProFTPD 1.3.8 LIST: owner and group names, year form aligned with two spaces.
TEST(FtpListParser, ProftpdListing)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "drwxr-xr-x   2 fixbench fixbench     4096 Nov 20 12:10 reports\r\n"
        "-rw-r--r--   1 fixbench fixbench      807 Jan  6  2022 .profile\r\n"
        "-rw-r--r--   1 fixbench fixbench       12 Nov  2 08:05 a.txt\r\n"
        "lrwxrwxrwx   1 fixbench fixbench        5 Nov 20 12:10 up -> ../x\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 4);
    EXPECT_EQ(l.entries[0].owner, QStringLiteral("fixbench"));
    EXPECT_EQ(l.entries[0].type, FtpEntry::Type::Directory);
    EXPECT_EQ(l.entries[1].name, QStringLiteral(".profile"));
    EXPECT_EQ(l.entries[1].modified, utc(2022, 1, 6));
    EXPECT_EQ(l.entries[2].modified, utc(2022, 11, 2, 8, 5));
    EXPECT_EQ(l.entries[3].linkTarget, QStringLiteral("../x"));
}

// Pure-FTPd 1.0.50: wider columns; some builds print no group column.
TEST(FtpListParser, PureFtpdListing)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "drwxr-xr-x    2 1000       1000             4096 Nov 20 12:10 incoming\r\n"
        "-rw-r--r--    1 ftpuser    ftpgroup           12 Nov 20 12:10 file.txt\r\n"
        "-rw-r--r--    1 ftpuser             99 Oct 31  2019 nogroup.txt\r\n"
        "-rw-r--r--+   1 ftpuser    ftpgroup            1 Nov 20 12:10 acl.txt\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 4);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("incoming"));
    EXPECT_EQ(l.entries[1].owner, QStringLiteral("ftpuser"));
    EXPECT_EQ(l.entries[1].group, QStringLiteral("ftpgroup"));
    EXPECT_EQ(l.entries[2].name, QStringLiteral("nogroup.txt"));
    EXPECT_EQ(l.entries[2].size, 99);
    EXPECT_EQ(l.entries[2].owner, QStringLiteral("ftpuser"));
    EXPECT_TRUE(l.entries[2].group.isEmpty());
    EXPECT_EQ(l.entries[2].modified, utc(2019, 10, 31));
    EXPECT_EQ(l.entries[3].name, QStringLiteral("acl.txt"));
    EXPECT_EQ(l.entries[3].permissions, QStringLiteral("rw-r--r--"));
}

TEST(FtpListParser, BusyboxAndLongIsoAndDevices)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "total 12\r\n"
        "-rw-r--r--    1 root     root            5 2022-11-20 12:10 iso.txt\r\n"
        "crw-rw-rw-    1 0        0          1,   3 Nov 20 12:10 null\r\n"
        "prw-r--r--    1 0        0             0 Nov 20 12:10 fifo\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 3);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("iso.txt"));
    EXPECT_EQ(l.entries[0].modified, utc(2022, 11, 20, 12, 10));
    EXPECT_EQ(l.entries[1].name, QStringLiteral("null"));
    EXPECT_EQ(l.entries[1].type, FtpEntry::Type::Other);
    EXPECT_EQ(l.entries[1].size, -1);
    EXPECT_EQ(l.entries[2].type, FtpEntry::Type::Other);
}

// IIS ("MS-DOS" directory listing style).
TEST(FtpListParser, IisDosListing)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "11-20-22  12:10PM       <DIR>          aspnet_client\r\n"
        "11-20-22  09:05AM                   12 file.txt\r\n"
        "01-02-2019  11:59PM              3145728 name with  spaces.bin\r\n"
        "11-20-22  12:00AM                    0 midnight\r\n"
        "07-04-98  13:45                     7 -dash 24h\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 5);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("aspnet_client"));
    EXPECT_EQ(l.entries[0].type, FtpEntry::Type::Directory);
    EXPECT_EQ(l.entries[0].modified, utc(2022, 11, 20, 12, 10));
    EXPECT_EQ(l.entries[1].name, QStringLiteral("file.txt"));
    EXPECT_EQ(l.entries[1].size, 12);
    EXPECT_EQ(l.entries[1].modified, utc(2022, 11, 20, 9, 5));
    EXPECT_EQ(l.entries[2].name, QStringLiteral("name with  spaces.bin"));
    EXPECT_EQ(l.entries[2].modified, utc(2019, 1, 2, 23, 59));
    EXPECT_EQ(l.entries[3].modified, utc(2022, 11, 20, 0, 0));
    EXPECT_EQ(l.entries[4].name, QStringLiteral("-dash 24h"));
    EXPECT_EQ(l.entries[4].modified, utc(1998, 7, 4, 13, 45));
}

TEST(FtpListParser, TrickyNamesComeBackExactly)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10 name with  two  spaces \r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10  leading space\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10 -rf\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10 --help\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10 a -> b\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10 Météo 北京 ✓.csv\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20  2020 Nov 20 12:10 x\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10 100%#?;x=1.txt\r\n"
        "lrwxrwxrwx    1 1000     1000            5 Nov 20 12:10 my link -> my target -> z\r\n"
        "drwxr-xr-x    2 1000     1000         4096 Nov 20 12:10 dir -> not a link\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 10);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("name with  two  spaces "));
    EXPECT_EQ(l.entries[1].name, QStringLiteral(" leading space"));
    EXPECT_EQ(l.entries[2].name, QStringLiteral("-rf"));
    EXPECT_EQ(l.entries[3].name, QStringLiteral("--help"));
    EXPECT_EQ(l.entries[4].name, QStringLiteral("a -> b")); // a file: "->" is part of the name
    EXPECT_EQ(l.entries[4].type, FtpEntry::Type::File);
    EXPECT_TRUE(l.entries[4].linkTarget.isEmpty());
    EXPECT_EQ(l.entries[5].name, QStringLiteral("Météo 北京 ✓.csv"));
    EXPECT_EQ(l.entries[6].name, QStringLiteral("Nov 20 12:10 x"));
    EXPECT_EQ(l.entries[6].modified, utc(2020, 11, 20));
    EXPECT_EQ(l.entries[7].name, QStringLiteral("100%#?;x=1.txt"));
    EXPECT_EQ(l.entries[8].name, QStringLiteral("my link")); // links split at the first " -> "
    EXPECT_EQ(l.entries[8].linkTarget, QStringLiteral("my target -> z"));
    EXPECT_EQ(l.entries[9].name, QStringLiteral("dir -> not a link"));
    EXPECT_EQ(l.entries[9].type, FtpEntry::Type::Directory);
}

TEST(FtpListParser, TimeFormYearIsTheLastSixMonths)
{
    // Same year when the date is not in the future.
    EXPECT_EQ(FtpListParser::inferYear(11, 20, 12, 10, kNow), 2022);
    EXPECT_EQ(FtpListParser::inferYear(6, 1, 0, 0, kNow), 2022);
    // A date more than a day ahead of now is last year's (December seen in January).
    const QDateTime jan = utc(2023, 1, 15, 10, 0);
    EXPECT_EQ(FtpListParser::inferYear(12, 20, 12, 10, jan), 2022);
    EXPECT_EQ(FtpListParser::inferYear(1, 17, 12, 10, jan), 2022);
    // Up to a day ahead is clock skew / time zones: still this year.
    EXPECT_EQ(FtpListParser::inferYear(1, 15, 23, 59, jan), 2023);
    EXPECT_EQ(FtpListParser::inferYear(1, 16, 9, 0, jan), 2023);
    // New Year's Eve seen on Jan 1st.
    EXPECT_EQ(FtpListParser::inferYear(12, 31, 23, 59, utc(2023, 1, 1, 0, 5)), 2022);
    // Feb 29 goes to the last leap year.
    EXPECT_EQ(FtpListParser::inferYear(2, 29, 12, 0, utc(2024, 3, 10)), 2024);

    const FtpListing l = FtpListParser::parseList(lines("-rw-r--r-- 1 u g 1 Dec 20 12:10 f\r\n"), jan);
    ASSERT_EQ(l.entries.size(), 1);
    EXPECT_EQ(l.entries[0].modified, utc(2022, 12, 20, 12, 10));
}

TEST(FtpListParser, MalformedListLinesAreSkippedWithADiagnostic)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "total 8\r\n"
        "\r\n"
        "garbage without structure\r\n"
        "-rw-r--r--    1 1000     1000            x Nov 20 12:10 bad size\r\n"
        "drwxr-xr-x    2 1000     1000         4096 Foo 20 12:10 bad month\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10\r\n"
        "-rw-r--r--    1 1000     1000            5 Feb 31  2021 impossible date\r\n"
        "99-99-99  12:10PM       <DIR>          bad dos date\r\n"
        "-rwxrwxrwx\r\n"
        "-rw-r--r--    1 1000     1000            5 Nov 20 12:10 good\r\n"
        "\xff\xfe\x00\x01\r\n"), kNow);
    ASSERT_EQ(l.entries.size(), 1);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("good"));
    // "total" and the empty line are skipped silently; the 8 others are reported.
    ASSERT_EQ(l.diagnostics.size(), 8) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[0].startsWith(QStringLiteral("line 3: skipped `garbage without structure`"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[1].startsWith(QStringLiteral("line 4: skipped"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[5].contains(QStringLiteral("bad dos date"))) << str(l.diagnostics);
}

TEST(FtpListParser, NonUtf8NameIsDecodedAsLatin1WithANote)
{
    const FtpListing l = FtpListParser::parseList(lines("-rw-r--r-- 1 u g 1 Nov 20 12:10 caf\xe9.txt\r\n"), kNow);
    ASSERT_EQ(l.entries.size(), 1);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("caf\u00e9.txt"));
    ASSERT_EQ(l.diagnostics.size(), 1);
    EXPECT_TRUE(l.diagnostics[0].contains(QStringLiteral("Latin-1")));
}

// ProFTPD 1.3.8 MLSD, exactly as the ftp_mlsd fixture sends it.
TEST(FtpListParser, ProftpdMlsd)
{
    const FtpListing l = FtpListParser::parseMlsd(lines(
        "modify=20221120121000;perm=flcdmpe;type=cdir;unique=27U1164A5;UNIX.group=1000;UNIX.groupname=fixbench;UNIX.mode=0755;UNIX.owner=1000;UNIX.ownername=fixbench; .\r\n"
        "modify=20221120120000;perm=flcdmpe;type=pdir;unique=27U1164A5;UNIX.group=1000;UNIX.groupname=fixbench;UNIX.mode=0755;UNIX.owner=1000;UNIX.ownername=fixbench; ..\r\n"
        "modify=20221120121000;perm=adfrw;size=3526;type=file;unique=27U1164C5;UNIX.group=1000;UNIX.groupname=fixbench;UNIX.mode=0644;UNIX.owner=1000;UNIX.ownername=fixbench; .bashrc\r\n"
        "modify=20221120121001;perm=flcdmpe;type=dir;unique=27U1164C6;UNIX.group=1000;UNIX.groupname=fixbench;UNIX.mode=0755;UNIX.owner=1000;UNIX.ownername=fixbench; out dir\r\n"
        "modify=20221120121002;perm=adfrw;size=5;type=OS.unix=slink:/srv/ftp/fixbench/.bashrc;unique=27U1164C7;UNIX.mode=0777;UNIX.owner=1000; latest\r\n"
        "type=file;size=12;modify=20221120121000;perm=adfrw; name with spaces\r\n"));
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 4);
    EXPECT_EQ(l.entries[0].name, QStringLiteral(".bashrc"));
    EXPECT_EQ(l.entries[0].type, FtpEntry::Type::File);
    EXPECT_EQ(l.entries[0].size, 3526);
    EXPECT_EQ(l.entries[0].modified, utc(2022, 11, 20, 12, 10, 0));
    EXPECT_EQ(l.entries[0].permissions, QStringLiteral("adfrw"));
    EXPECT_EQ(l.entries[0].owner, QStringLiteral("fixbench"));
    EXPECT_EQ(l.entries[0].group, QStringLiteral("fixbench"));
    EXPECT_EQ(l.entries[1].name, QStringLiteral("out dir"));
    EXPECT_EQ(l.entries[1].type, FtpEntry::Type::Directory);
    EXPECT_EQ(l.entries[1].modified, utc(2022, 11, 20, 12, 10, 1));
    EXPECT_EQ(l.entries[2].name, QStringLiteral("latest"));
    EXPECT_EQ(l.entries[2].type, FtpEntry::Type::Link);
    EXPECT_EQ(l.entries[2].linkTarget, QStringLiteral("/srv/ftp/fixbench/.bashrc"));
    EXPECT_EQ(l.entries[2].owner, QStringLiteral("1000"));
    EXPECT_EQ(l.entries[3].name, QStringLiteral("name with spaces"));
    EXPECT_EQ(l.entries[3].size, 12);
}

// ProFTPD with `FactsOptions UseSlink` writes a link's target into the type fact,
// unescaped: spaces and ';' included.
TEST(FtpListParser, MlsdSymlinkTargetsWithSpacesAndSemicolons)
{
    const FtpListing l = FtpListParser::parseMlsd(lines(
        "modify=20221120121002;perm=adfrw;size=11;type=OS.unix=slink:/srv/ftp/fixbench/links/target file;unique=32U12A165;UNIX.group=1000;UNIX.mode=0777; my link\r\n"
        "type=OS.unix=slink:odd;target y z;size=3; odd link\r\n"
        "size=3;type=OS.unix=slink:last fact; at the end\r\n"));
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 3);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("my link"));
    EXPECT_EQ(l.entries[0].type, FtpEntry::Type::Link);
    EXPECT_EQ(l.entries[0].linkTarget, QStringLiteral("/srv/ftp/fixbench/links/target file"));
    EXPECT_EQ(l.entries[0].size, 11);
    EXPECT_EQ(l.entries[0].permissions, QStringLiteral("adfrw"));
    EXPECT_EQ(l.entries[1].name, QStringLiteral("odd link"));
    EXPECT_EQ(l.entries[1].linkTarget, QStringLiteral("odd;target y z")); // up to the next fact
    EXPECT_EQ(l.entries[1].size, 3);
    EXPECT_EQ(l.entries[2].name, QStringLiteral("at the end"));
    EXPECT_EQ(l.entries[2].linkTarget, QStringLiteral("last fact"));

    // MLST's facts part alone (what stat reads).
    FtpEntry e;
    ASSERT_TRUE(FtpListParser::parseMlsdFacts("type=dir;modify=20221120121000;perm=flcdmpe;", &e));
    EXPECT_EQ(e.type, FtpEntry::Type::Directory);
    EXPECT_EQ(e.modified, utc(2022, 11, 20, 12, 10));
    // A bad fact is dropped (size unknown) and said; the other facts stand.
    QString why;
    FtpEntry f;
    EXPECT_TRUE(FtpListParser::parseMlsdFacts("type=file;size=x;modify=20221120121000;", &f, &why));
    EXPECT_EQ(f.type, FtpEntry::Type::File);
    EXPECT_EQ(f.size, -1);
    EXPECT_EQ(f.modified, utc(2022, 11, 20, 12, 10));
    EXPECT_TRUE(why.contains(QStringLiteral("size `x`"))) << str(QStringList{why});
}

// Pure-FTPd MLSD (UNIX.uid/gid, lower-case facts) and other servers' variations.
TEST(FtpListParser, OtherMlsdDialects)
{
    const FtpListing l = FtpListParser::parseMlsd(lines(
        "type=file;size=12;modify=20221120121000;UNIX.mode=0644;UNIX.uid=1000;UNIX.gid=1000;unique=803g2e3a; file.txt\r\n"
        "Type=DIR;Modify=20221120121000.123;Perm=el; Sub Dir\r\n"
        "type=OS.unix=symlink;size=4;modify=20221120121000; lnk\r\n"
        "size=3;modify=20221120121000; no type\r\n"
        "type=file;sizd=4096;size=7; both sizes\r\n"
        "type=file;size=1; ; semicolon and space name\r\n"
        "type=file;size=1; -rf\r\n"
        "type=file;size=1; a -> b\r\n"
        "type=file;size=1; Météo ✓\r\n"
        "type=file;size=1;  two leading spaces\r\n"));
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 10);
    EXPECT_EQ(l.entries[0].permissions, QStringLiteral("rw-r--r--")); // from UNIX.mode when no perm fact
    EXPECT_EQ(l.entries[0].owner, QStringLiteral("1000"));
    EXPECT_EQ(l.entries[1].type, FtpEntry::Type::Directory);
    EXPECT_EQ(l.entries[1].name, QStringLiteral("Sub Dir"));
    EXPECT_EQ(l.entries[1].modified, QDateTime(QDate(2022, 11, 20), QTime(12, 10, 0, 123), Qt::UTC));
    EXPECT_EQ(l.entries[1].permissions, QStringLiteral("el"));
    EXPECT_EQ(l.entries[2].type, FtpEntry::Type::Link);
    EXPECT_EQ(l.entries[3].type, FtpEntry::Type::Other);
    EXPECT_EQ(l.entries[4].size, 7);
    EXPECT_EQ(l.entries[5].name, QStringLiteral("; semicolon and space name"));
    EXPECT_EQ(l.entries[6].name, QStringLiteral("-rf"));
    EXPECT_EQ(l.entries[7].name, QStringLiteral("a -> b"));
    EXPECT_EQ(l.entries[8].name, QStringLiteral("Météo ✓"));
    EXPECT_EQ(l.entries[9].name, QStringLiteral(" two leading spaces"));
}

TEST(FtpListParser, MalformedMlsdLinesAreSkippedWithADiagnostic)
{
    const FtpListing l = FtpListParser::parseMlsd(lines(
        "nospace\r\n"
        "type=file;size=1; \r\n"
        "type=file;size=1 ;x\r\n"
        "\r\n"
        "type=file;size=5; ok\r\n"));
    ASSERT_EQ(l.entries.size(), 1);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("ok"));
    ASSERT_EQ(l.diagnostics.size(), 3) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[0].contains(QStringLiteral("no space"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[0].contains(QStringLiteral("skipped"))) << str(l.diagnostics);
}

// One bad fact used to drop the whole entry (a name the listing then lacked, and a
// clean that could not see it): the entry stays, that fact is dropped and noted.
TEST(FtpListParser, ABadMlsdFactDropsTheFactNotTheEntry)
{
    const FtpListing l = FtpListParser::parseMlsd(lines(
        "type=file;size=abc;modify=20221120121000; bad size\r\n"
        "type=file;size=5;modify=2022; bad time\r\n"
        "type=file;size=5;modify=20221340121000; month 13\r\n"
        "type=file;garbage;size=7; no equals\r\n"
        "type=file;size=18446744073709551615; max u64\r\n"
        "type=file;size=123456789012345678901234567890; huge\r\n"
        "type=dir;modify=20221120121000;perm=flcdmpe; fine dir\r\n"));
    ASSERT_EQ(l.entries.size(), 7) << str(l.diagnostics);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("bad size"));
    EXPECT_EQ(l.entries[0].size, -1);
    EXPECT_EQ(l.entries[0].modified, utc(2022, 11, 20, 12, 10));
    EXPECT_EQ(l.entries[1].name, QStringLiteral("bad time"));
    EXPECT_EQ(l.entries[1].size, 5);
    EXPECT_FALSE(l.entries[1].modified.isValid());
    EXPECT_EQ(l.entries[2].name, QStringLiteral("month 13"));
    EXPECT_EQ(l.entries[3].name, QStringLiteral("no equals"));
    EXPECT_EQ(l.entries[3].size, 7);
    EXPECT_EQ(l.entries[4].size, -1); // unknown, never 0 or a wrapped number
    EXPECT_EQ(l.entries[5].size, -1);
    EXPECT_EQ(l.entries[6].type, FtpEntry::Type::Directory);
    ASSERT_EQ(l.diagnostics.size(), 6) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[0].startsWith(QStringLiteral("line 1: note on"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[0].contains(QStringLiteral("size `abc`"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[1].contains(QStringLiteral("modify `2022`"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[3].contains(QStringLiteral("`garbage`"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[4].contains(QStringLiteral("18446744073709551615"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[4].contains(QStringLiteral("64 bits"))) << str(l.diagnostics);
    for (const QString &d : l.diagnostics)
        EXPECT_FALSE(d.contains(QStringLiteral("skipped"))) << str(l.diagnostics);
}

// IIS variants seen in the wild: a four-digit year first (ISO order), a four-digit
// year last with AM/PM, sizes with thousands separators.
TEST(FtpListParser, IisFourDigitYearsAndThousandsSeparators)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "2002-09-02  18:48       <DIR>          iso dir\r\n"
        "2002-09-02  18:48                 9,730 iso file.txt\r\n"
        "09-02-2002  06:48PM             1,234,567 us file.bin\r\n"
        "09-02-2002  06:48PM       <DIR>          us dir\r\n"
        "12-31-1999  11:59PM                 12 plain\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 5);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("iso dir"));
    EXPECT_EQ(l.entries[0].type, FtpEntry::Type::Directory);
    EXPECT_EQ(l.entries[0].modified, utc(2002, 9, 2, 18, 48));
    EXPECT_EQ(l.entries[1].name, QStringLiteral("iso file.txt"));
    EXPECT_EQ(l.entries[1].size, 9730);
    EXPECT_EQ(l.entries[2].name, QStringLiteral("us file.bin"));
    EXPECT_EQ(l.entries[2].size, 1234567);
    EXPECT_EQ(l.entries[2].modified, utc(2002, 9, 2, 18, 48));
    EXPECT_EQ(l.entries[3].type, FtpEntry::Type::Directory);
    EXPECT_EQ(l.entries[3].name, QStringLiteral("us dir"));
    EXPECT_EQ(l.entries[4].size, 12);
    EXPECT_EQ(l.entries[4].modified, utc(1999, 12, 31, 23, 59));
}

// Owners and groups named like months, small sizes that look like days, sizes that
// look like years: the date is the one in the usual columns, never an earlier look-alike.
TEST(FtpListParser, MonthLikeOwnersAndSmallSizesKeepTheRealColumns)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "-rw-r--r--   1 1000     may 7 2048 Dec  1  2021 old.txt\r\n"
        "-rw-r--r--   1 jan      may 7 2048 Dec  1  2021 old2.txt\r\n"
        "-rw-r--r--   1 1000     feb       30 Nov 20 12:10 feb group\r\n"
        "-rw-r--r--   1 jan      users      5 Nov 20  2021 jan owner\r\n"
        "-rw-r--r--   1 1000     1000       5 Nov 20  2021 5 Nov 20 12:10 name like a line\r\n"
        "-rw-r--r--   1 100      feb 30 2048 Nov 20  2021 impossible look-alike\r\n"
        "-rw-r--r--   1 jan             12 Nov 20 12:10 jan no group\r\n"), kNow);
    EXPECT_TRUE(l.diagnostics.isEmpty()) << str(l.diagnostics);
    ASSERT_EQ(l.entries.size(), 7) << str(l.diagnostics);
    EXPECT_EQ(l.entries[0].name, QStringLiteral("old.txt"));
    EXPECT_EQ(l.entries[0].size, 2048);
    EXPECT_EQ(l.entries[0].modified, utc(2021, 12, 1));
    EXPECT_EQ(l.entries[0].owner, QStringLiteral("1000"));
    EXPECT_EQ(l.entries[1].name, QStringLiteral("old2.txt"));
    EXPECT_EQ(l.entries[1].size, 2048);
    EXPECT_EQ(l.entries[2].name, QStringLiteral("feb group"));
    EXPECT_EQ(l.entries[2].size, 30);
    EXPECT_EQ(l.entries[2].group, QStringLiteral("feb"));
    EXPECT_EQ(l.entries[3].name, QStringLiteral("jan owner"));
    EXPECT_EQ(l.entries[3].owner, QStringLiteral("jan"));
    EXPECT_EQ(l.entries[3].group, QStringLiteral("users"));
    EXPECT_EQ(l.entries[4].name, QStringLiteral("5 Nov 20 12:10 name like a line"));
    EXPECT_EQ(l.entries[4].size, 5);
    EXPECT_EQ(l.entries[5].name, QStringLiteral("impossible look-alike"));
    EXPECT_EQ(l.entries[5].size, 2048);
    EXPECT_EQ(l.entries[6].name, QStringLiteral("jan no group"));
    EXPECT_EQ(l.entries[6].owner, QStringLiteral("jan"));
    EXPECT_EQ(l.entries[6].size, 12);
}

// A size beyond 64 bits (or u64 max, which some servers print for "unknown") is
// unknown with a note, never 0.
TEST(FtpListParser, TwentyDigitSizesAreUnknownNeverZero)
{
    const FtpListing l = FtpListParser::parseList(lines(
        "-rw-r--r--   1 u        g        18446744073709551615 Nov 20 12:10 u64max\r\n"
        "-rw-r--r--   1 u        g        9223372036854775807 Nov 20 12:10 i64max\r\n"
        "-rw-r--r--   1 u        g        123456789012345678901 Nov 20 12:10 huge\r\n"
        "11-20-22  12:10PM       99999999999999999999 dos huge\r\n"), kNow);
    ASSERT_EQ(l.entries.size(), 4) << str(l.diagnostics);
    EXPECT_EQ(l.entries[0].size, -1);
    EXPECT_EQ(l.entries[1].size, std::numeric_limits<qint64>::max());
    EXPECT_EQ(l.entries[2].size, -1);
    EXPECT_EQ(l.entries[3].name, QStringLiteral("dos huge"));
    EXPECT_EQ(l.entries[3].size, -1);
    ASSERT_EQ(l.diagnostics.size(), 3) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[0].startsWith(QStringLiteral("line 1: note on"))) << str(l.diagnostics);
    EXPECT_TRUE(l.diagnostics[0].contains(QStringLiteral("18446744073709551615"))) << str(l.diagnostics);
}

TEST(FtpListParser, NeverCrashesOnRandomBytes)
{
    // A crude fuzz: random printable and binary lines must be parsed or reported.
    uint32_t seed = 12345;
    auto next = [&]() { seed = seed * 1103515245u + 12345u; return seed >> 8; };
    QList<QByteArray> junk;
    const QByteArray alphabet("drwx-lt 0123456789:;=<>DIR>Nov Dec PMAM\xc3\xa9->/\t.");
    for (int i = 0; i < 2000; ++i) {
        QByteArray line;
        const int n = int(next() % 80);
        for (int k = 0; k < n; ++k)
            line += (next() % 5 == 0) ? char(next() % 256) : alphabet[int(next() % alphabet.size())];
        junk << line;
    }
    const FtpListing a = FtpListParser::parseList(junk, kNow);
    const FtpListing b = FtpListParser::parseMlsd(junk);
    EXPECT_LE(a.entries.size() + a.diagnostics.size(), junk.size() * 2);
    EXPECT_LE(b.entries.size() + b.diagnostics.size(), junk.size() * 2);
}

// FtpClient parses a listing while it arrives, in whatever pieces libcurl hands over:
// the result must be that of the whole text, for every way of cutting it (a cut inside
// "\r\n", a multi-byte character, a last line without '\n').
TEST(FtpListStream, AnyPiecesGiveTheListingOfTheWholeText)
{
    const QByteArray list("total 12\r\n"
                          "drwxr-xr-x    2 1000     1000         4096 Nov 20 12:10 dir with  spaces\r\n"
                          "-rw-r--r--    1 1000     1000           12 Nov 20  2021 -leading dash\r\n"
                          "\r\n"
                          "garbage that is no listing line\r\n"
                          "lrwxrwxrwx    1 0        0               7 Nov 20 12:10 link -> target\r\n"
                          "-rw-r--r--    1 1000     1000            0 Nov 20 12:10 caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\r\n"
                          "-rw-r--r--    1 1000     1000            0 Nov 20 12:10 latin\xe9\r\n"
                          "-rw-r--r--    1 1000     1000            5 Nov 21 08:00 no final newline\r");
    const QByteArray mlsd("type=cdir;modify=20221120121000; .\r\n"
                          "type=file;size=12;modify=20221120121000;perm=adfrw; a; b.txt\r\n"
                          "type=dir;modify=20221120121000; sub dir\n"
                          "size=abc;type=file; bad size\r\n"
                          "no facts at all\r\n"
                          "type=OS.unix=slink:/t;modify=20221120121000; link\r\n"
                          "type=file;size=1; \xc3\xa9t\xc3\xa9");
    auto same = [](const FtpListing &a, const FtpListing &b) {
        if (a.entries.size() != b.entries.size() || a.diagnostics != b.diagnostics)
            return false;
        for (qsizetype i = 0; i < a.entries.size(); ++i) {
            const FtpEntry &x = a.entries[i], &y = b.entries[i];
            if (x.name != y.name || x.type != y.type || x.size != y.size || x.modified != y.modified
                || x.permissions != y.permissions || x.linkTarget != y.linkTarget || x.owner != y.owner || x.group != y.group)
                return false;
        }
        return true;
    };
    for (const bool isMlsd : {false, true}) {
        const QByteArray &text = isMlsd ? mlsd : list;
        const FtpListing whole = isMlsd ? FtpListParser::parseMlsd(FtpListParser::splitLines(text))
                                        : FtpListParser::parseList(FtpListParser::splitLines(text), kNow);
        ASSERT_GE(whole.entries.size(), 4);
        ASSERT_GE(whole.diagnostics.size(), 1);
        FtpListStream stream(isMlsd ? FtpListStream::Format::Mlsd : FtpListStream::Format::List, kNow);
        // Every piece size, and every single cut position.
        for (qsizetype piece = 1; piece <= text.size(); ++piece) {
            for (qsizetype at = 0; at < text.size(); at += piece)
                stream.feed(text.constData() + at, std::min(piece, text.size() - at));
            EXPECT_TRUE(same(stream.finish(), whole)) << (isMlsd ? "MLSD" : "LIST") << " in pieces of " << piece;
        }
        for (qsizetype cut = 0; cut <= text.size(); ++cut) {
            stream.feed(text.constData(), cut);
            stream.feed(text.constData() + cut, text.size() - cut);
            EXPECT_TRUE(same(stream.finish(), whole)) << (isMlsd ? "MLSD" : "LIST") << " cut at " << cut;
        }
        // reset() forgets what was fed (a listing done again).
        stream.feed(text.constData(), text.size() / 2);
        stream.reset();
        stream.feed(text.constData(), text.size());
        EXPECT_TRUE(same(stream.finish(), whole));
        EXPECT_TRUE(stream.finish().entries.isEmpty());
    }
}

TEST(FtpListParser, TimeVal)
{
    EXPECT_EQ(FtpListParser::parseTimeVal("20221120121000"), utc(2022, 11, 20, 12, 10, 0));
    EXPECT_EQ(FtpListParser::parseTimeVal("20221120121000.5"), QDateTime(QDate(2022, 11, 20), QTime(12, 10, 0, 500), Qt::UTC));
    EXPECT_FALSE(FtpListParser::parseTimeVal("2022112012100").isValid());
    EXPECT_FALSE(FtpListParser::parseTimeVal("20221120121000.").isValid());
    EXPECT_FALSE(FtpListParser::parseTimeVal("2022112012100x").isValid());
    EXPECT_FALSE(FtpListParser::parseTimeVal("20221131121000").isValid());
}

TEST(FtpClientPaths, SafeLocalPathKeepsNamesInsideTheFolder)
{
    const QString dir = QDir::tempPath() + QStringLiteral("/fixbench-target");
    auto ok = [&](const QString &name, const QString &expected) {
        auto r = FtpClient::safeLocalPath(dir, name);
        ASSERT_TRUE(r.ok()) << name.toStdString() << ": " << r.error().toString().toStdString();
        EXPECT_EQ(*r, dir + QLatin1Char('/') + expected);
    };
    ok(QStringLiteral("a.txt"), QStringLiteral("a.txt"));
    ok(QStringLiteral("sub/a.txt"), QStringLiteral("sub/a.txt"));
    ok(QStringLiteral("-rf"), QStringLiteral("-rf"));
    ok(QStringLiteral("name with spaces"), QStringLiteral("name with spaces"));
    ok(QStringLiteral("..."), QStringLiteral("..."));
    ok(QStringLiteral("..hidden"), QStringLiteral("..hidden"));
    ok(QStringLiteral("a -> b"), QStringLiteral("a -> b"));
    ok(QStringLiteral("Météo ✓"), QStringLiteral("Météo ✓"));
    ok(QStringLiteral("./x"), QStringLiteral("x"));

    auto bad = [&](const QString &name, const char *why) {
        auto r = FtpClient::safeLocalPath(dir, name);
        ASSERT_FALSE(r.ok()) << "accepted: " << name.toStdString();
        EXPECT_EQ(r.error().kind, Error::Kind::Io);
        EXPECT_TRUE(r.error().message.contains(QLatin1String(why))) << r.error().message.toStdString();
    };
    bad(QStringLiteral(""), "empty");
    bad(QStringLiteral(".."), "..");
    bad(QStringLiteral("../x"), "..");
    bad(QStringLiteral("a/../../x"), "..");
    bad(QStringLiteral("a/.."), "..");
    bad(QStringLiteral("..\\x"), "..");
    bad(QStringLiteral("/etc/passwd"), "absolute");
    bad(QStringLiteral("\\\\server\\share"), "absolute");
    bad(QStringLiteral("C:\\x"), "absolute");
    bad(QStringLiteral("."), "inside");
    bad(QString::fromUtf8("a\0b", 3), "NUL");
}

TEST(FtpConfigTest, FromUrlAndEnvironment)
{
    auto c = FtpConfig::fromUrl(QStringLiteral("ftp://bob:p%40ss%3Aw@example.org:2121/some/path"));
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->host, QStringLiteral("example.org"));
    EXPECT_EQ(c->port, 2121);
    EXPECT_EQ(c->user, QStringLiteral("bob"));
    EXPECT_EQ(c->password, QStringLiteral("p@ss:w"));
    EXPECT_FALSE(c->ftps);
    EXPECT_EQ(c->displayUrl(), QStringLiteral("ftp://bob@example.org:2121/"));

    c = FtpConfig::fromUrl(QStringLiteral("ftps://127.0.0.1"));
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->ftps);
    EXPECT_EQ(c->port, 21);
    EXPECT_EQ(c->user, QStringLiteral("anonymous"));

    EXPECT_FALSE(FtpConfig::fromUrl(QStringLiteral("http://example.org/")).ok());
    EXPECT_FALSE(FtpConfig::fromUrl(QStringLiteral("not a url")).ok());
    EXPECT_FALSE(FtpConfig::fromUrl(QStringLiteral("ftp:///nohost")).ok());

    Environment env;
    env.set(QStringLiteral("FTP_HOST"), QStringLiteral("127.0.0.1"));
    env.set(QStringLiteral("FTP_PORT"), QStringLiteral("26778"));
    env.set(QStringLiteral("FTP_USER"), QStringLiteral("fixbench"));
    env.set(QStringLiteral("FTP_PASS"), QStringLiteral("secret"), true);
    c = FtpConfig::fromEnvironment(env);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->host, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(c->port, 26778);
    EXPECT_EQ(c->user, QStringLiteral("fixbench"));
    EXPECT_EQ(c->password, QStringLiteral("secret"));
    EXPECT_FALSE(c->displayUrl().contains(QStringLiteral("secret")));

    env.set(QStringLiteral("FTP_PORT"), QStringLiteral("http"));
    EXPECT_FALSE(FtpConfig::fromEnvironment(env).ok());
    EXPECT_FALSE(FtpConfig::fromEnvironment(Environment()).ok());
}
