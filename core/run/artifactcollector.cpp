#include "run/artifactcollector.h"

#include "fixture/stackinventory.h"
#include "ftp/ftpclient.h"
#include "ftp/ftpclientpool.h"
#include "run/junitwriter.h"
#include "run/testreportjson.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QtConcurrent>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::ArtifactCollector)
};

// A name as a file name: what is not a letter, digit, '.', '_', '-' or '@' becomes '_'.
QString fileName(const QString &name)
{
    QString out = name;
    for (QChar &c : out)
        if (!c.isLetterOrNumber() && c != QLatin1Char('.') && c != QLatin1Char('_') && c != QLatin1Char('-') && c != QLatin1Char('@'))
            c = QLatin1Char('_');
    return out.isEmpty() || out == QLatin1String(".") || out == QLatin1String("..") ? QStringLiteral("_") : out;
}

QString typeChar(FtpEntry::Type t)
{
    switch (t) {
    case FtpEntry::Type::File: return QStringLiteral("-");
    case FtpEntry::Type::Directory: return QStringLiteral("d");
    case FtpEntry::Type::Link: return QStringLiteral("l");
    case FtpEntry::Type::Other: return QStringLiteral("?");
    }
    return QStringLiteral("?");
}
} // namespace

ArtifactCollector::ArtifactCollector(EngineClient &engine, QString dir, ArtifactLimits limits)
    : m_engine(engine), m_dir(std::move(dir)), m_limits(limits)
{
}

Status ArtifactCollector::checkTarget(const QString &dir)
{
    const QFileInfo fi(dir);
    if (!fi.exists())
        return {};
    if (!fi.isDir())
        return Error(Error::Kind::Io, Tr::tr("artifacts folder %1 is a file, not a folder").arg(fi.absoluteFilePath()));
    if (!QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return Error(Error::Kind::Io, Tr::tr("artifacts folder %1 is not empty; name a new or empty folder "
                                             "(a collection never mixes with an older one)")
                                          .arg(fi.absoluteFilePath()));
    return {};
}

void ArtifactCollector::warn(const Error &e)
{
    m_report.warnings << e;
}

QByteArray ArtifactCollector::masked(const QString &text) const
{
    return Environment::maskSecrets(text, m_secrets).toUtf8();
}

QJsonValue ArtifactCollector::maskedJson(const QJsonValue &value) const
{
    if (value.isString())
        return Environment::maskSecrets(value.toString(), m_secrets);
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(maskedJson(v));
        return out;
    }
    if (value.isObject()) {
        const QJsonObject in = value.toObject();
        QJsonObject out;
        for (auto it = in.begin(); it != in.end(); ++it)
            out.insert(Environment::maskSecrets(it.key(), m_secrets), maskedJson(it.value()));
        return out;
    }
    return value;
}

bool ArtifactCollector::writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size()) {
        warn(Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString())));
        return false;
    }
    ++m_report.files;
    m_report.bytes += data.size();
    return true;
}

ArtifactReport ArtifactCollector::collect(const QList<UpResult> &held, const QList<BinaryReport> &reports, const RunSummary &summary,
                                          const QString &workspaceName, const QString &failure)
{
    QElapsedTimer clock;
    clock.start();
    m_report.dir = QFileInfo(m_dir).absoluteFilePath();
    if (!QDir().mkpath(m_report.dir)) {
        warn(Error(Error::Kind::Io, Tr::tr("cannot create the artifacts folder %1").arg(m_report.dir)));
        return m_report;
    }
    QSet<QString> secrets;
    for (const UpResult &up : held)
        for (const QString &s : up.environment.secretValues())
            secrets.insert(s);
    m_secrets = QStringList(secrets.begin(), secrets.end());
    std::sort(m_secrets.begin(), m_secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });

    const QDir root(m_report.dir);
    if (Status s = TestReportJson::writeFile(reports, summary, root.filePath(QStringLiteral("results.json"))); !s)
        warn(s.error());
    else
        ++m_report.files;
    if (Status s = JUnitWriter::writeFile(reports, root.filePath(QStringLiteral("junit.xml")), workspaceName); !s)
        warn(s.error());
    else
        ++m_report.files;

    for (const UpResult &up : held) {
        const QString name = up.fixture.instance.isEmpty() ? up.fixture.fixture : up.fixture.fixture + QLatin1Char('@') + up.fixture.instance;
        collectFixture(up, root.filePath(fileName(name)));
        m_report.fixtures << name;
    }

    QStringList lines;
    if (!failure.isEmpty())
        lines << Tr::tr("fixbench run of %1: %2").arg(workspaceName, failure);
    else
        lines << Tr::tr("fixbench run of %1: %2").arg(workspaceName, summary.line());
    lines << Tr::tr("fixtures: %1").arg(m_report.fixtures.isEmpty() ? Tr::tr("none") : m_report.fixtures.join(QStringLiteral(", ")));
    lines << Tr::tr("files: %1 (%2 bytes)").arg(m_report.files).arg(m_report.bytes);
    if (!m_report.warnings.isEmpty()) {
        lines << Tr::tr("not collected:");
        for (const Error &e : std::as_const(m_report.warnings))
            lines << QStringLiteral("  ") + e.message;
    }
    writeFile(root.filePath(QStringLiteral("summary.txt")), masked(lines.join(QLatin1Char('\n')) + QLatin1Char('\n')));
    m_report.elapsedMs = clock.elapsed();
    return m_report;
}

ArtifactReport ArtifactCollector::collectRunning(FixtureManager &manager, const QStringList &fixtures, const QString &instance,
                                                const QString &dir, const QList<BinaryReport> &reports, const RunSummary &summary)
{
    QList<UpResult> held;
    QList<Error> missing;
    for (const QString &name : fixtures) {
        auto running = manager.find(name, instance);
        if (!running) {
            missing << running.error();
            continue;
        }
        if (!running->has_value()) {
            missing << Error(Error::Kind::NotFound, Tr::tr("%1 is not up any more: nothing of it collected").arg(name));
            continue;
        }
        auto spec = manager.workspace().fixture(name);
        if (!spec) {
            missing << spec.error();
            continue;
        }
        auto env = manager.environmentOf(*spec, **running);
        if (!env) {
            missing << env.error();
            continue;
        }
        UpResult up;
        up.fixture = **running;
        up.environment = *env;
        up.attached = true;
        held << up;
    }
    ArtifactCollector collector(manager.engine(), dir);
    collector.m_report.warnings = missing;
    return collector.collect(held, reports, summary, manager.workspace().name());
}

void ArtifactCollector::collectFixture(const UpResult &up, const QString &fixtureDir)
{
    const QString fixture = up.fixture.fixture;
    QStringList env;
    env << Tr::tr("# %1: the environment fixbench gives tests (secrets masked)").arg(fixture);
    for (const Environment::Variable &v : up.environment.variables())
        env << v.name + QLatin1Char('=') + Environment::displayValue(v, false);
    writeFile(fixtureDir + QStringLiteral("/environment.env"), masked(env.join(QLatin1Char('\n')) + QLatin1Char('\n')));

    // The containers as the engine has them now (one may have been recreated or have
    // exited since the fixture came up).
    QList<ContainerInfo> containers = up.fixture.containers;
    auto now = StackInventory(m_engine).find(up.fixture.project, up.fixture.workspaceId);
    if (!now)
        warn(Error(now.error().kind, Tr::tr("%1: %2").arg(fixture, now.error().message)));
    else if (!now->has_value())
        warn(Error(Error::Kind::NotFound, Tr::tr("%1: the engine has no container of %2 any more").arg(fixture, up.fixture.project)));
    else
        containers = (*now)->containers;

    QSet<QString> services;
    for (const ContainerInfo &c : std::as_const(containers)) {
        QString logName = c.service.isEmpty() || services.contains(c.service) ? c.name : c.service;
        services.insert(c.service);
        // Written as it streams (a log may be large), each line masked.
        const QString logPath = fixtureDir + QStringLiteral("/logs/") + fileName(logName) + QStringLiteral(".log");
        QDir().mkpath(QFileInfo(logPath).absolutePath());
        QFile log(logPath);
        if (!log.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            warn(Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(logPath, log.errorString())));
        } else {
            Status s = m_engine.streamLogs(c.id, LogOptions(), [&](const LogLine &l) { log.write(masked(QString::fromUtf8(l.text)) + '\n'); });
            if (!s)
                warn(Error(s.error().kind, Tr::tr("%1: logs of %2: %3").arg(fixture, c.name, s.error().message)));
            ++m_report.files;
            m_report.bytes += log.size();
        }
        // Masked value by value: a secret JSON escapes ("a\"b") is masked too.
        auto inspect = m_engine.inspectContainerJson(c.id);
        if (!inspect)
            warn(Error(inspect.error().kind, Tr::tr("%1: inspect of %2: %3").arg(fixture, c.name, inspect.error().message)));
        else
            writeFile(fixtureDir + QStringLiteral("/inspect/") + fileName(c.name) + QStringLiteral(".json"),
                      QJsonDocument(maskedJson(inspect->object()).toObject()).toJson(QJsonDocument::Indented));
    }
    if (up.environment.contains(QStringLiteral("FTP_HOST")))
        collectFtp(fixture, up.environment, fixtureDir + QStringLiteral("/ftp"));
}

void ArtifactCollector::collectFtp(const QString &fixture, const Environment &env, const QString &ftpDir)
{
    auto config = FtpConfig::fromEnvironment(env);
    if (!config) {
        warn(Error(config.error().kind, Tr::tr("FTP of %1: %2").arg(fixture, config.error().message)));
        return;
    }
    // One client walks the tree and decides what fits the limits; then the files come
    // down over ArtifactLimits::ftpConnections connections (that client among them).
    FtpClientPool pool(*config, std::max(1, m_limits.ftpConnections));
    QStringList listing, leftOut;
    struct Download {
        QString remote, relative, local;
    };
    QList<Download> downloads;
    qint64 bytes = 0; // as listed, of the files chosen
    struct Folder {
        QString remote;   // absolute on the server
        QString relative; // as listed: "" for the login folder, "out/" below it
        QString local;
        int depth;
    };
    {
        auto ftp = pool.acquire();
        const QString start = ftp->absolutePath(QStringLiteral("."));
        QList<Folder> queue{{start, QString(), ftpDir + QStringLiteral("/files"), 0}};
        while (!queue.isEmpty()) {
            const Folder folder = queue.takeFirst();
            auto l = ftp->listing(folder.remote);
            if (!l) {
                warn(Error(l.error().kind, Tr::tr("FTP of %1: %2").arg(fixture, l.error().message)));
                if (folder.depth == 0)
                    return; // nothing at all: no listing either
                leftOut << Tr::tr("%1: not listed (%2)").arg(folder.relative, l.error().message);
                continue;
            }
            if (l->truncated())
                leftOut << Tr::tr("%1: the server cut the listing short (%2)")
                               .arg(folder.relative.isEmpty() ? QStringLiteral("/") : folder.relative, l->truncatedReply);
            QList<FtpEntry> entries = l->entries;
            std::sort(entries.begin(), entries.end(), [](const FtpEntry &a, const FtpEntry &b) { return a.name < b.name; });
            for (const FtpEntry &e : std::as_const(entries)) {
                const QString relative = folder.relative + e.name + (e.type == FtpEntry::Type::Directory ? QStringLiteral("/") : QString());
                const QString remote = QString(folder.remote.endsWith(QLatin1Char('/')) ? folder.remote : folder.remote + QLatin1Char('/')) + e.name;
                listing << QStringLiteral("%1 %2 %3 %4")
                               .arg(typeChar(e.type), e.size >= 0 ? QString::number(e.size) : QStringLiteral("?"),
                                    e.modified.isValid() ? e.modified.toUTC().toString(Qt::ISODate) : QStringLiteral("?"), relative)
                           + (e.type == FtpEntry::Type::Link ? QString(QStringLiteral(" -> ") + e.linkTarget) : QString());
                auto local = FtpClient::safeLocalPath(folder.local, e.name);
                if (e.type == FtpEntry::Type::Directory) {
                    if (!local)
                        leftOut << Tr::tr("%1: not listed: %2").arg(relative, local.error().message);
                    else if (folder.depth + 1 > m_limits.ftpMaxDepth)
                        leftOut << Tr::tr("%1: not listed: deeper than %2 folders").arg(relative).arg(m_limits.ftpMaxDepth);
                    else
                        queue << Folder{remote, relative, *local, folder.depth + 1};
                    continue;
                }
                if (e.type != FtpEntry::Type::File)
                    continue; // listed only
                if (!local) {
                    leftOut << Tr::tr("%1: not downloaded: %2").arg(relative, local.error().message);
                } else if (downloads.size() >= m_limits.ftpMaxFiles) {
                    leftOut << Tr::tr("%1: not downloaded: more than %2 files").arg(relative).arg(m_limits.ftpMaxFiles);
                } else if (e.size > m_limits.ftpMaxBytes - bytes) {
                    leftOut << Tr::tr("%1: not downloaded: %2 bytes would pass the limit of %3 bytes").arg(relative).arg(e.size).arg(m_limits.ftpMaxBytes);
                } else {
                    downloads << Download{remote, relative, *local};
                    bytes += std::max<qint64>(0, e.size);
                }
            }
        }
    }
    QMutex mutex;
    QtConcurrent::blockingMap(downloads, [&](const Download &d) {
        QDir().mkpath(QFileInfo(d.local).absolutePath());
        auto ftp = pool.acquire();
        const Status s = ftp->get(d.remote, d.local);
        QMutexLocker lock(&mutex);
        if (!s) {
            warn(Error(s.error().kind, Tr::tr("FTP of %1: %2").arg(fixture, s.error().message)));
            leftOut << Tr::tr("%1: not downloaded: %2").arg(d.relative, s.error().message);
            return;
        }
        ++m_report.files;
        m_report.bytes += QFileInfo(d.local).size();
    });
    writeFile(ftpDir + QStringLiteral("/listing.txt"),
              masked(Tr::tr("# %1 (type size modified path)").arg(config->displayUrl()) + QLatin1Char('\n') + listing.join(QLatin1Char('\n'))
                     + (listing.isEmpty() ? QString() : QStringLiteral("\n"))));
    if (!leftOut.isEmpty())
        writeFile(ftpDir + QStringLiteral("/left-out.txt"), masked(leftOut.join(QLatin1Char('\n')) + QLatin1Char('\n')));
}

} // namespace fixbench
