// The two forms of `--gtest_list_tests`: text and JSON, captured from
// tests/gtest_samples/sample_params (typed, type-parameterised, value-parameterised,
// DISABLED_).

#include "run/gtest/testdiscovery.h"

#include <QFile>

#include "qstringprinter.h"

#include <gtest/gtest.h>

using namespace fixbench;

namespace {

QByteArray data(const char *name)
{
    QFile f(QStringLiteral(FIXBENCH_SOURCE_DIR "/tests/unit/data/gtest/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

const TestCaseInfo *find(const QList<TestSuiteInfo> &suites, const QString &fullName)
{
    for (const TestSuiteInfo &s : suites)
        for (const TestCaseInfo &t : s.tests)
            if (t.fullName() == fullName)
                return &t;
    return nullptr;
}

void checkParams(const QList<TestSuiteInfo> &suites)
{
    QStringList names;
    for (const TestSuiteInfo &s : suites)
        names << s.name;
    EXPECT_EQ(names, (QStringList{QStringLiteral("Typed/0"), QStringLiteral("Typed/1"), QStringLiteral("Typed/2"),
                                  QStringLiteral("Ints/TypeParamSuite/0"), QStringLiteral("Ints/TypeParamSuite/1"),
                                  QStringLiteral("DISABLED_WholeSuite"), QStringLiteral("Small/Values"),
                                  QStringLiteral("Large/Values"), QStringLiteral("Words/Named")}));
    int count = 0;
    for (const TestSuiteInfo &s : suites)
        count += int(s.tests.size());
    EXPECT_EQ(count, 16);
    EXPECT_EQ(suites[0].typeParam, QStringLiteral("int"));
    EXPECT_EQ(suites[3].typeParam, QStringLiteral("short"));

    const TestCaseInfo *typed = find(suites, QStringLiteral("Typed/2.DefaultIsEmptyish"));
    ASSERT_TRUE(typed);
    EXPECT_EQ(typed->typeParam, QStringLiteral("std::basic_string<char, std::char_traits<char>, std::allocator<char> >"));
    EXPECT_FALSE(typed->disabled);
    const TestCaseInfo *parked = find(suites, QStringLiteral("Typed/0.DISABLED_Parked"));
    ASSERT_TRUE(parked);
    EXPECT_TRUE(parked->disabled);
    const TestCaseInfo *whole = find(suites, QStringLiteral("DISABLED_WholeSuite.Parked"));
    ASSERT_TRUE(whole);
    EXPECT_TRUE(whole->disabled);
    const TestCaseInfo *value = find(suites, QStringLiteral("Large/Values.IsSmall/1"));
    ASSERT_TRUE(value);
    EXPECT_EQ(value->valueParam, QStringLiteral("50"));
    EXPECT_FALSE(value->disabled);
    const TestCaseInfo *named = find(suites, QStringLiteral("Words/Named.NotEmpty/beta_gamma"));
    ASSERT_TRUE(named);
    EXPECT_EQ(named->valueParam, QStringLiteral("\"beta gamma\""));
}

} // namespace

TEST(TestDiscovery, ParsesTheTextList)
{
    auto suites = TestDiscovery::parseList(QString::fromUtf8(data("params_list.txt")));
    ASSERT_TRUE(suites.ok()) << suites.error().toString().toStdString();
    checkParams(*suites);
    EXPECT_TRUE(find(*suites, QStringLiteral("Small/Values.IsSmall/0"))->file.isEmpty()) << "the text list has no file";
}

TEST(TestDiscovery, ParsesTheJsonListWithFileAndLine)
{
    auto suites = TestDiscovery::parseListJson(data("params_list.json"));
    ASSERT_TRUE(suites.ok()) << suites.error().toString().toStdString();
    checkParams(*suites);
    const TestCaseInfo *t = find(*suites, QStringLiteral("Small/Values.IsSmall/0"));
    EXPECT_EQ(t->file, QStringLiteral("/src/fixbench/tests/gtest_samples/sample_params.cpp"));
    EXPECT_EQ(t->line, 36);
}

TEST(TestDiscovery, DisabledTestsOfAPlainBinary)
{
    auto suites = TestDiscovery::parseList(QString::fromUtf8(data("passing_list.txt")));
    ASSERT_TRUE(suites.ok());
    ASSERT_TRUE(find(*suites, QStringLiteral("Math.DISABLED_Divides")));
    EXPECT_TRUE(find(*suites, QStringLiteral("Math.DISABLED_Divides"))->disabled);
    EXPECT_TRUE(find(*suites, QStringLiteral("DISABLED_Parked.NeverRuns"))->disabled);
    EXPECT_FALSE(find(*suites, QStringLiteral("Math.Adds"))->disabled);
}

TEST(TestDiscovery, DisabledNamesFollowGTestsRule)
{
    EXPECT_TRUE(TestCaseInfo::isDisabledName(QStringLiteral("DISABLED_Foo")));
    EXPECT_TRUE(TestCaseInfo::isDisabledName(QStringLiteral("Inst/DISABLED_Foo")));
    EXPECT_FALSE(TestCaseInfo::isDisabledName(QStringLiteral("Foo_DISABLED_")));
    EXPECT_FALSE(TestCaseInfo::isDisabledName(QStringLiteral("DISABLEDFoo")));
}

TEST(TestDiscovery, ColouredAndCrLfListsParse)
{
    auto suites = TestDiscovery::parseList(QStringLiteral("\x1b[0;32mRunning main()\x1b[m\r\nA.\r\n  B\r\n  C  # GetParam() = 2\r\n"));
    ASSERT_TRUE(suites.ok()) << suites.error().toString().toStdString();
    ASSERT_EQ(suites->size(), 1);
    ASSERT_EQ(suites->at(0).tests.size(), 2);
    EXPECT_EQ(suites->at(0).tests[1].valueParam, QStringLiteral("2"));
}

TEST(TestDiscovery, GarbageIsAnError)
{
    EXPECT_FALSE(TestDiscovery::parseList(QStringLiteral("A.\n  B\nthis is not a list\n")).ok());
    EXPECT_TRUE(TestDiscovery::parseList(QStringLiteral("hello, I am not a test binary\n"))->isEmpty());
    auto bad = TestDiscovery::parseListJson("{\"tests\": 1}", QStringLiteral("x.json"));
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(bad.error().message.contains(QStringLiteral("x.json")));
    EXPECT_FALSE(TestDiscovery::parseListJson("{not json").ok());
}
