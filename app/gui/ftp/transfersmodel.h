#pragma once

#include "base/error.h"

#include <QAbstractTableModel>
#include <QStyledItemDelegate>

namespace fixbench {

// FTP transfers: file, direction, progress (painted as a bar), state.
class TransfersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FileColumn, ProgressColumn, StateColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, FractionRole, RunningRole };
    enum class State { Running, Done, Failed, Cancelled };

    explicit TransfersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void started(int id, bool upload, const QString &remote, const QString &local, qint64 size);
    void progress(int id, qint64 done, qint64 total);
    void finished(int id, bool ok, const fixbench::Error &error);
    void clearFinished();
    int runningCount() const;

private:
    struct Transfer {
        int id;
        bool upload;
        QString remote;
        QString local;
        qint64 size;
        qint64 done = 0;
        State state = State::Running;
        QString error;
    };
    int rowOf(int id) const;
    QList<Transfer> m_rows;
};

class ProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace fixbench
