#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace fixbench {

// A CSV file as a table (RFC 4180: quoted fields, doubled quotes, line breaks inside
// quotes; separator guessed among , ; and tab). The first row is the header.
class CsvModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit CsvModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setCsv(const QByteArray &data);
    void clear();
    QStringList header() const { return m_header; }

    static QList<QStringList> parse(const QByteArray &data, QChar separator);
    static QChar guessSeparator(const QByteArray &data);

private:
    QStringList m_header;
    QList<QStringList> m_rows;
    int m_columns = 0;
};

} // namespace fixbench
