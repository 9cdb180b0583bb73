#include "run/testresult.h"

namespace fixbench {

QString testStatusName(TestStatus s)
{
    switch (s) {
    case TestStatus::NotRun: return QStringLiteral("not run");
    case TestStatus::Running: return QStringLiteral("running");
    case TestStatus::Passed: return QStringLiteral("passed");
    case TestStatus::Failed: return QStringLiteral("failed");
    case TestStatus::Skipped: return QStringLiteral("skipped");
    case TestStatus::Disabled: return QStringLiteral("disabled");
    case TestStatus::Crashed: return QStringLiteral("crashed");
    case TestStatus::TimedOut: return QStringLiteral("timed out");
    case TestStatus::Interrupted: return QStringLiteral("interrupted");
    }
    return {};
}

TestStatus testStatusFromName(const QString &name, bool *ok)
{
    static const TestStatus all[] = {TestStatus::NotRun, TestStatus::Running, TestStatus::Passed,
                                     TestStatus::Failed, TestStatus::Skipped, TestStatus::Disabled,
                                     TestStatus::Crashed, TestStatus::TimedOut, TestStatus::Interrupted};
    for (TestStatus s : all) {
        if (testStatusName(s) == name) {
            if (ok)
                *ok = true;
            return s;
        }
    }
    if (ok)
        *ok = false;
    return TestStatus::NotRun;
}

bool isTestFailure(TestStatus s)
{
    return s == TestStatus::Failed || s == TestStatus::Crashed || s == TestStatus::TimedOut
        || s == TestStatus::Interrupted;
}

QString TestFailure::location() const
{
    if (file.isEmpty())
        return {};
    return line > 0 ? file + QLatin1Char(':') + QString::number(line) : file;
}

QString TestResult::displayName() const
{
    QString s = fullName();
    if (!typeParam.isEmpty())
        s += QStringLiteral(", where TypeParam = ") + typeParam;
    if (!valueParam.isEmpty())
        s += (typeParam.isEmpty() ? QStringLiteral(", where ") : QStringLiteral(" and ")) + QStringLiteral("GetParam() = ")
            + valueParam;
    return s;
}

} // namespace fixbench
