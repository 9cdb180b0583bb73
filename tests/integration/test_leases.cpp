// One fixture, many processes (fixture/lease.h, fixture/reaper.h), on the real engine:
// a fixture stays up while any process uses it, goes down after its linger once the
// last one is gone — also when they were all killed with kill -9 — and nobody runs
// `fixbench prune` for that. Test processes are real: lease_user (the in-test client),
// the fixbench CLI, ctest -j4.

#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <csignal>
#include <iostream>

using namespace fixbench::testsupport;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + QLatin1String(name);
}

QProcessEnvironment userEnv(const QString &workspace, const QString &instance)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_WORKSPACE"), workspace);
    env.insert(QStringLiteral("FIXBENCH_INSTANCE"), instance);
    env.insert(QStringLiteral("FIXBENCH_CLI"), fixbenchPath());
    return env;
}

// Starts `lease_user fixture args...` and waits for its "up attached=..." line.
::testing::AssertionResult startUser(QProcess &p, const QString &workspace, const QString &instance, const QStringList &args,
                                     QString *upLine)
{
    p.setProcessEnvironment(userEnv(workspace, instance));
    p.start(sample("lease_user"), args);
    if (!p.waitForStarted())
        return ::testing::AssertionFailure() << "cannot start lease_user";
    QString out;
    const bool up = waitFor([&] {
        p.waitForReadyRead(50);
        out += QString::fromUtf8(p.readAllStandardOutput());
        return out.contains(QStringLiteral("up attached="));
    }, 120000);
    if (!up)
        return ::testing::AssertionFailure() << "lease_user did not get its fixture: " << out.toStdString()
                                             << QString::fromUtf8(p.readAllStandardError()).toStdString();
    *upLine = QRegularExpression(QStringLiteral("up attached=[^\n]*")).match(out).captured(0);
    return ::testing::AssertionSuccess();
}

QString instanceLabel(const QString &instance)
{
    return QStringLiteral("fixbench.instance=") + instance;
}

QStringList volumesWithLabel(const QString &label)
{
    return run(QStringLiteral("docker"), {QStringLiteral("volume"), QStringLiteral("ls"), QStringLiteral("-q"), QStringLiteral("--filter"),
                                          QStringLiteral("label=") + label})
        .out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

bool nothingLeft(const QString &instance)
{
    return containersWithLabel(instanceLabel(instance)).isEmpty() && networksWithLabel(instanceLabel(instance)).isEmpty()
           && volumesWithLabel(instanceLabel(instance)).isEmpty();
}

QString leftovers(const QString &instance)
{
    return QStringLiteral("containers %1, networks %2, volumes %3")
        .arg(containersWithLabel(instanceLabel(instance)).size())
        .arg(networksWithLabel(instanceLabel(instance)).size())
        .arg(volumesWithLabel(instanceLabel(instance)).size());
}

// ftp_server (the repository's workspace) lingers the default 5 s; `lingering` (tests/
// workspace) 2 s. "Gone within linger + 10 s".
constexpr int kFtpGoneMs = (5 + 10) * 1000;
constexpr int kLingeringGoneMs = (2 + 10) * 1000;

} // namespace

// A starts ftp_server through the in-test client, B attaches; A exits; B keeps logging
// in for 5 s without an error; after B exits the stack is gone within linger + 10 s.
TEST(Leases, TheLastUserEndsTheFixtureNotTheFirst)
{
    const QString instance = uniqueInstance(QStringLiteral("ab"));
    QProcess a, b;
    QString upA, upB;
    ASSERT_TRUE(startUser(a, repoWorkspace(), instance, {QStringLiteral("ftp_server"), QStringLiteral("hold")}, &upA));
    EXPECT_TRUE(upA.contains(QStringLiteral("attached=false"))) << upA.toStdString();
    ASSERT_TRUE(startUser(b, repoWorkspace(), instance, {QStringLiteral("ftp_server"), QStringLiteral("ftp"), QStringLiteral("5")}, &upB));
    EXPECT_TRUE(upB.contains(QStringLiteral("attached=true"))) << upB.toStdString();

    // `fixbench status` says who uses it: both, with their pids.
    const ProcResult st = runCli({QStringLiteral("-w"), repoWorkspace(), QStringLiteral("status"), QStringLiteral("--json")});
    QList<qint64> leasePids;
    for (const auto &v : QJsonDocument::fromJson(st.out.toUtf8()).array())
        if (v.toObject().value(QStringLiteral("instance")).toString() == instance)
            for (const auto &l : v.toObject().value(QStringLiteral("leases")).toArray())
                leasePids << l.toObject().value(QStringLiteral("pid")).toInteger();
    EXPECT_EQ(leasePids.size(), 2) << st.out.toStdString();
    const ProcResult human = runCli({QStringLiteral("-w"), repoWorkspace(), QStringLiteral("status")});
    EXPECT_TRUE(human.out.contains(QStringLiteral("used by 2 processes"))) << human.out.toStdString();
    EXPECT_TRUE(human.out.contains(QStringLiteral("reaper: pid "))) << human.out.toStdString();

    // A, which started it, exits while B uses it.
    a.closeWriteChannel();
    ASSERT_TRUE(a.waitForFinished(60000));
    EXPECT_EQ(a.exitCode(), 0) << QString::fromUtf8(a.readAllStandardError()).toStdString();
    // B logs in every 200 ms for 5 s: every login works.
    ASSERT_TRUE(b.waitForFinished(60000));
    const QString outB = upB + QString::fromUtf8(b.readAllStandardOutput());
    EXPECT_EQ(b.exitCode(), 0) << outB.toStdString() << QString::fromUtf8(b.readAllStandardError()).toStdString();
    EXPECT_TRUE(outB.contains(QStringLiteral(" failed=0"))) << outB.toStdString();

    // B was the last: gone within linger + 10 s, nobody running prune.
    QElapsedTimer t;
    t.start();
    EXPECT_TRUE(waitFor([&] { return nothingLeft(instance); }, kFtpGoneMs)) << leftovers(instance).toStdString();
    std::cout << "[ measure  ] ftp_server gone " << t.elapsed() << " ms after its last user exited (linger 5 s)\n";
}

// ctest -j4 over 8 test processes that each use ftp_server for about 3 s: 10 rounds
// out of 10 pass, each with exactly one bring-up.
TEST(Leases, CtestJ4ShareOneBringUpPerRound)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QStringList instances;
    qint64 total = 0;
    for (int round = 0; round < 10; ++round) {
        const QString instance = uniqueInstance(QStringLiteral("j4r%1").arg(round));
        instances << instance;
        const QString log = dir.filePath(QStringLiteral("round%1.log").arg(round));
        // A CTest directory as CMake writes it: 8 tests, the in-test client in each.
        QFile ctestFile(dir.filePath(QStringLiteral("CTestTestfile.cmake")));
        ASSERT_TRUE(ctestFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
        for (int i = 0; i < 8; ++i)
            ctestFile.write(QStringLiteral("add_test(uses_ftp_%1 \"%2\" ftp_server ftp 3)\n"
                                           "set_tests_properties(uses_ftp_%1 PROPERTIES ENVIRONMENT "
                                           "\"FIXBENCH_WORKSPACE=%3;FIXBENCH_INSTANCE=%4;FIXBENCH_CLI=%5;LEASE_LOG=%6\")\n")
                                .arg(i)
                                .arg(sample("lease_user"), repoWorkspace(), instance, fixbenchPath(), log)
                                .toUtf8());
        ctestFile.close();
        QElapsedTimer t;
        t.start();
        const ProcResult r = run(QStringLiteral("ctest"), {QStringLiteral("-j4"), QStringLiteral("--output-on-failure")}, 300000,
                                 QProcessEnvironment::systemEnvironment(), dir.path());
        total += t.elapsed();
        EXPECT_EQ(r.exitCode, 0) << "round " << round << ":\n" << r.out.toStdString() << r.err.toStdString();
        QFile f(log);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        const QString lines = QString::fromUtf8(f.readAll());
        EXPECT_EQ(lines.count(QStringLiteral("attached=")), 8) << lines.toStdString();
        EXPECT_EQ(lines.count(QStringLiteral("attached=false")), 1) << "round " << round << ": bring-ups\n" << lines.toStdString();
    }
    std::cout << "[ measure  ] ctest -j4, 8 processes x ~3 s on one ftp_server: " << total / 10 << " ms per round\n";
    for (const QString &instance : std::as_const(instances))
        EXPECT_TRUE(waitFor([&] { return nothingLeft(instance); }, kFtpGoneMs)) << leftovers(instance).toStdString();
}

// 20 rounds of kill -9 at a random moment of `fixbench up`, `fixbench run` and an
// in-test up(): nothing is left within linger + 10 s, without prune.
TEST(Leases, KillDashNineAtAnyMomentLeavesNothing)
{
    auto *rng = QRandomGenerator::global();
    const QString ws = testsWorkspace();
    for (int round = 0; round < 20; ++round) {
        const QString instance = uniqueInstance(QStringLiteral("k%1").arg(round));
        QProcess p;
        p.setProcessEnvironment(userEnv(ws, instance));
        const int kind = round % 3;
        if (kind == 0)
            p.start(fixbenchPath(), {QStringLiteral("-w"), ws, QStringLiteral("up"), QStringLiteral("lingering"), QStringLiteral("--instance"), instance});
        else if (kind == 1)
            p.start(fixbenchPath(), {QStringLiteral("-w"), ws, QStringLiteral("run"), sample("sample_passing"), QStringLiteral("--fixture"),
                                     QStringLiteral("lingering"), QStringLiteral("--instance"), instance});
        else
            p.start(sample("lease_user"), {QStringLiteral("lingering"), QStringLiteral("hold")});
        ASSERT_TRUE(p.waitForStarted());
        const int delay = int(rng->bounded(2500));
        QThread::msleep(ulong(delay));
        ::kill(pid_t(p.processId()), SIGKILL);
        p.waitForFinished(10000);
        QElapsedTimer t;
        t.start();
        EXPECT_TRUE(waitFor([&] { return nothingLeft(instance); }, kLingeringGoneMs))
            << "round " << round << " (kind " << kind << ", killed after " << delay << " ms): " << leftovers(instance).toStdString();
        std::cout << "[ measure  ] round " << round << " kind " << kind << " killed at " << delay << " ms: clean after " << t.elapsed()
                  << " ms\n";
    }
}

// 20 rounds of Ctrl-C aimed at compose's create window: exit code 130 every time, and
// nothing left.
TEST(Leases, CtrlCDuringComposeCreateLeavesNothingAndExits130)
{
    auto *rng = QRandomGenerator::global();
    const QString ws = testsWorkspace();
    int hitCreate = 0;
    for (int round = 0; round < 20; ++round) {
        const QString instance = uniqueInstance(QStringLiteral("c%1").arg(round));
        QProcess p;
        p.setProcessEnvironment(userEnv(ws, instance));
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(fixbenchPath(), {QStringLiteral("-w"), ws, QStringLiteral("up"), QStringLiteral("lingering"), QStringLiteral("--instance"), instance});
        ASSERT_TRUE(p.waitForStarted());
        // Compose prints "Creating ..." as it creates the container: interrupt then,
        // give or take up to 400 ms.
        QString out;
        waitFor([&] {
            p.waitForReadyRead(10);
            out += QString::fromUtf8(p.readAll());
            return out.contains(QStringLiteral("Creating")) || p.state() == QProcess::NotRunning;
        }, 60000);
        if (out.contains(QStringLiteral("Creating")))
            ++hitCreate;
        QThread::msleep(ulong(rng->bounded(400)));
        ::kill(pid_t(p.processId()), SIGINT);
        ASSERT_TRUE(p.waitForFinished(60000));
        out += QString::fromUtf8(p.readAll());
        EXPECT_EQ(p.exitCode(), 130) << "round " << round << ":\n" << out.toStdString();
        EXPECT_TRUE(waitFor([&] { return nothingLeft(instance); }, kLingeringGoneMs)) << "round " << round << ": " << leftovers(instance).toStdString();
    }
    std::cout << "[ measure  ] Ctrl-C after compose's \"Creating\" in " << hitCreate << " of 20 rounds\n";
    EXPECT_GE(hitCreate, 15) << "the create window was rarely hit: the test does not test what it says";
}

// kill -9 of `fixbench run` during a test: its test binary and what that started are
// gone within 10 s.
TEST(Leases, KilledRunTakesItsTestProcessesWithIt)
{
    // sample_hanging's hanging test starts `sleep N` (N unique here) and never ends.
    const QString seconds = QString::number(4000 + QRandomGenerator::global()->bounded(50000));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_SAMPLE_SLEEP"), seconds);
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(fixbenchPath(), {QStringLiteral("-w"), testsWorkspace(), QStringLiteral("run"), sample("sample_hanging"), QStringLiteral("--filter"),
                             QStringLiteral("Hanging.SleepsForever")});
    ASSERT_TRUE(p.waitForStarted());
    auto pids = [&](const QString &pattern) {
        return run(QStringLiteral("pgrep"), {QStringLiteral("-f"), pattern}).out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    };
    const QString sleepPattern = QStringLiteral("^sleep ") + seconds + QLatin1Char('$');
    ASSERT_TRUE(waitFor([&] { return !pids(sleepPattern).isEmpty(); }, 60000)) << "the test never started its child";
    const QStringList binary = pids(sample("sample_hanging"));
    ASSERT_FALSE(binary.isEmpty()) << "the test binary is not running";
    ::kill(pid_t(p.processId()), SIGKILL);
    p.waitForFinished(5000);
    QElapsedTimer t;
    t.start();
    EXPECT_TRUE(waitFor([&] { return pids(sleepPattern).isEmpty() && pids(sample("sample_hanging")).isEmpty(); }, 10000))
        << "left running 10 s after kill -9 of fixbench run: test binary " << pids(sample("sample_hanging")).join(QLatin1Char(' ')).toStdString()
        << ", its child " << pids(sleepPattern).join(QLatin1Char(' ')).toStdString();
    std::cout << "[ measure  ] test binary and its child gone " << t.elapsed() << " ms after kill -9 of fixbench run\n";
}

// A kept fixture survives the end of every lease and the reaper.
TEST(Leases, AKeptFixtureOutlivesItsUsersAndTheReaper)
{
    const QString ws = testsWorkspace();
    const QString instance = uniqueInstance(QStringLiteral("kept"));
    QProcess a;
    QString up;
    ASSERT_TRUE(startUser(a, ws, instance, {QStringLiteral("lingering"), QStringLiteral("hold")}, &up));
    ASSERT_EQ(runCli({QStringLiteral("-w"), ws, QStringLiteral("keep"), QStringLiteral("lingering"), QStringLiteral("--instance"), instance}).exitCode, 0);
    a.closeWriteChannel();
    ASSERT_TRUE(a.waitForFinished(60000));
    // Linger (2 s) and several reaper rounds later, it is still there.
    QThread::msleep(5000);
    EXPECT_EQ(containersWithLabel(instanceLabel(instance)).size(), 1);
    const ProcResult st = runCli({QStringLiteral("-w"), ws, QStringLiteral("status")});
    EXPECT_TRUE(st.out.contains(QStringLiteral("kept"))) << st.out.toStdString();
    // Unkept, nobody uses it: the reaper takes it down after the linger.
    ASSERT_EQ(runCli({QStringLiteral("-w"), ws, QStringLiteral("keep"), QStringLiteral("lingering"), QStringLiteral("--instance"), instance,
                      QStringLiteral("--off")}).exitCode, 0);
    EXPECT_TRUE(waitFor([&] { return nothingLeft(instance); }, kLingeringGoneMs)) << leftovers(instance).toStdString();
}

// The CTest pair's hold (`fixbench up --hold-while PID`, what fixbench_add_fixture's
// setup step runs with ctest's pid): the fixture is held past its linger while PID
// lives, and released by `fixbench release` (the cleanup step) or when PID ends
// (ctest killed) — then it goes down after its linger.
TEST(Leases, AHoldWhileAProcessLivesEndsWithItOrWithRelease)
{
    const QString ws = testsWorkspace();
    for (const bool byRelease : {true, false}) {
        const QString instance = uniqueInstance(byRelease ? QStringLiteral("hwr") : QStringLiteral("hwk"));
        QProcess ctest; // plays ctest
        ctest.start(QStringLiteral("sleep"), {QStringLiteral("600")});
        ASSERT_TRUE(ctest.waitForStarted());
        const QString pid = QString::number(ctest.processId());
        const ProcResult up = runCli({QStringLiteral("-w"), ws, QStringLiteral("up"), QStringLiteral("lingering"), QStringLiteral("--instance"),
                                      instance, QStringLiteral("--hold-while"), pid});
        ASSERT_EQ(up.exitCode, 0) << up.err.toStdString();
        const ProcResult st = runCli({QStringLiteral("-w"), ws, QStringLiteral("status"), QStringLiteral("--json")});
        QStringList purposes;
        for (const auto &v : QJsonDocument::fromJson(st.out.toUtf8()).array())
            if (v.toObject().value(QStringLiteral("instance")).toString() == instance)
                for (const auto &l : v.toObject().value(QStringLiteral("leases")).toArray())
                    purposes << l.toObject().value(QStringLiteral("purpose")).toString();
        EXPECT_EQ(purposes, QStringList{QStringLiteral("hold-while:") + pid}) << st.out.toStdString();
        QThread::msleep(4000); // twice the linger: still held
        EXPECT_EQ(containersWithLabel(instanceLabel(instance)).size(), 1);
        if (byRelease) {
            const ProcResult rel = runCli({QStringLiteral("-w"), ws, QStringLiteral("release"), QStringLiteral("lingering"), QStringLiteral("--instance"),
                                           instance, QStringLiteral("--hold-while"), pid});
            EXPECT_EQ(rel.exitCode, 0) << rel.err.toStdString();
            EXPECT_TRUE(rel.out.contains(QStringLiteral("released: it goes down in 2.0 s"))) << rel.out.toStdString();
        } else {
            ctest.kill(); // ctest killed: no cleanup step runs
        }
        EXPECT_TRUE(waitFor([&] { return nothingLeft(instance); }, kLingeringGoneMs))
            << (byRelease ? "after release: " : "after its process died: ") << leftovers(instance).toStdString();
        ctest.kill();
        ctest.waitForFinished();
    }
}
