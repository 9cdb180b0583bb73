#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <optional>

// Small helpers shared by the YAML readers (fixture.yml, fixbench.yml). Every error
// they produce is an Error::Kind::Spec carrying file:line:col (1-based) and naming
// the key path ("readiness.probes[0].tcp.port") so a user can find and fix it.
namespace fixbench::yaml {

// One value in a document together with the key path that leads to it and the node
// to blame when it is missing or empty (a null value has no useful mark of its own:
// yaml-cpp puts it on the next line, so errors point at the key instead).
struct Value {
    YAML::Node node;
    QString path;      // "ports.FTP_PASV", "tests[1].name"; empty for the document
    YAML::Node keyNode; // the key this value belongs to, when there is one
};

// Parses text; malformed YAML is a Spec error at the parser's file:line:col with its
// message. An empty document (or only comments) is a null node.
Result<YAML::Node> load(const QByteArray &text, const QString &file);

SourceLocation location(const QString &file, const YAML::Mark &mark);
SourceLocation location(const QString &file, const YAML::Node &node);
// The value's own location, or its key's when the value is null.
SourceLocation location(const QString &file, const Value &v);

QString toQString(const std::string &s);
// "nothing", "a list", "a map", "a string"/"a number"/"true/false" for scalars.
QString describe(const YAML::Node &node);

// "<path>: expected <what>, found <describe(node)>" at the value's location.
Error expected(const QString &file, const Value &v, const QString &what);

// Checks that v is a map (null counts as an empty map when allowNull) whose keys are
// scalars from `allowed`, without duplicates. Unknown keys name the key, sit at the
// key's location and list the allowed keys.
Status checkMap(const QString &file, const Value &v, const QStringList &allowed, bool allowNull = true);
// Same without a fixed key set: keys must be scalars, no duplicates.
Status checkMapKeys(const QString &file, const Value &v, bool allowNull = true);

// The entries of a map as Values (path = parent.key), in document order.
QList<std::pair<QString, Value>> entries(const Value &map);
// Items of a sequence as Values (path = parent[i]).
QList<Value> items(const Value &seq);

// A scalar (string, number or bool) as text. Null is an error.
Result<QString> toString(const QString &file, const Value &v, const QString &what = QString());
// true/false (also yes/no/on/off as YAML 1.1 allows): "`keep_up` must be true or false".
Result<bool> toBool(const QString &file, const Value &v);
// A decimal integer within [min, max].
Result<int> toInt(const QString &file, const Value &v, int min, int max);
// A duration: "30s", "500ms", "2m", "1h", "1.5s", or a bare number of seconds.
Result<qint64> toDurationMs(const QString &file, const Value &v);
// A list of scalars; a single scalar counts as a one-element list.
Result<QStringList> toStringList(const QString &file, const Value &v);

// Pure parsers (no location): nullopt when malformed. Negative durations are malformed.
std::optional<qint64> parseDurationMs(const QString &text);

// [A-Za-z_][A-Za-z0-9_]*
bool isIdentifier(const QString &name);

// "`a`, `b`, `c`"
QString quotedList(const QStringList &names);

} // namespace fixbench::yaml
