#include "base/dotenv.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QFile>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::DotEnv)
};
} // namespace

Result<QString> DotEnv::line(const QString &name, const QString &value, bool *doubleQuoted)
{
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+,=\\\\-]*$"));
    if (doubleQuoted)
        *doubleQuoted = false;
    if (!validName.match(name).hasMatch())
        return Error(Error::Kind::Other, Tr::tr("variable `%1`: not a name a dotenv file can hold").arg(name));
    if (plain.match(value).hasMatch())
        return QString(name + QLatin1Char('=') + value);
    const bool needsEscapes = value.contains(QLatin1Char('\'')) || value.contains(QLatin1Char('\\'))
                              || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'));
    // python-dotenv 0.21 (docker-compose v1) expands ${NAME} and ${NAME:-default} in
    // every value, quoted or not, and has no escape for it.
    static const QRegularExpression expanded(QStringLiteral("\\$\\{[^}:]*(?::-[^}]*)?\\}"));
    if (const QRegularExpressionMatch m = expanded.match(value); m.hasMatch())
        return Error(Error::Kind::Other,
                     Tr::tr("variable `%1` cannot be written to a dotenv file exactly: its value holds `%2`, which "
                            "python-dotenv (docker-compose --env-file) replaces by another variable's value in any quotes")
                         .arg(name, m.captured(0)));
    if (!needsEscapes)
        return QString(name + QStringLiteral("='") + value + QLatin1Char('\''));
    // python-dotenv takes `\"` at the end of `"...\\"` for an escaped quote.
    if (value.endsWith(QLatin1Char('\\')))
        return Error(Error::Kind::Other,
                     Tr::tr("variable `%1` cannot be written to a dotenv file exactly: it needs quotes and ends with a "
                            "backslash, which python-dotenv (docker-compose --env-file) reads as escaping the closing quote")
                         .arg(name));
    QString escaped;
    escaped.reserve(value.size() + 8);
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '\\': escaped += QLatin1String("\\\\"); break;
        case '"': escaped += QLatin1String("\\\""); break;
        case '\n': escaped += QLatin1String("\\n"); break;
        case '\r': escaped += QLatin1String("\\r"); break;
        case '\t': escaped += QLatin1String("\\t"); break;
        default: escaped += c;
        }
    }
    if (doubleQuoted)
        *doubleQuoted = true;
    return QString(name + QStringLiteral("=\"") + escaped + QLatin1Char('"'));
}

Result<DotEnv::Text> DotEnv::format(const Environment &env, bool showSecrets)
{
    Text out;
    for (const Environment::Variable &v : env.variables()) {
        if (v.secret && !showSecrets) {
            out.text += QStringLiteral("# %1 is secret: not written (show secrets to include it)\n").arg(v.name);
            out.secretsLeftOut << v.name;
            continue;
        }
        bool doubleQuoted = false;
        auto l = line(v.name, v.value, &doubleQuoted);
        if (!l) {
            Error e = l.error();
            if (!v.source.isEmpty())
                e.message += Tr::tr(" (from %1)").arg(v.source);
            return e;
        }
        out.text += *l + QLatin1Char('\n');
        out.exactForVsCode = out.exactForVsCode && !doubleQuoted;
    }
    return out;
}

Status DotEnv::writeFile(const QString &path, const QString &text)
{
    // Owner-only before a byte is written (created so, or narrowed when it exists): the
    // file may hold secrets.
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly) || !f.setPermissions(ownerOnly))
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    const QByteArray bytes = text.toUtf8();
    if (f.write(bytes) != bytes.size() || !f.flush())
        return Error(Error::Kind::Io, Tr::tr("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

} // namespace fixbench
