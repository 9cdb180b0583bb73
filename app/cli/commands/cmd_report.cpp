// `fixbench report merge`: the JSON reports of several runs (the shards of a CI matrix)
// as one run: a summary line, JUnit and JSON, the exit code of the merged run.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "reportfiles.h"
#include "run/reportmerge.h"
#include "tr.h"

namespace fixbench {

namespace {

int check(CommandContext &ctx)
{
    const QStringList args = ctx.options().positionalArguments();
    if (args.isEmpty() || args.first() != QLatin1String("merge"))
        return ctx.usage(Tr::tr("fixbench report: the only sub-command is `merge FILE...`"));
    if (args.size() < 2)
        return ctx.usage(Tr::tr("fixbench report merge: name the JSON reports to merge (`fixbench run --json FILE`)"));
    return -1;
}

} // namespace

void reportOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("`report merge` merges the JSON reports of several `fixbench run --json` runs, such as the shards of "
                               "`run --shard K/N`, into one run: prints its summary line, writes JUnit and JSON, and exits 1 when a "
                               "merged test failed, crashed or timed out (as `run`). Refuses reports of two workspaces, a test in two "
                               "reports, and an incomplete set of shards."));
    line.addArgument(QStringLiteral("merge"), Tr::tr("The sub-command."), QStringLiteral("merge"));
    line.addArgument(QStringLiteral("FILE"), Tr::tr("JSON reports written by `fixbench run --json`."), QStringLiteral("FILE..."));
    line.addOption({QStringLiteral("junit"), Tr::tr("Write the merged JUnit XML results to FILE."), QStringLiteral("FILE")});
    line.addOption({QStringLiteral("json"), Tr::tr("Write the merged JSON results to FILE."), QStringLiteral("FILE")});
    line.setCheck(check);
}

int cmdReport(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const QStringList files = p.positionalArguments().mid(1);
    auto merged = ReportMerge::mergeFiles(files);
    if (!merged)
        return ctx.fail(merged.error());
    const RunSummary &summary = merged->summary;
    int rc = summary.ok() ? int(ExitOk) : int(ExitFailed);
    rc = std::max(rc, writeReportFiles(ctx, merged->reports, summary,
                                       summary.workspace.isEmpty() ? QStringLiteral("fixbench") : summary.workspace));
    if (summary.binaryErrors)
        err(Tr::tr("%1 test binary(ies) had errors").arg(summary.binaryErrors));
    out(Tr::tr("%1 report(s), %2 binaries").arg(files.size()).arg(summary.binaries));
    out(summary.line());
    return rc;
}

} // namespace fixbench
