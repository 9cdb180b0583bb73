#include "compose/composedriver.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>

namespace fixbench {

namespace {

QString stripAnsi(QString s)
{
    static const QRegularExpression re(QStringLiteral("\x1b\\[[0-9;?]*[A-Za-z]"));
    return s.remove(re);
}

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
        const QString line = stripAnsi(QString::fromLocal8Bit(buffer.left(cut))).trimmed();
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
    QProcess p;
    p.setProgram(cmd.first());
    p.setArguments(cmd.mid(1));
    p.setWorkingDirectory(m_project.workingDir);
    QProcessEnvironment env = m_project.environment.isEmpty() ? QProcessEnvironment::systemEnvironment() : m_project.environment;
    env.insert(QStringLiteral("COMPOSE_ANSI"), QStringLiteral("never"));
    env.insert(QStringLiteral("BUILDKIT_PROGRESS"), QStringLiteral("plain"));
    env.remove(QStringLiteral("COMPOSE_PROJECT_NAME"));
    env.remove(QStringLiteral("COMPOSE_FILE"));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start();
    if (!p.waitForStarted(10000))
        return Error(Error::Kind::Compose, QStringLiteral("cannot run `%1`: %2").arg(cmd.join(QLatin1Char(' ')), p.errorString()));

    QByteArray buffer;
    QStringList lines;
    QElapsedTimer timer;
    timer.start();
    bool cancelled = false;
    bool timedOut = false;
    while (p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(100);
        buffer += p.readAll();
        drainLines(buffer, lines, progress, false);
        if (cancel && cancel->load()) {
            cancelled = true;
            break;
        }
        if (timeoutMs > 0 && timer.elapsed() > timeoutMs) {
            timedOut = true;
            break;
        }
    }
    if (cancelled || timedOut) {
        p.terminate();
        if (!p.waitForFinished(3000)) {
            p.kill();
            p.waitForFinished(2000);
        }
    }
    buffer += p.readAll();
    drainLines(buffer, lines, progress, true);
    const QString output = lines.join(QLatin1Char('\n'));
    if (cancelled)
        return Error(Error::Kind::Cancelled, QStringLiteral("%1 cancelled").arg(what), output);
    if (timedOut)
        return Error(Error::Kind::Timeout, QStringLiteral("%1 took longer than %2 s; `%3` was stopped")
                                               .arg(what).arg(timeoutMs / 1000).arg(cmd.join(QLatin1Char(' '))),
                     output);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return Error(Error::Kind::Compose,
                     QStringLiteral("%1 failed: `%2` exited with code %3")
                         .arg(what, cmd.join(QLatin1Char(' ')))
                         .arg(p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1),
                     output);
    return {};
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
