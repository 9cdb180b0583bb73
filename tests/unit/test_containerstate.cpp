// How the engine's answers carry a container's health and exit code
// (engine/containerstate.h): pure, no engine.

#include "engine/containerstate.h"
#include "engine/labels.h"

#include <QRegularExpression>
#include <QSet>

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

// Compose project names (engine/labels.h): distinct (workspace, fixture, instance)
// triples never share a project, however compose's naming rules fold them.
TEST(ComposeProjectName, IsInjective)
{
    const QString ws = QStringLiteral("weather_etl_1a2b3c4d");
    auto name = [&](const char *fixture, const char *instance = "") {
        return composeProjectName(ws, QString::fromUtf8(fixture), QString::fromUtf8(instance));
    };
    // Canonical names read as they are.
    EXPECT_EQ(name("ftp_server"), QStringLiteral("fb-weather_etl_1a2b3c4d-ftp_server"));
    EXPECT_EQ(name("db", "test"), QStringLiteral("fb-weather_etl_1a2b3c4d-db-test"));
    // The two collisions users met, and their cousins.
    EXPECT_NE(name("my-db"), name("my_db"));
    EXPECT_NE(name("db", "test"), name("db_test"));
    EXPECT_NE(name("db", "a-b"), name("db", "a_b"));
    EXPECT_NE(name("MyDb"), name("mydb"));
    EXPECT_NE(name("a__b"), name("a_b"));
    EXPECT_NE(name("a_b", "c"), name("a", "b_c"));
    QSet<QString> seen;
    const char *fixtures[] = {"db", "db_test", "db-test", "DB", "db_", "_db", "db test", "db.test", "db__test", "dbtest"};
    const char *instances[] = {"", "test", "Test", "t-1", "t_1", "t.1"};
    for (const char *f : fixtures)
        for (const char *i : instances) {
            const QString n = name(f, i);
            EXPECT_FALSE(seen.contains(n)) << n.toStdString();
            seen.insert(n);
            // Valid for compose v1 and v2: [a-z0-9_-], starting with a letter or digit.
            EXPECT_TRUE(QRegularExpression(QStringLiteral("^[a-z0-9][a-z0-9_-]*$")).match(n).hasMatch()) << n.toStdString();
        }
}
