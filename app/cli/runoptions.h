#pragma once

#include "base/environment.h"
#include "base/error.h"
#include "run/runpipeline.h"
#include "run/runplan.h"
#include "terminalprogress.h"
#include "workspace/workspace.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace fixbench {

// What `fixbench run` and `fixbench debug` read alike, so that debug starts a binary
// exactly as run would.

// --env K=V (repeatable) as overrides; prints a usage error naming `command` and
// returns nothing when one is not NAME=VALUE.
std::optional<Environment> envOverrides(const QCommandLineParser &p, const QString &command);

// The binaries named (names from fixbench.yml `tests:` or paths; every listed test when
// none), each checked to be an executable file, each with --filter's selection (all
// tests without it).
Result<QList<RunPlan::Binary>> planBinaries(const Workspace &workspace, const QStringList &names, const QCommandLineParser &p);

// RunPipeline's fixture steps (up, setup_data, teardown_data, down) rendered on the
// terminal as progress lines, in `progress` (which outlives the pipeline).
RunPipeline::Callbacks terminalSteps(std::optional<TerminalProgress> &progress);

} // namespace fixbench
