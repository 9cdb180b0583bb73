// How the engine's answers carry a container's health and exit code
// (engine/containerstate.h): pure, no engine.

#include "engine/containerstate.h"

#include "unitsupport.h"

#include <gtest/gtest.h>

#include <ostream>

namespace fixbench {
inline void PrintTo(ContainerHealth h, std::ostream *os) { *os << '"' << containerHealthName(h).toStdString() << '"'; }
} // namespace fixbench

using namespace fixbench;

TEST(ContainerState, HealthFromTheListStatusText)
{
    using containerstate::healthFromStatusText;
    EXPECT_EQ(healthFromStatusText(QStringLiteral("Up 3 seconds")), ContainerHealth::None);
    EXPECT_EQ(healthFromStatusText(QStringLiteral("Up 1 second (health: starting)")), ContainerHealth::Starting);
    EXPECT_EQ(healthFromStatusText(QStringLiteral("Up 2 minutes (healthy)")), ContainerHealth::Healthy);
    EXPECT_EQ(healthFromStatusText(QStringLiteral("Up About an hour (unhealthy)")), ContainerHealth::Unhealthy);
    EXPECT_EQ(healthFromStatusText(QStringLiteral("Up 5 seconds (Paused)")), ContainerHealth::None);
    EXPECT_EQ(healthFromStatusText(QStringLiteral("Exited (0) 3 seconds ago")), ContainerHealth::None);
    EXPECT_EQ(healthFromStatusText(QStringLiteral("Created")), ContainerHealth::None);
    EXPECT_EQ(healthFromStatusText(QString()), ContainerHealth::None);
}

TEST(ContainerState, HealthFromInspect)
{
    using containerstate::healthFromInspect;
    EXPECT_EQ(healthFromInspect(QStringLiteral("starting")), ContainerHealth::Starting);
    EXPECT_EQ(healthFromInspect(QStringLiteral("healthy")), ContainerHealth::Healthy);
    EXPECT_EQ(healthFromInspect(QStringLiteral("unhealthy")), ContainerHealth::Unhealthy);
    EXPECT_EQ(healthFromInspect(QStringLiteral("none")), ContainerHealth::None);
    EXPECT_EQ(healthFromInspect(QString()), ContainerHealth::None);
}

TEST(ContainerState, HealthNamesAreTheEnginesWords)
{
    for (ContainerHealth h : {ContainerHealth::None, ContainerHealth::Starting, ContainerHealth::Healthy, ContainerHealth::Unhealthy})
        EXPECT_EQ(containerstate::healthFromInspect(containerHealthName(h)), h);
    EXPECT_EQ(containerHealthName(ContainerHealth::None), QString());
    EXPECT_EQ(containerHealthName(ContainerHealth::Healthy), QStringLiteral("healthy"));
}

TEST(ContainerState, ExitCodeFromTheListStatusText)
{
    using containerstate::exitCodeFromStatusText;
    EXPECT_EQ(exitCodeFromStatusText(QStringLiteral("Exited (0) 3 seconds ago")), 0);
    EXPECT_EQ(exitCodeFromStatusText(QStringLiteral("Exited (1) About a minute ago")), 1);
    EXPECT_EQ(exitCodeFromStatusText(QStringLiteral("Exited (137) 2 hours ago")), 137);
    EXPECT_EQ(exitCodeFromStatusText(QStringLiteral("Restarting (3) 1 second ago")), 3);
    EXPECT_EQ(exitCodeFromStatusText(QStringLiteral("Up 3 seconds")), 0);
    // "(0)" elsewhere in a text is no exit code.
    EXPECT_EQ(exitCodeFromStatusText(QStringLiteral("Up 3 seconds (0)")), 0);
    EXPECT_EQ(exitCodeFromStatusText(QString()), 0);
}
