#pragma once

// Internal to fixbench_testing: which fixtures this process asked for, which of them
// it started (and so must take down at exit), one FixtureManager per workspace.

#include "fixbench/testing.h"

#include "environment.h"
#include "fixturemanager.h"
#include "fixturespec.h"

#include <QString>

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace fixbench::testing::detail {

struct Entry {
    std::string name;
    std::string instance;
    QString workspaceRoot;
    FixtureSpec spec;
    RunningFixture running;
    Environment environment;
    bool attached = false; // already up before this process asked
    bool keep = false;
    qint64 ownerPid = 0;   // the process that started it when !attached
    bool down = false;     // taken down by tearDown()
};

class FixtureRegistry {
public:
    // Never destroyed: it must outlive static destructors that might use a fixture.
    static FixtureRegistry &instance();

    // The entry for (workspace, name, instance): attaches or starts on first use.
    // Throws FixtureError.
    std::shared_ptr<Entry> acquire(const std::string &name, const UpOptions &options, const char *compiledWorkspace);
    // Takes down what this process started and does not keep. Safe to call twice.
    void tearDownStarted();
    void setWorkspace(const std::string &root);

    static void runHook(const Entry &entry, const QString &event); // throws FixtureError

private:
    FixtureRegistry() = default;
    QString resolveWorkspace(const UpOptions &options, const char *compiledWorkspace, QString *how);
    void onFirstStart();

    std::mutex m_mutex;
    std::string m_workspaceOverride;
    std::map<QString, std::unique_ptr<FixtureManager>> m_managers;
    std::map<QString, std::shared_ptr<Entry>> m_entries;
    bool m_exitHooked = false;
};

} // namespace fixbench::testing::detail
