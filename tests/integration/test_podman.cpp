// Podman as the engine: Debian's podman 4.3 serving its Docker-compatible API on a unix
// socket (`podman system service`), docker-compose as compose. doctor names it; a
// fixture comes up, a real FTP login with passive transfers works, down leaves nothing
// in podman. podman-compose is refused with the reason and what to do instead.

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <gtest/gtest.h>

using namespace fixbench::testsupport;

namespace {

QString describe(const ProcResult &r)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err);
}

QProcessEnvironment plainEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *k : {"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH", "FIXBENCH_HOST",
                          "FIXBENCH_COMPOSE"})
        env.remove(QString::fromLatin1(k));
    return env;
}

} // namespace

class Podman : public ::testing::Test {
public:
    static QTemporaryDir &dir()
    {
        static QTemporaryDir d;
        return d;
    }
    static QProcess *&service()
    {
        static QProcess *p = nullptr;
        return p;
    }
    static QString &error()
    {
        static QString e;
        return e;
    }
    static QString socket() { return dir().filePath(QStringLiteral("podman.sock")); }

    static void SetUpTestSuite()
    {
        // This machine's hard limits are below what podman asks for by default as root
        // (nproc, nofile): runc then fails with "error setting rlimit ... operation not
        // permitted". Lower defaults, as an admin would set in containers.conf.
        QFile conf(dir().filePath(QStringLiteral("containers.conf")));
        conf.open(QIODevice::WriteOnly);
        conf.write("[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n");
        conf.close();
        QProcessEnvironment env = plainEnv();
        env.insert(QStringLiteral("CONTAINERS_CONF"), conf.fileName());
        service() = new QProcess;
        service()->setProcessEnvironment(env);
        service()->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        service()->start(QStringLiteral("podman"), {QStringLiteral("system"), QStringLiteral("service"), QStringLiteral("--time=0"),
                                                    QStringLiteral("unix://") + socket()});
        if (!service()->waitForStarted(10000)) {
            error() = QStringLiteral("podman system service did not start: ") + service()->errorString();
            return;
        }
        if (!waitFor([] { return QFile::exists(socket()); }, 20000)) {
            error() = QStringLiteral("podman's socket did not appear");
            return;
        }
        // No registry: the base image comes from the Docker engine of this machine.
        const ProcResult load = run(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("docker save debian:bookworm-slim | podman load -q")},
                                    300000, plainEnv());
        if (load.exitCode != 0)
            error() = QStringLiteral("docker save | podman load: ") + describe(load);
    }

    static void TearDownTestSuite()
    {
        if (service()) {
            service()->terminate();
            if (!service()->waitForFinished(10000))
                service()->kill();
            delete service();
            service() = nullptr;
        }
    }

    void SetUp() override { ASSERT_TRUE(error().isEmpty()) << qPrintable(error()); }

    static QProcessEnvironment podmanEnv()
    {
        QProcessEnvironment env = plainEnv();
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + socket());
        return env;
    }
    static int podmanContainers(const QString &label)
    {
        const ProcResult r = run(QStringLiteral("podman"), {QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"), QStringLiteral("label=") + label},
                                 60000, plainEnv());
        return int(r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size());
    }
};

TEST_F(Podman, DoctorNamesIt)
{
    const ProcResult doctor = runCli({QStringLiteral("doctor")}, podmanEnv());
    EXPECT_TRUE(doctor.out.contains(QStringLiteral("ok   engine: unix://%1 from DOCKER_HOST").arg(socket()))) << qPrintable(describe(doctor));
    EXPECT_TRUE(doctor.out.contains(QStringLiteral("ok   engine version: Podman Engine 4."))) << qPrintable(describe(doctor));
}

TEST_F(Podman, FtpServerUpUsedAndDown)
{
    auto ws = std::make_unique<QTemporaryDir>();
    QFile yml(ws->filePath(QStringLiteral("fixbench.yml")));
    ASSERT_TRUE(yml.open(QIODevice::WriteOnly));
    yml.write("name: podman-engine\n");
    yml.close();
    ASSERT_TRUE(copyTree(repoWorkspace() + QStringLiteral("/fixtures/ftp_server"), ws->filePath(QStringLiteral("fixtures/ftp_server"))));
    const QStringList w{QStringLiteral("-w"), ws->path()};

    const ProcResult up = runCli(w + QStringList{QStringLiteral("up"), QStringLiteral("ftp_server"), QStringLiteral("--keep")}, podmanEnv(), 600000);
    ASSERT_EQ(up.exitCode, 0) << qPrintable(describe(up));
    const ProcResult envOut = runCli(w + QStringList{QStringLiteral("env"), QStringLiteral("ftp_server"), QStringLiteral("--json"), QStringLiteral("--show-secrets")},
                                     podmanEnv());
    const QJsonObject json = QJsonDocument::fromJson(envOut.out.toUtf8()).object();
    const auto var = [&json](const char *k) { return json.value(QLatin1String(k)).toObject().value(QStringLiteral("value")).toString(); };
    const QString project = var("FIXBENCH_PROJECT");
    ASSERT_FALSE(project.isEmpty()) << qPrintable(describe(envOut));
    EXPECT_GT(podmanContainers(projectLabel(project)), 0);
    EXPECT_TRUE(containersWithLabel(projectLabel(project)).isEmpty()) << "in the Docker engine instead of podman";

    // A real client: upload (passive data connection), then list it with fixbench.
    QTemporaryDir tmp;
    QFile f(tmp.filePath(QStringLiteral("p.txt")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("podman\n");
    f.close();
    const ProcResult put = run(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("20"), QStringLiteral("--user"),
                                                       var("FTP_USER") + QLatin1Char(':') + var("FTP_PASS"), QStringLiteral("-T"), f.fileName(),
                                                       QStringLiteral("ftp://%1:%2/p.txt").arg(var("FTP_HOST"), var("FTP_PORT"))},
                               30000, plainEnv());
    EXPECT_EQ(put.exitCode, 0) << qPrintable(describe(put));
    const ProcResult ls = runCli(w + QStringList{QStringLiteral("ftp"), QStringLiteral("ls"), QStringLiteral("--fixture"), QStringLiteral("ftp_server"), QStringLiteral("/")},
                                 podmanEnv());
    EXPECT_TRUE(ls.out.contains(QStringLiteral("p.txt"))) << qPrintable(describe(ls));

    const ProcResult down = runCli(w + QStringList{QStringLiteral("down"), QStringLiteral("ftp_server")}, podmanEnv());
    EXPECT_EQ(down.exitCode, 0) << qPrintable(describe(down));
    EXPECT_EQ(podmanContainers(projectLabel(project)), 0);
}

TEST_F(Podman, PodmanComposeIsRefusedWithTheWayThatWorks)
{
    QProcessEnvironment env = podmanEnv();
    env.insert(QStringLiteral("FIXBENCH_COMPOSE"), QStringLiteral("podman-compose"));
    const ProcResult doctor = runCli({QStringLiteral("doctor")}, env);
    EXPECT_NE(doctor.exitCode, 0);
    EXPECT_TRUE(doctor.out.contains(QStringLiteral("FAIL compose: FIXBENCH_COMPOSE=podman-compose is not supported"))) << qPrintable(describe(doctor));
    EXPECT_TRUE(doctor.out.contains(QStringLiteral("podman system service"))) << qPrintable(describe(doctor));
}
