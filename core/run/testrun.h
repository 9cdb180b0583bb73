#pragma once

#include "base/environment.h"
#include "base/error.h"
#include "workspace/workspace.h"

#include <QList>
#include <QMetaType>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace fixbench {

struct BinaryReport;

// Which tests of a binary to run. Empty = all of them.
struct TestSelection {
    QStringList suites; // whole suites: "Math", "Small/Values"
    QStringList tests;  // single tests: "Math.Adds", "Small/Values.IsSmall/0"
    QString filter;     // a raw --gtest_filter pattern; used alone (suites/tests must be empty)

    bool isAll() const { return suites.isEmpty() && tests.isEmpty() && filter.isEmpty(); }
    // "Math.*:Small/Values.IsSmall/0"; "" for all. An error when too long for a command
    // line argument or when `filter` is combined with suites/tests.
    Result<QString> gtestFilter() const;

    static TestSelection all() { return {}; }
    static TestSelection ofSuites(const QStringList &suites);
    static TestSelection ofTests(const QStringList &tests);
    static TestSelection ofFilter(const QString &pattern);
    // The tests that failed, crashed, timed out or were interrupted in `last`
    // (the "failed last time" selection). Empty when none did. Failures outside any
    // test select nothing: there is no test to name.
    static TestSelection failedIn(const BinaryReport &last);
    // What "run failed" runs of a binary after `last`: nothing (nullopt) when nothing
    // failed; the whole binary when it failed outside its tests (a global environment, a
    // crash or an error before any test failed), since no test names that failure;
    // else failedIn(last). A stopped binary is not a failure of its own.
    static std::optional<TestSelection> toRerun(const BinaryReport &last);
};

struct TestRunOptions {
    int repeat = 1;              // --gtest_repeat
    bool shuffle = false;        // --gtest_shuffle
    quint32 seed = 0;            // --gtest_random_seed (0: gtest picks one, reported back)
    bool alsoRunDisabled = false; // --gtest_also_run_disabled_tests
    bool breakOnFailure = false; // --gtest_break_on_failure: for a debugger; the binary traps
    int timeoutMs = 0;           // per test (and for silence outside tests); 0 = none
    // What `fixbench run` and the workbench use unless told otherwise (as CTest's).
    static constexpr int kDefaultTimeoutMs = 1500 * 1000;
    // The values of secret variables (fixture.yml `secret: true`) a test prints are
    // masked in everything kept of its output (console, reports, the last-run record)
    // unless this is set (`fixbench run --show-secrets`).
    bool showSecrets = false;
    QStringList extraArguments;  // appended as they are
};

// What to run: a binary, a selection, an environment, options. A value: the GUI
// keeps one per binary, the CLI builds them from fixbench.yml.
//
// The environment is layered: the system environment (minus stray GTEST_* variables,
// which would silently change what gtest runs), then every required fixture's
// environment in order, then user overrides (fixbench.yml `env:`, --env K=V), which
// win and are kept even when they are GTEST_* variables.
struct TestRun {
    QString name;              // shown in results; fixbench.yml name or the file name
    QString program;           // absolute path
    QString workingDirectory;  // "" = the binary's folder
    TestSelection selection;
    TestRunOptions options;
    QProcessEnvironment systemEnvironment = QProcessEnvironment::systemEnvironment();
    Environment fixtures;      // fixture environments, merged in order
    Environment overrides;     // user overrides

    // The layered environment the binary gets.
    QProcessEnvironment processEnvironment() const;
    // What to mask in its output: the secret values it gets (none with showSecrets).
    QStringList secretsToMask() const;
    // The same with each variable's source ("system", "fixture:ftp_server", "override",
    // ...) and secrets marked: for display.
    Environment effectiveEnvironment() const;
    // The variables fixbench adds to or changes in the system environment (fixtures,
    // FIXBENCH_*, overrides), with the values the binary gets: what an IDE's launch
    // configuration or a dotenv file needs.
    Environment injectedEnvironment() const;
    // gtest arguments: filter, repeat, shuffle, seed, disabled, break, JSON report
    // (when jsonReportPath is not empty), then extraArguments.
    Result<QStringList> arguments(const QString &jsonReportPath = {}) const;

    QString effectiveWorkingDirectory() const;

    // A binary from fixbench.yml: its path, fixtures' environments (each fixture's,
    // in the order the test lists them), its `env:` then `extraOverrides`.
    // FIXBENCH_WORKSPACE is always set so fixbench::testing::up() in the binary finds
    // the same workspace.
    static TestRun forTest(const Workspace &workspace, const TestBinarySpec &spec,
                           const QList<Environment> &fixtureEnvironments,
                           const Environment &extraOverrides = {});

    static bool isGTestVariable(const QString &name) { return name.startsWith(QLatin1String("GTEST_")); }
};

} // namespace fixbench

Q_DECLARE_METATYPE(fixbench::TestRun)
