#pragma once

#include <QList>
#include <QProcessEnvironment>
#include <QString>

namespace fixbench {

// An ordered set of variables name → value, each knowing whether it is secret and
// where it came from. What a fixture yields and what a test run consumes.
class Environment {
public:
    struct Variable {
        QString name;
        QString value;
        bool secret = false;
        QString source; // "port", "fixture:ftp_server", "override", "system", "fixbench"
    };

    // Sets or replaces (keeping its position when replacing).
    void set(const QString &name, const QString &value, bool secret = false, const QString &source = {});
    void set(const Variable &v) { set(v.name, v.value, v.secret, v.source); }
    bool contains(const QString &name) const;
    QString value(const QString &name, const QString &fallback = {}) const;
    const Variable *find(const QString &name) const;
    bool remove(const QString &name);

    const QList<Variable> &variables() const { return m_vars; }
    bool isEmpty() const { return m_vars.isEmpty(); }
    int size() const { return int(m_vars.size()); }

    // `other` wins on conflicts.
    void merge(const Environment &other);

    // base + these variables.
    QProcessEnvironment toProcessEnvironment(
        const QProcessEnvironment &base = QProcessEnvironment::systemEnvironment()) const;

    // Value as shown to a user: "********" for secrets unless revealed.
    static QString displayValue(const Variable &v, bool showSecrets);
    // The values of the secret variables (non-empty), longest first.
    QStringList secretValues() const;
    // `text` with every occurrence of each of `secrets` replaced by "********" (longest
    // first, so a secret containing another is masked whole). What a report shows of a
    // test's output when the environment it ran with had secrets. Values of one or two
    // characters are left: masking every "1" or "ab" would destroy the output, not
    // protect a secret (`fixbench doctor` could say so).
    static QString maskSecrets(QString text, const QStringList &secrets);

    // `export NAME='value'` lines, POSIX-shell quoted. Without showSecrets a secret is not
    // exported at all (a comment says so): eval'ing a mask would set a wrong value.
    QString toShellExports(bool showSecrets) const;
    static QString shellQuote(const QString &s);

private:
    QList<Variable> m_vars;
};

} // namespace fixbench
