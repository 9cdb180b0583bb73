// EngineClient against the real Docker engine (label: integration).
//
// Containers are created with the docker CLI (an independent witness) and carry the
// label fixbench.test=<unique per run>; the suite removes everything with that label
// when it ends, whether the tests passed or not.

#include "engine/engineclient.h"
#include "run/fixturelogs.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

using namespace fixbench;

namespace {

const QString kImage = QStringLiteral("debian:bookworm-slim");
const QString kLabelKey = QStringLiteral("fixbench.test");

struct Proc {
    int exitCode = -1;
    QString out;
    QString err;
};

Proc docker(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(QStringLiteral("docker"), args);
    Proc r;
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("docker did not start: ") + p.errorString();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("docker timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    r.err = QString::fromUtf8(p.readAllStandardError()).trimmed();
    return r;
}

QString lineStrings(const QList<LogLine> &lines)
{
    QString s;
    for (const LogLine &l : lines)
        s += (l.stream == LogLine::Stream::Stderr ? QStringLiteral("e:") : QStringLiteral("o:"))
            + QString::fromUtf8(l.text) + QLatin1Char('\n');
    return s;
}

// Lines of both streams, sorted: stdout and stderr are separate pipes, so the engine's
// order between them is not deterministic.
QStringList sortedLines(const QList<LogLine> &lines)
{
    QStringList out = lineStrings(lines).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    out.sort();
    return out;
}

// The host port `docker port` reports for 8080/tcp ("127.0.0.1:49153" → 49153).
int dockerPort(const QString &id)
{
    const Proc p = docker({QStringLiteral("port"), id, QStringLiteral("8080/tcp")});
    if (p.exitCode != 0)
        return -1;
    const QString first = p.out.split(QLatin1Char('\n')).first().trimmed();
    return first.mid(first.lastIndexOf(QLatin1Char(':')) + 1).toInt();
}

} // namespace

class EngineClientTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_label = QStringLiteral("engineclient-%1-%2")
                      .arg(QCoreApplication::applicationPid())
                      .arg(QDateTime::currentMSecsSinceEpoch());
        const QString script = QStringLiteral("echo out1; echo err1 >&2; printf partial; sleep 300");
        s_plain = run({QStringLiteral("-p"), QStringLiteral("127.0.0.1::8080")}, script);
        s_tty = run({QStringLiteral("-t"), QStringLiteral("-p"), QStringLiteral("127.0.0.1::8080")}, script);
    }

    static void TearDownTestSuite()
    {
        removeLabelled();
    }

    static void removeLabelled()
    {
        const QString filter = QStringLiteral("label=") + label();
        const Proc ps = docker({QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"), filter});
        const QStringList ids = ps.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (!ids.isEmpty())
            docker(QStringList{QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("-v")} + ids);
        const Proc nets = docker({QStringLiteral("network"), QStringLiteral("ls"), QStringLiteral("-q"),
                                  QStringLiteral("--filter"), filter});
        const QStringList netIds = nets.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (!netIds.isEmpty())
            docker(QStringList{QStringLiteral("network"), QStringLiteral("rm")} + netIds);
    }

    static QString label() { return kLabelKey + QLatin1Char('=') + s_label; }

    // docker run -d --init --stop-timeout 1 --label fixbench.test=<run> <extra> image sh -c script
    static QString run(const QStringList &extra, const QString &script)
    {
        QStringList args{QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--init"),
                         QStringLiteral("--stop-timeout"), QStringLiteral("1"), QStringLiteral("--label"), label()};
        args += extra;
        args += {kImage, QStringLiteral("sh"), QStringLiteral("-c"), script};
        const Proc p = docker(args);
        if (p.exitCode != 0) {
            ADD_FAILURE() << "docker run failed: " << p.err.toStdString();
            return {};
        }
        return p.out.split(QLatin1Char('\n')).last().trimmed();
    }

    void SetUp() override
    {
        ASSERT_FALSE(s_plain.isEmpty()) << "could not create the test containers";
        ASSERT_FALSE(s_tty.isEmpty()) << "could not create the test containers";
    }

    // The containers write their first lines right after start: wait until the engine has them.
    static QList<LogLine> logsWhen(EngineClient &c, const QString &id, const LogOptions &o, int minLines)
    {
        QList<LogLine> lines;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            Result<QList<LogLine>> r = c.logs(id, o);
            EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().toString().toStdString());
            if (!r)
                return {};
            lines = *r;
            if (lines.size() >= minLines)
                break;
            QThread::msleep(100);
        }
        return lines;
    }

    static QString s_label;
    static QString s_plain;
    static QString s_tty;
};

QString EngineClientTest::s_label;
QString EngineClientTest::s_plain;
QString EngineClientTest::s_tty;

TEST_F(EngineClientTest, PingAndVersion)
{
    EngineClient c;
    const Status ping = c.ping();
    ASSERT_TRUE(ping.ok()) << ping.error().toString().toStdString();

    Result<EngineVersion> v = c.version();
    ASSERT_TRUE(v.ok()) << v.error().toString().toStdString();
    const Proc cli = docker({QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}")});
    ASSERT_EQ(cli.exitCode, 0) << cli.err.toStdString();
    EXPECT_EQ(v->version, cli.out);
    EXPECT_EQ(v->apiVersion, QStringLiteral("1.41"));
    EXPECT_FALSE(v->minApiVersion.isEmpty());
    EXPECT_EQ(v->os, QStringLiteral("linux"));
    EXPECT_FALSE(v->arch.isEmpty());

    Result<QString> api = c.apiVersion();
    ASSERT_TRUE(api.ok()) << api.error().toString().toStdString();
    EXPECT_EQ(*api, QStringLiteral("1.41")); // min(engine 1.41, client 1.45)
    EXPECT_EQ(EngineClient::maxApiVersion(), QStringLiteral("1.45"));
    EXPECT_EQ(EngineClient::minApiVersion(), QStringLiteral("1.41"));
}

TEST_F(EngineClientTest, ListContainersByLabel)
{
    EngineClient c;
    Result<QList<ContainerInfo>> list = c.listContainers({label()});
    ASSERT_TRUE(list.ok()) << list.error().toString().toStdString();
    ASSERT_EQ(list->size(), 2);
    QStringList ids;
    for (const ContainerInfo &ci : *list) {
        ids << ci.id;
        EXPECT_EQ(ci.image, kImage);
        EXPECT_EQ(ci.state, QStringLiteral("running"));
        EXPECT_TRUE(ci.status.startsWith(QStringLiteral("Up"))) << ci.status.toStdString();
        EXPECT_EQ(ci.labels.value(kLabelKey), s_label);
        EXPECT_TRUE(ci.service.isEmpty());
        EXPECT_FALSE(ci.name.isEmpty());
        EXPECT_FALSE(ci.name.startsWith(QLatin1Char('/')));
        const Proc name = docker({QStringLiteral("inspect"), QStringLiteral("--format"), QStringLiteral("{{.Name}}"), ci.id});
        EXPECT_EQ(QStringLiteral("/") + ci.name, name.out);
        ASSERT_EQ(ci.ports.size(), 1);
        EXPECT_EQ(ci.ports[0].containerPort, 8080);
        EXPECT_EQ(ci.ports[0].protocol, QStringLiteral("tcp"));
        EXPECT_EQ(ci.ports[0].hostIp, QStringLiteral("127.0.0.1"));
        EXPECT_EQ(ci.ports[0].hostPort, dockerPort(ci.id));
    }
    ids.sort();
    QStringList expected{s_plain, s_tty};
    expected.sort();
    EXPECT_EQ(ids, expected);

    // Two filters are ANDed; a value nobody has finds nothing; key-only filters work.
    Result<QList<ContainerInfo>> none = c.listContainers({label(), kLabelKey + QStringLiteral("=nobody-has-this")});
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->isEmpty());
    Result<QList<ContainerInfo>> byKey = c.listContainers({kLabelKey});
    ASSERT_TRUE(byKey.ok());
    int ours = 0;
    for (const ContainerInfo &ci : *byKey)
        ours += ci.labels.value(kLabelKey) == s_label ? 1 : 0;
    EXPECT_EQ(ours, 2);
}

TEST_F(EngineClientTest, InspectContainer)
{
    EngineClient c;
    for (const QString &id : {s_plain, s_tty}) {
        Result<ContainerInfo> ci = c.inspectContainer(id);
        ASSERT_TRUE(ci.ok()) << ci.error().toString().toStdString();
        EXPECT_EQ(ci->id, id);
        EXPECT_EQ(ci->tty, id == s_tty);
        EXPECT_EQ(ci->state, QStringLiteral("running"));
        EXPECT_TRUE(ci->status.startsWith(QStringLiteral("Up"))) << ci->status.toStdString();
        EXPECT_EQ(ci->health, ContainerHealth::None);
        EXPECT_EQ(ci->exitCode, 0);
        EXPECT_EQ(ci->image, kImage);
        EXPECT_EQ(ci->labels.value(kLabelKey), s_label);
        ASSERT_TRUE(ci->startedAt.isValid());
        EXPECT_EQ(ci->startedAt.timeSpec(), Qt::UTC);
        const qint64 age = ci->startedAt.secsTo(QDateTime::currentDateTimeUtc());
        EXPECT_GE(age, -5);
        EXPECT_LT(age, 600);
        ASSERT_EQ(ci->ports.size(), 1);
        EXPECT_EQ(ci->ports[0].containerPort, 8080);
        EXPECT_EQ(ci->ports[0].protocol, QStringLiteral("tcp"));
        EXPECT_EQ(ci->ports[0].hostIp, QStringLiteral("127.0.0.1"));
        EXPECT_EQ(ci->ports[0].hostPort, dockerPort(id));

        // By name too.
        Result<ContainerInfo> byName = c.inspectContainer(ci->name);
        ASSERT_TRUE(byName.ok());
        EXPECT_EQ(byName->id, id);
    }
}

TEST_F(EngineClientTest, PortsPublishedOnAllAddresses)
{
    // -p 8080 binds 0.0.0.0 and, with IPv6, ::. Bindings with the same host port are one
    // port for us; engine 20.10 may pick a different host port for :: (then both stay,
    // IPv4 first, like `docker port`).
    const QString id = run({QStringLiteral("-p"), QStringLiteral("8080"), QStringLiteral("-p"),
                            QStringLiteral("127.0.0.1::9090/udp")},
                           QStringLiteral("sleep 300"));
    ASSERT_FALSE(id.isEmpty());
    const Proc dp = docker({QStringLiteral("port"), id, QStringLiteral("8080/tcp")});
    ASSERT_EQ(dp.exitCode, 0) << dp.err.toStdString();
    QList<int> cliPorts; // distinct host ports, in docker's order
    for (const QString &line : dp.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const int port = line.mid(line.lastIndexOf(QLatin1Char(':')) + 1).toInt();
        if (!cliPorts.contains(port))
            cliPorts.append(port);
    }
    ASSERT_FALSE(cliPorts.isEmpty());

    EngineClient c;
    Result<ContainerInfo> ci = c.inspectContainer(id);
    ASSERT_TRUE(ci.ok()) << ci.error().toString().toStdString();
    ASSERT_EQ(ci->ports.size(), cliPorts.size() + 1);
    QList<int> ours;
    for (qsizetype i = 0; i < cliPorts.size(); ++i) {
        EXPECT_EQ(ci->ports[i].containerPort, 8080);
        EXPECT_EQ(ci->ports[i].protocol, QStringLiteral("tcp"));
        ours.append(ci->ports[i].hostPort);
    }
    EXPECT_EQ(ours.first(), cliPorts.first());
    std::sort(ours.begin(), ours.end());
    std::sort(cliPorts.begin(), cliPorts.end());
    EXPECT_EQ(ours, cliPorts);
    EXPECT_EQ(ci->ports[0].hostIp, QStringLiteral("0.0.0.0"));
    const PublishedPort &udp = ci->ports.last();
    EXPECT_EQ(udp.containerPort, 9090);
    EXPECT_EQ(udp.protocol, QStringLiteral("udp"));
    EXPECT_EQ(udp.hostIp, QStringLiteral("127.0.0.1"));
    EXPECT_GT(udp.hostPort, 0);

    Result<QList<ContainerInfo>> list = c.listContainers({label()});
    ASSERT_TRUE(list.ok());
    bool found = false;
    for (const ContainerInfo &li : *list) {
        if (li.id != id)
            continue;
        found = true;
        ASSERT_EQ(li.ports.size(), ci->ports.size());
        for (qsizetype i = 0; i < li.ports.size(); ++i) {
            EXPECT_EQ(li.ports[i].containerPort, ci->ports[i].containerPort);
            EXPECT_EQ(li.ports[i].protocol, ci->ports[i].protocol);
            EXPECT_EQ(li.ports[i].hostPort, ci->ports[i].hostPort);
        }
    }
    EXPECT_TRUE(found);
    EXPECT_TRUE(c.removeContainer(id, true, true).ok());
}

TEST_F(EngineClientTest, LogsDemultiplexedWithoutTty)
{
    EngineClient c;
    const QList<LogLine> lines = logsWhen(c, s_plain, {}, 2);
    // "partial" has no newline yet: the engine holds it until the container ends.
    ASSERT_EQ(lines.size(), 2) << lineStrings(lines).toStdString();
    EXPECT_EQ(sortedLines(lines), (QStringList{QStringLiteral("e:err1"), QStringLiteral("o:out1")}));
    for (const LogLine &l : lines)
        EXPECT_FALSE(l.timestamp.isValid());

    LogOptions onlyErr;
    onlyErr.stdoutOn = false;
    Result<QList<LogLine>> err = c.logs(s_plain, onlyErr);
    ASSERT_TRUE(err.ok());
    ASSERT_EQ(err->size(), 1) << lineStrings(*err).toStdString();
    EXPECT_EQ(err->at(0).stream, LogLine::Stream::Stderr);
    EXPECT_EQ(err->at(0).text, "err1");

    LogOptions onlyOut;
    onlyOut.stderrOn = false;
    Result<QList<LogLine>> out = c.logs(s_plain, onlyOut);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->size(), 1) << lineStrings(*out).toStdString();
    EXPECT_EQ(out->at(0).stream, LogLine::Stream::Stdout);
    EXPECT_EQ(out->at(0).text, "out1");
}

TEST_F(EngineClientTest, LogsRawWithTty)
{
    EngineClient c;
    const QList<LogLine> lines = logsWhen(c, s_tty, {}, 2);
    ASSERT_EQ(lines.size(), 2) << lineStrings(lines).toStdString();
    // A terminal: one stream (stderr included), "\r\n" line ends (the '\r' is kept),
    // and the order is the order of writing.
    EXPECT_EQ(lines[0].stream, LogLine::Stream::Stdout);
    EXPECT_EQ(lines[0].text, "out1\r");
    EXPECT_EQ(lines[1].stream, LogLine::Stream::Stdout);
    EXPECT_EQ(lines[1].text, "err1\r");
}

TEST_F(EngineClientTest, LogsWithTimestamps)
{
    EngineClient c;
    LogOptions o;
    o.timestamps = true;
    for (const QString &id : {s_plain, s_tty}) {
        const QList<LogLine> lines = logsWhen(c, id, o, 2);
        ASSERT_EQ(lines.size(), 2) << lineStrings(lines).toStdString();
        Result<ContainerInfo> ci = c.inspectContainer(id);
        ASSERT_TRUE(ci.ok());
        if (id == s_tty)
            EXPECT_EQ(lineStrings(lines), QStringLiteral("o:out1\r\no:err1\r\n"));
        else
            EXPECT_EQ(sortedLines(lines), (QStringList{QStringLiteral("e:err1"), QStringLiteral("o:out1")}));
        for (const LogLine &l : lines) {
            ASSERT_TRUE(l.timestamp.isValid()) << l.text.toStdString();
            EXPECT_EQ(l.timestamp.timeSpec(), Qt::UTC);
            EXPECT_GE(l.timestamp.msecsTo(QDateTime::currentDateTimeUtc()), 0);
            EXPECT_LT(qAbs(ci->startedAt.msecsTo(l.timestamp)), 10000);
        }
        EXPECT_LE(lines[0].timestamp, lines[1].timestamp);
    }
}

TEST_F(EngineClientTest, LogsTail)
{
    EngineClient c;
    for (const QString &id : {s_plain, s_tty}) {
        const QList<LogLine> all = logsWhen(c, id, {}, 2);
        ASSERT_EQ(all.size(), 2);
        LogOptions o;
        o.tail = 1;
        Result<QList<LogLine>> r = c.logs(id, o);
        ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
        ASSERT_EQ(r->size(), 1) << lineStrings(*r).toStdString();
        EXPECT_EQ(r->at(0).text, all.last().text);
        EXPECT_EQ(r->at(0).stream, all.last().stream);

        o.tail = 0;
        r = c.logs(id, o);
        ASSERT_TRUE(r.ok());
        EXPECT_TRUE(r->isEmpty()) << lineStrings(*r).toStdString();
    }
}

TEST_F(EngineClientTest, LogsSinceInTheFutureIsEmpty)
{
    EngineClient c;
    logsWhen(c, s_plain, {}, 2);
    LogOptions o;
    o.since = QDateTime::currentSecsSinceEpoch() + 3600;
    Result<QList<LogLine>> r = c.logs(s_plain, o);
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_TRUE(r->isEmpty()) << lineStrings(*r).toStdString();
}

// `until` (whole seconds) ends the window; FixtureLogs reads a compose project's
// containers with since/until and keeps exactly the milliseconds asked for, naming the
// service; a project with no container left is said, not left out.
TEST_F(EngineClientTest, LogsUntilAndFixtureLogsOfAProject)
{
    const QString project = s_label + QStringLiteral("-proj");
    const QString id = run({QStringLiteral("--label"), QStringLiteral("com.docker.compose.project=") + project, QStringLiteral("--label"),
                            QStringLiteral("com.docker.compose.service=svc")},
                           QStringLiteral("echo first; sleep 2.2; echo second; sleep 300"));
    ASSERT_FALSE(id.isEmpty());
    EngineClient c;
    LogOptions o;
    o.timestamps = true;
    const QList<LogLine> both = logsWhen(c, id, o, 2);
    ASSERT_EQ(both.size(), 2) << lineStrings(both).toStdString();
    const qint64 first = both[0].timestamp.toMSecsSinceEpoch(), second = both[1].timestamp.toMSecsSinceEpoch();
    ASSERT_GE(second - first, 2000);
    o.until = first / 1000 + 1;
    Result<QList<LogLine>> cut = c.logs(id, o);
    ASSERT_TRUE(cut.ok()) << cut.error().toString().toStdString();
    EXPECT_EQ(lineStrings(*cut), QStringLiteral("o:first\n"));

    FixtureLogs logs;
    logs.fetch(c, QStringLiteral("fx"), project, first - 5, first + 5, false);
    logs.fetch(c, QStringLiteral("gone"), project + QStringLiteral("-none"), first - 5, first + 5, false);
    const QString excerpt = logs.excerpt(first, first);
    EXPECT_TRUE(excerpt.contains(QStringLiteral("fixture gone: its containers were gone before their logs were read"))) << excerpt.toStdString();
    EXPECT_TRUE(excerpt.contains(QStringLiteral("[svc] ") + both[0].timestamp.toString(QStringLiteral("HH:mm:ss.zzz")) + QStringLiteral(" first")))
        << excerpt.toStdString();
    EXPECT_FALSE(excerpt.contains(QStringLiteral("second"))) << excerpt.toStdString();
}

TEST_F(EngineClientTest, FollowReceivesNewLinesAndCancelsPromptly)
{
    {
        EngineClient c;
        logsWhen(c, s_plain, {}, 2);
    }
    std::mutex mutex;
    QList<LogLine> received;
    std::atomic_bool cancel{false};
    std::atomic_bool finished{false};
    Status result;
    QElapsedTimer sinceCancel;

    std::thread streamer([&] {
        EngineClient own; // one client per thread
        LogOptions o;
        o.follow = true;
        o.timestamps = true;
        Status s = own.streamLogs(
            s_plain, o,
            [&](const LogLine &l) {
                std::lock_guard<std::mutex> lock(mutex);
                received.append(l);
            },
            &cancel);
        std::lock_guard<std::mutex> lock(mutex);
        result = s;
        finished = true;
    });

    auto waitFor = [&](auto pred, int ms) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (pred())
                    return true;
            }
            QThread::msleep(20);
        }
        return false;
    };

    EXPECT_TRUE(waitFor([&] { return received.size() >= 2; }, 10000)) << "the existing lines never arrived";
    // Written after the stream started, to PID 1's stdout and stderr (docker-init, --init).
    const QString marker = QStringLiteral("written-later-%1").arg(QDateTime::currentMSecsSinceEpoch());
    const Proc ex = docker({QStringLiteral("exec"), s_plain, QStringLiteral("sh"), QStringLiteral("-c"),
                            QStringLiteral("echo %1-out > /proc/1/fd/1; echo %1-err > /proc/1/fd/2").arg(marker)});
    EXPECT_EQ(ex.exitCode, 0) << ex.err.toStdString();
    EXPECT_TRUE(waitFor(
        [&] {
            bool out = false, err = false;
            for (const LogLine &l : received) {
                // The container's stdout still holds "partial" (no newline): the marker ends that line.
                out |= l.text.endsWith((marker + QStringLiteral("-out")).toUtf8()) && l.stream == LogLine::Stream::Stdout;
                err |= l.text == (marker + QStringLiteral("-err")).toUtf8() && l.stream == LogLine::Stream::Stderr;
            }
            return out && err;
        },
        10000))
        << "lines written after the stream started never arrived:\n"
        << lineStrings(received).toStdString();
    EXPECT_FALSE(finished.load()) << "a follow stream of a running container ended by itself";

    // Nothing is being written now: cancellation must not wait for data.
    QThread::msleep(300);
    sinceCancel.start();
    cancel = true;
    const bool ended = waitFor([&] { return finished.load(); }, 5000);
    const qint64 took = sinceCancel.elapsed();
    streamer.join();
    EXPECT_TRUE(ended);
    EXPECT_LT(took, 1000) << "streamLogs took " << took << " ms to notice the cancellation";
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString().toStdString());
    for (const LogLine &l : received)
        EXPECT_TRUE(l.timestamp.isValid()) << l.text.toStdString();
}

TEST_F(EngineClientTest, FollowEndsWhenTheContainerStops)
{
    // Not tested here: a final line without '\n'. The engine only logs it when the
    // container's pipe closes, and engine 20.10 often ends follow streams before that.
    const QString id = run({}, QStringLiteral("echo first; sleep 1; echo second >&2; sleep 0.2"));
    ASSERT_FALSE(id.isEmpty());
    EngineClient c;
    QList<LogLine> lines;
    LogOptions o;
    o.follow = true;
    std::atomic_bool cancel{false};
    QElapsedTimer t;
    t.start();
    // Safety net: should the stream not end by itself, cancel it after 20 s.
    std::thread guard([&] {
        for (int i = 0; i < 200 && !cancel; ++i)
            QThread::msleep(100);
        cancel = true;
    });
    const Status s = c.streamLogs(id, o, [&](const LogLine &l) { lines.append(l); }, &cancel);
    const qint64 took = t.elapsed();
    const bool guardFired = cancel.exchange(true);
    guard.join();
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_FALSE(guardFired) << "the follow stream did not end when the container exited";
    EXPECT_LT(took, 15000);
    EXPECT_EQ(lineStrings(lines), QStringLiteral("o:first\ne:second\n"));

    Result<ContainerInfo> ci = c.inspectContainer(id);
    ASSERT_TRUE(ci.ok());
    EXPECT_EQ(ci->state, QStringLiteral("exited"));
    EXPECT_EQ(ci->exitCode, 0);
    EXPECT_TRUE(ci->status.startsWith(QStringLiteral("Exited (0)"))) << ci->status.toStdString();
}

TEST_F(EngineClientTest, CancelledBeforeStartReturnsAtOnce)
{
    EngineClient c;
    std::atomic_bool cancel{true};
    LogOptions o;
    o.follow = true;
    QElapsedTimer t;
    t.start();
    const Status s = c.streamLogs(s_plain, o, [](const LogLine &) {}, &cancel);
    EXPECT_TRUE(s.ok());
    EXPECT_LT(t.elapsed(), 1000);
}

TEST_F(EngineClientTest, StopKillRemove)
{
    const QString id = run({}, QStringLiteral("sleep 300"));
    ASSERT_FALSE(id.isEmpty());
    EngineClient c;

    QElapsedTimer t;
    t.start();
    Status s = c.stopContainer(id, 1);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_LT(t.elapsed(), 10000);
    Result<ContainerInfo> ci = c.inspectContainer(id);
    ASSERT_TRUE(ci.ok());
    EXPECT_EQ(ci->state, QStringLiteral("exited"));

    s = c.stopContainer(id, 1); // 304: already stopped
    EXPECT_TRUE(s.ok()) << s.error().toString().toStdString();
    s = c.killContainer(id);    // 409: not running
    EXPECT_TRUE(s.ok()) << s.error().toString().toStdString();

    s = c.removeContainer(id, false, true);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    const Proc ps = docker({QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--no-trunc"),
                            QStringLiteral("--filter"), QStringLiteral("id=") + id});
    EXPECT_TRUE(ps.out.isEmpty());

    ci = c.inspectContainer(id);
    ASSERT_FALSE(ci.ok());
    EXPECT_EQ(ci.error().kind, Error::Kind::NotFound);
    s = c.removeContainer(id, true, false);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
    s = c.stopContainer(id, 1);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
}

TEST_F(EngineClientTest, KillAndForceRemoveRunning)
{
    const QString id = run({}, QStringLiteral("sleep 300"));
    ASSERT_FALSE(id.isEmpty());
    EngineClient c;
    Status s = c.removeContainer(id, false, false); // running, not forced: 409
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::Engine);
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("409"))) << s.error().message.toStdString();

    s = c.killContainer(id);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    s = c.removeContainer(id, true, true);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
}

TEST_F(EngineClientTest, MissingContainerIsNotFound)
{
    EngineClient c;
    const QString missing = QStringLiteral("fixbench-no-such-container-") + s_label;
    Status s = c.removeContainer(missing, true, true);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(s.error().message.contains(missing)) << s.error().message.toStdString();

    Result<ContainerInfo> ci = c.inspectContainer(missing);
    ASSERT_FALSE(ci.ok());
    EXPECT_EQ(ci.error().kind, Error::Kind::NotFound);

    Result<QList<LogLine>> logs = c.logs(missing, {});
    ASSERT_FALSE(logs.ok());
    EXPECT_EQ(logs.error().kind, Error::Kind::NotFound);

    s = c.killContainer(missing);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
}

TEST_F(EngineClientTest, UnreachableEngineNamesTheSocket)
{
    EngineEndpoint ep;
    ep.unixSocket = QStringLiteral("/nonexistent.sock");
    ep.baseUrl = QStringLiteral("http://localhost");
    EngineClient c(ep);
    QElapsedTimer t;
    t.start();
    const Status s = c.ping();
    ASSERT_FALSE(s.ok());
    EXPECT_LT(t.elapsed(), 3000);
    EXPECT_EQ(s.error().kind, Error::Kind::Engine);
    const std::string msg = s.error().message.toStdString();
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("unix:///nonexistent.sock"))) << msg;
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("not reachable"))) << msg;
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("DOCKER_HOST"))) << msg;
    std::cout << "  message: " << msg << "\n";

    Result<QList<ContainerInfo>> list = c.listContainers({label()});
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().kind, Error::Kind::Engine);
    EXPECT_TRUE(list.error().message.contains(QStringLiteral("/nonexistent.sock")));

    Result<QList<LogLine>> logs = c.logs(s_plain, {});
    ASSERT_FALSE(logs.ok());
    EXPECT_EQ(logs.error().kind, Error::Kind::Engine);

    // An unused TCP port: refused, also an Engine error naming the endpoint.
    EngineClient tc(EngineEndpoint::fromAddress(QStringLiteral("tcp://127.0.0.1:1"), QStringLiteral("test")));
    const Status ts = tc.ping();
    ASSERT_FALSE(ts.ok());
    EXPECT_EQ(ts.error().kind, Error::Kind::Engine);
    EXPECT_TRUE(ts.error().message.contains(QStringLiteral("tcp://127.0.0.1:1"))) << ts.error().message.toStdString();
}

TEST_F(EngineClientTest, ImageExists)
{
    EngineClient c;
    Result<bool> yes = c.imageExists(kImage);
    ASSERT_TRUE(yes.ok()) << yes.error().toString().toStdString();
    EXPECT_TRUE(*yes);
    Result<bool> no = c.imageExists(QStringLiteral("fixbench/no-such-image:never"));
    ASSERT_TRUE(no.ok()) << no.error().toString().toStdString();
    EXPECT_FALSE(*no);
}

TEST_F(EngineClientTest, Networks)
{
    const QString name = QStringLiteral("fixbench-test-net-") + s_label;
    const Proc created = docker({QStringLiteral("network"), QStringLiteral("create"), QStringLiteral("--label"), label(), name});
    ASSERT_EQ(created.exitCode, 0) << created.err.toStdString();

    EngineClient c;
    Result<QList<NetworkInfo>> nets = c.listNetworks({label()});
    ASSERT_TRUE(nets.ok()) << nets.error().toString().toStdString();
    ASSERT_EQ(nets->size(), 1);
    EXPECT_EQ(nets->at(0).name, name);
    EXPECT_EQ(nets->at(0).id, created.out);
    EXPECT_EQ(nets->at(0).labels.value(kLabelKey), s_label);

    Status s = c.removeNetwork(nets->at(0).id);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    nets = c.listNetworks({label()});
    ASSERT_TRUE(nets.ok());
    EXPECT_TRUE(nets->isEmpty());
    s = c.removeNetwork(name);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
}

TEST_F(EngineClientTest, RequestJson)
{
    EngineClient c;
    Result<QJsonDocument> info = c.requestJson("GET", QStringLiteral("/info"));
    ASSERT_TRUE(info.ok()) << info.error().toString().toStdString();
    EXPECT_TRUE(info->isObject());
    EXPECT_FALSE(info->object().value(QStringLiteral("ID")).toString().isEmpty());

    Result<QJsonDocument> missing = c.requestJson("GET", QStringLiteral("/containers/fixbench-nope-%1/json").arg(s_label));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, Error::Kind::Engine);
    EXPECT_TRUE(missing.error().message.contains(QStringLiteral("404"))) << missing.error().message.toStdString();
    EXPECT_TRUE(missing.error().message.contains(QStringLiteral("No such container")))
        << missing.error().message.toStdString();

    // POST with a JSON body: the engine reads it (and rejects this one, saying why).
    Result<QJsonDocument> bad = c.requestJson("POST", QStringLiteral("/containers/create"), QByteArray("{\"Image\": 5}"));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, Error::Kind::Engine);
    EXPECT_TRUE(bad.error().message.contains(QStringLiteral("cannot unmarshal"))) << bad.error().message.toStdString();
}

TEST_F(EngineClientTest, ManyRequestsOnOneClient)
{
    // The handle is reused (keep-alive): a burst of small requests stays fast and correct.
    EngineClient c;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < 50; ++i) {
        Result<ContainerInfo> ci = c.inspectContainer(s_plain);
        ASSERT_TRUE(ci.ok()) << ci.error().toString().toStdString();
        ASSERT_EQ(ci->id, s_plain);
        ASSERT_TRUE(c.ping().ok());
    }
    EXPECT_LT(t.elapsed(), 10000);
}

TEST(EngineEndpointTest, FromEnvironment)
{
    const QByteArray saved = qgetenv("DOCKER_HOST");
    const bool had = qEnvironmentVariableIsSet("DOCKER_HOST");

    qunsetenv("DOCKER_HOST");
    EngineEndpoint ep = EngineEndpoint::fromEnvironment();
    EXPECT_EQ(ep.unixSocket, QStringLiteral("/var/run/docker.sock"));
    EXPECT_EQ(ep.host(), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(ep.toString(), QStringLiteral("unix:///var/run/docker.sock"));

    qputenv("DOCKER_HOST", "unix:///run/user/1000/docker.sock");
    ep = EngineEndpoint::fromEnvironment();
    EXPECT_EQ(ep.unixSocket, QStringLiteral("/run/user/1000/docker.sock"));
    EXPECT_EQ(ep.baseUrl, QStringLiteral("http://localhost"));
    EXPECT_EQ(ep.host(), QStringLiteral("127.0.0.1"));

    qputenv("DOCKER_HOST", "tcp://10.1.2.3:2376");
    ep = EngineEndpoint::fromEnvironment();
    EXPECT_TRUE(ep.unixSocket.isEmpty());
    EXPECT_EQ(ep.baseUrl, QStringLiteral("http://10.1.2.3:2376"));
    EXPECT_EQ(ep.host(), QStringLiteral("10.1.2.3"));
    EXPECT_EQ(ep.toString(), QStringLiteral("tcp://10.1.2.3:2376"));

    qputenv("DOCKER_HOST", "tcp://docker.example:2375");
    ep = EngineEndpoint::fromEnvironment();
    EXPECT_EQ(ep.host(), QStringLiteral("docker.example"));

    qputenv("DOCKER_HOST", "ssh://user@host");
    ep = EngineEndpoint::fromEnvironment();
    EngineClient c(ep);
    const Status s = c.ping();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::Engine);
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("ssh://user@host"))) << s.error().message.toStdString();

    if (had)
        qputenv("DOCKER_HOST", saved);
    else
        qunsetenv("DOCKER_HOST");
}
