// The `fixbench` CLI as a user runs it: a real process, real engine, real compose.

#include "testsupport.h"

#include "base/filelock.h"
#include "fixture/fixturemanager.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace fixbench::testsupport;
using fixbench::FileLock;
using fixbench::FixtureManager;
using fixbench::Workspace;

namespace {

QStringList ws(const QString &root, const QStringList &args)
{
    return QStringList{QStringLiteral("-w"), root} + args;
}

struct DownGuard {
    QString root;
    QString fixture;
    ~DownGuard() { runCli(ws(root, {QStringLiteral("down"), fixture})); }
};

// Starts `fixbench up FIXTURE --instance I` in the foreground and waits until it says
// the fixture is up (it then waits for Ctrl-C). Returns false with its stderr on failure.
bool startForegroundUp(QProcess &p, const QString &root, const QString &fixture, const QString &instance, QString *err)
{
    p.start(fixbenchPath(), ws(root, {QStringLiteral("up"), fixture, QStringLiteral("--instance"), instance}));
    if (!p.waitForStarted())
        return false;
    return waitFor([&] {
        p.waitForReadyRead(50);
        *err += QString::fromUtf8(p.readAllStandardError());
        return err->contains(QLatin1String("Ctrl-C"));
    }, 60000);
}

std::unique_ptr<QTemporaryDir> workspaceWithFixture(const QString &fixtureYml, const QString &composeYaml = QStringLiteral(
    "services:\n  app:\n    image: debian:bookworm-slim\n    init: true\n    command: [\"bash\", \"-c\", \"echo ready; exec sleep infinity\"]\n"))
{
    auto dir = std::make_unique<QTemporaryDir>();
    QDir(dir->path()).mkpath(QStringLiteral("fixtures/broken"));
    QFile ws(dir->filePath(QStringLiteral("fixbench.yml")));
    ws.open(QIODevice::WriteOnly);
    ws.write("name: cli-bad-input\n");
    ws.close();
    QFile spec(dir->filePath(QStringLiteral("fixtures/broken/fixture.yml")));
    spec.open(QIODevice::WriteOnly);
    spec.write(fixtureYml.toUtf8());
    spec.close();
    QFile compose(dir->filePath(QStringLiteral("fixtures/broken/compose.yaml")));
    compose.open(QIODevice::WriteOnly);
    compose.write(composeYaml.toUtf8());
    return dir;
}

} // namespace

TEST(Cli, HelpDocumentsCommandsAndExitCodes)
{
    const ProcResult r = runCli({QStringLiteral("--help")});
    EXPECT_EQ(r.exitCode, 0);
    for (const char *cmd : {"list", "up", "down", "status", "env", "logs", "prune", "doctor", "new"})
        EXPECT_TRUE(r.out.contains(QLatin1String(cmd))) << cmd;
    EXPECT_TRUE(r.out.contains(QLatin1String("Exit codes")));
    for (const char *cmd : {"list", "up", "down", "status", "env", "logs", "prune", "doctor", "new", "hook", "keep"}) {
        const ProcResult h = runCli({QString::fromLatin1(cmd), QStringLiteral("--help")});
        EXPECT_EQ(h.exitCode, 0) << cmd;
        EXPECT_TRUE(h.out.contains(QLatin1String("Exit codes"))) << cmd;
    }
    const ProcResult bad = runCli({QStringLiteral("upp")});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains(QLatin1String("unknown command `upp`")));
}

// The human text follows the locale (LANG, LC_MESSAGES, LC_ALL) or FIXBENCH_LANG; exit
// codes and --json answers do not change. (Every other test gets English: testsupport.cpp.)
TEST(Cli, SpeaksTheLocalesLanguageButNotInJson)
{
    auto withLang = [](const QString &lang, const QString &forced = {}) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANG"), lang);
        if (!forced.isEmpty())
            env.insert(QStringLiteral("FIXBENCH_LANG"), forced);
        return env;
    };
    const QProcessEnvironment fr = withLang(QStringLiteral("fr_FR.UTF-8"));
    const QStringList upMissing = ws(testsWorkspace(), {QStringLiteral("up"), QStringLiteral("no_such_fixture")});

    const ProcResult help = runCli({QStringLiteral("--help")}, fr);
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(QStringLiteral("Codes de sortie"))) << help.out.toStdString();
    EXPECT_TRUE(help.out.contains(QStringLiteral("démarrer des fixtures"))) << help.out.toStdString();
    EXPECT_FALSE(help.out.contains(QStringLiteral("Exit codes"))) << help.out.toStdString();
    const ProcResult upHelp = runCli({QStringLiteral("up"), QStringLiteral("--help")}, fr);
    EXPECT_EQ(upHelp.exitCode, 0);
    EXPECT_TRUE(upHelp.out.contains(QStringLiteral("Fixtures à démarrer."))) << upHelp.out.toStdString();

    // An error of the CLI and one of core (the unknown fixture), same exit codes.
    const ProcResult bad = runCli({QStringLiteral("upp")}, fr);
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains(QStringLiteral("commande inconnue `upp`"))) << bad.err.toStdString();
    const ProcResult missing = runCli(upMissing, fr);
    EXPECT_EQ(missing.exitCode, 7) << missing.err.toStdString();
    EXPECT_TRUE(missing.err.contains(QStringLiteral("pas de fixture `no_such_fixture`"))) << missing.err.toStdString();
    EXPECT_TRUE(missing.err.contains(QStringLiteral("fixtures disponibles"))) << missing.err.toStdString();

    // --json answers a program: English, its stderr too.
    QStringList json = upMissing;
    json << QStringLiteral("--json");
    const ProcResult answer = runCli(json, fr);
    EXPECT_EQ(answer.exitCode, 7);
    const QJsonObject error = QJsonDocument::fromJson(answer.out.toUtf8()).object().value(QStringLiteral("error")).toObject();
    EXPECT_EQ(error.value(QStringLiteral("exit_code")).toInt(), 7);
    EXPECT_TRUE(error.value(QStringLiteral("message")).toString().startsWith(QStringLiteral("no fixture `no_such_fixture`")))
        << answer.out.toStdString();
    EXPECT_TRUE(answer.err.contains(QStringLiteral("no fixture `no_such_fixture`"))) << answer.err.toStdString();

    // LC_MESSAGES counts; FIXBENCH_LANG wins over the locale, both ways.
    QProcessEnvironment messages = withLang(QStringLiteral("C"));
    messages.insert(QStringLiteral("LC_MESSAGES"), QStringLiteral("fr_FR.UTF-8"));
    EXPECT_TRUE(runCli({QStringLiteral("upp")}, messages).err.contains(QStringLiteral("commande inconnue")));
    EXPECT_TRUE(runCli({QStringLiteral("--help")}, withLang(QStringLiteral("C"), QStringLiteral("fr"))).out.contains(QStringLiteral("Codes de sortie")));
    EXPECT_TRUE(runCli({QStringLiteral("--help")}, withLang(QStringLiteral("fr_FR.UTF-8"), QStringLiteral("en"))).out.contains(QStringLiteral("Exit codes")));

    // The C locale, and a language without a catalogue: English.
    for (const QString &lang : {QStringLiteral("C"), QStringLiteral("de_DE.UTF-8")}) {
        const ProcResult h = runCli({QStringLiteral("--help")}, withLang(lang));
        EXPECT_TRUE(h.out.contains(QStringLiteral("Exit codes"))) << lang.toStdString();
        const ProcResult m = runCli(upMissing, withLang(lang));
        EXPECT_EQ(m.exitCode, 7);
        EXPECT_TRUE(m.err.contains(QStringLiteral("no fixture `no_such_fixture`"))) << m.err.toStdString();
    }
}

TEST(Cli, KeptFixtureSurvivesItsProcessAndSecondUpAttaches)
{
    const QString root = testsWorkspace();
    DownGuard guard{root, QStringLiteral("kept")};
    // keep_up: true in fixture.yml, so `up` returns once ready and the stack stays.
    const ProcResult first = runCli(ws(root, {QStringLiteral("up"), QStringLiteral("kept"), QStringLiteral("--json")}));
    ASSERT_EQ(first.exitCode, 0) << first.err.toStdString();
    // The machine interface: {"schema": 1, "fixbench": version, "fixtures": [...]}.
    const QJsonObject answer = QJsonDocument::fromJson(first.out.toUtf8()).object();
    EXPECT_EQ(answer.value(QStringLiteral("schema")).toInt(), 1) << first.out.toStdString();
    EXPECT_FALSE(answer.value(QStringLiteral("fixbench")).toString().isEmpty());
    const QJsonObject a = answer.value(QStringLiteral("fixtures")).toArray().first().toObject();
    EXPECT_FALSE(a.value(QStringLiteral("attached")).toBool());
    EXPECT_TRUE(a.value(QStringLiteral("keep")).toBool());
    const QString project = a.value(QStringLiteral("project")).toString();
    ASSERT_FALSE(project.isEmpty());

    // The process that started it is gone; the stack is still there, and prune keeps it.
    EXPECT_EQ(containersWithLabel(projectLabel(project)).size(), 1);
    const ProcResult prune = runCli({QStringLiteral("prune")});
    EXPECT_EQ(prune.exitCode, 0) << prune.err.toStdString();
    EXPECT_EQ(containersWithLabel(projectLabel(project)).size(), 1);

    // A second `up` attaches instead of restarting: same container, same port.
    const QString containerBefore = containersWithLabel(projectLabel(project)).first();
    const ProcResult second = runCli(ws(root, {QStringLiteral("up"), QStringLiteral("kept"), QStringLiteral("--json")}));
    ASSERT_EQ(second.exitCode, 0) << second.err.toStdString();
    const QJsonObject b = QJsonDocument::fromJson(second.out.toUtf8()).object().value(QStringLiteral("fixtures")).toArray().first().toObject();
    EXPECT_TRUE(b.value(QStringLiteral("attached")).toBool());
    EXPECT_EQ(containersWithLabel(projectLabel(project)), QStringList{containerBefore});
    EXPECT_EQ(b.value(QStringLiteral("environment")).toObject().value(QStringLiteral("ECHO_PORT")).toObject().value(QStringLiteral("value")),
              a.value(QStringLiteral("environment")).toObject().value(QStringLiteral("ECHO_PORT")).toObject().value(QStringLiteral("value")));
    std::cout << "[ measure  ] first up " << a.value(QStringLiteral("elapsed_ms")).toInt() << " ms, attach "
              << b.value(QStringLiteral("elapsed_ms")).toInt() << " ms (whole second process " << second.elapsedMs << " ms)\n";

    const ProcResult down = runCli(ws(root, {QStringLiteral("down"), QStringLiteral("kept")}));
    EXPECT_EQ(down.exitCode, 0) << down.err.toStdString();
    EXPECT_TRUE(containersWithLabel(projectLabel(project)).isEmpty());
    EXPECT_TRUE(networksWithLabel(projectLabel(project)).isEmpty());
}

TEST(Cli, KillDashNineDuringUpLeavesNothingWithoutPrune)
{
    const QString root = testsWorkspace();
    // never_ready stays "in progress" for 3 s: kill -9 the CLI while it waits. Its lease
    // dies with it; the reaper takes the stack down (linger 0) without anyone's help.
    QProcess p;
    p.start(fixbenchPath(), ws(root, {QStringLiteral("up"), QStringLiteral("never_ready"), QStringLiteral("--timeout"), QStringLiteral("60")}));
    ASSERT_TRUE(p.waitForStarted());
    const QString label = QStringLiteral("fixbench.owner.pid=%1").arg(p.processId());
    ASSERT_TRUE(waitFor([&] { return !containersWithLabel(label).isEmpty(); }, 60000))
        << QString::fromUtf8(p.readAllStandardError()).toStdString();
    ::kill(pid_t(p.processId()), SIGKILL);
    p.waitForFinished();
    EXPECT_TRUE(waitFor([&] { return containersWithLabel(label).isEmpty() && networksWithLabel(label).isEmpty(); }, 10000))
        << "the killed up's stack is still there 10 s later";
    // prune finds nothing of it left to do.
    const ProcResult prune = runCli({QStringLiteral("prune")});
    EXPECT_EQ(prune.exitCode, 0) << prune.err.toStdString();
    EXPECT_TRUE(containersWithLabel(label).isEmpty());
}

TEST(Cli, ForegroundUpTakesDownWhatItStartedOnCtrlC)
{
    // echo_server lingers 0 s: the last user's release takes it down at once.
    const QString root = testsWorkspace();
    QProcess p;
    QString err;
    ASSERT_TRUE(startForegroundUp(p, root, QStringLiteral("echo_server"), uniqueInstance(), &err)) << err.toStdString();
    const QString label = QStringLiteral("fixbench.owner.pid=%1").arg(p.processId());
    EXPECT_EQ(containersWithLabel(label).size(), 1);
    ::kill(pid_t(p.processId()), SIGINT);
    ASSERT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitCode(), 130) << "interrupted: 130, as every interrupted command"
                                 << QString::fromUtf8(p.readAllStandardError()).toStdString();
    EXPECT_TRUE(containersWithLabel(label).isEmpty());
    EXPECT_TRUE(networksWithLabel(label).isEmpty());
}

TEST(Cli, CtrlCDuringUpStopsAndCleansUp)
{
    const QString root = testsWorkspace();
    QProcess p;
    p.start(fixbenchPath(), ws(root, {QStringLiteral("up"), QStringLiteral("never_ready"), QStringLiteral("--timeout"), QStringLiteral("60")}));
    ASSERT_TRUE(p.waitForStarted());
    const QString label = QStringLiteral("fixbench.owner.pid=%1").arg(p.processId());
    ASSERT_TRUE(waitFor([&] { return !containersWithLabel(label).isEmpty(); }, 60000));
    ::kill(pid_t(p.processId()), SIGINT);
    ASSERT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitCode(), 130);
    EXPECT_TRUE(containersWithLabel(label).isEmpty());
    EXPECT_TRUE(networksWithLabel(label).isEmpty());
}

TEST(Cli, KeepingARunningFixtureOutlivesItsOwnerUntilUnkept)
{
    const QString root = testsWorkspace();
    const QString instance = uniqueInstance();
    // A foreground `up` owns the stack and would take it down on Ctrl-C...
    QProcess p;
    QString err;
    ASSERT_TRUE(startForegroundUp(p, root, QStringLiteral("echo_server"), instance, &err)) << err.toStdString();
    const QString owner = QStringLiteral("fixbench.owner.pid=%1").arg(p.processId());
    // ...but another process keeps it meanwhile (labels cannot change: a marker does it).
    const ProcResult keep = runCli(ws(root, {QStringLiteral("keep"), QStringLiteral("echo_server"), QStringLiteral("--instance"), instance}));
    ASSERT_EQ(keep.exitCode, 0) << keep.err.toStdString();
    ::kill(pid_t(p.processId()), SIGINT);
    ASSERT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitCode(), 130);
    EXPECT_TRUE(QString::fromUtf8(p.readAllStandardError()).contains(QLatin1String("stays up: kept")));
    EXPECT_EQ(containersWithLabel(owner).size(), 1) << "the owner left the kept stack up";
    // Its owner is gone, yet prune keeps it; status says kept.
    EXPECT_EQ(runCli({QStringLiteral("prune")}).exitCode, 0);
    EXPECT_EQ(containersWithLabel(owner).size(), 1);
    const ProcResult st = runCli(ws(root, {QStringLiteral("status"), QStringLiteral("--json")}));
    bool kept = false;
    for (const auto &v : QJsonDocument::fromJson(st.out.toUtf8()).array())
        if (v.toObject().value(QStringLiteral("instance")).toString() == instance)
            kept = v.toObject().value(QStringLiteral("keep")).toBool();
    EXPECT_TRUE(kept) << st.out.toStdString();
    // Unkept, it is a leftover again: prune removes it, marker included.
    ASSERT_EQ(runCli(ws(root, {QStringLiteral("keep"), QStringLiteral("echo_server"), QStringLiteral("--instance"), instance,
                               QStringLiteral("--off")})).exitCode, 0);
    EXPECT_EQ(runCli({QStringLiteral("prune")}).exitCode, 0);
    EXPECT_TRUE(containersWithLabel(owner).isEmpty());
    EXPECT_TRUE(run(QStringLiteral("docker"), {QStringLiteral("volume"), QStringLiteral("ls"), QStringLiteral("-q"), QStringLiteral("--filter"),
                                               QStringLiteral("label=fixbench.keep-marker")}).out.trimmed().isEmpty());
    // Keeping a fixture that is not up says so.
    const ProcResult notUp = runCli(ws(root, {QStringLiteral("keep"), QStringLiteral("echo_server"), QStringLiteral("--instance"), instance}));
    EXPECT_EQ(notUp.exitCode, 7) << notUp.err.toStdString();
}

TEST(Cli, EnvPrintsExportsWithSecretsMaskedUnlessAsked)
{
    const QString root = testsWorkspace();
    DownGuard guard{root, QStringLiteral("echo_server")};
    ASSERT_EQ(runCli(ws(root, {QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--keep")})).exitCode, 0);
    const ProcResult masked = runCli(ws(root, {QStringLiteral("env"), QStringLiteral("echo_server")}));
    EXPECT_EQ(masked.exitCode, 0);
    EXPECT_TRUE(masked.out.contains(QLatin1String("export ECHO_GREETING='hello'"))) << masked.out.toStdString();
    // A masked secret is not exported at all: an eval would set the mask as its value.
    EXPECT_FALSE(masked.out.contains(QLatin1String("export ECHO_TOKEN="))) << masked.out.toStdString();
    EXPECT_FALSE(masked.out.contains(QLatin1String("********"))) << masked.out.toStdString();
    EXPECT_TRUE(masked.out.contains(QLatin1String("# ECHO_TOKEN is secret: not exported"))) << masked.out.toStdString();
    EXPECT_FALSE(masked.out.contains(QLatin1String("s3cret")));
    const ProcResult shown = runCli(ws(root, {QStringLiteral("env"), QStringLiteral("echo_server"), QStringLiteral("--show-secrets")}));
    EXPECT_TRUE(shown.out.contains(QLatin1String("export ECHO_TOKEN='s3cret'")));
    // The export lines work in a shell.
    const ProcResult sh = run(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("eval \"$1\"; echo \"$ECHO_GREETING:$ECHO_PORT\""),
                                                       QStringLiteral("x"), shown.out});
    EXPECT_TRUE(sh.out.startsWith(QLatin1String("hello:"))) << sh.out.toStdString();
    const ProcResult json = runCli(ws(root, {QStringLiteral("env"), QStringLiteral("echo_server"), QStringLiteral("--json")}));
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_TRUE(o.value(QStringLiteral("ECHO_TOKEN")).toObject().value(QStringLiteral("secret")).toBool());
    EXPECT_EQ(o.value(QStringLiteral("ECHO_PORT")).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("fixture:echo_server"));

    // status --json: services and published ports.
    const ProcResult st = runCli(ws(root, {QStringLiteral("status"), QStringLiteral("--json")}));
    const QJsonArray arr = QJsonDocument::fromJson(st.out.toUtf8()).array();
    bool found = false;
    for (const auto &v : arr) {
        const QJsonObject f = v.toObject();
        if (f.value(QStringLiteral("fixture")).toString() != QLatin1String("echo_server") || !f.value(QStringLiteral("instance")).toString().isEmpty())
            continue;
        found = true;
        EXPECT_EQ(f.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
        const QJsonArray services = f.value(QStringLiteral("services")).toArray();
        ASSERT_EQ(services.size(), 1);
        EXPECT_EQ(services[0].toObject().value(QStringLiteral("service")).toString(), QStringLiteral("app"));
        EXPECT_EQ(services[0].toObject().value(QStringLiteral("ports")).toArray()[0].toObject().value(QStringLiteral("host")).toInt(),
                  o.value(QStringLiteral("ECHO_PORT")).toObject().value(QStringLiteral("value")).toString().toInt());
    }
    EXPECT_TRUE(found) << st.out.toStdString();

    // logs: the service's lines, prefixed; tail works.
    const ProcResult logs = runCli(ws(root, {QStringLiteral("logs"), QStringLiteral("echo_server"), QStringLiteral("--tail"), QStringLiteral("100")}));
    EXPECT_EQ(logs.exitCode, 0);
    EXPECT_TRUE(logs.out.contains(QLatin1String("app | ready"))) << logs.out.toStdString();
    const ProcResult tail = runCli(ws(root, {QStringLiteral("logs"), QStringLiteral("echo_server"), QStringLiteral("app"), QStringLiteral("--tail"), QStringLiteral("1")}));
    EXPECT_EQ(tail.out.trimmed().split(QLatin1Char('\n')).size(), 1) << tail.out.toStdString();
}

TEST(Cli, LogsFollowStreamsNewLinesUntilCtrlC)
{
    const QString root = testsWorkspace();
    DownGuard guard{root, QStringLiteral("echo_server")};
    ASSERT_EQ(runCli(ws(root, {QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--keep")})).exitCode, 0);
    QProcess p;
    p.start(fixbenchPath(), ws(root, {QStringLiteral("logs"), QStringLiteral("echo_server"), QStringLiteral("-f"), QStringLiteral("--tail"), QStringLiteral("0")}));
    ASSERT_TRUE(p.waitForStarted());
    QString out;
    // echo_server prints `tick N` every second: a new line must arrive while following.
    EXPECT_TRUE(waitFor([&] {
        p.waitForReadyRead(50);
        out += QString::fromUtf8(p.readAllStandardOutput());
        return out.contains(QLatin1String("tick"));
    }, 10000)) << out.toStdString();
    // A restarted container is followed again (core's LogStreamer, as in the workbench):
    // its new "booting" line arrives on the same stream.
    const QJsonObject env = QJsonDocument::fromJson(runCli(ws(root, {QStringLiteral("env"), QStringLiteral("echo_server"), QStringLiteral("--json")})).out.toUtf8()).object();
    const QString project = env.value(QStringLiteral("FIXBENCH_PROJECT")).toObject().value(QStringLiteral("value")).toString();
    const QStringList ids = containersWithLabel(projectLabel(project));
    ASSERT_EQ(ids.size(), 1) << project.toStdString();
    out.clear();
    const ProcResult restart = run(QStringLiteral("docker"), {QStringLiteral("restart"), QStringLiteral("-t"), QStringLiteral("1"), ids.first()});
    ASSERT_EQ(restart.exitCode, 0) << restart.err.toStdString();
    EXPECT_TRUE(waitFor([&] {
        p.waitForReadyRead(50);
        out += QString::fromUtf8(p.readAllStandardOutput());
        return out.contains(QLatin1String("booting"));
    }, 20000)) << "not re-attached after a restart: " << out.toStdString();
    EXPECT_EQ(p.state(), QProcess::Running);
    ::kill(pid_t(p.processId()), SIGINT);
    EXPECT_TRUE(p.waitForFinished(5000));
    EXPECT_EQ(p.exitCode(), 0);
}

// A container that dies under a foreground `up` and a `logs -f` is said by both, with
// its exit code, and so is its return (logs -f follows it again); `env` of the dead
// fixture fails saying so instead of printing an environment that points at nothing.
// One stack for all three.
TEST(Cli, ContainerDeathIsReportedByUpLogsAndEnv)
{
    const QString root = testsWorkspace();
    DownGuard guard{root, QStringLiteral("echo_server")};
    QProcess up;
    up.start(fixbenchPath(), ws(root, {QStringLiteral("up"), QStringLiteral("echo_server")}));
    ASSERT_TRUE(up.waitForStarted());
    QString upErr;
    auto readUp = [&] {
        up.waitForReadyRead(50);
        upErr += QString::fromUtf8(up.readAllStandardError());
    };
    ASSERT_TRUE(waitFor([&] { readUp(); return upErr.contains(QLatin1String("Held until Ctrl-C")); }, 30000))
        << upErr.toStdString();
    QProcess logs;
    logs.start(fixbenchPath(), ws(root, {QStringLiteral("logs"), QStringLiteral("echo_server"), QStringLiteral("-f"),
                                         QStringLiteral("--tail"), QStringLiteral("0")}));
    ASSERT_TRUE(logs.waitForStarted());
    QString logsOut, logsErr;
    auto readLogs = [&] {
        logs.waitForReadyRead(50);
        logsOut += QString::fromUtf8(logs.readAllStandardOutput());
        logsErr += QString::fromUtf8(logs.readAllStandardError());
    };
    ASSERT_TRUE(waitFor([&] { readLogs(); return logsOut.contains(QLatin1String("tick")); }, 10000)) << logsOut.toStdString();

    const QStringList ids = containersWithLabel(QStringLiteral("fixbench.fixture=echo_server"));
    ASSERT_EQ(ids.size(), 1);
    ASSERT_EQ(run(QStringLiteral("docker"), {QStringLiteral("kill"), ids.first()}).exitCode, 0);
    const QString died = QStringLiteral("echo_server: service app exited (code 137)");
    EXPECT_TRUE(waitFor([&] { readUp(); readLogs(); return upErr.contains(died) && logsErr.contains(died); }, 10000))
        << "up: " << upErr.toStdString() << "\nlogs: " << logsErr.toStdString();

    const ProcResult env = runCli(ws(root, {QStringLiteral("env"), QStringLiteral("echo_server")}));
    EXPECT_EQ(env.exitCode, 7) << env.err.toStdString();
    EXPECT_TRUE(env.err.contains(QLatin1String("fixture `echo_server` is not running: service app exited (code 137)")))
        << env.err.toStdString();
    EXPECT_FALSE(env.out.contains(QLatin1String("export"))) << env.out.toStdString();

    // It comes back: said, and followed again.
    logsOut.clear();
    ASSERT_EQ(run(QStringLiteral("docker"), {QStringLiteral("start"), ids.first()}).exitCode, 0);
    const QString back = QStringLiteral("echo_server: service app is running again");
    EXPECT_TRUE(waitFor([&] {
        readUp();
        readLogs();
        return upErr.contains(back) && logsErr.contains(back) && logsOut.contains(QLatin1String("booting"));
    }, 15000)) << "up: " << upErr.toStdString() << "\nlogs: " << logsErr.toStdString() << logsOut.toStdString();
    EXPECT_EQ(runCli(ws(root, {QStringLiteral("env"), QStringLiteral("echo_server")})).exitCode, 0);

    ::kill(pid_t(logs.processId()), SIGINT);
    EXPECT_TRUE(logs.waitForFinished(5000));
    ::kill(pid_t(up.processId()), SIGINT);
    EXPECT_TRUE(up.waitForFinished(15000));
}

TEST(Cli, MalformedYamlGivesFileLineColumnAndExitCode3)
{
    auto dir = workspaceWithFixture(QStringLiteral("description: ok\nports:\n  A: auto\n  B: [unclosed\nkeep_up: false\n"));
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("up"), QStringLiteral("broken")}));
    EXPECT_EQ(r.exitCode, 3) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("fixtures/broken/fixture.yml:"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QRegularExpression(QStringLiteral("fixture\\.yml:\\d+:\\d+: ")))) << r.err.toStdString();
}

// A compose file with a byte that is not UTF-8: file:line:col before compose runs
// (docker-compose v1 answers it with a Python traceback), exit 3.
TEST(Cli, ComposeFileNotUtf8IsAFileLineColumnError)
{
    auto dir = workspaceWithFixture(QStringLiteral("description: ok\n"));
    QFile compose(dir->filePath(QStringLiteral("fixtures/broken/compose.yaml")));
    ASSERT_TRUE(compose.open(QIODevice::WriteOnly | QIODevice::Truncate));
    compose.write("services:\n  app:\n    image: debian:bookworm-slim\n    command: [\"echo\", \"caf\xE9\"]\n");
    compose.close();
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("up"), QStringLiteral("broken")}));
    EXPECT_EQ(r.exitCode, 3) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("fixtures/broken/compose.yaml:4:27: not UTF-8 (byte 0xE9"))) << r.err.toStdString();
    EXPECT_FALSE(r.err.contains(QStringLiteral("Traceback"))) << r.err.toStdString();
}

// A fixtures folder that is a file: `up`, `list` and `doctor` say so and where, not
// "there are no fixtures yet".
TEST(Cli, FixturesFolderThatIsAFileSaysSo)
{
    QTemporaryDir dir;
    QFile ws(dir.filePath(QStringLiteral("fixbench.yml")));
    ASSERT_TRUE(ws.open(QIODevice::WriteOnly));
    ws.write("name: cli-bad-folder\nfixtures: stacks\n");
    ws.close();
    QFile file(dir.filePath(QStringLiteral("stacks")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.close();
    const QString what = QStringLiteral("the fixtures folder %1 is a file, not a folder").arg(dir.filePath(QStringLiteral("stacks")));
    for (const QString &command : {QStringLiteral("up"), QStringLiteral("list")}) {
        const QStringList args = command == QLatin1String("up") ? QStringList{command, QStringLiteral("x")} : QStringList{command};
        const ProcResult r = runCli(QStringList{QStringLiteral("-w"), dir.path()} + args);
        EXPECT_EQ(r.exitCode, 3) << command.toStdString() << ": " << r.err.toStdString();
        EXPECT_TRUE(r.err.contains(QStringLiteral("fixbench.yml:2:11: "))) << r.err.toStdString();
        EXPECT_TRUE(r.err.contains(what)) << r.err.toStdString();
        EXPECT_FALSE(r.err.contains(QStringLiteral("no fixtures yet"))) << r.err.toStdString();
    }
    const ProcResult d = runCli({QStringLiteral("-w"), dir.path(), QStringLiteral("doctor")});
    EXPECT_EQ(d.exitCode, 3);
    EXPECT_TRUE(d.out.contains(what)) << d.out.toStdString();
}

TEST(Cli, UnknownKeyIsAnErrorNamingTheKey)
{
    auto dir = workspaceWithFixture(QStringLiteral("description: ok\nkeep_upp: true\n"));
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("up"), QStringLiteral("broken")}));
    EXPECT_EQ(r.exitCode, 3) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("fixture.yml:2:1"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("keep_upp"))) << r.err.toStdString();
    // doctor reports the broken fixture too.
    const ProcResult d = runCli(ws(dir->path(), {QStringLiteral("doctor")}));
    EXPECT_EQ(d.exitCode, 3);
    EXPECT_TRUE(d.out.contains(QStringLiteral("keep_upp"))) << d.out.toStdString();
    // status --all lists it as invalid, saying where and why; so does a fixture.yml that
    // is a folder (not a fixture at all for the list of names).
    ASSERT_TRUE(QDir().mkpath(dir->filePath(QStringLiteral("fixtures/folder/fixture.yml"))));
    const ProcResult st = runCli(ws(dir->path(), {QStringLiteral("status"), QStringLiteral("--all")}));
    EXPECT_EQ(st.exitCode, 0) << st.err.toStdString();
    EXPECT_TRUE(st.out.contains(QRegularExpression(QStringLiteral("broken +invalid: .*fixture.yml:2:1: .*keep_upp")))) << st.out.toStdString();
    EXPECT_TRUE(st.out.contains(QRegularExpression(QStringLiteral("folder +invalid: .*fixture.yml.* is a folder")))) << st.out.toStdString();
    const ProcResult js = runCli(ws(dir->path(), {QStringLiteral("status"), QStringLiteral("--all"), QStringLiteral("--json")}));
    EXPECT_TRUE(js.out.contains(QStringLiteral("\"invalid\""))) << js.out.toStdString();
}

TEST(Cli, MissingComposeFileExitCode3)
{
    const ProcResult r = runCli(ws(testsWorkspace(), {QStringLiteral("up"), QStringLiteral("no_compose")}));
    EXPECT_EQ(r.exitCode, 3) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("no_compose/fixture.yml"))) << r.err.toStdString();
}

TEST(Cli, EngineNotReachableExitCode4AndDoctorSaysSo)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix:///tmp/fixbench-no-engine.sock"));
    const ProcResult r = runCli(ws(testsWorkspace(), {QStringLiteral("up"), QStringLiteral("echo_server")}), env);
    EXPECT_EQ(r.exitCode, 4) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("not reachable"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("/tmp/fixbench-no-engine.sock"))) << r.err.toStdString();
    const ProcResult d = runCli(ws(testsWorkspace(), {QStringLiteral("doctor")}), env);
    EXPECT_EQ(d.exitCode, 4);
    EXPECT_TRUE(d.out.contains(QStringLiteral("FAIL engine"))) << d.out.toStdString();
}

TEST(Cli, PortAlreadyTakenExitCode6)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(31999);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    const ProcResult r = runCli(ws(testsWorkspace(), {QStringLiteral("up"), QStringLiteral("fixed_port"), QStringLiteral("--keep")}));
    ::close(fd);
    EXPECT_EQ(r.exitCode, 6) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("31999"))) << r.err.toStdString();
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.fixture=fixed_port")).isEmpty());
}

// A host port written in the compose file itself ("31997:7000") that is taken: exit 6
// naming the port, the service, where it is written and who holds it (this test), before
// compose runs (nothing is created), not compose's raw text and exit 1.
TEST(Cli, HardCodedComposePortTakenExitCode6NamesTheHolder)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(31997);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    const ProcResult r = runCli(ws(testsWorkspace(), {QStringLiteral("up"), QStringLiteral("hardcoded_port")}));
    ::close(fd);
    EXPECT_EQ(r.exitCode, 6) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("hardcoded_port/compose.yaml:11:"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("port 31997 of service `app`"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("(by process %1 ").arg(QCoreApplication::applicationPid())))
        << r.err.toStdString();
    EXPECT_FALSE(r.err.contains(QStringLiteral("compose up"))) << r.err.toStdString();
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.fixture=hardcoded_port")).isEmpty());
}

// The port compose itself finds taken (UDP is not bind-tested first): compose's
// "address already in use" is a Port error too (exit 6), naming port and holder, and
// what compose created is removed.
TEST(Cli, PortTakenUnderComposeExitCode6NamesTheHolder)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(31996);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    const ProcResult r = runCli(ws(testsWorkspace(), {QStringLiteral("up"), QStringLiteral("hardcoded_port")}));
    ::close(fd);
    EXPECT_EQ(r.exitCode, 6) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("failed: host port 31996 is already in use (by process %1 ")
                                   .arg(QCoreApplication::applicationPid())))
        << r.err.toStdString();
    EXPECT_TRUE(waitFor([] { return containersWithLabel(QStringLiteral("fixbench.fixture=hardcoded_port")).isEmpty(); }, 10000));
}

TEST(Cli, ReadinessTimeoutExitCode5WithLastLogLines)
{
    const ProcResult r = runCli(ws(testsWorkspace(), {QStringLiteral("up"), QStringLiteral("never_ready")}));
    EXPECT_EQ(r.exitCode, 5) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("still starting"))) << r.err.toStdString();
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.fixture=never_ready")).isEmpty());
}

TEST(Cli, ComposeFailureShowsComposeOutput)
{
    // An image that does not exist and cannot be pulled: compose itself fails.
    auto dir = workspaceWithFixture(QStringLiteral("description: bad image\n"),
                                    QStringLiteral("services:\n  app:\n    image: fixbench-no-such-image:never\n"));
    const ProcResult r = runCli(ws(dir->path(), {QStringLiteral("up"), QStringLiteral("broken")}));
    EXPECT_EQ(r.exitCode, 1) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("compose up"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("fixbench-no-such-image"))) << r.err.toStdString();
}

TEST(Cli, NewScaffoldsAFixtureThatComesUp)
{
    auto dir = std::make_unique<QTemporaryDir>();
    QFile f(dir->filePath(QStringLiteral("fixbench.yml")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("name: scaffold-test\n");
    f.close();
    QDir(dir->path()).mkpath(QStringLiteral("fixtures"));
    const ProcResult n = runCli(ws(dir->path(), {QStringLiteral("new"), QStringLiteral("my_db")}));
    ASSERT_EQ(n.exitCode, 0) << n.err.toStdString();
    for (const char *file : {"fixture.yml", "compose.yaml", "hooks/started.sh", "hooks/setup_data.sh"})
        EXPECT_TRUE(QFile::exists(dir->filePath(QStringLiteral("fixtures/my_db/") + QLatin1String(file)))) << file;
    EXPECT_EQ(runCli(ws(dir->path(), {QStringLiteral("new"), QStringLiteral("my_db")})).exitCode, 1) << "refuses to overwrite";
    const ProcResult up = runCli(ws(dir->path(), {QStringLiteral("up"), QStringLiteral("my_db"), QStringLiteral("--keep")}));
    EXPECT_EQ(up.exitCode, 0) << up.err.toStdString();
    EXPECT_TRUE(up.err.contains(QLatin1String("my_db started:"))) << "the scaffolded started hook ran: " << up.err.toStdString();
    const ProcResult down = runCli(ws(dir->path(), {QStringLiteral("down"), QStringLiteral("--all")}));
    EXPECT_EQ(down.exitCode, 0) << down.err.toStdString();
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.workspace.root=") + dir->path()).isEmpty());
}

TEST(Cli, DoctorReportsEngineComposeAndBaseImage)
{
    const ProcResult d = runCli(ws(repoWorkspace(), {QStringLiteral("doctor")}));
    EXPECT_EQ(d.exitCode, 0) << d.out.toStdString();
    EXPECT_TRUE(d.out.contains(QLatin1String("ok   engine"))) << d.out.toStdString();
    EXPECT_TRUE(d.out.contains(QLatin1String("API"))) << d.out.toStdString();
    EXPECT_TRUE(d.out.contains(QLatin1String("ok   compose"))) << d.out.toStdString();
    EXPECT_TRUE(d.out.contains(QLatin1String("debian:bookworm-slim"))) << d.out.toStdString();
}

TEST(Cli, AStackMissingAServiceIsDegradedNotReady)
{
    const QString root = testsWorkspace();
    const QString instance = uniqueInstance();
    const QStringList inst{QStringLiteral("--instance"), instance};
    ASSERT_EQ(runCli(ws(root, QStringList{QStringLiteral("up"), QStringLiteral("two_services"), QStringLiteral("--keep")} + inst)).exitCode, 0);
    const QString label = QStringLiteral("fixbench.instance=") + instance;
    ASSERT_EQ(containersWithLabel(label).size(), 2) << "app and db, not the `debug` profile's tools";
    // Someone removes db's container by hand.
    QString db;
    for (const QString &id : containersWithLabel(label))
        if (containersWithLabel(QStringLiteral("com.docker.compose.service=db")).contains(id))
            db = id;
    ASSERT_FALSE(db.isEmpty());
    ASSERT_EQ(run(QStringLiteral("docker"), {QStringLiteral("rm"), QStringLiteral("-f"), db}).exitCode, 0);

    // status says degraded, not ready, and which service is missing.
    const ProcResult st = runCli(ws(root, {QStringLiteral("status"), QStringLiteral("--json")}));
    QJsonObject mine;
    for (const auto &v : QJsonDocument::fromJson(st.out.toUtf8()).array())
        if (v.toObject().value(QStringLiteral("instance")).toString() == instance)
            mine = v.toObject();
    EXPECT_EQ(mine.value(QStringLiteral("state")).toString(), QStringLiteral("unhealthy")) << st.out.toStdString();
    EXPECT_EQ(mine.value(QStringLiteral("missing_services")).toArray().toVariantList(), QVariantList{QStringLiteral("db")})
        << st.out.toStdString();
    const ProcResult human = runCli(ws(root, {QStringLiteral("status")}));
    EXPECT_TRUE(human.out.contains(QStringLiteral("degraded: no container for db"))) << human.out.toStdString();
    // up does not attach to it (it is kept: not recreated under its users either).
    const ProcResult up = runCli(ws(root, QStringList{QStringLiteral("up"), QStringLiteral("two_services")} + inst));
    EXPECT_NE(up.exitCode, 0);
    EXPECT_TRUE(up.err.contains(QStringLiteral("degraded: no container for service(s) db"))) << up.err.toStdString();
    // down still takes it all down.
    EXPECT_EQ(runCli(ws(root, QStringList{QStringLiteral("down"), QStringLiteral("two_services")} + inst)).exitCode, 0);
    EXPECT_TRUE(containersWithLabel(label).isEmpty());
    EXPECT_TRUE(networksWithLabel(label).isEmpty());
}

TEST(Cli, AMalformedComposeFileIsAnErrorNotAnAbortAndDownStillWorks)
{
    auto copy = copyWorkspace(testsWorkspace());
    ASSERT_TRUE(copy);
    const QString root = copy->path();
    const QString instance = uniqueInstance();
    const QStringList inst{QStringLiteral("--instance"), instance};
    ASSERT_EQ(runCli(ws(root, QStringList{QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--keep")} + inst)).exitCode, 0);
    // Then someone breaks its compose file: `build.context` as a list.
    QFile compose(copy->filePath(QStringLiteral("fixtures/echo_server/compose.yaml")));
    ASSERT_TRUE(compose.open(QIODevice::Append));
    compose.write("  broken:\n    build:\n      context: [a, b]\n");
    compose.close();
    for (const QString &cmd : {QStringLiteral("status"), QStringLiteral("list")}) {
        const ProcResult r = runCli(ws(root, {cmd}));
        EXPECT_FALSE(r.crashed) << cmd.toStdString() << " aborted: " << r.err.toStdString();
        EXPECT_EQ(r.exitCode, 0) << cmd.toStdString() << ": " << r.err.toStdString();
    }
    const ProcResult up = runCli(ws(root, QStringList{QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--instance"),
                                                      uniqueInstance()}));
    EXPECT_FALSE(up.crashed) << up.err.toStdString();
    EXPECT_NE(up.exitCode, 0);
    EXPECT_TRUE(up.err.contains(QStringLiteral("compose.yaml:"))) << "file:line:col: " << up.err.toStdString();
    EXPECT_TRUE(up.err.contains(QStringLiteral("build.context"))) << up.err.toStdString();
    const ProcResult down = runCli(ws(root, QStringList{QStringLiteral("down"), QStringLiteral("echo_server")} + inst));
    EXPECT_FALSE(down.crashed) << down.err.toStdString();
    EXPECT_EQ(down.exitCode, 0) << down.err.toStdString();
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.instance=") + instance).isEmpty());
}

// `fixbench down` while another process takes the same stack down (the reaper after a
// linger, a second `down`, the workbench): it waits for the project's lock, then finds
// the stack gone and says down — not compose's error about files the other one removed.
TEST(Cli, DownWaitsForAnotherProcessTakingTheSameStackDown)
{
    const QString root = testsWorkspace();
    const QString instance = uniqueInstance(QStringLiteral("race"));
    const QStringList inst{QStringLiteral("--instance"), instance};
    ASSERT_EQ(runCli(ws(root, QStringList{QStringLiteral("up"), QStringLiteral("echo_server"), QStringLiteral("--keep")} + inst)).exitCode, 0);
    auto wsp = Workspace::load(root);
    ASSERT_TRUE(wsp);
    FixtureManager other(*wsp);
    const QString project = other.projectName(QStringLiteral("echo_server"), instance);
    QProcess down;
    {
        // The other process, under the project's lock as every fixbench that takes a stack down.
        FileLock lock(FixtureManager::projectLockPath(project), 5000);
        ASSERT_TRUE(lock.isLocked());
        down.start(fixbenchPath(), ws(root, QStringList{QStringLiteral("down"), QStringLiteral("echo_server")} + inst));
        ASSERT_TRUE(down.waitForStarted());
        EXPECT_FALSE(down.waitForFinished(1500)) << "down did not wait for the lock: " << down.readAllStandardError().toStdString();
        auto running = other.find(QStringLiteral("echo_server"), instance);
        ASSERT_TRUE(running && running->has_value());
        ASSERT_TRUE(other.down(**running).ok());
    }
    ASSERT_TRUE(down.waitForFinished(60000));
    const QString err = QString::fromUtf8(down.readAllStandardError());
    EXPECT_EQ(down.exitCode(), 0) << err.toStdString();
    EXPECT_TRUE(err.contains(QStringLiteral("echo_server down"))) << err.toStdString();
    EXPECT_TRUE(containersWithLabel(projectLabel(project)).isEmpty());
}
