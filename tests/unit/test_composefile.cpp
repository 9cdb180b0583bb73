// What fixbench reads of a compose file (compose/composefile.h), on files written by
// someone careless: every malformed one is a file:line:col error, never an exception
// (yaml-cpp throws on a wrong conversion: `status`, `list` and `down` used to abort).

#include "compose/composedriver.h"
#include "compose/composefile.h"

#include "unitsupport.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace fixbench;

namespace {

Result<ComposeFile> loadText(const QTemporaryDir &dir, const char *text)
{
    const QString path = dir.filePath(QStringLiteral("compose.yaml"));
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(text);
    f.close();
    return ComposeFile::load(path);
}

} // namespace

TEST(ComposeFile, ReadsServicesNetworksAndBuildContexts)
{
    QTemporaryDir dir;
    auto cf = loadText(dir, "services:\n"
                            "  app:\n"
                            "    build: ./app\n"
                            "  db:\n"
                            "    build:\n"
                            "      context: db\n"
                            "      dockerfile: Dockerfile\n"
                            "  cache:\n"
                            "    image: redis\n"
                            "networks:\n"
                            "  back: {}\n"
                            "  outside: {external: true}\n");
    ASSERT_TRUE(cf.ok()) << cf.error().toString().toStdString();
    EXPECT_EQ(cf->services, (QStringList{QStringLiteral("app"), QStringLiteral("db"), QStringLiteral("cache")}));
    EXPECT_EQ(cf->networks, QStringList{QStringLiteral("back")});
    EXPECT_EQ(cf->buildContexts, (QStringList{dir.filePath(QStringLiteral("app")), dir.filePath(QStringLiteral("db"))}));
}

struct Malformed {
    const char *what;
    const char *text;
    int line;          // where the error points
    const char *words; // what it says
};

TEST(ComposeFile, MalformedFilesAreErrorsAtTheirPlace)
{
    const Malformed cases[] = {
        {"build.context as a list", "services:\n  app:\n    build:\n      context: [a, b]\n", 4, "build.context"},
        {"a non-scalar service key", "services:\n  ? [a, b]\n  : {image: x}\n", 2, "service name"},
        // yaml-cpp places an empty key where its value begins.
        {"a null service key", "services:\n  ? \n  : {image: x}\n", 3, "service"},
        {"a map as a network key", "services:\n  app: {image: x}\nnetworks:\n  ? {a: 1}\n  : {}\n", 4, "network name"},
        {"build as a list", "services:\n  app:\n    build: [a]\n", 3, "`build`"},
        {"services as a list", "services:\n  - app\n", 2, "services"},
        {"not a map at all", "- services\n", 1, "map"},
    };
    for (const Malformed &c : cases) {
        QTemporaryDir dir;
        Result<ComposeFile> cf = Error(Error::Kind::Other, QString());
        EXPECT_NO_THROW(cf = loadText(dir, c.text)) << c.what;
        ASSERT_FALSE(cf.ok()) << c.what;
        EXPECT_EQ(cf.error().kind, Error::Kind::Spec) << c.what;
        EXPECT_EQ(cf.error().location.file, dir.filePath(QStringLiteral("compose.yaml"))) << c.what;
        EXPECT_EQ(cf.error().location.line, c.line) << c.what << ": " << cf.error().toString().toStdString();
        EXPECT_GT(cf.error().location.column, 0) << c.what;
        EXPECT_TRUE(cf.error().message.contains(QLatin1String(c.words))) << c.what << ": " << cf.error().toString().toStdString();
    }
}

// docker-compose v1 answers a byte that is not UTF-8 with a Python traceback: fixbench
// reads the file first and says where the byte is (a Latin-1 service name, say).
TEST(ComposeFile, NotUtf8IsAnErrorAtFileLineColumn)
{
    QTemporaryDir dir;
    auto cf = loadText(dir, "services:\n"
                            "  app:\n"
                            "    image: debian:bookworm-slim\n"
                            "  caf\xE9:\n"
                            "    image: x\n");
    ASSERT_FALSE(cf.ok());
    EXPECT_EQ(cf.error().kind, Error::Kind::Spec);
    EXPECT_EQ(cf.error().location.line, 4) << cf.error().toString().toStdString();
    EXPECT_EQ(cf.error().location.column, 6) << cf.error().toString().toStdString();
    EXPECT_TRUE(cf.error().message.contains(QLatin1String("not UTF-8"))) << cf.error().toString().toStdString();
    EXPECT_TRUE(cf.error().message.contains(QLatin1String("0xE9"))) << cf.error().toString().toStdString();

    // Well-formed UTF-8 (two, three and four bytes) is fine, columns count characters.
    auto ok = loadText(dir, "services:\n  caf\xC3\xA9:\n    image: \xE2\x82\xAC\xF0\x9F\x90\xB3\n");
    ASSERT_TRUE(ok.ok()) << ok.error().toString().toStdString();
    EXPECT_EQ(ok->services, QStringList{QString::fromUtf8("caf\xC3\xA9")});
    // An overlong form and a lone continuation byte are not UTF-8 either.
    auto overlong = loadText(dir, "services:\n  a\xC0\xAF: {}\n");
    ASSERT_FALSE(overlong.ok());
    EXPECT_EQ(overlong.error().location.column, 4);
    auto lone = loadText(dir, "services:\n  \xC3\xA9\x80: {}\n");
    ASSERT_FALSE(lone.ok());
    EXPECT_EQ(lone.error().location.column, 4);
}

// Host ports written in the compose file (short and long syntax, ranges, addresses);
// those fixbench allocates (${VAR}) and those compose picks are not among them.
TEST(ComposeFile, FixedHostPorts)
{
    QTemporaryDir dir;
    auto cf = loadText(dir, "services:\n"
                            "  ftp:\n"
                            "    image: x\n"
                            "    ports:\n"
                            "      - \"2121:21\"\n"
                            "      - \"${FTP_DATA}:30000\"\n"
                            "      - \"127.0.0.1:3000-3002:3000-3002/tcp\"\n"
                            "      - \"127.0.0.1::5000\"\n"
                            "      - 8080\n"
                            "      - \"[::1]:6000:6000/udp\"\n"
                            "      - {target: 80, published: 8081, host_ip: 0.0.0.0}\n"
                            "      - {target: 81, published: \"${WEB}\"}\n");
    ASSERT_TRUE(cf.ok()) << cf.error().toString().toStdString();
    ASSERT_EQ(cf->fixedPorts.size(), 4);
    EXPECT_EQ(cf->fixedPorts[0].service, QStringLiteral("ftp"));
    EXPECT_EQ(cf->fixedPorts[0].first, 2121);
    EXPECT_EQ(cf->fixedPorts[0].protocol, QStringLiteral("tcp"));
    EXPECT_EQ(cf->fixedPorts[0].where.line, 5);
    EXPECT_EQ(cf->fixedPorts[0].where.column, 9);
    EXPECT_EQ(cf->fixedPorts[1].first, 3000);
    EXPECT_EQ(cf->fixedPorts[1].count, 3);
    EXPECT_EQ(cf->fixedPorts[1].hostIp, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(cf->fixedPorts[2].first, 6000);
    EXPECT_EQ(cf->fixedPorts[2].hostIp, QStringLiteral("::1"));
    EXPECT_EQ(cf->fixedPorts[2].protocol, QStringLiteral("udp"));
    EXPECT_EQ(cf->fixedPorts[3].first, 8081);
    EXPECT_EQ(cf->fixedPorts[3].where.line, 11);
}

// Compose's words for a host port in use (v1 and v2, engine 20.10+), read in one place.
TEST(ComposeDriver, PortInUseFromComposeOutput)
{
    EXPECT_EQ(ComposeDriver::portInUse(QStringLiteral(
                  "ERROR: for app  Cannot start service app: driver failed programming external connectivity on "
                  "endpoint p_app_1 (0123): Bind for 0.0.0.0:2121 failed: port is already allocated")),
              2121);
    EXPECT_EQ(ComposeDriver::portInUse(QStringLiteral(
                  "Error response from daemon: driver failed programming external connectivity on endpoint x: "
                  "Error starting userland proxy: listen tcp4 0.0.0.0:2122: bind: address already in use")),
              2122);
    EXPECT_EQ(ComposeDriver::portInUse(QStringLiteral("ERROR: for app  no such image")), 0);
}
