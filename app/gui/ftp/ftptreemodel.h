#pragma once

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace fixbench {

// The remote folder tree, filled lazily: a folder's subfolders are asked for
// (fetchRequested) when it is expanded and arrive with setSubdirectories().
class FtpTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { PathRole = Qt::UserRole + 1 };

    explicit FtpTreeModel(QObject *parent = nullptr);
    ~FtpTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // A root "/" (label: the server) and nothing below until listed.
    void reset(const QString &rootLabel);
    void clear();
    // The subfolders of `path` (absolute), as the server listed them.
    void setSubdirectories(const QString &path, const QStringList &names);
    QModelIndex indexOf(const QString &path) const;

Q_SIGNALS:
    void fetchRequested(const QString &path);

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node) const;
    Node *find(const QString &path) const;

    std::unique_ptr<Node> m_root; // invisible; its single child is "/"
    QString m_label;
};

} // namespace fixbench
