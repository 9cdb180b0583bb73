// How EngineClient turns the engine's answers into errors and types, without an engine:
// the pure mapping (engine/engineerror.h), then the client itself against a fake engine
// on a unix socket that answers what each test says.

#include "engine/engineclient.h"
#include "engine/engineerror.h"

#include "unitsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <mutex>
#include <ostream>
#include <thread>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace fixbench {
inline void PrintTo(Error::Kind k, std::ostream *os) { *os << Error::kindName(k); }
inline void PrintTo(ContainerHealth h, std::ostream *os) { *os << '"' << containerHealthName(h).toStdString() << '"'; }
} // namespace fixbench

using namespace fixbench;
using fixbench::unitsupport::str;

// --- the pure mapping ---------------------------------------------------------------

TEST(EngineError, KindFollowsTheHttpStatus)
{
    EXPECT_EQ(engineerror::kindForStatus(404), Error::Kind::NotFound);
    EXPECT_EQ(engineerror::kindForStatus(401), Error::Kind::Auth);
    EXPECT_EQ(engineerror::kindForStatus(403), Error::Kind::Auth);
    EXPECT_EQ(engineerror::kindForStatus(409), Error::Kind::Engine);
    EXPECT_EQ(engineerror::kindForStatus(400), Error::Kind::Engine);
    EXPECT_EQ(engineerror::kindForStatus(500), Error::Kind::Engine);
    EXPECT_EQ(engineerror::kindForStatus(503), Error::Kind::Engine);
}

TEST(EngineError, CarriesTheStatusAndTheEnginesMessage)
{
    const Error e = engineerror::fromAnswer(QStringLiteral("Removing volume data"), QStringLiteral("unix:///var/run/docker.sock"),
                                            409, R"({"message":"remove data: volume is in use - [4f2a]"})");
    EXPECT_EQ(e.kind, Error::Kind::Engine);
    EXPECT_EQ(e.replyCode, 409);
    EXPECT_EQ(e.message, QStringLiteral("Removing volume data: the Docker engine at unix:///var/run/docker.sock answered "
                                        "HTTP 409: remove data: volume is in use - [4f2a]"));

    const Error missing = engineerror::fromAnswer(QStringLiteral("Inspecting container x"), QStringLiteral("tcp://h:2375"), 404,
                                                  R"({"message":"No such container: x"})");
    EXPECT_EQ(missing.kind, Error::Kind::NotFound);
    EXPECT_EQ(missing.replyCode, 404);
    EXPECT_TRUE(missing.message.endsWith(QStringLiteral("HTTP 404: No such container: x"))) << str(missing.message);
}

TEST(EngineError, BodyWithoutJsonMessage)
{
    EXPECT_EQ(engineerror::messageOf("  page not found\n"), QStringLiteral("page not found"));
    EXPECT_EQ(engineerror::messageOf(R"({"other":"x"})"), QStringLiteral(R"({"other":"x"})"));
    EXPECT_EQ(engineerror::messageOf(QByteArray()), QString());
    const Error e = engineerror::fromAnswer(QStringLiteral("Ping"), QStringLiteral("tcp://h:2375"), 502, QByteArray());
    EXPECT_EQ(e.message, QStringLiteral("Ping: the Docker engine at tcp://h:2375 answered HTTP 502"));
    EXPECT_EQ(e.replyCode, 502);
}

// --- the client against a fake engine -------------------------------------------------

namespace {

struct Answer {
    int status = 200;
    QByteArray body;
};

// An HTTP/1.1 server on a unix socket, one request per connection: enough for libcurl.
class FakeEngine {
public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QByteArray body;
    };
    using Handler = std::function<Answer(const Request &)>;

    explicit FakeEngine(Handler handler) : m_handler(std::move(handler))
    {
        m_path = m_dir.filePath(QStringLiteral("engine.sock"));
        m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray p = m_path.toLocal8Bit();
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", p.constData());
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(m_fd, 16) != 0)
            ADD_FAILURE() << "cannot listen on " << p.constData();
        m_thread = std::thread([this] { serve(); });
    }
    ~FakeEngine()
    {
        m_stop = true;
        m_thread.join();
        ::close(m_fd);
    }

    EngineEndpoint endpoint() const
    {
        EngineEndpoint ep;
        ep.unixSocket = m_path;
        ep.baseUrl = QStringLiteral("http://localhost");
        return ep;
    }
    QList<Request> requests() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_requests;
    }

private:
    void serve()
    {
        while (!m_stop) {
            pollfd pfd{m_fd, POLLIN, 0};
            if (::poll(&pfd, 1, 50) <= 0)
                continue;
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0)
                continue;
            handle(c);
            ::close(c);
        }
    }

    void handle(int c)
    {
        QByteArray in;
        char buf[4096];
        qsizetype headerEnd = -1;
        qsizetype length = 0;
        for (;;) {
            if (headerEnd < 0) {
                headerEnd = in.indexOf("\r\n\r\n");
                if (headerEnd >= 0) {
                    for (const QByteArray &line : in.left(headerEnd).split('\n'))
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                }
            }
            if (headerEnd >= 0 && in.size() >= headerEnd + 4 + length)
                break;
            pollfd pfd{c, POLLIN, 0};
            if (::poll(&pfd, 1, 2000) <= 0)
                return;
            const ssize_t n = ::read(c, buf, sizeof buf);
            if (n <= 0)
                return;
            in.append(buf, n);
        }
        const QList<QByteArray> requestLine = in.left(in.indexOf("\r\n")).split(' ');
        Request r{requestLine.value(0), requestLine.value(1), in.mid(headerEnd + 4, length)};
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_requests << r;
        }
        const Answer a = m_handler(r);
        QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) + " X\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + QByteArray::number(a.body.size()) + "\r\nConnection: close\r\n\r\n" + a.body;
        qsizetype done = 0;
        while (done < out.size()) {
            const ssize_t n = ::write(c, out.constData() + done, size_t(out.size() - done));
            if (n <= 0)
                return;
            done += n;
        }
    }

    QTemporaryDir m_dir;
    QString m_path;
    int m_fd = -1;
    Handler m_handler;
    std::atomic_bool m_stop{false};
    std::thread m_thread;
    mutable std::mutex m_mutex;
    QList<Request> m_requests;
};

// The engine's own routes: /version for negotiation, then the test's.
FakeEngine::Handler engine(std::function<Answer(const FakeEngine::Request &)> routes)
{
    return [routes](const FakeEngine::Request &r) -> Answer {
        if (r.path == "/version")
            return {200, R"({"Version":"24.0.7","ApiVersion":"1.43","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"})"};
        if (r.path == "/_ping")
            return {200, "OK"};
        return routes(r);
    };
}

} // namespace

TEST(EngineClientErrors, VolumeCallsCarryTheStatusAndKind)
{
    FakeEngine fake(engine([](const FakeEngine::Request &r) -> Answer {
        if (r.method == "DELETE" && r.path == "/v1.43/volumes/in_use")
            return {409, R"({"message":"remove in_use: volume is in use - [4f2a]"})"};
        if (r.method == "DELETE" && r.path == "/v1.43/volumes/gone")
            return {404, R"({"message":"get gone: no such volume"})"};
        if (r.method == "DELETE" && r.path == "/v1.43/volumes/there")
            return {204, {}};
        return {500, R"({"message":"unexpected"})"};
    }));
    EngineClient c(fake.endpoint());

    Status s = c.removeVolume(QStringLiteral("in_use"));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::Engine);
    EXPECT_EQ(s.error().replyCode, 409);

    s = c.removeVolume(QStringLiteral("gone"));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
    EXPECT_EQ(s.error().replyCode, 404);

    s = c.removeVolume(QStringLiteral("there"));
    EXPECT_TRUE(s.ok()) << str(s.error().toString());
}

TEST(EngineClientErrors, EveryWrapperMapsStatusesAlike)
{
    FakeEngine fake(engine([](const FakeEngine::Request &r) -> Answer {
        if (r.path.startsWith("/v1.43/containers/denied"))
            return {403, R"({"message":"authorization denied by plugin"})"};
        if (r.path.startsWith("/v1.43/containers/missing"))
            return {404, R"({"message":"No such container: missing"})"};
        if (r.path.startsWith("/v1.43/containers/running"))
            return {409, R"({"message":"container is running: stop the container before removing"})"};
        if (r.path.startsWith("/v1.43/networks"))
            return {500, R"({"message":"the engine failed"})"};
        if (r.path.startsWith("/v1.43/images"))
            return {500, R"({"message":"the engine failed"})"};
        return {200, "not json"};
    }));
    EngineClient c(fake.endpoint());

    auto denied = c.inspectContainer(QStringLiteral("denied"));
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().kind, Error::Kind::Auth);
    EXPECT_EQ(denied.error().replyCode, 403);

    Status s = c.stopContainer(QStringLiteral("missing"), 0);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::NotFound);
    EXPECT_EQ(s.error().replyCode, 404);

    s = c.removeContainer(QStringLiteral("running"), false, false);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::Engine);
    EXPECT_EQ(s.error().replyCode, 409);

    s = c.killContainer(QStringLiteral("running")); // 409: not running is no error for kill
    EXPECT_TRUE(s.ok());

    auto networks = c.listNetworks({});
    ASSERT_FALSE(networks.ok());
    EXPECT_EQ(networks.error().kind, Error::Kind::Engine);
    EXPECT_EQ(networks.error().replyCode, 500);

    auto image = c.imageExists(QStringLiteral("alpine:3"));
    ASSERT_FALSE(image.ok());
    EXPECT_EQ(image.error().replyCode, 500);

    // A success that is not JSON: an Engine error that still says what was answered.
    auto list = c.listContainers({});
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().kind, Error::Kind::Engine);
    EXPECT_EQ(list.error().replyCode, 200);
}

TEST(EngineClientErrors, RawRequestsAreEngineErrorsWithTheStatus)
{
    FakeEngine fake(engine([](const FakeEngine::Request &) -> Answer { return {404, R"({"message":"page not found"})"}; }));
    EngineClient c(fake.endpoint());
    auto r = c.requestJson("GET", QStringLiteral("/nowhere"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Engine);
    EXPECT_EQ(r.error().replyCode, 404);
}

TEST(EngineClientErrors, PingOfSomethingElseIsAnEngineError)
{
    FakeEngine fake([](const FakeEngine::Request &) -> Answer { return {404, "404 page not found"}; });
    EngineClient c(fake.endpoint());
    Status s = c.ping();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::Engine);
    EXPECT_EQ(s.error().replyCode, 404);
}

TEST(EngineClientErrors, UnreachableHasNoStatus)
{
    QTemporaryDir dir;
    EngineEndpoint ep;
    ep.unixSocket = dir.filePath(QStringLiteral("no-engine.sock"));
    ep.baseUrl = QStringLiteral("http://localhost");
    EngineClient c(ep);
    Status s = c.ping();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, Error::Kind::Engine);
    EXPECT_EQ(s.error().replyCode, 0);
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("not reachable"))) << str(s.error().message);

    EngineClient unsupported(EngineEndpoint{}); // e.g. DOCKER_HOST=ssh://...
    auto v = unsupported.listVolumes({});
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().kind, Error::Kind::Engine);
    EXPECT_EQ(v.error().replyCode, 0);
}

TEST(EngineClientErrors, VolumesAreTyped)
{
    FakeEngine fake(engine([](const FakeEngine::Request &r) -> Answer {
        if (r.method == "GET" && r.path.startsWith("/v1.43/volumes?filters="))
            return {200, R"({"Volumes":[{"Name":"p_fixbench_keep","Driver":"local","Mountpoint":"/var/lib/docker/volumes/p/_data",
                              "Labels":{"fixbench.keep-marker":"p","fixbench.keep":"true"}}],"Warnings":null})"};
        if (r.method == "POST" && r.path == "/v1.43/volumes/create") {
            const QJsonObject o = QJsonDocument::fromJson(r.body).object();
            QJsonObject answer = o;
            answer.insert(QStringLiteral("Driver"), QStringLiteral("local"));
            return {201, QJsonDocument(answer).toJson(QJsonDocument::Compact)};
        }
        return {500, {}};
    }));
    EngineClient c(fake.endpoint());

    auto volumes = c.listVolumes({QStringLiteral("fixbench.keep-marker")});
    ASSERT_TRUE(volumes.ok()) << str(volumes.error().toString());
    ASSERT_EQ(volumes->size(), 1);
    EXPECT_EQ(volumes->first().name, QStringLiteral("p_fixbench_keep"));
    EXPECT_EQ(volumes->first().driver, QStringLiteral("local"));
    EXPECT_EQ(volumes->first().labels.value(QStringLiteral("fixbench.keep")), QStringLiteral("true"));

    auto created = c.createVolume(QStringLiteral("q_fixbench_keep"), {{QStringLiteral("fixbench.keep"), QStringLiteral("false")}});
    ASSERT_TRUE(created.ok()) << str(created.error().toString());
    EXPECT_EQ(created->name, QStringLiteral("q_fixbench_keep"));
    EXPECT_EQ(created->labels.value(QStringLiteral("fixbench.keep")), QStringLiteral("false"));

    const QList<FakeEngine::Request> sent = fake.requests();
    bool sawFilter = false;
    for (const FakeEngine::Request &r : sent)
        sawFilter = sawFilter || (r.path.startsWith("/v1.43/volumes?filters=") && r.path.contains("fixbench.keep-marker"));
    EXPECT_TRUE(sawFilter);
}

TEST(EngineClientErrors, HealthAndExitCodeAreTyped)
{
    FakeEngine fake(engine([](const FakeEngine::Request &r) -> Answer {
        if (r.path.startsWith("/v1.43/containers/json"))
            return {200, R"json([{"Id":"a","Names":["/p-db-1"],"State":"running","Status":"Up 2 seconds (health: starting)","Labels":{}},
                             {"Id":"b","Names":["/p-web-1"],"State":"running","Status":"Up 2 minutes (unhealthy)","Labels":{}},
                             {"Id":"c","Names":["/p-init-1"],"State":"exited","Status":"Exited (3) 5 seconds ago","Labels":{}}])json"};
        if (r.path == "/v1.43/containers/b/json")
            return {200, R"({"Id":"b","Name":"/p-web-1","Config":{"Labels":{}},
                             "State":{"Status":"running","ExitCode":0,"StartedAt":"2024-01-01T00:00:00Z",
                                      "Health":{"Status":"unhealthy","Log":[{"ExitCode":1,"Output":"refused\n"},
                                                                           {"ExitCode":7,"Output":"timeout"}]}}})"};
        return {500, {}};
    }));
    EngineClient c(fake.endpoint());

    auto list = c.listContainers({});
    ASSERT_TRUE(list.ok()) << str(list.error().toString());
    ASSERT_EQ(list->size(), 3);
    EXPECT_EQ(list->at(0).health, ContainerHealth::Starting);
    EXPECT_EQ(list->at(1).health, ContainerHealth::Unhealthy);
    EXPECT_EQ(list->at(2).health, ContainerHealth::None);
    EXPECT_EQ(list->at(2).exitCode, 3);

    auto b = c.inspectContainer(QStringLiteral("b"));
    ASSERT_TRUE(b.ok()) << str(b.error().toString());
    EXPECT_EQ(b->health, ContainerHealth::Unhealthy);
    ASSERT_EQ(b->healthLog.size(), 2);
    EXPECT_EQ(b->healthLog[1].exitCode, 7);
    EXPECT_EQ(b->healthLog[0].output, QStringLiteral("refused\n"));
    EXPECT_TRUE(b->status.endsWith(QStringLiteral("(unhealthy)"))) << str(b->status);
}
