// The pure derivation of a fixture's state from its containers (fixture/fixturestate.h):
// no engine, the containers are made up as the engine client reports them.

#include "fixture/fixturestate.h"
#include "fixture/stackinventory.h"

#include "unitsupport.h"

#include <gtest/gtest.h>

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
