// LogStreamer against the real engine: follows a fixture's containers, waits for a
// fixture that is not up yet, re-attaches after a container restart without repeating
// lines, and follows a recreated stack (new container ids).
#include "fixture/fixturemanager.h"
#include "engine/logstreamer.h"
#include "testsupport.h"

#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace fixbench;

class TestLogStreamer : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_ws;
    QList<LogEntry> m_lines;

    int count(const QByteArray &text) const
    {
        int n = 0;
        for (const LogEntry &e : m_lines)
            n += e.text == text ? 1 : 0;
        return n;
    }
    bool contains(const QByteArray &prefix) const
    {
        for (const LogEntry &e : m_lines)
            if (e.text.startsWith(prefix))
                return true;
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        EngineClient engine;
        Status ping = engine.ping();
        QVERIFY2(ping.ok(), qPrintable(ping ? QString() : ping.error().toString()));
        m_dir = testsupport::copyWorkspace(testsupport::testsWorkspace());
        QVERIFY(m_dir && m_dir->isValid());
        auto ws = Workspace::load(m_dir->path());
        QVERIFY2(ws.ok(), qPrintable(ws ? QString() : ws.error().toString()));
        m_ws = *ws;
    }

    void cleanupTestCase()
    {
        if (m_ws)
            (void)FixtureManager(*m_ws).down(QStringLiteral("echo_server"));
    }

    void followRestartRecreate()
    {
        FixtureManager mgr(*m_ws);
        const QString project = mgr.projectName(QStringLiteral("echo_server"));
        LogStreamer streamer;
        QSignalSpy attached(&streamer, &LogStreamer::attached);
        QSignalSpy batches(&streamer, &LogStreamer::linesArrived);
        connect(&streamer, &LogStreamer::linesArrived, this, [this](const QList<LogEntry> &l) { m_lines += l; });

        // Following a fixture that is down: nothing yet, no error.
        LogStreamer::Options o;
        o.pollIntervalMs = 200;
        streamer.start(project, o);
        QTest::qWait(500);
        QCOMPARE(m_lines.size(), 0);
        QVERIFY(streamer.isActive());

        auto up = mgr.up(QStringLiteral("echo_server"));
        QVERIFY2(up.ok(), qPrintable(up ? QString() : up.error().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(contains("tick 2"), 20000);
        QCOMPARE(count("booting"), 1);
        QCOMPARE(count("ready"), 1);
        QCOMPARE(m_lines.first().service, QStringLiteral("app"));
        QVERIFY(m_lines.first().timestamp.isValid());
        QCOMPARE(attached.count(), 1);
        QCOMPARE(attached.first().at(2).toBool(), false);
        const QString firstId = attached.first().at(1).toString();

        // Restart the container: same id, the stream ends and is re-attached.
        EngineClient engine;
        const QString id = up->fixture.containers.first().id;
        auto restarted = engine.requestJson("POST", QStringLiteral("/containers/%1/restart?t=1").arg(id));
        QVERIFY2(restarted.ok(), qPrintable(restarted ? QString() : restarted.error().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(count("booting") == 2 && count("tick 1") == 2, 30000);
        bool reattached = false;
        for (const auto &a : attached)
            reattached = reattached || (a.at(2).toBool() && a.at(1).toString() == firstId);
        QVERIFY(reattached);
        // No line twice (same timestamp and text), across the re-attach.
        QSet<QString> seen;
        for (const LogEntry &e : std::as_const(m_lines)) {
            const QString key = e.timestamp.toString(Qt::ISODateWithMs) + QLatin1Char(' ') + QString::fromUtf8(e.text);
            QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("repeated: ") + key));
            seen.insert(key);
        }

        // Down and up again: new containers, followed from their first line.
        QVERIFY(mgr.down(QStringLiteral("echo_server")).ok());
        const int before = count("booting");
        auto again = mgr.up(QStringLiteral("echo_server"));
        QVERIFY2(again.ok(), qPrintable(again ? QString() : again.error().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(count("booting") == before + 1, 20000);
        QVERIFY(again->fixture.containers.first().id.left(12) != firstId);

        // Batches, not a signal per line.
        QVERIFY(batches.count() <= m_lines.size());
        streamer.stop();
        QVERIFY(!streamer.isActive());
        const int n = m_lines.size();
        QTest::qWait(1500);
        QCOMPARE(m_lines.size(), n); // nothing after stop
        QVERIFY(mgr.down(QStringLiteral("echo_server")).ok());
    }

    void burstIsBatched()
    {
        // A container that prints 20,000 lines at once: they arrive in a few big batches.
        FixtureManager mgr(*m_ws);
        auto up = mgr.up(QStringLiteral("echo_server"));
        QVERIFY2(up.ok(), qPrintable(up ? QString() : up.error().toString()));
        EngineClient engine;
        const QString id = up->fixture.containers.first().id;
        // docker exec: create + start, writing to PID 1's stdout (the container's log).
        const QByteArray body = R"({"AttachStdout":false,"AttachStderr":false,"Cmd":["bash","-c","for i in $(seq 1 20000); do echo burst $i; done > /proc/1/fd/1"]})";
        auto exec = engine.requestJson("POST", QStringLiteral("/containers/%1/exec").arg(id), body);
        QVERIFY2(exec.ok(), qPrintable(exec ? QString() : exec.error().toString()));
        const QString execId = exec->object().value(QStringLiteral("Id")).toString();

        LogStreamer streamer;
        QList<int> sizes;
        int total = 0;
        connect(&streamer, &LogStreamer::linesArrived, this, [&](const QList<LogEntry> &l) {
            sizes << int(l.size());
            for (const LogEntry &e : l)
                total += e.text.startsWith("burst ") ? 1 : 0;
        });
        streamer.start(up->fixture.project);
        QTRY_VERIFY_WITH_TIMEOUT(!sizes.isEmpty(), 20000);
        auto started = engine.requestJson("POST", QStringLiteral("/exec/%1/start").arg(execId), R"({"Detach":true})");
        QVERIFY2(started.ok(), qPrintable(started ? QString() : started.error().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(total, 20000, 30000);
        qInfo("20,000 lines arrived in %lld batches", qint64(sizes.size()));
        QVERIFY(sizes.size() < 400);
        streamer.stop();
        QVERIFY(mgr.down(QStringLiteral("echo_server")).ok());
    }
};

QTEST_GUILESS_MAIN(TestLogStreamer)
#include "test_logstreamer.moc"
