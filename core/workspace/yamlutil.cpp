#include "workspace/yamlutil.h"

#include "base/utf8.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

#include <cmath>

namespace fixbench::yaml {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::yaml)
};

QString withPath(const QString &path, const QString &msg)
{
    return path.isEmpty() ? msg : path + QStringLiteral(": ") + msg;
}

int editDistance(const QString &a, const QString &b)
{
    QList<int> prev(b.size() + 1), cur(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

QString suggestion(const QString &key, const QStringList &allowed)
{
    QString best;
    int bestDistance = 3; // only close typos
    for (const QString &a : allowed) {
        const int d = editDistance(key, a);
        if (d < bestDistance) {
            bestDistance = d;
            best = a;
        }
    }
    return best;
}

} // namespace

QString toQString(const std::string &s)
{
    return QString::fromStdString(s);
}

Result<YAML::Node> load(const QByteArray &text, const QString &file)
{
    // yaml-cpp passes bytes that are not UTF-8 on as they are: say where they are.
    if (Status s = utf8::check(text, file); !s)
        return s.error();
    try {
        return YAML::Load(text.toStdString());
    } catch (const YAML::ParserException &e) {
        return Error::spec(location(file, e.mark),
                           Tr::tr("invalid YAML: %1").arg(toQString(e.msg)));
    } catch (const YAML::Exception &e) {
        return Error::spec(location(file, e.mark),
                           Tr::tr("invalid YAML: %1").arg(toQString(e.msg)));
    }
}

SourceLocation location(const QString &file, const YAML::Mark &mark)
{
    SourceLocation loc;
    loc.file = file;
    if (!mark.is_null() && mark.line >= 0) {
        loc.line = mark.line + 1;
        loc.column = mark.column >= 0 ? mark.column + 1 : 0;
    }
    return loc;
}

SourceLocation location(const QString &file, const YAML::Node &node)
{
    if (!node.IsDefined())
        return location(file, YAML::Mark::null_mark());
    return location(file, node.Mark());
}

SourceLocation location(const QString &file, const Value &v)
{
    const bool missing = !v.node.IsDefined() || v.node.IsNull();
    if (missing && v.keyNode.IsDefined())
        return location(file, v.keyNode);
    return location(file, v.node);
}

QString describe(const YAML::Node &node)
{
    if (!node.IsDefined() || node.IsNull())
        return Tr::tr("nothing");
    if (node.IsSequence())
        return Tr::tr("a list");
    if (node.IsMap())
        return Tr::tr("a map");
    return QStringLiteral("`%1`").arg(toQString(node.Scalar()));
}

Error expected(const QString &file, const Value &v, const QString &what)
{
    return Error::spec(location(file, v),
                       withPath(v.path, Tr::tr("expected %1, found %2").arg(what, describe(v.node))));
}

Status checkMapKeys(const QString &file, const Value &v, bool allowNull)
{
    if (allowNull && (!v.node.IsDefined() || v.node.IsNull()))
        return {};
    if (!v.node.IsMap())
        return expected(file, v, Tr::tr("a map"));
    QHash<QString, YAML::Mark> seen;
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar())
            return Error::spec(location(file, key),
                               withPath(v.path, Tr::tr("keys must be plain names, found %1").arg(describe(key))));
        const QString name = toQString(key.Scalar());
        const auto prev = seen.constFind(name);
        if (prev != seen.constEnd()) {
            return Error::spec(location(file, key),
                               withPath(v.path, Tr::tr("duplicate key `%1` (first defined at line %2); remove one")
                                                    .arg(name)
                                                    .arg(prev->line + 1)));
        }
        seen.insert(name, key.Mark());
    }
    return {};
}

Status checkMap(const QString &file, const Value &v, const QStringList &allowed, bool allowNull)
{
    if (Status s = checkMapKeys(file, v, allowNull); !s)
        return s;
    if (!v.node.IsDefined() || v.node.IsNull())
        return {};
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
        const QString name = toQString(it->first.Scalar());
        if (allowed.contains(name))
            continue;
        QString msg = v.path.isEmpty() ? Tr::tr("unknown key `%1`").arg(name)
                                       : Tr::tr("unknown key `%1` in `%2`").arg(name, v.path);
        const QString close = suggestion(name, allowed);
        if (!close.isEmpty())
            msg += Tr::tr(" (did you mean `%1`?)").arg(close);
        msg += Tr::tr("; allowed keys: %1").arg(quotedList(allowed));
        return Error::spec(location(file, it->first), msg);
    }
    return {};
}

QList<std::pair<QString, Value>> entries(const Value &map)
{
    QList<std::pair<QString, Value>> out;
    if (!map.node.IsMap())
        return out;
    for (auto it = map.node.begin(); it != map.node.end(); ++it) {
        const QString key = toQString(it->first.Scalar());
        Value v;
        v.node = it->second;
        v.keyNode = it->first;
        v.path = map.path.isEmpty() ? key : map.path + QLatin1Char('.') + key;
        out.append({key, v});
    }
    return out;
}

QList<Value> items(const Value &seq)
{
    QList<Value> out;
    if (!seq.node.IsSequence())
        return out;
    int i = 0;
    for (const YAML::Node &n : seq.node) {
        Value v;
        v.node = n;
        v.keyNode = seq.keyNode;
        v.path = seq.path + QStringLiteral("[%1]").arg(i++);
        out.append(v);
    }
    return out;
}

Result<QString> toString(const QString &file, const Value &v, const QString &what)
{
    if (!v.node.IsScalar())
        return expected(file, v, what.isEmpty() ? Tr::tr("a string") : what);
    return toQString(v.node.Scalar());
}

Result<bool> toBool(const QString &file, const Value &v)
{
    if (v.node.IsScalar()) {
        const QString s = toQString(v.node.Scalar()).toLower();
        if (s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("on"))
            return true;
        if (s == QLatin1String("false") || s == QLatin1String("no") || s == QLatin1String("off"))
            return false;
    }
    return Error::spec(location(file, v),
                       Tr::tr("`%1` must be true or false, found %2").arg(v.path, describe(v.node)));
}

Result<int> toInt(const QString &file, const Value &v, int min, int max)
{
    const QString what = Tr::tr("a whole number from %1 to %2").arg(min).arg(max);
    if (!v.node.IsScalar())
        return expected(file, v, what);
    bool ok = false;
    const qlonglong n = toQString(v.node.Scalar()).trimmed().toLongLong(&ok, 10);
    if (!ok || n < min || n > max)
        return expected(file, v, what);
    return int(n);
}

std::optional<qint64> parseDurationMs(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const double n = m.captured(1).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    const QString unit = m.captured(2);
    double factor = 1000.0;
    if (unit == QLatin1String("ms"))
        factor = 1.0;
    else if (unit == QLatin1String("m"))
        factor = 60000.0;
    else if (unit == QLatin1String("h"))
        factor = 3600000.0;
    const double ms = std::round(n * factor);
    if (!std::isfinite(ms) || ms > 1e12) // ~31 years: surely a mistake
        return std::nullopt;
    return qint64(ms);
}

Result<qint64> toDurationMs(const QString &file, const Value &v)
{
    const QString what = Tr::tr("a duration such as `30s`, `500ms`, `2m` or a number of seconds");
    if (!v.node.IsScalar())
        return expected(file, v, what);
    const std::optional<qint64> ms = parseDurationMs(toQString(v.node.Scalar()));
    if (!ms)
        return expected(file, v, what);
    return *ms;
}

Result<QStringList> toStringList(const QString &file, const Value &v)
{
    if (v.node.IsScalar())
        return QStringList{toQString(v.node.Scalar())};
    if (!v.node.IsSequence())
        return expected(file, v, Tr::tr("a list of strings"));
    QStringList out;
    for (const Value &item : items(v)) {
        Result<QString> s = toString(file, item);
        if (!s)
            return s.error();
        out.append(*s);
    }
    return out;
}

bool isIdentifier(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (int i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        const bool letter = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_');
        const bool digit = c >= QLatin1Char('0') && c <= QLatin1Char('9');
        if (!(letter || (i > 0 && digit)))
            return false;
    }
    return true;
}

QString quotedList(const QStringList &names)
{
    QStringList q;
    q.reserve(names.size());
    for (const QString &n : names)
        q.append(QLatin1Char('`') + n + QLatin1Char('`'));
    return q.join(QStringLiteral(", "));
}

} // namespace fixbench::yaml
