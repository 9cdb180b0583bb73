#include "workspace/workspace.h"

#include "workspace/yamlutil.h"

#include "base/utf8.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fixbench {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::Workspace)
};

using yaml::Value;

const QString kSpecFileName = QStringLiteral("fixbench.yml");

bool isNull(const Value &v)
{
    return !v.node.IsDefined() || v.node.IsNull();
}

// A fixture name is a folder name under fixturesDir.
bool isValidFixtureName(const QString &name)
{
    return !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("..")
        && !name.contains(QLatin1Char('/')) && !name.contains(QLatin1Char('\\'));
}

Result<TestBinarySpec> parseTest(const QString &file, const Value &item, const QString &root)
{
    if (!item.node.IsMap())
        return yaml::expected(file, item, Tr::tr("a map with `name`, `path`, `fixtures` and `env`"));
    const QStringList allowed = {QStringLiteral("name"), QStringLiteral("path"), QStringLiteral("fixtures"),
                                 QStringLiteral("env")};
    if (Status s = yaml::checkMap(file, item, allowed, false); !s)
        return s.error();

    TestBinarySpec test;
    test.where = yaml::location(file, item);
    bool haveName = false, havePath = false;
    for (const auto &[key, v] : yaml::entries(item)) {
        if (key == QLatin1String("name")) {
            Result<QString> name = yaml::toString(file, v, Tr::tr("a test name"));
            if (!name)
                return name.error();
            if (name->trimmed().isEmpty())
                return yaml::expected(file, v, Tr::tr("a test name"));
            test.name = name->trimmed();
            haveName = true;
        } else if (key == QLatin1String("path")) {
            Result<QString> path = yaml::toString(file, v, Tr::tr("the path of a test binary"));
            if (!path)
                return path.error();
            if (path->trimmed().isEmpty())
                return yaml::expected(file, v, Tr::tr("the path of a test binary"));
            test.path = QDir::cleanPath(QDir(root).absoluteFilePath(path->trimmed()));
            havePath = true;
        } else if (key == QLatin1String("fixtures")) {
            if (isNull(v))
                continue;
            Result<QStringList> names = yaml::toStringList(file, v);
            if (!names)
                return names.error();
            const QList<Value> items = v.node.IsSequence() ? yaml::items(v) : QList<Value>{v};
            for (int i = 0; i < names->size(); ++i) {
                const QString name = names->at(i).trimmed();
                if (!isValidFixtureName(name))
                    return yaml::expected(file, items.value(i, v), Tr::tr("a fixture (folder) name"));
                if (!test.fixtures.contains(name))
                    test.fixtures.append(name);
            }
        } else {
            if (Status s = yaml::checkMapKeys(file, v); !s)
                return s.error();
            for (const auto &[name, value] : yaml::entries(v)) {
                if (!yaml::isIdentifier(name))
                    return Error::spec(yaml::location(file, value.keyNode),
                                       Tr::tr("%1: `%2` is not a valid variable name; use letters, digits and "
                                              "`_`, not starting with a digit")
                                           .arg(v.path, name));
                Result<QString> text = yaml::toString(file, value, Tr::tr("a string, a number or true/false"));
                if (!text)
                    return text.error();
                test.env.insert(name, *text);
            }
        }
    }
    if (!haveName)
        return Error::spec(test.where, Tr::tr("%1: `name` is required").arg(item.path));
    if (!havePath)
        return Error::spec(test.where, Tr::tr("%1: `path` is required (the test binary, relative to %2)")
                                           .arg(item.path, root));
    return test;
}

} // namespace

QString Workspace::id() const
{
    QString slug;
    bool lastUnderscore = false;
    for (const QChar c : m_name.toLower()) {
        const bool keep = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        if (keep) {
            slug += c;
            lastUnderscore = false;
        } else if (!lastUnderscore) {
            slug += QLatin1Char('_');
            lastUnderscore = true;
        }
    }
    auto trimUnderscores = [](QString &s) {
        while (s.startsWith(QLatin1Char('_')))
            s.remove(0, 1);
        while (s.endsWith(QLatin1Char('_')))
            s.chop(1);
    };
    trimUnderscores(slug);
    slug.truncate(20);
    trimUnderscores(slug);
    if (slug.isEmpty() || !(slug.at(0) >= QLatin1Char('a') && slug.at(0) <= QLatin1Char('z')))
        slug.prepend(QLatin1Char('w'));

    QString canonical = QFileInfo(m_root).canonicalFilePath();
    if (canonical.isEmpty())
        canonical = QDir::cleanPath(QDir(m_root).absolutePath());
    const QByteArray hash = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha1).toHex();
    return slug + QLatin1Char('_') + QString::fromLatin1(hash.left(6));
}

namespace {

// A file system name as bytes, for messages: UTF-8 as is, other bytes as \xNN.
QString displayName(const QByteArray &bytes)
{
    QString out;
    for (qsizetype i = 0; i < bytes.size();) {
        const auto bad = utf8::firstInvalid(bytes.mid(i));
        if (!bad) {
            out += QString::fromUtf8(bytes.mid(i));
            break;
        }
        out += QString::fromUtf8(bytes.mid(i, bad->offset));
        out += QStringLiteral("\\x%1").arg(QString::number(bad->byte, 16).toUpper().rightJustified(2, QLatin1Char('0')));
        i += bad->offset + 1;
    }
    return out;
}

// What is wrong with a path that should be a `kind` (S_IFDIR or S_IFREG), or "" when
// stat() finds one; *missing: it does not exist at all.
QString pathProblem(const QByteArray &path, mode_t kind, bool *missing = nullptr)
{
    if (missing)
        *missing = false;
    struct stat st{};
    if (::stat(path.constData(), &st) == 0)
        return (st.st_mode & S_IFMT) == kind ? QString()
             : kind == S_IFDIR             ? Tr::tr("is a file, not a folder")
             : S_ISDIR(st.st_mode)         ? Tr::tr("is a folder, not a file")
                                           : Tr::tr("is not a regular file");
    const int e = errno;
    if (e == ELOOP)
        return Tr::tr("is a symbolic link loop");
    if (e == ENOENT) {
        char target[4096];
        struct stat lst{};
        if (::lstat(path.constData(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
            const ssize_t n = ::readlink(path.constData(), target, sizeof target - 1);
            return Tr::tr("is a symbolic link to %1, which does not exist")
                .arg(n > 0 ? displayName(QByteArray(target, int(n))) : QStringLiteral("?"));
        }
        if (missing)
            *missing = true;
        return Tr::tr("does not exist");
    }
    return Tr::tr("cannot be read: %1").arg(QString::fromLocal8Bit(std::strerror(e)));
}

} // namespace

Status Workspace::checkFixturesDir() const
{
    const QByteArray path = QFile::encodeName(m_fixturesDir);
    bool missing = false;
    QString problem = pathProblem(path, S_IFDIR, &missing);
    if (problem.isEmpty()) {
        if (DIR *d = ::opendir(path.constData()))
            ::closedir(d);
        else
            problem = Tr::tr("cannot be read: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    if (problem.isEmpty())
        return {};
    const QString msg = Tr::tr("the fixtures folder %1 %2; fixbench.yml's `fixtures:` names the folder holding one "
                               "folder per fixture (default: fixtures)")
                            .arg(m_fixturesDir, problem);
    return Error(missing ? Error::Kind::NotFound : Error::Kind::Spec, msg, {},
                 m_fixturesWhere.isValid() ? m_fixturesWhere : SourceLocation{m_specFile, 0, 0});
}

namespace {

struct Entry {
    QString name;     // UTF-8 names only
    QString problem;  // "" = a fixture
};

// The folders of `dir` holding a fixture.yml (lstat: a dangling link counts too).
QList<Entry> scanFixtures(const QString &dir, QList<Error> *problems)
{
    QList<Entry> out;
    const QByteArray dirBytes = QFile::encodeName(dir);
    DIR *d = ::opendir(dirBytes.constData());
    if (!d)
        return out;
    while (dirent *e = ::readdir(d)) {
        const QByteArray name(e->d_name);
        if (name == "." || name == "..")
            continue;
        const QByteArray sub = dirBytes + '/' + name;
        struct stat st{};
        if (::stat(sub.constData(), &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        const QByteArray spec = sub + "/fixture.yml";
        struct stat lst{};
        if (::lstat(spec.constData(), &lst) != 0)
            continue; // not a fixture (a folder of hooks, say)
        const QString shown = QDir(dir).filePath(displayName(name));
        if (!utf8::isValid(name)) {
            if (problems)
                problems->append(Error::spec(SourceLocation{shown, 0, 0},
                                             Tr::tr("the fixture folder name is not UTF-8; rename the folder (fixture names "
                                                    "are part of compose project names and labels)")));
            continue;
        }
        Entry entry;
        entry.name = QString::fromUtf8(name);
        entry.problem = pathProblem(spec, S_IFREG);
        if (!entry.problem.isEmpty() && problems)
            problems->append(Error::spec(SourceLocation{shown + QStringLiteral("/fixture.yml"), 0, 0},
                                         Tr::tr("fixture.yml %1; a fixture is a folder holding a fixture.yml file and a "
                                                "compose file").arg(entry.problem)));
        out << entry;
    }
    ::closedir(d);
    return out;
}

} // namespace

QStringList Workspace::fixtureNames(QList<Error> *problems) const
{
    QStringList names;
    for (const Entry &e : scanFixtures(m_fixturesDir, problems))
        if (e.problem.isEmpty())
            names.append(e.name);
    std::sort(names.begin(), names.end());
    if (problems)
        std::sort(problems->begin(), problems->end(),
                  [](const Error &a, const Error &b) { return a.location.file < b.location.file; });
    return names;
}

QList<Error> Workspace::fixtureProblems() const
{
    QList<Error> problems;
    (void)fixtureNames(&problems);
    return problems;
}

Result<FixtureSpec> Workspace::fixture(const QString &name) const
{
    // The common case first: a folder holding a fixture.yml file, nothing to diagnose.
    if (isValidFixtureName(name)) {
        const QString dir = QDir(m_fixturesDir).filePath(name);
        struct stat st{};
        if (::stat(QFile::encodeName(dir + QStringLiteral("/fixture.yml")).constData(), &st) == 0 && S_ISREG(st.st_mode))
            return FixtureSpec::load(dir);
    }
    if (Status dir = checkFixturesDir(); !dir) {
        Error e = dir.error();
        e.message = Tr::tr("no fixture `%1`: %2").arg(name, e.message);
        return e;
    }
    const QList<Error> problems = fixtureProblems();
    for (const Error &p : problems)
        if (isValidFixtureName(name) && p.location.file == QDir(m_fixturesDir).filePath(name) + QStringLiteral("/fixture.yml"))
            return p; // the fixture asked for is one that cannot be read: say why
    const QStringList names = fixtureNames();
    if (!isValidFixtureName(name) || !names.contains(name)) {
        QString msg = Tr::tr("no fixture `%1` in %2").arg(name, m_fixturesDir);
        if (names.isEmpty() && problems.isEmpty())
            msg += Tr::tr("; there are no fixtures yet: a fixture is a folder holding fixture.yml and a compose file");
        else if (names.isEmpty())
            msg += Tr::tr("; no usable fixtures there");
        else
            msg += Tr::tr("; available fixtures: %1").arg(yaml::quotedList(names));
        QString details;
        for (const Error &p : problems)
            details += (details.isEmpty() ? QString() : QStringLiteral("\n")) + p.toString();
        return Error(Error::Kind::NotFound, msg, details);
    }
    return FixtureSpec::load(QDir(m_fixturesDir).filePath(name));
}

Result<Workspace> Workspace::load(const QString &root)
{
    const QString dir = QDir::cleanPath(QDir(root).absolutePath());
    const QString path = QDir(dir).filePath(kSpecFileName);
    QFile f(path);
    if (!f.exists())
        return Error(Error::Kind::NotFound, Tr::tr("no %1 in %2").arg(kSpecFileName, dir));
    if (!f.open(QIODevice::ReadOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot read %1: %2").arg(path, f.errorString()));
    return parse(f.readAll(), path, dir);
}

Result<Workspace> Workspace::parse(const QByteArray &yamlText, const QString &fileName, const QString &root)
{
    Workspace ws;
    ws.m_root = QDir::cleanPath(QDir(root).absolutePath());
    ws.m_specFile = QDir::cleanPath(QDir(ws.m_root).absoluteFilePath(fileName));
    ws.m_name = QFileInfo(ws.m_root).fileName();
    ws.m_fixturesDir = QDir(ws.m_root).filePath(QStringLiteral("fixtures"));
    const QString &file = fileName;

    Result<YAML::Node> doc = yaml::load(yamlText, file);
    if (!doc)
        return doc.error();
    Value rootValue;
    rootValue.node = *doc;
    const QStringList allowed = {QStringLiteral("name"), QStringLiteral("fixtures"), QStringLiteral("tests")};
    if (!isNull(rootValue) && !rootValue.node.IsMap())
        return yaml::expected(file, rootValue, Tr::tr("a map of settings (%1)").arg(yaml::quotedList(allowed)));
    if (Status s = yaml::checkMap(file, rootValue, allowed); !s)
        return s.error();

    for (const auto &[key, v] : yaml::entries(rootValue)) {
        if (key == QLatin1String("name")) {
            Result<QString> name = yaml::toString(file, v, Tr::tr("a workspace name"));
            if (!name)
                return name.error();
            if (name->trimmed().isEmpty())
                return yaml::expected(file, v, Tr::tr("a workspace name"));
            ws.m_name = name->trimmed();
        } else if (key == QLatin1String("fixtures")) {
            Result<QString> dir = yaml::toString(file, v, Tr::tr("the folder holding the fixtures"));
            if (!dir)
                return dir.error();
            if (dir->trimmed().isEmpty())
                return yaml::expected(file, v, Tr::tr("the folder holding the fixtures"));
            ws.m_fixturesDir = QDir::cleanPath(QDir(ws.m_root).absoluteFilePath(dir->trimmed()));
            ws.m_fixturesWhere = yaml::location(file, v);
        } else {
            if (isNull(v))
                continue;
            if (!v.node.IsSequence())
                return yaml::expected(file, v, Tr::tr("a list of tests (`- name: ...`)"));
            QHash<QString, int> seen;
            for (const Value &item : yaml::items(v)) {
                Result<TestBinarySpec> test = parseTest(file, item, ws.m_root);
                if (!test)
                    return test.error();
                if (seen.contains(test->name))
                    return Error::spec(test->where, Tr::tr("%1: a test named `%2` is already defined at line %3; "
                                                           "test names must be unique")
                                                        .arg(item.path, test->name)
                                                        .arg(seen.value(test->name)));
                seen.insert(test->name, test->where.line);
                ws.m_tests.append(*test);
            }
        }
    }
    return ws;
}

Result<Workspace> Workspace::initialize(const QString &dir, const QString &name)
{
    const QString root = QDir::cleanPath(QDir(dir).absolutePath());
    const QString path = QDir(root).filePath(kSpecFileName);
    if (QFileInfo::exists(path))
        return Error(Error::Kind::Io, Tr::tr("%1 already exists; nothing was changed (it is a workspace already: "
                                             "add fixtures with `fixbench new NAME --template T`)")
                                          .arg(path));
    const QString wsName = name.trimmed().isEmpty() ? QFileInfo(root).fileName() : name.trimmed();
    if (wsName.isEmpty() || wsName.contains(QLatin1Char('\n')) || wsName.contains(QLatin1Char('\r')))
        return Error(Error::Kind::Spec, Tr::tr("`%1` is not a usable workspace name; pass one with --name").arg(wsName));
    if (!QDir().mkpath(root))
        return Error(Error::Kind::Io, Tr::tr("cannot create the folder %1").arg(root));
    const QString fixturesDir = QDir(root).filePath(QStringLiteral("fixtures"));
    if (!QDir().mkpath(fixturesDir))
        return Error(Error::Kind::Io, Tr::tr("cannot create the folder %1").arg(fixturesDir));

    // A YAML double-quoted string: any name survives.
    QString quoted = wsName;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    const QString text = QStringLiteral(
        "# fixbench.yml: this folder is a fixbench workspace (created by `fixbench init`).\n"
        "# fixbench finds it from here and from any folder below (or use `fixbench -w DIR`).\n"
        "#\n"
        "#   fixbench new NAME --template T   add a fixture (`fixbench new --list-templates`)\n"
        "#   fixbench up NAME / down NAME     start / stop it; `fixbench env NAME` shows what tests get\n"
        "#   fixbench run                     run the tests below with their fixtures\n"
        "# Unknown keys are errors, reported as file:line:col.\n"
        "\n"
        "# Shown in the GUI; part of the compose project names of this workspace's stacks.\n"
        "name: \"%1\"\n"
        "\n"
        "# The folder holding one sub-folder per fixture (fixture.yml + compose file), relative\n"
        "# to this file.\n"
        "fixtures: fixtures\n"
        "\n"
        "# Test binaries `fixbench run` and the GUI run, each with the fixtures it needs: they\n"
        "# are brought up first (or attached to) and their environment is passed to the test.\n"
        "tests:\n"
        "#  - name: integration                        # unique name\n"
        "#    path: build/tests/integration_tests      # the gtest binary, relative to this file\n"
        "#    fixtures: [db]                           # folders under fixtures/\n"
        "#    env: {LOG_LEVEL: debug}                  # extra variables for this binary\n")
                             .arg(quoted);
    QFile f(path);
    if (!f.open(QIODevice::NewOnly | QIODevice::WriteOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot create %1: %2").arg(path, f.errorString()));
    const QByteArray data = text.toUtf8();
    if (f.write(data) != data.size() || !f.flush())
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    f.close();
    return load(root);
}

Result<Workspace> Workspace::discover(const QString &startDir)
{
    const QString start = QDir::cleanPath(QDir(startDir).absolutePath());
    QDir dir(start);
    while (true) {
        if (QFileInfo(dir.filePath(kSpecFileName)).isFile())
            return load(dir.absolutePath());
        if (!dir.cdUp())
            break;
    }
    return Error(Error::Kind::NotFound,
                 Tr::tr("no %1 in %2 or any folder above it; run from inside a workspace or create %1")
                     .arg(kSpecFileName, start));
}

} // namespace fixbench
