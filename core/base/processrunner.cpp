#include "base/processrunner.h"

#include "base/processgroup.h"

#include <QElapsedTimer>
#include <QProcess>

#include <csignal>

namespace fixbench {

QString ProcessSpec::commandLine() const
{
    return (QStringList{program} + arguments).join(QLatin1Char(' '));
}

ProcessResult ProcessRunner::run(const ProcessSpec &spec, const Callbacks &cb, const std::atomic_bool *cancel)
{
    ProcessResult r;
    QElapsedTimer timer;
    timer.start();
    QProcess p;
    p.setProgram(spec.program);
    p.setArguments(spec.arguments);
    if (!spec.workingDirectory.isEmpty())
        p.setWorkingDirectory(spec.workingDirectory);
    p.setProcessEnvironment(spec.environment);
    p.setProcessChannelMode(spec.mergeChannels ? QProcess::MergedChannels : QProcess::SeparateChannels);
    p.setStandardInputFile(QProcess::nullDevice());
    if (spec.ownProcessGroup)
        ProcessGroup::isolate(p);
    p.start();
    if (!p.waitForStarted(spec.startTimeoutMs)) {
        r.startError = p.errorString();
        r.elapsedMs = timer.elapsed();
        return r;
    }
    r.started = true;
    const qint64 pgid = spec.ownProcessGroup ? p.processId() : 0;
    ProcessGroup::watch(pgid); // taken down with us even if we are killed
    if (cb.started)
        cb.started(p.processId());

    QByteArray pending; // stdout bytes not yet delivered as a line
    auto take = [&](bool final) {
        const QByteArray out = p.readAllStandardOutput();
        if (!out.isEmpty()) {
            r.output += out;
            if (cb.output)
                cb.output(out, false);
            if (cb.line) {
                pending += out;
                qsizetype nl;
                while ((nl = pending.indexOf('\n')) >= 0) {
                    QByteArray line = pending.left(nl);
                    if (line.endsWith('\r'))
                        line.chop(1);
                    cb.line(QString::fromUtf8(line));
                    pending.remove(0, nl + 1);
                }
            }
        }
        if (!spec.mergeChannels) {
            const QByteArray err = p.readAllStandardError();
            if (!err.isEmpty()) {
                r.errorOutput += err;
                if (cb.output)
                    cb.output(err, true);
            }
        }
        if (final && cb.line && !pending.isEmpty()) {
            cb.line(QString::fromUtf8(pending));
            pending.clear();
        }
    };
    auto stop = [&]() {
        if (pgid > 0) {
            ProcessGroup::terminate(p, pgid, spec.graceMs);
        } else {
            p.terminate();
            if (!p.waitForFinished(spec.graceMs)) {
                p.kill();
                p.waitForFinished(2000);
            }
        }
    };

    while (p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(50);
        take(false);
        if (cancel && cancel->load()) {
            r.cancelled = true;
            stop();
            break;
        }
        if ((spec.timeoutMs > 0 && timer.elapsed() > spec.timeoutMs) || (cb.timedOut && cb.timedOut())) {
            r.timedOut = true;
            stop();
            break;
        }
    }
    p.waitForFinished(5000);
    // Whatever the child left running in its group (daemons, helpers).
    if (pgid > 0) {
        ProcessGroup::kill(pgid, SIGKILL);
        ProcessGroup::unwatch(pgid);
    }
    take(true);
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    if (r.crashed)
        r.signal = p.exitCode();
    else
        r.exitCode = p.exitCode();
    r.elapsedMs = timer.elapsed();
    return r;
}

} // namespace fixbench
