#include "fixbench/testing.h"

#include "fixtureregistry.h"

#include <cstdio>

namespace fixbench::testing {

using detail::Entry;
using detail::FixtureRegistry;

Fixture::Fixture(std::shared_ptr<Entry> entry, bool runDataHooks) : m_entry(std::move(entry)), m_runDataHooks(runDataHooks)
{
    if (m_runDataHooks)
        FixtureRegistry::runHook(*m_entry, QStringLiteral("setup_data"));
}

Fixture::Fixture(Fixture &&other) noexcept : m_entry(std::move(other.m_entry)), m_runDataHooks(other.m_runDataHooks) {}

Fixture &Fixture::operator=(Fixture &&other) noexcept
{
    if (this != &other) {
        Fixture old(std::move(*this));
        m_entry = std::move(other.m_entry);
        m_runDataHooks = other.m_runDataHooks;
    }
    return *this;
}

Fixture::~Fixture()
{
    if (!m_entry || !m_runDataHooks || m_entry->down)
        return;
    try {
        FixtureRegistry::runHook(*m_entry, QStringLiteral("teardown_data"));
    } catch (const FixtureError &e) {
        std::fprintf(stderr, "%s\n", e.what());
    }
}

const std::string &Fixture::name() const { return m_entry->name; }
const std::string &Fixture::instance() const { return m_entry->instance; }
std::string Fixture::workspace() const { return m_entry->workspaceRoot.toStdString(); }
std::string Fixture::project() const { return m_entry->running.project.toStdString(); }
bool Fixture::attached() const { return m_entry->attached; }
bool Fixture::kept() const { return m_entry->keep; }

bool Fixture::has(const std::string &name) const
{
    return m_entry->environment.contains(QString::fromStdString(name));
}

std::string Fixture::env(const char *name) const { return env(std::string(name)); }

std::string Fixture::env(const std::string &name) const
{
    const Environment::Variable *v = m_entry->environment.find(QString::fromStdString(name));
    if (!v) {
        QStringList names;
        for (const Environment::Variable &var : m_entry->environment.variables())
            names << var.name;
        throw FixtureError("fixbench::testing: fixture \"" + m_entry->name + "\" has no variable " + name + "; it has: "
                           + names.join(QStringLiteral(", ")).toStdString());
    }
    return v->value.toStdString();
}

std::string Fixture::env(const std::string &name, const std::string &fallback) const
{
    const Environment::Variable *v = m_entry->environment.find(QString::fromStdString(name));
    return v ? v->value.toStdString() : fallback;
}

QString Fixture::env(const QString &name) const
{
    return QString::fromStdString(env(name.toStdString()));
}

int Fixture::port(const std::string &name) const
{
    const std::string value = env(name);
    bool ok = false;
    const int p = QString::fromStdString(value).toInt(&ok);
    if (!ok || p <= 0 || p > 65535)
        throw FixtureError("fixbench::testing: " + name + "=" + value + " of fixture \"" + m_entry->name + "\" is not a port number");
    return p;
}

std::map<std::string, std::string> Fixture::environment() const
{
    std::map<std::string, std::string> m;
    for (const Environment::Variable &v : m_entry->environment.variables())
        m[v.name.toStdString()] = v.value.toStdString();
    return m;
}

const fixbench::Environment &Fixture::qEnvironment() const { return m_entry->environment; }

void Fixture::runHook(const std::string &event) const
{
    FixtureRegistry::runHook(*m_entry, QString::fromStdString(event));
}

void setWorkspace(const std::string &root) { FixtureRegistry::instance().setWorkspace(root); }

void tearDown() { FixtureRegistry::instance().tearDownStarted(); }

Fixture detailUp(const std::string &name, const UpOptions &options, const char *compiledWorkspace)
{
    return Fixture(FixtureRegistry::instance().acquire(name, options, compiledWorkspace), options.runDataHooks);
}

} // namespace fixbench::testing
