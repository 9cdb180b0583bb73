// DebugLaunch: gdb's arguments and the VS Code launch configuration of a TestRun, and
// the launch.json merge (VS Code's JSON with comments, errors at file:line:col).
#include "run/debuglaunch.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace fixbench;

namespace {

TestRun sampleRun()
{
    TestRun run;
    run.name = QStringLiteral("t");
    run.program = QStringLiteral("/opt/t/tests");
    run.selection = TestSelection::ofTests({QStringLiteral("A.b")});
    run.systemEnvironment = QProcessEnvironment();
    run.systemEnvironment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin"));
    run.systemEnvironment.insert(QStringLiteral("GTEST_FILTER"), QStringLiteral("stray"));
    run.fixtures.set(QStringLiteral("FTP_PORT"), QStringLiteral("2121"), false, QStringLiteral("port:ftp"));
    run.fixtures.set(QStringLiteral("FTP_PASS"), QStringLiteral("s\"e'c"), true, QStringLiteral("fixture:ftp"));
    run.overrides.set(QStringLiteral("PATH"), QStringLiteral("/x"), false, QStringLiteral("--env"));
    return run;
}

} // namespace

TEST(DebugLaunch, GdbArgumentsBreakOnFailureAndPassTheRunsArguments)
{
    auto args = DebugLaunch::gdbArguments(sampleRun(), {true, QStringLiteral("/c.gdb"), {QStringLiteral("-nx")}});
    ASSERT_TRUE(args.ok());
    EXPECT_EQ(*args, (QStringList{QStringLiteral("-nx"), QStringLiteral("-ex"), QStringLiteral("catch throw"), QStringLiteral("-batch"),
                                  QStringLiteral("-x"), QStringLiteral("/c.gdb"), QStringLiteral("--args"), QStringLiteral("/opt/t/tests"),
                                  QStringLiteral("--gtest_filter=A.b"), QStringLiteral("--gtest_break_on_failure")}));
    auto interactive = DebugLaunch::gdbArguments(sampleRun(), {});
    ASSERT_TRUE(interactive.ok());
    EXPECT_EQ(interactive->mid(0, 3), (QStringList{QStringLiteral("-ex"), QStringLiteral("run"), QStringLiteral("--args")}));
}

TEST(DebugLaunch, VsCodeConfigurationHasTheInjectedVariablesExactly)
{
    auto config = DebugLaunch::vscodeConfiguration(sampleRun(), QStringLiteral("fixbench: t"));
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->value(QStringLiteral("program")).toString(), QStringLiteral("/opt/t/tests"));
    EXPECT_EQ(config->value(QStringLiteral("cwd")).toString(), QStringLiteral("/opt/t"));
    EXPECT_FALSE(config->contains(QStringLiteral("envFile")));
    QStringList names;
    for (const auto &v : config->value(QStringLiteral("environment")).toArray()) {
        names << v.toObject().value(QStringLiteral("name")).toString();
        if (names.last() == QLatin1String("FTP_PASS"))
            EXPECT_EQ(v.toObject().value(QStringLiteral("value")).toString(), QStringLiteral("s\"e'c"));
        if (names.last() == QLatin1String("PATH"))
            EXPECT_EQ(v.toObject().value(QStringLiteral("value")).toString(), QStringLiteral("/x"));
    }
    // The system's own variables are VS Code's; an override of one is carried.
    EXPECT_EQ(names, (QStringList{QStringLiteral("PATH"), QStringLiteral("FTP_PORT"), QStringLiteral("FTP_PASS")}));
    auto withFile = DebugLaunch::vscodeConfiguration(sampleRun(), QStringLiteral("x"), QStringLiteral("/w/x.env"));
    ASSERT_TRUE(withFile.ok());
    EXPECT_EQ(withFile->value(QStringLiteral("envFile")).toString(), QStringLiteral("/w/x.env"));
}

TEST(DebugLaunch, MergeKeepsOtherConfigurationsAndReplacesOursByName)
{
    const QJsonObject ours{{QStringLiteral("name"), QStringLiteral("fixbench: t")}, {QStringLiteral("program"), QStringLiteral("new")}};
    const QByteArray existing = "// top comment\n{\n  \"version\": \"0.2.0\", /* block\n comment */\n  \"configurations\": [\n"
                                "    {\"name\": \"a // not a comment\", \"args\": [\"/*x*/\", \"\\\"q\\\"\",],},\n"
                                "    {\"name\": \"fixbench: t\", \"program\": \"old\"},\n  ],\n}\n";
    auto merged = DebugLaunch::mergeLaunchJson(existing, ours, QStringLiteral("launch.json"));
    ASSERT_TRUE(merged.ok()) << merged.error().toString().toStdString();
    const QJsonArray configs = QJsonDocument::fromJson(*merged).object().value(QStringLiteral("configurations")).toArray();
    ASSERT_EQ(configs.size(), 2);
    EXPECT_EQ(configs[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("a // not a comment"));
    EXPECT_EQ(configs[0].toObject().value(QStringLiteral("args")).toArray(), (QJsonArray{QStringLiteral("/*x*/"), QStringLiteral("\"q\"")}));
    EXPECT_EQ(configs[1].toObject(), ours);
    // A new file; a new name is appended.
    auto fresh = DebugLaunch::mergeLaunchJson({}, ours, QStringLiteral("launch.json"));
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(QJsonDocument::fromJson(*fresh).object().value(QStringLiteral("version")).toString(), QStringLiteral("0.2.0"));
    const QJsonObject other{{QStringLiteral("name"), QStringLiteral("other")}};
    auto appended = DebugLaunch::mergeLaunchJson(*fresh, other, QStringLiteral("launch.json"));
    ASSERT_TRUE(appended.ok());
    EXPECT_EQ(QJsonDocument::fromJson(*appended).object().value(QStringLiteral("configurations")).toArray().size(), 2);
}

TEST(DebugLaunch, MergeRefusesWhatIsNotALaunchJsonWithWhere)
{
    auto broken = DebugLaunch::mergeLaunchJson("{\n  // fine\n  \"configurations\": [\n    {\"name\" \"x\"}\n  ]\n}\n", {},
                                               QStringLiteral("/w/.vscode/launch.json"));
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error().location.file, QStringLiteral("/w/.vscode/launch.json"));
    EXPECT_EQ(broken.error().location.line, 4); // the comment kept the lines where they are
    auto notObject = DebugLaunch::mergeLaunchJson("[]", {}, QStringLiteral("l.json"));
    ASSERT_FALSE(notObject.ok());
    EXPECT_TRUE(notObject.error().message.contains(QStringLiteral("configurations")));
    auto wrongType = DebugLaunch::mergeLaunchJson("{\"configurations\": {}}", {}, QStringLiteral("l.json"));
    EXPECT_FALSE(wrongType.ok());
}
