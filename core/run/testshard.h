#pragma once

#include "base/error.h"

#include <QList>
#include <QString>

namespace fixbench {

struct RunPlan;
class TestCatalog;

// A deterministic K-th of N of a run's tests (`fixbench run --shard K/N`), so that N
// machines (a CI matrix) run every selected test exactly once between them.
//
// The split is over the sorted list of the M (binary name, full test name) of the
// selection, cut in N contiguous blocks: shard K holds entries [M(K-1)/N, MK/N). Shards
// differ by at most one test, a suite mostly stays in one shard, and the split depends
// only on names (not on the order binaries are given in, nor on the machine). A binary
// that cannot be listed, or lists no test, is one entry (its name, no test): it runs
// whole in one shard, where its error shows. Each binary then runs with the exact names
// of its tests in the shard as its filter (whole suites as "Suite.*"); a binary with
// none in the shard does not run, and its fixtures are not brought up.
struct TestShard {
    int index = 0; // K, 1-based
    int total = 0; // N; 0: not sharded

    bool isSharded() const { return total > 0; }
    QString toString() const { return QStringLiteral("%1/%2").arg(index).arg(total); }
    // "K/N" with 1 <= K <= N.
    static Result<TestShard> parse(const QString &text);

    struct Entry {
        QString binary;
        QString test; // full name; "" = the whole binary
        bool operator==(const Entry &o) const = default;
    };
    // The entries of this shard among `entries` (any order), sorted.
    QList<Entry> pick(QList<Entry> entries) const;
    // The entries of the plan's binaries as `catalog` (their listing with the plan's
    // selection) names them.
    static QList<Entry> entriesOf(const RunPlan &plan, const TestCatalog &catalog);

    // Keeps in `plan` only this shard's tests: each binary with a test in the shard gets
    // their exact names as its selection (whole suites as "Suite.*" when its selection
    // is all; its own selection when the shard holds all it lists, or a whole-binary
    // entry); the others are dropped. Returns how many entries the shard has.
    int restrict(RunPlan &plan, const TestCatalog &catalog) const;
};

} // namespace fixbench
