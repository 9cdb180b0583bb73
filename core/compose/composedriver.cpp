#include "compose/composedriver.h"

#include "base/ansi.h"
#include "base/processrunner.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::ComposeDriver)
};
} // namespace

namespace {

// Drains complete lines from `buffer` into the progress callback and `all`.
void drainLines(QByteArray &buffer, QStringList &all, const ComposeDriver::Progress &progress, bool flush)
{
    for (;;) {
        int nl = buffer.indexOf('\n');
        int cr = buffer.indexOf('\r');
        int cut = nl < 0 ? cr : (cr < 0 ? nl : std::min(nl, cr));
        if (cut < 0) {
            if (!flush || buffer.isEmpty())
                return;
            cut = int(buffer.size());
        }
        const QString line = ansi::strip(QString::fromLocal8Bit(buffer.left(cut))).trimmed();
        buffer.remove(0, std::min<qsizetype>(cut + 1, buffer.size()));
        if (line.isEmpty())
            continue;
        if (all.isEmpty() || all.last() != line) {
            all << line;
            if (progress)
                progress(line);
        }
    }
}

} // namespace

ComposeDriver::ComposeDriver(ComposeTool tool, ComposeProject project)
    : m_tool(std::move(tool)), m_project(std::move(project))
{
}

QStringList ComposeDriver::commandLine(const QStringList &args) const
{
    QStringList cmd{m_tool.program};
    cmd += m_tool.prefixArgs;
    cmd << QStringLiteral("--ansi") << QStringLiteral("never");
    cmd << QStringLiteral("-p") << m_project.name;
    if (!m_project.workingDir.isEmpty())
        cmd << QStringLiteral("--project-directory") << m_project.workingDir;
    for (const QString &f : m_project.files)
        cmd << QStringLiteral("-f") << f;
    cmd += args;
    return cmd;
}

Status ComposeDriver::run(const QStringList &args, const QString &what, int timeoutMs, const Progress &progress,
                          const std::atomic_bool *cancel)
{
    const QStringList cmd = commandLine(args);
    ProcessSpec spec;
    spec.program = cmd.first();
    spec.arguments = cmd.mid(1);
    spec.workingDirectory = m_project.workingDir;
    spec.environment = m_project.environment.isEmpty() ? QProcessEnvironment::systemEnvironment() : m_project.environment;
    spec.environment.insert(QStringLiteral("COMPOSE_ANSI"), QStringLiteral("never"));
    spec.environment.insert(QStringLiteral("BUILDKIT_PROGRESS"), QStringLiteral("plain"));
    spec.environment.remove(QStringLiteral("COMPOSE_PROJECT_NAME"));
    spec.environment.remove(QStringLiteral("COMPOSE_FILE"));
    spec.timeoutMs = timeoutMs;
    spec.graceMs = 3000;

    QByteArray buffer;
    QStringList lines;
    ProcessRunner::Callbacks cb;
    // Compose redraws progress lines with \r: split on both, as drainLines does.
    cb.output = [&](const QByteArray &chunk, bool) {
        buffer += chunk;
        drainLines(buffer, lines, progress, false);
    };
    const ProcessResult r = ProcessRunner::run(spec, cb, cancel);
    if (!r.started)
        return Error(Error::Kind::Compose, Tr::tr("cannot run `%1`: %2").arg(cmd.join(QLatin1Char(' ')), r.startError));
    drainLines(buffer, lines, progress, true);
    const QString output = lines.join(QLatin1Char('\n'));
    if (r.cancelled)
        return Error(Error::Kind::Cancelled, Tr::tr("%1 cancelled").arg(what), output);
    if (r.timedOut)
        return Error(Error::Kind::Timeout, Tr::tr("%1 took longer than %2 s; `%3` was stopped")
                                               .arg(what).arg(timeoutMs / 1000).arg(cmd.join(QLatin1Char(' '))),
                     output);
    if (!r.succeeded() && portInUse(output) > 0)
        return Error(Error::Kind::Port,
                     Tr::tr("%1 failed: host port %2 is already in use").arg(what).arg(portInUse(output)), output);
    if (!r.succeeded())
        return Error(Error::Kind::Compose,
                     QStringLiteral("%1 failed: `%2` exited with code %3")
                         .arg(what, cmd.join(QLatin1Char(' ')))
                         .arg(r.crashed ? -1 : r.exitCode),
                     output);
    return {};
}

int ComposeDriver::portInUse(const QString &output)
{
    static const QRegularExpression allocated(QStringLiteral(R"(Bind for \S*:(\d+) failed: port is already allocated)"));
    static const QRegularExpression inUse(QStringLiteral(R"(listen (?:tcp|udp)[46]? \S*:(\d+): bind: address already in use)"));
    for (const QRegularExpression *re : {&allocated, &inUse})
        if (const QRegularExpressionMatch m = re->match(output); m.hasMatch())
            return m.captured(1).toInt();
    return 0;
}

Status ComposeDriver::up(bool build, const Progress &progress, const std::atomic_bool *cancel)
{
    QStringList args{QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("--remove-orphans")};
    if (build)
        args << QStringLiteral("--build");
    return run(args, QStringLiteral("compose up of %1").arg(m_project.name), 30 * 60 * 1000, progress, cancel);
}

Status ComposeDriver::down(int timeoutSec, const Progress &progress)
{
    const QStringList args{QStringLiteral("down"), QStringLiteral("-v"), QStringLiteral("--remove-orphans"),
                           QStringLiteral("-t"), QString::number(timeoutSec)};
    return run(args, QStringLiteral("compose down of %1").arg(m_project.name), 10 * 60 * 1000, progress);
}

} // namespace fixbench
