#pragma once

#include "ftp/ftpclient.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace fixbench {

// One remote directory's entries: name, size, modified, permissions. Names can be
// edited in place (the panel renames on the server); local files dropped on it are
// uploaded, entries dragged out are downloaded (the panel does both).
class FtpListingModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, SizeColumn, ModifiedColumn, PermissionsColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // QString: absolute remote path
        IsDirRole,                   // bool
        SortRole,                    // what the proxy sorts on
        SizeRole,                    // qint64
    };

    explicit FtpListingModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent) override;

    void setEntries(const QString &dir, const QList<FtpEntry> &entries);
    void clear();
    QString directory() const { return m_dir; }
    const FtpEntry *entryAt(int row) const;
    int rowOf(const QString &name) const;

    static QString join(const QString &dir, const QString &name);
    static QString sizeText(qint64 bytes);
    static constexpr const char *kRemotePathsMime = "application/x-fixbench-ftp-paths";

Q_SIGNALS:
    void renameRequested(const QString &fromPath, const QString &toPath);
    void filesDropped(const QStringList &localFiles, const QString &remoteDir);

private:
    QString m_dir;
    QList<FtpEntry> m_entries;
};

// Folders first, then by the column's natural order (sizes as numbers, dates as dates).
class FtpSortProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

} // namespace fixbench
