#include "csvmodel.h"

namespace fixbench {

CsvModel::CsvModel(QObject *parent) : QAbstractTableModel(parent) {}

int CsvModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CsvModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant CsvModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    return m_rows.value(index.row()).value(index.column());
}

QVariant CsvModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return m_header.value(section);
}

QChar CsvModel::guessSeparator(const QByteArray &data)
{
    const QByteArray firstLine = data.left(data.indexOf('\n') < 0 ? data.size() : data.indexOf('\n'));
    const qsizetype commas = firstLine.count(',');
    const qsizetype semis = firstLine.count(';');
    const qsizetype tabs = firstLine.count('\t');
    if (tabs > commas && tabs > semis)
        return QLatin1Char('\t');
    if (semis > commas)
        return QLatin1Char(';');
    return QLatin1Char(',');
}

QList<QStringList> CsvModel::parse(const QByteArray &bytes, QChar sep)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == sep) {
            row << field;
            field.clear();
            fieldStarted = false;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n'))
                ++i;
            row << field;
            rows << row;
            row.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !row.isEmpty() || !field.isEmpty()) {
        row << field;
        rows << row;
    }
    return rows;
}

void CsvModel::setCsv(const QByteArray &data)
{
    beginResetModel();
    QList<QStringList> rows = parse(data, guessSeparator(data));
    m_header = rows.isEmpty() ? QStringList() : rows.takeFirst();
    m_rows = rows;
    m_columns = int(m_header.size());
    for (const QStringList &r : std::as_const(m_rows))
        m_columns = std::max(m_columns, int(r.size()));
    endResetModel();
}

void CsvModel::clear()
{
    beginResetModel();
    m_header.clear();
    m_rows.clear();
    m_columns = 0;
    endResetModel();
}

} // namespace fixbench
