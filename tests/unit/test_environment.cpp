#include "base/environment.h"

#include <QProcess>

#include <gtest/gtest.h>

#include <ostream>

QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os) { *os << '"' << s.toStdString() << '"'; }
QT_END_NAMESPACE

using namespace fixbench;

namespace {

QStringList names(const Environment &env)
{
    QStringList out;
    for (const Environment::Variable &v : env.variables())
        out.append(v.name);
    return out;
}

// Runs `sh -c "<exports>; printf %s \"$NAME\""` and returns what the shell printed.
QString shellValue(const Environment &env, const QString &name)
{
    QProcess sh;
    sh.setProcessEnvironment(QProcessEnvironment());
    sh.start(QStringLiteral("/bin/sh"),
             {QStringLiteral("-c"), env.toShellExports(true) + QStringLiteral("printf %s \"$") + name
                                        + QStringLiteral("\"")});
    if (!sh.waitForFinished(10000))
        return QStringLiteral("<sh did not finish>");
    return QString::fromUtf8(sh.readAllStandardOutput());
}

} // namespace

TEST(Environment, SetAppendsInOrder)
{
    Environment env;
    EXPECT_TRUE(env.isEmpty());
    env.set(QStringLiteral("B"), QStringLiteral("2"));
    env.set(QStringLiteral("A"), QStringLiteral("1"), true, QStringLiteral("fixture:ftp"));
    EXPECT_EQ(env.size(), 2);
    EXPECT_EQ(names(env), QStringList({QStringLiteral("B"), QStringLiteral("A")}));
    const Environment::Variable *a = env.find(QStringLiteral("A"));
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->value, QStringLiteral("1"));
    EXPECT_TRUE(a->secret);
    EXPECT_EQ(a->source, QStringLiteral("fixture:ftp"));
    EXPECT_EQ(env.find(QStringLiteral("C")), nullptr);
}

TEST(Environment, SetReplacesInPlace)
{
    Environment env;
    env.set(QStringLiteral("A"), QStringLiteral("1"));
    env.set(QStringLiteral("B"), QStringLiteral("2"));
    env.set(QStringLiteral("C"), QStringLiteral("3"));
    env.set(QStringLiteral("B"), QStringLiteral("two"), true, QStringLiteral("override"));
    EXPECT_EQ(names(env), QStringList({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}));
    EXPECT_EQ(env.value(QStringLiteral("B")), QStringLiteral("two"));
    EXPECT_TRUE(env.find(QStringLiteral("B"))->secret);
    EXPECT_EQ(env.find(QStringLiteral("B"))->source, QStringLiteral("override"));
}

TEST(Environment, ValueContainsRemove)
{
    Environment env;
    env.set(QStringLiteral("EMPTY"), QString());
    EXPECT_TRUE(env.contains(QStringLiteral("EMPTY")));
    EXPECT_EQ(env.value(QStringLiteral("EMPTY"), QStringLiteral("fallback")), QString());
    EXPECT_FALSE(env.contains(QStringLiteral("NOPE")));
    EXPECT_EQ(env.value(QStringLiteral("NOPE"), QStringLiteral("fallback")), QStringLiteral("fallback"));
    EXPECT_TRUE(env.remove(QStringLiteral("EMPTY")));
    EXPECT_FALSE(env.remove(QStringLiteral("EMPTY")));
    EXPECT_TRUE(env.isEmpty());
}

TEST(Environment, MergeOtherWinsAndKeepsPositions)
{
    Environment base;
    base.set(QStringLiteral("A"), QStringLiteral("1"), false, QStringLiteral("port"));
    base.set(QStringLiteral("B"), QStringLiteral("2"), false, QStringLiteral("port"));
    base.set(QStringLiteral("C"), QStringLiteral("3"), false, QStringLiteral("port"));
    Environment over;
    over.set(QStringLiteral("D"), QStringLiteral("4"), false, QStringLiteral("override"));
    over.set(QStringLiteral("B"), QStringLiteral("b"), true, QStringLiteral("override"));
    base.merge(over);
    EXPECT_EQ(names(base),
              QStringList({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D")}));
    EXPECT_EQ(base.value(QStringLiteral("B")), QStringLiteral("b"));
    EXPECT_TRUE(base.find(QStringLiteral("B"))->secret);
    EXPECT_EQ(base.find(QStringLiteral("B"))->source, QStringLiteral("override"));
    EXPECT_EQ(base.find(QStringLiteral("A"))->source, QStringLiteral("port"));
}

TEST(Environment, ToProcessEnvironmentAddsToBase)
{
    QProcessEnvironment base;
    base.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin"));
    base.insert(QStringLiteral("FTP_PORT"), QStringLiteral("1"));
    Environment env;
    env.set(QStringLiteral("FTP_PORT"), QStringLiteral("21021"));
    env.set(QStringLiteral("FTP_PASS"), QStringLiteral("s3cret"), true);
    const QProcessEnvironment pe = env.toProcessEnvironment(base);
    EXPECT_EQ(pe.value(QStringLiteral("PATH")), QStringLiteral("/usr/bin"));
    EXPECT_EQ(pe.value(QStringLiteral("FTP_PORT")), QStringLiteral("21021"));
    EXPECT_EQ(pe.value(QStringLiteral("FTP_PASS")), QStringLiteral("s3cret")); // secrets are masked for display only
    EXPECT_EQ(pe.keys().size(), 3);
}

TEST(Environment, DisplayValueMasksSecrets)
{
    const Environment::Variable secret{QStringLiteral("P"), QStringLiteral("pw"), true, {}};
    const Environment::Variable plain{QStringLiteral("U"), QStringLiteral("user"), false, {}};
    EXPECT_EQ(Environment::displayValue(secret, false), QStringLiteral("********"));
    EXPECT_EQ(Environment::displayValue(secret, true), QStringLiteral("pw"));
    EXPECT_EQ(Environment::displayValue(plain, false), QStringLiteral("user"));
}

TEST(Environment, ShellQuote)
{
    EXPECT_EQ(Environment::shellQuote(QStringLiteral("abc")), QStringLiteral("'abc'"));
    EXPECT_EQ(Environment::shellQuote(QString()), QStringLiteral("''"));
    EXPECT_EQ(Environment::shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    EXPECT_EQ(Environment::shellQuote(QStringLiteral("$HOME `x` \\n")), QStringLiteral("'$HOME `x` \\n'"));
}

TEST(Environment, ShellExportsExactText)
{
    Environment env;
    env.set(QStringLiteral("FTP_HOST"), QStringLiteral("127.0.0.1"));
    env.set(QStringLiteral("FTP_PASS"), QStringLiteral("o'neil"), true);
    EXPECT_EQ(env.toShellExports(false),
              QStringLiteral("export FTP_HOST='127.0.0.1'\n# FTP_PASS is secret: not exported (show secrets to include it)\n"));
    EXPECT_EQ(env.toShellExports(true),
              QStringLiteral("export FTP_HOST='127.0.0.1'\nexport FTP_PASS='o'\\''neil'\n"));
    EXPECT_EQ(Environment().toShellExports(true), QString());
}

TEST(Environment, ShellExportsSurviveARealShell)
{
    Environment env;
    const QString tricky = QStringLiteral("a'b\"c $HOME `id` \\ ${X} ; line\nnext 'end'");
    env.set(QStringLiteral("TRICKY"), tricky, true);
    env.set(QStringLiteral("EMPTY"), QString());
    EXPECT_EQ(shellValue(env, QStringLiteral("TRICKY")), tricky);
    EXPECT_EQ(shellValue(env, QStringLiteral("EMPTY")), QString());
}

TEST(Environment, SecretValuesAreMaskedLongestFirst)
{
    Environment e;
    e.set(QStringLiteral("PLAIN"), QStringLiteral("visible"));
    e.set(QStringLiteral("SHORT"), QStringLiteral("abc"), true);
    e.set(QStringLiteral("LONG"), QStringLiteral("abcdef"), true);
    e.set(QStringLiteral("EMPTY"), QString(), true);
    EXPECT_EQ(e.secretValues(), (QStringList{QStringLiteral("abcdef"), QStringLiteral("abc")}));
    EXPECT_EQ(Environment::maskSecrets(QStringLiteral("x=abcdef y=abc z=visible"), e.secretValues()),
              QStringLiteral("x=******** y=******** z=visible"));
    // One or two characters: masking them would wreck the text, not hide a secret.
    EXPECT_EQ(Environment::maskSecrets(QStringLiteral("port 1, 12 ms"), {QStringLiteral("1"), QStringLiteral("12")}),
              QStringLiteral("port 1, 12 ms"));
}
