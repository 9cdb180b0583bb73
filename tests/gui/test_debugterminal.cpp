// The Tests panel's Debug (`fixbench debug` in a configured terminal) and Export for IDE
// (a VS Code launch configuration merged into launch.json, and a dotenv file): the real
// window (offscreen), the real engine (tests/workspace's echo_server), the real CLI,
// gdb and python-dotenv. The terminal is a script that records its arguments.
#include "fixture/fixturecontroller.h"
#include "mainwindow.h"
#include "terminallauncher.h"
#include "testsmodel.h"
#include "testspanel.h"
#include "testsupport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTreeView>

using namespace fixbench;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + QLatin1String(name);
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The row of a test (source index) by its full name, "Suite.Name".
QModelIndex testRow(TestsModel *model, const QModelIndex &binary, const QString &suite, const QString &test)
{
    for (int s = 0; s < model->rowCount(binary); ++s) {
        const QModelIndex si = model->index(s, 0, binary);
        if (si.data().toString() != suite)
            continue;
        for (int t = 0; t < model->rowCount(si); ++t)
            if (model->index(t, 0, si).data().toString() == test)
                return model->index(t, 0, si);
    }
    return {};
}

QHash<QString, QString> environmentOf(const QJsonObject &config)
{
    QHash<QString, QString> out;
    for (const auto &v : config.value(QStringLiteral("environment")).toArray())
        out.insert(v.toObject().value(QStringLiteral("name")).toString(), v.toObject().value(QStringLiteral("value")).toString());
    return out;
}

} // namespace

class TestDebugTerminal : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_config;
    std::unique_ptr<QTemporaryDir> m_ws;
    std::unique_ptr<MainWindow> m_window;
    QModelIndex m_row; // Debug.FailsOnInjectedGreeting
    // An override no dotenv form keeps for VS Code (quotes, $, a line break, non-ASCII).
    const QString m_tricky = QStringLiteral("a $b ${c \"q\" 'x' Grüße\nline2");

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(QStringLiteral("fixbench-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_debugterminal"));
        m_ws = testsupport::copyWorkspace(testsupport::testsWorkspace());
        QVERIFY(m_ws && m_ws->isValid());
        QFile yml(m_ws->filePath(QStringLiteral("fixbench.yml")));
        QVERIFY(yml.open(QIODevice::Append));
        yml.write(QStringLiteral("tests:\n"
                                 "  - name: dbg\n"
                                 "    path: %1\n"
                                 "    fixtures: [echo_server]\n")
                      .arg(sample("sample_debug"))
                      .toUtf8());
        yml.close();
        m_window = std::make_unique<MainWindow>();
        m_window->setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        QString error;
        QVERIFY2(m_window->openWorkspace(m_ws->path(), &error), qPrintable(error));
        TestsPanel *tests = m_window->testsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(tests->runAllAction()->isEnabled() && !tests->isDiscovering(), 30000);
        tests->setOverridesProvider([this]() {
            Environment e;
            e.set(QStringLiteral("OVR"), m_tricky, false, QStringLiteral("override"));
            return e;
        });
        const QModelIndex binary = tests->model()->indexOfBinary(QStringLiteral("dbg"));
        QVERIFY(binary.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(tests->model()->rowCount(binary) > 0, 30000);
        m_row = testRow(tests->model(), binary, QStringLiteral("Debug"), QStringLiteral("FailsOnInjectedGreeting"));
        QVERIFY(m_row.isValid());
        tests->view()->setCurrentIndex(tests->proxy()->mapFromSource(m_row));
        QVERIFY(tests->debugAction()->isEnabled() && tests->exportForIdeAction()->isEnabled());
    }

    void cleanupTestCase()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->controller()->isIdle(), 60000);
        QVERIFY(m_window->controller()->down(QStringLiteral("echo_server")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->controller()->isIdle(), 60000);
        const QStringList left = testsupport::containersWithLabel(QStringLiteral("fixbench.workspace.root=") + m_ws->path());
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
        m_window.reset();
    }

    // Debug starts `fixbench debug` for the row in the configured terminal; the command
    // line it gets, run (gdb in batch mode), stops at the failure with the environment.
    void debugRunsFixbenchDebugInTheConfiguredTerminal()
    {
        TestsPanel *tests = m_window->testsPanel();
        const QString record = m_ws->filePath(QStringLiteral("terminal.args"));
        const QString script = m_ws->filePath(QStringLiteral("terminal.sh"));
        QVERIFY(writeFile(script, QStringLiteral("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > '%1.tmp'\nmv '%1.tmp' '%1'\n")
                                      .arg(record)
                                      .toUtf8()));
        QFile::setPermissions(script, QFile::permissions(script) | QFileDevice::ExeOwner);
        TerminalLauncher::setCommand(QStringLiteral("'%1' --title 'fixbench debug'").arg(script));
        QCOMPARE(TerminalLauncher::command(), QStringLiteral("'%1' --title 'fixbench debug'").arg(script));

        const QStringList expected{QStringLiteral(FIXBENCH_CLI), QStringLiteral("-w"), m_ws->path(), QStringLiteral("debug"),
                                   sample("sample_debug"), QStringLiteral("--filter"), QStringLiteral("Debug.FailsOnInjectedGreeting"),
                                   QStringLiteral("--env"), QStringLiteral("OVR=") + m_tricky};
        QStringList cli = tests->debugCliCommand(m_row);
        cli[0] = QFileInfo(cli[0]).canonicalFilePath();
        QCOMPARE(cli.mid(1), expected.mid(1));
        QCOMPARE(cli[0], QFileInfo(expected[0]).canonicalFilePath());

        QVERIFY(tests->debugInTerminal(m_row));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(record), 10000);
        QStringList args = QString::fromUtf8(readFile(record)).split(QChar(0));
        args.removeLast(); // after the last NUL
        QVERIFY2(args.size() > 6, qPrintable(args.join(QLatin1Char(' '))));
        QCOMPARE(args.mid(0, 4), (QStringList{QStringLiteral("--title"), QStringLiteral("fixbench debug"), QStringLiteral("/bin/sh"), QStringLiteral("-c")}));
        QCOMPARE(args.mid(6), tests->debugCliCommand(m_row));

        // What the terminal would run, run here: gdb in batch mode after the window's shell.
        const QString commands = m_ws->filePath(QStringLiteral("stop.gdb"));
        QVERIFY(writeFile(commands, "run\nframe function Debug_FailsOnInjectedGreeting_Test::TestBody\nprint greeting\n"
                                    "python\nimport gdb\n"
                                    "env = dict(e.split('=', 1) for e in open('/proc/%d/environ' % gdb.selected_inferior().pid).read().split('\\0') if '=' in e)\n"
                                    "print('OVR=' + repr(env['OVR']))\nend\n"));
        const auto r = testsupport::run(args[2], args.mid(3) + QStringList{QStringLiteral("--batch"), commands, QStringLiteral("--"), QStringLiteral("-nx")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("sample_debug.cpp:14")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral(" \"hello\"\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("OVR='a $b ${c \"q\" \\'x\\' Grüße\\nline2'")), qPrintable(r.out));
    }

    // No terminal: said in the panel, with Debug Command… as the way out.
    void debugWithoutATerminalSaysSo()
    {
        TestsPanel *tests = m_window->testsPanel();
        TerminalLauncher::setCommand(QStringLiteral("/nonexistent/terminal -e"));
        tests->debugAction()->trigger(); // the selected row

        QVERIFY2(tests->summaryText().contains(QStringLiteral("/nonexistent/terminal")), qPrintable(tests->summaryText()));
        QVERIFY2(tests->summaryText().contains(QStringLiteral("Debug Command")), qPrintable(tests->summaryText()));
        QVERIFY(tests->debugCommandAction()->isEnabled()); // the way out
        QVERIFY(!tests->debugInTerminal(m_row));
        TerminalLauncher::setCommand(QString());
    }

    void exportForIdeWritesLaunchJsonAndDotenv()
    {
        TestsPanel *tests = m_window->testsPanel();
        const QString vscode = m_ws->filePath(QStringLiteral(".vscode"));
        const QString launch = vscode + QStringLiteral("/launch.json");
        // The fixture is down: its ports are unknown, nothing is written.
        auto early = tests->exportForIde(m_row, launch);
        QVERIFY(!early.ok());
        QVERIFY2(early.error().message.contains(QStringLiteral("echo_server")), qPrintable(early.error().message));
        QVERIFY(!QFile::exists(launch));

        QVERIFY(m_window->controller()->up(QStringLiteral("echo_server")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->controller()->isIdle(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->controller()->environmentOf(QStringLiteral("echo_server")).isEmpty(), 60000);
        const QString port = m_window->controller()->environmentOf(QStringLiteral("echo_server")).value(QStringLiteral("ECHO_PORT"));

        // An existing launch.json (VS Code's JSON with comments): another configuration,
        // and an old one of ours, replaced.
        QDir().mkpath(vscode);
        QVERIFY(writeFile(launch, "{\n  // Use IntelliSense to learn about possible attributes.\n  \"version\": \"0.2.0\",\n"
                                  "  \"configurations\": [\n    {\"name\": \"mine\", \"type\": \"cppdbg\", /* keep */ \"program\": \"/bin/true\"},\n"
                                  "    {\"name\": \"fixbench: dbg [Debug.FailsOnInjectedGreeting]\", \"program\": \"old\"},\n  ]\n}\n"));
        auto done = tests->exportForIde(m_row, launch);
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().toString()));
        const QJsonObject root = QJsonDocument::fromJson(readFile(launch)).object();
        const QJsonArray configs = root.value(QStringLiteral("configurations")).toArray();
        QCOMPARE(configs.size(), 2);
        QCOMPARE(configs[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("mine"));
        QCOMPARE(configs[0].toObject().value(QStringLiteral("program")).toString(), QStringLiteral("/bin/true"));
        const QJsonObject ours = configs[1].toObject();
        QCOMPARE(ours.value(QStringLiteral("name")).toString(), QStringLiteral("fixbench: dbg [Debug.FailsOnInjectedGreeting]"));
        QCOMPARE(ours.value(QStringLiteral("type")).toString(), QStringLiteral("cppdbg"));
        QCOMPARE(ours.value(QStringLiteral("MIMode")).toString(), QStringLiteral("gdb"));
        QCOMPARE(ours.value(QStringLiteral("program")).toString(), sample("sample_debug"));
        QCOMPARE(ours.value(QStringLiteral("cwd")).toString(), QFileInfo(sample("sample_debug")).absolutePath());
        QCOMPARE(ours.value(QStringLiteral("args")).toArray(),
                 (QJsonArray{QStringLiteral("--gtest_filter=Debug.FailsOnInjectedGreeting"), QStringLiteral("--gtest_break_on_failure")}));
        const QHash<QString, QString> env = environmentOf(ours);
        QCOMPARE(env.value(QStringLiteral("ECHO_GREETING")), QStringLiteral("hello"));
        QCOMPARE(env.value(QStringLiteral("ECHO_TOKEN")), QStringLiteral("s3cret")); // secrets too: an IDE needs them
        QCOMPARE(env.value(QStringLiteral("ECHO_PORT")), port);
        QCOMPARE(env.value(QStringLiteral("FIXBENCH_WORKSPACE")), m_ws->path());
        QCOMPARE(env.value(QStringLiteral("OVR")), m_tricky);
        QVERIFY2(!env.contains(QStringLiteral("PATH")), "the system environment is VS Code's own");
        // OVR holds `${c` unclosed: a dotenv keeps it, but only in double quotes, which
        // VS Code's envFile does not decode: not referenced.
        QVERIFY(!ours.contains(QStringLiteral("envFile")));
        QVERIFY(!done->envFileReferenced);
        QCOMPARE(done->envFile, vscode + QStringLiteral("/fixbench_dbg_Debug.FailsOnInjectedGreeting.env"));
        for (const QString &f : {launch, done->envFile})
            QCOMPARE(testsupport::run(QStringLiteral("stat"), {QStringLiteral("-c"), QStringLiteral("%a"), f}).out.trimmed(), QStringLiteral("600"));
        // The dotenv file, read by python-dotenv, holds the configuration's variables.
        const auto py = testsupport::run(QStringLiteral("/usr/bin/python3"),
                                         {QStringLiteral("-c"), QStringLiteral("import json, sys; from dotenv import dotenv_values; "
                                                                               "print(json.dumps(dotenv_values(sys.argv[1])))"),
                                          done->envFile});
        QVERIFY2(py.exitCode == 0, qPrintable(py.err));
        const QJsonObject read = QJsonDocument::fromJson(py.out.toUtf8()).object();
        QCOMPARE(read.size(), env.size());
        for (auto it = env.begin(); it != env.end(); ++it)
            QCOMPARE(read.value(it.key()).toString(), it.value());

        // Plain values: the dotenv file is exact for VS Code too, and referenced.
        tests->setOverridesProvider([]() {
            Environment e;
            e.set(QStringLiteral("OVR"), QStringLiteral("plain $x #y"), false, QStringLiteral("override"));
            return e;
        });
        auto plain = tests->exportForIde(m_row, launch);
        QVERIFY(plain.ok());
        QVERIFY(plain->envFileReferenced);
        const QJsonArray again = QJsonDocument::fromJson(readFile(launch)).object().value(QStringLiteral("configurations")).toArray();
        QCOMPARE(again.size(), 2);
        QCOMPARE(again[1].toObject().value(QStringLiteral("envFile")).toString(), plain->envFile);
        QVERIFY2(readFile(plain->envFile).contains("OVR='plain $x #y'\n"), readFile(plain->envFile).constData());
    }
};

QTEST_MAIN(TestDebugTerminal)
#include "test_debugterminal.moc"
