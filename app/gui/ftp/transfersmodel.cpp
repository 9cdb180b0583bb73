#include "transfersmodel.h"

#include "ftplistingmodel.h"
#include "icons.h"

#include <QApplication>
#include <QFileInfo>
#include <QStyle>
#include <QStyleOptionProgressBar>

namespace fixbench {

TransfersModel::TransfersModel(QObject *parent) : QAbstractTableModel(parent) {}

int TransfersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TransfersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransfersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FileColumn: return tr("Transfer");
    case ProgressColumn: return tr("Progress");
    case StateColumn: return tr("State");
    }
    return {};
}

int TransfersModel::rowOf(int id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return i;
    return -1;
}

int TransfersModel::runningCount() const
{
    int n = 0;
    for (const Transfer &t : m_rows)
        n += t.state == State::Running ? 1 : 0;
    return n;
}

QVariant TransfersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Transfer &t = m_rows[index.row()];
    switch (role) {
    case IdRole: return t.id;
    case RunningRole: return t.state == State::Running;
    case FractionRole:
        if (t.state == State::Done)
            return 1.0;
        return t.size > 0 ? double(t.done) / double(t.size) : (t.state == State::Running ? -1.0 : 0.0);
    case Qt::DecorationRole:
        return index.column() == FileColumn ? Icons::get(t.upload ? QStringLiteral("upload") : QStringLiteral("download")) : QVariant();
    case Qt::ToolTipRole:
        return t.error.isEmpty() ? (t.upload ? tr("%1 → %2") : tr("%2 → %1")).arg(t.local, t.remote) : t.error;
    case Qt::DisplayRole:
        switch (index.column()) {
        case FileColumn: return t.upload ? tr("%1 → %2").arg(QFileInfo(t.local).fileName(), t.remote)
                                         : tr("%1 → %2").arg(t.remote, t.local);
        case ProgressColumn:
            return t.size > 0 ? tr("%1 of %2").arg(FtpListingModel::sizeText(t.done), FtpListingModel::sizeText(t.size))
                              : FtpListingModel::sizeText(t.done);
        case StateColumn:
            switch (t.state) {
            case State::Running: return tr("running");
            case State::Done: return tr("done");
            case State::Failed: return tr("failed");
            case State::Cancelled: return tr("cancelled");
            }
        }
        return {};
    default:
        return {};
    }
}

void TransfersModel::started(int id, bool upload, const QString &remote, const QString &local, qint64 size)
{
    beginInsertRows(QModelIndex(), 0, 0);
    m_rows.prepend(Transfer{id, upload, remote, local, size, 0, State::Running, QString()});
    endInsertRows();
}

void TransfersModel::progress(int id, qint64 done, qint64 total)
{
    const int r = rowOf(id);
    if (r < 0)
        return;
    m_rows[r].done = done;
    if (total > 0)
        m_rows[r].size = total;
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void TransfersModel::finished(int id, bool ok, const Error &error)
{
    const int r = rowOf(id);
    if (r < 0)
        return;
    Transfer &t = m_rows[r];
    t.state = ok ? State::Done : error.kind == Error::Kind::Cancelled ? State::Cancelled : State::Failed;
    t.error = ok ? QString() : error.toString();
    if (ok && t.size > 0)
        t.done = t.size;
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void TransfersModel::clearFinished()
{
    for (int i = int(m_rows.size()) - 1; i >= 0; --i)
        if (m_rows[i].state != State::Running) {
            beginRemoveRows(QModelIndex(), i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.column() != TransfersModel::ProgressColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const double f = index.data(TransfersModel::FractionRole).toDouble();
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.minimum = 0;
    bar.maximum = f < 0 ? 0 : 1000; // 0/0: busy indicator
    bar.progress = f < 0 ? 0 : int(f * 1000);
    bar.text = index.data().toString();
    bar.textVisible = true;
    bar.state = option.state | QStyle::State_Horizontal;
    const QWidget *w = option.widget;
    (w ? w->style() : QApplication::style())->drawControl(QStyle::CE_ProgressBar, &bar, painter, w);
}

} // namespace fixbench
