#pragma once

#include "base/error.h"
#include "run/binaryreport.h"

#include <QList>
#include <QString>

namespace fixbench {

// Several `fixbench run --json` reports as one run (`fixbench report merge`): the shards
// of a sharded run (`run --shard K/N`), or runs of different binaries.
//
// A binary met in several reports (by name) becomes one: its results one after the
// other, its times added, exit code / signal / error the first non-zero, warnings and
// fixture deaths gathered, `arguments` empty (each shard ran its own filter). The
// summary's counts come from the merged results; its elapsed_ms is the longest input's
// (shards run side by side). Refused, with what and where: reports of two workspaces;
// one test (binary, full name, iteration) in two reports; shards of different N; a
// shard given twice or missing. Failures outside any test are per process: each
// report's are kept.
class ReportMerge {
public:
    struct Input {
        QString source; // the file, for messages
        QList<BinaryReport> reports;
        RunSummary summary;
    };
    struct Merged {
        QList<BinaryReport> reports;
        RunSummary summary;
    };

    static Result<Merged> merge(const QList<Input> &inputs);
    // Reads each file (TestReportJson) and merges them.
    static Result<Merged> mergeFiles(const QStringList &paths);
};

} // namespace fixbench
