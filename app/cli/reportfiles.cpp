#include "reportfiles.h"

#include "commandcontext.h"
#include "exitcode.h"
#include "run/junitwriter.h"
#include "run/testreportjson.h"

namespace fixbench {

int writeReportFiles(CommandContext &ctx, const QList<BinaryReport> &reports, const RunSummary &summary, const QString &junitName)
{
    const QCommandLineParser &p = ctx.options();
    int rc = ExitOk;
    if (p.isSet(QStringLiteral("junit")))
        if (Status s = JUnitWriter::writeFile(reports, p.value(QStringLiteral("junit")), junitName); !s)
            rc = ctx.fail(s.error());
    if (p.isSet(QStringLiteral("json")))
        if (Status s = TestReportJson::writeFile(reports, summary, p.value(QStringLiteral("json"))); !s)
            rc = std::max(rc, ctx.fail(s.error()));
    return rc;
}

} // namespace fixbench
