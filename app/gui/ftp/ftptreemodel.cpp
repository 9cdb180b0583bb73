#include "ftptreemodel.h"

#include "icons.h"
#include "treenode.h"

#include <QStringList>

namespace fixbench {

struct FtpTreeModel::Node : TreeNode<FtpTreeModel::Node> {
    QString name;
    QString path;
    bool fetched = false;
    bool fetching = false;
};

FtpTreeModel::FtpTreeModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {}
FtpTreeModel::~FtpTreeModel() = default;

FtpTreeModel::Node *FtpTreeModel::nodeOf(const QModelIndex &index) const
{
    return Node::of(index, m_root.get());
}

QModelIndex FtpTreeModel::indexOfNode(const Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, const_cast<Node *>(node));
}

QModelIndex FtpTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = nodeOf(parent);
    if (column != 0 || row < 0 || size_t(row) >= p->children.size())
        return {};
    return createIndex(row, 0, p->children[size_t(row)].get());
}

QModelIndex FtpTreeModel::parent(const QModelIndex &child) const
{
    return child.isValid() ? indexOfNode(nodeOf(child)->parent) : QModelIndex();
}

int FtpTreeModel::rowCount(const QModelIndex &parent) const
{
    return int(nodeOf(parent)->children.size());
}

int FtpTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool FtpTreeModel::hasChildren(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    return !n->fetched || !n->children.empty();
}

bool FtpTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    return parent.isValid() && !n->fetched && !n->fetching;
}

void FtpTreeModel::fetchMore(const QModelIndex &parent)
{
    Node *n = nodeOf(parent);
    if (!parent.isValid() || n->fetched || n->fetching)
        return;
    n->fetching = true;
    Q_EMIT fetchRequested(n->path);
}

QVariant FtpTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole: return n->parent == m_root.get() ? m_label : n->name;
    case Qt::ToolTipRole:
    case PathRole: return n->path;
    case Qt::DecorationRole: return Icons::get(QStringLiteral("folder"));
    default: return {};
    }
}

void FtpTreeModel::reset(const QString &rootLabel)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->fetched = true;
    auto top = std::make_unique<Node>();
    top->name = QStringLiteral("/");
    top->path = QStringLiteral("/");
    m_root->append(std::move(top));
    m_label = rootLabel;
    endResetModel();
}

void FtpTreeModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->fetched = true;
    endResetModel();
}

FtpTreeModel::Node *FtpTreeModel::find(const QString &path) const
{
    if (m_root->children.empty())
        return nullptr;
    Node *n = m_root->children.front().get();
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &p : parts) {
        Node *next = nullptr;
        for (const auto &c : n->children)
            if (c->name == p)
                next = c.get();
        if (!next)
            return nullptr;
        n = next;
    }
    return n;
}

QModelIndex FtpTreeModel::indexOf(const QString &path) const
{
    return indexOfNode(find(path));
}

void FtpTreeModel::setSubdirectories(const QString &path, const QStringList &names)
{
    Node *n = find(path);
    if (!n)
        return;
    n->fetching = false;
    n->fetched = true;
    const QModelIndex parentIndex = indexOfNode(n);
    // Remove what is gone, add what is new (in order), keep the rest with its subtree.
    for (int i = int(n->children.size()) - 1; i >= 0; --i) {
        if (!names.contains(n->children[size_t(i)]->name)) {
            beginRemoveRows(parentIndex, i, i);
            n->children.erase(n->children.begin() + i);
            endRemoveRows();
        }
    }
    QStringList sorted = names;
    sorted.sort(Qt::CaseInsensitive);
    for (int i = 0; i < sorted.size(); ++i) {
        if (size_t(i) < n->children.size() && n->children[size_t(i)]->name == sorted[i])
            continue;
        auto c = std::make_unique<Node>();
        c->name = sorted[i];
        c->path = (n->path == QLatin1String("/") ? QString() : n->path) + QLatin1Char('/') + sorted[i];
        c->parent = n;
        beginInsertRows(parentIndex, i, i);
        n->children.insert(n->children.begin() + i, std::move(c));
        endInsertRows();
    }
    Q_EMIT dataChanged(parentIndex, parentIndex);
}

} // namespace fixbench
