#include "workspace/workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <unistd.h>
#include <sys/stat.h>

#include "unitsupport.h"

#include <gtest/gtest.h>

#include <ostream>

using namespace fixbench;
using namespace fixbench::unitsupport;

namespace {

QString hash6(const QString &path)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QFileInfo(path).canonicalFilePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(6));
}

class WorkspaceTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_tmp.isValid());
        m_root = m_tmp.path() + QStringLiteral("/repo");
        ASSERT_TRUE(QDir().mkpath(m_root));
    }

    Result<Workspace> parse(const char *yaml) const
    {
        return Workspace::parse(QByteArray(yaml), QStringLiteral("fixbench.yml"), m_root);
    }

    Workspace named(const char *name) const
    {
        const QByteArray yaml = QByteArray("name: \"") + name + "\"\n";
        const Result<Workspace> r = parse(yaml.constData());
        EXPECT_TRUE(r.ok());
        return *r;
    }

    static void expectErrorAt(const Result<Workspace> &r, int line, int col, const QStringList &parts)
    {
        ASSERT_FALSE(r.ok());
        const Error &e = r.error();
        EXPECT_EQ(e.kind, Error::Kind::Spec) << str(e.toString());
        EXPECT_EQ(e.location.file, QStringLiteral("fixbench.yml"));
        EXPECT_EQ(e.location.line, line) << str(e.toString());
        EXPECT_EQ(e.location.column, col) << str(e.toString());
        for (const QString &p : parts)
            EXPECT_TRUE(e.message.contains(p)) << "missing \"" << str(p) << "\" in: " << str(e.message);
    }

    QTemporaryDir m_tmp;
    QString m_root;
};

} // namespace

TEST_F(WorkspaceTest, Defaults)
{
    const Result<Workspace> r = parse("# nothing\n");
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    EXPECT_EQ(r->root(), m_root);
    EXPECT_EQ(r->specFile(), m_root + QStringLiteral("/fixbench.yml"));
    EXPECT_EQ(r->name(), QStringLiteral("repo"));
    EXPECT_EQ(r->fixturesDir(), m_root + QStringLiteral("/fixtures"));
    EXPECT_TRUE(r->tests().isEmpty());
}

TEST_F(WorkspaceTest, FullFile)
{
    const Result<Workspace> r = parse(R"(name: fixbench-example
fixtures: stacks/fixtures
tests:
  - name: etl_integration
    path: build/etl/tests/etl_integration_tests
    fixtures: [ftp_server, weather_api]
    env: {WEATHER_CITY: Lyon, RETRIES: 3}
  - name: absolute
    path: /opt/tests/bin
    fixtures: ftp_server
  - name: bare
    path: ./bin/../bin/t
)");
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    EXPECT_EQ(r->name(), QStringLiteral("fixbench-example"));
    EXPECT_EQ(r->fixturesDir(), m_root + QStringLiteral("/stacks/fixtures"));
    ASSERT_EQ(r->tests().size(), 3);
    const TestBinarySpec &t = r->tests()[0];
    EXPECT_EQ(t.name, QStringLiteral("etl_integration"));
    EXPECT_EQ(t.path, m_root + QStringLiteral("/build/etl/tests/etl_integration_tests"));
    EXPECT_EQ(t.fixtures, QStringList({QStringLiteral("ftp_server"), QStringLiteral("weather_api")}));
    EXPECT_EQ(t.env.size(), 2);
    EXPECT_EQ(t.env.value(QStringLiteral("WEATHER_CITY")), QStringLiteral("Lyon"));
    EXPECT_EQ(t.env.value(QStringLiteral("RETRIES")), QStringLiteral("3"));
    EXPECT_EQ(t.where.line, 4);
    EXPECT_EQ(t.where.column, 5);
    EXPECT_EQ(r->tests()[1].path, QStringLiteral("/opt/tests/bin"));
    EXPECT_EQ(r->tests()[1].fixtures, QStringList({QStringLiteral("ftp_server")}));
    EXPECT_EQ(r->tests()[2].path, m_root + QStringLiteral("/bin/t"));
    EXPECT_TRUE(r->tests()[2].fixtures.isEmpty());
}

TEST_F(WorkspaceTest, Id)
{
    const QString h = hash6(m_root);
    EXPECT_EQ(named("Fixbench Example!").id(), QStringLiteral("fixbench_example_") + h);
    EXPECT_EQ(named("--My__Project--").id(), QStringLiteral("my_project_") + h);
    EXPECT_EQ(named("a very long workspace name indeed").id(), QStringLiteral("a_very_long_workspac_") + h);
    // Truncation must not leave a trailing '_'.
    EXPECT_EQ(named("abcdefghijklmnopqrs tuv").id(), QStringLiteral("abcdefghijklmnopqrs_") + h);
    EXPECT_EQ(named("abcdefghijklmnopqrst uv").id(), QStringLiteral("abcdefghijklmnopqrst_") + h);
    EXPECT_EQ(named("2024 tests").id(), QStringLiteral("w2024_tests_") + h);
    EXPECT_EQ(named("Ünïcode").id(), QStringLiteral("n_code_") + h);
    EXPECT_EQ(named("!!!").id(), QStringLiteral("w_") + h);
    EXPECT_EQ(h.size(), 6);

    // Another checkout of the same repo gets another id; a symlink to it the same.
    const QString other = m_tmp.path() + QStringLiteral("/other");
    QDir().mkpath(other);
    const Result<Workspace> w2 = Workspace::parse("name: Fixbench Example!\n", QStringLiteral("fixbench.yml"), other);
    ASSERT_TRUE(w2.ok());
    EXPECT_NE(w2->id(), named("Fixbench Example!").id());
    const QString link = m_tmp.path() + QStringLiteral("/link");
    ASSERT_TRUE(QFile::link(m_root, link));
    const Result<Workspace> w3 = Workspace::parse("name: Fixbench Example!\n", QStringLiteral("fixbench.yml"), link);
    ASSERT_TRUE(w3.ok());
    EXPECT_EQ(w3->id(), named("Fixbench Example!").id());
}

TEST_F(WorkspaceTest, FixtureNamesAndLookup)
{
    writeFile(m_root + QStringLiteral("/fixtures/weather_api/fixture.yml"), "");
    writeFile(m_root + QStringLiteral("/fixtures/weather_api/compose.yaml"), "services: {}\n");
    writeFile(m_root + QStringLiteral("/fixtures/ftp_server/fixture.yml"), "ports: {FTP_PORT: auto}\n");
    writeFile(m_root + QStringLiteral("/fixtures/ftp_server/compose.yml"), "services: {}\n");
    writeFile(m_root + QStringLiteral("/fixtures/not_a_fixture/compose.yaml"), "services: {}\n");
    writeFile(m_root + QStringLiteral("/fixtures/README.md"), "hi\n");

    const Result<Workspace> r = parse("");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->fixtureNames(), QStringList({QStringLiteral("ftp_server"), QStringLiteral("weather_api")}));

    const Result<FixtureSpec> ftp = r->fixture(QStringLiteral("ftp_server"));
    ASSERT_TRUE(ftp.ok()) << str(ftp.error().toString());
    EXPECT_EQ(ftp->name, QStringLiteral("ftp_server"));
    EXPECT_EQ(ftp->composeFile, m_root + QStringLiteral("/fixtures/ftp_server/compose.yml"));
    ASSERT_EQ(ftp->ports.size(), 1);

    for (const char *bad : {"ftp", "not_a_fixture", "../repo", ""}) {
        const Result<FixtureSpec> missing = r->fixture(QString::fromUtf8(bad));
        ASSERT_FALSE(missing.ok()) << bad;
        EXPECT_EQ(missing.error().kind, Error::Kind::NotFound);
        EXPECT_TRUE(missing.error().message.contains(QStringLiteral("`ftp_server`, `weather_api`")))
            << str(missing.error().message);
    }
}

TEST_F(WorkspaceTest, NoFixturesFolder)
{
    const Result<Workspace> r = parse("fixtures: nowhere\n");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->fixtureNames().isEmpty());
    const Result<FixtureSpec> f = r->fixture(QStringLiteral("ftp_server"));
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(f.error().message.contains(m_root + QStringLiteral("/nowhere"))) << str(f.error().message);
}

// Each way the fixtures folder can be unusable says what is wrong and where, never
// "there are no fixtures yet".
TEST_F(WorkspaceTest, UnusableFixturesFolderSaysWhatAndWhere)
{
    auto expectProblem = [&](const char *yaml, const QString &path, const QString &what, Error::Kind kind) {
        const Result<Workspace> r = parse(yaml);
        ASSERT_TRUE(r.ok());
        const Status dir = r->checkFixturesDir();
        ASSERT_FALSE(dir.ok()) << str(path);
        EXPECT_EQ(dir.error().kind, kind) << str(dir.error().toString());
        EXPECT_EQ(dir.error().location.line, 1) << str(dir.error().toString());
        const Result<FixtureSpec> f = r->fixture(QStringLiteral("ftp_server"));
        ASSERT_FALSE(f.ok());
        for (const QString &text : {f.error().message, dir.error().message}) {
            EXPECT_TRUE(text.contains(path)) << str(text);
            EXPECT_TRUE(text.contains(what)) << str(text);
            EXPECT_FALSE(text.contains(QStringLiteral("no fixtures yet"))) << str(text);
        }
    };
    expectProblem("fixtures: nowhere\n", m_root + QStringLiteral("/nowhere"), QStringLiteral("does not exist"),
                  Error::Kind::NotFound);
    writeFile(m_root + QStringLiteral("/afile"), "x\n");
    expectProblem("fixtures: afile\n", m_root + QStringLiteral("/afile"), QStringLiteral("is a file, not a folder"),
                  Error::Kind::Spec);
    ASSERT_TRUE(QFile::link(m_root + QStringLiteral("/loop2"), m_root + QStringLiteral("/loop1")));
    ASSERT_TRUE(QFile::link(m_root + QStringLiteral("/loop1"), m_root + QStringLiteral("/loop2")));
    expectProblem("fixtures: loop1\n", m_root + QStringLiteral("/loop1"), QStringLiteral("symbolic link loop"),
                  Error::Kind::Spec);
    ASSERT_TRUE(QFile::link(m_root + QStringLiteral("/gone"), m_root + QStringLiteral("/dangling")));
    expectProblem("fixtures: dangling\n", m_root + QStringLiteral("/dangling"),
                  QStringLiteral("symbolic link to %1/gone, which does not exist").arg(m_root), Error::Kind::Spec);

    QDir().mkpath(m_root + QStringLiteral("/fixtures"));
    const Result<Workspace> fine = parse("");
    ASSERT_TRUE(fine.ok());
    EXPECT_TRUE(fine->checkFixturesDir().ok());
    EXPECT_TRUE(fine->fixture(QStringLiteral("x")).error().message.contains(QStringLiteral("no fixtures yet")));
}

// A folder that looks like a fixture but cannot be one is named with what is wrong
// (fixture.yml a folder, a dangling link, a loop; a folder name that is not UTF-8),
// whether it is asked for or another one is.
TEST_F(WorkspaceTest, BrokenFixtureEntriesSayWhatAndWhere)
{
    const QString fx = m_root + QStringLiteral("/fixtures");
    writeFile(fx + QStringLiteral("/good/fixture.yml"), "");
    writeFile(fx + QStringLiteral("/good/compose.yaml"), "services: {app: {image: x}}\n");
    QDir().mkpath(fx + QStringLiteral("/folder/fixture.yml"));
    QDir().mkpath(fx + QStringLiteral("/dangling"));
    ASSERT_TRUE(QFile::link(fx + QStringLiteral("/nowhere.yml"), fx + QStringLiteral("/dangling/fixture.yml")));
    QDir().mkpath(fx + QStringLiteral("/loop"));
    ASSERT_TRUE(QFile::link(fx + QStringLiteral("/loop/fixture.yml"), fx + QStringLiteral("/loop/fixture.yml")));
    const QByteArray latin1 = QFile::encodeName(fx) + "/caf\xE9";
    ASSERT_EQ(::mkdir(latin1.constData(), 0755), 0);
    {
        // QFile cannot name that folder: write through its bytes.
        FILE *f = ::fopen(QByteArray(latin1 + "/fixture.yml").constData(), "w");
        ASSERT_NE(f, nullptr);
        ::fclose(f);
    }

    const Result<Workspace> r = parse("");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->fixtureNames(), QStringList{QStringLiteral("good")});
    const QList<Error> problems = r->fixtureProblems();
    ASSERT_EQ(problems.size(), 4);
    auto problemAt = [&](const QString &file) -> QString {
        for (const Error &e : problems)
            if (e.location.file == file)
                return e.message;
        return QStringLiteral("(no problem reported for %1)").arg(file);
    };
    EXPECT_TRUE(problemAt(fx + QStringLiteral("/folder/fixture.yml")).contains(QStringLiteral("is a folder, not a file")));
    EXPECT_TRUE(problemAt(fx + QStringLiteral("/dangling/fixture.yml"))
                    .contains(QStringLiteral("symbolic link to %1/nowhere.yml, which does not exist").arg(fx)))
        << str(problemAt(fx + QStringLiteral("/dangling/fixture.yml")));
    EXPECT_TRUE(problemAt(fx + QStringLiteral("/loop/fixture.yml")).contains(QStringLiteral("symbolic link loop")));
    EXPECT_TRUE(problemAt(fx + QStringLiteral("/caf\\xE9")).contains(QStringLiteral("not UTF-8")))
        << str(problems.first().toString());

    // Asked for by name: its own problem.
    const Result<FixtureSpec> folder = r->fixture(QStringLiteral("folder"));
    ASSERT_FALSE(folder.ok());
    EXPECT_TRUE(folder.error().toString().contains(fx + QStringLiteral("/folder/fixture.yml: fixture.yml is a folder")))
        << str(folder.error().toString());
    // Another name: the fixtures there are, and the problems.
    const Result<FixtureSpec> other = r->fixture(QStringLiteral("nope"));
    ASSERT_FALSE(other.ok());
    EXPECT_TRUE(other.error().message.contains(QStringLiteral("`good`")));
    EXPECT_TRUE(other.error().details.contains(QStringLiteral("symbolic link loop"))) << str(other.error().toString());

    // Only broken ones: not "no fixtures yet" either.
    QDir(fx + QStringLiteral("/good")).removeRecursively();
    const Result<FixtureSpec> none = r->fixture(QStringLiteral("nope"));
    ASSERT_FALSE(none.ok());
    EXPECT_FALSE(none.error().message.contains(QStringLiteral("no fixtures yet"))) << str(none.error().toString());
    EXPECT_TRUE(none.error().details.contains(QStringLiteral("is a folder, not a file"))) << str(none.error().toString());
    // QTemporaryDir cannot name it either.
    ::unlink(QByteArray(latin1 + "/fixture.yml").constData());
    ::rmdir(latin1.constData());
}

// fixbench.yml and fixture.yml: a byte that is not UTF-8 is a file:line:col error.
TEST_F(WorkspaceTest, NotUtf8IsAnErrorAtFileLineColumn)
{
    const Result<Workspace> r = parse("name: ok\ntests:\n  - name: t\xFF\n    path: x\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().location.line, 3);
    EXPECT_EQ(r.error().location.column, 12);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("not UTF-8"))) << str(r.error().toString());
}

TEST_F(WorkspaceTest, LoadAndDiscover)
{
    writeFile(m_root + QStringLiteral("/fixbench.yml"), "name: disc\n");
    const QString deep = m_root + QStringLiteral("/build/etl/tests");
    QDir().mkpath(deep);

    Result<Workspace> r = Workspace::discover(deep);
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    EXPECT_EQ(r->root(), m_root);
    EXPECT_EQ(r->name(), QStringLiteral("disc"));
    EXPECT_EQ(r->specFile(), m_root + QStringLiteral("/fixbench.yml"));

    r = Workspace::discover(m_root);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->root(), m_root);

    r = Workspace::load(m_root);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->name(), QStringLiteral("disc"));

    const QString elsewhere = m_tmp.path() + QStringLiteral("/elsewhere/a");
    QDir().mkpath(elsewhere);
    r = Workspace::discover(elsewhere);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("fixbench.yml")));

    r = Workspace::load(elsewhere);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::NotFound);

    writeFile(m_root + QStringLiteral("/fixbench.yml"), "name: disc\ntest: []\n");
    r = Workspace::discover(deep);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().location.file, m_root + QStringLiteral("/fixbench.yml"));
    EXPECT_EQ(r.error().location.line, 2);
    EXPECT_EQ(r.error().location.column, 1);
}

TEST_F(WorkspaceTest, Errors)
{
    expectErrorAt(parse("name: x\nfixture: f\n"), 2, 1,
                  {QStringLiteral("unknown key `fixture`"), QStringLiteral("did you mean `fixtures`"),
                   QStringLiteral("`name`, `fixtures`, `tests`")});
    expectErrorAt(parse("tests:\n  - name: a\n    path: b\n    fixture: [x]\n"), 4, 5,
                  {QStringLiteral("unknown key `fixture` in `tests[0]`"), QStringLiteral("`env`")});
    expectErrorAt(parse("tests:\n  - path: b\n"), 2, 5, {QStringLiteral("tests[0]: `name` is required")});
    expectErrorAt(parse("tests:\n  - name: a\n"), 2, 5, {QStringLiteral("tests[0]: `path` is required")});
    expectErrorAt(parse("tests:\n  - {name: a, path: x}\n  - {name: a, path: y}\n"), 3, 5,
                  {QStringLiteral("`a`"), QStringLiteral("line 2"), QStringLiteral("unique")});
    expectErrorAt(parse("tests: {name: a}\n"), 1, 8, {QStringLiteral("tests: expected a list")});
    expectErrorAt(parse("tests:\n  - name: a\n    path: b\n    env: {bad-name: 1}\n"), 4, 11,
                  {QStringLiteral("`bad-name` is not a valid variable name")});
    expectErrorAt(parse("tests:\n  - name: a\n    path: b\n    env: {A: [1]}\n"), 4, 14,
                  {QStringLiteral("tests[0].env.A")});
    expectErrorAt(parse("tests:\n  - name: a\n    path: b\n    fixtures: [ok, ../x]\n"), 4, 20,
                  {QStringLiteral("fixture (folder) name")});
    expectErrorAt(parse("name: [a]\n"), 1, 7, {QStringLiteral("name: expected a workspace name")});
    expectErrorAt(parse("name: x\ntests: [\n"), 3, 1, {QStringLiteral("invalid YAML")});
    expectErrorAt(parse("just a string\n"), 1, 1, {QStringLiteral("expected a map")});
}
