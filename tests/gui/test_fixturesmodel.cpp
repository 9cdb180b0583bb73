#include "fixture/fixturecontroller.h"
#include "fixturesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace fixbench;

namespace {

ContainerInfo container(const QString &service, const QString &state = QStringLiteral("running"),
                        const QString &health = {}, int hostPort = 0)
{
    ContainerInfo c;
    c.id = QStringLiteral("%1000000000000000").arg(service);
    c.name = QStringLiteral("proj_%1_1").arg(service);
    c.service = service;
    c.state = state;
    c.health = containerstate::healthFromInspect(health);
    c.status = QStringLiteral("Up 2 seconds");
    if (hostPort) {
        PublishedPort p;
        p.containerPort = 21;
        p.hostPort = hostPort;
        p.protocol = QStringLiteral("tcp");
        c.ports << p;
    }
    return c;
}

FixtureStatus down(const QString &name)
{
    FixtureStatus s;
    s.fixture = name;
    s.project = QStringLiteral("fb_ws_") + name;
    s.description = name + QStringLiteral(" fixture");
    return s;
}

FixtureStatus up(const QString &name, QList<ContainerInfo> containers, FixtureState state = FixtureState::Ready,
                 const QString &instance = {}, qint64 ownerPid = 1)
{
    FixtureStatus s = down(name);
    s.instance = instance;
    s.state = state;
    RunningFixture r;
    r.fixture = name;
    r.instance = instance;
    r.project = s.project;
    r.owner.pid = ownerPid;
    r.containers = containers;
    AllocatedPort p;
    p.name = QStringLiteral("PORT");
    p.first = 23001;
    r.ports << p;
    s.running = r;
    return s;
}

} // namespace

class TestFixturesModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAndColumns()
    {
        FixturesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setStatuses({down(QStringLiteral("echo_server")),
                       up(QStringLiteral("ftp_server"), {container(QStringLiteral("ftp"), QStringLiteral("running"), QStringLiteral("healthy"), 26778)}),
                       down(QStringLiteral("weather_api"))});
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.columnCount(), int(FixturesModel::ColumnCount));
        const QModelIndex ftp = m.indexOf(QStringLiteral("ftp_server"));
        QCOMPARE(ftp.row(), 1);
        QCOMPARE(m.rowCount(ftp), 1);
        QCOMPARE(m.rowCount(m.indexOf(QStringLiteral("echo_server"))), 0);
        QCOMPARE(ftp.data().toString(), QStringLiteral("ftp_server"));
        QCOMPARE(m.index(1, FixturesModel::StateColumn).data().toString(), QStringLiteral("ready"));
        QCOMPARE(m.index(0, FixturesModel::StateColumn).data().toString(), QStringLiteral("down"));
        QCOMPARE(m.index(1, FixturesModel::HealthColumn).data().toString(), QStringLiteral("1/1 running"));
        QCOMPARE(m.index(1, FixturesModel::PortsColumn).data().toString(), QStringLiteral("PORT=23001"));
        QVERIFY(!ftp.data(Qt::DecorationRole).isNull());
        const QModelIndex svc = m.index(0, FixturesModel::NameColumn, ftp);
        QCOMPARE(svc.data().toString(), QStringLiteral("ftp"));
        QCOMPARE(svc.parent(), ftp);
        QCOMPARE(svc.data(FixturesModel::IsServiceRole).toBool(), true);
        QCOMPARE(svc.data(FixturesModel::FixtureRole).toString(), QStringLiteral("ftp_server"));
        QCOMPARE(m.index(0, FixturesModel::HealthColumn, ftp).data().toString(), QStringLiteral("healthy"));
        QCOMPARE(m.index(0, FixturesModel::PortsColumn, ftp).data().toString(), QStringLiteral("26778→21/tcp"));
        QCOMPARE(ftp.data(FixturesModel::StateRole).toInt(), int(FixtureState::Ready));
        QCOMPARE(ftp.data(FixturesModel::RunningRole).toBool(), true);
        QCOMPARE(ftp.data(FixturesModel::OwnedRole).toBool(), false); // pid 1
        QCOMPARE(m.index(1, FixturesModel::InfoColumn).data().toString(), QStringLiteral("pid 1"));
    }

    void stateChangesEmitDataChangedNotResets()
    {
        FixturesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<FixtureStatus> first{down(QStringLiteral("a")), down(QStringLiteral("b"))};
        m.setStatuses(first);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);

        // Same list again: nothing at all.
        m.setStatuses(first);
        QCOMPARE(changed.count() + inserted.count() + removed.count() + reset.count(), 0);

        // b starts: its row changes, its container row appears.
        m.setStatuses({down(QStringLiteral("a")), up(QStringLiteral("b"), {container(QStringLiteral("app"), QStringLiteral("created"))}, FixtureState::Starting)});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(0).value<QModelIndex>(), m.indexOf(QStringLiteral("b")));
        changed.clear();
        inserted.clear();

        // b ready, its container running: two dataChanged (fixture row, container row).
        m.setStatuses({down(QStringLiteral("a")), up(QStringLiteral("b"), {container(QStringLiteral("app"))})});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(m.index(1, FixturesModel::StateColumn).data().toString(), QStringLiteral("ready"));
        QCOMPARE(m.index(0, FixturesModel::StateColumn, m.indexOf(QStringLiteral("b"))).data().toString(), QStringLiteral("running"));
        changed.clear();

        // Stale.
        FixtureStatus stale = up(QStringLiteral("b"), {container(QStringLiteral("app"))});
        stale.stale = true;
        m.setStatuses({down(QStringLiteral("a")), stale});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.index(1, FixturesModel::StateColumn).data().toString(), QStringLiteral("ready, stale"));
        QCOMPARE(m.index(1, 0).data(FixturesModel::StaleRole).toBool(), true);
        changed.clear();

        // b down again: container row removed, row changed.
        m.setStatuses(first);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.rowCount(m.indexOf(QStringLiteral("b"))), 0);
        QCOMPARE(reset.count(), 0);
    }

    void instancesAppearAndVanish()
    {
        FixturesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setStatuses({down(QStringLiteral("a")), down(QStringLiteral("b"))});
        QPersistentModelIndex b = m.indexOf(QStringLiteral("b"));
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        // Instance "x" of a (status() lists running instances in place of the default row).
        m.setStatuses({up(QStringLiteral("a"), {container(QStringLiteral("app"))}, FixtureState::Ready, QStringLiteral("x")),
                       down(QStringLiteral("b"))});
        QCOMPARE(m.rowCount(), 2);
        QVERIFY(m.indexOf(QStringLiteral("a"), QStringLiteral("x")).isValid());
        QVERIFY(!m.indexOf(QStringLiteral("a")).isValid());
        QCOMPARE(m.indexOf(QStringLiteral("a"), QStringLiteral("x")).data().toString(), QStringLiteral("a @ x"));
        QCOMPARE(b.row(), 1); // persistent indexes follow
        // A fixture running that the workspace does not know any more, at the end.
        FixtureStatus gone = up(QStringLiteral("old"), {container(QStringLiteral("svc"))});
        gone.known = false;
        m.setStatuses({down(QStringLiteral("a")), down(QStringLiteral("b")), gone});
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.index(2, FixturesModel::InfoColumn).data().toString(), QStringLiteral("not in this workspace, pid 1"));
        QVERIFY(inserted.count() >= 2);
        QVERIFY(removed.count() >= 1);
        QCOMPARE(b.row(), 1);
    }

    void reorderMovesRows()
    {
        FixturesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setStatuses({down(QStringLiteral("a")), down(QStringLiteral("b")), down(QStringLiteral("c"))});
        QPersistentModelIndex c = m.indexOf(QStringLiteral("c"));
        QSignalSpy moved(&m, &QAbstractItemModel::rowsMoved);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.setStatuses({down(QStringLiteral("c")), down(QStringLiteral("a")), down(QStringLiteral("b"))});
        QCOMPARE(reset.count(), 0);
        QVERIFY(moved.count() >= 1);
        QCOMPARE(c.row(), 0);
        QCOMPARE(m.index(0, 0).data().toString(), QStringLiteral("c"));
        QCOMPARE(m.index(2, 0).data().toString(), QStringLiteral("b"));
    }

    void containersInsertedRemovedInPlace()
    {
        FixturesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setStatuses({up(QStringLiteral("s"), {container(QStringLiteral("api")), container(QStringLiteral("db"))})});
        const QModelIndex s = m.indexOf(QStringLiteral("s"));
        QCOMPARE(m.rowCount(s), 2);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        m.setStatuses({up(QStringLiteral("s"), {container(QStringLiteral("api")), container(QStringLiteral("cache")), container(QStringLiteral("db"))})});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(m.index(1, 0, s).data().toString(), QStringLiteral("cache"));
        m.setStatuses({up(QStringLiteral("s"), {container(QStringLiteral("cache"))})});
        QCOMPARE(removed.count(), 2);
        QCOMPARE(m.rowCount(s), 1);
    }

    void ownedAndKept()
    {
        FixturesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FixtureStatus mine = up(QStringLiteral("mine"), {container(QStringLiteral("app"))}, FixtureState::Ready, {},
                                ProcessInfo::current().pid);
        mine.running->owner.startTime = ProcessInfo::current().startTime;
        FixtureStatus kept = up(QStringLiteral("kept"), {container(QStringLiteral("app"))});
        kept.running->keep = true;
        m.setStatuses({mine, kept});
        const QModelIndex i = m.indexOf(QStringLiteral("mine"));
        QCOMPARE(i.data(FixturesModel::OwnedRole).toBool(), true);
        QCOMPARE(m.index(0, FixturesModel::InfoColumn).data().toString(), QStringLiteral("this window"));
        QCOMPARE(m.index(1, FixturesModel::InfoColumn).data().toString(), QStringLiteral("pid 1, kept"));
        // Kept is the engine's marker, nothing else: no promise of this window's shows.
        QCOMPARE(m.index(1, 0).data(FixturesModel::KeptRole).toBool(), true);
        QCOMPARE(i.data(FixturesModel::KeptRole).toBool(), false);
    }

    // A fixture whose fixture.yml cannot be used is "invalid", with where and why.
    void invalidFixtureSaysWhereAndWhy()
    {
        FixturesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FixtureStatus broken = down(QStringLiteral("broken"));
        broken.invalid = Error::spec({QStringLiteral("/ws/fixtures/broken/fixture.yml"), 3, 7}, QStringLiteral("unknown key `portz`"));
        m.setStatuses({broken, down(QStringLiteral("fine"))});
        const QModelIndex b = m.indexOf(QStringLiteral("broken"));
        QCOMPARE(m.index(0, FixturesModel::StateColumn).data().toString(), QStringLiteral("invalid"));
        QCOMPARE(m.index(0, FixturesModel::InfoColumn).data().toString(),
                 QStringLiteral("/ws/fixtures/broken/fixture.yml:3:7: unknown key `portz`"));
        QCOMPARE(b.data(FixturesModel::SpecFileRole).toString(), QStringLiteral("/ws/fixtures/broken/fixture.yml"));
        QCOMPARE(b.data(FixturesModel::SpecLineRole).toInt(), 3);
        QVERIFY(b.data(Qt::ToolTipRole).toString().contains(QStringLiteral("unknown key `portz`")));
        QCOMPARE(m.index(1, FixturesModel::StateColumn).data().toString(), QStringLiteral("down"));
        QVERIFY(m.indexOf(QStringLiteral("fine")).data(FixturesModel::InvalidRole).toString().isEmpty());
        // Fixed: down again.
        m.setStatuses({down(QStringLiteral("broken")), down(QStringLiteral("fine"))});
        QCOMPARE(m.index(0, FixturesModel::StateColumn).data().toString(), QStringLiteral("down"));
    }

    void stateTexts()
    {
        QCOMPARE(FixturesModel::stateText(FixtureState::Starting, false), QStringLiteral("starting"));
        QCOMPARE(FixturesModel::stateText(FixtureState::Unhealthy, false), QStringLiteral("unhealthy"));
        QCOMPARE(FixturesModel::stateText(FixtureState::Stopping, false), QStringLiteral("stopping"));
        QCOMPARE(FixturesModel::stateText(FixtureState::Down, true), QStringLiteral("down"));
    }
};

QTEST_MAIN(TestFixturesModel)
#include "test_fixturesmodel.moc"
