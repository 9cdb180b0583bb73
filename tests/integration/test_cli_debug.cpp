// `fixbench debug` with a real gdb (batch mode, a command file), real fixtures
// (tests/workspace, real engine) and a real GoogleTest binary (sample_debug); `fixbench
// env --format`; the dotenv writer read back by the real consumers: python-dotenv 0.21
// (Debian's python3-dotenv, what docker-compose v1 uses) and `docker-compose --env-file`.

#include "testsupport.h"

#include "base/dotenv.h"
#include "base/environment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::testsupport;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + QLatin1String(name);
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

// A workspace in a temp dir (its own name: its stacks are its own): the fixtures of
// tests/workspace, sample_debug needing echo_server.
std::unique_ptr<QTemporaryDir> debugWorkspace()
{
    auto dir = std::make_unique<QTemporaryDir>();
    writeFile(dir->filePath(QStringLiteral("fixbench.yml")),
              QStringLiteral("name: %1\n"
                             "fixtures: %2\n"
                             "tests:\n"
                             "  - name: dbg\n"
                             "    path: %3\n"
                             "    fixtures: [echo_server]\n"
                             "    env: {FROM_YML: 'a b $c \"q\"'}\n")
                  .arg(uniqueInstance(QStringLiteral("debug")), testsWorkspace() + QStringLiteral("/fixtures"), sample("sample_debug"))
                  .toUtf8());
    return dir;
}

QStringList wsContainers(const QString &root)
{
    return containersWithLabel(QStringLiteral("fixbench.workspace.root=") + root);
}

// gdb commands printing, from /proc, what the stopped test process really got.
const char kProcPrint[] = "python\n"
                          "import gdb\n"
                          "pid = gdb.selected_inferior().pid\n"
                          "env = dict(e.split('=', 1) for e in open('/proc/%d/environ' % pid).read().split('\\0') if '=' in e)\n"
                          "for k in sorted(env):\n"
                          "    print('ENV %s=%s' % (k, env[k]))\n"
                          "import os\n"
                          "print('CWD ' + os.readlink('/proc/%d/cwd' % pid))\n"
                          "print('ARGS ' + ' '.join(open('/proc/%d/cmdline' % pid).read().split('\\0')))\n"
                          "end\n";

} // namespace

TEST(CliDebug, StopsAtTheFailingAssertionWithTheFixtureEnvironmentAsRunWould)
{
    auto dir = debugWorkspace();
    const QString root = dir->path();
    const QString commands = dir->filePath(QStringLiteral("stop.gdb"));
    writeFile(commands, QByteArray("run\n"
                                   "frame function Debug_FailsOnInjectedGreeting_Test::TestBody\n"
                                   "print greeting\n")
                            + kProcPrint);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GTEST_FILTER"), QStringLiteral("Nothing.*")); // stray: must not reach the test
    const ProcResult r = runCli({QStringLiteral("-w"), root, QStringLiteral("debug"), QStringLiteral("dbg"), QStringLiteral("--filter"),
                                 QStringLiteral("Debug.Fails*"), QStringLiteral("--env"), QStringLiteral("FROM_CLI=x y"),
                                 QStringLiteral("--batch"), commands, QStringLiteral("--keep"), QStringLiteral("--"), QStringLiteral("-nx")},
                                env);
    const std::string all = QString(r.out + r.err).toStdString();
    ASSERT_EQ(r.exitCode, 0) << all;
    // gdb stopped at the failing line, in the test's frame, the fixture's value in hand.
    EXPECT_TRUE(r.out.contains(QStringLiteral("Program received signal SIGTRAP"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("Debug_FailsOnInjectedGreeting_Test::TestBody"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("sample_debug.cpp:14"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral(" \"hello\"\n"))) << all; // print greeting
    // What the process got: the fixture's variables, fixbench.yml's env:, --env; no stray
    // GTEST_*; the binary's folder; the filter and break on failure.
    EXPECT_TRUE(r.out.contains(QStringLiteral("ENV ECHO_GREETING=hello\n"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("ENV FROM_YML=a b $c \"q\"\n"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("ENV FROM_CLI=x y\n"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("ENV FIXBENCH_WORKSPACE=") + root + QLatin1Char('\n'))) << all;
    EXPECT_FALSE(r.out.contains(QStringLiteral("ENV GTEST_"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("CWD ") + QFileInfo(sample("sample_debug")).absolutePath() + QLatin1Char('\n'))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("ARGS %1 --gtest_filter=Debug.Fails* --gtest_break_on_failure").arg(sample("sample_debug")))) << all;

    // --keep: still up; its port is the one the test got; `env --format` agrees.
    const ProcResult json = runCli({QStringLiteral("-w"), root, QStringLiteral("env"), QStringLiteral("echo_server"), QStringLiteral("--format"), QStringLiteral("json")});
    ASSERT_EQ(json.exitCode, 0) << json.err.toStdString();
    const QJsonObject values = QJsonDocument::fromJson(json.out.toUtf8()).object();
    const QString port = values.value(QStringLiteral("ECHO_PORT")).toString();
    EXPECT_FALSE(port.isEmpty()) << json.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("ENV ECHO_PORT=") + port + QLatin1Char('\n'))) << all;
    EXPECT_FALSE(values.contains(QStringLiteral("ECHO_TOKEN"))) << "a secret without --show-secrets";
    EXPECT_TRUE(json.err.contains(QStringLiteral("ECHO_TOKEN"))) << json.err.toStdString();

    const QString dotenv = dir->filePath(QStringLiteral("echo.env"));
    const ProcResult file = runCli({QStringLiteral("-w"), root, QStringLiteral("env"), QStringLiteral("echo_server"), QStringLiteral("--format"),
                                    QStringLiteral("dotenv"), QStringLiteral("--show-secrets"), QStringLiteral("-o"), dotenv});
    ASSERT_EQ(file.exitCode, 0) << file.err.toStdString();
    EXPECT_EQ(run(QStringLiteral("stat"), {QStringLiteral("-c"), QStringLiteral("%a"), dotenv}).out.trimmed(), QStringLiteral("600"));
    QFile f(dotenv);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QString written = QString::fromUtf8(f.readAll());
    EXPECT_TRUE(written.startsWith(QStringLiteral("ECHO_GREETING=hello\nECHO_TOKEN=s3cret\nECHO_PORT=%1\n").arg(port))) << written.toStdString();

    EXPECT_EQ(runCli({QStringLiteral("-w"), root, QStringLiteral("down"), QStringLiteral("echo_server")}).exitCode, 0);
}

TEST(CliDebug, CatchThrowStopsWhereTheTestThrowsAndTheFixtureIsReleased)
{
    auto dir = debugWorkspace();
    const QString root = dir->path();
    const QString commands = dir->filePath(QStringLiteral("throw.gdb"));
    writeFile(commands, "run\nbt\n");
    const ProcResult r = runCli({QStringLiteral("-w"), root, QStringLiteral("debug"), QStringLiteral("dbg"), QStringLiteral("--filter"),
                                 QStringLiteral("Debug.Throws"), QStringLiteral("--catch-throw"), QStringLiteral("--batch"), commands,
                                 QStringLiteral("--"), QStringLiteral("-nx")});
    const std::string all = QString(r.out + r.err).toStdString();
    ASSERT_EQ(r.exitCode, 0) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("Catchpoint"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("Debug_Throws_Test::TestBody"))) << all;
    EXPECT_TRUE(r.out.contains(QStringLiteral("sample_debug.cpp:19"))) << all;
    // Not kept, nobody else uses it, linger 0: down once gdb is done.
    EXPECT_TRUE(waitFor([&] { return wsContainers(root).isEmpty(); }, 20000)) << all;
}

// Interactive, as a person runs it: on a terminal (a pty from util-linux `script`), gdb
// owns it — reads the typed commands, prints its prompt — and fixbench releases the
// fixture after gdb quits.
TEST(CliDebug, InteractiveGdbReadsTheTerminal)
{
    auto dir = debugWorkspace();
    const QString root = dir->path();
    const QString command = QStringList{Environment::shellQuote(fixbenchPath()), QStringLiteral("-w"), Environment::shellQuote(root),
                                        QStringLiteral("debug"), QStringLiteral("dbg"), QStringLiteral("--filter"),
                                        QStringLiteral("'Debug.Fails*'"), QStringLiteral("--"), QStringLiteral("-nx")}
                                .join(QLatin1Char(' '));
    QProcess p;
    p.start(QStringLiteral("script"), {QStringLiteral("-qfec"), command, QStringLiteral("/dev/null")});
    ASSERT_TRUE(p.waitForStarted()) << p.errorString().toStdString();
    p.write("bt 3\nquit\ny\n"); // typed ahead: the terminal holds it until gdb reads
    ASSERT_TRUE(p.waitForFinished(120000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    EXPECT_EQ(p.exitCode(), 0) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("(gdb) "))) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("Debug_FailsOnInjectedGreeting_Test::TestBody"))) << out.toStdString(); // from `bt 3`
    EXPECT_TRUE(waitFor([&] { return wsContainers(root).isEmpty(); }, 20000)) << out.toStdString();
}

TEST(CliDebug, UsageErrors)
{
    auto dir = debugWorkspace();
    const ProcResult none = runCli({QStringLiteral("-w"), dir->path(), QStringLiteral("debug")});
    EXPECT_EQ(none.exitCode, 2) << none.err.toStdString();
    EXPECT_TRUE(none.err.contains(QStringLiteral("exactly one test binary"))) << none.err.toStdString();
    const ProcResult noFile = runCli({QStringLiteral("-w"), dir->path(), QStringLiteral("debug"), QStringLiteral("dbg"),
                                      QStringLiteral("--batch"), dir->filePath(QStringLiteral("missing.gdb"))});
    EXPECT_EQ(noFile.exitCode, 2);
    EXPECT_TRUE(noFile.err.contains(QStringLiteral("missing.gdb"))) << noFile.err.toStdString();
    const ProcResult format = runCli({QStringLiteral("-w"), dir->path(), QStringLiteral("env"), QStringLiteral("x"), QStringLiteral("--format"), QStringLiteral("yaml")});
    EXPECT_EQ(format.exitCode, 2);
    EXPECT_TRUE(format.err.contains(QStringLiteral("shell, dotenv, json"))) << format.err.toStdString();
}

// Every value below, written by DotEnv and read back by the real consumers, is the same.
TEST(DotEnvFile, ReadBackExactlyByPythonDotenvAndDockerCompose)
{
    const QList<QPair<QString, QString>> values = {
        {QStringLiteral("PLAIN"), QStringLiteral("ftp://user@host:21/a_b-c.d+e,f=g%20")},
        {QStringLiteral("EMPTY"), QString()},
        {QStringLiteral("DOLLAR"), QStringLiteral("pa$$word $HOME $")},
        {QStringLiteral("BRACE_NOT_CLOSED"), QStringLiteral("${X")},
        {QStringLiteral("BRACE_COLON"), QStringLiteral("${X:y}")},
        {QStringLiteral("DOUBLE_QUOTES"), QStringLiteral("say \"hi\"")},
        {QStringLiteral("SINGLE_QUOTES"), QStringLiteral("it's 'quoted'")},
        {QStringLiteral("BOTH_QUOTES"), QStringLiteral("'a' \"b\"")},
        {QStringLiteral("BACKSLASHES"), QStringLiteral("C:\\path\\n \\\\ \\\" end")},
        {QStringLiteral("BARE_BACKSLASHES"), QStringLiteral("C:\\dir\\")},
        {QStringLiteral("NEWLINES"), QStringLiteral("line1\nline2\r\n\ttabbed")},
        {QStringLiteral("SPACES"), QStringLiteral("  lead and trail  ")},
        {QStringLiteral("HASH"), QStringLiteral("a #not a comment # x")},
        {QStringLiteral("NON_ASCII"), QStringLiteral("Grüße, 東京 ✓")},
        {QStringLiteral("MIXED"), QStringLiteral("$a 'b' \"c\" \\d #e\nf")},
    };
    Environment env;
    for (const auto &[k, v] : values)
        env.set(k, v);
    auto text = DotEnv::format(env, true);
    ASSERT_TRUE(text.ok()) << text.error().toString().toStdString();
    EXPECT_FALSE(text->exactForVsCode) << "double-quoted values were needed";
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("values.env"));
    ASSERT_TRUE(DotEnv::writeFile(file, text->text).ok());

    // python-dotenv: Debian's (0.21), the one docker-compose v1 imports.
    const ProcResult py = run(QStringLiteral("/usr/bin/python3"),
                              {QStringLiteral("-c"), QStringLiteral("import json, sys; from dotenv import dotenv_values; "
                                                                    "print(json.dumps(dotenv_values(sys.argv[1])))"),
                               file});
    ASSERT_EQ(py.exitCode, 0) << py.err.toStdString();
    const QJsonObject read = QJsonDocument::fromJson(py.out.toUtf8()).object();
    for (const auto &[k, v] : values)
        EXPECT_EQ(read.value(k).toString(), v) << "python-dotenv read " << k.toStdString() << " differently; the file:\n"
                                                << text->text.toStdString();
    EXPECT_EQ(read.size(), values.size());

    // docker-compose --env-file: each variable interpolated into a service's environment.
    QString compose = QStringLiteral("version: \"3\"\nservices:\n  s:\n    image: debian:bookworm-slim\n    environment:\n");
    for (const auto &[k, v] : values)
        compose += QStringLiteral("      %1: ${%1}\n").arg(k);
    writeFile(dir.filePath(QStringLiteral("docker-compose.yml")), compose.toUtf8());
    const ProcResult config = run(QStringLiteral("docker-compose"),
                                  {QStringLiteral("--env-file"), file, QStringLiteral("-f"), dir.filePath(QStringLiteral("docker-compose.yml")),
                                   QStringLiteral("config")});
    ASSERT_EQ(config.exitCode, 0) << config.err.toStdString();
    // The configuration as JSON (compose writes a literal $ as $$ in it).
    writeFile(dir.filePath(QStringLiteral("config.yml")), config.out.toUtf8());
    const ProcResult asJson = run(QStringLiteral("/usr/bin/python3"),
                                  {QStringLiteral("-c"), QStringLiteral("import json, sys, yaml; "
                                                                        "print(json.dumps(yaml.safe_load(open(sys.argv[1]))['services']['s']['environment']))"),
                                   dir.filePath(QStringLiteral("config.yml"))});
    ASSERT_EQ(asJson.exitCode, 0) << asJson.err.toStdString();
    const QJsonObject composed = QJsonDocument::fromJson(asJson.out.toUtf8()).object();
    for (const auto &[k, v] : values)
        EXPECT_EQ(composed.value(k).toString().replace(QStringLiteral("$$"), QStringLiteral("$")), v)
            << "docker-compose read " << k.toStdString() << " differently; its config:\n" << config.out.toStdString();
}

TEST(DotEnvFile, ValuesNoReaderKeepsAreErrorsNamingTheVariable)
{
    // ${...}: python-dotenv 0.21 expands it in any quotes; a quoted value ending in a
    // backslash: its closing quote reads as escaped.
    for (const QString &value : {QStringLiteral("${HOME}"), QStringLiteral("a ${X:-d} b"), QStringLiteral("it's ${X}"), QStringLiteral("a dir\\")}) {
        Environment env;
        env.set(QStringLiteral("OK"), QStringLiteral("1"));
        env.set(QStringLiteral("BAD"), value, false, QStringLiteral("fixture:ftp_server"));
        auto text = DotEnv::format(env, true);
        ASSERT_FALSE(text.ok()) << value.toStdString();
        EXPECT_TRUE(text.error().message.contains(QStringLiteral("`BAD`"))) << text.error().message.toStdString();
        EXPECT_TRUE(text.error().message.contains(QStringLiteral("fixture:ftp_server"))) << text.error().message.toStdString();
    }
    // Quoting as documented; secrets left out unless asked for.
    Environment env;
    env.set(QStringLiteral("A"), QStringLiteral("plain-1.2"));
    env.set(QStringLiteral("B"), QStringLiteral("has space $x #y"));
    env.set(QStringLiteral("C"), QStringLiteral("it's"));
    env.set(QStringLiteral("S"), QStringLiteral("pw"), true);
    auto masked = DotEnv::format(env, false);
    ASSERT_TRUE(masked.ok());
    EXPECT_EQ(masked->text, QStringLiteral("A=plain-1.2\nB='has space $x #y'\nC=\"it's\"\n# S is secret: not written (show secrets to include it)\n"));
    EXPECT_EQ(masked->secretsLeftOut, QStringList{QStringLiteral("S")});
    env.remove(QStringLiteral("C"));
    auto shown = DotEnv::format(env, true);
    ASSERT_TRUE(shown.ok());
    EXPECT_EQ(shown->text, QStringLiteral("A=plain-1.2\nB='has space $x #y'\nS=pw\n"));
    EXPECT_TRUE(shown->exactForVsCode);
}
