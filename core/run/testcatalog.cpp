#include "run/testcatalog.h"

#include "run/gtest/testdiscovery.h"
#include "run/testrun.h"

#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

namespace fixbench {

bool TestCaseInfo::isDisabledName(const QString &n)
{
    return n.startsWith(QLatin1String("DISABLED_")) || n.contains(QLatin1String("/DISABLED_"));
}

int DiscoveredBinary::testCount() const
{
    int n = 0;
    for (const TestSuiteInfo &s : suites)
        n += int(s.tests.size());
    return n;
}

int DiscoveredBinary::disabledCount() const
{
    int n = 0;
    for (const TestSuiteInfo &s : suites)
        for (const TestCaseInfo &t : s.tests)
            n += t.disabled ? 1 : 0;
    return n;
}

const TestCaseInfo *DiscoveredBinary::find(const QString &fullName) const
{
    for (const TestSuiteInfo &s : suites)
        for (const TestCaseInfo &t : s.tests)
            if (t.fullName() == fullName)
                return &t;
    return nullptr;
}

TestCatalog::Request TestCatalog::Request::forRun(const TestRun &run)
{
    Request r;
    r.name = run.name;
    r.path = run.program;
    r.environment = run.processEnvironment();
    r.workingDirectory = run.workingDirectory;
    if (auto filter = run.selection.gtestFilter())
        r.filter = *filter;
    return r;
}

const DiscoveredBinary *TestCatalog::binary(const QString &name) const
{
    for (const DiscoveredBinary &b : m_binaries)
        if (b.name == name)
            return &b;
    return nullptr;
}

int TestCatalog::testCount() const
{
    int n = 0;
    for (const DiscoveredBinary &b : m_binaries)
        n += b.testCount();
    return n;
}

int TestCatalog::errorCount() const
{
    int n = 0;
    for (const DiscoveredBinary &b : m_binaries)
        n += b.ok() ? 0 : 1;
    return n;
}

TestCatalog TestCatalog::discover(const QList<Request> &requests, int maxParallel)
{
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, maxParallel));
    const QList<DiscoveredBinary> found = QtConcurrent::blockingMapped<QList<DiscoveredBinary>>(
        &pool, requests, [](const Request &r) {
            auto d = TestDiscovery::discover(r);
            if (d)
                return *d;
            DiscoveredBinary b;
            b.name = r.name.isEmpty() ? QFileInfo(r.path).fileName() : r.name;
            b.path = r.path;
            b.error = d.error();
            return b;
        });
    TestCatalog c;
    c.m_binaries = found;
    return c;
}

QFuture<TestCatalog> TestCatalog::discoverAsync(const QList<Request> &requests, int maxParallel)
{
    return QtConcurrent::run([requests, maxParallel] { return discover(requests, maxParallel); });
}

} // namespace fixbench
