#include "spool.h"

#include "utctime.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::Spool)
};

const char kLogName[] = "spool.jsonl";
const char kTmpName[] = "spool.jsonl.tmp";
const char kLockName[] = "spool.lock";
constexpr int kCompactAfterObsoleteLines = 100;
constexpr qint64 kKeepMarkersSecs = 31 * 24 * 3600;

QString errnoText(int e) { return QString::fromLocal8Bit(std::strerror(e)); }

Error ioError(const QString &what, int e)
{
    return Error(Error::Kind::Io, QStringLiteral("%1: %2").arg(what, errnoText(e)));
}

Status fsyncDir(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError(Tr::tr("cannot open folder %1").arg(dir), errno);
    const int rc = ::fsync(fd);
    const int e = errno;
    ::close(fd);
    if (rc != 0)
        return ioError(Tr::tr("cannot sync folder %1").arg(dir), e);
    return {};
}

Status writeAll(int fd, const QByteArray &data, const QString &path)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError(Tr::tr("cannot write %1").arg(path), errno);
        }
        done += n;
    }
    return {};
}

QByteArray sampleLine(const Sample &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("type"), QStringLiteral("sample"));
    o.insert(QStringLiteral("timestamp"), UtcTime::formatMinute(s.timestamp));
    o.insert(QStringLiteral("ok"), s.ok() ? 1 : 0);
    if (s.ok()) {
        o.insert(QStringLiteral("measure_timestamp"), double(s.measurement->measuredAt));
        o.insert(QStringLiteral("wind_speed"), s.measurement->windSpeed);
        o.insert(QStringLiteral("humidity"), s.measurement->humidity);
    }
    if (!s.error.isEmpty())
        o.insert(QStringLiteral("error"), s.error.left(500));
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray publishedLine(const Window &w, int rows, const QString &remotePath, const QString &at)
{
    QJsonObject o;
    o.insert(QStringLiteral("type"), QStringLiteral("published"));
    o.insert(QStringLiteral("window"), w.label());
    o.insert(QStringLiteral("file"), remotePath);
    o.insert(QStringLiteral("rows"), rows);
    o.insert(QStringLiteral("at"), at);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<Sample> parseSample(const QJsonObject &o)
{
    Result<QDateTime> t = UtcTime::parse(o.value(QStringLiteral("timestamp")).toString());
    if (!t)
        return std::nullopt;
    const QJsonValue ok = o.value(QStringLiteral("ok"));
    if (!ok.isDouble())
        return std::nullopt;
    Sample s;
    s.timestamp = Window::truncateToMinute(*t);
    s.error = o.value(QStringLiteral("error")).toString();
    if (ok.toInt() == 1) {
        const QJsonValue dt = o.value(QStringLiteral("measure_timestamp"));
        const QJsonValue ws = o.value(QStringLiteral("wind_speed"));
        const QJsonValue hu = o.value(QStringLiteral("humidity"));
        if (!dt.isDouble() || !ws.isDouble() || !hu.isDouble())
            return std::nullopt;
        s.measurement = Measurement{qint64(dt.toDouble()), ws.toDouble(), hu.toDouble()};
    }
    return s;
}

} // namespace

Result<std::unique_ptr<Spool>> Spool::open(const QString &dir)
{
    std::unique_ptr<Spool> spool(new Spool);
    spool->m_dir = QDir(dir).absolutePath();
    if (!QDir().mkpath(spool->m_dir))
        return Error(Error::Kind::Io, Tr::tr("cannot create the spool folder %1; choose another with --spool-dir or "
                                             "WEATHER_ETL_SPOOL").arg(spool->m_dir));

    const QByteArray lockPath = QFile::encodeName(QDir(spool->m_dir).filePath(QLatin1String(kLockName)));
    spool->m_lockFd = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (spool->m_lockFd < 0)
        return ioError(Tr::tr("cannot open %1").arg(QString::fromLocal8Bit(lockPath)), errno);
    if (::flock(spool->m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        const int e = errno;
        char buf[32] = {0};
        const ssize_t n = ::pread(spool->m_lockFd, buf, sizeof buf - 1, 0);
        const QString pid = n > 0 ? QString::fromLatin1(buf, int(n)).trimmed() : QStringLiteral("?");
        if (e == EWOULDBLOCK)
            return Error(Error::Kind::Io, Tr::tr("the spool %1 is in use by another weather-etl (pid %2); two processes "
                                                 "must not share a spool: stop it or use another --spool-dir")
                                              .arg(spool->m_dir, pid));
        return ioError(Tr::tr("cannot lock %1").arg(QString::fromLocal8Bit(lockPath)), e);
    }
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    if (::ftruncate(spool->m_lockFd, 0) == 0)
        (void)!::pwrite(spool->m_lockFd, pid.constData(), size_t(pid.size()), 0);

    QFile::remove(QDir(spool->m_dir).filePath(QLatin1String(kTmpName))); // an interrupted compaction
    if (Status s = spool->replay(); !s)
        return s.error();
    if (!spool->m_unreadable.isEmpty()) {
        // Kept for a person to look at; compaction would otherwise drop them.
        const QString keep = QDir(spool->m_dir).filePath(QStringLiteral("unreadable.jsonl"));
        const int fd = ::open(QFile::encodeName(keep).constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0)
            return ioError(Tr::tr("cannot write %1").arg(keep), errno);
        Status s = writeAll(fd, spool->m_unreadable, keep);
        if (s && ::fsync(fd) != 0)
            s = ioError(Tr::tr("cannot sync %1").arg(keep), errno);
        ::close(fd);
        if (!s)
            return s.error();
        spool->m_unreadable.clear();
    }
    if (spool->m_obsoleteLines > 0 || spool->m_replay.unreadableLines > 0) {
        if (Status s = spool->compact(); !s)
            return s.error();
    }
    return spool;
}

Spool::~Spool()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (m_lockFd >= 0)
        ::close(m_lockFd); // releases the flock
}

QString Spool::logPath() const
{
    return QDir(m_dir).filePath(QLatin1String(kLogName));
}

QString Spool::conflictsDir() const
{
    return QDir(m_dir).filePath(QStringLiteral("conflicts"));
}

Status Spool::replay()
{
    const QString path = logPath();
    QFile f(path);
    const bool existed = f.exists();
    QByteArray all;
    if (existed) {
        if (!f.open(QIODevice::ReadOnly))
            return Error(Error::Kind::Io, Tr::tr("cannot read the spool %1: %2").arg(path, f.errorString()));
        all = f.readAll();
        f.close();
    }
    const qsizetype lastNewline = all.lastIndexOf('\n');
    const qsizetype validLength = lastNewline + 1;
    m_replay.truncatedBytes = all.size() - validLength;

    qsizetype pos = 0;
    while (pos < validLength) {
        const qsizetype nl = all.indexOf('\n', pos);
        const QByteArray line = all.mid(pos, nl - pos).trimmed();
        pos = nl + 1;
        if (line.isEmpty())
            continue;
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            ++m_replay.unreadableLines;
            m_unreadable += line + '\n';
            continue;
        }
        const QJsonObject o = doc.object();
        const QString type = o.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("sample")) {
            std::optional<Sample> s = parseSample(o);
            if (!s) {
                ++m_replay.unreadableLines;
                m_unreadable += line + '\n';
                continue;
            }
            ++m_replay.samples;
            m_windows[Window::containing(s->timestamp).end()].pending.append(*s);
        } else if (type == QLatin1String("published")) {
            Result<QDateTime> end = UtcTime::parse(o.value(QStringLiteral("window")).toString());
            const Window w = end ? Window::endingAt(*end) : Window();
            if (!w.isValid()) {
                ++m_replay.unreadableLines;
                m_unreadable += line + '\n';
                continue;
            }
            ++m_replay.published;
            WindowState &st = m_windows[w.end()];
            m_obsoleteLines += int(st.pending.size());
            st.pending.clear();
            st.published = true;
            st.publishedRows = o.value(QStringLiteral("rows")).toInt();
            st.remotePath = o.value(QStringLiteral("file")).toString();
            st.publishedAt = o.value(QStringLiteral("at")).toString();
        } else {
            ++m_replay.unreadableLines;
            m_unreadable += line + '\n';
        }
    }

    const QByteArray p = QFile::encodeName(path);
    m_fd = ::open(p.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0)
        return ioError(Tr::tr("cannot open the spool %1 for writing").arg(path), errno);
    if (m_replay.truncatedBytes > 0) {
        // A torn last line: cut it off so the next append starts on a fresh line.
        if (::ftruncate(m_fd, validLength) != 0 || ::fsync(m_fd) != 0)
            return ioError(Tr::tr("cannot repair the torn last line of %1").arg(path), errno);
    }
    if (!existed)
        return fsyncDir(m_dir);
    return {};
}

Status Spool::appendLine(const QByteArray &line)
{
    const off_t before = ::lseek(m_fd, 0, SEEK_END);
    Status s = writeAll(m_fd, line, logPath());
    if (s && ::fdatasync(m_fd) != 0)
        s = ioError(Tr::tr("cannot sync %1").arg(logPath()), errno);
    if (!s && before >= 0)
        (void)!::ftruncate(m_fd, before); // never leave half a line behind
    return s;
}

Status Spool::append(const Sample &sample)
{
    Sample s = sample;
    s.timestamp = Window::truncateToMinute(sample.timestamp);
    m_windows[Window::containing(s.timestamp).end()].pending.append(s);
    return appendLine(sampleLine(s));
}

Status Spool::markPublished(const Window &w, int rows, const QString &remotePath)
{
    WindowState &st = m_windows[w.end()];
    m_obsoleteLines += int(st.pending.size());
    st.pending.clear();
    st.published = true;
    st.publishedRows = rows;
    st.remotePath = remotePath;
    st.publishedAt = UtcTime::formatSeconds(QDateTime::currentDateTimeUtc());
    if (Status s = appendLine(publishedLine(w, rows, remotePath, st.publishedAt)); !s)
        return s;
    if (m_obsoleteLines >= kCompactAfterObsoleteLines)
        return compact();
    return {};
}

bool Spool::hasMinute(const QDateTime &minute) const
{
    const QDateTime m = Window::truncateToMinute(minute);
    const auto it = m_windows.constFind(Window::containing(m).end());
    if (it == m_windows.cend())
        return false;
    if (it->published)
        return true;
    for (const Sample &s : it->pending)
        if (s.timestamp == m)
            return true;
    return false;
}

bool Spool::isPublished(const Window &w) const
{
    const auto it = m_windows.constFind(w.end());
    return it != m_windows.cend() && it->published;
}

QList<Window> Spool::pendingWindows() const
{
    QList<Window> out;
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it)
        if (!it->pending.isEmpty())
            out << Window::endingAt(it.key());
    return out;
}

QList<Sample> Spool::pending(const Window &w) const
{
    const auto it = m_windows.constFind(w.end());
    return it == m_windows.cend() ? QList<Sample>() : sortedByTime(it->pending);
}

int Spool::pendingCount() const
{
    int n = 0;
    for (const WindowState &st : m_windows)
        n += int(st.pending.size());
    return n;
}

Result<QString> Spool::saveConflictCopy(const Window &w, const QByteArray &csv)
{
    if (!QDir().mkpath(conflictsDir()))
        return Error(Error::Kind::Io, Tr::tr("cannot create %1").arg(conflictsDir()));
    const QString path = QDir(conflictsDir()).filePath(w.fileName());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(csv) != csv.size() || !f.commit())
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    return path;
}

Status Spool::compact()
{
    QDateTime newest;
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it)
        newest = it.key(); // QMap: sorted
    QByteArray out;
    QList<QDateTime> forget;
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it) {
        const WindowState &st = it.value();
        const Window w = Window::endingAt(it.key());
        if (st.published) {
            if (it.key().secsTo(newest) > kKeepMarkersSecs && st.pending.isEmpty()) {
                forget << it.key();
                continue;
            }
            out += publishedLine(w, st.publishedRows, st.remotePath, st.publishedAt);
        }
        for (const Sample &s : st.pending) // after the marker: still pending
            out += sampleLine(s);
    }
    const QString tmp = QDir(m_dir).filePath(QLatin1String(kTmpName));
    const QByteArray tmpName = QFile::encodeName(tmp);
    const int fd = ::open(tmpName.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return ioError(Tr::tr("cannot create %1").arg(tmp), errno);
    Status s = writeAll(fd, out, tmp);
    if (s && ::fsync(fd) != 0)
        s = ioError(Tr::tr("cannot sync %1").arg(tmp), errno);
    ::close(fd);
    if (!s) {
        ::unlink(tmpName.constData());
        return s;
    }
    const QByteArray logName = QFile::encodeName(logPath());
    if (::rename(tmpName.constData(), logName.constData()) != 0) {
        const int e = errno;
        ::unlink(tmpName.constData());
        return ioError(Tr::tr("cannot replace %1").arg(logPath()), e);
    }
    if (Status d = fsyncDir(m_dir); !d)
        return d;
    const int fd2 = ::open(logName.constData(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd2 < 0)
        return ioError(Tr::tr("cannot reopen %1").arg(logPath()), errno);
    ::close(m_fd);
    m_fd = fd2;
    m_obsoleteLines = 0;
    for (const QDateTime &k : forget)
        m_windows.remove(k);
    return {};
}

} // namespace fixbench::etl
