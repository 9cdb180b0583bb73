#include "run/gtest/gtestoutputparser.h"

#include "base/ansi.h"
#include "base/environment.h"

#include <QDateTime>
#include <QRegularExpression>

namespace fixbench {

namespace {

const QString kRun = QStringLiteral("[ RUN      ] ");
const QString kOk = QStringLiteral("[       OK ] ");
const QString kFailed = QStringLiteral("[  FAILED  ] ");
const QString kSkipped = QStringLiteral("[  SKIPPED ] ");
const QString kDisabled = QStringLiteral("[ DISABLED ] ");
const QString kSeparator = QStringLiteral("[----------] ");
const QString kBanner = QStringLiteral("[==========] ");

// "TYPE = X" parts of ", where TypeParam = int and GetParam() = 3".
void parseWhere(const QString &where, QString *typeParam, QString *valueParam)
{
    static const QString tp = QStringLiteral("TypeParam = ");
    static const QString gp = QStringLiteral("GetParam() = ");
    const qsizetype g = where.indexOf(gp);
    if (where.startsWith(tp)) {
        const qsizetype end = g > 0 ? where.lastIndexOf(QStringLiteral(" and "), g) : -1;
        *typeParam = where.mid(tp.size(), end > 0 ? end - tp.size() : -1);
    }
    if (g >= 0)
        *valueParam = where.mid(g + gp.size());
}

} // namespace

GTestOutputParser::GTestOutputParser(QString binary)
    : m_binary(std::move(binary)), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

QList<TestResult> GTestOutputParser::feed(QByteArrayView chunk)
{
    QList<TestResult> changes;
    m_pending.append(chunk.data(), chunk.size());
    qsizetype start = 0;
    while (true) {
        const qsizetype nl = m_pending.indexOf('\n', start);
        if (nl < 0)
            break;
        qsizetype end = nl;
        if (end > start && m_pending.at(end - 1) == '\r')
            --end;
        handleLine(ansi::strip(QString::fromUtf8(m_pending.constData() + start, end - start)), changes);
        start = nl + 1;
    }
    m_pending.remove(0, start);
    return changes;
}

QList<TestResult> GTestOutputParser::finish()
{
    QList<TestResult> changes;
    if (!m_pending.isEmpty()) {
        QByteArray last = m_pending;
        m_pending.clear();
        if (last.endsWith('\r'))
            last.chop(1);
        handleLine(ansi::strip(QString::fromUtf8(last)), changes);
    }
    finishOutside(changes);
    return changes;
}

std::optional<TestResult> GTestOutputParser::abortCurrent(TestStatus status, const QString &message)
{
    if (!m_current)
        return std::nullopt;
    TestResult r = std::move(*m_current);
    m_current.reset();
    m_block = Block::None;
    // Its end line was printed, but gtest never went on: printed by the test itself, or
    // the end came in its tear-down.
    r.message = m_currentEnded ? message + QStringLiteral(" (after `%1 %2` was printed, before gtest went on)")
                                               .arg((r.status == TestStatus::Passed ? kOk : r.status == TestStatus::Failed ? kFailed : kSkipped).trimmed(), r.fullName())
                               : message;
    m_currentEnded = false;
    r.status = status;
    if (r.endMs < 0)
        r.endMs = m_clock();
    m_results.append(r);
    return r;
}

QStringList GTestOutputParser::takeLines()
{
    QStringList lines;
    lines.swap(m_lines);
    return lines;
}

QString GTestOutputParser::log() const
{
    return m_logTruncated ? QStringLiteral("[... output truncated ...]\n") + m_log : m_log;
}

QString GTestOutputParser::shown(const QString &text) const
{
    return m_secrets.isEmpty() ? text : Environment::maskSecrets(text, m_secrets);
}

void GTestOutputParser::appendLog(const QString &rawLine)
{
    const QString line = shown(rawLine);
    m_lines.append(line);
    m_log += line;
    m_log += QLatin1Char('\n');
    if (m_log.size() > maxLogChars) {
        m_log.remove(0, m_log.size() - maxLogChars / 2);
        m_logTruncated = true;
    }
}

void GTestOutputParser::appendOutput(const QString &rawLine)
{
    const QString line = shown(rawLine);
    TestResult &r = *m_current;
    if (r.output.size() > maxTestOutputChars)
        return;
    r.output += line;
    r.output += QLatin1Char('\n');
    if (r.output.size() > maxTestOutputChars)
        r.output += QStringLiteral("[... output truncated ...]\n");
}

void GTestOutputParser::startTest(const QString &fullName, QList<TestResult> &changes)
{
    TestResult r;
    r.binary = m_binary;
    const qsizetype dot = fullName.indexOf(QLatin1Char('.'));
    r.suite = dot > 0 ? fullName.left(dot) : fullName;
    r.name = dot > 0 ? fullName.mid(dot + 1) : QString();
    r.typeParam = m_suiteTypeParams.value(r.suite);
    r.iteration = m_iteration;
    r.status = TestStatus::Running;
    r.startMs = m_clock();
    m_current = r;
    m_block = Block::None;
    m_sawGTest = true;
    changes.append(r);
}

// The current test's end line: "[       OK ] Suite.Name (3 ms)", "[  FAILED  ] Suite.Name,
// where GetParam() = 4 (0 ms)", "[  SKIPPED ] Suite.Name (0 ms)" — possibly preceded by
// output the test printed without a final newline. Records how the test ended; the test
// stays current until gtest goes on (closeCurrent()).
bool GTestOutputParser::handleEndOfCurrent(const QString &line, QList<TestResult> &changes)
{
    Q_UNUSED(changes);
    struct Marker {
        const QString *text;
        TestStatus status;
    };
    static const Marker markers[] = {{&kOk, TestStatus::Passed}, {&kFailed, TestStatus::Failed}, {&kSkipped, TestStatus::Skipped}};
    const QString full = m_current->fullName();
    for (const Marker &m : markers) {
        qsizetype at = line.startsWith(*m.text) ? 0 : line.indexOf(*m.text);
        while (at >= 0) {
            const qsizetype nameAt = at + m.text->size();
            const qsizetype after = nameAt + full.size();
            if (QStringView(line).mid(nameAt).startsWith(full)
                && (after == line.size() || line.at(after) == QLatin1Char(' ') || line.at(after) == QLatin1Char(','))) {
                if (at > 0)
                    appendOutput(line.left(at));
                TestResult &r = *m_current;
                m_currentEnded = true;
                m_block = Block::None;
                r.status = m.status;
                r.endMs = m_clock();
                QString rest = line.mid(after);
                static const QRegularExpression duration(QStringLiteral(" \\((\\d+) ms\\)$"));
                const QRegularExpressionMatch dm = duration.match(rest);
                if (dm.hasMatch()) {
                    r.durationMs = dm.captured(1).toLongLong();
                    rest.chop(dm.capturedLength(0));
                }
                if (rest.startsWith(QStringLiteral(", where ")))
                    parseWhere(shown(rest.mid(8)), &r.typeParam, &r.valueParam);
                return true;
            }
            at = line.indexOf(*m.text, at + 1);
        }
    }
    return false;
}

void GTestOutputParser::closeCurrent(QList<TestResult> &changes)
{
    TestResult r = std::move(*m_current);
    m_current.reset();
    m_currentEnded = false;
    m_block = Block::None;
    if (r.status == TestStatus::Skipped)
        r.message = r.message.trimmed();
    if (r.endMs < 0)
        r.endMs = m_clock();
    m_results.append(r);
    changes.append(r);
}

QList<TestResult> GTestOutputParser::confirmCurrent()
{
    QList<TestResult> changes;
    if (currentEnded())
        closeCurrent(changes);
    return changes;
}

void GTestOutputParser::finishOutside(QList<TestResult> &changes)
{
    if (!m_outside)
        return;
    TestResult r = std::move(*m_outside);
    m_outside.reset();
    if (!m_current)
        m_block = Block::None;
    r.status = TestStatus::Failed;
    m_results.append(r);
    changes.append(r);
}

// A `file:line: Failure` printed while no test runs, and the message lines after it (up
// to gtest's next [...] line).
bool GTestOutputParser::handleOutsideFailure(const QString &line)
{
    static const QRegularExpression header(QStringLiteral("^(?:(.+):(\\d+)|unknown file): Failure$"));
    if (line.endsWith(QLatin1String(": Failure"))) {
        const QRegularExpressionMatch m = header.match(line);
        if (m.hasMatch()) {
            if (!m_outside) {
                TestResult r;
                r.binary = m_binary;
                r.name = TestResult::outsideTestName();
                r.iteration = m_iteration;
                r.status = TestStatus::Running;
                m_outside = r;
            }
            m_outside->failures.append(TestFailure{m.captured(1), m.captured(2).toInt(), QString()});
            m_outside->output += shown(line) + QLatin1Char('\n');
            m_block = Block::Failure;
            return true;
        }
    }
    if (m_outside && m_block == Block::Failure) {
        if (line.startsWith(QLatin1Char('['))) {
            m_block = Block::None;
            return false;
        }
        TestFailure &f = m_outside->failures.last();
        if (!f.message.isEmpty())
            f.message += QLatin1Char('\n');
        f.message += shown(line);
        m_outside->output += shown(line) + QLatin1Char('\n');
        return true;
    }
    return false;
}

void GTestOutputParser::handleLine(const QString &line, QList<TestResult> &changes)
{
    appendLog(line);

    if (m_current && m_currentEnded) {
        // gtest going on confirms the end line; anything else is still the test's.
        if (!line.startsWith(kRun) && !line.startsWith(kSeparator) && !line.startsWith(kBanner) && !line.startsWith(kDisabled)) {
            appendOutput(line);
            return;
        }
        closeCurrent(changes);
    }
    if (m_current) {
        if (handleEndOfCurrent(line, changes))
            return;
        // A `file:line: Failure` / `Skipped` header starts a message block.
        static const QRegularExpression header(QStringLiteral("^(?:(.+):(\\d+)|unknown file): (Failure|Skipped)$"));
        if (line.endsWith(QLatin1String(": Failure")) || line.endsWith(QLatin1String(": Skipped"))) {
            const QRegularExpressionMatch m = header.match(line);
            if (m.hasMatch()) {
                if (m.captured(3) == QLatin1String("Failure")) {
                    TestFailure f;
                    f.file = m.captured(1);
                    f.line = m.captured(2).toInt();
                    m_current->failures.append(f);
                    m_block = Block::Failure;
                } else {
                    m_block = Block::Skip;
                }
                appendOutput(line);
                return;
            }
        }
        if (m_block == Block::Failure) {
            TestFailure &f = m_current->failures.last();
            if (!f.message.isEmpty())
                f.message += QLatin1Char('\n');
            f.message += shown(line);
        } else if (m_block == Block::Skip) {
            if (!m_current->message.isEmpty())
                m_current->message += QLatin1Char('\n');
            m_current->message += shown(line);
        }
        appendOutput(line);
        return;
    }

    if (handleOutsideFailure(line))
        return;
    const qsizetype run = line.indexOf(kRun);
    if (run >= 0) {
        startTest(line.mid(run + kRun.size()).trimmed(), changes);
        return;
    }
    if (line.startsWith(kDisabled)) {
        TestResult r;
        r.binary = m_binary;
        const QString full = line.mid(kDisabled.size()).trimmed();
        const qsizetype dot = full.indexOf(QLatin1Char('.'));
        r.suite = dot > 0 ? full.left(dot) : full;
        r.name = dot > 0 ? full.mid(dot + 1) : QString();
        r.typeParam = m_suiteTypeParams.value(r.suite);
        r.iteration = m_iteration;
        r.status = TestStatus::Disabled;
        m_results.append(r);
        changes.append(r);
        return;
    }
    if (line.startsWith(kBanner)) {
        static const QRegularExpression running(QStringLiteral("^Running (\\d+) tests? from \\d+ test (?:suites?|cases?)\\."));
        const QRegularExpressionMatch m = running.match(QStringView(line).mid(kBanner.size()));
        if (m.hasMatch()) {
            m_expected = m.captured(1).toInt();
            m_sawGTest = true;
        } else {
            finishOutside(changes); // "[==========] N tests from M test suites ran.": the iteration is over
        }
        return;
    }
    if (line.startsWith(kSeparator)) {
        static const QRegularExpression suite(QStringLiteral("^\\d+ tests? from (\\S+), where TypeParam = (.*)$"));
        const QRegularExpressionMatch m = suite.match(QStringView(line).mid(kSeparator.size()));
        if (m.hasMatch())
            m_suiteTypeParams.insert(m.captured(1), m.captured(2));
        return;
    }
    if (line.startsWith(QLatin1String("Repeating all tests (iteration "))) {
        static const QRegularExpression it(QStringLiteral("^Repeating all tests \\(iteration (\\d+)\\)"));
        const QRegularExpressionMatch m = it.match(line);
        if (m.hasMatch()) {
            finishOutside(changes);
            m_iteration = m.captured(1).toInt();
        }
        return;
    }
    if (line.startsWith(QLatin1String("Note: Randomizing tests' orders with a seed of "))) {
        static const QRegularExpression seed(QStringLiteral("seed of (\\d+)"));
        const QRegularExpressionMatch m = seed.match(line);
        if (m.hasMatch() && !m_seed)
            m_seed = m.captured(1).toUInt();
    }
}

} // namespace fixbench
