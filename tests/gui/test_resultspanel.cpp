// The Results panel: a failed test's failures with file:line links that open the
// configured editor, its own output, the run console.
#include "editorlauncher.h"
#include "resultspanel.h"
#include "testsmodel.h"

#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace fixbench;

class TestResultsPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("fixbench-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_resultspanel"));
    }

    void failuresLinkToTheEditor()
    {
        TestsModel model;
        TestBinarySpec spec;
        spec.name = QStringLiteral("unit");
        spec.path = QStringLiteral("/bin/unit");
        model.setBinaries({spec});
        TestResult r;
        r.binary = QStringLiteral("unit");
        r.suite = QStringLiteral("Math");
        r.name = QStringLiteral("Adds");
        r.status = TestStatus::Failed;
        r.durationMs = 7;
        r.failures << TestFailure{QStringLiteral("/src/math test.cpp"), 42, QStringLiteral("Expected equality of these values:\n  1 + 1\n  3")};
        r.output = QStringLiteral("computing...");
        model.upsert({r});

        ResultsPanel panel(&model);
        panel.show();
        const QModelIndex test = model.indexOfTest(QStringLiteral("unit"), QStringLiteral("Math.Adds"));
        QVERIFY(test.isValid());
        panel.showIndex(test);
        const QString text = panel.resultView()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Math.Adds")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("failed")));
        QVERIFY(text.contains(QStringLiteral("/src/math test.cpp:42")));
        QVERIFY(text.contains(QStringLiteral("Expected equality")));
        QVERIFY(text.contains(QStringLiteral("computing...")));

        // The editor command: a script that records its arguments.
        const QString script = m_dir.filePath(QStringLiteral("editor.sh"));
        const QString out = m_dir.filePath(QStringLiteral("opened.txt"));
        {
            QFile f(script);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("#!/bin/sh\nprintf '%s|%s' \"$1\" \"$2\" > '%1'\n").arg(out).toUtf8());
            f.close();
            f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        }
        EditorLauncher::setCommand(QStringLiteral("\"%1\" --line %l %f").arg(script));
        QCOMPARE(EditorLauncher::arguments(EditorLauncher::command(), QStringLiteral("/a b.cpp"), 3),
                 (QStringList{script, QStringLiteral("--line"), QStringLiteral("3"), QStringLiteral("/a b.cpp")}));

        // Click the file:line link.
        static const QRegularExpression href(QStringLiteral("href=\"([^\"]+)\""));
        const QString html = panel.resultView()->toHtml();
        const auto m = href.match(html);
        QVERIFY2(m.hasMatch(), qPrintable(html));
        QSignalSpy launched(&panel, &ResultsPanel::editorLaunched);
        Q_EMIT panel.resultView()->anchorClicked(QUrl(m.captured(1).replace(QStringLiteral("&amp;"), QStringLiteral("&"))));
        QCOMPARE(launched.count(), 1);
        QCOMPARE(launched.first().at(1).toStringList(), (QStringList{QStringLiteral("--line"), QStringLiteral("42"), QStringLiteral("/src/math test.cpp")}));
        auto contents = [&out]() {
            QFile f(out);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QTRY_COMPARE(contents(), QByteArray("--line|42"));

        // Results update live.
        r.status = TestStatus::Passed;
        r.failures.clear();
        model.upsert({r});
        QVERIFY(panel.resultView()->toPlainText().contains(QStringLiteral("passed")));
    }

    // Quoted as in a shell: single quotes, double quotes, backslashes.
    void editorCommandQuoting()
    {
        QCOMPARE(EditorLauncher::splitWords(QStringLiteral("sh -c 'vim +\"$1\" \"$0\"' %f %l")),
                 (QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("vim +\"$1\" \"$0\""), QStringLiteral("%f"),
                              QStringLiteral("%l")}));
        QCOMPARE(EditorLauncher::splitWords(QStringLiteral("\"/opt/My Editor/bin/ed\" --goto=\"%f:%l\" a\\ b \"x\\\"y\"")),
                 (QStringList{QStringLiteral("/opt/My Editor/bin/ed"), QStringLiteral("--goto=%f:%l"), QStringLiteral("a b"),
                              QStringLiteral("x\"y")}));
        QString error;
        QVERIFY(EditorLauncher::splitWords(QStringLiteral("kate 'unclosed"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("unclosed")), qPrintable(error));
        // A single-quoted command really runs, with the file and line where they belong.
        const QString out = m_dir.filePath(QStringLiteral("quoted.txt"));
        EditorLauncher::setCommand(QStringLiteral("sh -c 'printf \"%s@%s\" \"$0\" \"$1\" > \"$2\"' %f %l '") + out + QLatin1Char('\''));
        EditorLauncher launcher;
        QSignalSpy failed(&launcher, &EditorLauncher::failed);
        QVERIFY(launcher.open(QStringLiteral("/src/it's here.cpp"), 7));
        auto contents = [&out]() {
            QFile f(out);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QTRY_COMPARE(contents(), QByteArray("/src/it's here.cpp@7"));
        QCOMPARE(failed.count(), 0);
    }

    // An editor that cannot start, or exits with an error, is reported with its words.
    void editorFailuresAreReported()
    {
        TestsModel model;
        ResultsPanel panel(&model);
        QSignalSpy failed(&panel, &ResultsPanel::editorFailed);
        EditorLauncher::setCommand(QStringLiteral("no-such-editor-fixbench --line %l %f"));
        QVERIFY(!panel.openLocation(QStringLiteral("/src/a.cpp"), 3));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("no-such-editor-fixbench")), qPrintable(failed.at(0).at(0).toString()));

        EditorLauncher::setCommand(QStringLiteral("sh -c 'echo cannot open display >&2; exit 3' %f"));
        QVERIFY(panel.openLocation(QStringLiteral("/src/a.cpp"), 3)); // started...
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 5000);          // ...and failed
        const QString message = failed.at(1).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("exit code 3")) && message.contains(QStringLiteral("cannot open display")), qPrintable(message));

        // One that keeps running (an editor window) is left alone, not reported.
        EditorLauncher::setCommand(QStringLiteral("sleep 2 %f"));
        panel.editor()->setWatchMs(1000);
        QVERIFY(panel.openLocation(QStringLiteral("5"), 1));
        QTest::qWait(1500);
        QCOMPARE(failed.count(), 2);
    }

    // Unset, the command opens at the line with an editor found on PATH.
    void defaultEditorOpensAtTheLine()
    {
        EditorLauncher::setCommand(QString());
        const QByteArray path = qgetenv("PATH");
        const QString bin = m_dir.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        qputenv("PATH", QFile::encodeName(bin));
        QCOMPARE(EditorLauncher::command(), QStringLiteral("xdg-open %f")); // nothing known: the desktop's choice
        QFile kate(bin + QStringLiteral("/kate"));
        QVERIFY(kate.open(QIODevice::WriteOnly));
        kate.write("#!/bin/sh\n");
        kate.close();
        kate.setPermissions(kate.permissions() | QFileDevice::ExeOwner);
        QCOMPARE(EditorLauncher::command(), QStringLiteral("kate --line %l %f"));
        QCOMPARE(EditorLauncher::arguments(EditorLauncher::command(), QStringLiteral("/a.cpp"), 12),
                 (QStringList{QStringLiteral("kate"), QStringLiteral("--line"), QStringLiteral("12"), QStringLiteral("/a.cpp")}));
        qputenv("PATH", path);
    }

    void console()
    {
        TestsModel model;
        ResultsPanel panel(&model);
        panel.appendOutput(QStringLiteral("unit"), {QStringLiteral("[ RUN      ] Math.Adds"), QStringLiteral("[       OK ] Math.Adds")});
        panel.appendOutput(QStringLiteral("unit"), {QStringLiteral("[  PASSED  ] 1 test.")});
        const QString text = panel.console()->toPlainText();
        QCOMPARE(text.count(QStringLiteral("unit")), 1); // one header per binary
        QVERIFY(text.contains(QStringLiteral("[  PASSED  ] 1 test.")));
        panel.clearConsole();
        QVERIFY(panel.console()->toPlainText().isEmpty());
    }
};

QTEST_MAIN(TestResultsPanel)
#include "test_resultspanel.moc"
