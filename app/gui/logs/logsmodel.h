#pragma once

#include "engine/logstreamer.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QStringList>

#include <deque>

class QIODevice;

namespace fixbench {

// The lines of a log view, in a capped buffer (a ring: oldest out, newest in): at most maxLines lines and about
// maxBytes bytes (text plus per-line overhead); the oldest go first. Rows are removed at
// the top and added at the bottom in one step per batch, so a view keeps its place.
//
// Text is kept as the container wrote it (UTF-8, ANSI sequences included); a delegate
// parses colours for the rows it paints. One service or all of them can be shown
// (setServiceFilter); search highlights and jumps (findNext) rather than filtering.
class LogsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        ServiceRole = Qt::UserRole + 1, // QString
        ServiceIndexRole,               // int: order of first appearance, for colours
        TimestampRole,                  // QDateTime (local)
        RawTextRole,                    // QString with ANSI sequences
        PlainTextRole,                  // QString without them
        StderrRole,                     // bool
        SequenceRole,                   // qint64: stable number of the line
    };

    static constexpr int kDefaultMaxLines = 100000;
    static constexpr qint64 kDefaultMaxBytes = 64LL * 1024 * 1024;

    explicit LogsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void append(const QList<LogEntry> &lines);
    void clear();

    void setCapacity(int maxLines, qint64 maxBytes);
    int maxLines() const { return m_maxLines; }
    qint64 maxBytes() const { return m_maxBytes; }

    int lineCount() const { return int(m_count); }   // all services
    qint64 approximateBytes() const;                   // what the buffer holds now
    qint64 totalAppended() const { return m_nextSeq; } // ever, including evicted lines
    // Lines dropped for room since the last clear() (a clear drops nothing: it forgets).
    qint64 evicted() const { return m_firstSeq - m_clearedSeq; }

    QStringList services() const { return m_services; }
    int serviceIndex(const QString &service) const { return m_services.indexOf(service); }
    int longestServiceName() const { return m_longestService; }
    int longestLine() const { return m_longestLine; } // characters, capped

    // "" = all services.
    void setServiceFilter(const QString &service);
    QString serviceFilter() const { return m_filter; }

    void setShowTimestamps(bool show);
    bool showTimestamps() const { return m_showTimestamps; }

    // Row of the next line containing `needle` (ANSI stripped) after `fromRow` (before it
    // when backwards), wrapping around; -1 when none.
    int findNext(const QString &needle, int fromRow, bool backwards = false,
                 Qt::CaseSensitivity cs = Qt::CaseInsensitive) const;
    int countMatches(const QString &needle, Qt::CaseSensitivity cs = Qt::CaseInsensitive) const;

    // "service | [time ]text", ANSI stripped.
    QString lineText(int row) const;
    // Every shown line as lineText(), one per line.
    bool save(QIODevice *device) const;

    static QString formatTimestamp(const QDateTime &ts);

Q_SIGNALS:
    void servicesChanged(const QStringList &services);

private:
    struct Line {
        QByteArray text;
        qint64 msecs = 0; // UTC ms since epoch, 0 = unknown
        quint16 service = 0;
        bool stderrStream = false;
    };
    static qint64 costOf(const Line &l);
    const Line &lineAtSeq(qint64 seq) const;
    qint64 seqOfRow(int row) const;
    void evictOldest(qint64 n);
    bool matches(const Line &l) const { return m_filterIndex < 0 || l.service == m_filterIndex; }
    void rebuildVisible();
    QString plainOf(const Line &l) const;

    std::deque<Line> m_lines; // oldest first; a deque frees its blocks as lines go
    qint64 m_count = 0;
    qint64 m_firstSeq = 0;    // sequence number of the oldest line held
    qint64 m_clearedSeq = 0;  // m_nextSeq at the last clear()
    qint64 m_nextSeq = 0;
    qint64 m_bytes = 0;       // sum of costOf() of the lines held
    int m_maxLines = kDefaultMaxLines;
    qint64 m_maxBytes = kDefaultMaxBytes;

    QStringList m_services;
    QHash<QString, int> m_serviceIndex;
    int m_longestService = 0;
    int m_longestLine = 0;

    QString m_filter;
    int m_filterIndex = -1;
    std::deque<qint64> m_visible; // sequence numbers shown when filtering
    bool m_showTimestamps = false;
};

} // namespace fixbench
