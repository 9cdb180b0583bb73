#include "testsupport.h"

#include "fixture/reaper.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

#include <unistd.h>

namespace fixbench::testsupport {

namespace {
// The CLI's human text follows the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE,
// FIXBENCH_LANG) and the tests compare its English text: every process a test starts
// from this one's environment speaks English, whatever the machine's locale. A test
// that wants another language passes an environment that sets it.
const bool s_english = [] {
    qputenv("LANG", "C.UTF-8");
    for (const char *name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE", "FIXBENCH_LANG"})
        qunsetenv(name);
    return true;
}();
} // namespace

ProcResult run(const QString &program, const QStringList &args, int timeoutMs, const QProcessEnvironment &env,
               const QString &workingDir)
{
    ProcResult r;
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("cannot start %1: %2").arg(program, p.errorString());
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("TIMEOUT after %1 ms\n").arg(timeoutMs);
    }
    r.elapsedMs = t.elapsed();
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err += QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString fixbenchPath() { return QStringLiteral(FIXBENCH_CLI); }

namespace {
// Tests use core in-process too: its leases start the reaper of the CLI built here.
const bool kReaperProgramSet = (Reaper::setProgram(QStringLiteral(FIXBENCH_CLI)), true);
} // namespace

ProcResult runCli(const QStringList &args, const QProcessEnvironment &env, int timeoutMs)
{
    return run(fixbenchPath(), args, timeoutMs, env);
}

static QStringList ids(const QString &text)
{
    QStringList out;
    for (const QString &l : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out << l.trimmed();
    return out;
}

QStringList containersWithLabel(const QString &label)
{
    return ids(run(QStringLiteral("docker"), {QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"),
                                              QStringLiteral("label=") + label}).out);
}

QStringList networksWithLabel(const QString &label)
{
    return ids(run(QStringLiteral("docker"), {QStringLiteral("network"), QStringLiteral("ls"), QStringLiteral("-q"),
                                              QStringLiteral("--filter"), QStringLiteral("label=") + label}).out);
}

QString projectLabel(const QString &project) { return QStringLiteral("com.docker.compose.project=") + project; }

bool copyTree(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    QDirIterator it(from, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = QDir(from).relativeFilePath(path);
        const QString dest = QDir(to).filePath(rel);
        if (it.fileInfo().isDir()) {
            QDir().mkpath(dest);
        } else {
            QDir().mkpath(QFileInfo(dest).absolutePath());
            if (!QFile::copy(path, dest))
                return false;
            QFile::setPermissions(dest, QFile::permissions(path));
        }
    }
    return true;
}

std::unique_ptr<QTemporaryDir> copyWorkspace(const QString &source)
{
    auto dir = std::make_unique<QTemporaryDir>();
    if (!dir->isValid() || !copyTree(source, dir->path()))
        return nullptr;
    return dir;
}

QString testsWorkspace() { return QStringLiteral(FIXBENCH_SOURCE_DIR) + QStringLiteral("/tests/workspace"); }
QString repoWorkspace() { return QStringLiteral(FIXBENCH_SOURCE_DIR); }

QString uniqueInstance(const QString &prefix)
{
    static int counter = 0;
    return QStringLiteral("%1%2x%3").arg(prefix).arg(::getpid()).arg(++counter);
}

bool waitFor(const std::function<bool()> &cond, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (cond())
            return true;
        QThread::msleep(50);
    }
    return cond();
}

bool ftpLogin(const QString &host, int port, const QString &user, const QString &pass, QString *output)
{
    const ProcResult r = run(QStringLiteral("curl"),
                             {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10"), QStringLiteral("--user"),
                              user + QLatin1Char(':') + pass, QStringLiteral("ftp://%1:%2/").arg(host).arg(port)},
                             20000);
    if (output)
        *output = r.out + r.err;
    return r.exitCode == 0 && !r.crashed;
}

} // namespace fixbench::testsupport
