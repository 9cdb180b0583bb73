// The workbench's watcher (FixtureController) against the real engine: what another
// process does — `fixbench up`, `keep --off`, `down`, an edit of a fixture's files —
// reaches it through the engine's event stream and inotify, with polling out of the
// picture (an interval of 10 minutes); with FIXBENCH_ENGINE_EVENTS=0 it polls instead.
#include "fixture/fixturecontroller.h"
#include "testsupport.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace fixbench;

namespace {

const QString kFixture = QStringLiteral("echo_server");

struct Shown {
    bool up = false;
    FixtureState state = FixtureState::Down;
    bool keep = false;
    bool stale = false;
};

Shown shown(const FixtureController &c)
{
    Shown s;
    if (const FixtureStatus *st = c.statusOf(kFixture)) {
        s.up = st->running.has_value();
        s.state = st->state;
        s.keep = st->running && st->running->keep;
        s.stale = st->stale;
    }
    return s;
}

} // namespace

class TestFixtureWatch : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_ws;
    QProcessEnvironment m_env;

    testsupport::ProcResult cli(const QStringList &args)
    {
        return testsupport::runCli(QStringList{QStringLiteral("-w"), m_ws->path()} + args, m_env);
    }

private Q_SLOTS:
    void initTestCase()
    {
        EngineClient engine;
        Status ping = engine.ping();
        QVERIFY2(ping.ok(), qPrintable(ping ? QString() : ping.error().toString()));
        m_ws = testsupport::copyWorkspace(testsupport::testsWorkspace());
        QVERIFY(m_ws);
        // A name of its own: no other test's stacks in the way.
        QFile yml(m_ws->filePath(QStringLiteral("fixbench.yml")));
        QVERIFY(yml.open(QIODevice::WriteOnly | QIODevice::Truncate));
        yml.write("name: fixture-watch-test\n");
        yml.close();
        m_env = QProcessEnvironment::systemEnvironment();
    }

    void cleanup() { (void)cli({QStringLiteral("down"), kFixture}); }

    void changesComeWithTheEventStream()
    {
        auto ws = Workspace::load(m_ws->path());
        QVERIFY(ws.ok());
        FixtureController c(*ws);
        QSignalSpy live(&c, &FixtureController::liveChanged);
        c.startWatching(600000);
        QTRY_VERIFY_WITH_TIMEOUT(c.hasPolled(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(c.isLive(), 10000);
        QCOMPARE(live.count(), 1);
        QVERIFY(!shown(c).up);

        auto up = cli({QStringLiteral("up"), kFixture, QStringLiteral("--keep")});
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QTRY_VERIFY_WITH_TIMEOUT(shown(c).state == FixtureState::Ready && shown(c).keep, 10000);

        // No engine event: inotify on the fixture's files (an append changes no folder).
        QVERIFY(!shown(c).stale);
        {
            QFile f(m_ws->filePath(QStringLiteral("fixtures/echo_server/compose.yaml")));
            QVERIFY(f.open(QIODevice::Append));
            f.write("# edited\n");
        }
        QTRY_VERIFY_WITH_TIMEOUT(shown(c).stale, 10000);

        // The keep marker is a volume: its events too. (Not kept, nobody using it, the
        // reaper may take it down after its linger: down then waits for it.)
        auto off = cli({QStringLiteral("keep"), kFixture, QStringLiteral("--off")});
        QVERIFY2(off.exitCode == 0, qPrintable(off.err));
        QTRY_VERIFY_WITH_TIMEOUT(!shown(c).keep, 10000);

        auto down = cli({QStringLiteral("down"), kFixture});
        QVERIFY2(down.exitCode == 0, qPrintable(down.err));
        QTRY_VERIFY_WITH_TIMEOUT(!shown(c).up && shown(c).state == FixtureState::Down, 10000);
        QVERIFY(c.isLive());
    }

    void withoutTheStreamItPolls()
    {
        qputenv("FIXBENCH_ENGINE_EVENTS", "0");
        auto ws = Workspace::load(m_ws->path());
        QVERIFY(ws.ok());
        FixtureController c(*ws);
        c.startWatching(300);
        QTRY_VERIFY_WITH_TIMEOUT(c.hasPolled(), 10000);
        auto up = cli({QStringLiteral("up"), kFixture, QStringLiteral("--keep")});
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QTRY_VERIFY_WITH_TIMEOUT(shown(c).state == FixtureState::Ready, 10000);
        QVERIFY(!c.isLive());
        auto down = cli({QStringLiteral("down"), kFixture});
        QVERIFY2(down.exitCode == 0, qPrintable(down.err));
        QTRY_VERIFY_WITH_TIMEOUT(!shown(c).up, 10000);
        qunsetenv("FIXBENCH_ENGINE_EVENTS");
    }
};

QTEST_MAIN(TestFixtureWatch)
#include "test_fixturewatch.moc"
