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

    // `binary` and `iteration` are copied into every result. gtest's "NonTestSuiteFailure"
    // suite (failures outside any test) becomes the outside-test pseudo-result
    // (TestResult::outsideTestName()).
    static Result<Parsed> parse(const QByteArray &json, const QString &binary, int iteration, const QString &source = {});
    // GoogleTest 1.12 writes each byte of a non-ASCII UTF-8 character as its own
    // \u00XX escape ("日" becomes "\u00e6\u0097\u00a5"), so a JSON parser reads Latin-1
    // mojibake. Runs of such escapes that form valid UTF-8 are put back as the UTF-8
    // bytes they were; anything else (a lone "\u00e9" is é) stays as written. Every
    // reader of gtest's JSON (report, test list) goes through it.
    static QByteArray repairByteEscapes(const QByteArray &json);
    // GoogleTest 1.12 forgets the comma before the "NonTestSuiteFailure" suite it adds
    // when something failed outside any test (a global environment): `}    {`. A comma
    // goes between two values that follow each other with only white space between them
    // (outside strings), which JSON never allows otherwise. parse() goes through it.
    static QByteArray repairMissingCommas(const QByteArray &json);
    static Result<Parsed> load(const QString &path, const QString &binary, int iteration);

    // Merges the report into the live results of `iteration`: status, failures
    // (exact), file, line, parameters come from the report; output, skip message and
    // durations stay from the stream when known. Tests only in the report (not seen
    // live) are appended. Live results of other iterations are untouched.
    static void merge(QList<TestResult> &live, const QList<TestResult> &report, int iteration);

    // The console parse cannot tell where a failure message ends: gtest prints nothing
    // after it, so the test's later output runs on into it. The report's messages are
    // exact but only for the last iteration: a live failure of another iteration whose
    // text starts with the report's message for the same test and location (then a line
    // break) is cut back to that message. The rest stays in the test's output.
    static void trimFailureMessages(QList<TestResult> &live, const QList<TestResult> &report);

    // "0.012s" → 12.
    static qint64 parseDurationMs(const QString &time);
    // "path/file.cpp:18\nmessage" → {file, 18, message}; "unknown file\nmessage" → {"", 0, message}.
    static TestFailure parseFailure(const QString &text);
};

} // namespace fixbench
