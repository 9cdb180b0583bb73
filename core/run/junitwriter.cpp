#include "run/junitwriter.h"

#include "base/ansi.h"
#include "run/gtest/gtestoutputparser.h"

#include <QCoreApplication>
#include <QBuffer>
#include <QDateTime>
#include <QMap>
#include <QSaveFile>
#include <QXmlStreamWriter>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::JUnitWriter)
};
} // namespace

namespace {

QString seconds(qint64 ms)
{
    return ms < 0 ? QStringLiteral("0") : QString::number(double(ms) / 1000.0, 'f', 3);
}

struct SuiteGroup {
    QString name;
    QList<const TestResult *> tests;
    bool binary = false; // the binary's own error
};

QString firstLine(const QString &s)
{
    const qsizetype nl = s.indexOf(QLatin1Char('\n'));
    return nl >= 0 ? s.left(nl) : s;
}

} // namespace

QString JUnitWriter::xmlSafe(const QString &text)
{
    const QString stripped = ansi::strip(text);
    QString out;
    out.reserve(stripped.size());
    for (qsizetype i = 0; i < stripped.size(); ++i) {
        const QChar c = stripped.at(i);
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < stripped.size() && stripped.at(i + 1).isLowSurrogate()) {
            out += c;
            out += stripped.at(++i);
            continue;
        }
        if (c.isSurrogate())
            continue;
        if (u == 0x9 || u == 0xA || u == 0xD || (u >= 0x20 && u <= 0xD7FF) || (u >= 0xE000 && u <= 0xFFFD))
            out += c;
    }
    return out;
}

Status JUnitWriter::write(const QList<BinaryReport> &reports, QIODevice *device, const QString &name)
{
    QXmlStreamWriter w(device);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(2);
    w.writeStartDocument();

    // Counted over the testcases written (a test that did not run but cannot be named
    // has none).
    RunSummary total;
    qint64 totalMs = 0;
    int testcases = 0;
    for (const BinaryReport &r : reports) {
        for (const TestResult &t : r.results)
            if (t.status != TestStatus::Running) {
                total.add(t);
                ++testcases;
            }
        if (r.error) {
            ++total.binaryErrors;
            ++testcases;
        }
        totalMs += r.elapsedMs;
    }
    const int errors = total.crashed + total.timedOut + total.interrupted + total.binaryErrors;
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeAttribute(QStringLiteral("name"), xmlSafe(name));
    w.writeAttribute(QStringLiteral("tests"), QString::number(testcases));
    w.writeAttribute(QStringLiteral("failures"), QString::number(total.failed));
    w.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    w.writeAttribute(QStringLiteral("skipped"), QString::number(total.skipped + total.disabled + total.notRun));
    w.writeAttribute(QStringLiteral("time"), seconds(totalMs));
    w.writeAttribute(QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));

    for (const BinaryReport &report : reports) {
        // Group by suite, keeping the order suites first appeared in.
        QList<SuiteGroup> groups;
        QMap<QString, qsizetype> index;
        for (const TestResult &t : report.results) {
            if (t.status == TestStatus::Running)
                continue;
            auto it = index.find(t.suite);
            if (it == index.end()) {
                it = index.insert(t.suite, groups.size());
                groups.append(SuiteGroup{t.suite, {}});
            }
            groups[*it].tests.append(&t);
        }
        if (report.error)
            groups.append(SuiteGroup{QString(), {}, true});
        bool warned = false;
        for (const SuiteGroup &g : std::as_const(groups)) {
            // Failures outside any test (suite "") go under the binary's name.
            const QString className = g.name.isEmpty() ? report.binary : report.binary + QLatin1Char('.') + g.name;
            RunSummary s;
            qint64 ms = 0;
            for (const TestResult *t : g.tests) {
                s.add(*t);
                ms += std::max<qint64>(0, t->durationMs);
            }
            const bool binaryGroup = g.binary;
            w.writeStartElement(QStringLiteral("testsuite"));
            w.writeAttribute(QStringLiteral("name"), xmlSafe(className));
            w.writeAttribute(QStringLiteral("tests"), QString::number(binaryGroup ? 1 : g.tests.size()));
            w.writeAttribute(QStringLiteral("failures"), QString::number(s.failed));
            w.writeAttribute(QStringLiteral("errors"), QString::number(binaryGroup ? 1 : s.crashed + s.timedOut + s.interrupted));
            w.writeAttribute(QStringLiteral("skipped"), QString::number(s.skipped + s.disabled + s.notRun));
            w.writeAttribute(QStringLiteral("time"), seconds(binaryGroup ? report.elapsedMs : ms));
            // The binary's warnings (e.g. its gtest report could not be used): on its first suite.
            if (!warned && !report.warnings.isEmpty()) {
                warned = true;
                w.writeStartElement(QStringLiteral("system-err"));
                w.writeCharacters(xmlSafe(report.warnings.join(QLatin1Char('\n'))));
                w.writeEndElement();
            }
            if (binaryGroup) {
                w.writeStartElement(QStringLiteral("testcase"));
                w.writeAttribute(QStringLiteral("name"), QStringLiteral("(binary)"));
                w.writeAttribute(QStringLiteral("classname"), xmlSafe(className));
                w.writeAttribute(QStringLiteral("time"), seconds(report.elapsedMs));
                w.writeStartElement(QStringLiteral("error"));
                w.writeAttribute(QStringLiteral("message"), xmlSafe(report.error->message));
                w.writeAttribute(QStringLiteral("type"), QStringLiteral("binary"));
                w.writeCharacters(xmlSafe(report.error->toString()));
                w.writeEndElement();
                if (!report.log.isEmpty()) {
                    w.writeStartElement(QStringLiteral("system-out"));
                    w.writeCDATA(xmlSafe(report.log));
                    w.writeEndElement();
                }
                w.writeEndElement(); // testcase
                if (!report.fixtureDeaths.isEmpty()) {
                    w.writeStartElement(QStringLiteral("system-err"));
                    w.writeCharacters(xmlSafe(report.fixtureDeaths.join(QLatin1Char('\n'))));
                    w.writeEndElement();
                }
                w.writeEndElement(); // testsuite
                continue;
            }
            for (const TestResult *t : g.tests) {
                w.writeStartElement(QStringLiteral("testcase"));
                QString testName = t->name;
                if (t->iteration > 1)
                    testName += QStringLiteral(" (iteration %1)").arg(t->iteration);
                w.writeAttribute(QStringLiteral("name"), xmlSafe(testName));
                w.writeAttribute(QStringLiteral("classname"), xmlSafe(className));
                if (!t->file.isEmpty()) {
                    w.writeAttribute(QStringLiteral("file"), xmlSafe(t->file));
                    if (t->line > 0)
                        w.writeAttribute(QStringLiteral("line"), QString::number(t->line));
                }
                w.writeAttribute(QStringLiteral("time"), seconds(t->durationMs));
                switch (t->status) {
                case TestStatus::Failed: {
                    QStringList parts;
                    for (const TestFailure &f : t->failures)
                        parts << (f.location().isEmpty() ? f.message : f.location() + QLatin1Char('\n') + f.message);
                    const QString first = t->failures.isEmpty() ? QStringLiteral("failed")
                                                                : firstLine(t->failures.first().message.isEmpty()
                                                                                ? t->failures.first().location()
                                                                                : t->failures.first().message);
                    w.writeStartElement(QStringLiteral("failure"));
                    w.writeAttribute(QStringLiteral("message"), xmlSafe(first));
                    w.writeAttribute(QStringLiteral("type"), QStringLiteral("failure"));
                    w.writeCharacters(xmlSafe(parts.join(QStringLiteral("\n\n"))));
                    w.writeEndElement();
                    break;
                }
                case TestStatus::Crashed:
                case TestStatus::TimedOut:
                case TestStatus::Interrupted: {
                    const QString type = t->status == TestStatus::Crashed ? QStringLiteral("crash")
                        : t->status == TestStatus::TimedOut               ? QStringLiteral("timeout")
                                                                          : QStringLiteral("interrupted");
                    w.writeStartElement(QStringLiteral("error"));
                    w.writeAttribute(QStringLiteral("message"), xmlSafe(t->message.isEmpty() ? testStatusName(t->status) : t->message));
                    w.writeAttribute(QStringLiteral("type"), type);
                    QStringList parts{t->message};
                    for (const TestFailure &f : t->failures)
                        parts << f.location() + QLatin1Char('\n') + f.message;
                    w.writeCharacters(xmlSafe(parts.join(QStringLiteral("\n\n"))));
                    w.writeEndElement();
                    break;
                }
                case TestStatus::Skipped:
                case TestStatus::Disabled:
                case TestStatus::NotRun:
                    w.writeStartElement(QStringLiteral("skipped"));
                    w.writeAttribute(QStringLiteral("message"),
                                     xmlSafe(t->status == TestStatus::Disabled ? QStringLiteral("disabled")
                                                 : t->status == TestStatus::NotRun && t->message.isEmpty() ? QStringLiteral("not run")
                                                                                                         : t->message));
                    w.writeEndElement();
                    break;
                case TestStatus::Passed:
                case TestStatus::Running:
                    break;
                }
                if (!t->output.isEmpty()) {
                    w.writeStartElement(QStringLiteral("system-out"));
                    w.writeCDATA(xmlSafe(t->output));
                    w.writeEndElement();
                }
                if (!t->fixtureLog.isEmpty()) { // the server's side of the failure
                    w.writeStartElement(QStringLiteral("system-err"));
                    w.writeCDATA(xmlSafe(t->fixtureLog));
                    w.writeEndElement();
                }
                w.writeEndElement(); // testcase
            }
            if (!report.fixtureDeaths.isEmpty()) { // a fixture it needs died: said beside its results
                w.writeStartElement(QStringLiteral("system-err"));
                w.writeCharacters(xmlSafe(report.fixtureDeaths.join(QLatin1Char('\n'))));
                w.writeEndElement();
            }
            w.writeEndElement(); // testsuite
        }
    }
    w.writeEndElement(); // testsuites
    w.writeEndDocument();
    if (w.hasError())
        return Error(Error::Kind::Io, Tr::tr("cannot write the JUnit report: %1").arg(device->errorString()));
    return {};
}

QByteArray JUnitWriter::toXml(const QList<BinaryReport> &reports, const QString &name)
{
    QByteArray xml;
    QBuffer buffer(&xml);
    buffer.open(QIODevice::WriteOnly);
    (void)write(reports, &buffer, name);
    return xml;
}

Status JUnitWriter::writeFile(const QList<BinaryReport> &reports, const QString &path, const QString &name)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    if (Status s = write(reports, &f, name); !s)
        return s;
    if (!f.commit())
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

} // namespace fixbench
