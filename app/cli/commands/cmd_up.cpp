// `fixbench up`: brings fixtures up (or attaches), prints their environment and, unless
// they are kept, holds them until Ctrl-C or until standard input closes (--hold-stdin).

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QThread>

#include "base/processinfo.h"
#include "fixture/fixturewatch.h"
#include "fixture/lease.h"
#include "fixture/reaper.h"

#include <cerrno>
#include <csignal>
#include <poll.h>
#include <unistd.h>

namespace fixbench {

namespace {

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

// The purpose of a --hold-while lease: `fixbench release --hold-while PID` ends those.
QString holdPurpose(qint64 pid)
{
    return QStringLiteral("hold-while:%1").arg(pid);
}

// Starts `fixbench up NAMES --hold-while PID --background-holder` detached and waits until
// it holds every fixture of `results`.
Status startBackgroundHolder(CommandContext &ctx, const QList<UpResult> &results, qint64 pid)
{
    const QCommandLineParser &p = ctx.options();
    QStringList args{QStringLiteral("-w"), ctx.workspace().root(), QStringLiteral("up")};
    args << p.positionalArguments();
    if (p.isSet(QStringLiteral("instance")))
        args << QStringLiteral("--instance") << p.value(QStringLiteral("instance"));
    args << QStringLiteral("--hold-while") << QString::number(pid) << QStringLiteral("--background-holder");
    QProcess holder;
    holder.setProgram(QCoreApplication::applicationFilePath());
    holder.setArguments(args);
    holder.setStandardInputFile(QProcess::nullDevice());
    holder.setStandardOutputFile(QProcess::nullDevice());
    holder.setStandardErrorFile(Reaper::logPath(), QIODevice::Append);
    qint64 holderPid = 0;
    if (!holder.startDetached(&holderPid))
        return Error(Error::Kind::Io, Tr::tr("cannot start the background holder (%1)").arg(holder.program()));
    QDeadlineTimer deadline(120000);
    for (;;) {
        bool all = true;
        for (const UpResult &r : results) {
            bool held = false;
            for (const LeaseInfo &l : Lease::holders(r.fixture.project))
                held = held || (l.pid == holderPid && l.purpose == holdPurpose(pid));
            all = all && held;
        }
        if (all)
            return {};
        if (deadline.hasExpired() || ::kill(pid_t(holderPid), 0) != 0)
            return Error(Error::Kind::Other, Tr::tr("the background holder (pid %1) did not take over the fixtures; see %2")
                                                 .arg(holderPid).arg(Reaper::logPath()));
        QThread::msleep(50);
    }
}

QJsonDocument::JsonFormat jsonFormat(const QCommandLineParser &p)
{
    return p.isSet(QStringLiteral("hold-stdin")) ? QJsonDocument::Compact : QJsonDocument::Indented;
}

} // namespace

void upOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Brings fixtures up (or attaches to them when already up), waits until every readiness probe "
                               "passes, runs their `started` hook and prints their environment."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("Fixtures to bring up."), QStringLiteral("NAME..."));
    line.addOption({QStringLiteral("keep"), Tr::tr("Leave the fixtures up when this command ends (also: keep_up in fixture.yml). "
                                                   "Without it, `up` stays in the foreground and takes down what it started on Ctrl-C.")});
    line.addInstanceOption();
    line.addOption({QStringLiteral("timeout"), Tr::tr("Readiness timeout in seconds (default: the fixture's)."), QStringLiteral("SECONDS")});
    line.addOption({QStringLiteral("leave-up-on-failure"), Tr::tr("Do not take a fixture down when it fails to get ready.")});
    line.addOption({QStringLiteral("reprobe"), Tr::tr("Run the readiness probes of a fixture that is up even when it was found "
                                                       "ready before and nothing changed since (also: FIXBENCH_REPROBE=1).")});
    line.addOption({QStringLiteral("show-secrets"), Tr::tr("Print secret values too.")});
    line.addOption({QStringLiteral("json"), Tr::tr("Print the result as JSON (machine interface schema %1, "
                                                   "docs/machine-interface.md), errors too.").arg(kMachineSchema)});
    line.addOption({QStringLiteral("hold-stdin"),
                    Tr::tr("Hold what this command started until its standard input closes (the parent process ended, "
                           "however it ended), then take it down. With --json the answer is one line. Used by the "
                           "in-test client.")});
    line.addOption({QStringLiteral("hold-while"),
                    Tr::tr("Return once up, leaving a background fixbench that holds the fixtures while process PID lives "
                           "(or until `fixbench release NAME --hold-while PID`). For a CTest FIXTURES_SETUP step: "
                           "PID is ctest."),
                    QStringLiteral("PID")});
    line.addOption({QStringLiteral("background-holder"), Tr::tr("(internal) be the background holder of --hold-while.")});
    line.expectArguments(1, -1, Tr::tr("fixbench up: name at least one fixture\nTry `fixbench list`."));
    // With --json, a failure is also an answer on stdout: {"schema":1,"error":{...}}.
    line.setCheck([](CommandContext &ctx) {
        if (ctx.options().isSet(QStringLiteral("json")))
            ctx.answerErrorsAsJson(jsonFormat(ctx.options()));
        return -1;
    });
}

int cmdUp(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const bool hold = p.isSet(QStringLiteral("hold-stdin"));
    const bool showSecrets = p.isSet(QStringLiteral("show-secrets"));

    QList<UpResult> results; // brought up or attached to, each with this process's lease
    auto releaseAll = [&]() { (void)ctx.release(results); };
    const qint64 holdWhile = p.value(QStringLiteral("hold-while")).toLongLong();
    if (p.isSet(QStringLiteral("hold-while")) && holdWhile <= 1)
        return ctx.usage(Tr::tr("--hold-while needs the pid of a running process"));
    const bool backgroundHolder = p.isSet(QStringLiteral("background-holder"));
    if (backgroundHolder)
        ::setsid(); // not the caller's session or process group: it ends without us

    for (const QString &name : p.positionalArguments()) {
        UpOptions o;
        if (holdWhile > 1)
            o.purpose = holdPurpose(holdWhile);
        o.instance = p.value(QStringLiteral("instance"));
        o.keep = p.isSet(QStringLiteral("keep"));
        o.leaveUpOnFailure = p.isSet(QStringLiteral("leave-up-on-failure"));
        o.reprobe = p.isSet(QStringLiteral("reprobe"));
        if (p.isSet(QStringLiteral("timeout")))
            o.readinessTimeoutMs = int(p.value(QStringLiteral("timeout")).toDouble() * 1000);
        auto r = ctx.up(name, o);
        if (!r) {
            releaseAll();
            return ctx.fail(r.error(), ctx.interrupted().load() ? int(ExitInterrupted) : exitCodeFor(r.error()));
        }
        results << *r;
    }

    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const UpResult &r : results) {
            QJsonArray hooks;
            if (auto spec = ctx.workspace().fixture(r.fixture.fixture))
                for (const HookSpec &h : spec->hooks)
                    hooks.append(h.event);
            arr.append(QJsonObject{{QStringLiteral("fixture"), r.fixture.fixture},
                                   {QStringLiteral("instance"), r.fixture.instance},
                                   {QStringLiteral("project"), r.fixture.project},
                                   {QStringLiteral("attached"), r.attached},
                                   {QStringLiteral("keep"), r.fixture.keep},
                                   {QStringLiteral("elapsed_ms"), r.elapsedMs},
                                   {QStringLiteral("hooks"), hooks},
                                   {QStringLiteral("environment"), environmentJson(r.environment, showSecrets)}});
        }
        out(QString::fromUtf8(QJsonDocument(machineAnswer({{QStringLiteral("fixtures"), arr}})).toJson(jsonFormat(p))).trimmed());
    } else {
        for (const UpResult &r : results) {
            out(Tr::tr("%1 (project %2)%3").arg(r.fixture.fixture, r.fixture.project,
                                                 r.fixture.keep ? Tr::tr(", kept") : QString()));
            for (const auto &v : r.environment.variables())
                if (v.source != QLatin1String("fixbench"))
                    out(QStringLiteral("  %1=%2").arg(v.name, Environment::displayValue(v, showSecrets)));
        }
    }

    if (holdWhile > 1 && !backgroundHolder) {
        // Hand the hold over to a background fixbench, then end ours (it holds them now).
        if (Status s = startBackgroundHolder(ctx, results, holdWhile); !s) {
            releaseAll();
            return ctx.fail(s.error());
        }
        results.clear();
        return ExitOk;
    }
    // While it holds them: a container that dies (or comes back) is said on stderr,
    // "echo_server: service app exited (code 137)", rather than held on in silence.
    QList<FixtureWatch> watches;
    for (const UpResult &r : results)
        watches << FixtureWatch(r.fixture);
    auto reportEvents = [&]() {
        for (FixtureWatch &w : watches)
            if (auto events = w.poll(ctx.manager().engine()))
                for (const FixtureEvent &e : *events)
                    err(e.line());
    };
    if (backgroundHolder) {
        const ProcessInfo watched{holdWhile, ProcessInfo::startTimeOf(holdWhile), ProcessInfo::hostName()};
        for (int tick = 1; !ctx.interrupted().load() && watched.isAlive(); ++tick) {
            QThread::msleep(250);
            if (tick % 4 == 0)
                reportEvents(); // into the reaper's log: what became of what it held
        }
        ctx.interrupted().store(false); // a `fixbench release` (SIGTERM) is the normal end
        releaseAll();
        return ExitOk;
    }

    // Fixtures that are not kept are used as long as this command runs (its lease): wait
    // for Ctrl-C (or the end of stdin), then release them.
    // With --hold-stdin a kept one is held too: its process uses it, even if someone
    // turns keep off meanwhile.
    bool mustWait = hold;
    for (const UpResult &r : results)
        mustWait = mustWait || !r.fixture.keep;
    if (!mustWait)
        return ExitOk;
    if (!hold)
        err(Tr::tr("Held until Ctrl-C (then released: taken down once nobody else uses them). "
                   "Use --keep to leave fixtures up and return."));
    while (!ctx.interrupted().load()) {
        if (hold) {
            // The parent's end of our stdin closes when it ends, however it ends.
            if (stdinClosed(200))
                break;
        } else {
            QThread::msleep(200);
        }
        static int tick = 0;
        if (++tick % 5 == 0)
            reportEvents();
        // Someone else took it down (fixbench down, the GUI): nothing left to wait for.
        if (tick % 10 == 0) {
            bool anyLeft = false;
            for (const UpResult &r : results) {
                auto f = ctx.manager().find(r.fixture.fixture, r.fixture.instance);
                anyLeft = anyLeft || !f || f->has_value();
            }
            if (!anyLeft) {
                err(Tr::tr("The fixtures were taken down elsewhere."));
                return ExitOk;
            }
        }
    }
    releaseAll();
    return ctx.interrupted().load() ? int(ExitInterrupted) : int(ExitOk);
}

} // namespace fixbench
