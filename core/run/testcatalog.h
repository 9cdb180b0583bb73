#pragma once

#include "base/error.h"

#include <QFuture>
#include <QList>
#include <QMetaType>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace fixbench {

struct TestRun;

// One test as `--gtest_list_tests` names it.
struct TestCaseInfo {
    QString suite;      // "Small/Values", "Typed/1"
    QString name;       // "IsSmall/0"
    QString typeParam;  // "# TypeParam = int"
    QString valueParam; // "# GetParam() = 3"
    QString file;       // from the JSON list (gtest >= 1.11), "" otherwise
    int line = 0;
    bool disabled = false; // DISABLED_ suite or test (gtest's own rule)

    QString fullName() const { return suite + QLatin1Char('.') + name; }
    // gtest: a suite or test name matching "DISABLED_*" or "*/DISABLED_*".
    static bool isDisabledName(const QString &suiteOrTest);
};

struct TestSuiteInfo {
    QString name;
    QString typeParam; // typed suites: the suite's TypeParam
    QList<TestCaseInfo> tests;
};

// binary → suite → test, or why the binary could not be listed.
struct DiscoveredBinary {
    QString name;  // fixbench.yml name, else the file name
    QString path;
    QList<TestSuiteInfo> suites;
    std::optional<Error> error; // not a gtest binary, crashed while listing, ...
    qint64 elapsedMs = 0;

    bool ok() const { return !error.has_value(); }
    int testCount() const;
    int disabledCount() const;
    const TestCaseInfo *find(const QString &fullName) const;
};

// The catalogue of several binaries. A binary that cannot be listed carries its error
// and does not affect the others.
class TestCatalog {
public:
    struct Request {
        QString name;
        QString path;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        QString workingDirectory;
        int timeoutMs = 30000;
        QString filter; // --gtest_filter: list only the tests it selects ("" = all)

        // Same program, environment, working directory and selection (filter) as the run.
        static Request forRun(const TestRun &run);
    };

    const QList<DiscoveredBinary> &binaries() const { return m_binaries; }
    const DiscoveredBinary *binary(const QString &name) const;
    int testCount() const;
    int errorCount() const;

    // Lists every binary, `maxParallel` at a time.
    static TestCatalog discover(const QList<Request> &requests, int maxParallel = 2);
    // The same on a worker thread (QtConcurrent): for a GUI.
    static QFuture<TestCatalog> discoverAsync(const QList<Request> &requests, int maxParallel = 2);

    void add(DiscoveredBinary b) { m_binaries.append(std::move(b)); }

private:
    QList<DiscoveredBinary> m_binaries;
};

} // namespace fixbench

Q_DECLARE_METATYPE(fixbench::TestCatalog)
