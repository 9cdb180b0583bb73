#include "fixturesmodel.h"

#include "fixture/fixturecontroller.h"
#include "icons.h"

#include <QApplication>
#include <QPalette>

namespace fixbench {

namespace {

QString containerKey(const ContainerInfo &c)
{
    return c.name.isEmpty() ? c.id : c.name;
}

bool sameContainer(const ContainerInfo &a, const ContainerInfo &b)
{
    if (a.id != b.id || a.state != b.state || a.health != b.health || a.service != b.service || a.status != b.status
        || a.ports.size() != b.ports.size())
        return false;
    for (int i = 0; i < a.ports.size(); ++i)
        if (a.ports[i].hostPort != b.ports[i].hostPort || a.ports[i].containerPort != b.ports[i].containerPort
            || a.ports[i].protocol != b.ports[i].protocol)
            return false;
    return true;
}

bool sameFixture(const FixtureStatus &a, const FixtureStatus &b)
{
    if (a.state != b.state || a.stale != b.stale || a.known != b.known || a.description != b.description
        || a.project != b.project || a.running.has_value() != b.running.has_value())
        return false;
    if (!a.running)
        return true;
    const RunningFixture &x = *a.running;
    const RunningFixture &y = *b.running;
    if (x.keep != y.keep || x.owner.pid != y.owner.pid || x.owner.startTime != y.owner.startTime
        || AllocatedPort::formatList(x.ports) != AllocatedPort::formatList(y.ports) || x.startedAt != y.startedAt
        || x.containers.size() != y.containers.size() || x.ownerAlive() != y.ownerAlive())
        return false;
    for (int i = 0; i < x.containers.size(); ++i)
        if (x.containers[i].state != y.containers[i].state || x.containers[i].health != y.containers[i].health)
            return false;
    return true;
}

} // namespace

FixturesModel::FixturesModel(QObject *parent) : QAbstractItemModel(parent) {}
FixturesModel::~FixturesModel() = default;

int FixturesModel::rowOf(const Node *node) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].get() == node)
            return int(i);
    return -1;
}

QModelIndex FixturesModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < int(m_nodes.size()) ? createIndex(row, column, nullptr) : QModelIndex();
    if (parent.internalPointer() || parent.row() >= int(m_nodes.size()))
        return {};
    Node *node = m_nodes[size_t(parent.row())].get();
    return row < node->containers.size() ? createIndex(row, column, node) : QModelIndex();
}

QModelIndex FixturesModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    const int row = rowOf(static_cast<const Node *>(child.internalPointer()));
    return row < 0 ? QModelIndex() : createIndex(row, 0, nullptr);
}

int FixturesModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_nodes.size());
    if (parent.internalPointer() || parent.column() != 0 || parent.row() >= int(m_nodes.size()))
        return 0;
    return int(m_nodes[size_t(parent.row())]->containers.size());
}

int FixturesModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant FixturesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Fixture");
    case StateColumn: return tr("State");
    case HealthColumn: return tr("Health");
    case PortsColumn: return tr("Ports");
    case InfoColumn: return tr("Owner");
    }
    return {};
}

QString FixturesModel::stateText(FixtureState state, bool stale)
{
    QString s;
    switch (state) {
    case FixtureState::Down: s = tr("down"); break;
    case FixtureState::Starting: s = tr("starting"); break;
    case FixtureState::Ready: s = tr("ready"); break;
    case FixtureState::Unhealthy: s = tr("unhealthy"); break;
    case FixtureState::Stopping: s = tr("stopping"); break;
    }
    if (stale && state != FixtureState::Down)
        s = tr("%1, stale").arg(s);
    return s;
}

QString FixturesModel::containerStateText(const QString &state)
{
    static const char *const known[] = {
        QT_TR_NOOP("created"), QT_TR_NOOP("running"), QT_TR_NOOP("paused"), QT_TR_NOOP("restarting"),
        QT_TR_NOOP("removing"), QT_TR_NOOP("exited"), QT_TR_NOOP("dead"),
        QT_TR_NOOP("healthy"), QT_TR_NOOP("unhealthy"), QT_TR_NOOP("starting"),
    };
    for (const char *k : known)
        if (state == QLatin1String(k))
            return tr(k);
    return state;
}

QString FixturesModel::containerPorts(const ContainerInfo &c)
{
    QStringList parts;
    for (const PublishedPort &p : c.ports)
        if (p.hostPort > 0)
            parts << QStringLiteral("%1→%2/%3").arg(p.hostPort).arg(p.containerPort).arg(p.protocol);
    parts.removeDuplicates(); // IPv4 and IPv6 bindings of one port
    return parts.join(QStringLiteral(", "));
}

const FixtureStatus *FixturesModel::statusAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    if (index.internalPointer())
        return &static_cast<const Node *>(index.internalPointer())->status;
    return index.row() < int(m_nodes.size()) ? &m_nodes[size_t(index.row())]->status : nullptr;
}

QModelIndex FixturesModel::indexOf(const QString &fixture, const QString &instance, int column) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i]->status.fixture == fixture && m_nodes[i]->status.instance == instance)
            return createIndex(int(i), column, nullptr);
    return {};
}

QList<FixtureStatus> FixturesModel::statuses() const
{
    QList<FixtureStatus> out;
    for (const auto &n : m_nodes)
        out << n->status;
    return out;
}

void FixturesModel::setKeepOnClose(const QString &key, bool keep)
{
    if (keep == m_keepOnClose.contains(key))
        return;
    if (keep)
        m_keepOnClose.insert(key);
    else
        m_keepOnClose.remove(key);
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i]->key == key)
            Q_EMIT dataChanged(createIndex(int(i), 0, nullptr), createIndex(int(i), ColumnCount - 1, nullptr));
}

void FixturesModel::setEngineReachable(bool reachable)
{
    if (reachable == m_engineReachable)
        return;
    m_engineReachable = reachable;
    if (!m_nodes.empty())
        Q_EMIT dataChanged(createIndex(0, 0, nullptr), createIndex(int(m_nodes.size()) - 1, ColumnCount - 1, nullptr));
}

QVariant FixturesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalPointer()) {
        const Node &node = *static_cast<const Node *>(index.internalPointer());
        if (index.row() >= node.containers.size())
            return {};
        return containerData(node, node.containers[index.row()], index.column(), role);
    }
    if (index.row() >= int(m_nodes.size()))
        return {};
    return fixtureData(*m_nodes[size_t(index.row())], index.column(), role);
}

QVariant FixturesModel::fixtureData(const Node &node, int column, int role) const
{
    const FixtureStatus &s = node.status;
    const bool owned = FixtureController::ownedByThisProcess(s);
    switch (role) {
    case FixtureRole: return s.fixture;
    case InstanceRole: return s.instance;
    case ProjectRole: return s.project;
    case StateRole: return int(s.state);
    case StaleRole: return s.stale;
    case IsServiceRole: return false;
    case OwnedRole: return owned;
    case KeptRole: return s.running ? s.running->keep : false;
    case KeepOnCloseRole: return m_keepOnClose.contains(node.key);
    case RunningRole: return s.running.has_value();
    case KeyRole: return node.key;
    default: break;
    }
    if (role == Qt::DecorationRole && column == NameColumn)
        return m_engineReachable ? Icons::fixtureState(s.state, s.stale) : Icons::get(QStringLiteral("state-unknown"));
    if (role == Qt::ToolTipRole) {
        QStringList tip;
        if (!s.description.isEmpty())
            tip << s.description;
        tip << tr("State: %1").arg(m_engineReachable ? stateText(s.state, s.stale)
                                                     : tr("unknown (the Docker engine cannot be reached)"));
        if (s.stale)
            tip << tr("Its files changed since it started: restart it to apply them.");
        tip << tr("Compose project: %1").arg(s.project);
        if (s.running && s.running->startedAt.isValid())
            tip << tr("Started: %1").arg(QLocale().toString(s.running->startedAt.toLocalTime(), QLocale::ShortFormat));
        return tip.join(QLatin1Char('\n'));
    }
    if (role == Qt::ForegroundRole && s.state == FixtureState::Down && column != NameColumn)
        return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return s.instance.isEmpty() ? s.fixture : QStringLiteral("%1 @ %2").arg(s.fixture, s.instance);
    case StateColumn:
        return m_engineReachable ? stateText(s.state, s.stale) : tr("unknown");
    case HealthColumn: {
        if (!s.running || s.running->containers.isEmpty())
            return QString();
        int running = 0;
        for (const ContainerInfo &c : s.running->containers)
            running += c.state == QLatin1String("running") ? 1 : 0;
        return tr("%1/%2 running").arg(running).arg(s.running->containers.size());
    }
    case PortsColumn: {
        if (!s.running)
            return QString();
        QStringList parts;
        for (const AllocatedPort &p : s.running->ports)
            parts << p.toString();
        return parts.join(QStringLiteral(", "));
    }
    case InfoColumn: {
        QStringList parts;
        if (!s.known)
            parts << tr("not in this workspace");
        if (!s.running)
            return parts.join(QStringLiteral(", "));
        if (owned)
            parts << tr("this window");
        else if (s.running->ownerAlive())
            parts << tr("pid %1").arg(s.running->owner.pid);
        else
            parts << tr("owner gone");
        if (s.running->keep)
            parts << tr("kept");
        else if (owned && m_keepOnClose.contains(node.key))
            parts << tr("left up on close");
        return parts.join(QStringLiteral(", "));
    }
    }
    return {};
}

QVariant FixturesModel::containerData(const Node &node, const ContainerInfo &c, int column, int role) const
{
    switch (role) {
    case FixtureRole: return node.status.fixture;
    case InstanceRole: return node.status.instance;
    case ProjectRole: return node.status.project;
    case StateRole: return int(node.status.state);
    case StaleRole: return node.status.stale;
    case IsServiceRole: return true;
    case ServiceRole: return c.service;
    case ContainerIdRole: return c.id;
    case OwnedRole: return FixtureController::ownedByThisProcess(node.status);
    case KeptRole: return node.status.running ? node.status.running->keep : false;
    case KeepOnCloseRole: return m_keepOnClose.contains(node.key);
    case RunningRole: return true;
    case KeyRole: return node.key;
    default: break;
    }
    if (role == Qt::DecorationRole && column == NameColumn)
        return Icons::containerState(c.state, containerHealthName(c.health));
    if (role == Qt::ToolTipRole)
        return tr("Container %1 (%2)\nImage: %3\n%4").arg(c.name, c.id.left(12), c.image, c.status);
    if (role == Qt::ForegroundRole && column == InfoColumn)
        return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn: return c.service;
    case StateColumn: return containerStateText(c.state);
    case HealthColumn: return c.health == ContainerHealth::None ? QStringLiteral("–") : containerStateText(containerHealthName(c.health));
    case PortsColumn: return containerPorts(c);
    case InfoColumn: return c.name;
    }
    return {};
}

void FixturesModel::updateNode(int row, const FixtureStatus &status)
{
    Node &node = *m_nodes[size_t(row)];
    const QModelIndex parentIndex = createIndex(row, 0, nullptr);
    const bool changed = !sameFixture(node.status, status);
    node.status = status;
    const QList<ContainerInfo> next = status.running ? status.running->containers : QList<ContainerInfo>();

    // Containers: remove, then place/insert/update in order.
    QSet<QString> nextKeys;
    for (const ContainerInfo &c : next)
        nextKeys.insert(containerKey(c));
    for (int i = int(node.containers.size()) - 1; i >= 0; --i) {
        if (!nextKeys.contains(containerKey(node.containers[i]))) {
            beginRemoveRows(parentIndex, i, i);
            node.containers.removeAt(i);
            endRemoveRows();
        }
    }
    for (int i = 0; i < next.size(); ++i) {
        const QString k = containerKey(next[i]);
        int j = -1;
        for (int m = i; m < node.containers.size(); ++m)
            if (containerKey(node.containers[m]) == k) {
                j = m;
                break;
            }
        if (j < 0) {
            beginInsertRows(parentIndex, i, i);
            node.containers.insert(i, next[i]);
            endInsertRows();
            continue;
        }
        if (j != i) {
            beginMoveRows(parentIndex, j, j, parentIndex, i);
            node.containers.move(j, i);
            endMoveRows();
        }
        if (!sameContainer(node.containers[i], next[i])) {
            node.containers[i] = next[i];
            Q_EMIT dataChanged(createIndex(i, 0, &node), createIndex(i, ColumnCount - 1, &node));
        }
    }
    if (changed)
        Q_EMIT dataChanged(createIndex(row, 0, nullptr), createIndex(row, ColumnCount - 1, nullptr));
}

void FixturesModel::setStatuses(const QList<FixtureStatus> &statuses)
{
    QSet<QString> keys;
    for (const FixtureStatus &s : statuses)
        keys.insert(FixtureController::key(s.fixture, s.instance));
    for (int i = int(m_nodes.size()) - 1; i >= 0; --i) {
        if (!keys.contains(m_nodes[size_t(i)]->key)) {
            beginRemoveRows(QModelIndex(), i, i);
            m_nodes.erase(m_nodes.begin() + i);
            endRemoveRows();
        }
    }
    for (int i = 0; i < statuses.size(); ++i) {
        const FixtureStatus &s = statuses[i];
        const QString key = FixtureController::key(s.fixture, s.instance);
        int j = -1;
        for (size_t m = size_t(i); m < m_nodes.size(); ++m)
            if (m_nodes[m]->key == key) {
                j = int(m);
                break;
            }
        if (j < 0) {
            auto node = std::make_unique<Node>();
            node->key = key;
            node->status = s;
            beginInsertRows(QModelIndex(), i, i);
            m_nodes.insert(m_nodes.begin() + i, std::move(node));
            endInsertRows();
            if (s.running && !s.running->containers.isEmpty()) {
                Node &n = *m_nodes[size_t(i)];
                beginInsertRows(createIndex(i, 0, nullptr), 0, int(s.running->containers.size()) - 1);
                n.containers = s.running->containers;
                endInsertRows();
            }
            continue;
        }
        if (j != i) {
            beginMoveRows(QModelIndex(), j, j, QModelIndex(), i);
            auto node = std::move(m_nodes[size_t(j)]);
            m_nodes.erase(m_nodes.begin() + j);
            m_nodes.insert(m_nodes.begin() + i, std::move(node));
            endMoveRows();
        }
        updateNode(i, s);
    }
}

} // namespace fixbench
