#pragma once

#include "base/environment.h"
#include "base/error.h"
#include "run/binaryreport.h"
#include "run/testrun.h"
#include "workspace/workspace.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace fixbench {

// What a test run is, as a value: which binaries (each with its selection), the
// fixtures they need, the instance, options, the user's overrides. The CLI builds one
// from its options, the workbench from its tree; the same plan gives the same
// TestRuns, the same environment (with each variable's source) and the same debug
// command line, and RunPipeline carries it out.
struct RunPlan {
    struct Binary {
        TestBinarySpec spec;     // path (the key), name, fixtures, env:
        TestSelection selection; // all by default
    };

    QList<Binary> binaries;
    QStringList extraFixtures;   // for every binary (`fixbench run --fixture`)
    QString instance;            // fixture instance ("" = the default one)
    TestRunOptions options;
    Environment overrides;       // --env K=V / the workbench's overrides: win over all
    bool keep = false;           // leave what the run starts up afterwards, marked kept
    // Leave what the run starts up afterwards, unmarked: it stays owned by this process
    // (the workbench keeps it up for inspection and offers to take it down when its
    // window closes; prune removes it once this process is gone).
    bool leaveUp = false;
    int jobs = 1;                // binaries at once
    // Each test that does not pass gets the log lines its binary's fixtures wrote while
    // it ran (TestResult::fixtureLog, FixtureLogs); `fixbench run --no-fixture-logs`.
    bool fixtureLogs = true;
    // When a test failed (RunPipeline::finish, before teardown_data): collect each
    // fixture's logs, inspect, environment and FTP files into this folder
    // (ArtifactCollector; "" = no), and/or keep the fixtures the run used up, marked kept.
    QString artifactsDir;
    bool keepOnFailure = false;

    // The fixtures of one binary (its own, then the extra ones), and of the whole plan,
    // in first-use order.
    QStringList fixturesOf(const Binary &binary) const;
    QStringList fixtures() const;

    // The TestRun of one binary, given the environments of the fixtures that are up
    // (a fixture missing from the map contributes nothing). Layers, lowest first: the
    // system environment (minus GTEST_*), FIXBENCH_WORKSPACE (+ FIXBENCH_INSTANCE when
    // an instance is chosen), each fixture's environment in the binary's order (sources
    // name the fixture: "port:ftp_server", "fixture:ftp_server"), its
    // fixbench.yml `env:`, the plan's overrides.
    TestRun runOf(const Workspace &workspace, const Binary &binary, const QHash<QString, Environment> &fixtureEnvironments) const;

    // The command line that runs `run` under gdb in a terminal with exactly that
    // environment, folder and arguments (plus --gtest_break_on_failure):
    //   cd DIR && env -u GTEST_X K=V ... gdb -ex run --args BINARY ARGS
    static QString debugCommand(TestRun run);

    // Binaries named on a command line: names from fixbench.yml `tests:` or paths (a
    // path fixbench.yml knows gets its fixtures and env:). Empty = every listed test.
    // Names are unique (distinguishNames()).
    static Result<QList<TestBinarySpec>> resolveBinaries(const Workspace &workspace, const QStringList &namesOrPaths);
    // Two binaries with one name but different paths (`a/tests` and `b/tests` given by
    // path, or a path whose file name is a fixbench.yml name) would print as one, share
    // JUnit class names and results: each such binary is named by the shortest suffix of
    // its path that no other one of them has ("a/tests", "b/tests"). A fixbench.yml name
    // is kept when it is the only one of its group; a binary listed twice stays one name.
    // The path stays the key (the last-run record, --failed).
    static void distinguishNames(QList<TestBinarySpec> &specs, const QStringList &keptNames = {});

    // Keeps only the tests that failed, crashed, timed out or were interrupted in
    // (TestSelection::toRerun: the whole binary when it failed outside its tests)
    // `last`, matching binaries by path; drops binaries where nothing failed. Returns
    // false when nothing is left.
    bool restrictToFailed(const QList<BinaryReport> &last);

    // The last run of a workspace, shared by `fixbench run --failed` and the
    // workbench's Run Failed: one record per workspace in the runtime folder.
    static QString lastRunPath(const Workspace &workspace, const QString &runtimeDir);
};

} // namespace fixbench
