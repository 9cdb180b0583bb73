// `fixbench init` and `fixbench new --template T` as a new user runs them: in a fresh
// folder outside the source tree, with the templates the build copied next to the CLI
// (build/share/fixbench/templates). Every template's fixture comes up ready, answers a
// real client (FTP login + list + upload, psql SELECT, Redis PING, HTTP GET, the generic
// sample's greeting) and goes down leaving no container, network or volume behind.

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>

using namespace fixbench::testsupport;

namespace {

constexpr int kUpTimeoutMs = 20 * 60 * 1000; // the first build of an image runs apt-get inside docker build

const QStringList kTemplates = {QStringLiteral("ftp"), QStringLiteral("generic"), QStringLiteral("http"),
                                QStringLiteral("postgres"), QStringLiteral("redis")};

// The environment a user has: no workspace or template folder forced on the CLI, so
// `fixbench` finds the workspace from its working folder and the templates beside itself.
QProcessEnvironment userEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FIXBENCH_WORKSPACE"));
    env.remove(QStringLiteral("FIXBENCH_TEMPLATES_DIR"));
    return env;
}

// `fixbench ARGS` run in `dir`, as typed in a terminal there.
ProcResult cliIn(const QString &dir, const QStringList &args, int timeoutMs = 300000)
{
    return run(fixbenchPath(), args, timeoutMs, userEnv(), dir);
}

std::string str(const QString &s) { return s.toStdString(); }

QStringList volumesWithLabel(const QString &label)
{
    QStringList out;
    const ProcResult r = run(QStringLiteral("docker"), {QStringLiteral("volume"), QStringLiteral("ls"), QStringLiteral("-q"),
                                                        QStringLiteral("--filter"), QStringLiteral("label=") + label});
    for (const QString &l : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out << l.trimmed();
    return out;
}

// Connects to host:port, sends `send` (if any), reads until `until` appears in what came
// back (any byte when `until` is empty), the peer closes, or timeoutMs passes. Returns what it read; *error says why not.
QByteArray tcpExchange(const QString &host, int port, const QByteArray &send, const QByteArray &until, QString *error,
                       int timeoutMs = 5000)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *res = nullptr;
    if (getaddrinfo(host.toUtf8().constData(), QByteArray::number(port).constData(), &hints, &res) != 0) {
        *error = QStringLiteral("cannot resolve %1").arg(host);
        return {};
    }
    int fd = -1;
    for (addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd >= 0 && ::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        *error = QStringLiteral("cannot connect to %1:%2").arg(host).arg(port);
        return {};
    }
    if (!send.isEmpty() && ::send(fd, send.constData(), size_t(send.size()), MSG_NOSIGNAL) != send.size()) {
        *error = QStringLiteral("cannot send to %1:%2").arg(host).arg(port);
        ::close(fd);
        return {};
    }
    QByteArray got;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    auto done = [&] { return until.isEmpty() ? !got.isEmpty() : got.contains(until); };
    while (!done()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            *error = QStringLiteral("no `%1` from %2:%3 within %4 ms; got \"%5\"")
                         .arg(QString::fromUtf8(until), host).arg(port).arg(timeoutMs).arg(QString::fromUtf8(got));
            break;
        }
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, int(left)) <= 0)
            continue;
        char buf[1024];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            if (!done())
                *error = QStringLiteral("%1:%2 closed the connection after \"%3\"").arg(host).arg(port).arg(QString::fromUtf8(got));
            break;
        }
        got.append(buf, int(n));
    }
    ::close(fd);
    return got;
}

// One fixture's answer to `fixbench up --json --show-secrets`.
struct UpAnswer {
    QString project;
    QMap<QString, QString> env;
    QMap<QString, bool> secret;
    qint64 elapsedMs = 0;
};

// Accepts the machine interface's object ({"schema":..., "fixtures": [...]}) and a bare array.
UpAnswer parseUp(const QString &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    const QJsonArray fixtures = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("fixtures")).toArray();
    UpAnswer a;
    if (fixtures.isEmpty())
        return a;
    const QJsonObject f = fixtures.first().toObject();
    a.project = f.value(QStringLiteral("project")).toString();
    a.elapsedMs = f.value(QStringLiteral("elapsed_ms")).toInteger();
    const QJsonObject env = f.value(QStringLiteral("environment")).toObject();
    for (auto it = env.begin(); it != env.end(); ++it) {
        a.env.insert(it.key(), it.value().toObject().value(QStringLiteral("value")).toString());
        a.secret.insert(it.key(), it.value().toObject().value(QStringLiteral("secret")).toBool());
    }
    return a;
}

// One workspace for the whole suite, created by `fixbench init` in a temporary folder.
class TemplatesTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::make_unique<QTemporaryDir>();
        ASSERT_TRUE(s_dir->isValid());
        s_root = QDir(s_dir->path()).filePath(QStringLiteral("ingest"));
        ASSERT_TRUE(QDir().mkpath(s_root));
        const ProcResult init = cliIn(s_root, {QStringLiteral("init"), QStringLiteral("--name"), QStringLiteral("templates-it")});
        ASSERT_EQ(init.exitCode, 0) << str(init.err);
    }

    static void TearDownTestSuite()
    {
        if (!s_root.isEmpty())
            cliIn(s_root, {QStringLiteral("down"), QStringLiteral("--all")});
        s_dir.reset();
    }

    // `new NAME --template T`, `up NAME --keep`, check(), `down NAME`, then nothing of
    // the stack may remain.
    static void upUseDown(const QString &templ, const QString &name,
                          const std::function<void(const UpAnswer &)> &check)
    {
        ASSERT_FALSE(s_root.isEmpty());
        const ProcResult created = cliIn(s_root, {QStringLiteral("new"), name, QStringLiteral("--template"), templ});
        ASSERT_EQ(created.exitCode, 0) << str(created.err);
        const QString dir = QDir(s_root).filePath(QStringLiteral("fixtures/") + name);
        ASSERT_TRUE(QFileInfo(dir + QStringLiteral("/fixture.yml")).isFile());
        for (const QString &f : filesBelow(dir)) {
            QFile file(QDir(dir).filePath(f));
            ASSERT_TRUE(file.open(QIODevice::ReadOnly));
            EXPECT_FALSE(file.readAll().contains("{{name}}")) << "placeholder left in " << str(f);
        }

        const ProcResult up = cliIn(s_root, {QStringLiteral("up"), name, QStringLiteral("--keep"), QStringLiteral("--json"),
                                             QStringLiteral("--show-secrets")},
                                    kUpTimeoutMs);
        struct Down {
            QString name;
            ~Down() { cliIn(s_root, {QStringLiteral("down"), name}); }
        } guard{name};
        ASSERT_EQ(up.exitCode, 0) << str(up.err) << str(up.out);
        const UpAnswer answer = parseUp(up.out);
        ASSERT_FALSE(answer.project.isEmpty()) << str(up.out);
        std::cout << "[ measure  ] template " << str(templ) << ": up " << answer.elapsedMs << " ms (whole command "
                  << up.elapsedMs << " ms, image build included when not cached)\n";
        EXPECT_FALSE(containersWithLabel(projectLabel(answer.project)).isEmpty());

        check(answer);

        const ProcResult down = cliIn(s_root, {QStringLiteral("down"), name});
        EXPECT_EQ(down.exitCode, 0) << str(down.err);
        EXPECT_TRUE(containersWithLabel(projectLabel(answer.project)).isEmpty()) << "containers left by " << str(templ);
        EXPECT_TRUE(networksWithLabel(projectLabel(answer.project)).isEmpty()) << "networks left by " << str(templ);
        EXPECT_TRUE(volumesWithLabel(projectLabel(answer.project)).isEmpty()) << "volumes left by " << str(templ);
        const ProcResult status = cliIn(s_root, {QStringLiteral("status"), QStringLiteral("--all"), QStringLiteral("--json")});
        EXPECT_EQ(status.exitCode, 0) << str(status.err);
        // `status --all` still knows the fixture (it is in the workspace), as down.
        const QJsonArray stacks = QJsonDocument::fromJson(status.out.toUtf8()).array();
        for (const auto &v : stacks) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("project")).toString() == answer.project) {
                EXPECT_EQ(o.value(QStringLiteral("state")).toString(), QStringLiteral("down")) << str(status.out);
            }
        }
    }

    static std::unique_ptr<QTemporaryDir> s_dir;
    static QString s_root;
};

std::unique_ptr<QTemporaryDir> TemplatesTest::s_dir;
QString TemplatesTest::s_root;

} // namespace

// ------------------------------------------------------------------ init and new

TEST_F(TemplatesTest, InitCreatesACommentedWorkspaceOutsideTheSourceTree)
{
    EXPECT_FALSE(QDir::cleanPath(s_root).startsWith(QStringLiteral(FIXBENCH_SOURCE_DIR) + QLatin1Char('/')));
    const QString yml = QDir(s_root).filePath(QStringLiteral("fixbench.yml"));
    QFile f(yml);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    EXPECT_TRUE(text.contains(QLatin1String("name: \"templates-it\""))) << str(text);
    EXPECT_TRUE(text.contains(QLatin1String("\nfixtures: fixtures\n"))) << str(text);
    EXPECT_TRUE(text.contains(QLatin1String("\ntests:"))) << str(text);
    EXPECT_TRUE(text.contains(QLatin1Char('#'))) << "commented";
    EXPECT_TRUE(QFileInfo(QDir(s_root).filePath(QStringLiteral("fixtures"))).isDir());
    // A valid workspace: `list` reads it.
    const ProcResult list = cliIn(s_root, {QStringLiteral("list")});
    EXPECT_EQ(list.exitCode, 0) << str(list.err);

    // `init DIR` creates a missing folder; the name defaults to the folder's.
    const QString other = QDir(s_dir->path()).filePath(QStringLiteral("other/project"));
    const ProcResult init = cliIn(s_dir->path(), {QStringLiteral("init"), other});
    ASSERT_EQ(init.exitCode, 0) << str(init.err);
    QFile o(QDir(other).filePath(QStringLiteral("fixbench.yml")));
    ASSERT_TRUE(o.open(QIODevice::ReadOnly));
    EXPECT_TRUE(o.readAll().contains("name: \"project\""));
}

TEST_F(TemplatesTest, InitRefusesAnExistingWorkspace)
{
    const QString yml = QDir(s_root).filePath(QStringLiteral("fixbench.yml"));
    QFile f(yml);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();
    const ProcResult again = cliIn(s_root, {QStringLiteral("init"), QStringLiteral("--name"), QStringLiteral("other")});
    EXPECT_EQ(again.exitCode, 1) << str(again.err);
    EXPECT_TRUE(again.err.contains(QLatin1String("already exists"))) << str(again.err);
    EXPECT_TRUE(again.err.contains(yml)) << str(again.err);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), before) << "left untouched";
    const ProcResult tooMany = cliIn(s_root, {QStringLiteral("init"), QStringLiteral("a"), QStringLiteral("b")});
    EXPECT_EQ(tooMany.exitCode, 2);
}

TEST_F(TemplatesTest, TemplatesAreListedWithTheirDescriptions)
{
    const ProcResult list = cliIn(s_root, {QStringLiteral("new"), QStringLiteral("--list-templates")});
    ASSERT_EQ(list.exitCode, 0) << str(list.err);
    const QStringList lines = list.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), kTemplates.size()) << str(list.out);
    for (int i = 0; i < kTemplates.size(); ++i) {
        EXPECT_TRUE(lines[i].startsWith(kTemplates[i] + QLatin1Char(' '))) << str(lines[i]);
        EXPECT_GT(lines[i].mid(kTemplates[i].size()).trimmed().size(), 20) << "a description: " << str(lines[i]);
    }
    const ProcResult help = cliIn(s_root, {QStringLiteral("new"), QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    for (const QString &t : kTemplates)
        EXPECT_TRUE(help.out.contains(QStringLiteral("  ") + t + QLatin1Char(' '))) << str(t) << str(help.out);
    EXPECT_TRUE(help.out.contains(QLatin1String("--template")));
    // The top-level help names both commands.
    const ProcResult top = cliIn(s_root, {QStringLiteral("--help")});
    EXPECT_TRUE(top.out.contains(QLatin1String("init [DIR]"))) << str(top.out);
    EXPECT_TRUE(top.out.contains(QLatin1String("new NAME [--template T]"))) << str(top.out);
}

TEST_F(TemplatesTest, NewFailsClearly)
{
    // An unknown template: a usage error listing the available ones.
    const ProcResult unknown = cliIn(s_root, {QStringLiteral("new"), QStringLiteral("db"), QStringLiteral("--template"),
                                              QStringLiteral("mysql")});
    EXPECT_EQ(unknown.exitCode, 2) << str(unknown.err);
    EXPECT_TRUE(unknown.err.contains(QLatin1String("no template `mysql`"))) << str(unknown.err);
    for (const QString &t : kTemplates)
        EXPECT_TRUE(unknown.err.contains(t)) << str(t) << " in " << str(unknown.err);
    EXPECT_FALSE(QFileInfo::exists(QDir(s_root).filePath(QStringLiteral("fixtures/db"))));

    // An existing fixture: refused, and its files are left as they are.
    const ProcResult first = cliIn(s_root, {QStringLiteral("new"), QStringLiteral("taken")});
    ASSERT_EQ(first.exitCode, 0) << str(first.err);
    const QString spec = QDir(s_root).filePath(QStringLiteral("fixtures/taken/fixture.yml"));
    QFile f(spec);
    ASSERT_TRUE(f.open(QIODevice::Append));
    f.write("# edited by the user\n");
    f.close();
    const ProcResult again = cliIn(s_root, {QStringLiteral("new"), QStringLiteral("taken"), QStringLiteral("--template"),
                                            QStringLiteral("redis")});
    EXPECT_EQ(again.exitCode, 1) << str(again.err);
    EXPECT_TRUE(again.err.contains(QLatin1String("already exists"))) << str(again.err);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    EXPECT_TRUE(content.endsWith("# edited by the user\n"));
    EXPECT_TRUE(content.contains("template `generic`")) << "still the generic fixture";
    f.close();
    // No staging folder left behind.
    const QStringList entries = QDir(QDir(s_root).filePath(QStringLiteral("fixtures"))).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &e : entries)
        EXPECT_FALSE(e.startsWith(QLatin1Char('.'))) << str(e);

    // Bad names and arguments.
    EXPECT_EQ(cliIn(s_root, {QStringLiteral("new"), QStringLiteral("My DB")}).exitCode, 2);
    EXPECT_EQ(cliIn(s_root, {QStringLiteral("new")}).exitCode, 2);

    // No workspace: the error says to run `fixbench init`.
    QTemporaryDir empty;
    const ProcResult noWs = cliIn(empty.path(), {QStringLiteral("new"), QStringLiteral("db"), QStringLiteral("--template"),
                                                 QStringLiteral("postgres")});
    EXPECT_NE(noWs.exitCode, 0);
    EXPECT_TRUE(noWs.err.contains(QLatin1String("fixbench init"))) << str(noWs.err);
    EXPECT_TRUE(noWs.err.contains(QLatin1String("fixbench.yml"))) << str(noWs.err);
    EXPECT_TRUE(QDir(empty.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty()) << "nothing created";
}

TEST_F(TemplatesTest, TemplateFolderComesFromTheEnvironmentFirst)
{
    // FIXBENCH_TEMPLATES_DIR wins; one that is not a folder is an error saying so.
    QTemporaryDir mine;
    ASSERT_TRUE(QDir().mkpath(mine.filePath(QStringLiteral("custom"))));
    QFile spec(mine.filePath(QStringLiteral("custom/fixture.yml")));
    ASSERT_TRUE(spec.open(QIODevice::WriteOnly));
    spec.write("description: my own template for {{name}}\n");
    spec.close();
    QFile compose(mine.filePath(QStringLiteral("custom/compose.yaml")));
    ASSERT_TRUE(compose.open(QIODevice::WriteOnly));
    compose.write("services: {}\n");
    compose.close();
    QProcessEnvironment env = userEnv();
    env.insert(QStringLiteral("FIXBENCH_TEMPLATES_DIR"), mine.path());
    const ProcResult list = run(fixbenchPath(), {QStringLiteral("new"), QStringLiteral("--list-templates")}, 60000, env, s_root);
    EXPECT_EQ(list.exitCode, 0) << str(list.err);
    EXPECT_EQ(list.out.trimmed(), QStringLiteral("custom  my own template for {{name}}"));
    const ProcResult made = run(fixbenchPath(), {QStringLiteral("new"), QStringLiteral("mine"), QStringLiteral("-t"),
                                                 QStringLiteral("custom")}, 60000, env, s_root);
    EXPECT_EQ(made.exitCode, 0) << str(made.err);
    QFile out(QDir(s_root).filePath(QStringLiteral("fixtures/mine/fixture.yml")));
    ASSERT_TRUE(out.open(QIODevice::ReadOnly));
    EXPECT_EQ(out.readAll(), QByteArray("description: my own template for mine\n"));

    env.insert(QStringLiteral("FIXBENCH_TEMPLATES_DIR"), mine.filePath(QStringLiteral("nowhere")));
    const ProcResult missing = run(fixbenchPath(), {QStringLiteral("new"), QStringLiteral("--list-templates")}, 60000, env, s_root);
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_TRUE(missing.err.contains(QLatin1String("FIXBENCH_TEMPLATES_DIR"))) << str(missing.err);
    EXPECT_TRUE(missing.err.contains(mine.filePath(QStringLiteral("nowhere")))) << str(missing.err);
}

// ------------------------------------------------------- every template comes up

TEST_F(TemplatesTest, GenericComesUpAndGreets)
{
    upUseDown(QStringLiteral("generic"), QStringLiteral("generic"), [](const UpAnswer &a) {
        ASSERT_TRUE(a.env.contains(QStringLiteral("APP_PORT")));
        EXPECT_TRUE(a.secret.value(QStringLiteral("APP_TOKEN")));
        QString error;
        const QByteArray hello = tcpExchange(a.env.value(QStringLiteral("APP_HOST")), a.env.value(QStringLiteral("APP_PORT")).toInt(),
                                             {}, "\n", &error);
        EXPECT_EQ(hello, QByteArray("hello from generic\n")) << str(error);
        // Its sample hooks run with the fixture's environment.
        const ProcResult hook = cliIn(s_root, {QStringLiteral("hook"), QStringLiteral("generic"), QStringLiteral("setup_data")});
        EXPECT_EQ(hook.exitCode, 0) << str(hook.err);
        EXPECT_TRUE(QString(hook.out + hook.err).contains(QLatin1String("generic setup_data: "))) << str(hook.out + hook.err);
    });
}

TEST_F(TemplatesTest, HttpComesUpThroughTheHttpProbeAndServes)
{
    upUseDown(QStringLiteral("http"), QStringLiteral("http"), [](const UpAnswer &a) {
        const QString url = a.env.value(QStringLiteral("HTTP_URL"));
        ASSERT_TRUE(url.startsWith(QLatin1String("http://"))) << str(url);
        EXPECT_EQ(url, QStringLiteral("http://%1:%2/").arg(a.env.value(QStringLiteral("HTTP_HOST")), a.env.value(QStringLiteral("HTTP_PORT"))));
        const ProcResult health = run(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--noproxy"), QStringLiteral("*"),
                                                               QStringLiteral("--max-time"), QStringLiteral("10"), url + QStringLiteral("health")});
        EXPECT_EQ(health.exitCode, 0) << str(health.err);
        EXPECT_EQ(health.out, QStringLiteral("ok\n"));
        const ProcResult index = run(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--noproxy"), QStringLiteral("*"),
                                                              QStringLiteral("--max-time"), QStringLiteral("10"), url});
        EXPECT_EQ(index.exitCode, 0) << str(index.err);
        EXPECT_TRUE(index.out.contains(QLatin1String("<h1>http</h1>"))) << "the fixture's name in www/index.html: " << str(index.out);
    });
}

TEST_F(TemplatesTest, HttpProbeFailureSaysWhatItGot)
{
    // The same service with probes it cannot pass: `up` times out (exit 5) naming each
    // probe and what the server answered, and takes the stack down.
    const ProcResult created = cliIn(s_root, {QStringLiteral("new"), QStringLiteral("http_wrong"), QStringLiteral("--template"),
                                              QStringLiteral("http")});
    ASSERT_EQ(created.exitCode, 0) << str(created.err);
    const QString specPath = QDir(s_root).filePath(QStringLiteral("fixtures/http_wrong/fixture.yml"));
    QFile f(specPath);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    QString spec = QString::fromUtf8(f.readAll());
    f.close();
    const QString probe = QStringLiteral("    - http: {port: HTTP_PORT, path: /health, status: 200, body: \"^ok\"}\n");
    ASSERT_TRUE(spec.contains(probe)) << str(spec);
    spec.replace(probe, QStringLiteral("    - http: {port: HTTP_PORT, path: /missing}\n"
                                       "    - http: {port: HTTP_PORT, path: /health, body: \"^fine\"}\n"));
    spec.replace(QStringLiteral("timeout: 30s"), QStringLiteral("timeout: 3s"));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(spec.toUtf8());
    f.close();

    const ProcResult up = cliIn(s_root, {QStringLiteral("up"), QStringLiteral("http_wrong"), QStringLiteral("--keep")}, kUpTimeoutMs);
    EXPECT_EQ(up.exitCode, 5) << str(up.err);
    EXPECT_TRUE(up.err.contains(QLatin1String("http HTTP_PORT/missing: GET http://"))) << str(up.err);
    EXPECT_TRUE(up.err.contains(QLatin1String("/missing answered 404, expected 2xx"))) << str(up.err);
    EXPECT_TRUE(up.err.contains(QLatin1String("/health answered 200 with \"ok\", not matching /^fine/"))) << str(up.err);
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.fixture=http_wrong")).isEmpty()) << "taken down after the failure";
}

TEST_F(TemplatesTest, RedisComesUpAndAnswersPing)
{
    upUseDown(QStringLiteral("redis"), QStringLiteral("redis"), [](const UpAnswer &a) {
        const QString host = a.env.value(QStringLiteral("REDIS_HOST"));
        const int port = a.env.value(QStringLiteral("REDIS_PORT")).toInt();
        EXPECT_EQ(a.env.value(QStringLiteral("REDIS_URL")), QStringLiteral("redis://%1:%2/0").arg(host).arg(port));
        QString error;
        EXPECT_EQ(tcpExchange(host, port, "PING\r\n", "\r\n", &error), QByteArray("+PONG\r\n")) << str(error);
        const QByteArray got = tcpExchange(host, port, "SET fixbench templates\r\nGET fixbench\r\n", "templates\r\n", &error);
        EXPECT_EQ(got, QByteArray("+OK\r\n$9\r\ntemplates\r\n")) << str(error);
    });
}

TEST_F(TemplatesTest, PostgresComesUpAndAnswersSql)
{
    upUseDown(QStringLiteral("postgres"), QStringLiteral("postgres"), [](const UpAnswer &a) {
        for (const char *name : {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "DATABASE_URL"})
            EXPECT_TRUE(a.env.contains(QLatin1String(name))) << name;
        EXPECT_TRUE(a.secret.value(QStringLiteral("PGPASSWORD")));
        EXPECT_TRUE(a.secret.value(QStringLiteral("DATABASE_URL")));
        const QString url = a.env.value(QStringLiteral("DATABASE_URL"));
        EXPECT_EQ(url, QStringLiteral("postgresql://%1:%2@%3:%4/%5")
                           .arg(a.env.value(QStringLiteral("PGUSER")), a.env.value(QStringLiteral("PGPASSWORD")),
                                a.env.value(QStringLiteral("PGHOST")), a.env.value(QStringLiteral("PGPORT")),
                                a.env.value(QStringLiteral("PGDATABASE"))));

        // A real PostgreSQL answers an SSLRequest (length 8, code 80877103) with 'N' or 'S'.
        QString error;
        const QByteArray sslRequest("\x00\x00\x00\x08\x04\xd2\x16\x2f", 8);
        const QByteArray answer = tcpExchange(a.env.value(QStringLiteral("PGHOST")), a.env.value(QStringLiteral("PGPORT")).toInt(),
                                              sslRequest, QByteArray(), &error);
        ASSERT_EQ(answer.size(), 1) << str(error);
        EXPECT_TRUE(answer == "N" || answer == "S") << answer.toHex().toStdString();

        // And SQL through DATABASE_URL, with the password (psql: postgresql-client, see scripts/setup.sh).
        const QString psql = QStandardPaths::findExecutable(QStringLiteral("psql"));
        ASSERT_FALSE(psql.isEmpty()) << "psql not found: install postgresql-client (scripts/setup.sh does)";
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE", "PGPASSFILE"})
            env.remove(QLatin1String(name)); // only the URL counts
        const ProcResult sql = run(psql, {url, QStringLiteral("-X"), QStringLiteral("-At"), QStringLiteral("-c"),
                                          QStringLiteral("SELECT 1, current_database(), current_user")},
                                   60000, env);
        EXPECT_EQ(sql.exitCode, 0) << str(sql.err);
        EXPECT_EQ(sql.out.trimmed(), QStringLiteral("1|%1|%2").arg(a.env.value(QStringLiteral("PGDATABASE")), a.env.value(QStringLiteral("PGUSER"))));
        // A wrong password is refused: authentication is really on.
        QString wrong = url;
        wrong.replace(QLatin1Char(':') + a.env.value(QStringLiteral("PGPASSWORD")) + QLatin1Char('@'), QStringLiteral(":wrong@"));
        const ProcResult refused = run(psql, {wrong, QStringLiteral("-X"), QStringLiteral("-c"), QStringLiteral("SELECT 1")}, 60000, env);
        EXPECT_NE(refused.exitCode, 0);
        EXPECT_TRUE(refused.err.contains(QLatin1String("password authentication failed"))) << str(refused.err);
    });
}

TEST_F(TemplatesTest, FtpComesUpAndIsCleanedBeforeEachRun)
{
    upUseDown(QStringLiteral("ftp"), QStringLiteral("ftp"), [](const UpAnswer &a) {
        for (const char *name : {"FTP_HOST", "FTP_PORT", "FTP_USER", "FTP_PASS", "FTP_URL", "FTP_PASV_MIN", "FTP_PASV_MAX"})
            EXPECT_TRUE(a.env.contains(QLatin1String(name))) << name;
        EXPECT_TRUE(a.secret.value(QStringLiteral("FTP_PASS")));
        EXPECT_EQ(a.env.value(QStringLiteral("FTP_PASV_MAX")).toInt() - a.env.value(QStringLiteral("FTP_PASV_MIN")).toInt(), 3);
        const QString host = a.env.value(QStringLiteral("FTP_HOST"));
        const int port = a.env.value(QStringLiteral("FTP_PORT")).toInt();
        const QString user = a.env.value(QStringLiteral("FTP_USER"));
        const QString pass = a.env.value(QStringLiteral("FTP_PASS"));
        QString output;
        ASSERT_TRUE(ftpLogin(host, port, user, pass, &output)) << str(output);

        // Upload a file (passive data connection), see it listed, let the ftp-clean
        // setup_data hook empty the server, and log in again: vsftpd survived the
        // sessions (docker-init reaps them, `init: true`).
        QTemporaryDir tmp;
        QFile file(tmp.filePath(QStringLiteral("report.csv")));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("city,temp\nLyon,21\n");
        file.close();
        const QString login = user + QLatin1Char(':') + pass;
        const ProcResult put = run(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("20"),
                                                            QStringLiteral("--user"), login, QStringLiteral("-T"), file.fileName(),
                                                            QStringLiteral("ftp://%1:%2/out/").arg(host).arg(port),
                                                            QStringLiteral("--ftp-create-dirs")});
        ASSERT_EQ(put.exitCode, 0) << str(put.err);
        ASSERT_TRUE(ftpLogin(host, port, user, pass, &output)) << str(output);
        EXPECT_TRUE(output.contains(QLatin1String("out"))) << str(output);

        const ProcResult clean = cliIn(s_root, {QStringLiteral("hook"), QStringLiteral("ftp"), QStringLiteral("setup_data")});
        EXPECT_EQ(clean.exitCode, 0) << str(clean.err);
        ASSERT_TRUE(ftpLogin(host, port, user, pass, &output)) << str(output);
        EXPECT_TRUE(output.trimmed().isEmpty()) << "ftp-clean emptied the server: " << str(output);
    });
}
