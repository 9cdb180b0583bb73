#pragma once

#include "run/binaryreport.h"
#include "run/testcatalog.h"
#include "run/testrun.h"
#include "workspace/workspace.h"

#include <QAbstractItemModel>
#include <QHash>

class QTimer;

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace fixbench {

// The Tests tree: test binaries of the workspace → suites → tests, with checkboxes,
// each test's last result (status, duration, failures, output) and aggregated states
// for suites and binaries. Filled by discovery (setDiscovered) and by a run's result
// batches (upsert); both keep what they can (check states and results survive a
// rediscovery of a rebuilt binary).
class TestsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, DurationColumn, ColumnCount };
    enum Kind { BinaryKind, SuiteKind, TestKind };
    enum Role {
        KindRole = Qt::UserRole + 1, // int Kind
        BinaryRole,                  // QString: binary name
        SuiteRole,                   // QString (suites and tests)
        FullNameRole,                // QString: "Suite.Test" (tests)
        StatusRole,                  // int TestStatus, -1 = no result yet
        QueuedRole,                  // bool: will run in the current run
        FileRole,                    // QString: where the test is defined
        LineRole,                    // int
        ErrorRole,                   // QString: the binary could not be listed / started
    };

    explicit TestsModel(QObject *parent = nullptr);
    ~TestsModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The workspace's binaries (a reset: a workspace was opened).
    void setBinaries(const QList<TestBinarySpec> &binaries);
    QList<TestBinarySpec> binaries() const;
    const TestBinarySpec *binarySpec(const QString &name) const;

    void setDiscovering(const QString &binary, bool discovering);
    void setDiscovered(const DiscoveredBinary &discovered);

    // A run starts: the tests it will run show as queued.
    void markQueued(const QString &binary, const TestSelection &selection);
    void upsert(const QList<TestResult> &results);
    // The binary's run ended: what stayed queued did not run; the report is kept (for
    // "run failed" and the results view).
    void finishBinary(const BinaryReport &report);
    void setBinaryError(const QString &binary, const QString &error);

    const TestResult *resultAt(const QModelIndex &index) const;
    const BinaryReport *lastReport(const QString &binary) const;
    QModelIndex indexOfBinary(const QString &binary) const;
    QModelIndex indexOfTest(const QString &binary, const QString &fullName) const;

    // What to run: checked tests per binary; failed last time; one row's tests.
    QList<QPair<QString, TestSelection>> checkedSelections() const;
    // Only the checked tests `shown` accepts (the ones a filter leaves in view); *hidden
    // counts the checked tests it left out.
    QList<QPair<QString, TestSelection>> checkedSelections(const std::function<bool(const QModelIndex &)> &shown,
                                                           int *hidden = nullptr) const;
    QList<QPair<QString, TestSelection>> failedSelections() const;
    QPair<QString, TestSelection> selectionAt(const QModelIndex &index) const;

    void setAllChecked(bool checked);

    static QString statusText(TestStatus status);
    static QString durationText(qint64 ms);

    // Running tests and binaries show their elapsed time, counted live (a hang shows);
    // the clock is injectable for tests.
    void setClock(std::function<qint64()> nowMs);

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column = 0) const;
    Node *binaryNode(const QString &name) const;
    Node *testNode(Node *binary, const QString &suite, const QString &name, bool create);
    void emitChangedUpwards(Node *node);
    // "Suite.Name", or the name alone for the results outside any test (no suite).
    static QString fullNameOf(const Node *test);
    Qt::CheckState checkState(const Node *node) const;
    void setChecked(Node *node, bool checked);
    std::optional<TestStatus> aggregate(const Node *node, bool *queued) const;
    qint64 duration(const Node *node) const;

    void tick();

    std::unique_ptr<Node> m_root;
    std::function<qint64()> m_now;
    QTimer *m_tick = nullptr;
};

} // namespace fixbench
