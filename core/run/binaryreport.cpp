#include "run/binaryreport.h"

namespace fixbench {

int BinaryReport::count(TestStatus s) const
{
    int n = 0;
    for (const TestResult &r : results)
        n += r.status == s ? 1 : 0;
    return n;
}

int BinaryReport::notRunCount() const
{
    int named = 0;
    int seen = 0;
    for (const TestResult &r : results) {
        if (r.iteration != iterations || r.isOutsideTest() || r.status == TestStatus::Disabled)
            continue;
        if (r.status == TestStatus::NotRun)
            ++named;
        else
            ++seen;
    }
    return std::max(named, expectedTests < 0 ? 0 : expectedTests - seen);
}

bool BinaryReport::ok() const
{
    if (error || timedOut || cancelled)
        return false;
    for (const TestResult &r : results)
        if (isTestFailure(r.status))
            return false;
    return true;
}

void RunSummary::add(const TestResult &r)
{
    switch (r.status) {
    case TestStatus::Passed: ++passed; break;
    case TestStatus::Failed: ++failed; break;
    case TestStatus::Skipped: ++skipped; break;
    case TestStatus::Crashed: ++crashed; break;
    case TestStatus::TimedOut: ++timedOut; break;
    case TestStatus::Interrupted: ++interrupted; break;
    case TestStatus::Disabled: ++disabled; break;
    case TestStatus::NotRun: ++notRun; break;
    case TestStatus::Running: break;
    }
}

void RunSummary::add(const BinaryReport &report)
{
    ++binaries;
    for (const TestResult &r : report.results)
        if (r.status != TestStatus::NotRun) // counted by notRunCount(), named or not
            add(r);
    notRun += report.notRunCount();
    if (report.error)
        ++binaryErrors;
    if (report.cancelled)
        cancelled = true;
    elapsedMs = std::max(elapsedMs, report.elapsedMs);
}

RunSummary RunSummary::of(const QList<BinaryReport> &reports)
{
    RunSummary s;
    for (const BinaryReport &r : reports)
        s.add(r);
    return s;
}

QString RunSummary::line() const
{
    QString s = QStringLiteral("%1 passed, %2 failed").arg(passed).arg(failed);
    if (skipped)
        s += QStringLiteral(", %1 skipped").arg(skipped);
    if (crashed)
        s += QStringLiteral(", %1 crashed").arg(crashed);
    if (timedOut)
        s += QStringLiteral(", %1 timed out").arg(timedOut);
    if (interrupted)
        s += QStringLiteral(", %1 interrupted").arg(interrupted);
    return s;
}

} // namespace fixbench
