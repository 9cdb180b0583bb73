#include "ftplistingmodel.h"

#include "icons.h"

#include <QLocale>
#include <QMimeData>
#include <QUrl>

namespace fixbench {

FtpListingModel::FtpListingModel(QObject *parent) : QAbstractTableModel(parent) {}

int FtpListingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int FtpListingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FtpListingModel::join(const QString &dir, const QString &name)
{
    if (dir.isEmpty() || dir == QLatin1String("/"))
        return QLatin1Char('/') + name;
    return dir + QLatin1Char('/') + name;
}

QString FtpListingModel::sizeText(qint64 bytes)
{
    if (bytes < 0)
        return {};
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QVariant FtpListingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case SizeColumn: return tr("Size");
    case ModifiedColumn: return tr("Modified");
    case PermissionsColumn: return tr("Permissions");
    }
    return {};
}

const FtpEntry *FtpListingModel::entryAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries[row] : nullptr;
}

int FtpListingModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].name == name)
            return i;
    return -1;
}

QVariant FtpListingModel::data(const QModelIndex &index, int role) const
{
    const FtpEntry *e = index.isValid() ? entryAt(index.row()) : nullptr;
    if (!e)
        return {};
    const bool dir = e->type == FtpEntry::Type::Directory;
    switch (role) {
    case PathRole: return join(m_dir, e->name);
    case IsDirRole: return dir;
    case SizeRole: return e->size;
    case SortRole:
        switch (index.column()) {
        case NameColumn: return e->name.toLower();
        case SizeColumn: return dir ? -1 : e->size;
        case ModifiedColumn: return e->modified;
        case PermissionsColumn: return e->permissions;
        }
        return {};
    case Qt::EditRole:
        return index.column() == NameColumn ? e->name : QVariant();
    case Qt::DecorationRole:
        if (index.column() == NameColumn)
            return Icons::get(dir ? QStringLiteral("folder") : QStringLiteral("file"));
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == SizeColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::ToolTipRole:
        if (e->type == FtpEntry::Type::Link && !e->linkTarget.isEmpty())
            return tr("%1 → %2").arg(e->name, e->linkTarget);
        return join(m_dir, e->name);
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return e->name;
        case SizeColumn: return dir ? QString() : sizeText(e->size);
        case ModifiedColumn:
            return e->modified.isValid() ? QLocale().toString(e->modified.toLocalTime(), QLocale::ShortFormat) : QString();
        case PermissionsColumn: return e->permissions;
        }
        return {};
    default:
        return {};
    }
}

Qt::ItemFlags FtpListingModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index) | Qt::ItemIsDropEnabled;
    if (index.isValid()) {
        f |= Qt::ItemIsDragEnabled;
        if (index.column() == NameColumn)
            f |= Qt::ItemIsEditable;
    }
    return f;
}

bool FtpListingModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const FtpEntry *e = index.isValid() ? entryAt(index.row()) : nullptr;
    if (!e || role != Qt::EditRole || index.column() != NameColumn)
        return false;
    const QString name = value.toString().trimmed();
    if (name.isEmpty() || name == e->name || name.contains(QLatin1Char('/')))
        return false;
    // The server decides: the listing changes when the rename is confirmed.
    Q_EMIT renameRequested(join(m_dir, e->name), join(m_dir, name));
    return false;
}

Qt::DropActions FtpListingModel::supportedDropActions() const
{
    return Qt::CopyAction;
}

QStringList FtpListingModel::mimeTypes() const
{
    return {QStringLiteral("text/uri-list"), QLatin1String(kRemotePathsMime)};
}

QMimeData *FtpListingModel::mimeData(const QModelIndexList &indexes) const
{
    // Remote paths; the view turns them into local files when dragged out.
    QStringList paths;
    for (const QModelIndex &i : indexes)
        if (i.column() == NameColumn)
            paths << i.data(PathRole).toString();
    auto *data = new QMimeData;
    data->setData(QLatin1String(kRemotePathsMime), paths.join(QLatin1Char('\n')).toUtf8());
    return data;
}

bool FtpListingModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    if (!data->hasUrls() || m_dir.isEmpty())
        return false;
    for (const QUrl &u : data->urls())
        if (!u.isLocalFile())
            return false;
    return true;
}

bool FtpListingModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    QStringList files;
    for (const QUrl &u : data->urls())
        files << u.toLocalFile();
    // Dropped on a folder: into it.
    QString target = m_dir;
    if (parent.isValid() && parent.data(IsDirRole).toBool())
        target = parent.data(PathRole).toString();
    Q_EMIT filesDropped(files, target);
    return true;
}

void FtpListingModel::setEntries(const QString &dir, const QList<FtpEntry> &entries)
{
    beginResetModel();
    m_dir = dir;
    m_entries = entries;
    endResetModel();
}

void FtpListingModel::clear()
{
    setEntries(QString(), {});
}

bool FtpSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool ld = left.data(FtpListingModel::IsDirRole).toBool();
    const bool rd = right.data(FtpListingModel::IsDirRole).toBool();
    if (ld != rd)
        return sortOrder() == Qt::AscendingOrder ? ld : rd; // folders first either way
    const QVariant l = left.data(FtpListingModel::SortRole);
    const QVariant r = right.data(FtpListingModel::SortRole);
    if (l.userType() == QMetaType::QDateTime)
        return l.toDateTime() < r.toDateTime();
    if (l.userType() == QMetaType::LongLong)
        return l.toLongLong() < r.toLongLong();
    return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
}

} // namespace fixbench
