// --shard K/N and `report merge`: the split over (binary, test) names and the merge of
// the shards' reports. Pure logic: catalogues and reports built here, no binary run
// (test_cli_run runs real ones).

#include "run/reportmerge.h"
#include "run/runplan.h"
#include "run/testcatalog.h"
#include "run/testreportjson.h"
#include "run/testrun.h"
#include "run/testshard.h"

#include "unitsupport.h"

#include <QSet>

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::unitsupport;

namespace {

DiscoveredBinary listed(const QString &name, const QMap<QString, QStringList> &suites)
{
    DiscoveredBinary b;
    b.name = name;
    b.path = QStringLiteral("/bin/") + name;
    for (auto it = suites.constBegin(); it != suites.constEnd(); ++it) {
        TestSuiteInfo s;
        s.name = it.key();
        for (const QString &t : it.value()) {
            TestCaseInfo c;
            c.suite = it.key();
            c.name = t;
            c.disabled = TestCaseInfo::isDisabledName(t);
            s.tests << c;
        }
        b.suites << s;
    }
    return b;
}

RunPlan planOf(const QStringList &names)
{
    RunPlan plan;
    for (const QString &n : names) {
        TestBinarySpec spec;
        spec.name = n;
        spec.path = QStringLiteral("/bin/") + n;
        spec.fixtures = {QStringLiteral("fx_") + n};
        plan.binaries << RunPlan::Binary{spec, TestSelection::all()};
    }
    return plan;
}

// Three binaries: 7 tests, one that cannot be listed, one listing no test.
TestCatalog catalog()
{
    TestCatalog c;
    c.add(listed(QStringLiteral("b"), {{QStringLiteral("Math"), {QStringLiteral("Adds"), QStringLiteral("Subtracts")}},
                                       {QStringLiteral("Small/Values"), {QStringLiteral("IsSmall/0"), QStringLiteral("IsSmall/1")}}}));
    c.add(listed(QStringLiteral("a"), {{QStringLiteral("Ftp"), {QStringLiteral("Lists"), QStringLiteral("Gets"), QStringLiteral("DISABLED_Puts")}}}));
    DiscoveredBinary broken = listed(QStringLiteral("broken"), {});
    broken.error = Error(Error::Kind::Test, QStringLiteral("not a gtest binary"));
    c.add(broken);
    c.add(listed(QStringLiteral("empty"), {}));
    return c;
}

} // namespace

TEST(TestShard, ParsesKOverNAndRefusesTheRest)
{
    auto s = TestShard::parse(QStringLiteral("2/3"));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->index, 2);
    EXPECT_EQ(s->total, 3);
    EXPECT_EQ(s->toString(), QStringLiteral("2/3"));
    for (const char *bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", ""})
        EXPECT_FALSE(TestShard::parse(QString::fromLatin1(bad)).ok()) << bad;
    EXPECT_TRUE(TestShard::parse(QStringLiteral("4/3")).error().message.contains(QStringLiteral("not `4/3`")));
}

TEST(TestShard, EveryEntryInExactlyOneShardWhateverTheBinaryOrder)
{
    const TestCatalog c = catalog();
    const RunPlan plan = planOf({QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("broken"), QStringLiteral("empty")});
    const QList<TestShard::Entry> all = TestShard::entriesOf(plan, c);
    ASSERT_EQ(all.size(), 9); // 4 + 3 tests, 2 whole binaries
    for (int n : {1, 2, 3, 4, 9, 12}) {
        QList<TestShard::Entry> seen;
        qsizetype smallest = all.size(), largest = 0;
        for (int k = 1; k <= n; ++k) {
            const TestShard shard{k, n};
            const QList<TestShard::Entry> mine = shard.pick(all);
            // The same shard from the entries in another order (binaries given otherwise).
            QList<TestShard::Entry> reversed(all.rbegin(), all.rend());
            EXPECT_EQ(shard.pick(reversed), mine) << k << "/" << n;
            seen += mine;
            smallest = std::min(smallest, mine.size());
            largest = std::max(largest, mine.size());
        }
        EXPECT_EQ(seen.size(), all.size()) << "over " << n << " shards";
        for (const TestShard::Entry &e : all)
            EXPECT_EQ(seen.count(e), 1) << str(e.binary) << " " << str(e.test) << " over " << n;
        EXPECT_LE(largest - smallest, 1) << "shards differ by at most one test, over " << n;
    }
    // Dealt round-robin over the sorted names: a.Ftp.DISABLED_Puts, a.Ftp.Gets,
    // a.Ftp.Lists, b.Math.Adds, b.Math.Subtracts, b.Small/Values.IsSmall/0, .../1,
    // broken, empty.
    const QList<TestShard::Entry> first = TestShard{1, 3}.pick(all);
    EXPECT_EQ(first, (QList<TestShard::Entry>{{QStringLiteral("a"), QStringLiteral("Ftp.DISABLED_Puts")},
                                              {QStringLiteral("b"), QStringLiteral("Math.Adds")},
                                              {QStringLiteral("b"), QStringLiteral("Small/Values.IsSmall/1")}}));
}

TEST(TestShard, RestrictKeepsTheShardsTestsAndOnlyTheBinariesAndFixturesOfTheShard)
{
    const TestCatalog c = catalog();
    const QStringList names{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("broken"), QStringLiteral("empty")};
    // Shard 1/3: a.Ftp.DISABLED_Puts, b.Math.Adds, b.Small/Values.IsSmall/1.
    RunPlan plan = planOf(names);
    EXPECT_EQ(TestShard({1, 3}).restrict(plan, c), 3);
    ASSERT_EQ(plan.binaries.size(), 2);
    EXPECT_EQ(plan.binaries[0].spec.name, QStringLiteral("b"));
    EXPECT_EQ(*plan.binaries[0].selection.gtestFilter(), QStringLiteral("Math.Adds:Small/Values.IsSmall/1"));
    EXPECT_EQ(*plan.binaries[1].selection.gtestFilter(), QStringLiteral("Ftp.DISABLED_Puts"));
    EXPECT_EQ(plan.fixtures(), (QStringList{QStringLiteral("fx_b"), QStringLiteral("fx_a")}));

    // Shard 3/3: a.Ftp.Lists, b.Small/Values.IsSmall/0 and the whole of "empty", which
    // keeps its own selection.
    RunPlan third = planOf(names);
    third.binaries[3].selection = TestSelection::ofFilter(QStringLiteral("Nothing.*"));
    EXPECT_EQ(TestShard({3, 3}).restrict(third, c), 3);
    ASSERT_EQ(third.binaries.size(), 3);
    EXPECT_EQ(*third.binaries[0].selection.gtestFilter(), QStringLiteral("Small/Values.IsSmall/0"));
    EXPECT_EQ(*third.binaries[1].selection.gtestFilter(), QStringLiteral("Ftp.Lists"));
    EXPECT_EQ(third.binaries[2].spec.name, QStringLiteral("empty"));
    EXPECT_EQ(third.binaries[2].selection.filter, QStringLiteral("Nothing.*"));

    // One shard: every binary with its own selection; a suite whole in a shard of a
    // binary with a selection of its own keeps exact names ("Math.*" could run more).
    RunPlan one = planOf(names);
    EXPECT_EQ(TestShard({1, 1}).restrict(one, c), 9);
    ASSERT_EQ(one.binaries.size(), 4);
    for (const RunPlan::Binary &b : one.binaries)
        EXPECT_TRUE(b.selection.isAll()) << str(b.spec.name);
    RunPlan two = planOf({QStringLiteral("b")});
    two.binaries[0].selection = TestSelection::ofFilter(QStringLiteral("Math.*:Small*"));
    EXPECT_EQ(TestShard({1, 2}).restrict(two, c), 2);
    EXPECT_EQ(*two.binaries[0].selection.gtestFilter(), QStringLiteral("Math.Adds:Small/Values.IsSmall/0"));

    // More shards than entries: the last ones are empty.
    RunPlan none = planOf({QStringLiteral("a")});
    EXPECT_EQ(TestShard({4, 4}).restrict(none, c), 0);
    EXPECT_TRUE(none.binaries.isEmpty());
    EXPECT_TRUE(none.fixtures().isEmpty());
}

TEST(TestShard, ABinaryWithThousandsOfTestsIsSplitByGTestsOwnSharding)
{
    QMap<QString, QStringList> suites;
    for (int s = 0; s < 50; ++s)
        for (int t = 0; t < 100; ++t)
            suites[QStringLiteral("LongSuiteName_%1").arg(s)] << QStringLiteral("SomeRatherLongTestName_%1").arg(t);
    TestCatalog c = catalog();
    c.add(listed(QStringLiteral("big"), suites));
    EXPECT_TRUE(TestShard::shardedByGTest(*c.binary(QStringLiteral("big"))));
    EXPECT_FALSE(TestShard::shardedByGTest(*c.binary(QStringLiteral("b"))));
    const QStringList names{QStringLiteral("big"), QStringLiteral("a")};
    EXPECT_EQ(TestShard::entriesOf(planOf(names), c).size(), 3) << "big is not dealt";
    for (int k = 1; k <= 3; ++k) {
        RunPlan plan = planOf(names);
        QStringList byGTest;
        EXPECT_EQ(TestShard({k, 3}).restrict(plan, c, &byGTest), 1);
        EXPECT_EQ(byGTest, QStringList{QStringLiteral("big")});
        ASSERT_EQ(plan.binaries.size(), 2) << "big runs in every shard";
        const RunPlan::Binary &big = plan.binaries[0];
        EXPECT_TRUE(big.selection.isAll());
        EXPECT_EQ(big.spec.env.value(QStringLiteral("GTEST_TOTAL_SHARDS")), QStringLiteral("3"));
        EXPECT_EQ(big.spec.env.value(QStringLiteral("GTEST_SHARD_INDEX")), QString::number(k - 1));
        // ... and reaches the binary: overrides win over the stray-GTEST_* rule.
        const TestRun run = plan.runOf(Workspace::parse("name: w\n", QStringLiteral("/tmp/w/fixbench.yml"), QStringLiteral("/tmp/w")).value(), big, {});
        EXPECT_EQ(run.processEnvironment().value(QStringLiteral("GTEST_SHARD_INDEX")), QString::number(k - 1));
    }
}

namespace {

TestResult result(const QString &binary, const QString &suite, const QString &name, TestStatus status, int iteration = 1)
{
    TestResult r;
    r.binary = binary;
    r.suite = suite;
    r.name = name;
    r.status = status;
    r.durationMs = 5;
    r.iteration = iteration;
    return r;
}

ReportMerge::Input shardReport(const QString &source, int k, int n, const QList<BinaryReport> &reports)
{
    ReportMerge::Input in;
    in.source = source;
    in.reports = reports;
    in.summary = RunSummary::of(reports);
    in.summary.workspace = QStringLiteral("ws");
    in.summary.shard = k;
    in.summary.shards = n;
    in.summary.elapsedMs = 100 * k;
    return in;
}

BinaryReport binaryWith(const QString &name, const QList<TestResult> &results, qint64 elapsed = 10)
{
    BinaryReport b;
    b.binary = name;
    b.path = QStringLiteral("/bin/") + name;
    b.arguments = {QStringLiteral("--gtest_filter=x")};
    b.results = results;
    b.elapsedMs = elapsed;
    b.expectedTests = int(results.size());
    return b;
}

} // namespace

TEST(ReportMerge, ShardsBecomeOneRunWithTheCountsOfAll)
{
    const QString a = QStringLiteral("a"), b = QStringLiteral("b");
    const auto one = shardReport(QStringLiteral("1.json"), 1, 2,
                                 {binaryWith(a, {result(a, QStringLiteral("S"), QStringLiteral("T1"), TestStatus::Passed),
                                                 result(a, QStringLiteral("S"), QStringLiteral("T3"), TestStatus::Failed)}),
                                  binaryWith(b, {result(b, QStringLiteral("S"), QStringLiteral("T1"), TestStatus::Skipped)})});
    BinaryReport crashed = binaryWith(a, {result(a, QStringLiteral("S"), QStringLiteral("T2"), TestStatus::Crashed)}, 30);
    crashed.signal = 11;
    crashed.warnings = {QStringLiteral("no JSON report")};
    const auto two = shardReport(QStringLiteral("2.json"), 2, 2, {crashed});

    // Through JSON, as the files carry them.
    auto roundTrip = [](ReportMerge::Input in) {
        RunSummary s;
        auto back = TestReportJson::fromJson(TestReportJson::toBytes(in.reports, in.summary), in.source, &s);
        EXPECT_TRUE(back.ok());
        EXPECT_EQ(s.shard, in.summary.shard);
        EXPECT_EQ(s.shards, in.summary.shards);
        EXPECT_EQ(s.workspace, QStringLiteral("ws"));
        in.reports = *back;
        in.summary = s;
        return in;
    };
    auto m = ReportMerge::merge({roundTrip(two), roundTrip(one)});
    ASSERT_TRUE(m.ok()) << str(m.error().message);
    EXPECT_EQ(m->summary.line(), QStringLiteral("1 passed, 1 failed, 1 skipped, 1 crashed"));
    EXPECT_EQ(m->summary.binaries, 2);
    EXPECT_EQ(m->summary.elapsedMs, 200) << "the longest shard";
    EXPECT_EQ(m->summary.workspace, QStringLiteral("ws"));
    EXPECT_EQ(m->summary.shards, 0) << "the merge is the whole run";
    EXPECT_FALSE(m->summary.ok());
    ASSERT_EQ(m->reports.size(), 2);
    const BinaryReport &ma = m->reports[0];
    EXPECT_EQ(ma.binary, a);
    EXPECT_EQ(ma.results.size(), 3);
    EXPECT_EQ(ma.signal, 11);
    EXPECT_EQ(ma.elapsedMs, 40);
    EXPECT_EQ(ma.expectedTests, 3);
    EXPECT_EQ(ma.warnings, QStringList{QStringLiteral("no JSON report")});
    EXPECT_TRUE(ma.arguments.isEmpty()) << "each shard ran its own filter";
}

TEST(ReportMerge, RefusesOverlapsMissingShardsAndTwoWorkspaces)
{
    const QString a = QStringLiteral("a");
    const auto one = shardReport(QStringLiteral("1.json"), 1, 2, {binaryWith(a, {result(a, QStringLiteral("S"), QStringLiteral("T1"), TestStatus::Passed)})});
    const auto two = shardReport(QStringLiteral("2.json"), 2, 2, {binaryWith(a, {result(a, QStringLiteral("S"), QStringLiteral("T2"), TestStatus::Passed)})});

    // The same test in two reports (here two unsharded runs).
    auto unsharded = [](ReportMerge::Input in, const QString &source) {
        in.source = source;
        in.summary.shard = in.summary.shards = 0;
        return in;
    };
    auto dup = ReportMerge::merge({unsharded(one, QStringLiteral("x.json")), unsharded(one, QStringLiteral("y.json"))});
    ASSERT_FALSE(dup.ok());
    EXPECT_TRUE(dup.error().message.contains(QStringLiteral("test S.T1 of a is in both x.json and y.json"))) << str(dup.error().message);
    // A repeated test's iterations are distinct tests; failures outside any test are per process.
    auto it2 = unsharded(one, QStringLiteral("y.json"));
    it2.reports[0].results[0].iteration = 2;
    it2.reports[0].results << result(a, QString(), TestResult::outsideTestName(), TestStatus::Failed);
    auto outside = unsharded(one, QStringLiteral("x.json"));
    outside.reports[0].results << result(a, QString(), TestResult::outsideTestName(), TestStatus::Failed);
    auto ok = ReportMerge::merge({outside, it2});
    ASSERT_TRUE(ok.ok()) << str(ok.error().message);
    EXPECT_EQ(ok->summary.failed, 2);

    auto twice = ReportMerge::merge({one, two, one});
    ASSERT_FALSE(twice.ok());
    EXPECT_TRUE(twice.error().message.contains(QStringLiteral("shard 1/2 is given twice: 1.json and 1.json"))) << str(twice.error().message);

    auto missing = ReportMerge::merge({two});
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(missing.error().message.contains(QStringLiteral("shard(s) 1/2 missing"))) << str(missing.error().message);

    auto other = shardReport(QStringLiteral("3.json"), 1, 3, {});
    auto mixed = ReportMerge::merge({one, two, other});
    ASSERT_FALSE(mixed.ok());
    EXPECT_TRUE(mixed.error().message.contains(QStringLiteral("3.json is shard 1/3"))) << str(mixed.error().message);

    auto elsewhere = two;
    elsewhere.summary.workspace = QStringLiteral("other");
    auto workspaces = ReportMerge::merge({one, elsewhere});
    ASSERT_FALSE(workspaces.ok());
    EXPECT_TRUE(workspaces.error().message.contains(QStringLiteral("workspace `ws`"))) << str(workspaces.error().message);
}
