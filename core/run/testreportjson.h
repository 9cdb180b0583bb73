#pragma once

#include "run/binaryreport.h"
#include "base/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace fixbench {

// fixbench's own JSON results (`fixbench run --json FILE`), readable back (the
// "failed last time" selection):
//   {"summary": {"passed", "failed", "skipped", "crashed", "timed_out", "interrupted",
//                "disabled", "not_run", "binaries", "binary_errors", "ok", "line", "elapsed_ms",
//                "workspace", "shard": {"index", "total"} | null},
//    "binaries": [{"name", "path", "arguments", "exit_code", "signal", "timed_out",
//                  "cancelled", "report_merged", "expected_tests", "iterations", "seed",
//                  "elapsed_ms", "error": {"kind", "message", "details"} | null, "warnings": [...],
//                  "tests": [{"binary", "suite", "name", "full_name", "status", "duration_ms",
//                             "iteration", "file", "line", "type_param", "value_param",
//                             "message", "output", "failures": [{"file", "line", "message"}]}]}]}
// Failures outside any test are the test with suite "" and name "(outside any test)".
class TestReportJson {
public:
    static QJsonObject toJson(const QList<BinaryReport> &reports, const RunSummary &summary);
    static QJsonObject toJson(const TestResult &result);
    static QByteArray toBytes(const QList<BinaryReport> &reports, const RunSummary &summary);
    static Status writeFile(const QList<BinaryReport> &reports, const RunSummary &summary, const QString &path);
    // The same, replaced atomically but not synced to disk (a cache such as the last
    // run, rewritten at every run: fdatasync + rename cost ~6 ms of a 30 ms rerun), and
    // readable by this user alone.
    static Status writeCacheFile(const QList<BinaryReport> &reports, const RunSummary &summary, const QString &path);

    // With `summary`: also what only the summary holds (elapsed_ms, workspace, shard),
    // the counts recomputed from the reports.
    static Result<QList<BinaryReport>> fromJson(const QByteArray &json, const QString &source = {}, RunSummary *summary = nullptr);
    static Result<QList<BinaryReport>> readFile(const QString &path, RunSummary *summary = nullptr);
};

} // namespace fixbench
