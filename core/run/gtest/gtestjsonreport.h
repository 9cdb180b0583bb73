#pragma once

#include "base/error.h"
#include "run/testresult.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace fixbench {

// The report `--gtest_output=json:FILE` writes at the end of a run (the last
// iteration only, with --gtest_repeat): exact failure messages, file and line of
// each test, type and value parameters, disabled tests. Missing when the binary
// crashed or was killed; then the live results from stdout stand alone.
class GTestJsonReport {
public:
    struct Parsed {
        QList<TestResult> results;
        std::optional<quint32> randomSeed;
    };

    // `binary` and `iteration` are copied into every result.
    static Result<Parsed> parse(const QByteArray &json, const QString &binary, int iteration, const QString &source = {});
    // GoogleTest 1.12 writes each byte of a non-ASCII UTF-8 character as its own
    // \u00XX escape ("日" becomes "\u00e6\u0097\u00a5"), so a JSON parser reads Latin-1
    // mojibake. Runs of such escapes that form valid UTF-8 are put back as the UTF-8
    // bytes they were; anything else (a lone "\u00e9" is é) stays as written. Every
    // reader of gtest's JSON (report, test list) goes through it.
    static QByteArray repairByteEscapes(const QByteArray &json);
    static Result<Parsed> load(const QString &path, const QString &binary, int iteration);

    // Merges the report into the live results of `iteration`: status, failures
    // (exact), file, line, parameters come from the report; output, skip message and
    // durations stay from the stream when known. Tests only in the report (not seen
    // live) are appended. Live results of other iterations are untouched.
    static void merge(QList<TestResult> &live, const QList<TestResult> &report, int iteration);

    // "0.012s" → 12.
    static qint64 parseDurationMs(const QString &time);
    // "path/file.cpp:18\nmessage" → {file, 18, message}; "unknown file\nmessage" → {"", 0, message}.
    static TestFailure parseFailure(const QString &text);
};

} // namespace fixbench
