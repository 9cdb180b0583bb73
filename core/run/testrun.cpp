#include "run/testrun.h"

#include "run/binaryreport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSet>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::TestRun)
};
} // namespace

Result<QString> TestSelection::gtestFilter() const
{
    if (!filter.isEmpty() && (!suites.isEmpty() || !tests.isEmpty()))
        return Error(Error::Kind::Other, Tr::tr("a raw gtest filter cannot be combined with a selection of suites or tests"));
    QString f = filter;
    if (f.isEmpty()) {
        QStringList patterns;
        for (const QString &s : suites)
            patterns << s + QStringLiteral(".*");
        const QSet<QString> whole(suites.begin(), suites.end());
        for (const QString &t : tests) {
            const qsizetype dot = t.indexOf(QLatin1Char('.'));
            if (dot > 0 && whole.contains(t.left(dot)))
                continue;
            patterns << t;
        }
        f = patterns.join(QLatin1Char(':'));
    }
    // One argv string is limited to 128 KiB on Linux (MAX_ARG_STRLEN).
    if (f.size() > 100000)
        return Error(Error::Kind::Other,
                     QStringLiteral("the selection is too long for a gtest filter (%1 characters); select whole suites instead").arg(f.size()));
    return f;
}

TestSelection TestSelection::ofSuites(const QStringList &suites)
{
    TestSelection s;
    s.suites = suites;
    return s;
}

TestSelection TestSelection::ofTests(const QStringList &tests)
{
    TestSelection s;
    s.tests = tests;
    return s;
}

TestSelection TestSelection::ofFilter(const QString &pattern)
{
    TestSelection s;
    s.filter = pattern;
    return s;
}

TestSelection TestSelection::failedIn(const BinaryReport &last)
{
    TestSelection s;
    for (const TestResult &r : last.results)
        if (isTestFailure(r.status) && !r.isOutsideTest() && !s.tests.contains(r.fullName()))
            s.tests << r.fullName();
    return s;
}

std::optional<TestSelection> TestSelection::toRerun(const BinaryReport &last)
{
    bool outside = false;
    for (const TestResult &r : last.results)
        outside = outside || (r.isOutsideTest() && isTestFailure(r.status));
    const TestSelection failed = failedIn(last);
    if (outside || (failed.isAll() && last.error && !last.cancelled))
        return all();
    if (failed.isAll())
        return std::nullopt;
    return failed;
}

QProcessEnvironment TestRun::processEnvironment() const
{
    QProcessEnvironment env = systemEnvironment;
    for (const QString &k : env.keys())
        if (isGTestVariable(k))
            env.remove(k);
    for (const Environment::Variable &v : fixtures.variables())
        if (!isGTestVariable(v.name))
            env.insert(v.name, v.value);
    for (const Environment::Variable &v : overrides.variables())
        env.insert(v.name, v.value);
    return env;
}

QStringList TestRun::secretsToMask() const
{
    return options.showSecrets ? QStringList() : effectiveEnvironment().secretValues();
}

Environment TestRun::effectiveEnvironment() const
{
    Environment e;
    for (const QString &k : systemEnvironment.keys())
        if (!isGTestVariable(k))
            e.set(k, systemEnvironment.value(k), false, QStringLiteral("system"));
    for (const Environment::Variable &v : fixtures.variables())
        if (!isGTestVariable(v.name))
            e.set(v);
    for (const Environment::Variable &v : overrides.variables())
        e.set(v.name, v.value, v.secret, v.source.isEmpty() ? QStringLiteral("override") : v.source);
    return e;
}

Environment TestRun::injectedEnvironment() const
{
    Environment out;
    const Environment effective = effectiveEnvironment(); // the loop must not outlive it
    for (const Environment::Variable &v : effective.variables())
        if (v.source != QLatin1String("system"))
            out.set(v);
    return out;
}

Result<QStringList> TestRun::arguments(const QString &jsonReportPath) const
{
    QStringList args;
    auto filter = selection.gtestFilter();
    if (!filter)
        return filter.error();
    if (!filter->isEmpty())
        args << QStringLiteral("--gtest_filter=") + *filter;
    if (options.repeat != 1)
        args << QStringLiteral("--gtest_repeat=%1").arg(options.repeat);
    if (options.shuffle)
        args << QStringLiteral("--gtest_shuffle");
    if (options.seed != 0)
        args << QStringLiteral("--gtest_random_seed=%1").arg(options.seed);
    if (options.alsoRunDisabled)
        args << QStringLiteral("--gtest_also_run_disabled_tests");
    if (options.breakOnFailure)
        args << QStringLiteral("--gtest_break_on_failure");
    if (!jsonReportPath.isEmpty())
        args << QStringLiteral("--gtest_output=json:") + jsonReportPath;
    args += options.extraArguments;
    return args;
}

QString TestRun::effectiveWorkingDirectory() const
{
    return workingDirectory.isEmpty() ? QFileInfo(program).absolutePath() : workingDirectory;
}

TestRun TestRun::forTest(const Workspace &workspace, const TestBinarySpec &spec,
                         const QList<Environment> &fixtureEnvironments, const Environment &extraOverrides)
{
    TestRun run;
    run.name = spec.name.isEmpty() ? QFileInfo(spec.path).fileName() : spec.name;
    run.program = spec.path;
    run.fixtures.set(QStringLiteral("FIXBENCH_WORKSPACE"), workspace.root(), false, QStringLiteral("fixbench"));
    for (const Environment &e : fixtureEnvironments)
        run.fixtures.merge(e);
    for (auto it = spec.env.constBegin(); it != spec.env.constEnd(); ++it)
        run.overrides.set(it.key(), it.value(), false, QStringLiteral("fixbench.yml"));
    for (const Environment::Variable &v : extraOverrides.variables())
        run.overrides.set(v.name, v.value, v.secret, v.source.isEmpty() ? QStringLiteral("override") : v.source);
    return run;
}

} // namespace fixbench
