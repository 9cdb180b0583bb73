// The Results panel: a failed test's failures with file:line links that open the
// configured editor, its own output, the run console.
#include "resultspanel.h"
#include "testsmodel.h"

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
        ResultsPanel::setEditorCommand(QStringLiteral("\"%1\" --line %l %f").arg(script));
        QCOMPARE(ResultsPanel::editorArguments(ResultsPanel::editorCommand(), QStringLiteral("/a b.cpp"), 3),
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
