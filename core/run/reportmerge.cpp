#include "run/reportmerge.h"

#include "run/testreportjson.h"

#include <QCoreApplication>
#include <QHash>
#include <QMap>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::ReportMerge)
};

// The shards the inputs are: one N, each K once, none missing.
Status checkShards(const QList<ReportMerge::Input> &inputs)
{
    int total = 0;
    QString totalFrom;
    QMap<int, QString> seen; // K → source
    for (const ReportMerge::Input &in : inputs) {
        if (!in.summary.shards)
            continue;
        if (total && in.summary.shards != total)
            return Error(Error::Kind::Other, Tr::tr("%1 is shard %2/%3 but %4 is a shard of %5: merge the shards of one split")
                                                 .arg(in.source).arg(in.summary.shard).arg(in.summary.shards).arg(totalFrom).arg(total));
        total = in.summary.shards;
        totalFrom = in.source;
        if (seen.contains(in.summary.shard))
            return Error(Error::Kind::Other, Tr::tr("shard %1/%2 is given twice: %3 and %4")
                                                 .arg(in.summary.shard).arg(total).arg(seen.value(in.summary.shard), in.source));
        seen.insert(in.summary.shard, in.source);
    }
    QStringList missing;
    for (int k = 1; k <= total; ++k)
        if (!seen.contains(k))
            missing << QStringLiteral("%1/%2").arg(k).arg(total);
    if (!missing.isEmpty())
        return Error(Error::Kind::NotFound, Tr::tr("shard(s) %1 missing: the merge would lack their tests; give every shard's report")
                                                .arg(missing.join(QStringLiteral(", "))));
    return {};
}

void addUnique(QStringList &to, const QStringList &from)
{
    for (const QString &s : from)
        if (!to.contains(s))
            to << s;
}
} // namespace

Result<ReportMerge::Merged> ReportMerge::merge(const QList<Input> &inputs)
{
    Merged m;
    QString workspaceFrom;
    for (const Input &in : inputs) {
        if (in.summary.workspace.isEmpty())
            continue;
        if (!m.summary.workspace.isEmpty() && in.summary.workspace != m.summary.workspace)
            return Error(Error::Kind::Other, Tr::tr("%1 is a run of workspace `%2`, %3 of `%4`: merge runs of one workspace")
                                                 .arg(workspaceFrom, m.summary.workspace, in.source, in.summary.workspace));
        m.summary.workspace = in.summary.workspace;
        workspaceFrom = in.source;
    }
    if (Status s = checkShards(inputs); !s)
        return s.error();

    QHash<QString, qsizetype> byName;     // binary → index in m.reports
    QHash<QString, QString> testFrom;     // binary \n full name \n iteration → source
    qint64 elapsed = 0;
    bool cancelled = false;
    for (const Input &in : inputs) {
        elapsed = std::max(elapsed, in.summary.elapsedMs);
        cancelled = cancelled || in.summary.cancelled;
        for (const BinaryReport &r : in.reports) {
            for (const TestResult &t : r.results) {
                if (t.isOutsideTest())
                    continue;
                const QString key = r.binary + QLatin1Char('\n') + t.fullName() + QLatin1Char('\n') + QString::number(t.iteration);
                if (testFrom.contains(key))
                    return Error(Error::Kind::Other, Tr::tr("test %1 of %2%3 is in both %4 and %5: the reports overlap (the same shard twice, "
                                                            "or runs that are not shards of one split)")
                                                         .arg(t.fullName(), r.binary,
                                                              t.iteration > 1 ? Tr::tr(" (iteration %1)").arg(t.iteration) : QString(),
                                                              testFrom.value(key), in.source));
                testFrom.insert(key, in.source);
            }
            if (!byName.contains(r.binary)) {
                byName.insert(r.binary, m.reports.size());
                BinaryReport first = r;
                first.arguments.clear();
                m.reports << first;
                continue;
            }
            BinaryReport &to = m.reports[byName.value(r.binary)];
            to.results += r.results;
            if (!to.exitCode)
                to.exitCode = r.exitCode;
            if (!to.signal)
                to.signal = r.signal;
            to.timedOut = to.timedOut || r.timedOut;
            to.cancelled = to.cancelled || r.cancelled;
            to.reportMerged = to.reportMerged && r.reportMerged;
            to.expectedTests = to.expectedTests < 0 || r.expectedTests < 0 ? -1 : to.expectedTests + r.expectedTests;
            to.iterations = std::max(to.iterations, r.iterations);
            if (!to.seed)
                to.seed = r.seed;
            to.elapsedMs += r.elapsedMs;
            if (!to.error)
                to.error = r.error;
            addUnique(to.fixtureDeaths, r.fixtureDeaths);
            addUnique(to.warnings, r.warnings);
            if (to.log.isEmpty())
                to.log = r.log;
        }
    }
    const QString workspace = m.summary.workspace;
    m.summary = RunSummary::of(m.reports);
    m.summary.workspace = workspace;
    m.summary.elapsedMs = elapsed;
    m.summary.cancelled = m.summary.cancelled || cancelled;
    return m;
}

Result<ReportMerge::Merged> ReportMerge::mergeFiles(const QStringList &paths)
{
    QList<Input> inputs;
    for (const QString &path : paths) {
        Input in;
        in.source = path;
        auto reports = TestReportJson::readFile(path, &in.summary);
        if (!reports)
            return reports.error();
        in.reports = *reports;
        inputs << in;
    }
    return merge(inputs);
}

} // namespace fixbench
