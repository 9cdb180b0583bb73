// The in-test client: fixbench::testing over the `fixbench` CLI's machine interface
// (docs/machine-interface.md). Standard library and POSIX only.

#include "fixbench/testing.h"

#include "childprocess.h"
#include "minijson.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fixbench::testing {

namespace detail {

struct Variable {
    std::string name;
    std::string value;
    std::string source; // "fixbench" (FIXBENCH_*), "port", "fixture", ...
};

struct Entry {
    std::string name;
    std::string instance;
    std::string workspace;
    std::string project;
    std::string cli;
    bool attached = false;
    bool keep = false;
    std::vector<Variable> environment;
    std::vector<std::string> hooks; // the events the fixture has a hook for
    ChildProcess holder;            // `fixbench up --hold-stdin`: holds what it started
    pid_t ownerPid = 0;             // the process that asked (a fork's child does not tear down)
    bool down = false;              // released by tearDown()

    const Variable *find(const std::string &n) const
    {
        for (const Variable &v : environment)
            if (v.name == n)
                return &v;
        return nullptr;
    }
    bool hasHook(const std::string &event) const
    {
        return std::find(hooks.begin(), hooks.end(), event) != hooks.end();
    }
};

namespace {

std::string env(const char *name)
{
    const char *v = std::getenv(name);
    return v ? v : "";
}

bool holdsWorkspace(const std::string &dir)
{
    struct stat st {};
    return ::stat((dir + "/fixbench.yml").c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string absolute(const std::string &path)
{
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf))
        return buf;
    if (!path.empty() && path[0] == '/')
        return path;
    return ::getcwd(buf, sizeof buf) ? std::string(buf) + "/" + path : path;
}

std::string parentOf(const std::string &dir)
{
    const std::size_t slash = dir.find_last_of('/');
    if (slash == std::string::npos || slash == 0)
        return "/";
    return dir.substr(0, slash);
}

std::string discoverUpwards(std::string dir)
{
    dir = absolute(dir);
    for (;;) {
        if (holdsWorkspace(dir))
            return dir;
        if (dir == "/")
            return {};
        dir = parentOf(dir);
    }
}

std::string currentDir()
{
    char buf[PATH_MAX];
    return ::getcwd(buf, sizeof buf) ? std::string(buf) : std::string(".");
}

std::string executableDir()
{
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return {};
    return parentOf(std::string(buf, std::size_t(n)));
}

std::string trimmed(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
        s.pop_back();
    return s;
}

std::string joinNames(const std::vector<Variable> &vars)
{
    std::string out;
    for (const Variable &v : vars)
        out += (out.empty() ? "" : ", ") + v.name;
    return out;
}

// The CLI's first line of output, or what it printed on stderr when it gave none.
std::string versionOf(const std::string &cli)
{
    try {
        ChildProcess p = ChildProcess::start({cli, "--version"}, {false, true, true, false});
        std::string out = trimmed(ChildProcess::readAll(p.stdoutRead));
        p.wait();
        return out.empty() ? "an unknown version" : out;
    } catch (const std::exception &) {
        return "an unknown version";
    }
}

int g_signalPipe[2] = {-1, -1};

void onSignal(int sig)
{
    const char c = char(sig);
    if (g_signalPipe[1] >= 0)
        (void)!::write(g_signalPipe[1], &c, 1);
}

void atExit();

} // namespace

class Registry {
public:
    // Never destroyed: it must outlive static destructors that might use a fixture.
    static Registry &instance()
    {
        static Registry *registry = new Registry;
        return *registry;
    }

    void setWorkspace(const std::string &root)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_workspaceOverride = root;
    }

    std::shared_ptr<Entry> acquire(const std::string &name, const UpOptions &options, const char *compiledWorkspace,
                                   const char *compiledCli)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        const std::string what = "fixbench::testing::up(\"" + name + "\")";
        std::string how;
        const std::string workspace = resolveWorkspace(options, compiledWorkspace, &how);
        const std::string instance = !options.instance.empty() ? options.instance : env("FIXBENCH_INSTANCE");
        const std::string key = workspace + '\n' + name + '\n' + instance;
        if (auto it = m_entries.find(key); it != m_entries.end() && !it->second->down)
            return it->second;

        const std::string cli = resolveCli(compiledCli);
        std::vector<std::string> argv{cli, "-w", workspace, "up", name, "--json", "--show-secrets", "--hold-stdin"};
        if (!instance.empty()) {
            argv.push_back("--instance");
            argv.push_back(instance);
        }
        if (options.readinessTimeoutMs > 0) {
            std::ostringstream s;
            s << options.readinessTimeoutMs / 1000.0;
            argv.push_back("--timeout");
            argv.push_back(s.str());
        }
        auto entry = std::make_shared<Entry>();
        entry->name = name;
        entry->instance = instance;
        entry->workspace = workspace;
        entry->cli = cli;
        entry->ownerPid = ::getpid();
        try {
            // Its own process group: a terminal's Ctrl-C reaches this process, which
            // releases the fixture; the holder never dies before it has taken down.
            entry->holder = ChildProcess::start(argv, {true, true, false, true});
        } catch (const std::exception &e) {
            throw FixtureError(what + ": " + e.what());
        }
        std::string buffer;
        bool eof = false;
        const std::string line = ChildProcess::readLine(entry->holder.stdoutRead, &buffer, &eof);
        if (trimmed(line).empty()) {
            const int rc = entry->holder.wait();
            if (rc == 2)
                throw FixtureError(what + ": " + cli + " (" + versionOf(cli) + ") does not understand `up --hold-stdin`: it is too old "
                                   "for this client, which speaks machine interface schema " + std::to_string(kMachineInterfaceSchema)
                                   + " (fixbench 0.2 or later). Install a matching fixbench or point FIXBENCH_CLI at one.");
            throw FixtureError(what + ": `" + cli + " up` exited with code " + std::to_string(rc)
                               + " without an answer (its error is on stderr above)");
        }
        JsonValue doc;
        try {
            doc = parseJson(line);
        } catch (const std::exception &e) {
            entry->holder.closeStdin();
            entry->holder.wait();
            throw FixtureError(what + ": " + cli + " answered something that is not the machine interface's JSON (" + e.what()
                               + "): " + line.substr(0, 200));
        }
        const double schema = doc.numberOr("schema", -1);
        if (int(schema) != kMachineInterfaceSchema) {
            entry->holder.closeStdin();
            entry->holder.wait();
            throw FixtureError(what + ": " + cli + " (" + versionOf(cli) + ") speaks machine interface schema "
                               + (schema < 0 ? std::string("(none)") : std::to_string(int(schema))) + ", this client needs "
                               + std::to_string(kMachineInterfaceSchema)
                               + ". Install a fixbench CLI that matches the client library, or point FIXBENCH_CLI at one.");
        }
        if (const JsonValue *error = doc.find("error")) {
            entry->holder.closeStdin();
            entry->holder.wait();
            std::string text = error->stringOr("message");
            const std::string details = error->stringOr("details");
            if (!details.empty())
                text += "\n" + details;
            if (how.rfind("found", 0) == 0 || how.rfind("$", 0) == 0 || how.rfind("FIXBENCH", 0) == 0)
                text += "\n  (workspace " + workspace + ", " + how + ")";
            throw FixtureError(what + ": " + text);
        }
        const JsonValue *fixtures = doc.find("fixtures");
        if (!fixtures || fixtures->type != JsonValue::Type::Array || fixtures->array.empty()) {
            entry->holder.closeStdin();
            entry->holder.wait();
            throw FixtureError(what + ": " + cli + " answered without a fixture: " + line.substr(0, 200));
        }
        const JsonValue &f = fixtures->array.front();
        entry->project = f.stringOr("project");
        entry->attached = f.boolOr("attached");
        entry->keep = f.boolOr("keep");
        if (const JsonValue *hooks = f.find("hooks"))
            for (const JsonValue &h : hooks->array)
                entry->hooks.push_back(h.string);
        if (const JsonValue *vars = f.find("environment"))
            for (const auto &[varName, v] : vars->object)
                entry->environment.push_back({varName, v.stringOr("value"), v.stringOr("source")});
        // The holder's stdout is not read again: it prints nothing more.
        m_entries[key] = entry;

        if (options.exportEnvironment)
            for (const Variable &v : entry->environment)
                if (v.source != "fixbench")
                    ::setenv(v.name.c_str(), v.value.c_str(), 0);
        onFirstHold(); // attached or started: this process holds a lease either way
        return entry;
    }

    // Releases what this process holds: closes each holder's stdin and waits until it
    // has released its lease (taking the fixture down when it was the last user and the
    // linger is 0).
    void tearDownStarted()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto &[key, entry] : m_entries) {
            if (entry->down || entry->ownerPid != ::getpid())
                continue;
            entry->down = true;
            entry->holder.closeStdin();
            const int rc = entry->holder.wait();
            if (rc > 0)
                std::fprintf(stderr, "fixbench::testing: releasing %s failed (fixbench exited with %d; see above)\n",
                             entry->name.c_str(), rc);
        }
    }

    static void runHook(const Entry &entry, const std::string &event)
    {
        std::vector<std::string> argv{entry.cli, "-w", entry.workspace, "hook", entry.name, event};
        if (!entry.instance.empty()) {
            argv.push_back("--instance");
            argv.push_back(entry.instance);
        }
        std::string err;
        int rc = -1;
        try {
            ChildProcess p = ChildProcess::start(argv, {false, false, true, false});
            err = ChildProcess::readAll(p.stderrRead);
            rc = p.wait();
        } catch (const std::exception &e) {
            throw FixtureError("fixbench::testing: fixture \"" + entry.name + "\": hook " + event + ": " + e.what());
        }
        if (!err.empty())
            std::fputs(err.c_str(), stderr);
        if (rc != 0)
            throw FixtureError("fixbench::testing: fixture \"" + entry.name + "\": hook " + event + " failed (fixbench exit code "
                               + std::to_string(rc) + "): " + trimmed(err));
    }

private:
    Registry() = default;

    std::string resolveWorkspace(const UpOptions &options, const char *compiledWorkspace, std::string *how)
    {
        auto explicitDir = [&](const std::string &dir, const std::string &source) {
            if (!holdsWorkspace(dir))
                throw FixtureError("fixbench::testing: " + source + " names " + dir + ", which holds no fixbench.yml");
            *how = source;
            return absolute(dir);
        };
        if (!options.workspace.empty())
            return explicitDir(options.workspace, "UpOptions::workspace");
        if (!m_workspaceOverride.empty())
            return explicitDir(m_workspaceOverride, "setWorkspace()");
        if (const std::string fromEnv = env("FIXBENCH_WORKSPACE"); !fromEnv.empty())
            return explicitDir(fromEnv, "$FIXBENCH_WORKSPACE");
        if (compiledWorkspace && *compiledWorkspace)
            return explicitDir(compiledWorkspace, "FIXBENCH_WORKSPACE_DIR (compile definition)");
        if (std::string ws = discoverUpwards(currentDir()); !ws.empty()) {
            *how = "found upwards from the current directory";
            return ws;
        }
        const std::string exeDir = executableDir();
        if (std::string ws = exeDir.empty() ? std::string() : discoverUpwards(exeDir); !ws.empty()) {
            *how = "found upwards from the executable's folder";
            return ws;
        }
        throw FixtureError("fixbench::testing: no workspace: $FIXBENCH_WORKSPACE is not set and there is no fixbench.yml above "
                           + currentDir() + " or above " + exeDir
                           + "; set FIXBENCH_WORKSPACE, call fixbench::testing::setWorkspace() or compile with "
                             "FIXBENCH_WORKSPACE_DIR=\"...\" (`fixbench init` creates a fixbench.yml)");
    }

    static std::string resolveCli(const char *compiledCli)
    {
        if (const std::string fromEnv = env("FIXBENCH_CLI"); !fromEnv.empty()) {
            if (!isExecutableFile(fromEnv))
                throw FixtureError("fixbench::testing: $FIXBENCH_CLI names " + fromEnv
                                   + ", which is not an executable file; point it at the fixbench CLI or unset it");
            return fromEnv;
        }
        std::string recorded = compiledCli ? compiledCli : "";
        if (isExecutableFile(recorded))
            return recorded;
        if (std::string onPath = findOnPath("fixbench"); !onPath.empty())
            return onPath;
        throw FixtureError("fixbench::testing: the fixbench CLI was not found: $FIXBENCH_CLI is not set, "
                           + (recorded.empty() ? std::string("no location was recorded at build time (FIXBENCH_CLI_PATH)")
                                               : "the location recorded by the CMake package, " + recorded + ", is not an executable")
                           + ", and there is no `fixbench` on PATH. Install fixbench (README: Install) or set FIXBENCH_CLI.");
    }

    void onFirstHold()
    {
        if (m_exitHooked)
            return;
        m_exitHooked = true;
        std::atexit(atExit);
        watchSignals();
    }

    // Ctrl-C / kill while this process holds a fixture: release it, then die of the
    // same signal. Only where nobody else
    // handles the signal. kill -9 needs nothing: the holder sees its stdin close.
    static void watchSignals()
    {
        if (::pipe2(g_signalPipe, O_CLOEXEC) != 0)
            return;
        std::thread([] {
            char c = 0;
            while (::read(g_signalPipe[0], &c, 1) != 1) {
            }
            const int sig = c;
            Registry::instance().tearDownStarted();
            ::signal(sig, SIG_DFL);
            ::raise(sig);
        }).detach();
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO)) {
                struct sigaction sa {};
                sa.sa_handler = onSignal;
                sigemptyset(&sa.sa_mask);
                ::sigaction(sig, &sa, nullptr);
            }
        }
    }

    std::mutex m_mutex;
    std::string m_workspaceOverride;
    std::map<std::string, std::shared_ptr<Entry>> m_entries;
    bool m_exitHooked = false;
};

namespace {
void atExit()
{
    Registry::instance().tearDownStarted();
}
} // namespace

} // namespace detail

using detail::Entry;
using detail::Registry;

Fixture::Fixture(std::shared_ptr<Entry> entry, bool runDataHooks) : m_entry(std::move(entry)), m_runDataHooks(runDataHooks)
{
    if (m_runDataHooks && m_entry->hasHook("setup_data"))
        Registry::runHook(*m_entry, "setup_data");
}

Fixture::Fixture(Fixture &&other) noexcept : m_entry(std::move(other.m_entry)), m_runDataHooks(other.m_runDataHooks) {}

Fixture &Fixture::operator=(Fixture &&other) noexcept
{
    if (this != &other) {
        Fixture old(std::move(*this));
        m_entry = std::move(other.m_entry);
        m_runDataHooks = other.m_runDataHooks;
    }
    return *this;
}

Fixture::~Fixture()
{
    if (!m_entry || !m_runDataHooks || m_entry->down || !m_entry->hasHook("teardown_data"))
        return;
    try {
        Registry::runHook(*m_entry, "teardown_data");
    } catch (const FixtureError &e) {
        std::fprintf(stderr, "%s\n", e.what());
    }
}

const std::string &Fixture::name() const { return m_entry->name; }
const std::string &Fixture::instance() const { return m_entry->instance; }
std::string Fixture::workspace() const { return m_entry->workspace; }
std::string Fixture::project() const { return m_entry->project; }
bool Fixture::attached() const { return m_entry->attached; }
bool Fixture::kept() const { return m_entry->keep; }

bool Fixture::has(const std::string &name) const { return m_entry->find(name) != nullptr; }

std::string Fixture::env(const char *name) const { return env(std::string(name)); }

std::string Fixture::env(const std::string &name) const
{
    const detail::Variable *v = m_entry->find(name);
    if (!v)
        throw FixtureError("fixbench::testing: fixture \"" + m_entry->name + "\" has no variable " + name
                           + "; it has: " + detail::joinNames(m_entry->environment));
    return v->value;
}

std::string Fixture::env(const std::string &name, const std::string &fallback) const
{
    const detail::Variable *v = m_entry->find(name);
    return v ? v->value : fallback;
}

int Fixture::port(const std::string &name) const
{
    const std::string value = env(name);
    char *end = nullptr;
    errno = 0;
    const long p = value.empty() ? 0 : std::strtol(value.c_str(), &end, 10);
    if (value.empty() || errno != 0 || *end != '\0' || p <= 0 || p > 65535)
        throw FixtureError("fixbench::testing: " + name + "=" + value + " of fixture \"" + m_entry->name + "\" is not a port number");
    return int(p);
}

std::map<std::string, std::string> Fixture::environment() const
{
    std::map<std::string, std::string> m;
    for (const detail::Variable &v : m_entry->environment)
        m[v.name] = v.value;
    return m;
}

void Fixture::runHook(const std::string &event) const
{
    Registry::runHook(*m_entry, event);
}

void setWorkspace(const std::string &root) { Registry::instance().setWorkspace(root); }

void tearDown() { Registry::instance().tearDownStarted(); }

Fixture detailUp(const std::string &name, const UpOptions &options, const char *compiledWorkspace, const char *compiledCli)
{
    return Fixture(Registry::instance().acquire(name, options, compiledWorkspace, compiledCli), options.runDataHooks);
}

} // namespace fixbench::testing
