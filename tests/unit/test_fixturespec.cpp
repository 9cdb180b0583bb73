#include "workspace/fixturespec.h"
#include "workspace/yamlutil.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <ostream>

QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os) { *os << '"' << s.toStdString() << '"'; }
QT_END_NAMESPACE

using namespace fixbench;

namespace {

void writeFile(const QString &path, const QByteArray &content = "services: {}\n")
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly)) << path.toStdString();
    f.write(content);
}

std::string str(const QString &s) { return s.toStdString(); }

#define ASSERT_OK(r) ASSERT_TRUE((r).ok()) << str((r).error().toString())
#define ASSERT_SPEC_ERROR(r) \
    ASSERT_FALSE((r).ok()); \
    ASSERT_EQ((r).error().kind, Error::Kind::Spec) << str((r).error().toString())

class FixtureSpecTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_tmp.isValid());
        m_dir = m_tmp.path() + QStringLiteral("/ftp_server");
        ASSERT_TRUE(QDir().mkpath(m_dir));
        writeFile(m_dir + QStringLiteral("/compose.yaml"));
    }

    Result<FixtureSpec> parse(const char *yaml) const
    {
        return FixtureSpec::parse(QByteArray(yaml), QStringLiteral("fixture.yml"), m_dir);
    }

    // Asserts a Spec error at fixture.yml:line:col whose message contains every part.
    static void expectErrorAt(const Result<FixtureSpec> &r, int line, int col, const QStringList &parts)
    {
        ASSERT_FALSE(r.ok());
        const Error &e = r.error();
        EXPECT_EQ(e.kind, Error::Kind::Spec) << str(e.toString());
        EXPECT_EQ(e.location.file, QStringLiteral("fixture.yml"));
        EXPECT_EQ(e.location.line, line) << str(e.toString());
        EXPECT_EQ(e.location.column, col) << str(e.toString());
        for (const QString &p : parts)
            EXPECT_TRUE(e.message.contains(p)) << "missing \"" << str(p) << "\" in: " << str(e.message);
    }

    QTemporaryDir m_tmp;
    QString m_dir;
};

} // namespace

// ---------------------------------------------------------------- valid specs

TEST_F(FixtureSpecTest, EmptyFileIsValidWithDefaults)
{
    for (const char *text : {"", "# nothing here\n\n# at all\n", "---\n"}) {
        const Result<FixtureSpec> r = parse(text);
        ASSERT_OK(r);
        EXPECT_EQ(r->name, QStringLiteral("ftp_server"));
        EXPECT_EQ(r->dir, m_dir);
        EXPECT_EQ(r->specFile, m_dir + QStringLiteral("/fixture.yml"));
        EXPECT_EQ(r->composeFile, m_dir + QStringLiteral("/compose.yaml"));
        EXPECT_TRUE(r->description.isEmpty());
        EXPECT_TRUE(r->ports.isEmpty());
        EXPECT_TRUE(r->environment.isEmpty());
        EXPECT_TRUE(r->probes.isEmpty());
        EXPECT_TRUE(r->hooks.isEmpty());
        EXPECT_EQ(r->readinessTimeoutMs, 60000);
        EXPECT_FALSE(r->keepUp);
        EXPECT_EQ(r->stopTimeoutSec, 10);
    }
}

TEST_F(FixtureSpecTest, FullSpec)
{
    const Result<FixtureSpec> r = parse(R"(description: An FTP server for the ETL tests
ports:
  FTP_PORT: auto
  FTP_PASV: {range: 4}
  ADMIN_PORT: 8080
environment:
  FTP_HOST: ${FIXBENCH_HOST}
  FTP_USER: etl
  FTP_PASS: {value: s3cret, secret: true}
  RETRIES: 3
  VERBOSE: true
  PLAIN: {value: visible}
readiness:
  timeout: 45s
  probes:
    - tcp: {port: FTP_PORT, host: 127.0.0.1, expect: "^220"}
    - log: {service: ftp, pattern: "listening on"}
    - healthy: {service: db}
    - healthy: {}
    - ftp: {}
hooks:
  started: hooks/started.sh
  setup_data: {run: hooks/reset.sh, args: [--all, -v], timeout: 30s}
  teardown_data: hooks/clean.sh --force "two words"
keep_up: true
stop_timeout: 3
)");
    ASSERT_OK(r);
    const FixtureSpec &s = *r;
    EXPECT_EQ(s.description, QStringLiteral("An FTP server for the ETL tests"));

    ASSERT_EQ(s.ports.size(), 3);
    EXPECT_EQ(s.ports[0].name, QStringLiteral("FTP_PORT"));
    EXPECT_EQ(s.ports[0].count, 1);
    EXPECT_FALSE(s.ports[0].range);
    EXPECT_EQ(s.ports[0].fixed, 0);
    EXPECT_EQ(s.ports[0].where.line, 3);
    EXPECT_EQ(s.ports[0].where.column, 3);
    EXPECT_EQ(s.ports[1].name, QStringLiteral("FTP_PASV"));
    EXPECT_EQ(s.ports[1].count, 4);
    EXPECT_TRUE(s.ports[1].range);
    EXPECT_EQ(s.ports[1].fixed, 0);
    EXPECT_EQ(s.ports[2].name, QStringLiteral("ADMIN_PORT"));
    EXPECT_EQ(s.ports[2].fixed, 8080);
    EXPECT_FALSE(s.ports[2].range);

    ASSERT_EQ(s.environment.size(), 6);
    EXPECT_EQ(s.environment[0].name, QStringLiteral("FTP_HOST"));
    EXPECT_EQ(s.environment[0].value, QStringLiteral("${FIXBENCH_HOST}"));
    EXPECT_FALSE(s.environment[0].secret);
    EXPECT_EQ(s.environment[0].where.line, 7);
    EXPECT_EQ(s.environment[1].value, QStringLiteral("etl"));
    EXPECT_EQ(s.environment[2].name, QStringLiteral("FTP_PASS"));
    EXPECT_EQ(s.environment[2].value, QStringLiteral("s3cret"));
    EXPECT_TRUE(s.environment[2].secret);
    EXPECT_EQ(s.environment[3].value, QStringLiteral("3"));
    EXPECT_EQ(s.environment[4].value, QStringLiteral("true"));
    EXPECT_EQ(s.environment[5].value, QStringLiteral("visible"));
    EXPECT_FALSE(s.environment[5].secret);

    EXPECT_EQ(s.readinessTimeoutMs, 45000);
    ASSERT_EQ(s.probes.size(), 5);
    EXPECT_EQ(s.probes[0].type, ProbeSpec::Type::Tcp);
    EXPECT_EQ(s.probes[0].port, QStringLiteral("FTP_PORT"));
    EXPECT_EQ(s.probes[0].host, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(s.probes[0].expect, QStringLiteral("^220"));
    EXPECT_EQ(s.probes[0].where.line, 16);
    EXPECT_EQ(s.probes[0].where.column, 7);
    EXPECT_EQ(s.probes[1].type, ProbeSpec::Type::Log);
    EXPECT_EQ(s.probes[1].service, QStringLiteral("ftp"));
    EXPECT_EQ(s.probes[1].pattern, QStringLiteral("listening on"));
    EXPECT_EQ(s.probes[2].type, ProbeSpec::Type::Healthy);
    EXPECT_EQ(s.probes[2].service, QStringLiteral("db"));
    EXPECT_EQ(s.probes[3].type, ProbeSpec::Type::Healthy);
    EXPECT_TRUE(s.probes[3].service.isEmpty());
    EXPECT_EQ(s.probes[4].type, ProbeSpec::Type::Ftp);

    ASSERT_EQ(s.hooks.size(), 3);
    EXPECT_EQ(s.hooks[0].event, QStringLiteral("started"));
    EXPECT_EQ(s.hooks[0].command, QStringLiteral("hooks/started.sh"));
    EXPECT_TRUE(s.hooks[0].args.isEmpty());
    EXPECT_EQ(s.hooks[0].timeoutMs, 60000);
    EXPECT_EQ(s.hooks[0].where.line, 22);
    EXPECT_EQ(s.hooks[1].event, QStringLiteral("setup_data"));
    EXPECT_EQ(s.hooks[1].command, QStringLiteral("hooks/reset.sh"));
    EXPECT_EQ(s.hooks[1].args, QStringList({QStringLiteral("--all"), QStringLiteral("-v")}));
    EXPECT_EQ(s.hooks[1].timeoutMs, 30000);
    EXPECT_EQ(s.hooks[2].command, QStringLiteral("hooks/clean.sh"));
    EXPECT_EQ(s.hooks[2].args, QStringList({QStringLiteral("--force"), QStringLiteral("two words")}));

    ASSERT_NE(s.hook(QStringLiteral("setup_data")), nullptr);
    EXPECT_EQ(s.hook(QStringLiteral("setup_data"))->command, QStringLiteral("hooks/reset.sh"));
    EXPECT_EQ(s.hook(QStringLiteral("stopping")), nullptr);

    EXPECT_TRUE(s.keepUp);
    EXPECT_EQ(s.stopTimeoutSec, 3);
}

TEST_F(FixtureSpecTest, HookEvents)
{
    EXPECT_EQ(FixtureSpec::hookEvents(), QStringList({QStringLiteral("started"), QStringLiteral("setup_data"),
                                                      QStringLiteral("teardown_data"), QStringLiteral("stopping")}));
}

TEST_F(FixtureSpecTest, ProbeShorthands)
{
    const Result<FixtureSpec> r = parse(R"(ports: {WEB: auto}
readiness:
  probes:
    - tcp: WEB
    - tcp: {port: 5432}
    - healthy:
    - healthy: db
    - ftp:
)");
    ASSERT_OK(r);
    ASSERT_EQ(r->probes.size(), 5);
    EXPECT_EQ(r->probes[0].port, QStringLiteral("WEB"));
    EXPECT_TRUE(r->probes[0].host.isEmpty()); // the prober's default: ${FIXBENCH_HOST}
    EXPECT_EQ(r->probes[1].port, QStringLiteral("5432"));
    EXPECT_EQ(r->probes[2].type, ProbeSpec::Type::Healthy);
    EXPECT_TRUE(r->probes[2].service.isEmpty());
    EXPECT_EQ(r->probes[3].service, QStringLiteral("db"));
    EXPECT_EQ(r->probes[4].type, ProbeSpec::Type::Ftp);
}

TEST_F(FixtureSpecTest, TcpProbeMayNameARangeBoundOrAnEnvironmentVariable)
{
    const Result<FixtureSpec> r = parse(R"(ports: {PASV: {range: 2}}
environment: {DB_PORT: "5432"}
readiness:
  probes:
    - tcp: {port: PASV_MAX}
    - tcp: {port: DB_PORT}
)");
    ASSERT_OK(r);
    EXPECT_EQ(r->probes[0].port, QStringLiteral("PASV_MAX"));
    EXPECT_EQ(r->probes[1].port, QStringLiteral("DB_PORT"));
}

TEST_F(FixtureSpecTest, ProbeDescribe)
{
    ProbeSpec tcp;
    tcp.type = ProbeSpec::Type::Tcp;
    tcp.port = QStringLiteral("FTP_PORT");
    EXPECT_EQ(tcp.describe(), QStringLiteral("tcp FTP_PORT"));
    tcp.host = QStringLiteral("db");
    EXPECT_EQ(tcp.describe(), QStringLiteral("tcp db:FTP_PORT"));
    ProbeSpec log;
    log.type = ProbeSpec::Type::Log;
    log.service = QStringLiteral("ftp");
    log.pattern = QStringLiteral("listening on");
    EXPECT_EQ(log.describe(), QStringLiteral("log ftp /listening on/"));
    log.service.clear();
    EXPECT_EQ(log.describe(), QStringLiteral("log /listening on/"));
    ProbeSpec healthy;
    healthy.type = ProbeSpec::Type::Healthy;
    EXPECT_EQ(healthy.describe(), QStringLiteral("healthy"));
    healthy.service = QStringLiteral("db");
    EXPECT_EQ(healthy.describe(), QStringLiteral("healthy db"));
    ProbeSpec ftp;
    ftp.type = ProbeSpec::Type::Ftp;
    EXPECT_EQ(ftp.describe(), QStringLiteral("ftp"));
}

TEST_F(FixtureSpecTest, Durations)
{
    struct Case {
        const char *text;
        int ms;
    };
    for (const Case &c : {Case{"30s", 30000}, Case{"500ms", 500}, Case{"2m", 120000}, Case{"1.5s", 1500},
                          Case{"90", 90000}, Case{"1h", 3600000}}) {
        const QByteArray yaml = QByteArray("readiness: {timeout: ") + c.text + "}\n";
        const Result<FixtureSpec> r = FixtureSpec::parse(yaml, QStringLiteral("fixture.yml"), m_dir);
        ASSERT_OK(r);
        EXPECT_EQ(r->readinessTimeoutMs, c.ms) << c.text;
    }
    EXPECT_EQ(yaml::parseDurationMs(QStringLiteral("250ms")), 250);
    EXPECT_EQ(yaml::parseDurationMs(QStringLiteral("0")), 0);
    EXPECT_FALSE(yaml::parseDurationMs(QStringLiteral("-1s")));
    EXPECT_FALSE(yaml::parseDurationMs(QStringLiteral("5 minutes")));
    EXPECT_FALSE(yaml::parseDurationMs(QStringLiteral("s")));
    EXPECT_FALSE(yaml::parseDurationMs(QString()));
}

TEST_F(FixtureSpecTest, StopTimeoutSecondsOrDuration)
{
    struct Case {
        const char *text;
        int sec;
    };
    for (const Case &c : {Case{"30", 30}, Case{"0", 0}, Case{"1m", 60}, Case{"500ms", 1}, Case{"2s", 2}}) {
        const QByteArray yaml = QByteArray("stop_timeout: ") + c.text + "\n";
        const Result<FixtureSpec> r = FixtureSpec::parse(yaml, QStringLiteral("fixture.yml"), m_dir);
        ASSERT_OK(r);
        EXPECT_EQ(r->stopTimeoutSec, c.sec) << c.text;
    }
}

TEST_F(FixtureSpecTest, KeepUpAcceptsYamlBooleans)
{
    for (const char *t : {"true", "True", "yes", "on"})
        EXPECT_TRUE(FixtureSpec::parse(QByteArray("keep_up: ") + t, QStringLiteral("fixture.yml"), m_dir)->keepUp) << t;
    for (const char *t : {"false", "no", "off"})
        EXPECT_FALSE(FixtureSpec::parse(QByteArray("keep_up: ") + t, QStringLiteral("fixture.yml"), m_dir)->keepUp) << t;
}

// ---------------------------------------------------------------- compose file

TEST_F(FixtureSpecTest, ComposeFileSearchOrder)
{
    QFile::remove(m_dir + QStringLiteral("/compose.yaml"));
    writeFile(m_dir + QStringLiteral("/docker-compose.yaml"));
    Result<FixtureSpec> r = parse("");
    ASSERT_OK(r);
    EXPECT_EQ(r->composeFile, m_dir + QStringLiteral("/docker-compose.yaml"));

    writeFile(m_dir + QStringLiteral("/docker-compose.yml"));
    r = parse("");
    ASSERT_OK(r);
    EXPECT_EQ(r->composeFile, m_dir + QStringLiteral("/docker-compose.yml"));

    writeFile(m_dir + QStringLiteral("/compose.yml"));
    r = parse("");
    ASSERT_OK(r);
    EXPECT_EQ(r->composeFile, m_dir + QStringLiteral("/compose.yml"));

    writeFile(m_dir + QStringLiteral("/compose.yaml"));
    r = parse("");
    ASSERT_OK(r);
    EXPECT_EQ(r->composeFile, m_dir + QStringLiteral("/compose.yaml"));
}

TEST_F(FixtureSpecTest, NoComposeFileIsAnErrorAtTheSpecFile)
{
    QFile::remove(m_dir + QStringLiteral("/compose.yaml"));
    const Result<FixtureSpec> r = parse("ports: {A: auto}\n");
    ASSERT_SPEC_ERROR(r);
    EXPECT_EQ(r.error().location.file, QStringLiteral("fixture.yml"));
    EXPECT_EQ(r.error().location.line, 0);
    for (const char *name : {"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"})
        EXPECT_TRUE(r.error().message.contains(QLatin1String(name))) << str(r.error().message);
    EXPECT_TRUE(r.error().message.contains(m_dir)) << str(r.error().message);
}

TEST_F(FixtureSpecTest, ExplicitComposeFile)
{
    writeFile(m_dir + QStringLiteral("/stack/main.yml"));
    const Result<FixtureSpec> r = parse("compose: stack/main.yml\n");
    ASSERT_OK(r);
    EXPECT_EQ(r->composeFile, m_dir + QStringLiteral("/stack/main.yml"));
}

TEST_F(FixtureSpecTest, ExplicitComposeFileMissingIsAnErrorAtTheKey)
{
    const Result<FixtureSpec> r = parse("description: x\n  \ncompose: other.yml\n");
    expectErrorAt(r, 3, 1, {QStringLiteral("other.yml"), m_dir + QStringLiteral("/other.yml")});
}

TEST_F(FixtureSpecTest, LoadReadsFixtureYml)
{
    writeFile(m_dir + QStringLiteral("/fixture.yml"), "ports:\n  FTP_PORT: auto\n  BAD: [\n");
    Result<FixtureSpec> r = FixtureSpec::load(m_dir);
    ASSERT_SPEC_ERROR(r);
    EXPECT_EQ(r.error().location.file, m_dir + QStringLiteral("/fixture.yml"));

    writeFile(m_dir + QStringLiteral("/fixture.yml"), "ports:\n  FTP_PORT: auto\n");
    r = FixtureSpec::load(m_dir);
    ASSERT_OK(r);
    EXPECT_EQ(r->name, QStringLiteral("ftp_server"));
    EXPECT_EQ(r->specFile, m_dir + QStringLiteral("/fixture.yml"));
    ASSERT_EQ(r->ports.size(), 1);
    EXPECT_EQ(r->ports[0].where.file, m_dir + QStringLiteral("/fixture.yml"));

    const Result<FixtureSpec> missing = FixtureSpec::load(m_tmp.path() + QStringLiteral("/nope"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(missing.error().message.contains(QStringLiteral("fixture.yml")));
}

// ---------------------------------------------------------------- errors with locations

TEST_F(FixtureSpecTest, MalformedYamlReportsParserPosition)
{
    // yaml-cpp reports the unclosed flow sequence where it ran out of input: line 3, column 1.
    Result<FixtureSpec> r = parse("ports:\n  A: [1, 2\n");
    expectErrorAt(r, 3, 1, {QStringLiteral("invalid YAML"), QStringLiteral("end of sequence flow not found")});

    // A key indented less than its siblings ends the map early.
    r = parse("readiness:\n  probes:\n    - tcp: A\n timeout: 3s\n");
    expectErrorAt(r, 4, 2, {QStringLiteral("invalid YAML"), QStringLiteral("end of map not found")});
}

TEST_F(FixtureSpecTest, UnknownTopLevelKey)
{
    const Result<FixtureSpec> r = parse("ports:\n  A: auto\nkeepup: true\n");
    expectErrorAt(r, 3, 1, {QStringLiteral("unknown key `keepup`"), QStringLiteral("did you mean `keep_up`"),
                            QStringLiteral("`compose`"), QStringLiteral("`ports`"), QStringLiteral("`environment`"),
                            QStringLiteral("`readiness`"), QStringLiteral("`hooks`"), QStringLiteral("`stop_timeout`"),
                            QStringLiteral("`description`")});
}

TEST_F(FixtureSpecTest, UnknownNestedKey)
{
    const Result<FixtureSpec> r = parse("readiness:\n  probes: []\n  tiemout: 30s\n");
    expectErrorAt(r, 3, 3, {QStringLiteral("unknown key `tiemout` in `readiness`"), QStringLiteral("`timeout`"),
                            QStringLiteral("`probes`")});
}

TEST_F(FixtureSpecTest, KeepUpMustBeABoolean)
{
    const Result<FixtureSpec> r = parse("description: d\nkeep_up: maybe\n");
    expectErrorAt(r, 2, 10, {QStringLiteral("`keep_up` must be true or false"), QStringLiteral("`maybe`")});
}

TEST_F(FixtureSpecTest, EmptyValueErrorPointsAtTheKey)
{
    const Result<FixtureSpec> r = parse("keep_up:\nports: {}\n");
    expectErrorAt(r, 1, 1, {QStringLiteral("`keep_up` must be true or false"), QStringLiteral("nothing")});
}

TEST_F(FixtureSpecTest, TopLevelMustBeAMap)
{
    const Result<FixtureSpec> r = parse("- ports\n- environment\n");
    expectErrorAt(r, 1, 1, {QStringLiteral("expected a map of settings"), QStringLiteral("a list")});
}

TEST_F(FixtureSpecTest, DuplicateKeys)
{
    const Result<FixtureSpec> r = parse("ports:\n  A: auto\n  A: 8080\n");
    expectErrorAt(r, 3, 3, {QStringLiteral("duplicate key `A`"), QStringLiteral("line 2")});
}

TEST_F(FixtureSpecTest, PortWrongType)
{
    Result<FixtureSpec> r = parse("ports:\n  FTP_PORT: auto\n  FTP_PASV: [1, 2]\n");
    expectErrorAt(r, 3, 13, {QStringLiteral("ports.FTP_PASV: expected `auto`, a port number, or {range: N}"),
                             QStringLiteral("a list")});

    r = parse("ports:\n  FTP_PORT: automatic\n");
    expectErrorAt(r, 2, 13, {QStringLiteral("ports.FTP_PORT: expected `auto`, a port number, or {range: N}"),
                             QStringLiteral("`automatic`")});

    r = parse("ports:\n  FTP_PORT:\n");
    expectErrorAt(r, 2, 3, {QStringLiteral("ports.FTP_PORT: expected `auto`")});
}

TEST_F(FixtureSpecTest, PortOutOfRange)
{
    Result<FixtureSpec> r = parse("ports:\n  ADMIN: 70000\n");
    expectErrorAt(r, 2, 10, {QStringLiteral("70000"), QStringLiteral("1 to 65535")});
    r = parse("ports:\n  ADMIN: 0\n");
    expectErrorAt(r, 2, 10, {QStringLiteral("out of range")});
}

TEST_F(FixtureSpecTest, PortRangeErrors)
{
    Result<FixtureSpec> r = parse("ports:\n  PASV: {range: 0}\n");
    expectErrorAt(r, 2, 17, {QStringLiteral("ports.PASV.range"), QStringLiteral("from 1 to 1000")});
    r = parse("ports:\n  PASV: {range: many}\n");
    expectErrorAt(r, 2, 17, {QStringLiteral("ports.PASV.range")});
    r = parse("ports:\n  PASV: {rnage: 3}\n");
    expectErrorAt(r, 2, 10, {QStringLiteral("unknown key `rnage` in `ports.PASV`"), QStringLiteral("`range`")});
    r = parse("ports:\n  PASV: {range: 2}\n  PASV_MAX: auto\n");
    expectErrorAt(r, 2, 3, {QStringLiteral("PASV_MAX")});
}

TEST_F(FixtureSpecTest, NamesMustBeIdentifiers)
{
    Result<FixtureSpec> r = parse("ports:\n  OK: auto\n  1FTP: auto\n");
    expectErrorAt(r, 3, 3, {QStringLiteral("`1FTP` is not a valid variable name")});
    r = parse("environment:\n  my-var: x\n");
    expectErrorAt(r, 2, 3, {QStringLiteral("`my-var` is not a valid variable name")});
    r = parse("environment:\n  _ok_1: x\n");
    ASSERT_OK(r);
}

TEST_F(FixtureSpecTest, EnvironmentErrors)
{
    Result<FixtureSpec> r = parse("environment:\n  A:\n");
    expectErrorAt(r, 2, 3, {QStringLiteral("environment.A"), QStringLiteral("{value: ..., secret: true}")});
    r = parse("environment:\n  A: [1]\n");
    expectErrorAt(r, 2, 6, {QStringLiteral("environment.A")});
    r = parse("environment:\n  A: {secret: true}\n");
    expectErrorAt(r, 2, 6, {QStringLiteral("`value` is required")});
    r = parse("environment:\n  A: {value: x, secret: sure}\n");
    expectErrorAt(r, 2, 25, {QStringLiteral("`environment.A.secret` must be true or false")});
    r = parse("environment:\n  A: {value: x, hidden: true}\n");
    expectErrorAt(r, 2, 17, {QStringLiteral("unknown key `hidden`"), QStringLiteral("`secret`")});
    // Template syntax is checked when the spec is read.
    r = parse("environment:\n  A: ok\n  URL: \"ftp://${FTP_HOST\"\n");
    expectErrorAt(r, 3, 8, {QStringLiteral("environment.URL"), QStringLiteral("malformed")});
}

TEST_F(FixtureSpecTest, ProbeErrors)
{
    Result<FixtureSpec> r = parse("readiness:\n  probes:\n    - tcp: {host: x}\n");
    expectErrorAt(r, 3, 7, {QStringLiteral("`port` is required")});

    r = parse("readiness:\n  probes:\n    - log: {service: ftp}\n");
    expectErrorAt(r, 3, 7, {QStringLiteral("`pattern` is required")});

    r = parse("readiness:\n  probes:\n    - grpc: {port: A}\n");
    expectErrorAt(r, 3, 7, {QStringLiteral("unknown key `grpc`"), QStringLiteral("`tcp`"), QStringLiteral("`log`"),
                            QStringLiteral("`healthy`"), QStringLiteral("`ftp`"), QStringLiteral("`http`")});

    r = parse("ports: {A: auto}\nreadiness:\n  probes:\n    - tcp: {port: A}\n      log: {pattern: x}\n");
    expectErrorAt(r, 4, 7, {QStringLiteral("exactly one of")});

    r = parse("readiness:\n  probes:\n    - tcp\n");
    expectErrorAt(r, 3, 7, {QStringLiteral("readiness.probes[0]"), QStringLiteral("a map with one of")});

    r = parse("readiness:\n  probes: {tcp: A}\n");
    expectErrorAt(r, 2, 11, {QStringLiteral("readiness.probes"), QStringLiteral("list of probes")});

    r = parse("readiness:\n  probes:\n    - ftp: {user: x}\n");
    expectErrorAt(r, 3, 13, {QStringLiteral("unknown key `user`")});
}

TEST_F(FixtureSpecTest, HttpProbe)
{
    const Result<FixtureSpec> r = parse(R"(ports: {HTTP_PORT: auto, ADMIN: auto}
readiness:
  probes:
    - http: {port: HTTP_PORT, path: /health, status: 200, body: "^ok", scheme: http}
    - http: ADMIN
    - http: {port: 8443, host: "${FIXBENCH_HOST}", path: "status?full=1", scheme: HTTPS}
    - http: {port: HTTP_PORT, status: 404}
)");
    ASSERT_OK(r);
    ASSERT_EQ(r->probes.size(), 4);
    const ProbeSpec &full = r->probes[0];
    EXPECT_EQ(full.type, ProbeSpec::Type::Http);
    EXPECT_EQ(full.port, QStringLiteral("HTTP_PORT"));
    EXPECT_TRUE(full.host.isEmpty()); // the prober's default: ${FIXBENCH_HOST}
    EXPECT_EQ(full.path, QStringLiteral("/health"));
    EXPECT_EQ(full.status, 200);
    EXPECT_EQ(full.body, QStringLiteral("^ok"));
    EXPECT_EQ(full.scheme, QStringLiteral("http"));
    EXPECT_EQ(full.where.line, 4);
    EXPECT_EQ(full.where.column, 7);
    // The shorthand: GET / on that port, any 2xx, any body.
    const ProbeSpec &shorthand = r->probes[1];
    EXPECT_EQ(shorthand.type, ProbeSpec::Type::Http);
    EXPECT_EQ(shorthand.port, QStringLiteral("ADMIN"));
    EXPECT_EQ(shorthand.path, QStringLiteral("/"));
    EXPECT_EQ(shorthand.status, 0);
    EXPECT_TRUE(shorthand.body.isEmpty());
    EXPECT_EQ(shorthand.scheme, QStringLiteral("http"));
    // A path without its leading slash gets one; the scheme is case-insensitive.
    EXPECT_EQ(r->probes[2].path, QStringLiteral("/status?full=1"));
    EXPECT_EQ(r->probes[2].scheme, QStringLiteral("https"));
    EXPECT_EQ(r->probes[2].host, QStringLiteral("${FIXBENCH_HOST}"));
    EXPECT_EQ(r->probes[2].port, QStringLiteral("8443"));
    EXPECT_EQ(r->probes[3].status, 404);

    EXPECT_EQ(full.describe(), QStringLiteral("http HTTP_PORT/health"));
    EXPECT_EQ(shorthand.describe(), QStringLiteral("http ADMIN/"));
    EXPECT_EQ(r->probes[2].describe(), QStringLiteral("http https://${FIXBENCH_HOST}:8443/status?full=1"));
}

TEST_F(FixtureSpecTest, HttpProbeErrors)
{
    Result<FixtureSpec> r = parse("readiness:\n  probes:\n    - http: {path: /health}\n");
    expectErrorAt(r, 3, 7, {QStringLiteral("readiness.probes[0].http"), QStringLiteral("`port` is required")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, methd: GET}\n");
    expectErrorAt(r, 4, 23, {QStringLiteral("unknown key `methd`"), QStringLiteral("`path`"), QStringLiteral("`status`"),
                             QStringLiteral("`body`"), QStringLiteral("`scheme`")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, status: 2000}\n");
    expectErrorAt(r, 4, 31, {QStringLiteral("readiness.probes[0].http.status"), QStringLiteral("2000")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, status: ok}\n");
    expectErrorAt(r, 4, 31, {QStringLiteral("readiness.probes[0].http.status")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, body: \"(ok\"}\n");
    expectErrorAt(r, 4, 29, {QStringLiteral("readiness.probes[0].http.body"), QStringLiteral("invalid regular expression")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, scheme: ftp}\n");
    expectErrorAt(r, 4, 31, {QStringLiteral("readiness.probes[0].http.scheme"), QStringLiteral("`ftp`"),
                             QStringLiteral("`https`")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, path: \"http://localhost/health\"}\n");
    expectErrorAt(r, 4, 29, {QStringLiteral("readiness.probes[0].http.path"), QStringLiteral("is a URL")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, path: \"/a b\"}\n");
    expectErrorAt(r, 4, 29, {QStringLiteral("readiness.probes[0].http.path"), QStringLiteral("white space")});

    r = parse("ports: {P: auto}\nreadiness:\n  probes:\n    - http: {port: P, path: \"\"}\n");
    expectErrorAt(r, 4, 29, {QStringLiteral("readiness.probes[0].http.path")});

    // The port must be declared, like a tcp probe's.
    r = parse("ports: {HTTP_PORT: auto}\nreadiness:\n  probes:\n    - http: {port: HTTP_PROT, path: /}\n");
    expectErrorAt(r, 4, 7, {QStringLiteral("http probe"), QStringLiteral("`HTTP_PROT`"), QStringLiteral("`HTTP_PORT`")});
    r = parse("readiness:\n  probes:\n    - http: {port: 0}\n");
    expectErrorAt(r, 3, 20, {QStringLiteral("readiness.probes[0].http.port")});
    r = parse("readiness:\n  probes:\n    - http: [80]\n");
    expectErrorAt(r, 3, 13, {QStringLiteral("readiness.probes[0].http")});
}

TEST_F(FixtureSpecTest, TcpProbePortMustBeKnown)
{
    Result<FixtureSpec> r = parse("ports: {FTP_PORT: auto}\nreadiness:\n  probes:\n    - tcp: {port: FTP_PROT}\n");
    expectErrorAt(r, 4, 7, {QStringLiteral("`FTP_PROT`"), QStringLiteral("`FTP_PORT`")});
    r = parse("readiness:\n  probes:\n    - tcp: {port: 99999}\n");
    expectErrorAt(r, 3, 19, {QStringLiteral("readiness.probes[0].tcp.port")});
    r = parse("readiness:\n  probes:\n    - tcp: {port: \"a b\"}\n");
    expectErrorAt(r, 3, 19, {QStringLiteral("readiness.probes[0].tcp.port")});
}

TEST_F(FixtureSpecTest, InvalidRegexIsReportedAtThePattern)
{
    Result<FixtureSpec> r = parse("readiness:\n  probes:\n    - log:\n        service: ftp\n        pattern: \"listening (on\"\n");
    expectErrorAt(r, 5, 18, {QStringLiteral("readiness.probes[0].log.pattern"), QStringLiteral("invalid regular expression"),
                             QStringLiteral("listening (on")});
    r = parse("ports: {A: auto}\nreadiness:\n  probes:\n    - tcp: {port: A, expect: \"[220\"}\n");
    expectErrorAt(r, 4, 30, {QStringLiteral("readiness.probes[0].tcp.expect"), QStringLiteral("invalid regular expression")});
}

TEST_F(FixtureSpecTest, ReadinessTimeoutErrors)
{
    Result<FixtureSpec> r = parse("readiness:\n  timeout: soon\n");
    expectErrorAt(r, 2, 12, {QStringLiteral("readiness.timeout"), QStringLiteral("duration"), QStringLiteral("`soon`")});
    r = parse("readiness:\n  timeout: 0s\n");
    expectErrorAt(r, 2, 12, {QStringLiteral("readiness.timeout"), QStringLiteral("more than 0")});
}

TEST_F(FixtureSpecTest, HookErrors)
{
    Result<FixtureSpec> r = parse("hooks:\n  started: a.sh\n  before_start: b.sh\n");
    expectErrorAt(r, 3, 3, {QStringLiteral("unknown key `before_start` in `hooks`"), QStringLiteral("`started`"),
                            QStringLiteral("`setup_data`"), QStringLiteral("`teardown_data`"),
                            QStringLiteral("`stopping`")});
    r = parse("hooks:\n  stopping: {args: [x]}\n");
    expectErrorAt(r, 2, 3, {QStringLiteral("`run` is required")});
    r = parse("hooks:\n  stopping: {run: x.sh, timeout: later}\n");
    expectErrorAt(r, 2, 34, {QStringLiteral("hooks.stopping.timeout")});
    r = parse("hooks:\n  stopping: {run: x.sh, args: {a: b}}\n");
    expectErrorAt(r, 2, 31, {QStringLiteral("hooks.stopping.args"), QStringLiteral("list")});
    r = parse("hooks:\n  stopping: [x.sh]\n");
    expectErrorAt(r, 2, 13, {QStringLiteral("hooks.stopping"), QStringLiteral("a command")});
}

TEST_F(FixtureSpecTest, BuiltinHooks)
{
    Result<FixtureSpec> r = parse("hooks:\n  setup_data: {builtin: ftp-clean}\n"
                                  "  teardown_data: {builtin: ftp-clean, args: [/out, /in], timeout: 5s}\n");
    ASSERT_OK(r);
    ASSERT_EQ(r->hooks.size(), 2);
    EXPECT_EQ(r->hooks[0].builtin, QStringLiteral("ftp-clean"));
    EXPECT_TRUE(r->hooks[0].command.isEmpty());
    EXPECT_TRUE(r->hooks[0].args.isEmpty());
    EXPECT_EQ(r->hooks[1].args, QStringList({QStringLiteral("/out"), QStringLiteral("/in")}));
    EXPECT_EQ(r->hooks[1].timeoutMs, 5000);
    EXPECT_EQ(HookSpec::builtins(), QStringList{QStringLiteral("ftp-clean")});

    r = parse("hooks:\n  setup_data: {builtin: ftp-wipe}\n");
    expectErrorAt(r, 2, 25, {QStringLiteral("hooks.setup_data.builtin"), QStringLiteral("unknown built-in hook `ftp-wipe`"),
                             QStringLiteral("`ftp-clean`")});
    r = parse("hooks:\n  setup_data: {builtin: ftp-clean, run: x.sh}\n");
    expectErrorAt(r, 2, 3, {QStringLiteral("`run` and `builtin` exclude each other")});
    r = parse("hooks:\n  setup_data: {args: [x]}\n");
    expectErrorAt(r, 2, 3, {QStringLiteral("`run` is required"), QStringLiteral("`builtin`")});
}

TEST_F(FixtureSpecTest, WrongSectionTypes)
{
    Result<FixtureSpec> r = parse("ports: [A, B]\n");
    expectErrorAt(r, 1, 8, {QStringLiteral("ports: expected a map")});
    r = parse("environment: FOO=1\n");
    expectErrorAt(r, 1, 14, {QStringLiteral("environment: expected a map")});
    r = parse("stop_timeout: forever\n");
    expectErrorAt(r, 1, 15, {QStringLiteral("stop_timeout")});
    r = parse("description: [a]\n");
    expectErrorAt(r, 1, 14, {QStringLiteral("description")});
}
