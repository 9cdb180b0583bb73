// Fixtures on a Docker engine that is not this machine's socket: a second dockerd in its
// own network namespace (tests/remote/remote-engine.sh: own data root and bridge, TCP
// with TLS, an sshd in the same namespace), reached (a) by DOCKER_HOST=tcp:// with TLS,
// (b) by DOCKER_HOST=ssh://, (c) through a docker context of the docker CLI's config.
// Each time: doctor names the endpoint and why, `up ftp_server` publishes on the
// namespace's address, a real FTP login + passive listing + upload from this host with
// what `fixbench env` says works, the containers are on that engine and not on the local
// one, and `down` leaves nothing there.

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace fixbench::testsupport;

namespace {

struct RemoteInfo {
    QString ip, netns, tcp, ssh, certs, socket, sshCommand;
    QString error;
};

RemoteInfo &remote()
{
    static RemoteInfo r;
    return r;
}

QString script() { return QStringLiteral(FIXBENCH_SOURCE_DIR "/tests/remote/remote-engine.sh"); }
QString remoteDir() { return QStringLiteral(FIXBENCH_BINARY_DIR "/remote-engine"); }

QString describe(const ProcResult &r)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err);
}

// The local engine, whatever the test's environment says.
QProcessEnvironment localEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *k : {"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH", "DOCKER_CONFIG",
                          "FIXBENCH_HOST", "FIXBENCH_SSH_COMMAND"})
        env.remove(QString::fromLatin1(k));
    return env;
}

// The docker CLI against the second engine's own socket: what is really there.
QStringList remoteContainers(const QString &label)
{
    QProcessEnvironment env = localEnv();
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + remote().socket);
    const ProcResult r = run(QStringLiteral("docker"),
                             {QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"), QStringLiteral("label=") + label},
                             60000, env);
    return r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// The second engine by DOCKER_HOST=tcp:// with TLS.
QProcessEnvironment tlsEnv()
{
    QProcessEnvironment env = localEnv();
    env.insert(QStringLiteral("DOCKER_HOST"), remote().tcp);
    env.insert(QStringLiteral("DOCKER_TLS_VERIFY"), QStringLiteral("1"));
    env.insert(QStringLiteral("DOCKER_CERT_PATH"), remote().certs);
    return env;
}

QStringList remoteNetworks(const QString &label)
{
    QProcessEnvironment env = localEnv();
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + remote().socket);
    const ProcResult r = run(QStringLiteral("docker"),
                             {QStringLiteral("network"), QStringLiteral("ls"), QStringLiteral("-q"), QStringLiteral("--filter"),
                              QStringLiteral("label=") + label},
                             60000, env);
    return r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class Remote : public ::testing::Test {
public:
    static void SetUpTestSuite()
    {
        // Idempotent: the CTest fixture remote_engine started it already when run by ctest.
        const ProcResult start = run(QStringLiteral("bash"), {script(), QStringLiteral("start"), remoteDir()}, 180000, localEnv());
        if (start.exitCode != 0) {
            remote().error = QStringLiteral("remote-engine.sh start: ") + describe(start);
            return;
        }
        QHash<QString, QString> vars;
        for (const QString &line : start.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            QString value = line.section(QLatin1Char('='), 1);
            if (value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
                value = value.mid(1, value.size() - 2);
            vars.insert(line.section(QLatin1Char('='), 0, 0), value);
        }
        RemoteInfo &r = remote();
        r.ip = vars.value(QStringLiteral("REMOTE_IP"));
        r.netns = vars.value(QStringLiteral("REMOTE_NETNS"));
        r.tcp = vars.value(QStringLiteral("REMOTE_TCP"));
        r.ssh = vars.value(QStringLiteral("REMOTE_SSH"));
        r.certs = vars.value(QStringLiteral("REMOTE_CERTS"));
        r.socket = vars.value(QStringLiteral("REMOTE_SOCKET"));
        r.sshCommand = vars.value(QStringLiteral("REMOTE_SSH_COMMAND"));
        if (r.ip.isEmpty() || r.sshCommand.isEmpty()) {
            r.error = QStringLiteral("remote-engine.sh printed no addresses: ") + describe(start);
            return;
        }
        // No registry: the base image comes from this machine's engine.
        QProcessEnvironment env = localEnv();
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + r.socket);
        if (run(QStringLiteral("docker"), {QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("debian:bookworm-slim")}, 60000, env)
                .exitCode != 0) {
            const ProcResult load = run(QStringLiteral("bash"), {script(), QStringLiteral("load"), remoteDir(), QStringLiteral("debian:bookworm-slim")},
                                        300000, localEnv());
            if (load.exitCode != 0)
                r.error = QStringLiteral("loading debian:bookworm-slim into the second engine: ") + describe(load);
        }
    }

    void SetUp() override
    {
        ASSERT_TRUE(remote().error.isEmpty()) << qPrintable(remote().error);
        m_ws = std::make_unique<QTemporaryDir>();
        QFile yml(m_ws->filePath(QStringLiteral("fixbench.yml")));
        ASSERT_TRUE(yml.open(QIODevice::WriteOnly));
        yml.write("name: remote-engine\n");
        yml.close();
        ASSERT_TRUE(copyTree(repoWorkspace() + QStringLiteral("/fixtures/ftp_server"), m_ws->filePath(QStringLiteral("fixtures/ftp_server"))));
    }

    ProcResult cli(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 600000)
    {
        return runCli(QStringList{QStringLiteral("-w"), m_ws->path()} + args, env, timeoutMs);
    }

    // up → env → FTP from this host → containers on the remote only → down → nothing left.
    void upUseDown(const QProcessEnvironment &env)
    {
        const ProcResult up = cli({QStringLiteral("up"), QStringLiteral("ftp_server"), QStringLiteral("--keep")}, env);
        ASSERT_EQ(up.exitCode, 0) << qPrintable(describe(up));
        const ProcResult envOut = cli({QStringLiteral("env"), QStringLiteral("ftp_server"), QStringLiteral("--json"), QStringLiteral("--show-secrets")}, env);
        ASSERT_EQ(envOut.exitCode, 0) << qPrintable(describe(envOut));
        const QJsonObject json = QJsonDocument::fromJson(envOut.out.toUtf8()).object();
        QHash<QString, QString> vars;
        for (auto it = json.begin(); it != json.end(); ++it)
            vars.insert(it.key(), it.value().toObject().value(QStringLiteral("value")).toString());
        const QString project = vars.value(QStringLiteral("FIXBENCH_PROJECT"));
        ASSERT_FALSE(project.isEmpty()) << qPrintable(envOut.out);

        // Published on the namespace's address, where tests reach it.
        EXPECT_EQ(vars.value(QStringLiteral("FIXBENCH_HOST")), remote().ip);
        EXPECT_EQ(vars.value(QStringLiteral("FTP_HOST")), remote().ip);
        const int port = vars.value(QStringLiteral("FTP_PORT")).toInt();
        const QString user = vars.value(QStringLiteral("FTP_USER"));
        const QString pass = vars.value(QStringLiteral("FTP_PASS"));
        QString out;
        EXPECT_TRUE(ftpLogin(remote().ip, port, user, pass, &out)) << qPrintable(out);
        // Passive mode with data both ways: an upload, then a listing that shows it.
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("hello.txt")));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("from the host\n");
        f.close();
        const QString url = QStringLiteral("ftp://%1:%2/").arg(remote().ip).arg(port);
        const ProcResult put = run(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--ftp-pasv"), QStringLiteral("--max-time"), QStringLiteral("20"),
                                                           QStringLiteral("--user"), user + QLatin1Char(':') + pass, QStringLiteral("-T"), f.fileName(),
                                                           url + QStringLiteral("hello.txt")},
                                   30000, localEnv());
        EXPECT_EQ(put.exitCode, 0) << qPrintable(describe(put));
        const ProcResult ls = cli({QStringLiteral("ftp"), QStringLiteral("ls"), QStringLiteral("--fixture"), QStringLiteral("ftp_server"), QStringLiteral("/")}, env);
        EXPECT_EQ(ls.exitCode, 0) << qPrintable(describe(ls));
        EXPECT_TRUE(ls.out.contains(QStringLiteral("hello.txt"))) << qPrintable(describe(ls));

        // On the second engine, not on this machine's.
        EXPECT_FALSE(remoteContainers(projectLabel(project)).isEmpty());
        EXPECT_TRUE(containersWithLabel(projectLabel(project)).isEmpty()) << "containers of " << qPrintable(project) << " on the local engine";

        const ProcResult down = cli({QStringLiteral("down"), QStringLiteral("ftp_server")}, env);
        EXPECT_EQ(down.exitCode, 0) << qPrintable(describe(down));
        EXPECT_TRUE(remoteContainers(projectLabel(project)).isEmpty());
        EXPECT_TRUE(remoteNetworks(projectLabel(project)).isEmpty());
    }

    std::unique_ptr<QTemporaryDir> m_ws;
};

TEST_F(Remote, TcpWithTls)
{
    QProcessEnvironment env = tlsEnv();
    const ProcResult doctor = cli({QStringLiteral("doctor")}, env);
    EXPECT_TRUE(doctor.out.contains(QStringLiteral("ok   engine: %1 (TLS, verified) from DOCKER_HOST").arg(remote().tcp))) << qPrintable(describe(doctor));
    upUseDown(env);

    // Without the client certificate the engine refuses, and fixbench says where and why.
    QTemporaryDir noCerts;
    QFile::copy(remote().certs + QStringLiteral("/ca.pem"), noCerts.filePath(QStringLiteral("ca.pem")));
    env.insert(QStringLiteral("DOCKER_CERT_PATH"), noCerts.path());
    const ProcResult bad = cli({QStringLiteral("doctor")}, env);
    EXPECT_NE(bad.exitCode, 0);
    EXPECT_TRUE(bad.out.contains(QStringLiteral("FAIL engine: %1").arg(remote().tcp))) << qPrintable(describe(bad));
    EXPECT_TRUE(bad.out.contains(QStringLiteral("cert.pem is missing"))) << qPrintable(describe(bad));
}

TEST_F(Remote, Ssh)
{
    QProcessEnvironment env = localEnv();
    env.insert(QStringLiteral("DOCKER_HOST"), remote().ssh);
    env.insert(QStringLiteral("FIXBENCH_SSH_COMMAND"), remote().sshCommand);
    const ProcResult doctor = cli({QStringLiteral("doctor")}, env);
    EXPECT_TRUE(doctor.out.contains(QStringLiteral("ok   engine: %1 (through OpenSSH) from DOCKER_HOST").arg(remote().ssh))) << qPrintable(describe(doctor));
    upUseDown(env);

    // No tunnel outlives the process that opened it (up, env, ftp, down have ended; the
    // reaper, still watching, may hold one).
    const auto orphanTunnels = [] {
        QStringList orphans;
        const ProcResult ps = run(QStringLiteral("pgrep"), {QStringLiteral("-af"), QStringLiteral("fixbench-ssh-")}, 10000, localEnv());
        static const QRegularExpression owner(QStringLiteral("fixbench-ssh-(\\d+)-\\d+\\.sock"));
        for (const QString &line : ps.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (const auto m = owner.match(line); m.hasMatch() && !QFile::exists(QStringLiteral("/proc/") + m.captured(1)))
                orphans << line;
        return orphans;
    };
    EXPECT_TRUE(waitFor([&] { return orphanTunnels().isEmpty(); }, 5000)) << qPrintable(orphanTunnels().join(QLatin1Char('\n')));

    // A host ssh cannot log in to: ssh's own reason, naming the target.
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("ssh://nobody@%1").arg(remote().ip));
    const ProcResult bad = cli({QStringLiteral("doctor")}, env);
    EXPECT_NE(bad.exitCode, 0);
    EXPECT_TRUE(bad.out.contains(QStringLiteral("ssh to nobody@%1 failed").arg(remote().ip))) << qPrintable(describe(bad));
    EXPECT_TRUE(bad.out.contains(QStringLiteral("Permission denied"))) << qPrintable(describe(bad));
}

TEST_F(Remote, DockerContext)
{
    // A docker CLI config of its own with a context made by the docker CLI itself.
    QTemporaryDir config;
    QProcessEnvironment env = localEnv();
    env.insert(QStringLiteral("DOCKER_CONFIG"), config.path());
    const ProcResult create = run(QStringLiteral("docker"),
                                  {QStringLiteral("context"), QStringLiteral("create"), QStringLiteral("fbremote"), QStringLiteral("--docker"),
                                   QStringLiteral("host=%1,ca=%2/ca.pem,cert=%2/cert.pem,key=%2/key.pem").arg(remote().tcp, remote().certs)},
                                  60000, env);
    ASSERT_EQ(create.exitCode, 0) << qPrintable(describe(create));
    const ProcResult use = run(QStringLiteral("docker"), {QStringLiteral("context"), QStringLiteral("use"), QStringLiteral("fbremote")}, 60000, env);
    ASSERT_EQ(use.exitCode, 0) << qPrintable(describe(use));

    const ProcResult doctor = cli({QStringLiteral("doctor")}, env);
    EXPECT_TRUE(doctor.out.contains(QStringLiteral("ok   engine: %1 (TLS, verified) from the docker context \"fbremote\" (%2/config.json)")
                                        .arg(remote().tcp, config.path())))
        << qPrintable(describe(doctor));
    upUseDown(env);

    // DOCKER_CONTEXT wins over the config's current context; DOCKER_HOST over both.
    QProcessEnvironment byVar = env;
    byVar.insert(QStringLiteral("DOCKER_CONTEXT"), QStringLiteral("default"));
    const ProcResult local = cli({QStringLiteral("doctor")}, byVar);
    EXPECT_TRUE(local.out.contains(QStringLiteral("ok   engine: unix:///var/run/docker.sock from the docker context \"default\" (DOCKER_CONTEXT)")))
        << qPrintable(describe(local));
    byVar.insert(QStringLiteral("DOCKER_CONTEXT"), QStringLiteral("no-such-context"));
    const ProcResult missing = cli({QStringLiteral("doctor")}, byVar);
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_TRUE(missing.out.contains(QStringLiteral("the docker context \"no-such-context\" (DOCKER_CONTEXT) does not exist")))
        << qPrintable(describe(missing));
}

TEST_F(Remote, PortsAreThoseOfTheRemoteHost)
{
    // A port taken on this machine is free over there: a remote engine's ports are not
    // probed here. One its containers publish is known from the engine.
    const int local = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(31999);
    ASSERT_EQ(::bind(local, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0) << "port 31999 is busy on this machine";
    ASSERT_EQ(::listen(local, 1), 0);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{local};
    auto ws = copyWorkspace(testsWorkspace());
    ASSERT_TRUE(ws);
    QProcessEnvironment env = tlsEnv();
    const QStringList w{QStringLiteral("-w"), ws->path()};
    const ProcResult up = runCli(w + QStringList{QStringLiteral("up"), QStringLiteral("fixed_port"), QStringLiteral("--keep")}, env);
    ASSERT_EQ(up.exitCode, 0) << qPrintable(describe(up));
    const ProcResult second = runCli(w + QStringList{QStringLiteral("up"), QStringLiteral("fixed_port"), QStringLiteral("--instance"),
                                                     QStringLiteral("other"), QStringLiteral("--keep")},
                                     env);
    EXPECT_EQ(second.exitCode, 6) << qPrintable(describe(second));
    EXPECT_TRUE(second.err.contains(QStringLiteral("31999"))) << qPrintable(describe(second));
    const ProcResult down = runCli(w + QStringList{QStringLiteral("down"), QStringLiteral("--all")}, env);
    EXPECT_EQ(down.exitCode, 0) << qPrintable(describe(down));
}

TEST_F(Remote, APortTakenOverThereIsRetriedOnAnother)
{
    // Something that is no container holds the first port of the range on the remote
    // host: fixbench cannot see it, compose's up fails on it; the stack comes up on the
    // next port. FIXBENCH_PORT_RANGE takes ports in order, so the first try hits it.
    QProcess holder;
    holder.start(QStringLiteral("nsenter"), {QStringLiteral("--net=/run/netns/") + remote().netns, QStringLiteral("python3"), QStringLiteral("-c"),
                                             QStringLiteral("import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                                                            "s.bind(('0.0.0.0',30100))\ns.listen()\nprint('listening',flush=True)\ntime.sleep(600)")});
    ASSERT_TRUE(holder.waitForReadyRead(10000)) << qPrintable(QString::fromUtf8(holder.readAllStandardError()));
    struct Stop {
        QProcess &p;
        ~Stop() { p.kill(); p.waitForFinished(5000); }
    } stop{holder};

    auto ws = copyWorkspace(testsWorkspace());
    ASSERT_TRUE(ws);
    QProcessEnvironment env = tlsEnv();
    env.insert(QStringLiteral("FIXBENCH_PORT_RANGE"), QStringLiteral("30100-30101"));
    const QStringList w{QStringLiteral("-w"), ws->path()};
    const ProcResult up = runCli(w + QStringList{QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--keep")}, env);
    EXPECT_EQ(up.exitCode, 0) << qPrintable(describe(up));
    EXPECT_TRUE(QString(up.out + up.err).contains(QStringLiteral("port 30100 was taken when compose published it"))) << qPrintable(describe(up));
    const ProcResult e = runCli(w + QStringList{QStringLiteral("env"), QStringLiteral("echo_server")}, env);
    EXPECT_TRUE(e.out.contains(QStringLiteral("ECHO_PORT='30101'"))) << qPrintable(describe(e));

    // Both taken (the second by the stack above): exit 6 naming the port, nothing left.
    const ProcResult second = runCli(w + QStringList{QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--instance"), QStringLiteral("b")}, env);
    EXPECT_EQ(second.exitCode, 6) << qPrintable(describe(second));
    const ProcResult down = runCli(w + QStringList{QStringLiteral("down"), QStringLiteral("--all")}, env);
    EXPECT_EQ(down.exitCode, 0) << qPrintable(describe(down));
    env.insert(QStringLiteral("FIXBENCH_PORT_RANGE"), QStringLiteral("30101-30100"));
    const ProcResult bad = runCli(w + QStringList{QStringLiteral("up"), QStringLiteral("echo_server")}, env);
    EXPECT_EQ(bad.exitCode, 6) << qPrintable(describe(bad));
    EXPECT_TRUE(bad.err.contains(QStringLiteral("FIXBENCH_PORT_RANGE=30101-30100 is not a port range"))) << qPrintable(describe(bad));
}
