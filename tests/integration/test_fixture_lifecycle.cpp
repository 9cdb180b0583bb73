// Fixture lifecycle through core's FixtureManager on the real Docker engine and the
// real compose CLI: up → ready → environment → real FTP login → logs → down → nothing
// left; instances; attach; hooks; every bad input a user can cause.

#include "base/filelock.h"
#include "engine/engineclient.h"
#include "fixture/fixturemanager.h"
#include "engine/labels.h"
#include "testsupport.h"
#include "workspace/workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QSet>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace fixbench;
using namespace fixbench::testsupport;

namespace {

Workspace loadWorkspace(const QString &root)
{
    auto ws = Workspace::load(root);
    EXPECT_TRUE(ws.ok()) << (ws ? "" : ws.error().toString().toStdString());
    return ws ? *ws : Workspace();
}

// Takes a project down at scope exit even when an assertion failed.
struct StackGuard {
    QString project;
    ~StackGuard()
    {
        if (project.isEmpty())
            return;
        EngineClient engine;
        (void)FixtureManager::removeStack(engine, project, 1);
    }
};

void expectNothingLeft(const QString &project)
{
    EXPECT_TRUE(containersWithLabel(projectLabel(project)).isEmpty()) << "containers left for " << project.toStdString();
    EXPECT_TRUE(networksWithLabel(projectLabel(project)).isEmpty()) << "networks left for " << project.toStdString();
}

// Brings `fixture` of tests/workspace up expecting it to fail with `kind`; checks that
// nothing of it is left behind and returns the error for further checks.
Error expectUpFails(const QString &fixture, Error::Kind kind)
{
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    const QString instance = uniqueInstance();
    const QString project = mgr.projectName(fixture, instance);
    StackGuard guard{project};
    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(fixture, o);
    if (up.ok()) {
        ADD_FAILURE() << fixture.toStdString() << " came up but should have failed";
        return Error();
    }
    EXPECT_EQ(up.error().kind, kind) << up.error().toString().toStdString();
    expectNothingLeft(project);
    return up.error();
}

QString logsOf(EngineClient &engine, const RunningFixture &r)
{
    QString all;
    for (const ContainerInfo &c : r.containers) {
        auto lines = engine.logs(c.id, LogOptions{});
        if (lines)
            for (const LogLine &l : *lines)
                all += QString::fromUtf8(l.text) + QLatin1Char('\n');
    }
    return all;
}

} // namespace

TEST(FixtureLifecycle, FtpServerUpLoginLogsDownLeavesNothing)
{
    FixtureManager mgr(loadWorkspace(repoWorkspace()));
    const QString instance = uniqueInstance();
    StackGuard guard{mgr.projectName(QStringLiteral("ftp_server"), instance)};

    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(QStringLiteral("ftp_server"), o);
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();
    EXPECT_FALSE(up->attached);
    const Environment &env = up->environment;
    ASSERT_TRUE(env.contains(QStringLiteral("FTP_PORT")));
    const int port = env.value(QStringLiteral("FTP_PORT")).toInt();
    EXPECT_GT(port, 0);
    EXPECT_EQ(env.value(QStringLiteral("FTP_USER")), QStringLiteral("fixbench"));
    ASSERT_NE(env.find(QStringLiteral("FTP_PASS")), nullptr);
    EXPECT_TRUE(env.find(QStringLiteral("FTP_PASS"))->secret);

    // Every container and network carries fixbench's labels.
    const QString project = up->fixture.project;
    const QStringList containers = containersWithLabel(projectLabel(project));
    ASSERT_FALSE(containers.isEmpty());
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.fixture=ftp_server")).contains(containers.first()));
    EXPECT_FALSE(networksWithLabel(QStringLiteral("fixbench.owner.pid=%1").arg(::getpid())).isEmpty());

    // The published port answers a real FTP login.
    QString output;
    EXPECT_TRUE(ftpLogin(env.value(QStringLiteral("FTP_HOST")), port, env.value(QStringLiteral("FTP_USER")),
                         env.value(QStringLiteral("FTP_PASS")), &output))
        << output.toStdString();

    // The login shows in the container's log.
    EngineClient engine;
    QString logs;
    for (int i = 0; i < 50 && !logs.contains(QLatin1String("OK LOGIN")); ++i) {
        logs = logsOf(engine, up->fixture);
        if (!logs.contains(QLatin1String("OK LOGIN")))
            usleep(100 * 1000);
    }
    EXPECT_TRUE(logs.contains(QLatin1String("OK LOGIN"))) << logs.toStdString();

    // A second manager (as another process would) recomputes the same environment.
    FixtureManager other(loadWorkspace(repoWorkspace()));
    auto env2 = other.environment(QStringLiteral("ftp_server"), instance);
    ASSERT_TRUE(env2.ok()) << env2.error().toString().toStdString();
    EXPECT_EQ(env2->value(QStringLiteral("FTP_PORT")), env.value(QStringLiteral("FTP_PORT")));
    EXPECT_EQ(env2->value(QStringLiteral("FTP_PASV_MIN")), env.value(QStringLiteral("FTP_PASV_MIN")));

    ASSERT_TRUE(mgr.down(QStringLiteral("ftp_server"), instance).ok());
    expectNothingLeft(project);
    QString after;
    EXPECT_FALSE(ftpLogin(QStringLiteral("127.0.0.1"), port, QStringLiteral("fixbench"), env.value(QStringLiteral("FTP_PASS")), &after));
}

TEST(FixtureLifecycle, TwoInstancesRunAtOnceOnDifferentPorts)
{
    FixtureManager mgr(loadWorkspace(repoWorkspace()));
    const QString a = uniqueInstance(QStringLiteral("a")), b = uniqueInstance(QStringLiteral("b"));
    StackGuard ga{mgr.projectName(QStringLiteral("ftp_server"), a)}, gb{mgr.projectName(QStringLiteral("ftp_server"), b)};
    UpOptions oa, ob;
    oa.instance = a;
    ob.instance = b;
    auto ua = mgr.up(QStringLiteral("ftp_server"), oa);
    ASSERT_TRUE(ua.ok()) << ua.error().toString().toStdString();
    auto ub = mgr.up(QStringLiteral("ftp_server"), ob);
    ASSERT_TRUE(ub.ok()) << ub.error().toString().toStdString();
    EXPECT_NE(ua->fixture.project, ub->fixture.project);
    const QString portA = ua->environment.value(QStringLiteral("FTP_PORT"));
    const QString portB = ub->environment.value(QStringLiteral("FTP_PORT"));
    EXPECT_NE(portA, portB);
    EXPECT_NE(ua->environment.value(QStringLiteral("FTP_PASV_MIN")), ub->environment.value(QStringLiteral("FTP_PASV_MIN")));
    QString out;
    EXPECT_TRUE(ftpLogin(QStringLiteral("127.0.0.1"), portA.toInt(), QStringLiteral("fixbench"), ua->environment.value(QStringLiteral("FTP_PASS")), &out)) << out.toStdString();
    EXPECT_TRUE(ftpLogin(QStringLiteral("127.0.0.1"), portB.toInt(), QStringLiteral("fixbench"), ub->environment.value(QStringLiteral("FTP_PASS")), &out)) << out.toStdString();
    EXPECT_TRUE(mgr.down(ua->fixture).ok());
    EXPECT_TRUE(mgr.down(ub->fixture).ok());
    expectNothingLeft(ua->fixture.project);
    expectNothingLeft(ub->fixture.project);
}

TEST(FixtureLifecycle, ConcurrentUpsOfOneInstanceStartItOnceAndAttach)
{
    const Workspace ws = loadWorkspace(testsWorkspace());
    const QString instance = uniqueInstance();
    FixtureManager probe(ws);
    StackGuard guard{probe.projectName(QStringLiteral("echo_server"), instance)};
    std::optional<Result<UpResult>> r1, r2;
    auto runUp = [&](std::optional<Result<UpResult>> *slot) {
        FixtureManager mgr(ws);
        UpOptions o;
        o.instance = instance;
        slot->emplace(mgr.up(QStringLiteral("echo_server"), o));
    };
    std::thread t1(runUp, &r1), t2(runUp, &r2);
    t1.join();
    t2.join();
    ASSERT_TRUE(r1->ok()) << r1->error().toString().toStdString();
    ASSERT_TRUE(r2->ok()) << r2->error().toString().toStdString();
    EXPECT_NE((*r1)->attached, (*r2)->attached) << "exactly one of two concurrent ups starts the stack";
    EXPECT_EQ((*r1)->environment.value(QStringLiteral("ECHO_PORT")), (*r2)->environment.value(QStringLiteral("ECHO_PORT")));
    EXPECT_EQ(containersWithLabel(projectLabel(guard.project)).size(), 1);
    EXPECT_TRUE(probe.down(QStringLiteral("echo_server"), instance).ok());
    expectNothingLeft(guard.project);
}

TEST(FixtureLifecycle, EnvironmentHasPortsSecretsAndPublishedPortMatchesEngine)
{
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    const QString instance = uniqueInstance();
    StackGuard guard{mgr.projectName(QStringLiteral("echo_server"), instance)};
    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(QStringLiteral("echo_server"), o);
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();
    const Environment &env = up->environment;
    EXPECT_EQ(env.value(QStringLiteral("ECHO_GREETING")), QStringLiteral("hello"));
    ASSERT_NE(env.find(QStringLiteral("ECHO_TOKEN")), nullptr);
    EXPECT_TRUE(env.find(QStringLiteral("ECHO_TOKEN"))->secret);
    EXPECT_EQ(env.value(QStringLiteral("ECHO_TOKEN")), QStringLiteral("s3cret"));
    EXPECT_FALSE(env.toShellExports(false).contains(QLatin1String("s3cret")));
    EXPECT_TRUE(env.toShellExports(true).contains(QLatin1String("s3cret")));
    // `docker port` agrees with the exported port.
    const QStringList ids = containersWithLabel(projectLabel(up->fixture.project));
    ASSERT_EQ(ids.size(), 1);
    const ProcResult port = run(QStringLiteral("docker"), {QStringLiteral("port"), ids.first(), QStringLiteral("7000")});
    EXPECT_TRUE(port.out.contains(QLatin1Char(':') + env.value(QStringLiteral("ECHO_PORT")))) << port.out.toStdString();
    EXPECT_TRUE(mgr.down(up->fixture).ok());
    expectNothingLeft(up->fixture.project);
}

TEST(FixtureLifecycle, HealthcheckProbeWaitsForHealthy)
{
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    const QString instance = uniqueInstance();
    StackGuard guard{mgr.projectName(QStringLiteral("healthy"), instance)};
    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(QStringLiteral("healthy"), o);
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();
    EngineClient engine;
    ASSERT_FALSE(up->fixture.containers.isEmpty());
    auto info = engine.inspectContainer(up->fixture.containers.first().id);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->health, ContainerHealth::Healthy);
    EXPECT_TRUE(mgr.down(up->fixture).ok());
}

// The log probe reads a growing log piece by piece (since the last second it saw): a
// "ready" written in the middle of a burst of thousands of lines is found, and only
// once the service wrote it.
TEST(FixtureLifecycle, LogProbeFindsReadyInsideABurstOfAGrowingLog)
{
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    const QString instance = uniqueInstance();
    StackGuard guard{mgr.projectName(QStringLiteral("chatty"), instance)};
    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(QStringLiteral("chatty"), o);
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();
    EngineClient engine;
    ASSERT_FALSE(up->fixture.containers.isEmpty());
    auto lines = engine.logs(up->fixture.containers.first().id, LogOptions{});
    ASSERT_TRUE(lines.ok());
    bool ready = false;
    for (const LogLine &l : *lines)
        ready = ready || l.text == "ready";
    EXPECT_TRUE(ready) << "ready before the service said so: " << lines->size() << " lines";
    EXPECT_GE(lines->size(), 13501);
    EXPECT_TRUE(mgr.down(up->fixture).ok());
}

TEST(FixtureLifecycle, HooksRunInOrderWithTheFixtureEnvironment)
{
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    const QString instance = uniqueInstance();
    StackGuard guard{mgr.projectName(QStringLiteral("hooks"), instance)};
    QTemporaryDir tmp;
    const QString hookLog = tmp.filePath(QStringLiteral("hooks.log"));
    qputenv("HOOK_LOG", hookLog.toLocal8Bit());
    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(QStringLiteral("hooks"), o);
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();
    EXPECT_TRUE(mgr.runHook(QStringLiteral("hooks"), instance, QStringLiteral("setup_data")).ok());
    EXPECT_TRUE(mgr.runHook(QStringLiteral("hooks"), instance, QStringLiteral("teardown_data")).ok());
    EXPECT_TRUE(mgr.down(QStringLiteral("hooks"), instance).ok());
    qunsetenv("HOOK_LOG");
    QFile f(hookLog);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
    EXPECT_EQ(lines, (QStringList{QStringLiteral("started hooks hello"), QStringLiteral("setup_data hooks hello"),
                                  QStringLiteral("teardown_data hooks hello"), QStringLiteral("stopping hooks hello")}));
    expectNothingLeft(guard.project);
}

TEST(FixtureLifecycle, FailingHookIsAnErrorWithItsOutputAndNothingIsLeft)
{
    const Error e = expectUpFails(QStringLiteral("failing_hook"), Error::Kind::Hook);
    EXPECT_TRUE(e.message.contains(QLatin1String("started"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QLatin1String("code 3"))) << e.message.toStdString();
    EXPECT_TRUE(e.details.contains(QLatin1String("cannot seed data: table missing"))) << e.details.toStdString();
}

TEST(FixtureLifecycle, ServiceThatExitsAtOnceIsAComposeErrorWithItsOutput)
{
    const Error e = expectUpFails(QStringLiteral("exits_at_once"), Error::Kind::Compose);
    EXPECT_TRUE(e.message.contains(QLatin1String("`app`"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QLatin1String("exit code 3"))) << e.message.toStdString();
    EXPECT_TRUE(e.details.contains(QLatin1String("fatal: config missing"))) << e.details.toStdString();
}

TEST(FixtureLifecycle, ReadinessTimeoutNamesTheProbeAndShowsLastLogLines)
{
    const Error e = expectUpFails(QStringLiteral("never_ready"), Error::Kind::Timeout);
    EXPECT_TRUE(e.message.contains(QLatin1String("not ready after 3 s"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QLatin1String("^ready$"))) << e.message.toStdString();
    EXPECT_TRUE(e.details.contains(QLatin1String("app | still starting"))) << e.details.toStdString();
}

TEST(FixtureLifecycle, FixedPortAlreadyTakenIsAPortError)
{
    // Hold the fixture's fixed port.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(31999);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    const bool held = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 && ::listen(fd, 1) == 0;
    ASSERT_TRUE(held) << "could not hold port 31999 for the test";
    const Error e = expectUpFails(QStringLiteral("fixed_port"), Error::Kind::Port);
    ::close(fd);
    EXPECT_TRUE(e.message.contains(QLatin1String("31999"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QLatin1String("FIXED_PORT"))) << e.message.toStdString();
}

TEST(FixtureLifecycle, MissingComposeFileIsASpecError)
{
    const Workspace ws = loadWorkspace(testsWorkspace());
    FixtureManager mgr(ws);
    auto up = mgr.up(QStringLiteral("no_compose"));
    ASSERT_FALSE(up.ok());
    EXPECT_EQ(up.error().kind, Error::Kind::Spec);
    EXPECT_TRUE(up.error().location.file.endsWith(QLatin1String("no_compose/fixture.yml"))) << up.error().toString().toStdString();
    EXPECT_TRUE(up.error().message.contains(QLatin1String("compose.yaml"))) << up.error().message.toStdString();
}

TEST(FixtureLifecycle, UnknownFixtureListsTheAvailableOnes)
{
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    auto up = mgr.up(QStringLiteral("no_such_fixture"));
    ASSERT_FALSE(up.ok());
    EXPECT_EQ(up.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(up.error().toString().contains(QLatin1String("echo_server"))) << up.error().toString().toStdString();
}

TEST(FixtureLifecycle, EngineNotReachableIsAClearEngineError)
{
    qputenv("DOCKER_HOST", "unix:///tmp/fixbench-no-engine-here.sock");
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    auto up = mgr.up(QStringLiteral("echo_server"));
    qunsetenv("DOCKER_HOST");
    ASSERT_FALSE(up.ok());
    EXPECT_EQ(up.error().kind, Error::Kind::Engine);
    EXPECT_TRUE(up.error().message.contains(QLatin1String("/tmp/fixbench-no-engine-here.sock"))) << up.error().message.toStdString();
}

TEST(FixtureLifecycle, StatusMarksAFixtureStaleWhenItsFilesChange)
{
    auto copy = copyWorkspace(testsWorkspace());
    ASSERT_TRUE(copy);
    FixtureManager mgr(loadWorkspace(copy->path()));
    StackGuard guard{mgr.projectName(QStringLiteral("echo_server"), {})};
    auto up = mgr.up(QStringLiteral("echo_server"));
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();
    auto before = mgr.status();
    ASSERT_TRUE(before.ok());
    bool staleBefore = true;
    for (const FixtureStatus &s : *before)
        if (s.fixture == QLatin1String("echo_server") && s.running)
            staleBefore = s.stale;
    EXPECT_FALSE(staleBefore);
    {
        QFile f(copy->filePath(QStringLiteral("fixtures/echo_server/compose.yaml")));
        ASSERT_TRUE(f.open(QIODevice::Append));
        f.write("# edited\n");
    }
    auto after = mgr.status();
    ASSERT_TRUE(after.ok());
    bool staleAfter = false;
    for (const FixtureStatus &s : *after)
        if (s.fixture == QLatin1String("echo_server") && s.running) {
            staleAfter = s.stale;
            EXPECT_EQ(s.state, FixtureState::Ready);
        }
    EXPECT_TRUE(staleAfter);
    EXPECT_TRUE(mgr.down(QStringLiteral("echo_server")).ok());
    expectNothingLeft(guard.project);
}

// Fixture names that compose's naming rules fold together get distinct stacks: `my-db`
// and `my_db`, fixture `db` with instance `test` and fixture `db_test`. Each comes up
// beside the others and going down takes only its own.
TEST(FixtureLifecycle, NamesThatFoldTogetherGetDistinctStacks)
{
    auto copy = copyWorkspace(testsWorkspace());
    ASSERT_TRUE(copy);
    for (const char *name : {"my-db", "my_db", "db", "db_test"})
        ASSERT_TRUE(copyTree(copy->filePath(QStringLiteral("fixtures/echo_server")),
                             copy->filePath(QStringLiteral("fixtures/") + QLatin1String(name))));
    FixtureManager mgr(loadWorkspace(copy->path()));
    const QList<QPair<QString, QString>> triples{{QStringLiteral("my-db"), {}}, {QStringLiteral("my_db"), {}},
                                                 {QStringLiteral("db"), QStringLiteral("test")}, {QStringLiteral("db_test"), {}}};
    std::vector<StackGuard> guards;
    guards.reserve(4);
    QSet<QString> projects;
    for (const auto &[fixture, instance] : triples) {
        guards.push_back(StackGuard{mgr.projectName(fixture, instance)});
        projects.insert(guards.back().project);
    }
    ASSERT_EQ(projects.size(), 4);
    QList<UpResult> held; // this process's leases: without them, the reaper takes the stacks
    for (const auto &[fixture, instance] : triples) {
        UpOptions o;
        o.instance = instance;
        auto up = mgr.up(fixture, o);
        ASSERT_TRUE(up.ok()) << fixture.toStdString() << ": " << up.error().toString().toStdString();
        EXPECT_FALSE(up->attached) << fixture.toStdString() << " attached to another fixture's stack";
        EXPECT_EQ(up->fixture.fixture, fixture);
        EXPECT_EQ(up->fixture.instance, instance);
        held << *up;
    }
    for (const QString &p : std::as_const(projects))
        EXPECT_EQ(containersWithLabel(projectLabel(p)).size(), 1) << p.toStdString();
    ASSERT_TRUE(mgr.down(QStringLiteral("my-db")).ok());
    ASSERT_TRUE(mgr.down(QStringLiteral("db"), QStringLiteral("test")).ok());
    expectNothingLeft(mgr.projectName(QStringLiteral("my-db")));
    EXPECT_EQ(containersWithLabel(projectLabel(mgr.projectName(QStringLiteral("my_db")))).size(), 1);
    EXPECT_EQ(containersWithLabel(projectLabel(mgr.projectName(QStringLiteral("db_test")))).size(), 1);
    ASSERT_TRUE(mgr.down(QStringLiteral("my_db")).ok());
    ASSERT_TRUE(mgr.down(QStringLiteral("db_test")).ok());
    for (const QString &p : std::as_const(projects))
        expectNothingLeft(p);
}

// Should a compose project ever hold another fixture's stack, fixbench refuses to attach
// to it or take it down, and says whose it is.
TEST(FixtureLifecycle, AProjectHoldingAnotherFixturesStackIsRefused)
{
    FixtureManager mgr(loadWorkspace(testsWorkspace()));
    const QString instance = uniqueInstance();
    StackGuard guard{mgr.projectName(QStringLiteral("echo_server"), instance)};
    // A container in echo_server's project, labelled as fixture `intruder`.
    const auto started = run(QStringLiteral("docker"),
                             {QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--label"),
                              QLatin1String(labels::ComposeProject) + QLatin1Char('=') + guard.project, QStringLiteral("--label"),
                              QLatin1String(labels::Fixture) + QStringLiteral("=intruder"), QStringLiteral("--label"),
                              QLatin1String(labels::Instance) + QLatin1Char('=') + instance, QStringLiteral("--label"),
                              QLatin1String(labels::Workspace) + QLatin1Char('=') + mgr.workspace().id(),
                              QStringLiteral("debian:bookworm-slim"), QStringLiteral("sleep"), QStringLiteral("120")});
    ASSERT_EQ(started.exitCode, 0) << started.err.toStdString();
    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(QStringLiteral("echo_server"), o);
    ASSERT_FALSE(up.ok());
    EXPECT_EQ(up.error().kind, Error::Kind::Compose);
    EXPECT_TRUE(up.error().message.contains(QStringLiteral("belongs to fixture `intruder`"))) << up.error().message.toStdString();
    auto down = mgr.down(QStringLiteral("echo_server"), instance);
    ASSERT_FALSE(down.ok());
    EXPECT_TRUE(down.error().message.contains(QStringLiteral("refusing"))) << down.error().message.toStdString();
    EXPECT_EQ(containersWithLabel(projectLabel(guard.project)).size(), 1) << "the other fixture's container was removed";
}

// An attach to a stack found ready before trusts that finding, however long ago, while
// the engine reports the very same containers running and the fixture's files are the
// same; a restarted container, a changed fixture file or a reprobe request runs the
// probes again. (A copy of the tests workspace: its fixture file is edited.)
TEST(FixtureLifecycle, AttachTrustsReadinessUntilAContainerOrAFixtureFileChanges)
{
    auto copy = copyWorkspace(testsWorkspace());
    ASSERT_TRUE(copy);
    FixtureManager mgr(loadWorkspace(copy->path()));
    const QString instance = uniqueInstance();
    StackGuard guard{mgr.projectName(QStringLiteral("echo_server"), instance)};
    UpOptions o;
    o.instance = instance;
    auto up = mgr.up(QStringLiteral("echo_server"), o);
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();
    ASSERT_EQ(up->fixture.containers.size(), 1);
    const QString trusted = QStringLiteral("not probed again");
    auto attachLines = [&](bool reprobe = false) {
        QStringList lines;
        UpOptions a = o;
        a.reprobe = reprobe;
        a.progress = [&](const QString &step, const QString &line) { lines << step + QStringLiteral(": ") + line; };
        FixtureManager other(loadWorkspace(copy->path()));
        auto r = other.up(QStringLiteral("echo_server"), a);
        EXPECT_TRUE(r.ok() && r->attached) << (r ? "not attached" : r.error().toString().toStdString());
        return lines.join(QLatin1Char('\n'));
    };
    EXPECT_TRUE(attachLines().contains(trusted));
    // Found ready an hour ago: still the same stack, still trusted.
    QFile stamp(runtimeDir() + QStringLiteral("/ready/") + guard.project);
    ASSERT_TRUE(stamp.open(QIODevice::ReadWrite));
    ASSERT_TRUE(stamp.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
    stamp.close();
    EXPECT_TRUE(attachLines().contains(trusted));

    // Asked to: probed.
    EXPECT_FALSE(attachLines(true).contains(trusted));
    qputenv("FIXBENCH_REPROBE", "1");
    const QString byEnv = attachLines();
    qunsetenv("FIXBENCH_REPROBE");
    EXPECT_FALSE(byEnv.contains(trusted)) << byEnv.toStdString();

    // The container restarted (same id, a new start): probed, then trusted again.
    const auto restarted = run(QStringLiteral("docker"), {QStringLiteral("restart"), QStringLiteral("-t"), QStringLiteral("1"),
                                                          up->fixture.containers.first().id});
    ASSERT_EQ(restarted.exitCode, 0) << restarted.err.toStdString();
    const QString afterRestart = attachLines();
    EXPECT_FALSE(afterRestart.contains(trusted)) << afterRestart.toStdString();
    EXPECT_TRUE(attachLines().contains(trusted));

    // A fixture file changed: probed, then trusted again.
    QFile yml(copy->filePath(QStringLiteral("fixtures/echo_server/fixture.yml")));
    ASSERT_TRUE(yml.open(QIODevice::Append));
    yml.write("# edited\n");
    yml.close();
    const QString afterEdit = attachLines();
    EXPECT_FALSE(afterEdit.contains(trusted)) << afterEdit.toStdString();
    EXPECT_TRUE(attachLines().contains(trusted));

    EXPECT_TRUE(mgr.down(QStringLiteral("echo_server"), instance).ok());
    EXPECT_FALSE(QFile::exists(stamp.fileName())) << "down leaves the readiness finding behind";
}
