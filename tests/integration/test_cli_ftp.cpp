// `fixbench ftp ...` and the ftp_server fixture's setup_data hook, as a user runs
// them: the real CLI binary against the real vsftpd fixture, brought up once with
// `fixbench up --keep` in a copy of the workspace (its own workspace id, so the
// default-fixture lookup sees only this fixture). CliFtpPure does the same with
// ftp_pure (Pure-FTPd: globbing LIST, listings truncated at 10,000 entries).

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <gtest/gtest.h>

#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace fixbench::testsupport;

namespace {

std::string str(const QString &s) { return s.toStdString(); }

std::unique_ptr<QTemporaryDir> &workspaceDir()
{
    static std::unique_ptr<QTemporaryDir> dir;
    return dir;
}

QString &upError()
{
    static QString e;
    return e;
}

QJsonObject &ftpEnv()
{
    static QJsonObject env;
    return env;
}

ProcResult ftp(const QStringList &args)
{
    return runCli(QStringList{QStringLiteral("-w"), workspaceDir()->path(), QStringLiteral("ftp")} + args);
}

QString envValue(const char *name) { return ftpEnv().value(QLatin1String(name)).toObject().value(QStringLiteral("value")).toString(); }

QString url(const QString &password = {})
{
    return QStringLiteral("ftp://%1:%2@%3:%4/")
        .arg(envValue("FTP_USER"), password.isEmpty() ? envValue("FTP_PASS") : password, envValue("FTP_HOST"), envValue("FTP_PORT"));
}

QString describe(const ProcResult &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(data);
}

} // namespace

class CliFtp : public ::testing::Test {
public:
    static void SetUpTestSuite()
    {
        auto dir = std::make_unique<QTemporaryDir>();
        QFile ws(dir->filePath(QStringLiteral("fixbench.yml")));
        ws.open(QIODevice::WriteOnly);
        ws.write("name: cli-ftp\n");
        ws.close();
        if (!copyTree(repoWorkspace() + QStringLiteral("/fixtures/ftp_server"), dir->filePath(QStringLiteral("fixtures/ftp_server")))) {
            upError() = QStringLiteral("cannot copy the ftp_server fixture");
            return;
        }
        workspaceDir() = std::move(dir);
        const ProcResult up = runCli({QStringLiteral("-w"), workspaceDir()->path(), QStringLiteral("up"), QStringLiteral("ftp_server"),
                                      QStringLiteral("--keep")});
        if (up.exitCode != 0) {
            upError() = describe(up);
            return;
        }
        const ProcResult env = runCli({QStringLiteral("-w"), workspaceDir()->path(), QStringLiteral("env"), QStringLiteral("ftp_server"),
                                       QStringLiteral("--json"), QStringLiteral("--show-secrets")});
        ftpEnv() = QJsonDocument::fromJson(env.out.toUtf8()).object();
        if (ftpEnv().isEmpty())
            upError() = describe(env);
    }

    static void TearDownTestSuite()
    {
        if (workspaceDir())
            runCli({QStringLiteral("-w"), workspaceDir()->path(), QStringLiteral("down"), QStringLiteral("--all")});
        workspaceDir().reset();
    }

protected:
    // The id of this suite's FTP server container.
    static QString ftpContainer()
    {
        for (const QString &id : containersWithLabel(QStringLiteral("com.docker.compose.service=ftp")))
            if (containersWithLabel(QStringLiteral("fixbench.workspace.root=") + workspaceDir()->path()).contains(id))
                return id;
        return {};
    }

    void SetUp() override
    {
        ASSERT_TRUE(upError().isEmpty()) << str(upError());
        const ProcResult clean = ftp({QStringLiteral("clean"), QStringLiteral("/")});
        ASSERT_EQ(clean.exitCode, 0) << str(describe(clean));
    }
};

TEST_F(CliFtp, LsPutGetMkdirMvRmRmdirClean)
{
    QTemporaryDir tmp;
    const QByteArray data = [] {
        QByteArray d(300000, Qt::Uninitialized);
        QRandomGenerator gen(5);
        for (char &c : d)
            c = char(gen.generate());
        return d;
    }();
    const QString local = tmp.filePath(QStringLiteral("report 1.bin"));
    writeFile(local, data);

    // put: to a folder (keeps the name), atomic with parents, by --fixture and by default
    ProcResult r = ftp({QStringLiteral("put"), local, QStringLiteral("/")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    r = ftp({QStringLiteral("put"), QStringLiteral("--fixture"), QStringLiteral("ftp_server"), QStringLiteral("--atomic"),
             QStringLiteral("--parents"), local, QStringLiteral("/out/deep/-x.bin")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));

    // ls: names sorted; -l; --json
    r = ftp({QStringLiteral("ls")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_EQ(r.out, QStringLiteral("out\nreport 1.bin\n"));
    r = ftp({QStringLiteral("ls"), QStringLiteral("-l"), QStringLiteral("/out/deep")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_TRUE(r.out.startsWith(QStringLiteral("-rw-r--r--"))) << str(r.out);
    EXPECT_TRUE(r.out.contains(QStringLiteral(" 300000 "))) << str(r.out);
    EXPECT_TRUE(r.out.trimmed().endsWith(QStringLiteral(" -x.bin"))) << str(r.out);
    r = ftp({QStringLiteral("ls"), QStringLiteral("--json"), QStringLiteral("--url"), url(), QStringLiteral("/")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 2) << str(r.out);
    EXPECT_EQ(arr[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("out"));
    EXPECT_EQ(arr[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("dir"));
    EXPECT_EQ(arr[1].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("report 1.bin"));
    EXPECT_EQ(arr[1].toObject().value(QStringLiteral("size")).toInteger(), 300000);
    EXPECT_TRUE(arr[1].toObject().value(QStringLiteral("modified")).toString().endsWith(QLatin1Char('Z')));
    // ls of a file shows the file; several paths get headers
    r = ftp({QStringLiteral("ls"), QStringLiteral("/report 1.bin"), QStringLiteral("/out")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_EQ(r.out, QStringLiteral("/report 1.bin:\nreport 1.bin\n\n/out:\ndeep\n"));

    // get: to a file, into a folder, to stdout
    const QString back = tmp.filePath(QStringLiteral("back.bin"));
    r = ftp({QStringLiteral("get"), QStringLiteral("--"), QStringLiteral("/out/deep/-x.bin"), back});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_TRUE(readFile(back) == data);
    QDir(tmp.path()).mkdir(QStringLiteral("into"));
    r = ftp({QStringLiteral("get"), QStringLiteral("/report 1.bin"), tmp.filePath(QStringLiteral("into"))});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_TRUE(readFile(tmp.filePath(QStringLiteral("into/report 1.bin"))) == data);
    ASSERT_EQ(ftp({QStringLiteral("put"), local + QStringLiteral("x"), QStringLiteral("/nope")}).exitCode, 7); // no local file
    writeFile(local, "plain text\n");
    ASSERT_EQ(ftp({QStringLiteral("put"), local, QStringLiteral("/t.txt")}).exitCode, 0);
    r = ftp({QStringLiteral("get"), QStringLiteral("/t.txt"), QStringLiteral("-")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_EQ(r.out, QStringLiteral("plain text\n"));

    // mkdir, mv, rm, rmdir
    ASSERT_EQ(ftp({QStringLiteral("mkdir"), QStringLiteral("-p"), QStringLiteral("/a/b c/d")}).exitCode, 0);
    ASSERT_EQ(ftp({QStringLiteral("mkdir"), QStringLiteral("/a/e")}).exitCode, 0);
    ASSERT_EQ(ftp({QStringLiteral("mv"), QStringLiteral("/t.txt"), QStringLiteral("/a/b c/t2.txt")}).exitCode, 0);
    EXPECT_EQ(ftp({QStringLiteral("ls"), QStringLiteral("/a/b c")}).out, QStringLiteral("d\nt2.txt\n"));
    ASSERT_EQ(ftp({QStringLiteral("rm"), QStringLiteral("/a/b c/t2.txt")}).exitCode, 0);
    ASSERT_EQ(ftp({QStringLiteral("rmdir"), QStringLiteral("/a/e")}).exitCode, 0);
    r = ftp({QStringLiteral("rmdir"), QStringLiteral("/a")});
    EXPECT_EQ(r.exitCode, 1) << str(describe(r)); // not empty
    ASSERT_EQ(ftp({QStringLiteral("rmdir"), QStringLiteral("-r"), QStringLiteral("/a")}).exitCode, 0);
    EXPECT_EQ(ftp({QStringLiteral("ls")}).out, QStringLiteral("out\nreport 1.bin\n"));

    // clean empties the tree and keeps the root
    ASSERT_EQ(ftp({QStringLiteral("clean"), QStringLiteral("/out")}).exitCode, 0);
    EXPECT_EQ(ftp({QStringLiteral("ls"), QStringLiteral("/out")}).out, QString());
    ASSERT_EQ(ftp({QStringLiteral("clean"), QStringLiteral("/")}).exitCode, 0);
    r = ftp({QStringLiteral("ls")});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out, QString());
}

TEST_F(CliFtp, ErrorsMapToExitCodes)
{
    // 7: no such remote path (and the message says which)
    ProcResult r = ftp({QStringLiteral("get"), QStringLiteral("/missing.txt"), QStringLiteral("-")});
    EXPECT_EQ(r.exitCode, 7) << str(describe(r));
    EXPECT_TRUE(r.err.contains(QStringLiteral("/missing.txt"))) << str(r.err);
    EXPECT_TRUE(r.err.contains(QStringLiteral("550"))) << str(r.err);
    EXPECT_EQ(ftp({QStringLiteral("ls"), QStringLiteral("/missing")}).exitCode, 7);
    EXPECT_EQ(ftp({QStringLiteral("rm"), QStringLiteral("/missing")}).exitCode, 7);
    // 8: wrong password, and the password is never printed
    r = ftp({QStringLiteral("ls"), QStringLiteral("--url"), url(QStringLiteral("Wr0ngPassw0rd"))});
    EXPECT_EQ(r.exitCode, 8) << str(describe(r));
    EXPECT_TRUE(r.err.contains(QStringLiteral("530"))) << str(r.err);
    EXPECT_FALSE(r.err.contains(QStringLiteral("Wr0ngPassw0rd"))) << str(r.err);
    // 9: nothing listens there
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    r = ftp({QStringLiteral("ls"), QStringLiteral("--url"), QStringLiteral("ftp://u:p@127.0.0.1:%1/").arg(ntohs(addr.sin_port))});
    EXPECT_EQ(r.exitCode, 9) << str(describe(r));
    // 2: bad command lines
    EXPECT_EQ(ftp({}).exitCode, 2);
    EXPECT_EQ(ftp({QStringLiteral("chmod"), QStringLiteral("/x")}).exitCode, 2);
    EXPECT_EQ(ftp({QStringLiteral("ls"), QStringLiteral("--url"), QStringLiteral("http://example.org/")}).exitCode, 2);
    EXPECT_EQ(ftp({QStringLiteral("mv"), QStringLiteral("/only-one")}).exitCode, 2);
    EXPECT_EQ(ftp({QStringLiteral("rm")}).exitCode, 2);
    EXPECT_EQ(ftp({QStringLiteral("ls"), QStringLiteral("--url"), url(), QStringLiteral("--fixture"), QStringLiteral("ftp_server")}).exitCode, 2);
    // 7: a fixture that is not up
    r = ftp({QStringLiteral("ls"), QStringLiteral("--fixture"), QStringLiteral("ftp_server"), QStringLiteral("--instance"),
             QStringLiteral("not-up")});
    EXPECT_EQ(r.exitCode, 7) << str(describe(r));
    // help
    r = ftp({QStringLiteral("--help")});
    EXPECT_EQ(r.exitCode, 0);
    for (const char *sub : {"ls", "get", "put", "rm", "mkdir", "rmdir", "mv", "clean"})
        EXPECT_TRUE(r.out.contains(QLatin1String(sub))) << sub;
    r = ftp({QStringLiteral("put"), QStringLiteral("--help")});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.contains(QStringLiteral("--atomic")));
    EXPECT_TRUE(r.out.contains(QStringLiteral("Exit codes")));
    EXPECT_TRUE(r.out.contains(QStringLiteral("8    credentials refused")));
}

TEST_F(CliFtp, SetupDataHookEmptiesTheServer)
{
    QTemporaryDir tmp;
    writeFile(tmp.filePath(QStringLiteral("f")), "data");
    for (const char *remote : {"/one.txt", "/.hidden", "/dir/sub dir/-two.txt", "/dir/empty/"})
        ASSERT_EQ(ftp({QStringLiteral("put"), QStringLiteral("--parents"), tmp.filePath(QStringLiteral("f")),
                       QString::fromLatin1(remote).endsWith(QLatin1Char('/')) ? QString::fromLatin1(remote) + QStringLiteral("x")
                                                                              : QString::fromLatin1(remote)})
                      .exitCode,
                  0)
            << remote;
    ASSERT_EQ(ftp({QStringLiteral("ls")}).out, QStringLiteral(".hidden\ndir\none.txt\n"));

    const ProcResult hook = runCli({QStringLiteral("-w"), workspaceDir()->path(), QStringLiteral("hook"), QStringLiteral("ftp_server"),
                                    QStringLiteral("setup_data")});
    ASSERT_EQ(hook.exitCode, 0) << str(describe(hook));
    EXPECT_TRUE(hook.out.contains(QStringLiteral("emptied /"))) << str(hook.out);
    const ProcResult ls = ftp({QStringLiteral("ls"), QStringLiteral("-l")});
    EXPECT_EQ(ls.exitCode, 0);
    EXPECT_EQ(ls.out, QString()) << "the server is not empty after setup_data";
}

TEST(CliFtpNoFixture, WithoutAnFtpFixtureUpSaysWhatToDo)
{
    QTemporaryDir dir;
    QFile ws(dir.filePath(QStringLiteral("fixbench.yml")));
    ASSERT_TRUE(ws.open(QIODevice::WriteOnly));
    ws.write("name: no-ftp-up\n");
    ws.close();
    QDir(dir.path()).mkpath(QStringLiteral("fixtures"));
    const ProcResult r = runCli({QStringLiteral("-w"), dir.path(), QStringLiteral("ftp"), QStringLiteral("ls")});
    EXPECT_EQ(r.exitCode, 7) << str(describe(r));
    EXPECT_TRUE(r.err.contains(QStringLiteral("--url"))) << str(r.err);
    EXPECT_TRUE(r.err.contains(QStringLiteral("FTP_HOST"))) << str(r.err);
}

// A file name the server hands back is shown, not obeyed: control characters (here an
// OSC sequence that would retitle the terminal) are written as \xNN by `ls` and `ls -l`.
TEST_F(CliFtp, LsEscapesControlCharactersInNames)
{
    // Made on the server's side (an FTP client cannot send such a name): a file whose
    // name carries an OSC sequence that would retitle the terminal.
    const QString container = ftpContainer();
    ASSERT_FALSE(container.isEmpty());
    const ProcResult made = run(QStringLiteral("docker"), {QStringLiteral("exec"), QStringLiteral("-u"), envValue("FTP_USER"), container,
                                                           QStringLiteral("sh"), QStringLiteral("-c"),
                                                           QStringLiteral("cd && printf x > \"$(printf 'a\\033]0;pwned\\007.txt')\"")});
    ASSERT_EQ(made.exitCode, 0) << str(describe(made));
    for (const QStringList &args : {QStringList{QStringLiteral("ls"), QStringLiteral("/")}, QStringList{QStringLiteral("ls"), QStringLiteral("-l"), QStringLiteral("/")}}) {
        const ProcResult r = ftp(args);
        EXPECT_EQ(r.exitCode, 0) << str(describe(r));
        EXPECT_FALSE(r.out.contains(QLatin1Char('\x1b'))) << "raw escape in: " << str(r.out);
        EXPECT_FALSE(r.out.contains(QLatin1Char('\x07'))) << str(r.out);
        EXPECT_TRUE(r.out.contains(QStringLiteral("a\\x1b]0;pwned\\x07.txt"))) << str(r.out);
    }
}

// `ls --json` is written directly (for speed) in QJsonDocument::Indented's exact bytes,
// names that need escaping included; and the process logs in once and sends one
// listing command per folder (no listing of the login folder first).
TEST_F(CliFtp, LsJsonIsQJsonDocumentsBytesFromOneListingPerFolder)
{
    const QString container = ftpContainer();
    ASSERT_FALSE(container.isEmpty());
    // Made on the server's side: libcurl refuses control characters in a path.
    const ProcResult made = run(QStringLiteral("docker"), {QStringLiteral("exec"), QStringLiteral("-u"), envValue("FTP_USER"), container,
                                                           QStringLiteral("sh"), QStringLiteral("-c"),
                                                           QStringLiteral("mkdir -p ~/j/sub && cd ~/j && printf 12345 > 'q\"uote' && "
                                                                          "touch 'back\\slash' -- -dash .dot 'caf\u00e9 \u65e5\u672c' "
                                                                          "\"$(printf 'tab\\there')\" \"$(printf 'ctl\\001x')\" && "
                                                                          "ln -s 'q\"uote' link && touch sub/inner")});
    ASSERT_EQ(made.exitCode, 0) << str(describe(made));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_FTP_TRACE"), QStringLiteral("1"));
    auto ls = [&](const QStringList &paths) {
        return runCli(QStringList{QStringLiteral("-w"), workspaceDir()->path(), QStringLiteral("ftp"), QStringLiteral("ls"),
                                  QStringLiteral("--json"), QStringLiteral("--url"), url()}
                          + paths,
                      env);
    };
    auto sent = [](const ProcResult &r, const QString &prefix) {
        int n = 0;
        for (const QString &line : r.err.split(QLatin1Char('\n')))
            n += line.startsWith(QStringLiteral("ftp > ") + prefix) ? 1 : 0;
        return n;
    };

    ProcResult r = ls({QStringLiteral("/j")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8());
    ASSERT_TRUE(doc.isArray()) << str(r.out);
    EXPECT_EQ(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)), r.out);
    QStringList names;
    for (const QJsonValue &v : doc.array())
        names << v.toObject().value(QStringLiteral("name")).toString();
    EXPECT_EQ(names, (QStringList{QStringLiteral("-dash"), QStringLiteral(".dot"), QStringLiteral("back\\slash"),
                                  QStringLiteral("caf\u00e9 \u65e5\u672c"), QStringLiteral("ctl\u0001x"), QStringLiteral("link"),
                                  QStringLiteral("q\"uote"), QStringLiteral("sub"), QStringLiteral("tab\there")}));
    EXPECT_TRUE(r.out.contains(QStringLiteral("\"ctl\\u0001x\""))) << str(r.out);
    EXPECT_EQ(sent(r, QStringLiteral("USER ")), 1) << str(r.err);
    EXPECT_EQ(sent(r, QStringLiteral("LIST")), 1) << str(r.err);
    EXPECT_EQ(sent(r, QStringLiteral("CWD ")), 1) << str(r.err);

    // Several folders: an object path -> entries, the same bytes as QJsonDocument's.
    r = ls({QStringLiteral("/j/sub"), QStringLiteral("/j")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    const QJsonDocument both = QJsonDocument::fromJson(r.out.toUtf8());
    ASSERT_TRUE(both.isObject()) << str(r.out);
    EXPECT_EQ(QString::fromUtf8(both.toJson(QJsonDocument::Indented)), r.out);
    EXPECT_EQ(both.object().keys(), (QStringList{QStringLiteral("/j"), QStringLiteral("/j/sub")}));
    EXPECT_EQ(sent(r, QStringLiteral("USER ")), 1) << str(r.err);
    EXPECT_EQ(sent(r, QStringLiteral("LIST")), 2) << str(r.err);
}

// --- Pure-FTPd (ftp_pure): LIST arguments are glob patterns, listings stop at 10,000 ---

namespace {

struct PureStack {
    std::unique_ptr<QTemporaryDir> dir;
    QString upError;
    QString container;
    QString user;
};

PureStack &pure()
{
    static PureStack p;
    return p;
}

ProcResult pureFtp(const QStringList &args)
{
    return runCli(QStringList{QStringLiteral("-w"), pure().dir->path(), QStringLiteral("ftp")} + args);
}

ProcResult inPureServer(const QString &script)
{
    return run(QStringLiteral("docker"), {QStringLiteral("exec"), QStringLiteral("-u"), pure().user, pure().container, QStringLiteral("sh"),
                                          QStringLiteral("-c"), script});
}

} // namespace

class CliFtpPure : public ::testing::Test {
public:
    static void SetUpTestSuite()
    {
        PureStack &p = pure();
        p.dir = std::make_unique<QTemporaryDir>();
        QFile ws(p.dir->filePath(QStringLiteral("fixbench.yml")));
        ws.open(QIODevice::WriteOnly);
        ws.write("name: cli-ftp-pure\n");
        ws.close();
        if (!copyTree(repoWorkspace() + QStringLiteral("/fixtures/ftp_pure"), p.dir->filePath(QStringLiteral("fixtures/ftp_pure")))) {
            p.upError = QStringLiteral("cannot copy the ftp_pure fixture");
            return;
        }
        const ProcResult up = runCli({QStringLiteral("-w"), p.dir->path(), QStringLiteral("up"), QStringLiteral("ftp_pure"), QStringLiteral("--keep")});
        if (up.exitCode != 0) {
            p.upError = describe(up);
            return;
        }
        for (const QString &id : containersWithLabel(QStringLiteral("com.docker.compose.service=ftp")))
            if (containersWithLabel(QStringLiteral("fixbench.workspace.root=") + p.dir->path()).contains(id))
                p.container = id;
        const ProcResult env = runCli({QStringLiteral("-w"), p.dir->path(), QStringLiteral("env"), QStringLiteral("ftp_pure"),
                                       QStringLiteral("--json"), QStringLiteral("--show-secrets")});
        p.user = QJsonDocument::fromJson(env.out.toUtf8()).object().value(QStringLiteral("FTP_USER")).toObject().value(QStringLiteral("value")).toString();
        if (p.container.isEmpty() || p.user.isEmpty())
            p.upError = QStringLiteral("ftp_pure is up but its container or FTP_USER was not found: ") + describe(env);
    }

    static void TearDownTestSuite()
    {
        if (pure().dir)
            runCli({QStringLiteral("-w"), pure().dir->path(), QStringLiteral("down"), QStringLiteral("--all")});
        pure().dir.reset();
    }

protected:
    void SetUp() override
    {
        ASSERT_TRUE(pure().upError.isEmpty()) << str(pure().upError);
        const ProcResult clean = pureFtp({QStringLiteral("clean"), QStringLiteral("/")});
        ASSERT_EQ(clean.exitCode, 0) << str(describe(clean));
    }
};

// `clean` and `rmdir -r` used to send `LIST -a <path>`, which Pure-FTPd globs: a folder
// with a space was a silent no-op (exit 0, files left), `[ab]` cleaned /a and /b.
TEST_F(CliFtpPure, CleanAndRmdirTakeNamesLiterally)
{
    ASSERT_EQ(inPureServer(QStringLiteral("cd && mkdir -p 'a b/sub' '[ab]' a b 'c [d]/e' && touch 'a b/1' 'a b/sub/2' '[ab]/3' a/keep b/keep 'c [d]/e/4'"))
                  .exitCode,
              0);
    ProcResult r = pureFtp({QStringLiteral("clean"), QStringLiteral("/a b")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    r = pureFtp({QStringLiteral("ls"), QStringLiteral("/a b")});
    EXPECT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_EQ(r.out, QString()) << "clean left files in `/a b`";
    ASSERT_EQ(pureFtp({QStringLiteral("clean"), QStringLiteral("/[ab]")}).exitCode, 0);
    EXPECT_EQ(pureFtp({QStringLiteral("ls"), QStringLiteral("/[ab]")}).out, QString());
    EXPECT_EQ(pureFtp({QStringLiteral("ls"), QStringLiteral("/a")}).out, QStringLiteral("keep\n"));
    EXPECT_EQ(pureFtp({QStringLiteral("ls"), QStringLiteral("/b")}).out, QStringLiteral("keep\n"));
    r = pureFtp({QStringLiteral("rmdir"), QStringLiteral("-r"), QStringLiteral("/c [d]")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_EQ(pureFtp({QStringLiteral("ls")}).out, QStringLiteral("[ab]\na\na b\nb\n"));
}

// Pure-FTPd sends a folder in directory order: `ls` and `ls --json` sort it by name.
TEST_F(CliFtpPure, LsSortsAListingTheServerSendsUnsorted)
{
    ASSERT_EQ(inPureServer(QStringLiteral("mkdir -p ~/s && cd ~/s && for i in $(seq 1 500 | shuf); do touch \"n$i\" \"N $i\"; done")).exitCode, 0);
    QStringList expected;
    for (int i = 1; i <= 500; ++i)
        expected << QStringLiteral("n%1").arg(i) << QStringLiteral("N %1").arg(i);
    std::sort(expected.begin(), expected.end()); // QString order: UTF-16 code units
    ProcResult r = pureFtp({QStringLiteral("ls"), QStringLiteral("/s")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r).left(2000));
    EXPECT_EQ(r.out, expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    r = pureFtp({QStringLiteral("ls"), QStringLiteral("--json"), QStringLiteral("/s")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r).left(2000));
    QStringList names;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array())
        names << v.toObject().value(QStringLiteral("name")).toString();
    EXPECT_EQ(names, expected);
}

// 10,001 files: Pure-FTPd sends 9,998 names and "226 Output truncated to 10000
// matches". `ls` shows them and exits non-zero naming the reply; clean empties it.
TEST_F(CliFtpPure, LsOfATruncatedListingFailsAndCleanEmptiesIt)
{
    ASSERT_EQ(inPureServer(QStringLiteral("mkdir -p ~/big && cd ~/big && seq -f 'f%05g' 1 10001 | xargs touch")).exitCode, 0);
    ProcResult r = pureFtp({QStringLiteral("ls"), QStringLiteral("/big")});
    EXPECT_NE(r.exitCode, 0) << str(describe(r).left(2000));
    EXPECT_TRUE(r.err.contains(QStringLiteral("226 Output truncated to 10000 matches"))) << str(r.err);
    EXPECT_EQ(r.out.count(QLatin1Char('\n')), 9998);
    r = pureFtp({QStringLiteral("ls"), QStringLiteral("--json"), QStringLiteral("/big")});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 9998) << "stdout is one JSON document";
    r = pureFtp({QStringLiteral("clean"), QStringLiteral("/big")});
    ASSERT_EQ(r.exitCode, 0) << str(describe(r));
    r = pureFtp({QStringLiteral("ls"), QStringLiteral("/big")});
    EXPECT_EQ(r.exitCode, 0) << str(describe(r));
    EXPECT_EQ(r.out, QString());
    EXPECT_EQ(inPureServer(QStringLiteral("ls -A ~/big | wc -l")).out.trimmed(), QStringLiteral("0"));
}
