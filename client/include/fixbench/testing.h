#pragma once

// fixbench::testing — fixtures from test code. Needs only the C++ standard library
// (C++17 or later) and Threads: no Qt, yaml-cpp, libcurl or fixbench core in your
// test binary. It drives the installed `fixbench` CLI through its versioned machine
// interface (docs/machine-interface.md).
//
//   find_package(fixbench CONFIG REQUIRED)
//   target_link_libraries(upload_tests PRIVATE fixbench::testing GTest::gtest_main)
//
//   #include <fixbench/testing.h>
//
//   TEST(Upload, Works) {
//       auto ftp = fixbench::testing::up("ftp_server");   // attach, or start once per process
//       Client c(ftp.env("FTP_HOST"), ftp.port("FTP_PORT"), ftp.env("FTP_USER"), ftp.env("FTP_PASS"));
//       ...
//   }                                                     // teardown_data hook runs here
//
// up(name) attaches to the fixture when it is already up (started by the GUI, by
// `fixbench run`, `fixbench up` or another test process); otherwise it brings it up —
// once per process. Either way this process holds a lease on it for as long as it
// lives: a `fixbench up --hold-stdin` child holds it, and when this process ends —
// exit, a signal, even kill -9 — the child sees its standard input close and releases
// it. A fixture nobody holds any more goes down after its linger (fixture.yml
// `linger:`, a few seconds by default) unless it is kept, so test processes that run
// one after another (gtest_discover_tests, ctest -j) share one bring-up, and none is
// taken down while another process still uses it. Each scope object runs the
// fixture's `setup_data` hook when created and `teardown_data` when destroyed.
// Failures throw fixbench::testing::FixtureError (a std::runtime_error carrying the
// whole error text), which GoogleTest reports as a test failure.
//
// No dependency on GoogleTest: usable from any test framework, or none.
//
// The `fixbench` CLI is, in this order: $FIXBENCH_CLI, the one the CMake package
// recorded (compile definition FIXBENCH_CLI_PATH, set by find_package(fixbench) or
// FetchContent), then `fixbench` on PATH. A missing or too old CLI is a FixtureError.
//
// The workspace (folder holding fixbench.yml) is, in this order: UpOptions::workspace,
// setWorkspace(), $FIXBENCH_WORKSPACE (set by `fixbench run`), the compile definition
// FIXBENCH_WORKSPACE_DIR (e.g. target_compile_definitions(t PRIVATE
// FIXBENCH_WORKSPACE_DIR="${PROJECT_SOURCE_DIR}")), the nearest folder holding
// fixbench.yml upwards from the current directory, then from the executable's folder.
// The instance is UpOptions::instance, else $FIXBENCH_INSTANCE, else the default one.
//
// For Qt code, <fixbench/testing_qt.h> adds header-only QString conveniences.

#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace fixbench::testing {

// The version of the CLI's machine interface this client speaks (`"schema"` in the
// CLI's --json output).
inline constexpr int kMachineInterfaceSchema = 1;

// Every failure of this API: the text says what, where and what to do.
class FixtureError : public std::runtime_error {
public:
    explicit FixtureError(const std::string &what) : std::runtime_error(what) {}
};

struct UpOptions {
    std::string instance;              // "" = $FIXBENCH_INSTANCE, else the default instance
    std::string workspace;             // "" = see above
    int readinessTimeoutMs = -1;       // -1 = the fixture's own
    bool runDataHooks = true;          // setup_data / teardown_data per scope
    // Also put the fixture's variables into this process's environment (setenv,
    // never overwriting a variable that is already set), so code under test that
    // reads getenv("FTP_HOST") sees them as under `fixbench run`.
    bool exportEnvironment = true;
};

namespace detail {
struct Entry;
}

// A scope on a fixture that is up. Movable, not copyable.
class Fixture {
public:
    Fixture(Fixture &&other) noexcept;
    Fixture &operator=(Fixture &&other) noexcept;
    Fixture(const Fixture &) = delete;
    Fixture &operator=(const Fixture &) = delete;
    ~Fixture(); // runs teardown_data (errors are printed to stderr: destructors cannot throw)

    const std::string &name() const;
    const std::string &instance() const;
    std::string workspace() const;
    std::string project() const;  // the compose project name
    // True when the fixture was already up before this process first asked for it
    // (this process did not start it).
    bool attached() const;
    bool kept() const;             // keep_up (or started with --keep): outlives its starter

    // A variable of the fixture's environment; throws FixtureError naming the
    // variables it has when there is no such one.
    std::string env(const char *name) const;
    std::string env(const std::string &name) const;
    std::string env(const std::string &name, const std::string &fallback) const;
    bool has(const std::string &name) const;
    // env(name) as a port number; throws when it is not one.
    int port(const std::string &name) const;
    // Every variable (secrets in clear: this is what tests need).
    std::map<std::string, std::string> environment() const;

    // Runs one of the fixture's hooks now ("setup_data", "teardown_data", ...) through
    // `fixbench hook`; throws FixtureError with the hook's error when it fails.
    void runHook(const std::string &event) const;

private:
    friend Fixture detailUp(const std::string &, const UpOptions &, const char *, const char *);
    Fixture(std::shared_ptr<detail::Entry> entry, bool runDataHooks);
    std::shared_ptr<detail::Entry> m_entry;
    bool m_runDataHooks = true;
};

// Sets the workspace for every later up() of this process ("" = back to discovery).
void setWorkspace(const std::string &root);
// Releases now every fixture this process holds (what nobody else uses and is not kept
// goes down after its linger; at once with `linger: 0`) and waits until that is done.
// Runs at process exit anyway; call it to release earlier, e.g. in a gtest
// Environment's TearDown.
void tearDown();

Fixture detailUp(const std::string &name, const UpOptions &options, const char *compiledWorkspace,
                 const char *compiledCli);

// Attach to (or start) fixture `name` and enter a scope on it.
inline Fixture up(const std::string &name, const UpOptions &options = {})
{
#ifdef FIXBENCH_WORKSPACE_DIR
    const char *workspace = FIXBENCH_WORKSPACE_DIR;
#else
    const char *workspace = nullptr;
#endif
#ifdef FIXBENCH_CLI_PATH
    const char *cli = FIXBENCH_CLI_PATH;
#else
    const char *cli = nullptr;
#endif
    return detailUp(name, options, workspace, cli);
}

} // namespace fixbench::testing
