#include "fixturemanager.h"

#include "composedriver.h"
#include "composefile.h"
#include "hookrunner.h"
#include "interpolation.h"
#include "labels.h"
#include "readinessprobe.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QThread>
#include <QUrl>


#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace fixbench {

namespace {

// An exclusive flock on a file, polled so that cancel is honoured.
class FileLock {
public:
    FileLock(const QString &path, int timeoutMs, const std::atomic_bool *cancel)
    {
        m_fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0)
            return;
        QElapsedTimer t;
        t.start();
        while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            if ((cancel && cancel->load()) || t.elapsed() > timeoutMs) {
                ::close(m_fd);
                m_fd = -1;
                return;
            }
            QThread::msleep(50);
        }
    }
    ~FileLock()
    {
        if (m_fd >= 0) {
            ::flock(m_fd, LOCK_UN);
            ::close(m_fd);
        }
    }
    bool locked() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

// Ports handed out but not yet published by a container: a small file guarded by
// PortLock, so two processes between allocation and `compose up` never collide.
QString reservationsPath() { return FixtureManager::runtimeDir() + QStringLiteral("/ports.reservations"); }

QSet<int> readReservations(QStringList *keepLines)
{
    QSet<int> ports;
    QFile f(reservationsPath());
    if (!f.open(QIODevice::ReadOnly))
        return ports;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> parts = line.trimmed().split(' ');
        if (parts.size() < 4)
            continue;
        ProcessInfo owner;
        owner.pid = parts[2].toLongLong();
        owner.startTime = QString::fromLatin1(parts[3]);
        if (!owner.isAlive())
            continue;
        if (keepLines)
            *keepLines << QString::fromLatin1(line.trimmed());
        for (int p = parts[0].toInt(); p <= parts[1].toInt(); ++p)
            ports.insert(p);
    }
    return ports;
}

void writeReservations(const QStringList &lines)
{
    QSaveFile f(reservationsPath());
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.write(lines.join(QLatin1Char('\n')).toLatin1() + '\n');
    f.commit();
}

void reservePorts(const QList<AllocatedPort> &ports)
{
    QStringList lines;
    readReservations(&lines);
    const ProcessInfo me = ProcessInfo::current();
    for (const AllocatedPort &p : ports)
        lines << QStringLiteral("%1 %2 %3 %4").arg(p.first).arg(p.last()).arg(me.pid).arg(me.startTime);
    writeReservations(lines);
}

void releasePorts(const QList<AllocatedPort> &ports)
{
    PortLock lock;
    QStringList lines;
    readReservations(&lines);
    const QString me = QString::number(ProcessInfo::current().pid);
    QStringList keep;
    for (const QString &line : lines) {
        const QStringList parts = line.split(QLatin1Char(' '));
        bool ours = parts.value(2) == me;
        if (ours) {
            ours = false;
            for (const AllocatedPort &p : ports)
                ours = ours || parts.value(0).toInt() == p.first;
        }
        if (!ours)
            keep << line;
    }
    writeReservations(keep);
}

QString labelFilter(const char *key, const QString &value)
{
    return QStringLiteral("%1=%2").arg(QLatin1String(key), value);
}

// GET /volumes filtered by labels ("key" or "key=value"): the volumes' JSON objects.
Result<QJsonArray> volumesWithLabels(EngineClient &engine, const QStringList &labelFilters)
{
    const QByteArray filters = QJsonDocument(QJsonObject{{QStringLiteral("label"), QJsonArray::fromStringList(labelFilters)}})
                                   .toJson(QJsonDocument::Compact);
    auto volumes = engine.requestJson("GET", QStringLiteral("/volumes?filters=")
                                                 + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(filters))));
    if (!volumes)
        return volumes.error();
    return volumes->object().value(QStringLiteral("Volumes")).toArray();
}

RunningFixture fromLabels(const QMap<QString, QString> &l)
{
    RunningFixture r;
    r.fixture = l.value(QLatin1String(labels::Fixture));
    r.instance = l.value(QLatin1String(labels::Instance));
    r.project = l.value(QLatin1String(labels::ComposeProject));
    r.workspaceId = l.value(QLatin1String(labels::Workspace));
    r.workspaceRoot = l.value(QLatin1String(labels::WorkspaceRoot));
    r.owner.pid = l.value(QLatin1String(labels::OwnerPid)).toLongLong();
    r.owner.startTime = l.value(QLatin1String(labels::OwnerStart));
    r.owner.host = l.value(QLatin1String(labels::OwnerHost));
    r.keep = l.value(QLatin1String(labels::Keep)) == QLatin1String("true");
    r.specHash = l.value(QLatin1String(labels::SpecHash));
    r.ports = AllocatedPort::parseList(l.value(QLatin1String(labels::Ports)));
    r.startedAt = QDateTime::fromString(l.value(QLatin1String(labels::Started)), Qt::ISODateWithMs);
    return r;
}

} // namespace

bool RunningFixture::allRunning() const
{
    if (containers.isEmpty())
        return false;
    for (const ContainerInfo &c : containers)
        if (c.state != QLatin1String("running") && !(c.state == QLatin1String("exited") && c.status.contains(QLatin1String("(0)"))))
            return false;
    return true;
}

QString fixtureStateName(FixtureState s)
{
    switch (s) {
    case FixtureState::Down: return QStringLiteral("down");
    case FixtureState::Starting: return QStringLiteral("starting");
    case FixtureState::Ready: return QStringLiteral("ready");
    case FixtureState::Unhealthy: return QStringLiteral("unhealthy");
    case FixtureState::Stopping: return QStringLiteral("stopping");
    }
    return {};
}

FixtureManager::FixtureManager(Workspace workspace) : m_workspace(std::move(workspace)) {}
FixtureManager::~FixtureManager() = default;

EngineClient &FixtureManager::engine()
{
    if (!m_engine)
        m_engine = std::make_unique<EngineClient>();
    return *m_engine;
}

Result<ComposeTool> FixtureManager::composeTool() { return ComposeTool::detect(); }

QString FixtureManager::runtimeDir()
{
    QString base = qEnvironmentVariable("XDG_RUNTIME_DIR");
    QString dir = base.isEmpty() ? QStringLiteral("/tmp/fixbench-%1").arg(::getuid()) : base + QStringLiteral("/fixbench");
    QDir().mkpath(dir);
    return dir;
}

QString FixtureManager::projectName(const QString &fixture, const QString &instance) const
{
    return composeProjectName(m_workspace.id(), fixture, instance);
}

QMap<QString, QString> FixtureManager::builtins(const FixtureSpec &spec, const QString &instance) const
{
    QMap<QString, QString> b;
    b.insert(QStringLiteral("FIXBENCH_HOST"), m_engine ? m_engine->endpoint().host() : EngineEndpoint::fromEnvironment().host());
    b.insert(QStringLiteral("FIXBENCH_FIXTURE"), spec.name);
    b.insert(QStringLiteral("FIXBENCH_INSTANCE"), instance);
    b.insert(QStringLiteral("FIXBENCH_PROJECT"), projectName(spec.name, instance));
    b.insert(QStringLiteral("FIXBENCH_WORKSPACE"), m_workspace.root());
    return b;
}

Result<QString> FixtureManager::specHash(const FixtureSpec &spec)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    auto addFile = [&](const QString &path) -> Status {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error(Error::Kind::Io, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        h.addData(QFile::encodeName(path));
        h.addData(QByteArrayView("\0", 1));
        h.addData(f.readAll());
        return {};
    };
    auto addTree = [&](const QString &dir) -> Status {
        QStringList files;
        QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        for (const QString &f : files)
            if (auto s = addFile(f); !s)
                return s;
        return {};
    };
    if (auto s = addTree(spec.dir); !s)
        return s.error();
    if (!spec.composeFile.startsWith(spec.dir + QLatin1Char('/')))
        if (auto s = addFile(spec.composeFile); !s)
            return s.error();
    auto compose = ComposeFile::load(spec.composeFile);
    if (compose) {
        for (const QString &ctx : compose->buildContexts)
            if (ctx != spec.dir && !ctx.startsWith(spec.dir + QLatin1Char('/')))
                if (auto s = addTree(ctx); !s)
                    return s.error();
    }
    return QString::fromLatin1(h.result().toHex().left(16));
}

Result<QString> FixtureManager::writeOverride(const FixtureSpec &spec, const QString &project,
                                              const QList<QPair<QString, QString>> &labelList)
{
    auto compose = ComposeFile::load(spec.composeFile);
    if (!compose)
        return compose.error();
    const QString path = runtimeDir() + QLatin1Char('/') + project + QStringLiteral(".override.yml");
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error(Error::Kind::Io, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    f.write(compose->labelOverride(labelList));
    if (!f.commit())
        return Error(Error::Kind::Io, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return path;
}

Result<QList<RunningFixture>> FixtureManager::findStacks(EngineClient &engine, const QString &workspaceId)
{
    const QStringList filter = workspaceId.isEmpty() ? QStringList{QLatin1String(labels::Fixture)}
                                                     : QStringList{labelFilter(labels::Workspace, workspaceId)};
    auto containers = engine.listContainers(filter);
    if (!containers)
        return containers.error();
    auto networks = engine.listNetworks(filter);
    if (!networks)
        return networks.error();
    QList<RunningFixture> out;
    QHash<QString, int> index;
    auto entry = [&](const QMap<QString, QString> &l) -> RunningFixture & {
        const QString project = l.value(QLatin1String(labels::ComposeProject));
        auto it = index.find(project);
        if (it == index.end()) {
            index.insert(project, int(out.size()));
            out << fromLabels(l);
            if (out.last().project.isEmpty())
                out.last().project = project;
            return out.last();
        }
        return out[*it];
    };
    for (const ContainerInfo &c : *containers)
        entry(c.labels).containers << c;
    for (const NetworkInfo &n : *networks)
        entry(n.labels).networks << n;
    auto markers = keepMarkers(engine, workspaceId);
    if (!markers)
        return markers.error();
    for (RunningFixture &r : out) {
        std::sort(r.containers.begin(), r.containers.end(),
                  [](const ContainerInfo &a, const ContainerInfo &b) { return a.service < b.service; });
        r.keep = markers->value(r.project, r.keep);
    }
    std::sort(out.begin(), out.end(), [](const RunningFixture &a, const RunningFixture &b) { return a.project < b.project; });
    return out;
}

QString FixtureManager::keepMarkerName(const QString &project)
{
    return project + QStringLiteral("_fixbench_keep");
}

Result<QHash<QString, bool>> FixtureManager::keepMarkers(EngineClient &engine, const QString &workspaceId)
{
    QStringList filter{QLatin1String(labels::KeepMarker)};
    if (!workspaceId.isEmpty())
        filter << labelFilter(labels::Workspace, workspaceId);
    auto volumes = volumesWithLabels(engine, filter);
    if (!volumes)
        return volumes.error();
    QHash<QString, bool> out;
    for (const auto &v : std::as_const(*volumes)) {
        const QJsonObject l = v.toObject().value(QStringLiteral("Labels")).toObject();
        out.insert(l.value(QLatin1String(labels::KeepMarker)).toString(),
                   l.value(QLatin1String(labels::Keep)).toString() == QLatin1String("true"));
    }
    return out;
}

Status FixtureManager::setKeep(const RunningFixture &running, bool keep)
{
    const QString name = keepMarkerName(running.project);
    auto del = engine().requestJson("DELETE", QStringLiteral("/volumes/") + name);
    if (!del && del.error().message.contains(QLatin1String("409")))
        return del.error();
    const QJsonObject body{
        {QStringLiteral("Name"), name},
        {QStringLiteral("Labels"), QJsonObject{
            {QLatin1String(labels::KeepMarker), running.project},
            {QLatin1String(labels::Keep), keep ? QStringLiteral("true") : QStringLiteral("false")},
            {QLatin1String(labels::ComposeProject), running.project},
            {QLatin1String(labels::Workspace), running.workspaceId},
            {QLatin1String(labels::Fixture), running.fixture},
            {QLatin1String(labels::Instance), running.instance},
        }},
    };
    auto created = engine().requestJson("POST", QStringLiteral("/volumes/create"), QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!created)
        return created.error();
    return {};
}

Status FixtureManager::setKeep(const QString &fixture, const QString &instance, bool keep)
{
    auto found = find(fixture, instance);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error(Error::Kind::NotFound, QStringLiteral("fixture `%1` is not up; `fixbench up %1 --keep` starts it kept").arg(fixture));
    return setKeep(**found, keep);
}

Result<bool> FixtureManager::releaseStarted(const RunningFixture &running, const Progress &progress)
{
    auto now = find(running.fixture, running.instance);
    if (!now)
        return now.error();
    if (!now->has_value())
        return false; // someone else took it down already
    if ((*now)->keep) {
        if (progress)
            progress(QStringLiteral("%1 is kept: leaving it up").arg(running.fixture));
        return false;
    }
    Status s = down(**now, progress);
    if (!s)
        return s.error();
    return true;
}

Result<QList<RunningFixture>> FixtureManager::running()
{
    return findStacks(engine(), m_workspace.id());
}

Result<std::optional<RunningFixture>> FixtureManager::find(const QString &fixture, const QString &instance)
{
    const QString project = projectName(fixture, instance);
    auto containers = engine().listContainers({labelFilter(labels::ComposeProject, project)});
    if (!containers)
        return containers.error();
    auto networks = engine().listNetworks({labelFilter(labels::ComposeProject, project)});
    if (!networks)
        return networks.error();
    if (containers->isEmpty() && networks->isEmpty())
        return std::optional<RunningFixture>();
    RunningFixture r = fromLabels(!containers->isEmpty() ? containers->first().labels : networks->first().labels);
    r.project = project;
    auto markers = keepMarkers(engine(), m_workspace.id());
    if (!markers)
        return markers.error();
    r.keep = markers->value(project, r.keep);
    r.containers = *containers;
    r.networks = *networks;
    std::sort(r.containers.begin(), r.containers.end(),
              [](const ContainerInfo &a, const ContainerInfo &b) { return a.service < b.service; });
    return std::optional<RunningFixture>(r);
}

Result<Environment> FixtureManager::environmentOf(const FixtureSpec &spec, const RunningFixture &running)
{
    // Ports come from the engine: the fixbench.ports label written at `up` (a port the
    // compose file does not publish still keeps its allocated value).
    return Interpolation::resolveFixtureEnvironment(spec, running.ports, builtins(spec, running.instance));
}

Result<Environment> FixtureManager::environment(const QString &fixture, const QString &instance)
{
    auto spec = m_workspace.fixture(fixture);
    if (!spec)
        return spec.error();
    auto found = find(fixture, instance);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error(Error::Kind::NotFound,
                     QStringLiteral("fixture `%1`%2 is not up; bring it up with `fixbench up %1`")
                         .arg(fixture, instance.isEmpty() ? QString() : QStringLiteral(" (instance %1)").arg(instance)));
    return environmentOf(*spec, **found);
}

Status FixtureManager::runHook(const QString &fixture, const QString &instance, const QString &event, const Progress &progress)
{
    auto spec = m_workspace.fixture(fixture);
    if (!spec)
        return spec.error();
    if (!FixtureSpec::hookEvents().contains(event))
        return Error(Error::Kind::Other, QStringLiteral("unknown hook event `%1`; expected one of: %2")
                                             .arg(event, FixtureSpec::hookEvents().join(QStringLiteral(", "))));
    auto env = environment(fixture, instance);
    if (!env)
        return env.error();
    return HookRunner::runIfPresent(*spec, event, *env, progress);
}

Result<UpResult> FixtureManager::attach(const FixtureSpec &spec, const RunningFixture &running, const UpOptions &options,
                                        qint64 t0)
{
    auto env = environmentOf(spec, running);
    if (!env)
        return env.error();
    const int timeout = options.readinessTimeoutMs > 0 ? options.readinessTimeoutMs : spec.readinessTimeoutMs;
    ReadinessProbe::Context ctx{running.project, *env, engine().endpoint().host()};
    auto progress = [&](const QString &line) { if (options.progress) options.progress(QStringLiteral("ready"), line); };
    if (auto ready = ReadinessProbe::waitReady(spec, ctx, engine(), timeout, progress, options.cancel); !ready)
        return ready.error();
    UpResult r;
    r.fixture = running;
    if (options.keep && !running.keep) {
        // `up --keep` of a stack that is up but not kept: keep it from now on.
        if (auto k = setKeep(running, true); !k)
            return k.error();
        r.fixture.keep = true;
    }
    r.environment = *env;
    r.attached = true;
    r.elapsedMs = QDateTime::currentMSecsSinceEpoch() - t0;
    return r;
}

Result<UpResult> FixtureManager::up(const QString &fixture, const UpOptions &options)
{
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
    auto step = [&](const QString &s, const QString &line) { if (options.progress) options.progress(s, line); };

    auto specR = m_workspace.fixture(fixture);
    if (!specR)
        return specR.error();
    const FixtureSpec &spec = *specR;
    const QString project = projectName(fixture, options.instance);

    if (auto ping = engine().ping(); !ping)
        return ping.error();

    // One `up` per project at a time, across processes: a second one waits, then attaches.
    FileLock projectLock(runtimeDir() + QLatin1Char('/') + project + QStringLiteral(".lock"), 30 * 60 * 1000, options.cancel);
    if (!projectLock.locked())
        return Error(options.cancel && options.cancel->load() ? Error::Kind::Cancelled : Error::Kind::Timeout,
                     QStringLiteral("could not lock %1 (another fixbench is bringing it up)").arg(project));

    auto existing = find(fixture, options.instance);
    if (!existing)
        return existing.error();
    if (existing->has_value()) {
        const RunningFixture &r = **existing;
        if (r.allRunning()) {
            step(QStringLiteral("attach"), QStringLiteral("%1 is already up (project %2); attaching").arg(fixture, project));
            return attach(spec, r, options, t0);
        }
        if (r.ownerAlive() && r.owner.pid != ProcessInfo::current().pid && !r.containers.isEmpty())
            return Error(Error::Kind::Compose,
                         QStringLiteral("fixture `%1` is up but not every container is running (owner pid %2 is alive); "
                                        "inspect it with `fixbench logs %1` or recreate it with `fixbench down %1`")
                             .arg(fixture).arg(r.owner.pid),
                         ReadinessProbe::lastLogLines(engine(), project, 20));
        step(QStringLiteral("cleanup"), QStringLiteral("removing a broken leftover of %1 (project %2)").arg(fixture, project));
        if (auto s = removeStack(engine(), project, spec.stopTimeoutSec); !s)
            return s.error();
    }

    auto tool = composeTool();
    if (!tool)
        return tool.error();
    auto hash = specHash(spec);
    if (!hash)
        return hash.error();
    auto compose = ComposeFile::load(spec.composeFile);
    if (!compose)
        return compose.error();

    // Ports: allocate under the host-wide lock, avoiding what containers publish and
    // what other processes reserved but have not published yet.
    QList<AllocatedPort> ports;
    {
        step(QStringLiteral("ports"), QStringLiteral("allocating host ports"));
        PortLock lock;
        if (!lock.isLocked())
            return Error(Error::Kind::Port, QStringLiteral("could not take the port allocation lock %1 within 2 minutes: another "
                                                           "fixbench holds it. If none is running, delete the file and retry").arg(lock.path()));
        QSet<int> avoid = readReservations(nullptr);
        if (auto all = engine().listContainers({}, false); all)
            for (const ContainerInfo &c : *all)
                for (const PublishedPort &p : c.ports)
                    avoid.insert(p.hostPort);
        auto allocated = PortAllocator().allocate(spec.ports, avoid);
        if (!allocated)
            return allocated.error();
        ports = *allocated;
        reservePorts(ports);
    }
    struct Release {
        QList<AllocatedPort> ports;
        ~Release() { if (!ports.isEmpty()) releasePorts(ports); }
    } release{ports};

    auto env = Interpolation::resolveFixtureEnvironment(spec, ports, builtins(spec, options.instance));
    if (!env)
        return env.error();

    const ProcessInfo me = ProcessInfo::current();
    const bool keep = options.keep || spec.keepUp;
    const QList<QPair<QString, QString>> labelList{
        {QLatin1String(labels::Fixture), spec.name},
        {QLatin1String(labels::Instance), options.instance},
        {QLatin1String(labels::Workspace), m_workspace.id()},
        {QLatin1String(labels::WorkspaceRoot), m_workspace.root()},
        {QLatin1String(labels::OwnerPid), QString::number(me.pid)},
        {QLatin1String(labels::OwnerStart), me.startTime},
        {QLatin1String(labels::OwnerHost), me.host},
        {QLatin1String(labels::Keep), keep ? QStringLiteral("true") : QStringLiteral("false")},
        {QLatin1String(labels::SpecHash), *hash},
        {QLatin1String(labels::Ports), AllocatedPort::formatList(ports)},
        {QLatin1String(labels::Started), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
    };
    auto overridePath = writeOverride(spec, project, labelList);
    if (!overridePath)
        return overridePath.error();

    ComposeProject cp;
    cp.name = project;
    cp.files = {spec.composeFile, *overridePath};
    cp.workingDir = QFileInfo(spec.composeFile).absolutePath();
    cp.environment = env->toProcessEnvironment();
    ComposeDriver driver(*tool, cp);

    auto failAndClean = [&](const Error &e) -> Result<UpResult> {
        if (options.leaveUpOnFailure && e.kind != Error::Kind::Cancelled) {
            Error kept = e;
            kept.message += QStringLiteral(" (left up for inspection: `fixbench logs %1`, then `fixbench down %1`)").arg(fixture);
            return kept;
        }
        step(QStringLiteral("cleanup"), QStringLiteral("taking %1 down after the failure").arg(fixture));
        (void)removeStack(engine(), project, 1);
        return e;
    };

    step(QStringLiteral("compose"), QStringLiteral("%1 up (%2)").arg(tool->displayName(), project));
    const bool build = !compose->buildContexts.isEmpty();
    if (auto s = driver.up(build, [&](const QString &line) { step(QStringLiteral("compose"), line); }, options.cancel); !s)
        return failAndClean(s.error());
    release.ports.clear();
    releasePorts(ports);

    const int timeout = options.readinessTimeoutMs > 0 ? options.readinessTimeoutMs : spec.readinessTimeoutMs;
    ReadinessProbe::Context ctx{project, *env, engine().endpoint().host()};
    if (auto ready = ReadinessProbe::waitReady(spec, ctx, engine(), timeout,
                                               [&](const QString &line) { step(QStringLiteral("ready"), line); }, options.cancel);
        !ready)
        return failAndClean(ready.error());

    if (options.runStartedHook && spec.hook(QStringLiteral("started"))) {
        step(QStringLiteral("hook"), QStringLiteral("running hook `started`"));
        if (auto h = HookRunner::runIfPresent(spec, QStringLiteral("started"), *env,
                                              [&](const QString &line) { step(QStringLiteral("hook"), line); });
            !h)
            return failAndClean(h.error());
    }

    auto found = find(fixture, options.instance);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error(Error::Kind::Compose, QStringLiteral("fixture `%1` vanished right after it became ready").arg(fixture));
    UpResult r;
    r.fixture = **found;
    r.environment = *env;
    r.attached = false;
    r.elapsedMs = QDateTime::currentMSecsSinceEpoch() - t0;
    return r;
}

Status FixtureManager::down(const QString &fixture, const QString &instance, const Progress &progress)
{
    auto found = find(fixture, instance);
    if (!found)
        return found.error();
    if (!found->has_value())
        return {};
    return down(**found, progress);
}

Status FixtureManager::down(const RunningFixture &running, const Progress &progress)
{
    auto spec = m_workspace.fixture(running.fixture);
    if (!spec) {
        // The fixture's files are gone or broken: remove through the engine alone.
        if (progress)
            progress(QStringLiteral("%1: %2; removing it through the engine").arg(running.project, spec.error().message));
        return removeStack(engine(), running.project, 10);
    }
    auto env = environmentOf(*spec, running);
    if (!env)
        return removeStack(engine(), running.project, spec->stopTimeoutSec);
    if (running.allRunning() && spec->hook(QStringLiteral("stopping"))) {
        if (auto h = HookRunner::runIfPresent(*spec, QStringLiteral("stopping"), *env, progress); !h) {
            // Still take it down; report the hook failure afterwards.
            (void)removeStack(engine(), running.project, spec->stopTimeoutSec);
            return h;
        }
    }
    auto tool = composeTool();
    auto compose = ComposeFile::load(spec->composeFile);
    if (!tool || !compose)
        return removeStack(engine(), running.project, spec->stopTimeoutSec);
    auto overridePath = writeOverride(*spec, running.project, {});
    if (!overridePath)
        return overridePath.error();
    ComposeProject cp;
    cp.name = running.project;
    cp.files = {spec->composeFile, *overridePath};
    cp.workingDir = QFileInfo(spec->composeFile).absolutePath();
    cp.environment = env->toProcessEnvironment();
    ComposeDriver driver(*tool, cp);
    Status s = driver.down(spec->stopTimeoutSec, progress);
    // Whatever compose could not remove (e.g. the compose file changed since), the
    // engine can.
    Status rest = removeStack(engine(), running.project, 1);
    QFile::remove(*overridePath);
    if (!s)
        return s;
    return rest;
}

Status FixtureManager::removeStack(EngineClient &engine, const QString &project, int stopTimeoutSec, PruneReport *counts)
{
    const QString filter = labelFilter(labels::ComposeProject, project);
    auto containers = engine.listContainers({filter});
    if (!containers)
        return containers.error();
    // Stop in parallel (each its own engine connection), then remove.
    QList<QString> ids;
    for (const ContainerInfo &c : *containers)
        if (c.state == QLatin1String("running") || c.state == QLatin1String("restarting") || c.state == QLatin1String("paused"))
            ids << c.id;
    // Plain threads, not QtConcurrent: this also runs from atexit handlers (the in-test
    // API tears fixtures down at process exit), when Qt's global pool is already gone.
    const EngineEndpoint ep = engine.endpoint();
    std::vector<std::thread> stoppers;
    for (const QString &id : ids)
        stoppers.emplace_back([ep, stopTimeoutSec, id]() {
            EngineClient c(ep);
            (void)c.stopContainer(id, stopTimeoutSec);
        });
    for (auto &t : stoppers)
        t.join();
    for (const ContainerInfo &c : *containers) {
        Status s = engine.removeContainer(c.id, true, true);
        if (!s && s.error().kind != Error::Kind::NotFound)
            return s;
        if (counts)
            ++counts->containers;
    }
    auto networks = engine.listNetworks({filter});
    if (!networks)
        return networks.error();
    for (const NetworkInfo &n : *networks) {
        Status s = engine.removeNetwork(n.id);
        if (!s && s.error().kind != Error::Kind::NotFound)
            return s;
        if (counts)
            ++counts->networks;
    }
    if (auto volumes = volumesWithLabels(engine, {filter})) {
        for (const auto &v : std::as_const(*volumes)) {
            const QString name = v.toObject().value(QStringLiteral("Name")).toString();
            if (engine.requestJson("DELETE", QStringLiteral("/volumes/") + name).ok() && counts)
                ++counts->volumes;
        }
    }
    return {};
}

Result<PruneReport> FixtureManager::prune(EngineClient &engine, const Progress &progress)
{
    auto stacks = findStacks(engine, {});
    if (!stacks)
        return stacks.error();
    PruneReport report;
    for (const RunningFixture &r : *stacks) {
        if (r.keep || r.ownerAlive()) {
            report.kept << r.project;
            if (progress)
                progress(QStringLiteral("keeping %1 (%2)").arg(r.project, r.keep ? QStringLiteral("kept") : QStringLiteral("owner pid %1 alive").arg(r.owner.pid)));
            continue;
        }
        if (progress)
            progress(QStringLiteral("removing %1 (owner pid %2 is gone)").arg(r.project).arg(r.owner.pid));
        if (auto s = removeStack(engine, r.project, 2, &report); !s)
            return s.error();
        report.removed << r.project;
    }
    return report;
}

Result<QList<FixtureStatus>> FixtureManager::status()
{
    auto stacks = running();
    if (!stacks)
        return stacks.error();
    QList<FixtureStatus> out;
    QSet<QString> seenProjects;
    auto stateOf = [](RunningFixture &r) {
        FixtureState state = FixtureState::Ready;
        for (ContainerInfo &c : r.containers) {
            if (c.state == QLatin1String("running") && c.status.contains(QLatin1String("health: starting")))
                c.health = QStringLiteral("starting");
            else if (c.status.contains(QLatin1String("(healthy)")))
                c.health = QStringLiteral("healthy");
            else if (c.status.contains(QLatin1String("(unhealthy)")))
                c.health = QStringLiteral("unhealthy");
            if (c.state == QLatin1String("removing"))
                return FixtureState::Stopping;
            if (c.state == QLatin1String("created") || c.health == QLatin1String("starting"))
                state = FixtureState::Starting;
            else if (c.state == QLatin1String("restarting") || c.state == QLatin1String("dead") || c.health == QLatin1String("unhealthy")
                     || (c.state == QLatin1String("exited") && !c.status.contains(QLatin1String("(0)"))))
                return FixtureState::Unhealthy;
        }
        if (r.containers.isEmpty())
            return r.ownerAlive() ? FixtureState::Starting : FixtureState::Unhealthy;
        return state;
    };
    const QStringList names = m_workspace.fixtureNames();
    for (const QString &name : names) {
        auto spec = m_workspace.fixture(name);
        bool any = false;
        for (RunningFixture &r : *stacks) {
            if (r.fixture != name)
                continue;
            any = true;
            seenProjects.insert(r.project);
            FixtureStatus s;
            s.fixture = name;
            s.instance = r.instance;
            s.project = r.project;
            s.description = spec ? spec->description : QString();
            s.state = stateOf(r);
            if (spec) {
                auto hash = specHash(*spec);
                s.stale = hash && *hash != r.specHash;
            }
            s.running = r;
            out << s;
        }
        if (!any) {
            FixtureStatus s;
            s.fixture = name;
            s.project = projectName(name, {});
            s.description = spec ? spec->description : QString();
            out << s;
        }
    }
    for (RunningFixture &r : *stacks) {
        if (seenProjects.contains(r.project))
            continue;
        FixtureStatus s;
        s.fixture = r.fixture;
        s.instance = r.instance;
        s.project = r.project;
        s.known = false;
        s.state = stateOf(r);
        s.running = r;
        out << s;
    }
    return out;
}

} // namespace fixbench
