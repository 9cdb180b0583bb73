// The pure derivation of a fixture's state from its containers (fixture/fixturestate.h):
// no engine, the containers are made up as the engine client reports them.

#include "fixture/fixturemanager.h"
#include "fixture/fixturestate.h"
#include "fixture/fixturewatch.h"
#include "fixture/readinessprobe.h"
#include "fixture/stackinventory.h"

#include "unitsupport.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <ostream>

namespace fixbench {
inline void PrintTo(FixtureState s, std::ostream *os) { *os << fixtureStateName(s).toStdString(); }
} // namespace fixbench

using namespace fixbench;

namespace {

ContainerInfo container(const QString &service, const QString &state, ContainerHealth health = ContainerHealth::None,
                        int exitCode = 0)
{
    ContainerInfo c;
    c.id = service + QStringLiteral("0123456789");
    c.service = service;
    c.state = state;
    c.health = health;
    c.exitCode = exitCode;
    return c;
}

const QString kRunning = QStringLiteral("running");
const QString kExited = QStringLiteral("exited");

// derive() must not depend on the order the engine lists containers in.
FixtureState deriveBothOrders(QList<ContainerInfo> containers, bool ownerAlive = true)
{
    const FixtureState forward = fixturestate::derive(containers, ownerAlive);
    std::reverse(containers.begin(), containers.end());
    const FixtureState backward = fixturestate::derive(containers, ownerAlive);
    EXPECT_EQ(forward, backward) << "the order of the containers changed the state";
    return forward;
}

} // namespace

TEST(FixtureState, EveryServiceRunningIsReady)
{
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), kRunning), container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Ready);
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), kRunning, ContainerHealth::Healthy),
                                container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Ready);
}

TEST(FixtureState, OwnerDoesNotMatterOnceContainersRun)
{
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("ftp"), kRunning)}, false), FixtureState::Ready);
}

TEST(FixtureState, HealthStartingIsStartingAndUnhealthyIsUnhealthy)
{
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), kRunning, ContainerHealth::Starting),
                                container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Starting);
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), kRunning, ContainerHealth::Unhealthy),
                                container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Unhealthy);
    // One still starting, another failing its healthcheck: unhealthy wins.
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), kRunning, ContainerHealth::Starting),
                                container(QStringLiteral("web"), kRunning, ContainerHealth::Unhealthy)}),
              FixtureState::Unhealthy);
}

TEST(FixtureState, CreatedButNotStartedIsStarting)
{
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), QStringLiteral("created")),
                                container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Starting);
}

TEST(FixtureState, DegradedOneOfTwoServicesExitedIsUnhealthy)
{
    // One service died, the other still runs: fixbench shows the stack unhealthy.
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), kExited, ContainerHealth::None, 1),
                                container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Unhealthy);
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), kExited, ContainerHealth::None, 137),
                                container(QStringLiteral("ftp"), kRunning, ContainerHealth::Healthy)}),
              FixtureState::Unhealthy);
}

TEST(FixtureState, OneShotThatExitedZeroIsReady)
{
    const QList<ContainerInfo> cs{container(QStringLiteral("init"), kExited, ContainerHealth::None, 0),
                                  container(QStringLiteral("ftp"), kRunning)};
    EXPECT_EQ(deriveBothOrders(cs), FixtureState::Ready);
    EXPECT_TRUE(fixturestate::allUp(cs));
}

TEST(FixtureState, DeadOrRestartingIsUnhealthy)
{
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), QStringLiteral("dead")), container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Unhealthy);
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), QStringLiteral("restarting"), ContainerHealth::None, 1),
                                container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Unhealthy);
}

TEST(FixtureState, RemovingIsStoppingWhateverElse)
{
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), QStringLiteral("removing")), container(QStringLiteral("ftp"), kRunning)}),
              FixtureState::Stopping);
    // While a stack goes down, another container may have exited non-zero already.
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), QStringLiteral("removing")),
                                container(QStringLiteral("ftp"), kExited, ContainerHealth::None, 143)}),
              FixtureState::Stopping);
}

TEST(FixtureState, PausedCountsAsUp)
{
    EXPECT_EQ(deriveBothOrders({container(QStringLiteral("db"), QStringLiteral("paused"))}), FixtureState::Ready);
}

TEST(FixtureState, NoContainersIsStartingWhileTheOwnerLivesElseUnhealthy)
{
    EXPECT_EQ(fixturestate::derive({}, true), FixtureState::Starting);
    EXPECT_EQ(fixturestate::derive({}, false), FixtureState::Unhealthy);
    EXPECT_FALSE(fixturestate::allUp({}));
}

TEST(FixtureState, AllUpNeedsEveryContainerRunningOrCleanlyExited)
{
    EXPECT_TRUE(fixturestate::allUp({container(QStringLiteral("a"), kRunning), container(QStringLiteral("b"), kRunning)}));
    EXPECT_FALSE(fixturestate::allUp({container(QStringLiteral("a"), kRunning), container(QStringLiteral("b"), kExited, ContainerHealth::None, 2)}));
    EXPECT_FALSE(fixturestate::allUp({container(QStringLiteral("a"), kRunning), container(QStringLiteral("b"), QStringLiteral("created"))}));
    EXPECT_FALSE(fixturestate::allUp({container(QStringLiteral("a"), QStringLiteral("restarting"))}));
    // Health does not matter here: readiness waits for it.
    EXPECT_TRUE(fixturestate::allUp({container(QStringLiteral("a"), kRunning, ContainerHealth::Starting)}));

    RunningFixture r;
    EXPECT_FALSE(r.allRunning());
    r.containers = {container(QStringLiteral("a"), kRunning), container(QStringLiteral("init"), kExited)};
    EXPECT_TRUE(r.allRunning());
}

TEST(FixtureState, StaleWhenTheFilesChangedSinceTheStart)
{
    EXPECT_FALSE(fixturestate::isStale(QStringLiteral("a1b2"), QStringLiteral("a1b2")));
    EXPECT_TRUE(fixturestate::isStale(QStringLiteral("a1b2"), QStringLiteral("c3d4")));
    // Unknown now (fixture gone from the workspace, files unreadable): not stale.
    EXPECT_FALSE(fixturestate::isStale(QStringLiteral("a1b2"), std::nullopt));
    // Started without a hash label (by an older fixbench): stale, restart it.
    EXPECT_TRUE(fixturestate::isStale(QString(), QStringLiteral("a1b2")));
}

TEST(FixtureState, NamesAreTheMachineInterfaceWords)
{
    EXPECT_EQ(fixtureStateName(FixtureState::Down), QStringLiteral("down"));
    EXPECT_EQ(fixtureStateName(FixtureState::Starting), QStringLiteral("starting"));
    EXPECT_EQ(fixtureStateName(FixtureState::Ready), QStringLiteral("ready"));
    EXPECT_EQ(fixtureStateName(FixtureState::Unhealthy), QStringLiteral("unhealthy"));
    EXPECT_EQ(fixtureStateName(FixtureState::Stopping), QStringLiteral("stopping"));
}

// From the engine's list texts to the fixture's state, as status() sees a stack.
TEST(FixtureState, FromTheEnginesListTexts)
{
    auto listed = [](const QString &service, const QString &state, const QString &statusText) {
        ContainerInfo c = container(service, state);
        c.status = statusText;
        c.health = containerstate::healthFromStatusText(statusText);
        c.exitCode = containerstate::exitCodeFromStatusText(statusText);
        return c;
    };
    EXPECT_EQ(deriveBothOrders({listed(QStringLiteral("db"), kRunning, QStringLiteral("Up 2 seconds (health: starting)")),
                                listed(QStringLiteral("ftp"), kRunning, QStringLiteral("Up 3 seconds"))}),
              FixtureState::Starting);
    EXPECT_EQ(deriveBothOrders({listed(QStringLiteral("db"), kRunning, QStringLiteral("Up 2 minutes (healthy)")),
                                listed(QStringLiteral("init"), kExited, QStringLiteral("Exited (0) 2 minutes ago"))}),
              FixtureState::Ready);
    EXPECT_EQ(deriveBothOrders({listed(QStringLiteral("db"), kRunning, QStringLiteral("Up 2 minutes (healthy)")),
                                listed(QStringLiteral("ftp"), kExited, QStringLiteral("Exited (1) 5 seconds ago"))}),
              FixtureState::Unhealthy);
}

// What `env` says of a stack that is not serving: each service that exited non-zero, is
// dead or restarting; when nothing runs any more, every exited one, whatever its code.
TEST(FixtureState, DeadServices)
{
    EXPECT_TRUE(fixturestate::deadServices({container(QStringLiteral("app"), kRunning)}).isEmpty());
    // A one-shot that exited 0 beside a running server: serving.
    EXPECT_TRUE(fixturestate::deadServices({container(QStringLiteral("app"), kRunning),
                                            container(QStringLiteral("init"), kExited)})
                    .isEmpty());
    EXPECT_EQ(fixturestate::deadServices({container(QStringLiteral("app"), kExited, ContainerHealth::None, 137),
                                          container(QStringLiteral("db"), kRunning)}),
              QStringList{QStringLiteral("service app exited (code 137)")});
    // Stopped cleanly (exit 0), nothing left running: down all the same.
    EXPECT_EQ(fixturestate::deadServices({container(QStringLiteral("app"), kExited)}),
              QStringList{QStringLiteral("service app exited (code 0)")});
    EXPECT_EQ(fixturestate::deadServices({container(QStringLiteral("app"), QStringLiteral("restarting"), ContainerHealth::None, 1),
                                          container(QStringLiteral("db"), QStringLiteral("dead"))}),
              QStringList({QStringLiteral("service app is restarting (last exit code 1)"), QStringLiteral("service db is dead")}));
}

// FixtureWatch: what happened between two looks, from made-up containers.
TEST(FixtureWatch, ReportsDeathsRestartsAndReturns)
{
    RunningFixture r;
    r.fixture = QStringLiteral("ftp_server");
    r.project = QStringLiteral("p");
    ContainerInfo ftp = container(QStringLiteral("ftp"), kRunning);
    ftp.name = QStringLiteral("p-ftp-1");
    ContainerInfo web = container(QStringLiteral("web"), kRunning);
    r.containers = {ftp, web};
    FixtureWatch watch(r);
    EXPECT_TRUE(watch.update(r.containers).isEmpty());

    // Killed: one Exited event with its code, once.
    ContainerInfo dead = ftp;
    dead.state = kExited;
    dead.exitCode = 137;
    QList<FixtureEvent> e = watch.update({dead, web});
    ASSERT_EQ(e.size(), 1);
    EXPECT_EQ(e[0].kind, FixtureEvent::Kind::Exited);
    EXPECT_EQ(e[0].line(), QStringLiteral("ftp_server: service ftp exited (code 137)"));
    EXPECT_TRUE(watch.update({dead, web}).isEmpty());

    // Started again: Back.
    ContainerInfo back = ftp;
    back.startedAt = QDateTime::fromSecsSinceEpoch(1000);
    e = watch.update({back, web});
    ASSERT_EQ(e.size(), 1);
    EXPECT_EQ(e[0].kind, FixtureEvent::Kind::Back);
    EXPECT_EQ(e[0].message(), QStringLiteral("service ftp is running again"));

    // Died and restarted between two looks (a restart policy): its start time tells.
    back.startedAt = QDateTime::fromSecsSinceEpoch(1005);
    e = watch.update({back, web});
    ASSERT_EQ(e.size(), 1);
    EXPECT_EQ(e[0].kind, FixtureEvent::Kind::Restarted);
    EXPECT_TRUE(e[0].isDeath());

    // Removed while the stack remains; then recreated under a new id: Back.
    e = watch.update({web});
    ASSERT_EQ(e.size(), 1);
    EXPECT_EQ(e[0].kind, FixtureEvent::Kind::Removed);
    ContainerInfo recreated = container(QStringLiteral("ftp"), kRunning);
    recreated.id = QStringLiteral("other");
    e = watch.update({recreated, web});
    ASSERT_EQ(e.size(), 1);
    EXPECT_EQ(e[0].kind, FixtureEvent::Kind::Back);

    // The whole stack gone: taken down, not a death.
    EXPECT_TRUE(watch.update({}).isEmpty());
}

// The log probe's cursor against a simulated engine (`since` in whole seconds, lines
// with ms timestamps, several per second): read while the log grows, every line is
// scanned exactly once, in order.
TEST(LogCursor, EveryLineOfAGrowingLogIsScannedOnceInOrder)
{
    QList<LogLine> log;
    const qint64 t0 = 1700000000000;
    auto append = [&](int n, qint64 stepMs) {
        for (int i = 0; i < n; ++i) {
            LogLine l;
            const qint64 last = log.isEmpty() ? t0 : log.last().timestamp.toMSecsSinceEpoch();
            l.timestamp = QDateTime::fromMSecsSinceEpoch(last + stepMs, Qt::UTC);
            l.text = QByteArray::number(log.size());
            log << l;
        }
    };
    auto engine = [&](qint64 sinceSec) { // GET logs?since=sinceSec&timestamps=1
        QList<LogLine> out;
        for (const LogLine &l : std::as_const(log))
            if (sinceSec == 0 || l.timestamp.toSecsSinceEpoch() >= sinceSec)
                out << l;
        return out;
    };
    LogCursor cursor;
    QList<QByteArray> scanned;
    auto read = [&]() {
        const QList<LogLine> lines = engine(cursor.sinceSec);
        for (int k = cursor.advance(lines); k < lines.size(); ++k)
            scanned << lines[k].text;
    };
    read(); // nothing yet
    for (int round = 0; round < 40; ++round) {
        append(round % 3 == 0 ? 500 : 7, round % 5 == 0 ? 0 : 37); // bursts in one ms, and a trickle
        read();
        if (round % 4 == 0)
            read(); // a read with nothing new
    }
    ASSERT_EQ(scanned.size(), log.size());
    for (int i = 0; i < scanned.size(); ++i)
        ASSERT_EQ(scanned[i], QByteArray::number(i)) << "line " << i;
    // It asks for little: the last second, not the whole log.
    EXPECT_GT(cursor.sinceSec, t0 / 1000);
    EXPECT_LT(engine(cursor.sinceSec).size(), log.size());
}

// The files' hash behind "stale" is asked for at every look of a watcher; it is kept
// while no file changed, and a change of any file it covers — in a subfolder, with its
// size and modification time put back, or in a build context outside the folder —
// gives a new one at once.
TEST(SpecHash, IsKeptUntilAFileItCoversChanges)
{
    using unitsupport::writeFile;
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QString dir = tmp.filePath(QStringLiteral("fixtures/web"));
    writeFile(dir + QStringLiteral("/fixture.yml"), "description: a web server\n");
    writeFile(dir + QStringLiteral("/compose.yaml"), "services:\n  web:\n    build: ../../context\n");
    writeFile(dir + QStringLiteral("/hooks/seed.sh"), "echo one\n");
    writeFile(tmp.filePath(QStringLiteral("context/Dockerfile")), "FROM debian:bookworm-slim\n");
    auto spec = FixtureSpec::load(dir);
    ASSERT_TRUE(spec) << spec.error().toString().toStdString();

    auto first = FixtureManager::specHash(*spec);
    ASSERT_TRUE(first);
    EXPECT_EQ(*FixtureManager::specHash(*spec), *first);

    // Same size, same modification time: the content still counts.
    const QByteArray seed = QFile::encodeName(dir + QStringLiteral("/hooks/seed.sh"));
    struct stat before{};
    ASSERT_EQ(::stat(seed.constData(), &before), 0);
    writeFile(dir + QStringLiteral("/hooks/seed.sh"), "echo two\n");
    const timespec times[2] = {before.st_atim, before.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, seed.constData(), times, 0), 0);
    auto edited = FixtureManager::specHash(*spec);
    ASSERT_TRUE(edited);
    EXPECT_NE(*edited, *first);
    EXPECT_EQ(*FixtureManager::specHash(*spec), *edited);

    writeFile(tmp.filePath(QStringLiteral("context/extra.conf")), "x\n");
    auto context = FixtureManager::specHash(*spec);
    ASSERT_TRUE(context);
    EXPECT_NE(*context, *edited);

    // Back to the first content everywhere: the first hash again (content, not dates).
    writeFile(dir + QStringLiteral("/hooks/seed.sh"), "echo one\n");
    ASSERT_TRUE(QFile::remove(tmp.filePath(QStringLiteral("context/extra.conf"))));
    EXPECT_EQ(*FixtureManager::specHash(*spec), *first);
}
