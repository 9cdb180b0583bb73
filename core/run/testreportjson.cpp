#include "run/testreportjson.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::TestReportJson)
};
} // namespace

QJsonObject TestReportJson::toJson(const TestResult &t)
{
    QJsonArray failures;
    for (const TestFailure &f : t.failures)
        failures.append(QJsonObject{{QStringLiteral("file"), f.file}, {QStringLiteral("line"), f.line}, {QStringLiteral("message"), f.message}});
    return QJsonObject{
        {QStringLiteral("binary"), t.binary},
        {QStringLiteral("suite"), t.suite},
        {QStringLiteral("name"), t.name},
        {QStringLiteral("full_name"), t.fullName()},
        {QStringLiteral("status"), testStatusName(t.status)},
        {QStringLiteral("duration_ms"), t.durationMs},
        {QStringLiteral("iteration"), t.iteration},
        {QStringLiteral("file"), t.file},
        {QStringLiteral("line"), t.line},
        {QStringLiteral("type_param"), t.typeParam},
        {QStringLiteral("value_param"), t.valueParam},
        {QStringLiteral("message"), t.message},
        {QStringLiteral("output"), t.output},
        {QStringLiteral("failures"), failures},
        {QStringLiteral("start_ms"), t.startMs},
        {QStringLiteral("end_ms"), t.endMs},
        {QStringLiteral("fixture_log"), t.fixtureLog},
    };
}

QJsonObject TestReportJson::toJson(const QList<BinaryReport> &reports, const RunSummary &s)
{
    QJsonArray binaries;
    for (const BinaryReport &r : reports) {
        QJsonArray tests;
        for (const TestResult &t : r.results)
            tests.append(toJson(t));
        QJsonValue error = QJsonValue::Null;
        if (r.error)
            error = QJsonObject{{QStringLiteral("kind"), QString::fromLatin1(Error::kindName(r.error->kind))},
                                {QStringLiteral("message"), r.error->message},
                                {QStringLiteral("details"), r.error->details}};
        binaries.append(QJsonObject{
            {QStringLiteral("name"), r.binary},
            {QStringLiteral("path"), r.path},
            {QStringLiteral("arguments"), QJsonArray::fromStringList(r.arguments)},
            {QStringLiteral("exit_code"), r.exitCode},
            {QStringLiteral("signal"), r.signal},
            {QStringLiteral("timed_out"), r.timedOut},
            {QStringLiteral("cancelled"), r.cancelled},
            {QStringLiteral("report_merged"), r.reportMerged},
            {QStringLiteral("expected_tests"), r.expectedTests},
            {QStringLiteral("iterations"), r.iterations},
            {QStringLiteral("seed"), r.seed ? QJsonValue(qint64(*r.seed)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("elapsed_ms"), r.elapsedMs},
            {QStringLiteral("error"), error},
            {QStringLiteral("fixture_deaths"), QJsonArray::fromStringList(r.fixtureDeaths)},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings)},
            {QStringLiteral("tests"), tests},
        });
    }
    const QJsonObject summary{
        {QStringLiteral("passed"), s.passed},
        {QStringLiteral("failed"), s.failed},
        {QStringLiteral("skipped"), s.skipped},
        {QStringLiteral("crashed"), s.crashed},
        {QStringLiteral("timed_out"), s.timedOut},
        {QStringLiteral("interrupted"), s.interrupted},
        {QStringLiteral("disabled"), s.disabled},
        {QStringLiteral("not_run"), s.notRun},
        {QStringLiteral("binaries"), s.binaries},
        {QStringLiteral("binary_errors"), s.binaryErrors},
        {QStringLiteral("ok"), s.ok()},
        {QStringLiteral("line"), s.line()},
        {QStringLiteral("elapsed_ms"), s.elapsedMs},
        {QStringLiteral("workspace"), s.workspace},
        {QStringLiteral("shard"), s.shards ? QJsonValue(QJsonObject{{QStringLiteral("index"), s.shard}, {QStringLiteral("total"), s.shards}})
                                           : QJsonValue(QJsonValue::Null)},
    };
    return QJsonObject{{QStringLiteral("summary"), summary}, {QStringLiteral("binaries"), binaries}};
}

QByteArray TestReportJson::toBytes(const QList<BinaryReport> &reports, const RunSummary &summary)
{
    return QJsonDocument(toJson(reports, summary)).toJson(QJsonDocument::Indented);
}

Status TestReportJson::writeFile(const QList<BinaryReport> &reports, const RunSummary &summary, const QString &path)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    f.write(toBytes(reports, summary));
    if (!f.commit())
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

Status TestReportJson::writeCacheFile(const QList<BinaryReport> &reports, const RunSummary &summary, const QString &path)
{
    const QString tmp = path + QStringLiteral(".tmp-") + QString::number(QCoreApplication::applicationPid());
    QFile f(tmp);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    const QByteArray bytes = toBytes(reports, summary);
    const bool written = f.write(bytes) == bytes.size() && f.flush();
    const QString why = f.errorString();
    f.close();
    if (!written || ::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path).constData()) != 0) {
        const QString reason = written ? QString::fromLocal8Bit(std::strerror(errno)) : why;
        QFile::remove(tmp);
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, reason));
    }
    return {};
}

Result<QList<BinaryReport>> TestReportJson::fromJson(const QByteArray &json, const QString &source, RunSummary *summary)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    const QString where = source.isEmpty() ? QStringLiteral("the results") : source;
    if (pe.error != QJsonParseError::NoError)
        return Error(Error::Kind::Io, Tr::tr("%1 is not valid JSON: %2").arg(where, pe.errorString()));
    if (!doc.object().value(QStringLiteral("binaries")).isArray())
        return Error(Error::Kind::Io, Tr::tr("%1 has no `binaries` array; is it a fixbench results file?").arg(where));
    QList<BinaryReport> reports;
    const QJsonArray binaries = doc.object().value(QStringLiteral("binaries")).toArray();
    for (const QJsonValue &bv : binaries) {
        const QJsonObject b = bv.toObject();
        BinaryReport r;
        r.binary = b.value(QStringLiteral("name")).toString();
        r.path = b.value(QStringLiteral("path")).toString();
        for (const QJsonValue &a : b.value(QStringLiteral("arguments")).toArray())
            r.arguments << a.toString();
        r.exitCode = b.value(QStringLiteral("exit_code")).toInt();
        r.signal = b.value(QStringLiteral("signal")).toInt();
        r.timedOut = b.value(QStringLiteral("timed_out")).toBool();
        r.cancelled = b.value(QStringLiteral("cancelled")).toBool();
        r.reportMerged = b.value(QStringLiteral("report_merged")).toBool();
        r.expectedTests = b.value(QStringLiteral("expected_tests")).toInt(-1);
        r.iterations = b.value(QStringLiteral("iterations")).toInt(1);
        if (b.value(QStringLiteral("seed")).isDouble())
            r.seed = quint32(b.value(QStringLiteral("seed")).toInteger());
        r.elapsedMs = b.value(QStringLiteral("elapsed_ms")).toInteger();
        if (b.value(QStringLiteral("error")).isObject()) {
            const QJsonObject e = b.value(QStringLiteral("error")).toObject();
            r.error = Error(Error::Kind::Test, e.value(QStringLiteral("message")).toString(), e.value(QStringLiteral("details")).toString());
        }
        for (const QJsonValue &d : b.value(QStringLiteral("fixture_deaths")).toArray())
            r.fixtureDeaths << d.toString();
        for (const QJsonValue &w : b.value(QStringLiteral("warnings")).toArray())
            r.warnings << w.toString();
        for (const QJsonValue &tv : b.value(QStringLiteral("tests")).toArray()) {
            const QJsonObject o = tv.toObject();
            TestResult t;
            t.binary = o.value(QStringLiteral("binary")).toString(r.binary);
            t.suite = o.value(QStringLiteral("suite")).toString();
            t.name = o.value(QStringLiteral("name")).toString();
            t.status = testStatusFromName(o.value(QStringLiteral("status")).toString());
            t.durationMs = o.value(QStringLiteral("duration_ms")).toInteger(-1);
            t.iteration = o.value(QStringLiteral("iteration")).toInt(1);
            t.file = o.value(QStringLiteral("file")).toString();
            t.line = o.value(QStringLiteral("line")).toInt();
            t.typeParam = o.value(QStringLiteral("type_param")).toString();
            t.valueParam = o.value(QStringLiteral("value_param")).toString();
            t.message = o.value(QStringLiteral("message")).toString();
            t.output = o.value(QStringLiteral("output")).toString();
            t.startMs = o.value(QStringLiteral("start_ms")).toInteger(-1);
            t.endMs = o.value(QStringLiteral("end_ms")).toInteger(-1);
            t.fixtureLog = o.value(QStringLiteral("fixture_log")).toString();
            for (const QJsonValue &fv : o.value(QStringLiteral("failures")).toArray()) {
                const QJsonObject f = fv.toObject();
                t.failures.append(TestFailure{f.value(QStringLiteral("file")).toString(), f.value(QStringLiteral("line")).toInt(),
                                              f.value(QStringLiteral("message")).toString()});
            }
            r.results.append(t);
        }
        reports.append(r);
    }
    if (summary) {
        // The counts are the reports' own (RunSummary::of); what only the summary holds:
        *summary = RunSummary::of(reports);
        const QJsonObject o = doc.object().value(QStringLiteral("summary")).toObject();
        summary->elapsedMs = o.value(QStringLiteral("elapsed_ms")).toInteger();
        summary->workspace = o.value(QStringLiteral("workspace")).toString();
        const QJsonObject shard = o.value(QStringLiteral("shard")).toObject();
        summary->shard = shard.value(QStringLiteral("index")).toInt();
        summary->shards = shard.value(QStringLiteral("total")).toInt();
    }
    return reports;
}

Result<QList<BinaryReport>> TestReportJson::readFile(const QString &path, RunSummary *summary)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(Error::Kind::NotFound, Tr::tr("cannot read %1: %2").arg(path, f.errorString()));
    return fromJson(f.readAll(), path, summary);
}

} // namespace fixbench
