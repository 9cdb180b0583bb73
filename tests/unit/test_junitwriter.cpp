// JUnit XML (checked with QXmlStreamReader) and fixbench's JSON results.

#include "run/junitwriter.h"
#include "run/testreportjson.h"
#include "run/testrun.h"

#include <QXmlStreamReader>

#include "qstringprinter.h"

#include <gtest/gtest.h>

using namespace fixbench;

namespace {

TestResult result(const QString &suite, const QString &name, TestStatus status)
{
    TestResult r;
    r.binary = QStringLiteral("bin");
    r.suite = suite;
    r.name = name;
    r.status = status;
    r.durationMs = 12;
    return r;
}

QList<BinaryReport> sample()
{
    BinaryReport b;
    b.binary = QStringLiteral("bin");
    b.path = QStringLiteral("/x/bin");
    b.elapsedMs = 100;
    b.results << result(QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Passed);
    TestResult f = result(QStringLiteral("Math"), QStringLiteral("Fails"), TestStatus::Failed);
    f.file = QStringLiteral("math.cpp");
    f.line = 10;
    f.failures << TestFailure{QStringLiteral("math.cpp"), 12, QStringLiteral("Expected: a < b & \"c\"\n<tag> ]]> end")}
               << TestFailure{QString(), 0, QStringLiteral("C++ exception thrown")};
    f.output = QStringLiteral("printed ]]> inside\n\x1b[31mred\x1b[0m and a bell \x07 and a NUL-ish \x01 char\n");
    b.results << f;
    TestResult s = result(QStringLiteral("Other"), QStringLiteral("Skips"), TestStatus::Skipped);
    s.message = QStringLiteral("not today");
    b.results << s;
    TestResult c = result(QStringLiteral("Other"), QStringLiteral("Crashes"), TestStatus::Crashed);
    c.message = QStringLiteral("crashed: signal 11 (SIGSEGV)");
    c.output = QStringLiteral("about to crash\n");
    b.results << c;
    TestResult t = result(QStringLiteral("Other"), QStringLiteral("Hangs"), TestStatus::TimedOut);
    t.message = QStringLiteral("timed out after 2 s");
    b.results << t;
    b.results << result(QStringLiteral("Math"), QStringLiteral("DISABLED_Parked"), TestStatus::Disabled);
    TestResult again = result(QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Passed);
    again.iteration = 2;
    b.results << again;

    BinaryReport broken;
    broken.binary = QStringLiteral("not_gtest");
    broken.path = QStringLiteral("/x/not_gtest");
    broken.error = Error(Error::Kind::Test, QStringLiteral("test binary `not_gtest` is not a GoogleTest binary"));
    broken.log = QStringLiteral("hello\n");
    return {b, broken};
}

struct Parsed {
    QMap<QString, QXmlStreamAttributes> suites;  // name → attributes
    QList<QXmlStreamAttributes> testsuites;
    QList<QPair<QString, QXmlStreamAttributes>> cases; // classname.name → attrs
    QMap<QString, QString> childText;                  // "classname.name/child" → text
    QMap<QString, QXmlStreamAttributes> childAttrs;
    QString error;
};

Parsed parse(const QByteArray &xml)
{
    Parsed p;
    QXmlStreamReader r(xml);
    QString currentCase;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            const QString n = r.name().toString();
            if (n == QLatin1String("testsuites"))
                p.testsuites << r.attributes();
            else if (n == QLatin1String("testsuite"))
                p.suites.insert(r.attributes().value(QStringLiteral("name")).toString(), r.attributes());
            else if (n == QLatin1String("testcase")) {
                currentCase = r.attributes().value(QStringLiteral("classname")).toString() + QLatin1Char('.')
                    + r.attributes().value(QStringLiteral("name")).toString();
                p.cases << qMakePair(currentCase, r.attributes());
            } else if (!currentCase.isEmpty()) {
                const QString key = currentCase + QLatin1Char('/') + n;
                p.childAttrs.insert(key, r.attributes());
                p.childText.insert(key, r.readElementText());
            }
        }
    }
    if (r.hasError())
        p.error = QStringLiteral("%1 at line %2").arg(r.errorString()).arg(r.lineNumber());
    return p;
}

} // namespace

TEST(JUnitWriter, ValidXmlWithCountsAsJenkinsAndGitLabReadThem)
{
    const QByteArray xml = JUnitWriter::toXml(sample(), QStringLiteral("demo"));
    const Parsed p = parse(xml);
    ASSERT_TRUE(p.error.isEmpty()) << p.error.toStdString() << "\n" << xml.toStdString();
    ASSERT_EQ(p.testsuites.size(), 1);
    const QXmlStreamAttributes &top = p.testsuites[0];
    EXPECT_EQ(top.value(QStringLiteral("name")), QStringLiteral("demo"));
    EXPECT_EQ(top.value(QStringLiteral("tests")), QStringLiteral("8")); // 7 results + 1 binary error
    EXPECT_EQ(top.value(QStringLiteral("failures")), QStringLiteral("1"));
    EXPECT_EQ(top.value(QStringLiteral("errors")), QStringLiteral("3")); // crash, timeout, binary
    EXPECT_EQ(top.value(QStringLiteral("skipped")), QStringLiteral("2"));

    ASSERT_TRUE(p.suites.contains(QStringLiteral("bin.Math")));
    EXPECT_EQ(p.suites[QStringLiteral("bin.Math")].value(QStringLiteral("tests")), QStringLiteral("4"));
    EXPECT_EQ(p.suites[QStringLiteral("bin.Math")].value(QStringLiteral("failures")), QStringLiteral("1"));
    EXPECT_EQ(p.suites[QStringLiteral("bin.Other")].value(QStringLiteral("errors")), QStringLiteral("2"));
    EXPECT_EQ(p.suites[QStringLiteral("bin.Other")].value(QStringLiteral("skipped")), QStringLiteral("1"));

    EXPECT_EQ(p.cases.size(), 8);
    const QString fails = QStringLiteral("bin.Math.Fails");
    // Failure messages escaped and intact after the round trip.
    EXPECT_EQ(p.childAttrs[fails + QStringLiteral("/failure")].value(QStringLiteral("message")), QStringLiteral("Expected: a < b & \"c\""));
    EXPECT_TRUE(p.childText[fails + QStringLiteral("/failure")].contains(QStringLiteral("math.cpp:12\nExpected: a < b & \"c\"\n<tag> ]]> end")));
    EXPECT_TRUE(p.childText[fails + QStringLiteral("/failure")].contains(QStringLiteral("C++ exception thrown")));
    // Output in CDATA, "]]>" split correctly, ANSI and control characters gone.
    EXPECT_TRUE(xml.contains("<![CDATA["));
    EXPECT_EQ(p.childText[fails + QStringLiteral("/system-out")],
              QStringLiteral("printed ]]> inside\nred and a bell  and a NUL-ish  char\n"));
    for (const auto &c : p.cases)
        if (c.first == fails) {
            EXPECT_EQ(c.second.value(QStringLiteral("file")), QStringLiteral("math.cpp"));
            EXPECT_EQ(c.second.value(QStringLiteral("line")), QStringLiteral("10"));
            EXPECT_EQ(c.second.value(QStringLiteral("time")), QStringLiteral("0.012"));
        }
    EXPECT_EQ(p.childAttrs[QStringLiteral("bin.Other.Crashes/error")].value(QStringLiteral("type")), QStringLiteral("crash"));
    EXPECT_EQ(p.childAttrs[QStringLiteral("bin.Other.Crashes/error")].value(QStringLiteral("message")), QStringLiteral("crashed: signal 11 (SIGSEGV)"));
    EXPECT_EQ(p.childText[QStringLiteral("bin.Other.Crashes/system-out")], QStringLiteral("about to crash\n"));
    EXPECT_EQ(p.childAttrs[QStringLiteral("bin.Other.Hangs/error")].value(QStringLiteral("type")), QStringLiteral("timeout"));
    EXPECT_EQ(p.childAttrs[QStringLiteral("bin.Other.Skips/skipped")].value(QStringLiteral("message")), QStringLiteral("not today"));
    EXPECT_TRUE(p.childAttrs.contains(QStringLiteral("bin.Math.DISABLED_Parked/skipped")));
    EXPECT_TRUE(p.childAttrs.contains(QStringLiteral("bin.Math.Adds (iteration 2)/system-out")) == false);
    bool sawIteration = false;
    for (const auto &c : p.cases)
        sawIteration = sawIteration || c.first == QStringLiteral("bin.Math.Adds (iteration 2)");
    EXPECT_TRUE(sawIteration);
    EXPECT_EQ(p.childAttrs[QStringLiteral("not_gtest.(binary)/error")].value(QStringLiteral("type")), QStringLiteral("binary"));
}

// A fixture that died while a binary ran: said in each of its suites' system-err.
TEST(JUnitWriter, FixtureDeathsAreInSystemErr)
{
    QList<BinaryReport> reports = sample();
    reports[0].fixtureDeaths << QStringLiteral("fixture db died: service pg exited (code 137)");
    const QByteArray xml = JUnitWriter::toXml(reports, QStringLiteral("demo"));
    EXPECT_TRUE(parse(xml).error.isEmpty());
    EXPECT_EQ(xml.count("<system-err>fixture db died: service pg exited (code 137)</system-err>"), 2) << xml.toStdString(); // bin.Math, bin.Other
    EXPECT_FALSE(JUnitWriter::toXml(sample()).contains("<system-err>"));
}

// Logs per test: a test's fixture log is its own test case's system-err, nobody else's.
TEST(JUnitWriter, ATestsFixtureLogIsInItsOwnSystemErr)
{
    QList<BinaryReport> reports = sample();
    reports[0].results[1].fixtureLog = QStringLiteral("[ftp] 12:00:01.234 OK UPLOAD \"/b.txt\" ]]> <x>");
    const Parsed p = parse(JUnitWriter::toXml(reports, QStringLiteral("demo")));
    ASSERT_TRUE(p.error.isEmpty()) << p.error.toStdString();
    EXPECT_EQ(p.childText.value(QStringLiteral("bin.Math.Fails/system-err")), reports[0].results[1].fixtureLog);
    EXPECT_FALSE(p.childText.contains(QStringLiteral("bin.Math.Adds/system-err")));
    EXPECT_FALSE(p.childText.contains(QStringLiteral("bin.Other.Crashes/system-err")));
}

TEST(JUnitWriter, EmptyRunIsValidToo)
{
    const Parsed p = parse(JUnitWriter::toXml({}));
    EXPECT_TRUE(p.error.isEmpty());
    ASSERT_EQ(p.testsuites.size(), 1);
    EXPECT_EQ(p.testsuites[0].value(QStringLiteral("tests")), QStringLiteral("0"));
}

TEST(JUnitWriter, XmlSafeDropsForbiddenCharacters)
{
    EXPECT_EQ(JUnitWriter::xmlSafe(QStringLiteral("a\x01" "b\tc\nd\x1b[1me")), QStringLiteral("ab\tc\nde"));
    EXPECT_EQ(JUnitWriter::xmlSafe(QString::fromUtf8("caf\xc3\xa9 \xf0\x9f\x9a\x80")), QString::fromUtf8("caf\xc3\xa9 \xf0\x9f\x9a\x80"));
}

TEST(TestReportJson, RoundTripsAndSummarises)
{
    QList<BinaryReport> reports = sample();
    reports[0].fixtureDeaths << QStringLiteral("fixture db died: service pg exited (code 137)");
    reports[0].results[1].startMs = 1764676800123;
    reports[0].results[1].endMs = 1764676801456;
    reports[0].results[1].fixtureLog = QStringLiteral("[ftp] 12:00:01.234 OK UPLOAD");
    const RunSummary s = RunSummary::of(reports);
    EXPECT_EQ(s.line(), QStringLiteral("2 passed, 1 failed, 1 skipped, 1 crashed, 1 timed out"));
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.binaryErrors, 1);
    const QByteArray json = TestReportJson::toBytes(reports, s);
    auto back = TestReportJson::fromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().toString().toStdString();
    ASSERT_EQ(back->size(), 2);
    ASSERT_EQ(back->at(0).results.size(), reports[0].results.size());
    for (qsizetype i = 0; i < reports[0].results.size(); ++i) {
        const TestResult &a = reports[0].results[i], &b = back->at(0).results[i];
        EXPECT_EQ(a.fullName(), b.fullName());
        EXPECT_EQ(a.status, b.status);
        EXPECT_EQ(a.failures, b.failures);
        EXPECT_EQ(a.output, b.output);
        EXPECT_EQ(a.iteration, b.iteration);
        EXPECT_EQ(a.startMs, b.startMs);
        EXPECT_EQ(a.endMs, b.endMs);
        EXPECT_EQ(a.fixtureLog, b.fixtureLog);
    }
    EXPECT_EQ(back->at(0).results[0].startMs, -1);
    EXPECT_EQ(back->at(0).results[1].endMs, 1764676801456);
    ASSERT_TRUE(back->at(1).error.has_value());
    EXPECT_EQ(back->at(0).fixtureDeaths, reports[0].fixtureDeaths);
    EXPECT_TRUE(back->at(1).fixtureDeaths.isEmpty());
    EXPECT_EQ(TestSelection::failedIn(back->at(0)).tests,
              (QStringList{QStringLiteral("Math.Fails"), QStringLiteral("Other.Crashes"), QStringLiteral("Other.Hangs")}));
    EXPECT_FALSE(TestReportJson::fromJson("{\"x\": 1}").ok());
}

TEST(RunSummary, LineShowsSkippedAndWorseOnlyWhenThereAreAny)
{
    RunSummary s;
    s.passed = 12;
    EXPECT_EQ(s.line(), QStringLiteral("12 passed, 0 failed"));
    s.failed = 1;
    s.skipped = 2;
    EXPECT_EQ(s.line(), QStringLiteral("12 passed, 1 failed, 2 skipped"));
    s.timedOut = 1;
    EXPECT_EQ(s.line(), QStringLiteral("12 passed, 1 failed, 2 skipped, 1 timed out"));
}
