#include "hookrunner.h"

#include "ftpclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace fixbench {

Result<QString> HookRunner::resolve(const FixtureSpec &spec, const HookSpec &hook)
{
    if (!hook.builtin.isEmpty())
        return QString(QStringLiteral("builtin:") + hook.builtin);
    const QString cmd = hook.command;
    QString path;
    if (cmd.contains(QLatin1Char('/')) || QFileInfo::exists(QDir(spec.dir).filePath(cmd))) {
        path = QDir::cleanPath(QDir(spec.dir).absoluteFilePath(cmd));
        const QFileInfo fi(path);
        if (!fi.exists())
            return Error(Error::Kind::Hook,
                         QStringLiteral("hook `%1` of fixture `%2`: %3 does not exist").arg(hook.event, spec.name, path),
                         {}, hook.where);
        if (!fi.isFile() || !fi.isExecutable())
            return Error(Error::Kind::Hook,
                         QStringLiteral("hook `%1` of fixture `%2`: %3 is not executable (chmod +x it)").arg(hook.event, spec.name, path),
                         {}, hook.where);
        return path;
    }
    path = QStandardPaths::findExecutable(cmd);
    if (path.isEmpty())
        return Error(Error::Kind::Hook,
                     QStringLiteral("hook `%1` of fixture `%2`: `%3` is neither a file in %4 nor a program on PATH")
                         .arg(hook.event, spec.name, cmd, spec.dir),
                     {}, hook.where);
    return path;
}

namespace {

// Built-in hooks: actions fixbench runs itself, so they work wherever core runs (the
// CLI, a test binary, the GUI) without an external program, and pass no password on
// a command line.
Result<HookResult> runBuiltin(const FixtureSpec &spec, const HookSpec &hook, const Environment &env,
                              const HookRunner::Progress &progress)
{
    QElapsedTimer timer;
    timer.start();
    HookResult result;
    result.event = hook.event;
    const QString what = QStringLiteral("hook `%1` of fixture `%2` (builtin %3)").arg(hook.event, spec.name, hook.builtin);
    if (hook.builtin == QLatin1String("ftp-clean")) {
        auto config = FtpConfig::fromEnvironment(env);
        if (!config)
            return Error(Error::Kind::Hook, QStringLiteral("%1: %2").arg(what, config.error().message), {}, hook.where);
        config->timeoutMs = hook.timeoutMs;
        FtpClient client(*config);
        const QStringList dirs = hook.args.isEmpty() ? QStringList{QStringLiteral("/")} : hook.args;
        QStringList lines;
        for (const QString &dir : dirs) {
            Status s = client.clean(dir);
            if (!s) {
                Error e(Error::Kind::Hook, QStringLiteral("%1 failed: %2").arg(what, s.error().message), s.error().details, hook.where);
                e.replyCode = s.error().replyCode;
                return e;
            }
            lines << QStringLiteral("emptied %1 on %2").arg(dir, config->displayUrl());
            if (progress)
                progress(lines.last());
        }
        result.output = lines.join(QLatin1Char('\n'));
    } else {
        return Error(Error::Kind::Hook, QStringLiteral("%1: no such built-in hook").arg(what), {}, hook.where);
    }
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace

Result<HookResult> HookRunner::run(const FixtureSpec &spec, const HookSpec &hook, const Environment &env,
                                   const Progress &progress)
{
    if (!hook.builtin.isEmpty())
        return runBuiltin(spec, hook, env, progress);
    auto program = resolve(spec, hook);
    if (!program)
        return program.error();

    QProcessEnvironment penv = env.toProcessEnvironment();
    penv.insert(QStringLiteral("FIXBENCH_FIXTURE"), spec.name);
    penv.insert(QStringLiteral("FIXBENCH_HOOK"), hook.event);
    penv.insert(QStringLiteral("FIXBENCH_FIXTURE_DIR"), spec.dir);

    QProcess p;
    p.setProgram(*program);
    p.setArguments(hook.args);
    p.setWorkingDirectory(spec.dir);
    p.setProcessEnvironment(penv);
    p.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer timer;
    timer.start();
    p.start();
    if (!p.waitForStarted(10000))
        return Error(Error::Kind::Hook, QStringLiteral("hook `%1` of fixture `%2`: cannot start %3: %4")
                                            .arg(hook.event, spec.name, *program, p.errorString()),
                     {}, hook.where);
    HookResult result;
    result.event = hook.event;
    QByteArray pending;
    QByteArray all;
    bool timedOut = false;
    while (p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(100);
        const QByteArray chunk = p.readAll();
        all += chunk;
        pending += chunk;
        int nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            if (progress)
                progress(QString::fromLocal8Bit(pending.left(nl)));
            pending.remove(0, nl + 1);
        }
        if (hook.timeoutMs > 0 && timer.elapsed() > hook.timeoutMs) {
            timedOut = true;
            p.kill();
            p.waitForFinished(2000);
            break;
        }
    }
    const QByteArray rest = p.readAll();
    all += rest;
    pending += rest;
    if (progress && !pending.trimmed().isEmpty())
        progress(QString::fromLocal8Bit(pending));
    result.output = QString::fromLocal8Bit(all).trimmed();
    result.elapsedMs = timer.elapsed();
    const QString cmdline = (QStringList{hook.command} + hook.args).join(QLatin1Char(' '));
    if (timedOut)
        return Error(Error::Kind::Timeout, QStringLiteral("hook `%1` of fixture `%2` (%3) did not finish within %4 s and was killed")
                                               .arg(hook.event, spec.name, cmdline).arg(hook.timeoutMs / 1000.0),
                     result.output, hook.where);
    if (p.exitStatus() != QProcess::NormalExit)
        return Error(Error::Kind::Hook, QStringLiteral("hook `%1` of fixture `%2` (%3) crashed").arg(hook.event, spec.name, cmdline),
                     result.output, hook.where);
    result.exitCode = p.exitCode();
    if (result.exitCode != 0)
        return Error(Error::Kind::Hook, QStringLiteral("hook `%1` of fixture `%2` (%3) exited with code %4")
                                            .arg(hook.event, spec.name, cmdline).arg(result.exitCode),
                     result.output, hook.where);
    return result;
}

Status HookRunner::runIfPresent(const FixtureSpec &spec, const QString &event, const Environment &env,
                                const Progress &progress)
{
    const HookSpec *hook = spec.hook(event);
    if (!hook)
        return {};
    auto r = run(spec, *hook, env, progress);
    if (!r)
        return r.error();
    return {};
}

} // namespace fixbench
