#include "base/environment.h"

#include <algorithm>

namespace fixbench {

void Environment::set(const QString &name, const QString &value, bool secret, const QString &source)
{
    for (Variable &v : m_vars) {
        if (v.name == name) {
            v.value = value;
            v.secret = secret;
            v.source = source;
            return;
        }
    }
    m_vars.append(Variable{name, value, secret, source});
}

bool Environment::contains(const QString &name) const
{
    return find(name) != nullptr;
}

QString Environment::value(const QString &name, const QString &fallback) const
{
    const Variable *v = find(name);
    return v ? v->value : fallback;
}

const Environment::Variable *Environment::find(const QString &name) const
{
    for (const Variable &v : m_vars) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

bool Environment::remove(const QString &name)
{
    for (qsizetype i = 0; i < m_vars.size(); ++i) {
        if (m_vars.at(i).name == name) {
            m_vars.removeAt(i);
            return true;
        }
    }
    return false;
}

void Environment::merge(const Environment &other)
{
    for (const Variable &v : other.m_vars)
        set(v);
}

QProcessEnvironment Environment::toProcessEnvironment(const QProcessEnvironment &base) const
{
    QProcessEnvironment env = base;
    for (const Variable &v : m_vars)
        env.insert(v.name, v.value);
    return env;
}

QString Environment::displayValue(const Variable &v, bool showSecrets)
{
    if (v.secret && !showSecrets)
        return QStringLiteral("********");
    return v.value;
}

QStringList Environment::secretValues() const
{
    QStringList values;
    for (const Variable &v : m_vars)
        if (v.secret && !v.value.isEmpty() && !values.contains(v.value))
            values << v.value;
    std::sort(values.begin(), values.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return values;
}

QString Environment::maskSecrets(QString text, const QStringList &secrets)
{
    for (const QString &s : secrets)
        if (s.size() >= 3)
            text.replace(s, QStringLiteral("********"));
    return text;
}

QString Environment::toShellExports(bool showSecrets) const
{
    QString out;
    for (const Variable &v : m_vars) {
        // A masked value must not be exported: a script that evals this would silently
        // get "********" as the password. Say it is left out instead.
        if (v.secret && !showSecrets)
            out += QStringLiteral("# ") + v.name + QStringLiteral(" is secret: not exported (show secrets to include it)\n");
        else
            out += QStringLiteral("export ") + v.name + QLatin1Char('=') + shellQuote(v.value) + QLatin1Char('\n');
    }
    return out;
}

QString Environment::shellQuote(const QString &s)
{
    QString quoted = s;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace fixbench
