#include "run/gtest/gtestjsonreport.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cctype>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::GTestJsonReport)
};
} // namespace

qint64 GTestJsonReport::parseDurationMs(const QString &time)
{
    QString t = time.trimmed();
    if (t.endsWith(QLatin1Char('s')))
        t.chop(1);
    bool ok = false;
    const double seconds = t.toDouble(&ok);
    return ok ? qRound64(seconds * 1000.0) : -1;
}

TestFailure GTestJsonReport::parseFailure(const QString &text)
{
    TestFailure f;
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    const QString first = nl >= 0 ? text.left(nl) : text;
    static const QRegularExpression loc(QStringLiteral("^(.+):(\\d+)$"));
    const QRegularExpressionMatch m = loc.match(first);
    if (m.hasMatch()) {
        f.file = m.captured(1);
        f.line = m.captured(2).toInt();
        f.message = nl >= 0 ? text.mid(nl + 1) : QString();
    } else if (first == QLatin1String("unknown file")) {
        f.message = nl >= 0 ? text.mid(nl + 1) : QString();
    } else {
        f.message = text;
    }
    return f;
}

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// The byte of a "\u00XX" escape at json[i] (XX ≥ 0x80), or -1.
int byteEscapeAt(const QByteArray &json, qsizetype i)
{
    if (i + 6 > json.size() || json[i] != '\\' || json[i + 1] != 'u' || json[i + 2] != '0' || json[i + 3] != '0')
        return -1;
    const int hi = hexValue(json[i + 4]), lo = hexValue(json[i + 5]);
    if (hi < 0 || lo < 0 || hi < 8)
        return -1;
    return hi * 16 + lo;
}

// The length of the valid UTF-8 sequence starting at bytes[k] (2 to 4), or 0.
int utf8SequenceAt(const QByteArray &bytes, qsizetype k)
{
    const auto u = [&](qsizetype i) { return uchar(bytes[i]); };
    const uchar lead = u(k);
    const int n = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
    if (n == 0 || k + n > bytes.size())
        return 0;
    for (int i = 1; i < n; ++i)
        if ((u(k + i) & 0xC0) != 0x80)
            return 0;
    // No overlong forms, surrogates or code points past U+10FFFF.
    if ((lead == 0xE0 && u(k + 1) < 0xA0) || (lead == 0xED && u(k + 1) > 0x9F) || (lead == 0xF0 && u(k + 1) < 0x90)
        || (lead == 0xF4 && u(k + 1) > 0x8F))
        return 0;
    return n;
}

} // namespace

QByteArray GTestJsonReport::repairByteEscapes(const QByteArray &json)
{
    if (!json.contains("\\u00"))
        return json;
    QByteArray out;
    out.reserve(json.size());
    for (qsizetype i = 0; i < json.size();) {
        if (json[i] != '\\') {
            out += json[i++];
            continue;
        }
        // A run of byte escapes: each valid UTF-8 sequence in it goes back to its bytes;
        // a byte that starts none keeps its escape (a lone "\u00e9" is é).
        QByteArray bytes;
        qsizetype j = i;
        for (int b; (b = byteEscapeAt(json, j)) >= 0; j += 6)
            bytes += char(b);
        if (bytes.isEmpty()) {
            out += json.mid(i, 2); // any other escape (\\, \", \n, \u0041): as it is
            i += 2;
            continue;
        }
        for (qsizetype k = 0; k < bytes.size();) {
            if (const int n = utf8SequenceAt(bytes, k); n > 0) {
                out += bytes.mid(k, n);
                k += n;
            } else {
                out += json.mid(i + 6 * k, 6);
                ++k;
            }
        }
        i = j;
    }
    return out;
}

QByteArray GTestJsonReport::repairMissingCommas(const QByteArray &json)
{
    QByteArray out;
    out.reserve(json.size() + 8);
    bool inString = false;
    bool afterValue = false; // the last token outside white space ended a value
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == '"') {
                inString = false;
                afterValue = true;
            }
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            out += c;
            continue;
        }
        // A value starting right after another value: the missing comma.
        if (afterValue && (c == '{' || c == '[' || c == '"'))
            out += ',';
        out += c;
        if (c == '"')
            inString = true;
        afterValue = c == '}' || c == ']' || c == '"' || std::isalnum(uchar(c)) || c == '.' || c == '-' || c == '+';
    }
    return out;
}

Result<GTestJsonReport::Parsed> GTestJsonReport::parse(const QByteArray &rawJson, const QString &binary, int iteration,
                                                       const QString &source)
{
    const QString where = source.isEmpty() ? QStringLiteral("the gtest JSON report") : source;
    const QByteArray json = repairMissingCommas(repairByteEscapes(rawJson));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return Error(Error::Kind::Test, Tr::tr("%1 is not valid JSON: %2 at offset %3").arg(where, pe.errorString()).arg(pe.offset));
    const QJsonObject root = doc.object();
    if (!root.value(QStringLiteral("testsuites")).isArray())
        return Error(Error::Kind::Test, Tr::tr("%1 has no `testsuites` array").arg(where));
    Parsed p;
    if (root.contains(QStringLiteral("random_seed")))
        p.randomSeed = quint32(root.value(QStringLiteral("random_seed")).toInteger());
    const QJsonArray suites = root.value(QStringLiteral("testsuites")).toArray();
    for (const QJsonValue &sv : suites) {
        const QJsonObject so = sv.toObject();
        const QString suite = so.value(QStringLiteral("name")).toString();
        // gtest's name for the failures outside any test (the unit test's ad hoc result).
        const bool outside = suite == QLatin1String("NonTestSuiteFailure");
        const QJsonArray tests = so.value(QStringLiteral("testsuite")).toArray();
        for (const QJsonValue &tv : tests) {
            const QJsonObject to = tv.toObject();
            TestResult r;
            r.binary = binary;
            r.suite = outside ? QString() : suite;
            r.name = outside ? TestResult::outsideTestName() : to.value(QStringLiteral("name")).toString();
            r.typeParam = to.value(QStringLiteral("type_param")).toString();
            r.valueParam = to.value(QStringLiteral("value_param")).toString();
            r.file = to.value(QStringLiteral("file")).toString();
            r.line = to.value(QStringLiteral("line")).toInt();
            r.iteration = iteration;
            r.durationMs = parseDurationMs(to.value(QStringLiteral("time")).toString());
            const QString status = to.value(QStringLiteral("status")).toString();
            const QString result = to.value(QStringLiteral("result")).toString();
            const QJsonArray failures = to.value(QStringLiteral("failures")).toArray();
            for (const QJsonValue &fv : failures)
                r.failures.append(parseFailure(fv.toObject().value(QStringLiteral("failure")).toString()));
            if (status == QLatin1String("NOTRUN") || result == QLatin1String("SUPPRESSED"))
                r.status = TestStatus::Disabled;
            else if (!r.failures.isEmpty())
                r.status = TestStatus::Failed;
            else if (result == QLatin1String("SKIPPED"))
                r.status = TestStatus::Skipped;
            else
                r.status = TestStatus::Passed;
            if (r.status == TestStatus::Skipped && to.contains(QStringLiteral("skipped")))
                r.message = to.value(QStringLiteral("skipped")).toArray().first().toObject().value(QStringLiteral("message")).toString();
            p.results.append(r);
        }
    }
    return p;
}

Result<GTestJsonReport::Parsed> GTestJsonReport::load(const QString &path, const QString &binary, int iteration)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(Error::Kind::NotFound, Tr::tr("no gtest JSON report at %1: %2").arg(path, f.errorString()));
    return parse(f.readAll(), binary, iteration, path);
}

void GTestJsonReport::trimFailureMessages(QList<TestResult> &live, const QList<TestResult> &report)
{
    QHash<QString, const TestResult *> byName;
    for (const TestResult &r : report)
        byName.insert(r.fullName(), &r);
    for (TestResult &l : live) {
        const TestResult *r = byName.value(l.fullName());
        if (!r)
            continue;
        for (TestFailure &f : l.failures) {
            for (const TestFailure &exact : r->failures) {
                const bool sameFile = f.file == exact.file || f.file.endsWith(QLatin1Char('/') + exact.file)
                    || exact.file.endsWith(QLatin1Char('/') + f.file);
                if (sameFile && exact.line == f.line && !exact.message.isEmpty() && f.message.size() > exact.message.size()
                    && f.message.startsWith(exact.message) && f.message.at(exact.message.size()) == QLatin1Char('\n')) {
                    f.message = exact.message;
                    break;
                }
            }
        }
    }
}

void GTestJsonReport::merge(QList<TestResult> &live, const QList<TestResult> &report, int iteration)
{
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < live.size(); ++i)
        if (live.at(i).iteration == iteration)
            index.insert(live.at(i).fullName(), i);
    for (const TestResult &r : report) {
        const auto it = index.constFind(r.fullName());
        if (it == index.constEnd()) {
            TestResult added = r;
            added.iteration = iteration;
            live.append(added);
            continue;
        }
        TestResult &l = live[*it];
        l.file = r.file;
        l.line = r.line;
        if (!r.typeParam.isEmpty())
            l.typeParam = r.typeParam;
        if (!r.valueParam.isEmpty())
            l.valueParam = r.valueParam;
        // Crashes and timeouts are not in a report (there is none then); the report
        // knows best for everything it records.
        if (l.status != TestStatus::Crashed && l.status != TestStatus::TimedOut && l.status != TestStatus::Interrupted) {
            l.status = r.status;
            if (!r.failures.isEmpty() || r.status != TestStatus::Failed)
                l.failures = r.failures;
        }
        if (l.durationMs < 0)
            l.durationMs = r.durationMs;
        if (l.message.isEmpty())
            l.message = r.message;
    }
}

} // namespace fixbench
