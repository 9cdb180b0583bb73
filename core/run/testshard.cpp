#include "run/testshard.h"

#include "run/runplan.h"
#include "run/testcatalog.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::TestShard)
};
} // namespace

Result<TestShard> TestShard::parse(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    TestShard s;
    if (m.hasMatch()) {
        s.index = m.captured(1).toInt();
        s.total = m.captured(2).toInt();
    }
    if (!m.hasMatch() || s.total < 1 || s.index < 1 || s.index > s.total)
        return Error(Error::Kind::Other, Tr::tr("--shard wants K/N with 1 <= K <= N (e.g. 2/3), not `%1`").arg(text));
    return s;
}

QList<TestShard::Entry> TestShard::pick(QList<Entry> entries) const
{
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.binary != b.binary ? a.binary < b.binary : a.test < b.test;
    });
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    // Dealt round-robin: a suite's tests (often of one cost: the slow integration
    // suite) spread over every shard, so shards take about as long as each other.
    QList<Entry> mine;
    for (qsizetype i = index - 1; i < entries.size(); i += total)
        mine << entries.at(i);
    return mine;
}

bool TestShard::shardedByGTest(const DiscoveredBinary &binary)
{
    qsizetype length = 0;
    for (const TestSuiteInfo &s : binary.suites)
        for (const TestCaseInfo &t : s.tests)
            length += t.fullName().size() + 1;
    return length > kMaxNamesLength;
}

QList<TestShard::Entry> TestShard::entriesOf(const RunPlan &plan, const TestCatalog &catalog)
{
    QList<Entry> entries;
    for (const RunPlan::Binary &b : plan.binaries) {
        const DiscoveredBinary *d = catalog.binary(b.spec.name);
        if (!d || !d->ok() || d->testCount() == 0) {
            entries << Entry{b.spec.name, QString()};
            continue;
        }
        if (shardedByGTest(*d))
            continue;
        for (const TestSuiteInfo &s : d->suites)
            for (const TestCaseInfo &t : s.tests)
                entries << Entry{b.spec.name, t.fullName()};
    }
    return entries;
}

int TestShard::restrict(RunPlan &plan, const TestCatalog &catalog, QStringList *byGTest) const
{
    const QList<Entry> mine = pick(entriesOf(plan, catalog));
    QList<RunPlan::Binary> keep;
    for (RunPlan::Binary b : std::as_const(plan.binaries)) {
        const DiscoveredBinary *listed = catalog.binary(b.spec.name);
        if (listed && listed->ok() && listed->testCount() > 0 && shardedByGTest(*listed)) {
            // Its own K-th of N, by gtest (overrides win over the stray-GTEST_* rule).
            b.spec.env.insert(QStringLiteral("GTEST_TOTAL_SHARDS"), QString::number(total));
            b.spec.env.insert(QStringLiteral("GTEST_SHARD_INDEX"), QString::number(index - 1));
            if (byGTest)
                *byGTest << b.spec.name;
            keep << b;
            continue;
        }
        QSet<QString> tests;
        bool whole = false;
        for (const Entry &e : mine) {
            if (e.binary != b.spec.name)
                continue;
            if (e.test.isEmpty())
                whole = true;
            else
                tests.insert(e.test);
        }
        if (!whole && tests.isEmpty())
            continue;
        if (!whole && tests.size() < listed->testCount()) {
            // The exact names, a suite all of whose tests are in the shard as "Suite.*"
            // when the binary's selection is all of it (the listing then is the whole
            // suite).
            TestSelection selection;
            for (const TestSuiteInfo &s : listed->suites) {
                QStringList inSuite;
                for (const TestCaseInfo &t : s.tests)
                    if (tests.contains(t.fullName()))
                        inSuite << t.fullName();
                if (b.selection.isAll() && !inSuite.isEmpty() && inSuite.size() == s.tests.size())
                    selection.suites << s.name;
                else
                    selection.tests += inSuite;
            }
            b.selection = selection;
        }
        // else all it lists: its own selection as it is.
        keep << b;
    }
    plan.binaries = keep;
    return int(mine.size());
}

} // namespace fixbench
