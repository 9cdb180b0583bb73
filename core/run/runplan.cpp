#include "run/runplan.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

namespace fixbench {

QStringList RunPlan::fixturesOf(const Binary &binary) const
{
    QStringList out = binary.spec.fixtures;
    for (const QString &f : extraFixtures)
        if (!out.contains(f))
            out << f;
    return out;
}

QStringList RunPlan::fixtures() const
{
    QStringList out;
    for (const Binary &b : binaries)
        for (const QString &f : fixturesOf(b))
            if (!out.contains(f))
                out << f;
    return out;
}

TestRun RunPlan::runOf(const Workspace &workspace, const Binary &binary, const QHash<QString, Environment> &fixtureEnvironments) const
{
    QList<Environment> envs;
    for (const QString &f : fixturesOf(binary)) {
        // Each variable says which fixture it comes from: "port:ftp_server".
        Environment e;
        const Environment fixture = fixtureEnvironments.value(f); // not a temporary: the loop keeps it
        for (Environment::Variable v : fixture.variables()) {
            if (!v.source.contains(QLatin1Char(':')))
                v.source += QLatin1Char(':') + f;
            e.set(v);
        }
        envs << e;
    }
    TestBinarySpec spec = binary.spec;
    spec.fixtures = fixturesOf(binary);
    TestRun run = TestRun::forTest(workspace, spec, envs, overrides);
    if (!instance.isEmpty() && !run.fixtures.contains(QStringLiteral("FIXBENCH_INSTANCE")))
        run.fixtures.set(QStringLiteral("FIXBENCH_INSTANCE"), instance, false, QStringLiteral("fixbench"));
    run.selection = binary.selection;
    run.options = options;
    return run;
}

QString RunPlan::debugCommand(TestRun run)
{
    run.options.breakOnFailure = true;
    auto args = run.arguments();
    if (!args)
        return args.error().toString();
    QStringList parts{QStringLiteral("cd"), Environment::shellQuote(run.effectiveWorkingDirectory()), QStringLiteral("&&"),
                      QStringLiteral("env")};
    for (const QString &k : run.systemEnvironment.keys())
        if (TestRun::isGTestVariable(k) && !run.overrides.contains(k))
            parts << QStringLiteral("-u") << k; // stray GTEST_* would change what runs
    const Environment injected = run.injectedEnvironment(); // the loop must not outlive it
    for (const Environment::Variable &v : injected.variables())
        parts << v.name + QLatin1Char('=') + Environment::shellQuote(v.value);
    parts << QStringLiteral("gdb") << QStringLiteral("-ex") << QStringLiteral("run") << QStringLiteral("--args")
          << Environment::shellQuote(run.program);
    for (const QString &a : *args)
        parts << Environment::shellQuote(a);
    return parts.join(QLatin1Char(' '));
}

Result<QList<TestBinarySpec>> RunPlan::resolveBinaries(const Workspace &workspace, const QStringList &namesOrPaths)
{
    QList<TestBinarySpec> specs;
    if (namesOrPaths.isEmpty())
        return workspace.tests();
    for (const QString &name : namesOrPaths) {
        bool found = false;
        for (const TestBinarySpec &t : workspace.tests()) {
            if (t.name == name) {
                specs << t;
                found = true;
                break;
            }
        }
        if (found)
            continue;
        const QFileInfo fi(name);
        if (fi.isFile()) {
            TestBinarySpec t;
            t.path = fi.absoluteFilePath();
            t.name = fi.fileName();
            for (const TestBinarySpec &known : workspace.tests()) {
                if (QFileInfo(known.path).canonicalFilePath() == fi.canonicalFilePath()) {
                    t = known; // a path to a binary fixbench.yml knows: same fixtures and env
                    break;
                }
            }
            specs << t;
            continue;
        }
        QStringList known;
        for (const TestBinarySpec &t : workspace.tests())
            known << t.name;
        return Error(Error::Kind::NotFound,
                     QStringLiteral("no test `%1`: neither a name in %2 (%3) nor an existing file")
                         .arg(name, workspace.specFile(), known.isEmpty() ? QStringLiteral("it lists none") : known.join(QStringLiteral(", "))));
    }
    QStringList ymlNames;
    for (const TestBinarySpec &t : workspace.tests())
        ymlNames << t.name;
    distinguishNames(specs, ymlNames);
    return specs;
}

namespace {

// The last `n` components of a path: "b/tests" for ("/x/b/tests", 2).
QString pathSuffix(const QString &path, int n)
{
    const QStringList parts = QDir::cleanPath(path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return parts.mid(std::max<qsizetype>(0, parts.size() - n)).join(QLatin1Char('/'));
}

} // namespace

void RunPlan::distinguishNames(QList<TestBinarySpec> &specs, const QStringList &keptNames)
{
    auto key = [](const TestBinarySpec &t) {
        const QFileInfo fi(t.path);
        const QString canonical = fi.canonicalFilePath();
        return canonical.isEmpty() ? QDir::cleanPath(fi.absoluteFilePath()) : canonical;
    };
    QHash<QString, QStringList> pathsByName; // name → distinct paths
    for (const TestBinarySpec &t : std::as_const(specs))
        if (!pathsByName[t.name].contains(key(t)))
            pathsByName[t.name] << key(t);
    for (auto it = pathsByName.constBegin(); it != pathsByName.constEnd(); ++it) {
        const QStringList &paths = it.value();
        if (paths.size() < 2)
            continue;
        // The one binary of the group fixbench.yml names keeps its name (it is known by
        // it); the others are named by path suffixes.
        QString keeper;
        if (keptNames.contains(it.key())) {
            int fromYml = 0;
            for (const TestBinarySpec &t : std::as_const(specs))
                if (t.name == it.key() && !t.where.file.isEmpty()) {
                    ++fromYml;
                    keeper = key(t);
                }
            if (fromYml != 1)
                keeper.clear();
        }
        QHash<QString, QString> renamed; // path → name
        const int maxDepth = 64;
        for (const QString &p : paths) {
            if (p == keeper)
                continue;
            for (int n = 2; n <= maxDepth; ++n) {
                const QString suffix = pathSuffix(p, n);
                bool shared = false;
                for (const QString &other : paths)
                    if (other != p && pathSuffix(other, n) == suffix)
                        shared = true;
                if (!shared || suffix == QDir::cleanPath(p).mid(1)) {
                    renamed.insert(p, suffix);
                    break;
                }
            }
        }
        for (TestBinarySpec &t : specs)
            if (t.name == it.key() && renamed.contains(key(t)))
                t.name = renamed.value(key(t));
    }
}

bool RunPlan::restrictToFailed(const QList<BinaryReport> &last)
{
    QList<Binary> keep;
    for (Binary b : std::as_const(binaries)) {
        const QString path = QFileInfo(b.spec.path).absoluteFilePath();
        for (const BinaryReport &r : last) {
            // By path: two binaries may share a file name (a/tests, b/tests).
            const bool same = r.path.isEmpty() ? r.binary == b.spec.name : QFileInfo(r.path).absoluteFilePath() == path;
            if (!same)
                continue;
            if (const auto sel = TestSelection::toRerun(r)) {
                b.selection = *sel;
                keep << b;
            }
            break;
        }
    }
    binaries = keep;
    return !binaries.isEmpty();
}

QString RunPlan::lastRunPath(const Workspace &workspace, const QString &runtimeDir)
{
    return runtimeDir + QStringLiteral("/last-run-%1.json").arg(workspace.id());
}

} // namespace fixbench
