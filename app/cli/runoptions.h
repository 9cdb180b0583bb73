#pragma once

#include "base/environment.h"
#include "commandcontext.h"
#include "commandline.h"
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

// --keep, --env K=V, --fixture NAME, --instance: the plan's fixture options, described alike.
void addPlanOptions(CommandLine &line);
// The plan of `binaries` with those options (extra fixtures, instance, overrides, keep).
RunPlan planFromOptions(const QCommandLineParser &p, const QList<RunPlan::Binary> &binaries, const Environment &overrides);
// Phases 1 and 2 (RunPipeline::bringUp, setupData): -1 to go on, else the exit code
// (what was brought up is released; 130 when interrupted).
int prepareFixtures(CommandContext &ctx, RunPipeline &pipeline);

// RunPipeline's fixture steps (up, setup_data, teardown_data, down) rendered on the
// terminal as progress lines, in `progress` (which outlives the pipeline).
RunPipeline::Callbacks terminalSteps(std::optional<TerminalProgress> &progress);

} // namespace fixbench
