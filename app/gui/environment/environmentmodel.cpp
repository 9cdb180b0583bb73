#include "environmentmodel.h"

#include <QFont>

namespace fixbench {

EnvironmentModel::EnvironmentModel(QObject *parent) : QAbstractTableModel(parent) {}

int EnvironmentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_effective.size();
}

int EnvironmentModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EnvironmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Variable");
    case ValueColumn: return tr("Value");
    case SourceColumn: return tr("Source");
    }
    return {};
}

QString EnvironmentModel::sourceText(const QString &source)
{
    const QString kind = source.section(QLatin1Char(':'), 0, 0);
    const QString what = source.section(QLatin1Char(':'), 1);
    if (kind == QLatin1String("port"))
        return what.isEmpty() ? tr("allocated port") : tr("allocated port (%1)").arg(what);
    if (kind == QLatin1String("fixture"))
        return tr("fixture %1").arg(what);
    if (kind == QLatin1String("fixbench"))
        return what.isEmpty() ? tr("fixbench") : tr("fixbench (%1)").arg(what);
    if (kind == QLatin1String("test"))
        return tr("test binary %1").arg(what);
    if (source == QLatin1String("fixbench.yml"))
        return tr("fixbench.yml");
    if (kind == QLatin1String("override"))
        return tr("override");
    if (kind == QLatin1String("system"))
        return tr("system");
    return source;
}

Qt::ItemFlags EnvironmentModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant EnvironmentModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_effective.size())
        return {};
    const Environment::Variable &v = m_effective.variables()[index.row()];
    const bool overridden = m_overrides.contains(v.name);
    switch (role) {
    case SecretRole: return v.secret;
    case OverriddenRole: return overridden;
    case SourceRole: return v.source;
    case ValueRole: return v.value;
    case Qt::EditRole:
        return index.column() == ValueColumn ? v.value : QVariant();
    case Qt::FontRole:
        if (overridden && index.column() != SourceColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole: {
        const Environment::Variable *base = m_base.find(v.name);
        if (overridden && base)
            return tr("Overrides %1 from %2. Clear the override to go back to it.")
                .arg(Environment::displayValue(*base, m_revealed), sourceText(base->source));
        if (overridden)
            return tr("Your own variable, remembered for this workspace.");
        if (v.secret && !m_revealed)
            return tr("Secret: reveal secrets to see it.");
        return tr("Double-click the value to override it for the next runs.");
    }
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return v.name;
        case ValueColumn: return Environment::displayValue(v, m_revealed);
        case SourceColumn: return sourceText(v.source);
        }
        return {};
    default:
        return {};
    }
}

bool EnvironmentModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != ValueColumn || role != Qt::EditRole || index.row() >= m_effective.size())
        return false;
    const QString name = m_effective.variables()[index.row()].name;
    const Environment::Variable *base = m_base.find(name);
    if (base && base->value == value.toString() && m_overrides.contains(name)) {
        removeOverride(name); // back to what the fixture says
        return true;
    }
    if (!base || base->value != value.toString())
        setOverride(name, value.toString());
    return true;
}

void EnvironmentModel::setBase(const Environment &base)
{
    m_base = base;
    rebuild();
}

void EnvironmentModel::setOverrides(const QMap<QString, QString> &overrides)
{
    if (overrides == m_overrides)
        return;
    m_overrides = overrides;
    rebuild();
    Q_EMIT overridesChanged(m_overrides);
}

void EnvironmentModel::setOverride(const QString &name, const QString &value)
{
    if (name.isEmpty() || (m_overrides.contains(name) && m_overrides.value(name) == value))
        return;
    m_overrides.insert(name, value);
    rebuild();
    Q_EMIT overridesChanged(m_overrides);
}

bool EnvironmentModel::removeOverride(const QString &name)
{
    if (!m_overrides.remove(name))
        return false;
    rebuild();
    Q_EMIT overridesChanged(m_overrides);
    return true;
}

void EnvironmentModel::setSecretsRevealed(bool revealed)
{
    if (revealed == m_revealed)
        return;
    m_revealed = revealed;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int EnvironmentModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_effective.size(); ++i)
        if (m_effective.variables()[i].name == name)
            return i;
    return -1;
}

void EnvironmentModel::rebuild()
{
    Environment next = m_base;
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        const Environment::Variable *b = m_base.find(it.key());
        next.set(it.key(), it.value(), b ? b->secret : false, QStringLiteral("override"));
    }
    // Same names in the same order: update in place; otherwise reset (a user action or a
    // fixture coming up or going down — rare).
    bool sameShape = next.size() == m_effective.size();
    for (int i = 0; sameShape && i < next.size(); ++i)
        sameShape = next.variables()[i].name == m_effective.variables()[i].name;
    if (sameShape) {
        m_effective = next;
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_effective = next;
    endResetModel();
}

} // namespace fixbench
