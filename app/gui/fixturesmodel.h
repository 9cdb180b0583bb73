#pragma once

#include "fixture/fixturemanager.h"

#include <QAbstractItemModel>
#include <QSet>

#include <memory>
#include <vector>

namespace fixbench {

// The fixtures of a workspace as a tree: one row per fixture instance (every fixture of
// the workspace, down or not, plus running instances), its services (containers) below.
// Fed whole FixtureStatus lists (FixtureController::statusesChanged) and diffs them:
// changed rows emit dataChanged, new and vanished rows are inserted and removed — never a
// reset, so selection and expansion survive every poll.
class FixturesModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StateColumn, HealthColumn, PortsColumn, InfoColumn, ColumnCount };
    enum Role {
        FixtureRole = Qt::UserRole + 1, // QString
        InstanceRole,                   // QString
        ProjectRole,                    // QString
        StateRole,                      // int (FixtureState); containers: their fixture's
        StaleRole,                      // bool
        IsServiceRole,                  // bool: a container row
        ServiceRole,                    // QString (container rows)
        ContainerIdRole,                // QString (container rows)
        OwnedRole,                      // bool: this process brought it up
        KeptRole,                       // bool: its keep label is set
        KeepOnCloseRole,                // bool: this window promised to leave it up
        RunningRole,                    // bool: the engine has containers/networks for it
        KeyRole,                        // QString: FixtureController::key()
    };

    explicit FixturesModel(QObject *parent = nullptr);
    ~FixturesModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setStatuses(const QList<FixtureStatus> &statuses);
    QList<FixtureStatus> statuses() const;

    // The window's promise to leave a fixture it started up when it closes.
    void setKeepOnClose(const QString &key, bool keep);
    bool keepOnClose(const QString &key) const { return m_keepOnClose.contains(key); }

    // While the engine cannot be reached, states are shown as unknown.
    void setEngineReachable(bool reachable);
    bool engineReachable() const { return m_engineReachable; }

    QModelIndex indexOf(const QString &fixture, const QString &instance = {}, int column = 0) const;
    // The fixture of a fixture or container row.
    const FixtureStatus *statusAt(const QModelIndex &index) const;

    static QString stateText(FixtureState state, bool stale);
    static QString containerPorts(const ContainerInfo &c);
    // The engine's words for a container ("running", "exited", "healthy", ...), translated.
    static QString containerStateText(const QString &state);

private:
    struct Node {
        QString key;
        FixtureStatus status;
        QList<ContainerInfo> containers;
    };
    int rowOf(const Node *node) const;
    void updateNode(int row, const FixtureStatus &status);
    QVariant fixtureData(const Node &node, int column, int role) const;
    QVariant containerData(const Node &node, const ContainerInfo &c, int column, int role) const;

    std::vector<std::unique_ptr<Node>> m_nodes;
    QSet<QString> m_keepOnClose;
    bool m_engineReachable = true;
};

} // namespace fixbench
