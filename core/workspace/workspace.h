#pragma once

#include "base/error.h"
#include "workspace/fixturespec.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace fixbench {

// A test binary the workspace knows about, and the fixtures it needs.
//   tests:
//     - name: etl_integration
//       path: build/etl/tests/etl_integration_tests   (relative to the workspace root)
//       fixtures: [ftp_server, weather_api]
//       env: {WEATHER_CITY: Lyon}
struct TestBinarySpec {
    QString name;
    QString path; // absolute
    QStringList fixtures;
    QMap<QString, QString> env;
    SourceLocation where;
};

// fixbench.yml at the workspace root:
//   name: fixbench-example          (optional; default: the folder name)
//   fixtures: fixtures              (optional; default: fixtures)
//   tests: [...]                    (optional)
class Workspace {
public:
    QString root() const { return m_root; }       // absolute folder holding fixbench.yml
    QString specFile() const { return m_specFile; }
    QString name() const { return m_name; }
    QString fixturesDir() const { return m_fixturesDir; } // absolute
    const QList<TestBinarySpec> &tests() const { return m_tests; }

    // A short id valid in compose project names: lower-case name + '_' + 6 hex chars
    // of a hash of the absolute root, so two checkouts of one repo never collide.
    QString id() const;

    // Sub-folders of fixturesDir holding a fixture.yml (a file), sorted; those of
    // fixtureProblems() are left out (and, with `problems`, put there: one scan for both).
    QStringList fixtureNames(QList<Error> *problems = nullptr) const;
    // A fixture by name. An unknown name says which fixtures there are, or what is wrong
    // with the fixtures folder or with the entries that look like fixtures but cannot be.
    Result<FixtureSpec> fixture(const QString &name) const;
    // What is wrong with the fixtures folder itself, naming it: it does not exist
    // (NotFound), is a file, a symbolic link loop or a dangling link, or cannot be read
    // (Spec, at the `fixtures:` key of fixbench.yml when it is set there).
    Status checkFixturesDir() const;
    // Entries of the fixtures folder that look like fixtures but cannot be one, each a
    // Spec error naming its path: a folder holding fixture.yml whose name is not UTF-8
    // (shown with \xNN escapes), a fixture.yml that is a folder, a dangling symbolic
    // link or a link loop. Empty when the folder itself is unusable (checkFixturesDir).
    QList<Error> fixtureProblems() const;

    // Reads <root>/fixbench.yml.
    static Result<Workspace> load(const QString &root);
    static Result<Workspace> parse(const QByteArray &yaml, const QString &fileName, const QString &root);
    // Walks up from startDir to the first folder holding fixbench.yml.
    static Result<Workspace> discover(const QString &startDir);
    // `fixbench init`: creates <dir>/fixbench.yml (commented: the name, `fixtures:
    // fixtures`, an empty tests list) and the folder <dir>/fixtures, then loads it.
    // `name` defaults to the folder's name. An existing fixbench.yml is an error
    // (Error::Kind::Io) and is left untouched.
    static Result<Workspace> initialize(const QString &dir, const QString &name = {});

private:
    QString m_root;
    QString m_specFile;
    QString m_name;
    QString m_fixturesDir;
    SourceLocation m_fixturesWhere; // the `fixtures:` value in fixbench.yml, when set
    QList<TestBinarySpec> m_tests;
};

} // namespace fixbench
