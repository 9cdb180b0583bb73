#include "run/gtest/testdiscovery.h"

#include "run/gtest/gtestjsonreport.h"

#include "base/ansi.h"
#include "base/processgroup.h"
#include "base/processrunner.h"
#include "run/gtest/gtestoutputparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <csignal>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::TestDiscovery)
};
} // namespace

namespace {

QString tail(const QString &text, int lines)
{
    QStringList all = text.split(QLatin1Char('\n'));
    while (!all.isEmpty() && all.last().trimmed().isEmpty())
        all.removeLast();
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return all.join(QLatin1Char('\n'));
}

} // namespace

bool TestDiscovery::mayBeGTestBinary(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const qint64 size = f.size();
    if (size <= 0)
        return false;
    uchar *data = f.map(0, size);
    QByteArray copy;
    if (!data) {
        copy = f.readAll();
        data = reinterpret_cast<uchar *>(copy.data());
    }
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (bytes.startsWith("#!"))
        return true;
    // The flag name is a string in every gtest build (static or shared); a binary
    // linking libgtest.so carries gtest's mangled symbols instead.
    return bytes.indexOf("gtest_list_tests") >= 0 || bytes.indexOf("_ZN7testing") >= 0;
}

Result<QList<TestSuiteInfo>> TestDiscovery::parseList(const QString &text)
{
    static const QRegularExpression suiteLine(QStringLiteral("^(\\S+)\\.(?:\\s+# TypeParam = (.*))?$"));
    static const QRegularExpression testLine(QStringLiteral("^  (\\S+)(?:\\s+# GetParam\\(\\) = (.*))?$"));
    QList<TestSuiteInfo> suites;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (QString line : lines) {
        line = ansi::strip(line);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        if (!line.startsWith(QLatin1Char(' '))) {
            const QRegularExpressionMatch m = suiteLine.match(line);
            if (!m.hasMatch()) {
                if (suites.isEmpty())
                    continue; // "Running main() from gtest_main.cc" and other preamble
                return Error(Error::Kind::Test, Tr::tr("unexpected line in the test list: `%1`").arg(line));
            }
            TestSuiteInfo s;
            s.name = m.captured(1);
            s.typeParam = m.captured(2).trimmed();
            suites.append(s);
            continue;
        }
        const QRegularExpressionMatch m = testLine.match(line);
        if (!m.hasMatch() || suites.isEmpty()) {
            if (suites.isEmpty())
                continue;
            return Error(Error::Kind::Test, Tr::tr("unexpected line in the test list: `%1`").arg(line));
        }
        TestSuiteInfo &s = suites.last();
        TestCaseInfo t;
        t.suite = s.name;
        t.name = m.captured(1);
        t.typeParam = s.typeParam;
        t.valueParam = m.captured(2).trimmed();
        t.disabled = TestCaseInfo::isDisabledName(t.suite) || TestCaseInfo::isDisabledName(t.name);
        s.tests.append(t);
    }
    return suites;
}

Result<QList<TestSuiteInfo>> TestDiscovery::parseListJson(const QByteArray &json, const QString &source)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(GTestJsonReport::repairByteEscapes(json), &pe);
    const QString where = source.isEmpty() ? QStringLiteral("the JSON test list") : source;
    if (pe.error != QJsonParseError::NoError)
        return Error(Error::Kind::Test, Tr::tr("%1 is not valid JSON: %2 at offset %3").arg(where, pe.errorString()).arg(pe.offset));
    if (!doc.isObject() || !doc.object().value(QStringLiteral("testsuites")).isArray())
        return Error(Error::Kind::Test, Tr::tr("%1 has no `testsuites` array; is it a GoogleTest list?").arg(where));
    QList<TestSuiteInfo> suites;
    const QJsonArray arr = doc.object().value(QStringLiteral("testsuites")).toArray();
    for (const QJsonValue &sv : arr) {
        const QJsonObject so = sv.toObject();
        TestSuiteInfo s;
        s.name = so.value(QStringLiteral("name")).toString();
        const QJsonArray tests = so.value(QStringLiteral("testsuite")).toArray();
        for (const QJsonValue &tv : tests) {
            const QJsonObject to = tv.toObject();
            TestCaseInfo t;
            t.suite = s.name;
            t.name = to.value(QStringLiteral("name")).toString();
            t.typeParam = to.value(QStringLiteral("type_param")).toString();
            t.valueParam = to.value(QStringLiteral("value_param")).toString();
            t.file = to.value(QStringLiteral("file")).toString();
            t.line = to.value(QStringLiteral("line")).toInt();
            t.disabled = TestCaseInfo::isDisabledName(t.suite) || TestCaseInfo::isDisabledName(t.name);
            if (s.typeParam.isEmpty())
                s.typeParam = t.typeParam;
            s.tests.append(t);
        }
        suites.append(s);
    }
    return suites;
}

Result<DiscoveredBinary> TestDiscovery::discover(const TestCatalog::Request &request)
{
    QElapsedTimer timer;
    timer.start();
    DiscoveredBinary b;
    b.path = request.path;
    b.name = request.name.isEmpty() ? QFileInfo(request.path).fileName() : request.name;
    const QFileInfo fi(request.path);
    if (!fi.exists())
        return Error(Error::Kind::NotFound, Tr::tr("test binary `%1`: %2 does not exist; build it first").arg(b.name, request.path));
    if (!fi.isFile() || !fi.isExecutable())
        return Error(Error::Kind::Io, Tr::tr("test binary `%1`: %2 is not an executable file").arg(b.name, request.path));
    if (!mayBeGTestBinary(request.path))
        return Error(Error::Kind::Test,
                     QStringLiteral("test binary `%1`: %2 is not a GoogleTest binary (it does not know --gtest_list_tests); "
                                    "link it with GTest::gtest_main or call testing::InitGoogleTest")
                         .arg(b.name, request.path));

    QTemporaryDir tmp;
    if (!tmp.isValid())
        return Error(Error::Kind::Io, Tr::tr("cannot create a temporary folder: %1").arg(tmp.errorString()));
    const QString jsonPath = tmp.filePath(QStringLiteral("list.json"));

    ProcessSpec spec;
    spec.program = request.path;
    spec.arguments = {QStringLiteral("--gtest_list_tests"), QStringLiteral("--gtest_output=json:") + jsonPath};
    if (!request.filter.isEmpty())
        spec.arguments << QStringLiteral("--gtest_filter=") + request.filter;
    spec.environment = request.environment;
    for (const QString &k : spec.environment.keys())
        if (k.startsWith(QLatin1String("GTEST_")))
            spec.environment.remove(k); // a stray GTEST_FILTER would hide tests, GTEST_OUTPUT redirect the list
    spec.workingDirectory = request.workingDirectory.isEmpty() ? fi.absolutePath() : request.workingDirectory;
    spec.mergeChannels = false;
    spec.timeoutMs = request.timeoutMs > 0 ? std::max(1, request.timeoutMs - int(timer.elapsed())) : 0;
    spec.graceMs = 0;
    const ProcessResult r = ProcessRunner::run(spec);
    if (!r.started)
        return Error(Error::Kind::Io, Tr::tr("test binary `%1`: cannot start %2: %3").arg(b.name, request.path, r.startError));
    b.elapsedMs = timer.elapsed();
    const QString text = QString::fromUtf8(r.output);
    const QString details = tail(ansi::strip(QString(text + QString::fromUtf8(r.errorOutput))), 30);

    if (r.timedOut)
        return Error(Error::Kind::Timeout,
                     QStringLiteral("test binary `%1` did not finish listing its tests within %2 s; it was killed")
                         .arg(b.name).arg(request.timeoutMs / 1000.0),
                     details);
    if (r.crashed)
        return Error(Error::Kind::Test,
                     QStringLiteral("test binary `%1` crashed while listing its tests (%2)")
                         .arg(b.name, ProcessGroup::describeSignal(r.signal)),
                     details);
    if (r.exitCode != 0)
        return Error(Error::Kind::Test,
                     QStringLiteral("test binary `%1` exited with code %2 while listing its tests").arg(b.name).arg(r.exitCode),
                     details);

    QFile json(jsonPath);
    if (json.open(QIODevice::ReadOnly)) {
        auto suites = parseListJson(json.readAll(), jsonPath);
        if (!suites)
            return suites.error();
        b.suites = *suites;
        // gtest's JSON list ignores --gtest_filter (its text list does not): keep the
        // tests the text lists.
        if (!request.filter.isEmpty()) {
            auto listed = parseList(text);
            if (!listed)
                return Error(Error::Kind::Test,
                             QStringLiteral("test binary `%1`: --gtest_list_tests printed something that is not a test list (%2)")
                                 .arg(b.name, listed.error().message),
                             details);
            QSet<QString> names;
            for (const TestSuiteInfo &s : std::as_const(*listed))
                for (const TestCaseInfo &t : s.tests)
                    names.insert(t.fullName());
            QList<TestSuiteInfo> kept;
            for (TestSuiteInfo s : std::as_const(b.suites)) {
                s.tests.removeIf([&](const TestCaseInfo &t) { return !names.contains(t.fullName()); });
                if (!s.tests.isEmpty())
                    kept << s;
            }
            b.suites = kept;
        }
    } else {
        auto suites = parseList(text);
        if (!suites)
            return Error(Error::Kind::Test,
                         QStringLiteral("test binary `%1`: --gtest_list_tests printed something that is not a test list (%2)")
                             .arg(b.name, suites.error().message),
                         details);
        b.suites = *suites;
        if (b.suites.isEmpty() && !text.trimmed().isEmpty() && !text.contains(QLatin1String("Running main() from")))
            return Error(Error::Kind::Test,
                         QStringLiteral("test binary `%1` does not look like a GoogleTest binary: --gtest_list_tests printed no test list").arg(b.name),
                         details);
    }
    return b;
}

} // namespace fixbench
