#include "testsupport.h"

#include "fixture/reaper.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
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

bool writeFtpWorkspace(const QString &root, const QString &name, const QString &tests)
{
    const QString fixture = root + QStringLiteral("/fixtures/ftp_server");
    if (!copyTree(repoWorkspace() + QStringLiteral("/fixtures/ftp_server"), fixture))
        return false;
    QFile spec(fixture + QStringLiteral("/fixture.yml"));
    if (!spec.open(QIODevice::Append) || spec.write("\nlinger: 0\n") < 0)
        return false;
    const QString samples = QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/");
    const QString ftpTests = QStringLiteral("  - name: ftp_fails\n"
                                            "    path: %1sample_ftp_fails\n"
                                            "    fixtures: [ftp_server]\n"
                                            "  - name: passing\n"
                                            "    path: %1sample_passing\n"
                                            "    fixtures: [ftp_server]\n")
                                 .arg(samples);
    QFile yml(root + QStringLiteral("/fixbench.yml"));
    if (!yml.open(QIODevice::WriteOnly))
        return false;
    return yml.write(QStringLiteral("name: %1\nfixtures: fixtures\ntests:\n%2").arg(name, tests.isEmpty() ? ftpTests : tests).toUtf8()) > 0;
}

QStringList filesBelow(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

QStringList artifactProblems(const QString &dir)
{
    auto read = [&](const QString &file) {
        QFile f(dir + QLatin1Char('/') + file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QStringList problems;
    const QStringList files = filesBelow(dir);
    for (const char *must : {"summary.txt", "results.json", "junit.xml", "ftp_server/environment.env", "ftp_server/logs/ftp.log",
                             "ftp_server/ftp/listing.txt", "ftp_server/ftp/files/out/result.csv"})
        if (!files.contains(QLatin1String(must)))
            problems << QStringLiteral("%1 missing; the folder has: %2").arg(QLatin1String(must), files.join(QStringLiteral(", ")));
    if (files.contains(QStringLiteral("ftp_server/ftp/left-out.txt")))
        problems << QStringLiteral("something was left out: ") + QString::fromUtf8(read(QStringLiteral("ftp_server/ftp/left-out.txt")));
    // The file the test wrote, byte for byte; the listing names it.
    if (read(QStringLiteral("ftp_server/ftp/files/out/result.csv")) != "id,value\n1,42\n")
        problems << QStringLiteral("out/result.csv is not what the test wrote");
    if (!read(QStringLiteral("ftp_server/ftp/listing.txt")).contains(" out/result.csv"))
        problems << QStringLiteral("the FTP listing does not name out/result.csv");
    // The container's own log: vsftpd's start line.
    if (!read(QStringLiteral("ftp_server/logs/ftp.log")).contains("vsftpd listening on 21"))
        problems << QStringLiteral("the log lacks vsftpd's start line");
    // Inspect: the engine's answer for the one container, its env with the password masked.
    const QStringList inspects = files.filter(QRegularExpression(QStringLiteral("^ftp_server/inspect/.+\\.json$")));
    if (inspects.size() != 1) {
        problems << QStringLiteral("not one inspect file: %1").arg(inspects.join(QStringLiteral(", ")));
    } else {
        const QJsonObject inspect = QJsonDocument::fromJson(read(inspects.first())).object();
        const QJsonArray env = inspect.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Env")).toArray();
        if (!env.contains(QStringLiteral("FTP_PASS=********")) || !env.contains(QStringLiteral("FTP_USER=fixbench")))
            problems << QStringLiteral("inspect's Config.Env lacks FTP_PASS=******** or FTP_USER=fixbench");
        if (!inspect.value(QStringLiteral("State")).toObject().value(QStringLiteral("Running")).toBool())
            problems << QStringLiteral("inspect does not say the container was running");
    }
    // The environment tests got, the secret masked.
    const QByteArray env = read(QStringLiteral("ftp_server/environment.env"));
    if (!env.contains("\nFTP_USER=fixbench\n") || !env.contains("\nFTP_PASS=********\n"))
        problems << QStringLiteral("environment.env: ") + QString::fromUtf8(env);
    // The reports: the failure is in both.
    if (!read(QStringLiteral("results.json")).contains("WritesAResultThenFails") || !read(QStringLiteral("junit.xml")).contains("WritesAResultThenFails"))
        problems << QStringLiteral("the reports lack the failed test");
    if (!read(QStringLiteral("summary.txt")).contains("1 failed"))
        problems << QStringLiteral("summary.txt: ") + QString::fromUtf8(read(QStringLiteral("summary.txt")));
    // The secret's value (FTP_PASS of fixtures/ftp_server, secret: true) is nowhere.
    for (const QString &file : files)
        if (read(file).contains("ftp-s3cret"))
            problems << file + QStringLiteral(" holds the secret's value");
    return problems;
}

} // namespace fixbench::testsupport
