#pragma once

#include "environment.h"
#include "error.h"
#include "fixturespec.h"

#include <QString>

#include <functional>

namespace fixbench {

struct HookResult {
    QString event;
    int exitCode = 0;
    QString output; // stdout and stderr, merged in order
    qint64 elapsedMs = 0;
};

// Runs a fixture hook: in the fixture folder, with the system environment plus the
// fixture's environment plus FIXBENCH_FIXTURE and FIXBENCH_HOOK. A non-zero exit is a
// Hook error naming fixture, event and command and carrying the hook's output; a hook
// past its timeout is killed (Timeout error). A built-in hook (HookSpec::builtin, e.g.
// `ftp-clean`) runs inside this process instead, with the same environment.
class HookRunner {
public:
    using Progress = std::function<void(const QString &line)>;

    static Result<HookResult> run(const FixtureSpec &spec, const HookSpec &hook, const Environment &env,
                                  const Progress &progress = {});
    // Runs spec's hook for `event` when it declares one; OK (with no result) otherwise.
    static Status runIfPresent(const FixtureSpec &spec, const QString &event, const Environment &env,
                               const Progress &progress = {});
    // Resolves hook.command to an executable path ("builtin:NAME" for a built-in hook);
    // errors say why not.
    static Result<QString> resolve(const FixtureSpec &spec, const HookSpec &hook);
};

} // namespace fixbench
