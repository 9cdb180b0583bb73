#include "logsmodel.h"

#include "ansiparser.h"

#include <QIODevice>

#include <algorithm>

namespace fixbench {

namespace {
constexpr int kLongestLineCap = 4000;
// Heap bookkeeping of one QByteArray allocation: QArrayData header and malloc's own.
constexpr qint64 kAllocationOverhead = 16 + 16;
} // namespace

LogsModel::LogsModel(QObject *parent) : QAbstractListModel(parent) {}

qint64 LogsModel::costOf(const Line &l)
{
    qint64 c = qint64(sizeof(Line));
    if (!l.text.isNull())
        c += l.text.capacity() + 1 + kAllocationOverhead;
    return c;
}

qint64 LogsModel::approximateBytes() const
{
    return m_bytes + qint64(m_visible.size()) * qint64(sizeof(qint64));
}

int LogsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_filter.isEmpty() ? int(m_count) : int(m_visible.size());
}

const LogsModel::Line &LogsModel::lineAtSeq(qint64 seq) const
{
    return m_lines[size_t(seq - m_firstSeq)];
}

qint64 LogsModel::seqOfRow(int row) const
{
    if (m_filter.isEmpty())
        return m_firstSeq + row;
    return m_visible[size_t(row)];
}

QString LogsModel::plainOf(const Line &l) const
{
    return AnsiParser::strip(QString::fromUtf8(l.text));
}

QString LogsModel::formatTimestamp(const QDateTime &ts)
{
    return ts.isValid() ? ts.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")) : QStringLiteral("            ");
}

QVariant LogsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const qint64 seq = seqOfRow(index.row());
    const Line &l = lineAtSeq(seq);
    switch (role) {
    case Qt::DisplayRole:
        return lineText(index.row());
    case Qt::ToolTipRole: {
        QString tip = m_services.value(l.service);
        if (l.msecs)
            tip += QStringLiteral(" · ") + QDateTime::fromMSecsSinceEpoch(l.msecs).toLocalTime().toString(Qt::ISODateWithMs);
        if (l.stderrStream)
            tip += QStringLiteral(" · stderr");
        return tip;
    }
    case ServiceRole:
        return m_services.value(l.service);
    case ServiceIndexRole:
        return int(l.service);
    case TimestampRole:
        return l.msecs ? QDateTime::fromMSecsSinceEpoch(l.msecs).toLocalTime() : QDateTime();
    case RawTextRole:
        return QString::fromUtf8(l.text);
    case PlainTextRole:
        return plainOf(l);
    case StderrRole:
        return l.stderrStream;
    case SequenceRole:
        return seq;
    default:
        return {};
    }
}

QHash<int, QByteArray> LogsModel::roleNames() const
{
    QHash<int, QByteArray> r = QAbstractListModel::roleNames();
    r.insert(ServiceRole, "service");
    r.insert(ServiceIndexRole, "serviceIndex");
    r.insert(TimestampRole, "timestamp");
    r.insert(RawTextRole, "rawText");
    r.insert(PlainTextRole, "plainText");
    r.insert(StderrRole, "stderr");
    r.insert(SequenceRole, "sequence");
    return r;
}

QString LogsModel::lineText(int row) const
{
    const Line &l = lineAtSeq(seqOfRow(row));
    QString s = m_services.value(l.service).leftJustified(m_longestService) + QStringLiteral(" | ");
    if (m_showTimestamps)
        s += formatTimestamp(l.msecs ? QDateTime::fromMSecsSinceEpoch(l.msecs) : QDateTime()) + QLatin1Char(' ');
    s += plainOf(l);
    return s;
}

void LogsModel::evictOldest(qint64 n)
{
    for (qint64 k = 0; k < n; ++k) {
        m_bytes -= costOf(m_lines.front());
        m_lines.pop_front();
    }
    m_count -= n;
    m_firstSeq += n;
}

void LogsModel::append(const QList<LogEntry> &lines)
{
    if (lines.isEmpty())
        return;
    // Only the newest maxLines (and maxBytes) can stay: convert just those.
    const qsizetype start = std::max<qsizetype>(0, lines.size() - m_maxLines);
    std::vector<Line> fresh;
    fresh.reserve(size_t(lines.size() - start));
    qint64 freshBytes = 0;
    bool servicesAdded = false;
    for (qsizetype i = start; i < lines.size(); ++i) {
        const LogEntry &e = lines[i];
        auto it = m_serviceIndex.constFind(e.service);
        int service;
        if (it == m_serviceIndex.constEnd()) {
            service = int(m_services.size());
            if (service > 0xffff)
                service = 0xffff;
            else {
                m_services << e.service;
                m_serviceIndex.insert(e.service, service);
                m_longestService = std::max(m_longestService, int(e.service.size()));
                servicesAdded = true;
                if (e.service == m_filter)
                    m_filterIndex = service;
            }
        } else {
            service = *it;
        }
        Line l;
        l.text = e.text;
        if (l.text.capacity() > l.text.size() + 32)
            l.text.squeeze();
        l.msecs = e.timestamp.isValid() ? e.timestamp.toMSecsSinceEpoch() : 0;
        l.service = quint16(service);
        l.stderrStream = e.stream == LogLine::Stream::Stderr;
        m_longestLine = std::max(m_longestLine, std::min(kLongestLineCap, int(l.text.size())));
        freshBytes += costOf(l);
        fresh.push_back(std::move(l));
    }
    size_t skip = 0;
    while (skip < fresh.size() && freshBytes > m_maxBytes)
        freshBytes -= costOf(fresh[skip++]);
    const qint64 skipped = qint64(start) + qint64(skip);
    const qint64 nFresh = qint64(fresh.size() - skip);

    // How many held lines must go.
    qint64 evict = std::max<qint64>(0, m_count + nFresh - m_maxLines);
    if (skipped > 0) {
        evict = m_count; // what was skipped sits between them: keep the sequence contiguous
    } else {
        qint64 bytes = m_bytes;
        for (qint64 k = 0; k < evict; ++k)
            bytes -= costOf(lineAtSeq(m_firstSeq + k));
        while (evict < m_count && bytes + freshBytes > m_maxBytes)
            bytes -= costOf(lineAtSeq(m_firstSeq + evict++));
    }

    const bool filtering = !m_filter.isEmpty();
    if (evict > 0) {
        const qint64 newFirst = m_firstSeq + evict;
        int removedRows = int(evict);
        if (filtering) {
            removedRows = 0;
            for (qint64 seq : m_visible) {
                if (seq >= newFirst)
                    break;
                ++removedRows;
            }
        }
        if (removedRows > 0)
            beginRemoveRows(QModelIndex(), 0, removedRows - 1);
        evictOldest(evict);
        if (filtering)
            m_visible.erase(m_visible.begin(), m_visible.begin() + removedRows);
        if (removedRows > 0)
            endRemoveRows();
    }
    m_nextSeq += skipped;
    if (m_count == 0)
        m_firstSeq = m_nextSeq;

    int added = int(nFresh);
    if (filtering) {
        added = 0;
        for (size_t i = skip; i < fresh.size(); ++i)
            added += matches(fresh[i]) ? 1 : 0;
    }
    const int first = rowCount();
    if (added > 0)
        beginInsertRows(QModelIndex(), first, first + added - 1);
    for (size_t i = skip; i < fresh.size(); ++i) {
        m_bytes += costOf(fresh[i]);
        const bool shown = filtering && matches(fresh[i]);
        m_lines.push_back(std::move(fresh[i]));
        ++m_count;
        if (shown)
            m_visible.push_back(m_nextSeq);
        ++m_nextSeq;
    }
    if (added > 0)
        endInsertRows();
    if (servicesAdded)
        Q_EMIT servicesChanged(m_services);
}

void LogsModel::clear()
{
    beginResetModel();
    m_lines = std::deque<Line>();
    m_count = 0;
    m_firstSeq = m_nextSeq;
    m_clearedSeq = m_nextSeq;
    m_bytes = 0;
    m_visible.clear();
    m_longestLine = 0;
    endResetModel();
}

void LogsModel::setCapacity(int maxLines, qint64 maxBytes)
{
    maxLines = std::max(1, maxLines);
    maxBytes = std::max<qint64>(1024, maxBytes);
    if (maxLines == m_maxLines && maxBytes == m_maxBytes)
        return;
    beginResetModel();
    // Keep the newest that fit.
    m_maxLines = maxLines;
    m_maxBytes = maxBytes;
    qint64 drop = std::max<qint64>(0, m_count - maxLines);
    qint64 bytes = m_bytes;
    for (qint64 k = 0; k < drop; ++k)
        bytes -= costOf(m_lines[size_t(k)]);
    while (drop < m_count && bytes > maxBytes)
        bytes -= costOf(m_lines[size_t(drop++)]);
    evictOldest(drop);
    rebuildVisible();
    endResetModel();
}

void LogsModel::rebuildVisible()
{
    m_visible.clear();
    if (m_filter.isEmpty())
        return;
    for (qint64 seq = m_firstSeq; seq < m_firstSeq + m_count; ++seq)
        if (matches(lineAtSeq(seq)))
            m_visible.push_back(seq);
}

void LogsModel::setServiceFilter(const QString &service)
{
    if (service == m_filter)
        return;
    beginResetModel();
    m_filter = service;
    m_filterIndex = service.isEmpty() ? -1 : m_serviceIndex.value(service, 0x10000); // unseen: matches nothing yet
    rebuildVisible();
    endResetModel();
}

void LogsModel::setShowTimestamps(bool show)
{
    if (show == m_showTimestamps)
        return;
    m_showTimestamps = show;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole});
}

int LogsModel::findNext(const QString &needle, int fromRow, bool backwards, Qt::CaseSensitivity cs) const
{
    const int n = rowCount();
    if (needle.isEmpty() || n == 0)
        return -1;
    if (fromRow < 0 || fromRow >= n)
        fromRow = backwards ? n : -1;
    for (int k = 1; k <= n; ++k) {
        const int row = backwards ? ((fromRow - k) % n + n) % n : (fromRow + k) % n;
        if (plainOf(lineAtSeq(seqOfRow(row))).contains(needle, cs))
            return row;
    }
    return -1;
}

int LogsModel::countMatches(const QString &needle, Qt::CaseSensitivity cs) const
{
    if (needle.isEmpty())
        return 0;
    int count = 0;
    const int n = rowCount();
    for (int row = 0; row < n; ++row)
        count += plainOf(lineAtSeq(seqOfRow(row))).contains(needle, cs) ? 1 : 0;
    return count;
}

bool LogsModel::save(QIODevice *device) const
{
    const int n = rowCount();
    for (int row = 0; row < n; ++row) {
        const QByteArray line = lineText(row).toUtf8() + '\n';
        if (device->write(line) != line.size())
            return false;
    }
    return true;
}

} // namespace fixbench
