// The workbench against a Docker engine that is not the local socket (the second
// dockerd of tests/remote/remote-engine.sh): the status bar names the endpoint in use
// for tcp with TLS, ssh and a docker context, and the Fixtures panel shows what runs
// there (a fixture brought up on that engine by the CLI).
#include "fixturesmodel.h"
#include "fixturespanel.h"
#include "mainwindow.h"
#include "testsupport.h"

#include <QFile>
#include <QLabel>
#include <QTest>

using namespace fixbench;
using namespace fixbench::testsupport;

class TestRemoteStatus : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_config;
    QString m_ip, m_tcp, m_ssh, m_certs, m_sshCommand;
    std::unique_ptr<QTemporaryDir> m_ws;

    static void clearEngineVars()
    {
        for (const char *k : {"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH", "DOCKER_CONFIG",
                              "FIXBENCH_HOST", "FIXBENCH_SSH_COMMAND"})
            qunsetenv(k);
    }

    // A window on the copied test workspace, shown; its engine label names `text` (and
    // its tooltip `why`) once it has asked the engine.
    void openAndExpectStatus(MainWindow &w, const QString &text, const QString &why)
    {
        QString error;
        QVERIFY2(w.openWorkspace(m_ws->path(), &error), qPrintable(error));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY_WITH_TIMEOUT(w.engineLabel()->text().contains(QStringLiteral("state-ready")), 20000);
        QVERIFY2(w.engineLabel()->text().contains(text), qPrintable(w.engineLabel()->text()));
        QVERIFY2(w.engineLabel()->toolTip().contains(why), qPrintable(w.engineLabel()->toolTip()));
    }
    void expectStatus(const QString &text, const QString &why)
    {
        MainWindow w;
        openAndExpectStatus(w, text, why);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        clearEngineVars();
        const ProcResult start = run(QStringLiteral("bash"),
                                     {QStringLiteral(FIXBENCH_SOURCE_DIR "/tests/remote/remote-engine.sh"), QStringLiteral("start"),
                                      QStringLiteral(FIXBENCH_BINARY_DIR "/remote-engine")},
                                     180000);
        QVERIFY2(start.exitCode == 0, qPrintable(start.err));
        for (const QString &line : start.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QString key = line.section(QLatin1Char('='), 0, 0);
            QString value = line.section(QLatin1Char('='), 1);
            if (value.startsWith(QLatin1Char('"')))
                value = value.mid(1, value.size() - 2);
            if (key == QLatin1String("REMOTE_IP"))
                m_ip = value;
            else if (key == QLatin1String("REMOTE_TCP"))
                m_tcp = value;
            else if (key == QLatin1String("REMOTE_SSH"))
                m_ssh = value;
            else if (key == QLatin1String("REMOTE_CERTS"))
                m_certs = value;
            else if (key == QLatin1String("REMOTE_SSH_COMMAND"))
                m_sshCommand = value;
        }
        QVERIFY2(!m_ip.isEmpty(), qPrintable(start.out));
        m_ws = copyWorkspace(testsWorkspace());
        QVERIFY(m_ws);
    }

    void tcpWithTlsShowsTheEndpointAndWhatRunsThere()
    {
        clearEngineVars();
        qputenv("DOCKER_HOST", m_tcp.toUtf8());
        qputenv("DOCKER_TLS_VERIFY", "1");
        qputenv("DOCKER_CERT_PATH", QFile::encodeName(m_certs));
        // No registry: the second engine gets the base image from this machine's.
        const ProcResult load = run(QStringLiteral("bash"),
                                    {QStringLiteral(FIXBENCH_SOURCE_DIR "/tests/remote/remote-engine.sh"), QStringLiteral("load"),
                                     QStringLiteral(FIXBENCH_BINARY_DIR "/remote-engine"), QStringLiteral("debian:bookworm-slim")});
        QVERIFY2(load.exitCode == 0, qPrintable(load.err));
        const ProcResult up = runCli({QStringLiteral("-w"), m_ws->path(), QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--keep")});
        QVERIFY2(up.exitCode == 0, qPrintable(up.out + up.err));

        MainWindow w;
        openAndExpectStatus(w, m_tcp, QStringLiteral("(TLS, verified) from DOCKER_HOST"));
        if (QTest::currentTestFailed())
            return;
        // The fixture that runs on that engine is shown running.
        const auto state = [&w] {
            const QModelIndex i = w.fixturesPanel()->model()->indexOf(QStringLiteral("echo_server"));
            return i.isValid() ? FixtureState(i.data(FixturesModel::StateRole).toInt()) : FixtureState::Down;
        };
        QTRY_COMPARE_WITH_TIMEOUT(state(), FixtureState::Ready, 20000);
        w.close();

        const ProcResult down = runCli({QStringLiteral("-w"), m_ws->path(), QStringLiteral("down"), QStringLiteral("echo_server")});
        QVERIFY2(down.exitCode == 0, qPrintable(down.out + down.err));
    }

    void sshShowsTheEndpoint()
    {
        clearEngineVars();
        qputenv("DOCKER_HOST", m_ssh.toUtf8());
        qputenv("FIXBENCH_SSH_COMMAND", m_sshCommand.toUtf8());
        expectStatus(m_ssh, QStringLiteral("(through OpenSSH) from DOCKER_HOST"));
    }

    void dockerContextShowsTheEndpointAndTheContext()
    {
        clearEngineVars();
        QTemporaryDir config;
        qputenv("DOCKER_CONFIG", QFile::encodeName(config.path()));
        const ProcResult create = run(QStringLiteral("docker"),
                                      {QStringLiteral("context"), QStringLiteral("create"), QStringLiteral("fbremote"), QStringLiteral("--docker"),
                                       QStringLiteral("host=%1,ca=%2/ca.pem,cert=%2/cert.pem,key=%2/key.pem").arg(m_tcp, m_certs)});
        QVERIFY2(create.exitCode == 0, qPrintable(create.err));
        QVERIFY(run(QStringLiteral("docker"), {QStringLiteral("context"), QStringLiteral("use"), QStringLiteral("fbremote")}).exitCode == 0);
        expectStatus(m_tcp, QStringLiteral("from the docker context \"fbremote\""));
    }

    void cleanupTestCase() { clearEngineVars(); }
};

QTEST_MAIN(TestRemoteStatus)
#include "test_remote_status.moc"
