#include "cli.h"

#include "compose/composetool.h"
#include "engine/engineclient.h"
#include "fixture/fixturemanager.h"
#include "engine/labels.h"
#include "workspace/templatelibrary.h"
#include "terminalprogress.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRegularExpression>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <poll.h>
#include <cstdio>
#include <thread>
#include <unistd.h>

namespace fixbench {

namespace {


void onSignal(int)
{
    Cli::interrupted().store(true);
}

const char *kExitCodes =
    "Exit codes:\n"
    "  0    success\n"
    "  1    the operation failed (compose, a hook, a probe, ...)\n"
    "  2    bad command line\n"
    "  3    invalid fixbench.yml or fixture.yml\n"
    "  4    Docker engine not reachable\n"
    "  5    a fixture did not get ready in time, or an FTP operation timed out\n"
    "  6    a port is already in use or could not be allocated\n"
    "  7    no such fixture, or the fixture is not up, or no such remote path (ftp)\n"
    "  8    credentials refused (ftp: wrong user or password)\n"
    "  9    connection refused, unreachable or reset (ftp)\n"
    "  130  interrupted (Ctrl-C); what was started is taken down\n";

QString padRight(const QString &s, int width) { return s.leftJustified(width); }

QString portsText(const RunningFixture &r)
{
    QStringList parts;
    for (const AllocatedPort &p : r.ports)
        parts << p.toString();
    return parts.join(QLatin1Char(' '));
}

// Whether standard input reached its end (or failed) within timeoutMs; data read is
// discarded.
bool stdinClosed(int timeoutMs)
{
    pollfd pfd{0, POLLIN, 0};
    const int n = ::poll(&pfd, 1, timeoutMs);
    if (n <= 0)
        return false;
    if (pfd.revents & POLLIN) {
        char buf[256];
        const ssize_t r = ::read(0, buf, sizeof buf);
        return r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN);
    }
    return (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

QJsonObject envToJson(const Environment &env, bool showSecrets)
{
    QJsonObject vars;
    for (const auto &v : env.variables())
        vars.insert(v.name, QJsonObject{{QStringLiteral("value"), Environment::displayValue(v, showSecrets)},
                                        {QStringLiteral("secret"), v.secret},
                                        {QStringLiteral("source"), v.source}});
    return vars;
}

} // namespace

QJsonObject Cli::machineAnswer(const QJsonObject &payload)
{
    QJsonObject o{{QStringLiteral("schema"), kMachineSchema},
                  {QStringLiteral("fixbench"), QCoreApplication::applicationVersion()}};
    for (auto it = payload.begin(); it != payload.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject Cli::machineError(const Error &e, int exitCode)
{
    QJsonObject error{{QStringLiteral("kind"), QString::fromLatin1(Error::kindName(e.kind))},
                      {QStringLiteral("message"), e.location.isValid() ? e.location.toString() + QStringLiteral(": ") + e.message
                                                                       : e.message},
                      {QStringLiteral("exit_code"), exitCode}};
    if (!e.details.isEmpty())
        error.insert(QStringLiteral("details"), e.details);
    if (e.replyCode)
        error.insert(QStringLiteral("reply_code"), e.replyCode);
    return machineAnswer({{QStringLiteral("error"), error}});
}

void Cli::out(const QString &s)
{
    fputs(qPrintable(s), stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

void Cli::err(const QString &s)
{
    fputs(qPrintable(s), stderr);
    fputc('\n', stderr);
    fflush(stderr);
}

std::atomic_bool &Cli::interrupted()
{
    static std::atomic_bool flag{false};
    return flag;
}

void Cli::installSignalHandlers()
{
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

int Cli::exitCodeFor(const Error &e)
{
    switch (e.kind) {
    case Error::Kind::Spec: return ExitSpec;
    case Error::Kind::Engine: return ExitEngine;
    case Error::Kind::Timeout: return ExitTimeout;
    case Error::Kind::Port: return ExitPort;
    case Error::Kind::NotFound: return ExitNotFound;
    case Error::Kind::Auth: return ExitAuth;
    case Error::Kind::Connection: return ExitConnection;
    case Error::Kind::Cancelled: return ExitInterrupted;
    default: return ExitFailed;
    }
}

int Cli::fail(const Error &e)
{
    err(QStringLiteral("fixbench: ") + e.toString());
    return exitCodeFor(e);
}

void Cli::printUsage()
{
    out(tr("Usage: fixbench [-w DIR] COMMAND [options]\n"
           "\n"
           "Brings docker compose fixtures up for integration tests, waits until they are\n"
           "ready and hands their connection settings to tests.\n"
           "\n"
           "Commands:\n"
           "  list                      fixtures of the workspace and their state\n"
           "  up NAME... [--keep]       bring fixtures up (or attach), wait until ready\n"
           "  down NAME...|--all        take fixtures down\n"
           "  status [--json]           running fixtures: state, services, ports, owner\n"
           "  env NAME [--json]         a running fixture's environment (export lines)\n"
           "  logs NAME [SERVICE] [-f]  container logs\n"
           "  hook NAME EVENT           run a hook (started, setup_data, ...) now\n"
           "  keep NAME [--off]         keep a running fixture up (or stop keeping it)\n"
           "  ftp ls|get|put|rm|mkdir|rmdir|mv|clean [--fixture NAME|--url URL] PATH...\n"
           "                            browse and change a fixture's FTP server\n"
           "  run [BINARY...]           run test binaries with their fixtures (live, JUnit/JSON)\n"
           "  prune                     remove stacks whose owner died (unless kept)\n"
           "  doctor                    check engine, compose and base image\n"
           "  init [DIR] [--name NAME]  make DIR (default: here) a workspace: fixbench.yml, fixtures/\n"
           "  new NAME [--template T]   add a fixture from a template (ftp, postgres, redis, http,\n"
           "                            generic); --list-templates lists them\n"
           "\n"
           "Global options:\n"
           "  -w, --workspace DIR       workspace root (default: $FIXBENCH_WORKSPACE, or the\n"
           "                            nearest folder upwards holding fixbench.yml)\n"
           "  -h, --help                help; `fixbench COMMAND --help` for a command\n"
           "  -v, --version             version\n"
           "\n")
        + QString::fromLatin1(kExitCodes));
}

int Cli::parse(QCommandLineParser &parser, const QString &command, const QString &summary, const QStringList &args)
{
    parser.setApplicationDescription(summary + QStringLiteral("\n\n") + QString::fromLatin1(kExitCodes));
    parser.addHelpOption();
    QStringList argv{QStringLiteral("fixbench ") + command};
    argv += args;
    if (!parser.parse(argv)) {
        err(tr("fixbench %1: %2\nTry `fixbench %1 --help`.").arg(command, parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText());
        return ExitOk;
    }
    return -1;
}

Status Cli::releaseStarted(FixtureManager &mgr, QList<UpResult> &started)
{
    Status first;
    for (auto it = started.rbegin(); it != started.rend(); ++it) {
        if (it->fixture.keep)
            continue;
        TerminalProgress tp;
        tp.begin(it->fixture.fixture);
        auto r = mgr.releaseStarted(it->fixture, [&](const QString &line) { tp.update(QStringLiteral("down"), line); });
        tp.finish(r.ok(), !r ? r.error().toString() : *r ? tr("%1 down").arg(it->fixture.fixture)
                                                           : tr("%1 left up (kept meanwhile)").arg(it->fixture.fixture));
        if (!r && first)
            first = r.error();
    }
    started.clear();
    return first;
}

Result<Workspace> Cli::workspace()
{
    QString dir = m_workspaceOption;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("FIXBENCH_WORKSPACE");
    if (!dir.isEmpty())
        return Workspace::load(QDir(dir).absolutePath());
    return Workspace::discover(QDir::currentPath());
}

int Cli::run(const QStringList &arguments)
{
    QStringList args = arguments.mid(1);
    QString command;
    QStringList rest;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (command.isEmpty()) {
            if (a == QLatin1String("-w") || a == QLatin1String("--workspace")) {
                if (i + 1 >= args.size()) {
                    err(tr("fixbench: %1 needs a folder").arg(a));
                    return ExitUsage;
                }
                m_workspaceOption = args[++i];
                continue;
            }
            if (a.startsWith(QLatin1String("--workspace="))) {
                m_workspaceOption = a.mid(12);
                continue;
            }
            if (a == QLatin1String("-h") || a == QLatin1String("--help") || a == QLatin1String("help")) {
                printUsage();
                return ExitOk;
            }
            if (a == QLatin1String("-v") || a == QLatin1String("--version")) {
                out(QStringLiteral("fixbench ") + QCoreApplication::applicationVersion());
                return ExitOk;
            }
            if (a.startsWith(QLatin1Char('-'))) {
                err(tr("fixbench: unknown option %1 (options go after the command)\nTry `fixbench --help`.").arg(a));
                return ExitUsage;
            }
            command = a;
            continue;
        }
        rest << a;
    }
    if (command.isEmpty()) {
        printUsage();
        return ExitUsage;
    }
    if (command == QLatin1String("list")) return cmdList(rest);
    if (command == QLatin1String("up")) return cmdUp(rest);
    if (command == QLatin1String("down")) return cmdDown(rest);
    if (command == QLatin1String("status")) return cmdStatus(rest);
    if (command == QLatin1String("env")) return cmdEnv(rest);
    if (command == QLatin1String("logs")) return cmdLogs(rest);
    if (command == QLatin1String("prune")) return cmdPrune(rest);
    if (command == QLatin1String("doctor")) return cmdDoctor(rest);
    if (command == QLatin1String("init")) return cmdInit(rest);
    if (command == QLatin1String("new")) return cmdNew(rest);
    if (command == QLatin1String("hook")) return cmdHook(rest);
    if (command == QLatin1String("keep")) return cmdKeep(rest);
    if (command == QLatin1String("ftp")) return cmdFtp(rest);
    if (command == QLatin1String("run")) return cmdRun(rest);
    err(tr("fixbench: unknown command `%1`\nTry `fixbench --help`.").arg(command));
    return ExitUsage;
}

// --- list ----------------------------------------------------------------------

int Cli::cmdList(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("json"), tr("JSON output.")});
    if (int rc = parse(p, QStringLiteral("list"), tr("Lists the fixtures of the workspace, with their state."), args); rc >= 0)
        return rc;
    auto ws = workspace();
    if (!ws)
        return fail(ws.error());
    FixtureManager mgr(*ws);
    auto st = mgr.status();
    QJsonArray json;
    if (!p.isSet(QStringLiteral("json")))
        out(padRight(tr("FIXTURE"), 22) + padRight(tr("STATE"), 12) + tr("DESCRIPTION"));
    for (const QString &name : ws->fixtureNames()) {
        auto spec = ws->fixture(name);
        QString state = st ? fixtureStateName(FixtureState::Down) : QStringLiteral("?");
        int instances = 0;
        if (st)
            for (const FixtureStatus &s : *st)
                if (s.fixture == name && s.running) {
                    ++instances;
                    state = fixtureStateName(s.state) + (s.stale ? QStringLiteral(",stale") : QString());
                }
        const QString desc = spec ? spec->description : QStringLiteral("invalid: ") + spec.error().toString();
        if (p.isSet(QStringLiteral("json"))) {
            json.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("state"), state},
                                    {QStringLiteral("instances"), instances}, {QStringLiteral("description"), desc},
                                    {QStringLiteral("valid"), spec.ok()}});
        } else {
            out(padRight(name, 22) + padRight(state + (instances > 1 ? QStringLiteral(" x%1").arg(instances) : QString()), 12)
                + desc.section(QLatin1Char('\n'), 0, 0));
        }
    }
    if (p.isSet(QStringLiteral("json")))
        out(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)).trimmed());
    if (!st)
        err(tr("fixbench: states unknown: %1").arg(st.error().message));
    return ExitOk;
}

// --- up ------------------------------------------------------------------------

int Cli::cmdUp(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"), tr("Fixtures to bring up."), QStringLiteral("NAME..."));
    p.addOption({QStringLiteral("keep"), tr("Leave the fixtures up when this command ends (also: keep_up in fixture.yml). "
                                            "Without it, `up` stays in the foreground and takes down what it started on Ctrl-C.")});
    p.addOption({QStringLiteral("instance"), tr("Instance name, to run several copies of one fixture."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("timeout"), tr("Readiness timeout in seconds (default: the fixture's)."), QStringLiteral("SECONDS")});
    p.addOption({QStringLiteral("leave-up-on-failure"), tr("Do not take a fixture down when it fails to get ready.")});
    p.addOption({QStringLiteral("show-secrets"), tr("Print secret values too.")});
    p.addOption({QStringLiteral("json"), tr("Print the result as JSON (machine interface schema %1, "
                                            "docs/machine-interface.md), errors too.").arg(kMachineSchema)});
    p.addOption({QStringLiteral("hold-stdin"),
                 tr("Hold what this command started until its standard input closes (the parent process ended, "
                    "however it ended), then take it down. With --json the answer is one line. Used by the "
                    "in-test client.")});
    if (int rc = parse(p, QStringLiteral("up"),
                       tr("Brings fixtures up (or attaches to them when already up), waits until every readiness probe "
                          "passes, runs their `started` hook and prints their environment."),
                       args);
        rc >= 0)
        return rc;
    const QStringList names = p.positionalArguments();
    if (names.isEmpty()) {
        err(tr("fixbench up: name at least one fixture\nTry `fixbench list`."));
        return ExitUsage;
    }
    const bool json = p.isSet(QStringLiteral("json"));
    const bool hold = p.isSet(QStringLiteral("hold-stdin"));
    const QJsonDocument::JsonFormat format = hold ? QJsonDocument::Compact : QJsonDocument::Indented;
    // With --json, a failure is also an answer on stdout: {"schema":1,"error":{...}}.
    auto failUp = [&](const Error &e, int exitCode = -1) {
        const int rc = exitCode >= 0 ? exitCode : fail(e);
        if (exitCode >= 0)
            err(QStringLiteral("fixbench: ") + e.toString());
        if (json)
            out(QString::fromUtf8(QJsonDocument(machineError(e, rc)).toJson(format)).trimmed());
        return rc;
    };
    auto ws = workspace();
    if (!ws)
        return failUp(ws.error());
    FixtureManager mgr(*ws);
    const bool showSecrets = p.isSet(QStringLiteral("show-secrets"));

    QList<UpResult> started; // what this process brought up (not attached)
    QList<UpResult> results;
    bool allKept = true;
    auto takeDownStarted = [&]() { (void)releaseStarted(mgr, started); };

    for (const QString &name : names) {
        UpOptions o;
        o.instance = p.value(QStringLiteral("instance"));
        o.keep = p.isSet(QStringLiteral("keep"));
        o.leaveUpOnFailure = p.isSet(QStringLiteral("leave-up-on-failure"));
        if (p.isSet(QStringLiteral("timeout")))
            o.readinessTimeoutMs = int(p.value(QStringLiteral("timeout")).toDouble() * 1000);
        o.cancel = &interrupted();
        TerminalProgress tp;
        tp.begin(name);
        o.progress = [&](const QString &step, const QString &line) { tp.update(step, line); };
        auto r = mgr.up(name, o);
        if (!r) {
            tp.finish(false, tr("%1 failed").arg(name));
            takeDownStarted();
            return failUp(r.error(), interrupted().load() ? int(ExitInterrupted) : exitCodeFor(r.error()));
        }
        tp.finish(true, r->attached ? tr("%1 already up, attached in %2 s").arg(name).arg(r->elapsedMs / 1000.0, 0, 'f', 2)
                                    : tr("%1 ready in %2 s").arg(name).arg(r->elapsedMs / 1000.0, 0, 'f', 1));
        if (!r->attached)
            started << *r;
        allKept = allKept && (r->fixture.keep || r->attached);
        results << *r;
    }

    if (json) {
        QJsonArray arr;
        for (const UpResult &r : results) {
            QJsonArray hooks;
            if (auto spec = ws->fixture(r.fixture.fixture))
                for (const HookSpec &h : spec->hooks)
                    hooks.append(h.event);
            arr.append(QJsonObject{{QStringLiteral("fixture"), r.fixture.fixture},
                                   {QStringLiteral("instance"), r.fixture.instance},
                                   {QStringLiteral("project"), r.fixture.project},
                                   {QStringLiteral("attached"), r.attached},
                                   {QStringLiteral("keep"), r.fixture.keep},
                                   {QStringLiteral("elapsed_ms"), r.elapsedMs},
                                   {QStringLiteral("hooks"), hooks},
                                   {QStringLiteral("environment"), envToJson(r.environment, showSecrets)}});
        }
        out(QString::fromUtf8(QJsonDocument(machineAnswer({{QStringLiteral("fixtures"), arr}})).toJson(format)).trimmed());
    } else {
        for (const UpResult &r : results) {
            out(tr("%1 (project %2)%3").arg(r.fixture.fixture, r.fixture.project,
                                             r.fixture.keep ? tr(", kept") : QString()));
            for (const auto &v : r.environment.variables())
                if (v.source != QLatin1String("fixbench"))
                    out(QStringLiteral("  %1=%2").arg(v.name, Environment::displayValue(v, showSecrets)));
        }
    }

    // Fixtures that are not kept live as long as this command: wait for Ctrl-C.
    bool mustWait = false;
    for (const UpResult &r : started)
        mustWait = mustWait || !r.fixture.keep;
    if (!mustWait)
        return ExitOk;
    if (!hold)
        err(tr("Up until Ctrl-C (then taken down). Use --keep to leave fixtures up and return."));
    while (!interrupted().load()) {
        if (hold) {
            // The parent's end of our stdin closes when it ends, however it ends.
            if (stdinClosed(200))
                break;
        } else {
            QThread::msleep(200);
        }
        // Someone else took it down (fixbench down, the GUI): nothing left to wait for.
        static int tick = 0;
        if (++tick % 10 == 0) {
            bool anyLeft = false;
            for (const UpResult &r : started) {
                auto f = mgr.find(r.fixture.fixture, r.fixture.instance);
                anyLeft = anyLeft || !f || f->has_value();
            }
            if (!anyLeft) {
                err(tr("The fixtures were taken down elsewhere."));
                return ExitOk;
            }
        }
    }
    takeDownStarted();
    return ExitOk;
}

// --- down ----------------------------------------------------------------------

int Cli::cmdDown(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"), tr("Fixtures to take down."), QStringLiteral("NAME..."));
    p.addOption({QStringLiteral("all"), tr("Every fixture of this workspace, every instance, kept or not.")});
    p.addOption({QStringLiteral("instance"), tr("Instance name."), QStringLiteral("NAME")});
    if (int rc = parse(p, QStringLiteral("down"),
                       tr("Runs the `stopping` hook, then removes containers, networks and volumes of fixtures."), args);
        rc >= 0)
        return rc;
    const QStringList names = p.positionalArguments();
    if (names.isEmpty() == !p.isSet(QStringLiteral("all"))) {
        err(tr("fixbench down: name fixtures or use --all (not both)"));
        return ExitUsage;
    }
    auto ws = workspace();
    if (!ws)
        return fail(ws.error());
    FixtureManager mgr(*ws);
    if (auto ping = mgr.engine().ping(); !ping)
        return fail(ping.error());
    QList<RunningFixture> targets;
    if (p.isSet(QStringLiteral("all"))) {
        auto all = mgr.running();
        if (!all)
            return fail(all.error());
        targets = *all;
    } else {
        for (const QString &name : names) {
            if (!ws->fixtureNames().contains(name)) {
                auto spec = ws->fixture(name);
                if (!spec && spec.error().kind == Error::Kind::NotFound)
                    return fail(spec.error());
            }
            auto f = mgr.find(name, p.value(QStringLiteral("instance")));
            if (!f)
                return fail(f.error());
            if (!f->has_value()) {
                err(tr("%1 is not up").arg(name));
                continue;
            }
            targets << **f;
        }
    }
    int rc = ExitOk;
    for (const RunningFixture &r : targets) {
        TerminalProgress tp;
        tp.begin(r.instance.isEmpty() ? r.fixture : r.fixture + QLatin1Char('@') + r.instance);
        Status s = mgr.down(r, [&](const QString &line) { tp.update(QStringLiteral("down"), line); });
        tp.finish(s.ok(), s ? tr("%1 down").arg(r.fixture) : tr("%1: down failed").arg(r.fixture));
        if (!s)
            rc = fail(s.error());
    }
    return rc;
}

// --- status --------------------------------------------------------------------

int Cli::cmdStatus(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("json"), tr("JSON output.")});
    p.addOption({QStringLiteral("all"), tr("Also list fixtures that are down.")});
    if (int rc = parse(p, QStringLiteral("status"),
                       tr("Shows running fixtures: state, services, ports, owner, keep, and `stale` when their files "
                          "changed since they started."),
                       args);
        rc >= 0)
        return rc;
    auto ws = workspace();
    if (!ws)
        return fail(ws.error());
    FixtureManager mgr(*ws);
    auto st = mgr.status();
    if (!st)
        return fail(st.error());
    const bool all = p.isSet(QStringLiteral("all"));
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const FixtureStatus &s : *st) {
            if (!s.running && !all)
                continue;
            QJsonObject o{{QStringLiteral("fixture"), s.fixture}, {QStringLiteral("instance"), s.instance},
                          {QStringLiteral("project"), s.project}, {QStringLiteral("state"), fixtureStateName(s.state)},
                          {QStringLiteral("stale"), s.stale}, {QStringLiteral("known"), s.known}};
            if (s.running) {
                const RunningFixture &r = *s.running;
                QJsonArray services;
                for (const ContainerInfo &c : r.containers) {
                    QJsonArray ports;
                    for (const PublishedPort &pp : c.ports)
                        ports.append(QJsonObject{{QStringLiteral("container"), pp.containerPort},
                                                 {QStringLiteral("host"), pp.hostPort},
                                                 {QStringLiteral("protocol"), pp.protocol}});
                    services.append(QJsonObject{{QStringLiteral("service"), c.service}, {QStringLiteral("container"), c.name},
                                                {QStringLiteral("state"), c.state}, {QStringLiteral("status"), c.status},
                                                {QStringLiteral("health"), c.health}, {QStringLiteral("ports"), ports}});
                }
                o.insert(QStringLiteral("services"), services);
                o.insert(QStringLiteral("owner_pid"), r.owner.pid);
                o.insert(QStringLiteral("owner_alive"), r.ownerAlive());
                o.insert(QStringLiteral("keep"), r.keep);
                o.insert(QStringLiteral("ports"), portsText(r));
                o.insert(QStringLiteral("started"), r.startedAt.toString(Qt::ISODate));
            }
            arr.append(o);
        }
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)).trimmed());
        return ExitOk;
    }
    int shown = 0;
    for (const FixtureStatus &s : *st) {
        if (!s.running) {
            if (all)
                out(padRight(s.fixture, 22) + fixtureStateName(s.state));
            continue;
        }
        ++shown;
        const RunningFixture &r = *s.running;
        QStringList flags;
        if (s.stale)
            flags << tr("stale: files changed since it started, restart it");
        if (r.keep)
            flags << tr("kept");
        flags << (r.ownerAlive() ? tr("owner pid %1").arg(r.owner.pid) : tr("owner gone"));
        if (!s.known)
            flags << tr("not in this workspace any more");
        QString name = s.instance.isEmpty() ? s.fixture : s.fixture + QLatin1Char('@') + s.instance;
        out(padRight(name, 21) + QLatin1Char(' ') + padRight(fixtureStateName(s.state), 10) + QLatin1Char(' ')
            + padRight(portsText(r), 33) + QLatin1Char(' ') + flags.join(QStringLiteral(", ")));
        for (const ContainerInfo &c : r.containers) {
            QStringList ports;
            for (const PublishedPort &pp : c.ports)
                ports << QStringLiteral("%1->%2").arg(pp.hostPort).arg(pp.containerPort);
            out(QStringLiteral("  ") + padRight(c.service, 19) + QLatin1Char(' ')
                + padRight(c.state + (c.health.isEmpty() ? QString() : QLatin1Char('/') + c.health), 10) + QLatin1Char(' ')
                + padRight(c.status, 33) + QLatin1Char(' ') + ports.join(QLatin1Char(' ')));
        }
    }
    if (shown == 0 && !all)
        out(tr("no fixture of %1 is up").arg(ws->name()));
    return ExitOk;
}

// --- env -----------------------------------------------------------------------

int Cli::cmdEnv(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"), tr("A running fixture."));
    p.addOption({QStringLiteral("json"), tr("JSON output: name → {value, secret, source}.")});
    p.addOption({QStringLiteral("show-secrets"), tr("Include secret values (masked otherwise).")});
    p.addOption({QStringLiteral("instance"), tr("Instance name."), QStringLiteral("NAME")});
    if (int rc = parse(p, QStringLiteral("env"),
                       tr("Prints a running fixture's environment as shell export lines: eval \"$(fixbench env NAME --show-secrets)\"."),
                       args);
        rc >= 0)
        return rc;
    if (p.positionalArguments().size() != 1) {
        err(tr("fixbench env: name exactly one fixture"));
        return ExitUsage;
    }
    auto ws = workspace();
    if (!ws)
        return fail(ws.error());
    FixtureManager mgr(*ws);
    auto env = mgr.environment(p.positionalArguments().first(), p.value(QStringLiteral("instance")));
    if (!env)
        return fail(env.error());
    const bool show = p.isSet(QStringLiteral("show-secrets"));
    if (p.isSet(QStringLiteral("json")))
        out(QString::fromUtf8(QJsonDocument(envToJson(*env, show)).toJson(QJsonDocument::Indented)).trimmed());
    else
        fputs(qPrintable(env->toShellExports(show)), stdout);
    return ExitOk;
}

// --- logs ----------------------------------------------------------------------

int Cli::cmdLogs(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"), tr("A running fixture."));
    p.addPositionalArgument(QStringLiteral("SERVICE"), tr("Only this service."), QStringLiteral("[SERVICE]"));
    p.addOption({{QStringLiteral("f"), QStringLiteral("follow")}, tr("Keep streaming until Ctrl-C or the containers stop.")});
    p.addOption({QStringLiteral("tail"), tr("Only the last N lines of each container."), QStringLiteral("N")});
    p.addOption({{QStringLiteral("t"), QStringLiteral("timestamps")}, tr("Prefix lines with their timestamp.")});
    p.addOption({QStringLiteral("instance"), tr("Instance name."), QStringLiteral("NAME")});
    if (int rc = parse(p, QStringLiteral("logs"), tr("Prints the logs of a fixture's containers, `service | line`."), args); rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty() || pos.size() > 2) {
        err(tr("fixbench logs: NAME [SERVICE]"));
        return ExitUsage;
    }
    auto ws = workspace();
    if (!ws)
        return fail(ws.error());
    FixtureManager mgr(*ws);
    auto found = mgr.find(pos[0], p.value(QStringLiteral("instance")));
    if (!found)
        return fail(found.error());
    if (!found->has_value())
        return fail(Error(Error::Kind::NotFound, tr("fixture `%1` is not up").arg(pos[0])));
    QList<ContainerInfo> containers;
    for (const ContainerInfo &c : (*found)->containers)
        if (pos.size() < 2 || c.service == pos[1])
            containers << c;
    if (containers.isEmpty()) {
        QStringList services;
        for (const ContainerInfo &c : (*found)->containers)
            services << c.service;
        return fail(Error(Error::Kind::NotFound, tr("fixture `%1` has no service `%2`; it has: %3").arg(pos[0], pos.value(1), services.join(QStringLiteral(", ")))));
    }
    LogOptions o;
    o.follow = p.isSet(QStringLiteral("follow"));
    o.timestamps = p.isSet(QStringLiteral("timestamps"));
    if (p.isSet(QStringLiteral("tail"))) {
        bool ok = false;
        o.tail = p.value(QStringLiteral("tail")).toInt(&ok);
        if (!ok || o.tail < 0) {
            err(tr("fixbench logs: --tail needs a number"));
            return ExitUsage;
        }
    }
    int width = 0;
    for (const ContainerInfo &c : containers)
        width = std::max(width, int(c.service.size()));
    const bool tty = ::isatty(fileno(stdout));
    static const char *colours[] = {"36", "33", "32", "35", "34", "31"};
    QMutex printMutex;
    QList<Error> errors;
    auto stream = [&](int index) {
        const ContainerInfo &c = containers[index];
        EngineClient engine(mgr.engine().endpoint());
        const QString prefix = tty ? QStringLiteral("\x1b[%1m%2 |\x1b[0m ").arg(QLatin1String(colours[index % 6]), padRight(c.service, width))
                                   : padRight(c.service, width) + QStringLiteral(" | ");
        Status s = engine.streamLogs(c.id, o, [&](const LogLine &l) {
            QString line = prefix;
            if (o.timestamps && l.timestamp.isValid())
                line += l.timestamp.toString(Qt::ISODateWithMs) + QLatin1Char(' ');
            line += QString::fromUtf8(l.text);
            QMutexLocker lock(&printMutex);
            out(line);
        }, &interrupted());
        if (!s) {
            QMutexLocker lock(&printMutex);
            errors << s.error();
        }
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < containers.size(); ++i)
        threads.emplace_back(stream, i);
    for (auto &t : threads)
        t.join();
    if (!errors.isEmpty())
        return fail(errors.first());
    return ExitOk;
}

// --- hook ----------------------------------------------------------------------

int Cli::cmdHook(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"), tr("A running fixture."));
    p.addPositionalArgument(QStringLiteral("EVENT"), tr("started, setup_data, teardown_data or stopping."));
    p.addOption({QStringLiteral("instance"), tr("Instance name."), QStringLiteral("NAME")});
    if (int rc = parse(p, QStringLiteral("hook"), tr("Runs one hook of a running fixture now, with its environment."), args); rc >= 0)
        return rc;
    if (p.positionalArguments().size() != 2) {
        err(tr("fixbench hook: NAME EVENT"));
        return ExitUsage;
    }
    auto ws = workspace();
    if (!ws)
        return fail(ws.error());
    FixtureManager mgr(*ws);
    Status s = mgr.runHook(p.positionalArguments()[0], p.value(QStringLiteral("instance")), p.positionalArguments()[1],
                           [](const QString &line) { out(line); });
    return s ? int(ExitOk) : fail(s.error());
}

// --- keep ----------------------------------------------------------------------

int Cli::cmdKeep(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"), tr("A running fixture."), QStringLiteral("NAME..."));
    p.addOption({QStringLiteral("off"), tr("Stop keeping it: its owner (or `fixbench prune` once the owner is gone) takes it down.")});
    p.addOption({QStringLiteral("instance"), tr("Instance name."), QStringLiteral("NAME")});
    if (int rc = parse(p, QStringLiteral("keep"),
                       tr("Keeps running fixtures up: whoever started them leaves them up when it ends, and prune leaves "
                          "them alone, until `fixbench down`. Works on fixtures started by anyone, at any time."),
                       args);
        rc >= 0)
        return rc;
    if (p.positionalArguments().isEmpty()) {
        err(tr("fixbench keep: name at least one fixture"));
        return ExitUsage;
    }
    auto ws = workspace();
    if (!ws)
        return fail(ws.error());
    FixtureManager mgr(*ws);
    const bool keep = !p.isSet(QStringLiteral("off"));
    for (const QString &name : p.positionalArguments()) {
        Status s = mgr.setKeep(name, p.value(QStringLiteral("instance")), keep);
        if (!s)
            return fail(s.error());
        out(keep ? tr("%1 is kept: it stays up until `fixbench down %1`").arg(name)
                 : tr("%1 is no longer kept").arg(name));
    }
    return ExitOk;
}

// --- prune ---------------------------------------------------------------------

int Cli::cmdPrune(const QStringList &args)
{
    QCommandLineParser p;
    if (int rc = parse(p, QStringLiteral("prune"),
                       tr("Removes the containers, networks and volumes of fixbench stacks (any workspace) whose owner "
                          "process is gone and that are not kept."),
                       args);
        rc >= 0)
        return rc;
    EngineClient engine;
    auto report = FixtureManager::prune(engine, [](const QString &line) { err(line); });
    if (!report)
        return fail(report.error());
    out(tr("pruned %1 stack(s): %2 container(s), %3 network(s), %4 volume(s); %5 left (kept or owner alive)")
            .arg(report->removed.size()).arg(report->containers).arg(report->networks).arg(report->volumes)
            .arg(report->kept.size()));
    return ExitOk;
}

// --- doctor --------------------------------------------------------------------

int Cli::cmdDoctor(const QStringList &args)
{
    QCommandLineParser p;
    if (int rc = parse(p, QStringLiteral("doctor"), tr("Checks what fixbench needs: engine, API version, compose, base image."), args); rc >= 0)
        return rc;
    int rc = ExitOk;
    auto line = [](bool ok, const QString &what, const QString &detail) {
        out(QStringLiteral("%1 %2: %3").arg(ok ? QStringLiteral("ok  ") : QStringLiteral("FAIL"), what, detail));
    };
    EngineClient engine;
    Status ping = engine.ping();
    line(ping.ok(), tr("engine"), ping ? engine.endpoint().toString() : ping.error().message);
    if (ping) {
        auto v = engine.version();
        auto api = engine.apiVersion();
        if (v && api)
            line(true, tr("engine version"), tr("%1 (API %2, speaking %3)").arg(v->version, v->apiVersion, *api));
        auto img = engine.imageExists(QStringLiteral("debian:bookworm-slim"));
        const bool present = img && *img;
        line(present, tr("base image"), present ? QStringLiteral("debian:bookworm-slim") : tr("debian:bookworm-slim is missing: run scripts/setup.sh"));
        if (!present)
            rc = ExitFailed;
        auto stacks = FixtureManager::findStacks(engine, {});
        if (stacks) {
            int orphans = 0;
            for (const RunningFixture &r : *stacks)
                orphans += (!r.keep && !r.ownerAlive()) ? 1 : 0;
            line(orphans == 0, tr("leftovers"), orphans == 0 ? tr("none") : tr("%1 stack(s) whose owner died: run `fixbench prune`").arg(orphans));
        }
    } else {
        rc = ExitEngine;
    }
    auto tool = ComposeTool::detect();
    line(tool.ok(), tr("compose"), tool ? tool->displayName() + QStringLiteral(" (") + tool->flavorName() + QLatin1Char(')') : tool.error().message);
    if (!tool && rc == ExitOk)
        rc = ExitFailed;
    auto ws = workspace();
    line(ws.ok(), tr("workspace"), ws ? tr("%1 (%2 fixtures) at %3").arg(ws->name()).arg(ws->fixtureNames().size()).arg(ws->root()) : ws.error().toString());
    if (ws) {
        for (const QString &name : ws->fixtureNames()) {
            auto spec = ws->fixture(name);
            if (!spec) {
                line(false, tr("fixture %1").arg(name), spec.error().toString());
                if (rc == ExitOk)
                    rc = ExitSpec;
            }
        }
    }
    return rc;
}

// --- init ----------------------------------------------------------------------

int Cli::cmdInit(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("DIR"),
                            tr("The project's root folder (default: -w DIR, else the current folder); created when missing."),
                            QStringLiteral("[DIR]"));
    p.addOption({QStringLiteral("name"), tr("The workspace's name (default: the folder's name)."), QStringLiteral("NAME")});
    if (int rc = parse(p, QStringLiteral("init"),
                       tr("Makes a folder a fixbench workspace: writes a commented fixbench.yml (the name, `fixtures: "
                          "fixtures`, an empty list of tests) and creates the fixtures/ folder. Then add fixtures with "
                          "`fixbench new NAME --template T`.\nAn existing fixbench.yml is left untouched: that is an "
                          "error (exit code 1)."),
                       args);
        rc >= 0)
        return rc;
    if (p.positionalArguments().size() > 1) {
        err(tr("fixbench init: name at most one folder\nTry `fixbench init --help`."));
        return ExitUsage;
    }
    QString dir = p.positionalArguments().value(0);
    if (dir.isEmpty())
        dir = m_workspaceOption.isEmpty() ? QDir::currentPath() : m_workspaceOption;
    auto ws = Workspace::initialize(dir, p.value(QStringLiteral("name")));
    if (!ws)
        return fail(ws.error());
    out(tr("created %1 (workspace `%2`) and the folder %3\nNext: fixbench new NAME --template T  (the templates: "
           "fixbench new --list-templates)")
            .arg(ws->specFile(), ws->name(), ws->fixturesDir()));
    return ExitOk;
}

// --- new -----------------------------------------------------------------------

int Cli::cmdNew(const QStringList &args)
{
    // Templates are data files installed with fixbench (templates/ in the sources).
    const Result<TemplateLibrary> library = TemplateLibrary::locate(QCoreApplication::applicationDirPath());
    QList<FixtureTemplate> templates;
    int width = 0;
    if (library) {
        templates = library->templates();
        for (const FixtureTemplate &t : std::as_const(templates))
            width = std::max(width, int(t.name.size()));
    }
    auto templateLines = [&](const QString &indent) {
        QStringList lines;
        for (const FixtureTemplate &t : std::as_const(templates))
            lines << indent + padRight(t.name, width) + QStringLiteral("  ") + t.description;
        return lines.join(QLatin1Char('\n'));
    };
    const QString available = library
        ? (templates.isEmpty() ? tr("none (in %1)").arg(library->dir())
                               : tr("(in %1):\n%2").arg(library->dir(), templateLines(QStringLiteral("  "))))
        : library.error().message;

    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"),
                            tr("Fixture name: a new folder under the workspace's fixtures folder (lower-case letters, "
                               "digits, '_' and '-', starting with a letter)."));
    p.addOption({{QStringLiteral("t"), QStringLiteral("template")},
                 tr("The template to copy (default: %1).").arg(QLatin1String(TemplateLibrary::kDefaultTemplate)),
                 QStringLiteral("T")});
    p.addOption({QStringLiteral("list-templates"), tr("List the templates and what they provide, then exit.")});
    if (int rc = parse(p, QStringLiteral("new"),
                       tr("Adds a fixture to the workspace: copies a template (fixture.yml, compose.yaml, Dockerfile, "
                          "scripts) into the fixtures folder as NAME, replacing %1 in its files by NAME. Refuses an "
                          "existing folder (exit code 1).\n\nTemplates %2")
                           .arg(QLatin1String(TemplateLibrary::kPlaceholder), available),
                       args);
        rc >= 0)
        return rc;
    if (p.isSet(QStringLiteral("list-templates"))) {
        if (!library)
            return fail(library.error());
        if (templates.isEmpty())
            return fail(Error(Error::Kind::NotFound, tr("no templates in %1: a template is a folder holding a fixture.yml")
                                                         .arg(library->dir())));
        out(templateLines(QString()));
        return ExitOk;
    }
    if (p.positionalArguments().size() != 1) {
        err(tr("fixbench new: name exactly one fixture\nTry `fixbench new --help`."));
        return ExitUsage;
    }
    const QString name = p.positionalArguments().first();
    static const QRegularExpression valid(QStringLiteral("^[a-z][a-z0-9_-]*$"));
    if (!valid.match(name).hasMatch()) {
        err(tr("fixbench new: `%1` is not a valid fixture name (lower-case letters, digits, '_' and '-', starting with a letter)").arg(name));
        return ExitUsage;
    }
    if (!library)
        return fail(library.error());
    const QString templateName = p.isSet(QStringLiteral("template")) ? p.value(QStringLiteral("template"))
                                                                     : QString::fromLatin1(TemplateLibrary::kDefaultTemplate);
    if (!library->find(templateName)) {
        QStringList names;
        for (const FixtureTemplate &t : std::as_const(templates))
            names << t.name;
        err(tr("fixbench new: no template `%1`; available templates: %2\n%3\nTry `fixbench new --list-templates`.")
                .arg(templateName, names.isEmpty() ? tr("none") : names.join(QStringLiteral(", ")), available));
        return ExitUsage;
    }
    auto ws = workspace();
    if (!ws) {
        Error e = ws.error();
        if (e.kind == Error::Kind::NotFound)
            e.message += tr(". `fixbench new` adds a fixture to a workspace: create one first with `fixbench init` "
                            "in your project's root folder (or `fixbench init DIR`), then run `fixbench new` there");
        return fail(e);
    }
    const QString dir = QDir(ws->fixturesDir()).filePath(name);
    auto created = library->instantiate(templateName, name, dir);
    if (!created)
        return fail(created.error());
    out(tr("created %1 from template `%2`: %3\nTry: fixbench up %4")
            .arg(dir, templateName, created->join(QStringLiteral(", ")), name));
    return ExitOk;
}

} // namespace fixbench
