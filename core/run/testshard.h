#pragma once

#include "base/error.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fixbench {

struct DiscoveredBinary;
struct RunPlan;
class TestCatalog;

// A deterministic K-th of N of a run's tests (`fixbench run --shard K/N`), so that N
// machines (a CI matrix) run every selected test exactly once between them.
//
// The split is over the sorted list of (binary name, full test name) of the selection,
// dealt round-robin: the i-th (0-based) goes to shard i mod N + 1. Shards differ by at
// most one test, a suite's tests (often alike in cost) spread over all shards, and the
// split depends only on names (not on the order binaries are given in, nor on the
// machine). A binary that cannot be listed, or lists no test, is one entry (its name,
// no test): it runs whole in one shard, where its error shows. Each binary then runs
// with the exact names of its tests in the shard as its filter; a binary with none in
// the shard does not run, and its fixtures are not brought up. A binary whose names
// would make too long a filter (more than kMaxNamesLength characters in all: thousands
// of tests) is not dealt: it runs in every shard with GoogleTest's own sharding
// (GTEST_TOTAL_SHARDS=N, GTEST_SHARD_INDEX=K-1), which runs each of its tests in
// exactly one of them.
struct TestShard {
    int index = 0; // K, 1-based
    int total = 0; // N; 0: not sharded

    bool isSharded() const { return total > 0; }
    QString toString() const { return QStringLiteral("%1/%2").arg(index).arg(total); }
    // "K/N" with 1 <= K <= N.
    static Result<TestShard> parse(const QString &text);

    static constexpr qsizetype kMaxNamesLength = 50000;

    struct Entry {
        QString binary;
        QString test; // full name; "" = the whole binary
        bool operator==(const Entry &o) const = default;
    };
    // The entries of this shard among `entries` (any order), sorted.
    QList<Entry> pick(QList<Entry> entries) const;
    // The entries of the plan's binaries as `catalog` (their listing with the plan's
    // selection) names them; none for a binary shardedByGTest().
    static QList<Entry> entriesOf(const RunPlan &plan, const TestCatalog &catalog);

    // Its names are too many for a filter: GoogleTest's sharding splits it.
    static bool shardedByGTest(const DiscoveredBinary &binary);

    // Keeps in `plan` only this shard's tests: each binary with a test in the shard gets
    // their exact names as its selection (whole suites as "Suite.*" when its selection
    // is all; its own selection when the shard holds all it lists, or a whole-binary
    // entry); a binary shardedByGTest() stays with GTEST_TOTAL_SHARDS/GTEST_SHARD_INDEX
    // in its env: (named in `byGTest`); the others are dropped. Returns how many
    // entries the shard has.
    int restrict(RunPlan &plan, const TestCatalog &catalog, QStringList *byGTest = nullptr) const;
};

} // namespace fixbench
