#pragma once

#include "base/environment.h"

#include <QAbstractTableModel>
#include <QMap>

namespace fixbench {

// The variables the next run will inject, as a table: name, value (secrets masked until
// revealed), and where each comes from. Base variables come from the fixtures that are
// up (and the test binary's own `env:`); user overrides sit on top, are edited in place
// (editing a value creates an override) and are handed back for the window to remember
// per workspace.
class EnvironmentModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, SourceColumn, ColumnCount };
    enum Role {
        SecretRole = Qt::UserRole + 1, // bool
        OverriddenRole,                // bool: an override decides the value
        SourceRole,                    // QString: raw source ("port:ftp_server", "override", ...)
        ValueRole,                     // QString: the real value, even for secrets
    };

    explicit EnvironmentModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // What the fixtures (and the test binary) provide, sources as set by the caller.
    void setBase(const Environment &base);
    const Environment &base() const { return m_base; }

    void setOverrides(const QMap<QString, QString> &overrides);
    QMap<QString, QString> overrides() const { return m_overrides; }
    void setOverride(const QString &name, const QString &value);
    bool removeOverride(const QString &name);

    void setSecretsRevealed(bool revealed);
    bool secretsRevealed() const { return m_revealed; }

    // Base + overrides: exactly what the run gets.
    Environment effective() const { return m_effective; }
    int rowOf(const QString &name) const;

    // "port:echo_server" → "allocated port (echo_server)", etc.
    static QString sourceText(const QString &source);

Q_SIGNALS:
    void overridesChanged(const QMap<QString, QString> &overrides);

private:
    void rebuild();

    Environment m_base;
    QMap<QString, QString> m_overrides;
    Environment m_effective;
    bool m_revealed = false;
};

} // namespace fixbench
