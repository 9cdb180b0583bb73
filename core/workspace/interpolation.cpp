#include "workspace/interpolation.h"

#include "workspace/allocatedport.h"
#include "workspace/yamlutil.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace fixbench {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::Interpolation)
};

bool isNameStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || c == QLatin1Char('_');
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// One piece of a template: literal text or a variable reference.
struct Token {
    enum class Kind { Literal, Ref };
    enum class Default { None, IfUnsetOrEmpty, IfUnset }; // ${A}, ${A:-x}, ${A-x}
    Kind kind = Kind::Literal;
    QString text; // literal text, or the reference as written (for messages)
    QString name;
    Default mode = Default::None;
    QString defaultText; // unexpanded: may hold references itself
};

struct Tokens {
    QList<Token> tokens;
    QString error; // non-empty when malformed
};

QString malformed(const QString &ref, const QString &tmpl, const QString &why)
{
    return Tr::tr("malformed variable reference `%1` in `%2`: %3; use ${NAME}, ${NAME:-default}, "
                  "${NAME-default} or $NAME, and $$ for a literal $")
        .arg(ref, tmpl, why);
}

Tokens tokenize(const QString &s)
{
    Tokens out;
    QString literal;
    auto flushLiteral = [&] {
        if (!literal.isEmpty()) {
            Token t;
            t.text = literal;
            out.tokens.append(t);
            literal.clear();
        }
    };
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = s.at(i);
        if (c != QLatin1Char('$')) {
            literal += c;
            ++i;
            continue;
        }
        if (i + 1 >= n) {
            out.error = malformed(QStringLiteral("$"), s, Tr::tr("a `$` at the end"));
            return out;
        }
        const QChar next = s.at(i + 1);
        if (next == QLatin1Char('$')) {
            literal += QLatin1Char('$');
            i += 2;
            continue;
        }
        if (isNameStart(next)) {
            qsizetype j = i + 1;
            while (j < n && isNameChar(s.at(j)))
                ++j;
            flushLiteral();
            Token t;
            t.kind = Token::Kind::Ref;
            t.name = s.mid(i + 1, j - i - 1);
            t.text = s.mid(i, j - i);
            out.tokens.append(t);
            i = j;
            continue;
        }
        if (next != QLatin1Char('{')) {
            out.error = malformed(s.mid(i, 2), s, Tr::tr("a `$` not followed by a name"));
            return out;
        }
        // ${...}
        qsizetype j = i + 2;
        while (j < n && isNameChar(s.at(j)))
            ++j;
        const QString name = s.mid(i + 2, j - i - 2);
        if (j >= n) {
            out.error = malformed(s.mid(i), s, Tr::tr("missing `}`"));
            return out;
        }
        if (name.isEmpty() || !isNameStart(name.at(0))) {
            // Show up to the closing brace when there is one.
            const qsizetype close = s.indexOf(QLatin1Char('}'), i);
            const QString ref = close < 0 ? s.mid(i) : s.mid(i, close - i + 1);
            out.error = malformed(ref, s,
                                  name.isEmpty() ? Tr::tr("no variable name")
                                                 : Tr::tr("`%1` is not a valid name").arg(name));
            return out;
        }
        Token t;
        t.kind = Token::Kind::Ref;
        t.name = name;
        const QChar after = s.at(j);
        if (after == QLatin1Char('}')) {
            t.text = s.mid(i, j - i + 1);
            flushLiteral();
            out.tokens.append(t);
            i = j + 1;
            continue;
        }
        qsizetype defStart = -1;
        if (after == QLatin1Char(':') && j + 1 < n && s.at(j + 1) == QLatin1Char('-')) {
            t.mode = Token::Default::IfUnsetOrEmpty;
            defStart = j + 2;
        } else if (after == QLatin1Char('-')) {
            t.mode = Token::Default::IfUnset;
            defStart = j + 1;
        } else {
            const qsizetype close = s.indexOf(QLatin1Char('}'), i);
            const QString ref = close < 0 ? s.mid(i) : s.mid(i, close - i + 1);
            out.error = malformed(ref, s, Tr::tr("unexpected `%1` after the name").arg(after));
            return out;
        }
        // Find the matching '}', skipping nested ${...} and $$.
        qsizetype k = defStart;
        int depth = 0;
        bool closed = false;
        while (k < n) {
            const QChar d = s.at(k);
            if (d == QLatin1Char('$') && k + 1 < n && (s.at(k + 1) == QLatin1Char('$'))) {
                k += 2;
                continue;
            }
            if (d == QLatin1Char('$') && k + 1 < n && s.at(k + 1) == QLatin1Char('{')) {
                ++depth;
                k += 2;
                continue;
            }
            if (d == QLatin1Char('}')) {
                if (depth == 0) {
                    closed = true;
                    break;
                }
                --depth;
            }
            ++k;
        }
        if (!closed) {
            out.error = malformed(s.mid(i), s, Tr::tr("missing `}`"));
            return out;
        }
        t.defaultText = s.mid(defStart, k - defStart);
        t.text = s.mid(i, k - i + 1);
        flushLiteral();
        out.tokens.append(t);
        i = k + 1;
    }
    flushLiteral();
    return out;
}

void collectReferences(const QString &tmpl, QStringList &out, int depth)
{
    if (depth > 32)
        return;
    const Tokens t = tokenize(tmpl);
    for (const Token &tok : t.tokens) {
        if (tok.kind != Token::Kind::Ref)
            continue;
        if (!out.contains(tok.name))
            out.append(tok.name);
        if (tok.mode != Token::Default::None)
            collectReferences(tok.defaultText, out, depth + 1);
    }
}

// An expanded value bigger than this is an error, not a way to run out of memory.
constexpr qsizetype kMaxExpandedSize = 1 << 20;

// `known`, when given, is listed in the message for an unknown variable.
Result<QString> expandImpl(const QString &tmpl, const Interpolation::Lookup &lookup, const SourceLocation &where,
                           const QStringList *known, int depth, QString *unknownName = nullptr)
{
    if (depth > 32)
        return Error::spec(where, Tr::tr("defaults nested too deeply in `%1`").arg(tmpl));
    const Tokens tokens = tokenize(tmpl);
    if (!tokens.error.isEmpty())
        return Error::spec(where, tokens.error);
    QString out;
    for (const Token &tok : tokens.tokens) {
        if (tok.kind == Token::Kind::Literal) {
            out += tok.text;
            continue;
        }
        const std::optional<QString> v = lookup ? lookup(tok.name) : std::nullopt;
        bool useDefault = false;
        switch (tok.mode) {
        case Token::Default::None:
            break;
        case Token::Default::IfUnsetOrEmpty:
            useDefault = !v || v->isEmpty();
            break;
        case Token::Default::IfUnset:
            useDefault = !v.has_value();
            break;
        }
        if (useDefault) {
            Result<QString> d = expandImpl(tok.defaultText, lookup, where, known, depth + 1, unknownName);
            if (!d)
                return d;
            out += *d;
            continue;
        }
        if (!v) {
            if (unknownName)
                *unknownName = tok.name;
            QString msg = Tr::tr("unknown variable `%1` in `%2`").arg(tok.name, tmpl);
            if (known) {
                if (known->isEmpty())
                    msg += Tr::tr("; no variables are defined here");
                else
                    msg += Tr::tr("; known variables: %1").arg(yaml::quotedList(*known));
            }
            msg += Tr::tr("; define it or give it a default: ${%1:-value}").arg(tok.name);
            return Error::spec(where, msg);
        }
        out += *v;
        if (out.size() > kMaxExpandedSize)
            return Error::spec(where, Tr::tr("`%1` expands to more than 1 MiB; no environment value is that big on purpose "
                                             "(variables that repeat each other, doubling at each step?)")
                                          .arg(tmpl.left(80)));
    }
    return out;
}

} // namespace

Result<QString> Interpolation::expand(const QString &tmpl, const Lookup &lookup, const SourceLocation &where)
{
    return expandImpl(tmpl, lookup, where, nullptr, 0);
}

QStringList Interpolation::references(const QString &tmpl)
{
    QStringList out;
    collectReferences(tmpl, out, 0);
    return out;
}

Result<Environment> Interpolation::resolveFixtureEnvironment(const FixtureSpec &spec,
                                                            const QList<AllocatedPort> &ports,
                                                            const QMap<QString, QString> &builtins,
                                                            const QProcessEnvironment &process)
{
    // Port variables: NAME (= first), and for ranges NAME_MIN / NAME_MAX.
    QStringList portOrder;
    QHash<QString, QString> portValues;
    auto addPort = [&](const QString &name, int value) {
        if (!portValues.contains(name))
            portOrder.append(name);
        portValues.insert(name, QString::number(value));
    };
    for (const AllocatedPort &p : ports) {
        addPort(p.name, p.first);
        if (p.range) {
            addPort(p.name + QStringLiteral("_MIN"), p.first);
            addPort(p.name + QStringLiteral("_MAX"), p.last());
        }
    }

    QHash<QString, int> fixtureIndex;
    for (int i = 0; i < spec.environment.size(); ++i) {
        if (!fixtureIndex.contains(spec.environment.at(i).name))
            fixtureIndex.insert(spec.environment.at(i).name, i);
    }

    QStringList known;
    for (const EnvVarSpec &v : spec.environment)
        known.append(v.name);
    known += portOrder;
    known += builtins.keys();
    known.removeDuplicates();
    known.sort();

    QHash<QString, QString> resolved;
    QSet<QString> secretNames;
    QStringList stack;

    std::function<Result<QString>(int)> resolve = [&](int index) -> Result<QString> {
        const EnvVarSpec &var = spec.environment.at(index);
        if (const auto it = resolved.constFind(var.name); it != resolved.constEnd())
            return *it;
        if (const qsizetype at = stack.indexOf(var.name); at >= 0) {
            QStringList chain = stack.mid(at);
            chain.append(var.name);
            const EnvVarSpec &first = spec.environment.at(fixtureIndex.value(chain.first()));
            return Error::spec(first.where,
                               Tr::tr("environment variables reference each other in a cycle: %1; "
                                      "break it by giving one of them a plain value")
                                   .arg(chain.join(QStringLiteral(" -> "))));
        }
        stack.append(var.name);
        bool secret = var.secret;
        std::optional<Error> nested;
        const Lookup lookup = [&](const QString &ref) -> std::optional<QString> {
            if (nested)
                return QString();
            // A variable referring to its own name means the next source down:
            // FTP_PORT: ${FTP_PORT} takes the allocated port, PATH: ${PATH}:x the process one.
            if (ref != var.name) {
                if (const auto fi = fixtureIndex.constFind(ref); fi != fixtureIndex.constEnd()) {
                    Result<QString> r = resolve(*fi);
                    if (!r) {
                        nested = r.error();
                        return QString();
                    }
                    if (secretNames.contains(ref))
                        secret = true;
                    return *r;
                }
            }
            if (const auto pi = portValues.constFind(ref); pi != portValues.constEnd())
                return *pi;
            if (const auto bi = builtins.constFind(ref); bi != builtins.constEnd())
                return *bi;
            if (process.contains(ref))
                return process.value(ref);
            return std::nullopt;
        };
        QString unknown;
        Result<QString> value = expandImpl(var.value, lookup, var.where, &known, 0, &unknown);
        stack.removeLast();
        if (nested)
            return *nested;
        if (!value && unknown == var.name)
            return Error::spec(var.where, Tr::tr("`%1` refers to itself (`%2`), and nothing below it defines `%1`: no allocated "
                                                 "port, built-in or process variable of that name. Give it a plain value or a "
                                                 "default: ${%1:-value}")
                                              .arg(var.name, var.value));
        if (!value)
            return value;
        resolved.insert(var.name, *value);
        if (secret)
            secretNames.insert(var.name);
        return value;
    };

    for (int i = 0; i < spec.environment.size(); ++i) {
        Result<QString> r = resolve(i);
        if (!r)
            return r.error();
    }

    Environment env;
    for (const QString &name : std::as_const(portOrder)) {
        if (!fixtureIndex.contains(name))
            env.set(name, portValues.value(name), false, QStringLiteral("port"));
    }
    const QString fixtureSource = QStringLiteral("fixture:") + spec.name;
    for (const EnvVarSpec &var : spec.environment) {
        if (env.contains(var.name))
            continue; // a duplicate declaration: the first one counts
        env.set(var.name, resolved.value(var.name), secretNames.contains(var.name), fixtureSource);
    }
    for (auto it = builtins.constBegin(); it != builtins.constEnd(); ++it) {
        if (!env.contains(it.key()))
            env.set(it.key(), it.value(), false, QStringLiteral("fixbench"));
    }
    return env;
}

} // namespace fixbench
