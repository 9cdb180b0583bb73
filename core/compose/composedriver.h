#pragma once

#include "compose/composetool.h"
#include "base/error.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace fixbench {

// One compose project: which files, which name, which interpolation environment.
struct ComposeProject {
    QString name;           // see composeProjectName()
    QStringList files;      // -f arguments, in order (compose file, then fixbench's override)
    QString workingDir;     // project directory (the fixture folder)
    QProcessEnvironment environment; // compose's environment: interpolation variables
};

// Runs the compose CLI for one project. Synchronous; stderr/stdout lines go to the
// progress callback as they come, and a failure carries compose's output.
class ComposeDriver {
public:
    using Progress = std::function<void(const QString &line)>;

    ComposeDriver(ComposeTool tool, ComposeProject project);

    const ComposeTool &tool() const { return m_tool; }
    const ComposeProject &project() const { return m_project; }

    // `up -d` (with `--build` when build is true: images are rebuilt from cached layers
    // so a changed Dockerfile never leaves an old image running).
    Status up(bool build, const Progress &progress = {}, const std::atomic_bool *cancel = nullptr);
    // `down -v --remove-orphans -t N`: containers, networks, anonymous and the
    // project's own volumes.
    Status down(int timeoutSec, const Progress &progress = {});

    // The full command line for args (for messages and tests).
    QStringList commandLine(const QStringList &args) const;

    // The host port compose (or the engine through it) says is taken in `output`:
    // "Bind for 0.0.0.0:2121 failed: port is already allocated", "listen tcp4
    // 0.0.0.0:2121: bind: address already in use"; 0 when it says no such thing.
    static int portInUse(const QString &output);

    // Runs compose with args; Compose error with its output on failure (a Port error
    // when the failure is a host port in use: portInUse()).
    Status run(const QStringList &args, const QString &what, int timeoutMs, const Progress &progress,
               const std::atomic_bool *cancel = nullptr);

private:
    ComposeTool m_tool;
    ComposeProject m_project;
};

} // namespace fixbench
