#include "workspace/interpolation.h"
#include "fixture/portallocator.h"

#include <QMap>

#include "unitsupport.h"

#include <gtest/gtest.h>

#include <ostream>

using namespace fixbench;
using namespace fixbench::unitsupport;

namespace {

const SourceLocation kWhere{QStringLiteral("fixture.yml"), 7, 9};

Interpolation::Lookup mapLookup(const QMap<QString, QString> &vars)
{
    return [vars](const QString &name) -> std::optional<QString> {
        const auto it = vars.constFind(name);
        if (it == vars.constEnd())
            return std::nullopt;
        return *it;
    };
}

const QMap<QString, QString> kVars = {
    {QStringLiteral("HOST"), QStringLiteral("127.0.0.1")},
    {QStringLiteral("PORT"), QStringLiteral("2121")},
    {QStringLiteral("EMPTY"), QString()},
    {QStringLiteral("A_B"), QStringLiteral("ab")},
    {QStringLiteral("A"), QStringLiteral("a")},
};

QString expandOk(const QString &tmpl)
{
    const Result<QString> r = Interpolation::expand(tmpl, mapLookup(kVars), kWhere);
    if (!r.ok()) {
        ADD_FAILURE() << str(tmpl) << ": " << str(r.error().toString());
        return QStringLiteral("<error>");
    }
    return *r;
}

Error expandError(const QString &tmpl)
{
    const Result<QString> r = Interpolation::expand(tmpl, mapLookup(kVars), kWhere);
    if (r.ok()) {
        ADD_FAILURE() << str(tmpl) << " expanded to " << str(*r) << " instead of failing";
        return {};
    }
    return r.error();
}

EnvVarSpec var(const QString &name, const QString &value, bool secret = false, int line = 0)
{
    EnvVarSpec v;
    v.name = name;
    v.value = value;
    v.secret = secret;
    v.where = {QStringLiteral("fixture.yml"), line, 5};
    return v;
}

QStringList names(const Environment &env)
{
    QStringList out;
    for (const Environment::Variable &v : env.variables())
        out.append(v.name);
    return out;
}

} // namespace

TEST(Interpolation, PlainTextIsUnchanged)
{
    EXPECT_EQ(expandOk(QString()), QString());
    EXPECT_EQ(expandOk(QStringLiteral("no variables: {braces} and 100%")), QStringLiteral("no variables: {braces} and 100%"));
}

TEST(Interpolation, BracedAndBareReferences)
{
    EXPECT_EQ(expandOk(QStringLiteral("ftp://${HOST}:${PORT}/in")), QStringLiteral("ftp://127.0.0.1:2121/in"));
    EXPECT_EQ(expandOk(QStringLiteral("$HOST:$PORT")), QStringLiteral("127.0.0.1:2121"));
    // Bare names are greedy over [A-Za-z0-9_] and stop at anything else.
    EXPECT_EQ(expandOk(QStringLiteral("$A_B")), QStringLiteral("ab"));
    EXPECT_EQ(expandOk(QStringLiteral("$A-B")), QStringLiteral("a-B"));
    EXPECT_EQ(expandOk(QStringLiteral("${A}_B")), QStringLiteral("a_B"));
    EXPECT_EQ(expandOk(QStringLiteral("x${EMPTY}y")), QStringLiteral("xy"));
}

TEST(Interpolation, DollarDollarIsALiteralDollar)
{
    EXPECT_EQ(expandOk(QStringLiteral("$$")), QStringLiteral("$"));
    EXPECT_EQ(expandOk(QStringLiteral("pa$$word")), QStringLiteral("pa$word"));
    EXPECT_EQ(expandOk(QStringLiteral("$${HOST}")), QStringLiteral("${HOST}"));
    EXPECT_EQ(expandOk(QStringLiteral("$$HOST")), QStringLiteral("$HOST"));
    EXPECT_EQ(expandOk(QStringLiteral("$$$HOST")), QStringLiteral("$127.0.0.1"));
    EXPECT_EQ(expandOk(QStringLiteral("$$$$")), QStringLiteral("$$"));
}

TEST(Interpolation, ColonDashDefaultWhenUnsetOrEmpty)
{
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-dflt}")), QStringLiteral("dflt"));
    EXPECT_EQ(expandOk(QStringLiteral("${EMPTY:-dflt}")), QStringLiteral("dflt"));
    EXPECT_EQ(expandOk(QStringLiteral("${PORT:-21}")), QStringLiteral("2121"));
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-}")), QString());
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-a b: c-d}")), QStringLiteral("a b: c-d"));
}

TEST(Interpolation, DashDefaultOnlyWhenUnset)
{
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING-dflt}")), QStringLiteral("dflt"));
    EXPECT_EQ(expandOk(QStringLiteral("[${EMPTY-dflt}]")), QStringLiteral("[]"));
    EXPECT_EQ(expandOk(QStringLiteral("${PORT-21}")), QStringLiteral("2121"));
}

TEST(Interpolation, NestedDefaults)
{
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-${HOST}}")), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-${NOPE:-deep}}/x")), QStringLiteral("deep/x"));
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-http://$HOST:${PORT}}")), QStringLiteral("http://127.0.0.1:2121"));
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-$$}")), QStringLiteral("$"));
    EXPECT_EQ(expandOk(QStringLiteral("${MISSING:-a${NOPE-${EMPTY:-b}}c}d")), QStringLiteral("abcd"));
    // A default is only expanded when used: its unknown variables do not matter otherwise.
    EXPECT_EQ(expandOk(QStringLiteral("${HOST:-${UNDEFINED}}")), QStringLiteral("127.0.0.1"));
}

TEST(Interpolation, UnknownVariableIsASpecErrorAtWhere)
{
    const Error e = expandError(QStringLiteral("ftp://${FTP_HOSTNAME}/"));
    EXPECT_EQ(e.kind, Error::Kind::Spec);
    EXPECT_EQ(e.location.file, kWhere.file);
    EXPECT_EQ(e.location.line, 7);
    EXPECT_EQ(e.location.column, 9);
    EXPECT_TRUE(e.message.contains(QStringLiteral("`FTP_HOSTNAME`"))) << str(e.message);
    EXPECT_TRUE(e.message.contains(QStringLiteral("${FTP_HOSTNAME:-"))) << str(e.message);

    EXPECT_TRUE(expandError(QStringLiteral("$NOPE")).message.contains(QStringLiteral("`NOPE`")));
    // An unknown variable inside a used default is an error too.
    EXPECT_TRUE(expandError(QStringLiteral("${MISSING:-${NOPE}}")).message.contains(QStringLiteral("`NOPE`")));
}

TEST(Interpolation, MalformedReferences)
{
    for (const char *bad : {"${", "${}", "${1A}", "${HOST", "x ${HOST:-abc", "${HOST:x}", "${HOST?err}", "${A B}",
                            "$", "price 5$", "$1", "$ {HOST}", "${-x}"}) {
        const Error e = expandError(QString::fromUtf8(bad));
        EXPECT_EQ(e.kind, Error::Kind::Spec) << bad;
        EXPECT_EQ(e.location.line, 7) << bad;
        EXPECT_EQ(e.location.column, 9) << bad;
        EXPECT_TRUE(e.message.contains(QStringLiteral("malformed"))) << bad << ": " << str(e.message);
        EXPECT_TRUE(e.message.contains(QStringLiteral("$$"))) << bad << ": " << str(e.message);
    }
    EXPECT_TRUE(expandError(QStringLiteral("${1A}")).message.contains(QStringLiteral("`${1A}`")));
}

TEST(Interpolation, References)
{
    EXPECT_EQ(Interpolation::references(QStringLiteral("${A}:$B/${A}")), QStringList({QStringLiteral("A"), QStringLiteral("B")}));
    EXPECT_EQ(Interpolation::references(QStringLiteral("${A:-${B:-$C}}$$D")),
              QStringList({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}));
    EXPECT_TRUE(Interpolation::references(QStringLiteral("plain $$NOT")).isEmpty());
}

// ---------------------------------------------------------------- resolveFixtureEnvironment

TEST(ResolveFixtureEnvironment, OrderSourcesAndValues)
{
    FixtureSpec spec;
    spec.name = QStringLiteral("ftp_server");
    // URL refers to variables declared after it.
    spec.environment = {
        var(QStringLiteral("FTP_URL"), QStringLiteral("ftp://${FTP_USER}@${FIXBENCH_HOST}:${FTP_PORT}")),
        var(QStringLiteral("FTP_USER"), QStringLiteral("etl")),
        var(QStringLiteral("FTP_PASS"), QStringLiteral("s3cret"), true),
        var(QStringLiteral("PASV"), QStringLiteral("${FTP_PASV_MIN}-${FTP_PASV_MAX}")),
        var(QStringLiteral("FROM_PROCESS"), QStringLiteral("${HOME_DIR}")),
    };
    const QList<AllocatedPort> ports = {
        {QStringLiteral("FTP_PORT"), 21021, 1, false},
        {QStringLiteral("FTP_PASV"), 30000, 4, true},
    };
    const QMap<QString, QString> builtins = {
        {QStringLiteral("FIXBENCH_HOST"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("FIXBENCH_FIXTURE"), QStringLiteral("ftp_server")},
    };
    QProcessEnvironment process;
    process.insert(QStringLiteral("HOME_DIR"), QStringLiteral("/home/me"));

    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(spec, ports, builtins, process);
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    const Environment &env = *r;
    EXPECT_EQ(names(env), QStringList({QStringLiteral("FTP_PORT"), QStringLiteral("FTP_PASV"),
                                       QStringLiteral("FTP_PASV_MIN"), QStringLiteral("FTP_PASV_MAX"),
                                       QStringLiteral("FTP_URL"), QStringLiteral("FTP_USER"),
                                       QStringLiteral("FTP_PASS"), QStringLiteral("PASV"),
                                       QStringLiteral("FROM_PROCESS"), QStringLiteral("FIXBENCH_FIXTURE"),
                                       QStringLiteral("FIXBENCH_HOST")}));
    EXPECT_EQ(env.value(QStringLiteral("FTP_PORT")), QStringLiteral("21021"));
    EXPECT_EQ(env.value(QStringLiteral("FTP_PASV")), QStringLiteral("30000"));
    EXPECT_EQ(env.value(QStringLiteral("FTP_PASV_MIN")), QStringLiteral("30000"));
    EXPECT_EQ(env.value(QStringLiteral("FTP_PASV_MAX")), QStringLiteral("30003"));
    EXPECT_EQ(env.value(QStringLiteral("FTP_URL")), QStringLiteral("ftp://etl@127.0.0.1:21021"));
    EXPECT_EQ(env.value(QStringLiteral("PASV")), QStringLiteral("30000-30003"));
    EXPECT_EQ(env.value(QStringLiteral("FROM_PROCESS")), QStringLiteral("/home/me"));

    EXPECT_EQ(env.find(QStringLiteral("FTP_PORT"))->source, QStringLiteral("port"));
    EXPECT_EQ(env.find(QStringLiteral("FTP_PASV_MAX"))->source, QStringLiteral("port"));
    EXPECT_EQ(env.find(QStringLiteral("FTP_USER"))->source, QStringLiteral("fixture:ftp_server"));
    EXPECT_EQ(env.find(QStringLiteral("FIXBENCH_HOST"))->source, QStringLiteral("fixbench"));
    EXPECT_TRUE(env.find(QStringLiteral("FTP_PASS"))->secret);
    EXPECT_FALSE(env.find(QStringLiteral("FTP_USER"))->secret);
    EXPECT_FALSE(env.find(QStringLiteral("FTP_PORT"))->secret);
}

TEST(ResolveFixtureEnvironment, SelfReferenceTakesTheNextSource)
{
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment = {var(QStringLiteral("FTP_PORT"), QStringLiteral("${FTP_PORT}")),
                        var(QStringLiteral("PATH"), QStringLiteral("/opt/bin:${PATH}")),
                        var(QStringLiteral("FIXBENCH_HOST"), QStringLiteral("${FIXBENCH_HOST}.local"))};
    QProcessEnvironment process;
    process.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin"));
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(
        spec, {{QStringLiteral("FTP_PORT"), 2121, 1, false}}, {{QStringLiteral("FIXBENCH_HOST"), QStringLiteral("box")}},
        process);
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    // The fixture variable replaces the port and builtin entries: no duplicates.
    EXPECT_EQ(names(*r), QStringList({QStringLiteral("FTP_PORT"), QStringLiteral("PATH"), QStringLiteral("FIXBENCH_HOST")}));
    EXPECT_EQ(r->value(QStringLiteral("FTP_PORT")), QStringLiteral("2121"));
    EXPECT_EQ(r->find(QStringLiteral("FTP_PORT"))->source, QStringLiteral("fixture:f"));
    EXPECT_EQ(r->value(QStringLiteral("PATH")), QStringLiteral("/opt/bin:/usr/bin"));
    EXPECT_EQ(r->value(QStringLiteral("FIXBENCH_HOST")), QStringLiteral("box.local"));
}

TEST(ResolveFixtureEnvironment, LookupPrecedence)
{
    // fixture variables > ports > builtins > process environment
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment = {var(QStringLiteral("OUT"), QStringLiteral("${X}|${Y}|${Z}|${W}")),
                        var(QStringLiteral("X"), QStringLiteral("fixture"))};
    QProcessEnvironment process;
    for (const char *n : {"X", "Y", "Z", "W"})
        process.insert(QString::fromLatin1(n), QStringLiteral("process"));
    const QMap<QString, QString> builtins = {{QStringLiteral("X"), QStringLiteral("builtin")},
                                             {QStringLiteral("Y"), QStringLiteral("builtin")},
                                             {QStringLiteral("Z"), QStringLiteral("builtin")}};
    const QList<AllocatedPort> ports = {{QStringLiteral("X"), 1001, 1, false}, {QStringLiteral("Y"), 1002, 1, false}};
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(spec, ports, builtins, process);
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    EXPECT_EQ(r->value(QStringLiteral("OUT")), QStringLiteral("fixture|1002|builtin|process"));
    EXPECT_EQ(r->value(QStringLiteral("X")), QStringLiteral("fixture"));
    EXPECT_EQ(names(*r), QStringList({QStringLiteral("Y"), QStringLiteral("OUT"), QStringLiteral("X"), QStringLiteral("Z")}));
    EXPECT_FALSE(r->contains(QStringLiteral("W"))); // the process environment is looked up, not copied
}

TEST(ResolveFixtureEnvironment, CycleIsASpecErrorNamingTheChain)
{
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment = {var(QStringLiteral("OK"), QStringLiteral("fine"), false, 2),
                        var(QStringLiteral("A"), QStringLiteral("x${B}"), false, 3),
                        var(QStringLiteral("B"), QStringLiteral("${A}y"), false, 4)};
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(spec, {}, {}, QProcessEnvironment());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Spec);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("A -> B -> A"))) << str(r.error().message);
    EXPECT_EQ(r.error().location.line, 3);

    spec.environment = {var(QStringLiteral("A"), QStringLiteral("${B:-x}"), false, 1),
                        var(QStringLiteral("B"), QStringLiteral("${C}"), false, 2),
                        var(QStringLiteral("C"), QStringLiteral("$A"), false, 3)};
    const Result<Environment> r3 = Interpolation::resolveFixtureEnvironment(spec, {}, {}, QProcessEnvironment());
    ASSERT_FALSE(r3.ok());
    EXPECT_TRUE(r3.error().message.contains(QStringLiteral("A -> B -> C -> A"))) << str(r3.error().message);
}

TEST(ResolveFixtureEnvironment, UnknownVariableListsWhatCouldBeUsed)
{
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment = {var(QStringLiteral("USER_NAME"), QStringLiteral("etl"), false, 5),
                        var(QStringLiteral("URL"), QStringLiteral("ftp://${FTP_PROT}"), false, 6)};
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(
        spec, {{QStringLiteral("FTP_PORT"), 2121, 1, false}}, {{QStringLiteral("FIXBENCH_HOST"), QStringLiteral("h")}},
        QProcessEnvironment());
    ASSERT_FALSE(r.ok());
    const Error &e = r.error();
    EXPECT_EQ(e.kind, Error::Kind::Spec);
    EXPECT_EQ(e.location.line, 6);
    EXPECT_EQ(e.location.column, 5);
    EXPECT_TRUE(e.message.contains(QStringLiteral("`FTP_PROT`"))) << str(e.message);
    for (const char *known : {"`FTP_PORT`", "`USER_NAME`", "`FIXBENCH_HOST`", "`URL`"})
        EXPECT_TRUE(e.message.contains(QLatin1String(known))) << known << " in " << str(e.message);
}

TEST(ResolveFixtureEnvironment, SelfReferenceWithNothingBelowIsUnknown)
{
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment = {var(QStringLiteral("A"), QStringLiteral("${A}"))};
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(spec, {}, {}, QProcessEnvironment());
    ASSERT_FALSE(r.ok());
    // Not "unknown variable A ... known: A": it says A refers to itself.
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("`A` refers to itself"))) << str(r.error().message);
    EXPECT_FALSE(r.error().message.contains(QStringLiteral("known variables"))) << str(r.error().message);
}

TEST(ResolveFixtureEnvironment, ValuesThatDoubleEachOtherAreBoundedNotOutOfMemory)
{
    // A0 = xx, A1 = A0A0, ... A36 = 2^37 characters: stopped at 1 MiB with an error.
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment << var(QStringLiteral("A0"), QStringLiteral("xx"));
    for (int i = 1; i <= 36; ++i)
        spec.environment << var(QStringLiteral("A%1").arg(i), QStringLiteral("${A%1}${A%1}").arg(i - 1), false, i + 1);
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(spec, {}, {}, QProcessEnvironment());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::Spec);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("more than 1 MiB"))) << str(r.error().message);
    EXPECT_GT(r.error().location.line, 0);
}

TEST(ResolveFixtureEnvironment, ValuesReferencingSecretsAreSecret)
{
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment = {var(QStringLiteral("URL"), QStringLiteral("ftp://u:${PASS}@h")),
                        var(QStringLiteral("PASS"), QStringLiteral("pw"), true),
                        var(QStringLiteral("HOSTNAME"), QStringLiteral("h"))};
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(spec, {}, {}, QProcessEnvironment());
    ASSERT_TRUE(r.ok()) << str(r.error().toString());
    EXPECT_TRUE(r->find(QStringLiteral("URL"))->secret);
    EXPECT_EQ(r->value(QStringLiteral("URL")), QStringLiteral("ftp://u:pw@h"));
    EXPECT_FALSE(r->find(QStringLiteral("HOSTNAME"))->secret);
}

TEST(ResolveFixtureEnvironment, MalformedTemplateIsReportedAtTheVariable)
{
    FixtureSpec spec;
    spec.name = QStringLiteral("f");
    spec.environment = {var(QStringLiteral("A"), QStringLiteral("${"), false, 9)};
    const Result<Environment> r = Interpolation::resolveFixtureEnvironment(spec, {}, {}, QProcessEnvironment());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().location.line, 9);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("malformed")));
}
