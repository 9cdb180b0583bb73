#pragma once

#include "base/error.h"
#include "run/testcatalog.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace fixbench {

// Lists the tests of one GoogleTest binary: runs it with `--gtest_list_tests
// --gtest_output=json:FILE` (file and line per test with gtest >= 1.11; the text list
// otherwise), in the run's environment, in its own process group, killed after a
// timeout. A file that is not a gtest binary is refused without being run when it
// cannot be one (no `gtest_list_tests` inside); a binary that crashes or exits
// non-zero while listing gives an error carrying its output.
class TestDiscovery {
public:
    static Result<DiscoveredBinary> discover(const TestCatalog::Request &request);

    // The text `--gtest_list_tests` prints:
    //   Typed/0.  # TypeParam = int
    //     DefaultIsEmptyish
    //   Small/Values.
    //     IsSmall/0  # GetParam() = 1
    static Result<QList<TestSuiteInfo>> parseList(const QString &text);
    // The JSON `--gtest_list_tests --gtest_output=json:FILE` writes.
    static Result<QList<TestSuiteInfo>> parseListJson(const QByteArray &json, const QString &source = {});

    // True when the file may be a gtest binary: it mentions gtest's flags or symbols,
    // or it is a script (#!). Reads the file (memory-mapped); does not run it.
    static bool mayBeGTestBinary(const QString &path);
};

} // namespace fixbench
