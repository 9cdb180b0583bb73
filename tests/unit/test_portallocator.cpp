#include "fixture/portallocator.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include "unitsupport.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <ostream>

using namespace fixbench;
using namespace fixbench::unitsupport;

namespace {

// A raw TCP socket bound to addr:port (0 = any free port) and listening.
class Listener {
public:
    explicit Listener(in_addr_t addr = INADDR_ANY, int port = 0)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return;
        const int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(addr);
        sa.sin_port = htons(quint16(port));
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0 || ::listen(m_fd, 4) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return;
        }
        socklen_t len = sizeof sa;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&sa), &len);
        m_port = ntohs(sa.sin_port);
    }
    ~Listener()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_fd >= 0; }
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

PortSpec autoPort(const QString &name, int count = 1, bool range = false)
{
    PortSpec p;
    p.name = name;
    p.count = count;
    p.range = range;
    return p;
}

PortSpec fixedPort(const QString &name, int port)
{
    PortSpec p;
    p.name = name;
    p.fixed = port;
    return p;
}

} // namespace

// ---------------------------------------------------------------- AllocatedPort text form

TEST(AllocatedPort, ToString)
{
    EXPECT_EQ((AllocatedPort{QStringLiteral("FTP_PORT"), 21021, 1, false}).toString(), QStringLiteral("FTP_PORT=21021"));
    EXPECT_EQ((AllocatedPort{QStringLiteral("FTP_PASV"), 4000, 4, true}).toString(), QStringLiteral("FTP_PASV=4000-4003"));
    // A range always prints first-last, even with one port, so the flag survives.
    EXPECT_EQ((AllocatedPort{QStringLiteral("ONE"), 5000, 1, true}).toString(), QStringLiteral("ONE=5000-5000"));
    EXPECT_EQ((AllocatedPort{QStringLiteral("P"), 4000, 4, true}).last(), 4003);
}

TEST(AllocatedPort, ListRoundTrip)
{
    const QList<AllocatedPort> ports = {
        {QStringLiteral("A"), 1, 1, false},
        {QStringLiteral("B"), 2, 4, true},
        {QStringLiteral("C"), 30000, 1, true},
    };
    const QString text = AllocatedPort::formatList(ports);
    EXPECT_EQ(text, QStringLiteral("A=1;B=2-5;C=30000-30000"));
    const QList<AllocatedPort> back = AllocatedPort::parseList(text);
    ASSERT_EQ(back.size(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(back[i].name, ports[i].name);
        EXPECT_EQ(back[i].first, ports[i].first);
        EXPECT_EQ(back[i].count, ports[i].count);
        EXPECT_EQ(back[i].range, ports[i].range);
    }
    EXPECT_TRUE(AllocatedPort::parseList(QString()).isEmpty());
    EXPECT_EQ(AllocatedPort::formatList({}), QString());
}

TEST(AllocatedPort, ParseListSkipsGarbage)
{
    const QList<AllocatedPort> ports =
        AllocatedPort::parseList(QStringLiteral(" A = 10 ;;junk;=5;B=x;C=9-3;D=7-8;E=-1"));
    ASSERT_EQ(ports.size(), 2);
    EXPECT_EQ(ports[0].name, QStringLiteral("A"));
    EXPECT_EQ(ports[0].first, 10);
    EXPECT_FALSE(ports[0].range);
    EXPECT_EQ(ports[1].name, QStringLiteral("D"));
    EXPECT_EQ(ports[1].first, 7);
    EXPECT_EQ(ports[1].count, 2);
    EXPECT_TRUE(ports[1].range);
}

// ---------------------------------------------------------------- isFree

TEST(PortAllocator, ListeningSocketIsNotFree)
{
    Listener any;
    ASSERT_TRUE(any.ok());
    EXPECT_FALSE(PortAllocator::isFree(any.port()));

    Listener loopback(INADDR_LOOPBACK);
    ASSERT_TRUE(loopback.ok());
    EXPECT_FALSE(PortAllocator::isFree(loopback.port()));
}

TEST(PortAllocator, ClosedListenerIsFreeAgain)
{
    int port = 0;
    {
        Listener l;
        ASSERT_TRUE(l.ok());
        port = l.port();
        EXPECT_FALSE(PortAllocator::isFree(port));
    }
    EXPECT_TRUE(PortAllocator::isFree(port));
}

TEST(PortAllocator, InvalidPortsAreNotFree)
{
    EXPECT_FALSE(PortAllocator::isFree(0));
    EXPECT_FALSE(PortAllocator::isFree(-5));
    EXPECT_FALSE(PortAllocator::isFree(65536));
}

// ---------------------------------------------------------------- allocate

TEST(PortAllocator, AutoPortsAndRangesAreDistinctFreeAndContiguous)
{
    PortAllocator alloc;
    const QList<PortSpec> specs = {autoPort(QStringLiteral("A")), autoPort(QStringLiteral("PASV"), 5, true),
                                   autoPort(QStringLiteral("B")), autoPort(QStringLiteral("C"), 3, true),
                                   autoPort(QStringLiteral("D"))};
    for (int round = 0; round < 5; ++round) {
        const Result<QList<AllocatedPort>> r = alloc.allocate(specs);
        ASSERT_TRUE(r.ok()) << str(r.error().toString());
        ASSERT_EQ(r->size(), specs.size());
        QSet<int> seen;
        for (int i = 0; i < specs.size(); ++i) {
            const AllocatedPort &p = r->at(i);
            EXPECT_EQ(p.name, specs[i].name);
            EXPECT_EQ(p.count, specs[i].count);
            EXPECT_EQ(p.range, specs[i].range);
            EXPECT_GE(p.first, alloc.minPort);
            EXPECT_LE(p.last(), alloc.maxPort);
            for (int port = p.first; port <= p.last(); ++port) {
                EXPECT_FALSE(seen.contains(port)) << "port " << port << " allocated twice";
                seen.insert(port);
                EXPECT_TRUE(PortAllocator::isFree(port)) << port;
            }
        }
        EXPECT_EQ(seen.size(), 1 + 5 + 1 + 3 + 1);
    }
}

TEST(PortAllocator, DistinctWithinATightWindow)
{
    // Find 12 contiguous free ports, then ask for 12 single ports in exactly that window.
    PortAllocator finder;
    const Result<QList<AllocatedPort>> window = finder.allocate({autoPort(QStringLiteral("W"), 12, true)});
    ASSERT_TRUE(window.ok()) << str(window.error().toString());
    PortAllocator alloc;
    alloc.minPort = window->first().first;
    alloc.maxPort = window->first().last();
    QList<PortSpec> specs;
    for (int i = 0; i < 12; ++i)
        specs.append(autoPort(QStringLiteral("P%1").arg(i)));
    const Result<QList<AllocatedPort>> r = alloc.allocate(specs);
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    QSet<int> seen;
    for (const AllocatedPort &p : *r)
        seen.insert(p.first);
    EXPECT_EQ(seen.size(), 12);
    EXPECT_EQ(*std::min_element(seen.begin(), seen.end()), alloc.minPort);
    EXPECT_EQ(*std::max_element(seen.begin(), seen.end()), alloc.maxPort);

    // A 13th port cannot fit: a Port error, not an endless loop.
    specs.append(autoPort(QStringLiteral("P12")));
    const Result<QList<AllocatedPort>> full = alloc.allocate(specs);
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().kind, Error::Kind::Port);
    EXPECT_TRUE(full.error().message.contains(QStringLiteral("P12"))) << str(full.error().message);
}

TEST(PortAllocator, AvoidSetIsRespected)
{
    PortAllocator finder;
    const Result<QList<AllocatedPort>> window = finder.allocate({autoPort(QStringLiteral("W"), 5, true)});
    ASSERT_TRUE(window.ok()) << str(window.error().toString());
    const int first = window->first().first;
    PortAllocator alloc;
    alloc.minPort = first;
    alloc.maxPort = first + 4;
    const QSet<int> avoid = {first, first + 1, first + 3, first + 4};
    for (int i = 0; i < 10; ++i) {
        const Result<QList<AllocatedPort>> r = alloc.allocate({autoPort(QStringLiteral("A"))}, avoid);
        ASSERT_TRUE(r.ok()) << str(r.error().toString());
        EXPECT_EQ(r->first().first, first + 2);
    }
    // A range of 2 cannot fit between avoided ports.
    const Result<QList<AllocatedPort>> r = alloc.allocate({autoPort(QStringLiteral("R"), 2, true)}, avoid);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Port);
}

TEST(PortAllocator, PortsInUseAreSkipped)
{
    Listener busy;
    ASSERT_TRUE(busy.ok());
    PortAllocator alloc;
    alloc.minPort = busy.port();
    alloc.maxPort = busy.port();
    const Result<QList<AllocatedPort>> r = alloc.allocate({autoPort(QStringLiteral("ONLY"))});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Port);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("ONLY"))) << str(r.error().message);
}

TEST(PortAllocator, RangeLargerThanTheWindow)
{
    PortAllocator alloc;
    alloc.minPort = 30000;
    alloc.maxPort = 30004;
    PortSpec big = autoPort(QStringLiteral("BIG"), 10, true);
    big.where = {QStringLiteral("fixture.yml"), 4, 3};
    const Result<QList<AllocatedPort>> r = alloc.allocate({big});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Port);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("BIG")));
    EXPECT_EQ(r.error().location.line, 4);
}

TEST(PortAllocator, FixedPortInUseIsAPortError)
{
    Listener busy;
    ASSERT_TRUE(busy.ok());
    PortAllocator alloc;
    const Result<QList<AllocatedPort>> r =
        alloc.allocate({autoPort(QStringLiteral("A")), fixedPort(QStringLiteral("FTP_PORT"), busy.port())});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Port);
    // Who holds it, found through /proc: this test (its name as the kernel keeps it, 15 bytes).
    EXPECT_EQ(r.error().message,
              QStringLiteral("port %1 for FTP_PORT is already in use on this host (by process %2 (test_portalloca)); free it or "
                             "use `auto`")
                  .arg(busy.port())
                  .arg(::getpid()));
    EXPECT_EQ(PortAllocator::holderOf(busy.port()), QStringLiteral("process %1 (test_portalloca)").arg(::getpid()));
}

// fixbench started by a program holding the port inherits the socket (a test harness, a
// script): the holder named is that other process, never fixbench itself — whichever
// pid comes first in /proc.
TEST(PortAllocator, AHolderThisProcessInheritedFromIsNamedNotThisProcess)
{
    Listener busy;
    ASSERT_TRUE(busy.ok());
    // This process holds it too; another one — here a child, with a later pid — as well.
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        char c = 0;
        (void)!::write(ready[1], &c, 1);
        ::pause();
        ::_exit(0);
    }
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    const QString holder = PortAllocator::holderOf(busy.port());
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    ::close(ready[0]);
    ::close(ready[1]);
    EXPECT_EQ(holder, QStringLiteral("process %1 (test_portalloca)").arg(child));
    // Alone, it is itself.
    EXPECT_EQ(PortAllocator::holderOf(busy.port()), QStringLiteral("process %1 (test_portalloca)").arg(::getpid()));
}

TEST(PortAllocator, FixedFreePortIsKeptAndNotReusedForAuto)
{
    PortAllocator finder;
    const Result<QList<AllocatedPort>> window = finder.allocate({autoPort(QStringLiteral("W"), 2, true)});
    ASSERT_TRUE(window.ok());
    const int first = window->first().first;
    PortAllocator alloc;
    alloc.minPort = first;
    alloc.maxPort = first + 1;
    // The auto port comes first in the list but must not take the fixed one.
    for (int i = 0; i < 10; ++i) {
        const Result<QList<AllocatedPort>> r =
            alloc.allocate({autoPort(QStringLiteral("AUTO")), fixedPort(QStringLiteral("ADMIN"), first)});
        ASSERT_TRUE(r.ok()) << str(r.error().toString());
        EXPECT_EQ(r->at(0).name, QStringLiteral("AUTO"));
        EXPECT_EQ(r->at(0).first, first + 1);
        EXPECT_EQ(r->at(1).name, QStringLiteral("ADMIN"));
        EXPECT_EQ(r->at(1).first, first);
        EXPECT_FALSE(r->at(1).range);
    }
}

TEST(PortAllocator, FixedPortConflicts)
{
    PortAllocator finder;
    const Result<QList<AllocatedPort>> window = finder.allocate({autoPort(QStringLiteral("W"))});
    ASSERT_TRUE(window.ok());
    const int port = window->first().first;
    PortAllocator alloc;
    Result<QList<AllocatedPort>> r =
        alloc.allocate({fixedPort(QStringLiteral("A"), port), fixedPort(QStringLiteral("B"), port)});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Port);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("port %1 for B").arg(port))) << str(r.error().message);

    r = alloc.allocate({fixedPort(QStringLiteral("A"), port)}, {port});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Port);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("another fixture"))) << str(r.error().message);
}

// ---------------------------------------------------------------- PortLock

class PortLockTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_tmp.isValid());
        m_hadRuntimeDir = qEnvironmentVariableIsSet("XDG_RUNTIME_DIR");
        m_oldRuntimeDir = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_tmp.path()));
    }
    void TearDown() override
    {
        if (m_hadRuntimeDir)
            qputenv("XDG_RUNTIME_DIR", m_oldRuntimeDir);
        else
            qunsetenv("XDG_RUNTIME_DIR");
    }

    QTemporaryDir m_tmp;
    bool m_hadRuntimeDir = false;
    QByteArray m_oldRuntimeDir;
};

TEST_F(PortLockTest, PathInRuntimeDir)
{
    PortLock lock(1000);
    EXPECT_TRUE(lock.isLocked());
    EXPECT_EQ(lock.path(), m_tmp.path() + QStringLiteral("/fixbench/ports.lock"));
    EXPECT_TRUE(QFileInfo::exists(lock.path()));
}

TEST_F(PortLockTest, FallbackPathInTmp)
{
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_tmp.path() + QStringLiteral("/does-not-exist")));
    const QString expected = QStringLiteral("/tmp/fixbench-%1/ports.lock").arg(::getuid());
    EXPECT_EQ(PortLock(0).path(), expected);
    qunsetenv("XDG_RUNTIME_DIR");
    EXPECT_EQ(PortLock(0).path(), expected);
}

TEST_F(PortLockTest, ExcludesASecondLockInTheSameProcess)
{
    auto first = std::make_unique<PortLock>(1000);
    ASSERT_TRUE(first->isLocked());

    QElapsedTimer t;
    t.start();
    {
        PortLock second(300);
        EXPECT_FALSE(second.isLocked());
    }
    EXPECT_GE(t.elapsed(), 250); // it waited for the timeout

    first.reset();
    PortLock third(1000);
    EXPECT_TRUE(third.isLocked());
}

TEST_F(PortLockTest, ExcludesAnotherProcessAndIsReleasedWhenItEnds)
{
    int ready[2];
    int release[2];
    ASSERT_EQ(::pipe(ready), 0);
    ASSERT_EQ(::pipe(release), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(ready[0]);
        ::close(release[1]);
        int code = 1;
        {
            PortLock lock(5000);
            const char c = lock.isLocked() ? 'y' : 'n';
            (void)!::write(ready[1], &c, 1);
            char buf;
            (void)!::read(release[0], &buf, 1); // until the parent says so (or dies)
            code = lock.isLocked() ? 0 : 1;
        }
        ::_exit(code);
    }
    ::close(ready[1]);
    ::close(release[0]);
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    EXPECT_EQ(c, 'y');

    {
        PortLock blocked(300);
        EXPECT_FALSE(blocked.isLocked());
    }

    ::close(release[1]); // the child reads EOF, unlocks and exits
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    ::close(ready[0]);

    PortLock after(2000);
    EXPECT_TRUE(after.isLocked());
}

TEST_F(PortLockTest, WaitsForTheHolderWithinTheTimeout)
{
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(ready[0]);
        PortLock lock(5000);
        const char c = lock.isLocked() ? 'y' : 'n';
        (void)!::write(ready[1], &c, 1);
        ::usleep(300 * 1000);
        ::_exit(0); // the kernel drops the lock with the process
    }
    ::close(ready[1]);
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    ASSERT_EQ(c, 'y');
    QElapsedTimer t;
    t.start();
    PortLock waiting(5000);
    EXPECT_TRUE(waiting.isLocked());
    EXPECT_GE(t.elapsed(), 100);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(ready[0]);
}
