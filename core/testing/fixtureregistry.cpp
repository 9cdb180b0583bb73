#include "fixtureregistry.h"

#include "hookrunner.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

namespace fixbench::testing::detail {

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int sig)
{
    const char c = char(sig);
    if (g_signalPipe[1] >= 0)
        (void)!::write(g_signalPipe[1], &c, 1);
}

void atExit()
{
    FixtureRegistry::instance().tearDownStarted();
}

// Ctrl-C / kill while a test binary holds a fixture it started: take it down, then
// die of the same signal. Only where nobody else handles the signal.
void watchSignals()
{
    if (::pipe2(g_signalPipe, O_CLOEXEC) != 0)
        return;
    std::thread([] {
        char c = 0;
        while (::read(g_signalPipe[0], &c, 1) != 1) {
        }
        const int sig = c;
        FixtureRegistry::instance().tearDownStarted();
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

std::string fail(const std::string &what, const Error &e)
{
    return what + ": " + e.toString().toStdString();
}

} // namespace

FixtureRegistry &FixtureRegistry::instance()
{
    static FixtureRegistry *registry = new FixtureRegistry;
    return *registry;
}

void FixtureRegistry::setWorkspace(const std::string &root)
{
    std::lock_guard lock(m_mutex);
    m_workspaceOverride = root;
}

QString FixtureRegistry::resolveWorkspace(const UpOptions &options, const char *compiledWorkspace, QString *how)
{
    auto check = [](const QString &dir) { return QFileInfo(QDir(dir).filePath(QStringLiteral("fixbench.yml"))).isFile(); };
    auto explicitDir = [&](const QString &dir, const QString &source) -> QString {
        if (!check(dir))
            throw FixtureError(QStringLiteral("fixbench::testing: %1 names %2, which holds no fixbench.yml").arg(source, dir).toStdString());
        *how = source;
        return QDir(dir).absolutePath();
    };
    if (!options.workspace.empty())
        return explicitDir(QString::fromStdString(options.workspace), QStringLiteral("UpOptions::workspace"));
    if (!m_workspaceOverride.empty())
        return explicitDir(QString::fromStdString(m_workspaceOverride), QStringLiteral("setWorkspace()"));
    const QString fromEnv = qEnvironmentVariable("FIXBENCH_WORKSPACE");
    if (!fromEnv.isEmpty())
        return explicitDir(fromEnv, QStringLiteral("$FIXBENCH_WORKSPACE"));
    if (compiledWorkspace && *compiledWorkspace)
        return explicitDir(QString::fromUtf8(compiledWorkspace), QStringLiteral("FIXBENCH_WORKSPACE_DIR (compile definition)"));
    if (auto ws = Workspace::discover(QDir::currentPath()); ws) {
        *how = QStringLiteral("found upwards from the current directory");
        return ws->root();
    }
    const QString exeDir = QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget()).absolutePath();
    if (auto ws = Workspace::discover(exeDir); ws) {
        *how = QStringLiteral("found upwards from the executable's folder");
        return ws->root();
    }
    throw FixtureError(QStringLiteral("fixbench::testing: no workspace: $FIXBENCH_WORKSPACE is not set and there is no "
                                      "fixbench.yml above %1 or above %2; set FIXBENCH_WORKSPACE, call "
                                      "fixbench::testing::setWorkspace() or compile with FIXBENCH_WORKSPACE_DIR=\"...\"")
                           .arg(QDir::currentPath(), exeDir)
                           .toStdString());
}

std::shared_ptr<Entry> FixtureRegistry::acquire(const std::string &name, const UpOptions &options, const char *compiledWorkspace)
{
    std::lock_guard lock(m_mutex);
    const std::string what = "fixbench::testing::up(\"" + name + "\")";
    QString how;
    const QString root = resolveWorkspace(options, compiledWorkspace, &how);
    const QString instance = !options.instance.empty() ? QString::fromStdString(options.instance)
                                                        : qEnvironmentVariable("FIXBENCH_INSTANCE");
    const QString key = root + QLatin1Char('\n') + QString::fromStdString(name) + QLatin1Char('\n') + instance;
    if (auto it = m_entries.find(key); it != m_entries.end() && !it->second->down)
        return it->second;

    auto &manager = m_managers[root];
    if (!manager) {
        auto ws = Workspace::load(root);
        if (!ws)
            throw FixtureError(fail(what, ws.error()));
        manager = std::make_unique<FixtureManager>(*ws);
    }
    auto spec = manager->workspace().fixture(QString::fromStdString(name));
    if (!spec)
        throw FixtureError(fail(what + " in workspace " + root.toStdString() + " (" + how.toStdString() + ")", spec.error()));

    fixbench::UpOptions o;
    o.instance = instance;
    o.readinessTimeoutMs = options.readinessTimeoutMs;
    auto up = manager->up(QString::fromStdString(name), o);
    if (!up)
        throw FixtureError(fail(what, up.error()));

    auto entry = std::make_shared<Entry>();
    entry->name = name;
    entry->instance = instance.toStdString();
    entry->workspaceRoot = root;
    entry->spec = *spec;
    entry->running = up->fixture;
    entry->environment = up->environment;
    entry->attached = up->attached;
    entry->keep = up->fixture.keep;
    entry->ownerPid = ::getpid();
    m_entries[key] = entry;

    if (options.exportEnvironment) {
        for (const Environment::Variable &v : entry->environment.variables())
            if (v.source != QLatin1String("fixbench"))
                ::setenv(v.name.toLocal8Bit().constData(), v.value.toLocal8Bit().constData(), 0);
    }
    if (!entry->attached)
        onFirstStart();
    return entry;
}

void FixtureRegistry::onFirstStart()
{
    if (m_exitHooked)
        return;
    m_exitHooked = true;
    // With a QCoreApplication (a Qt test main), tear down from its destructor, while
    // Qt (its global thread pool included) is fully alive. Without one, at exit():
    // registered after the Qt statics `up` used were created, so it runs before their
    // destructors. Tearing down twice is harmless.
    if (QCoreApplication::instance())
        qAddPostRoutine(atExit);
    std::atexit(atExit);
    watchSignals();
}

void FixtureRegistry::tearDownStarted()
{
    std::lock_guard lock(m_mutex);
    for (auto &[key, entry] : m_entries) {
        if (entry->attached || entry->keep || entry->down || entry->ownerPid != ::getpid())
            continue;
        auto it = m_managers.find(entry->workspaceRoot);
        if (it == m_managers.end())
            continue;
        entry->down = true;
        // Re-checked now: it may have been kept meanwhile (fixbench keep, the workbench).
        auto s = it->second->releaseStarted(entry->running);
        if (!s)
            std::fprintf(stderr, "fixbench::testing: taking down %s failed: %s\n", entry->name.c_str(),
                         qPrintable(s.error().toString()));
    }
}

void FixtureRegistry::runHook(const Entry &entry, const QString &event)
{
    Status s = HookRunner::runIfPresent(entry.spec, event, entry.environment);
    if (!s)
        throw FixtureError(fail("fixbench::testing: fixture \"" + entry.name + "\"", s.error()));
}

} // namespace fixbench::testing::detail
