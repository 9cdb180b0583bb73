// The French translation is complete and up to date, and the app can switch to it. One
// catalogue (translations/fixbench_fr.ts) holds the workbench's, the CLI's and core's
// messages; the CLI embeds it too (tests/integration/test_cli.cpp sees it in use).
#include "fixturesmodel.h"
#include "localization.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace fixbench;

namespace {

struct Message {
    QString context;
    QString source;
    QStringList translations; // one, or the numerus forms
    bool unfinished = false;
};

QList<Message> readTs(const QString &path)
{
    QList<Message> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name"))
            context = xml.readElementText();
        else if (name == QLatin1String("message"))
            m = Message{context, {}, {}, false};
        else if (name == QLatin1String("source"))
            m.source = xml.readElementText();
        else if (name == QLatin1String("translation")) {
            m.unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            // Either text, or <numerusform> children.
            QString text;
            while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    m.translations << xml.readElementText();
            }
            if (m.translations.isEmpty())
                m.translations << text;
            out << m;
        }
    }
    return out;
}

// Leading and trailing white space: a fragment that is appended (" (listed at %1)") or
// a block of the usage text keeps its edges. French puts a no-break space before ";"
// ("; known variables: %1"): that one is typography, not an edge.
QString edges(const QString &s)
{
    auto blank = [](QChar c) { return c.isSpace() && c != QChar::Nbsp; };
    qsizetype head = 0;
    while (head < s.size() && blank(s.at(head)))
        ++head;
    qsizetype tail = s.size();
    while (tail > head && blank(s.at(tail - 1)))
        --tail;
    auto kind = [](const QString &ws) {
        return ws.contains(QLatin1Char('\n')) ? QStringLiteral("newline") : ws.isEmpty() ? QString() : QStringLiteral("space");
    };
    return kind(s.left(head)) + QLatin1Char('|') + kind(s.mid(tail));
}

QStringList placeholders(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    QStringList out;
    for (auto it = re.globalMatch(s); it.hasNext();)
        out << it.next().captured(0);
    out.sort();
    out.removeDuplicates();
    return out;
}

} // namespace

class TestLocalization : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void frenchIsComplete()
    {
        const QList<Message> messages = readTs(QStringLiteral(FIXBENCH_SOURCE_DIR "/translations/fixbench_fr.ts"));
        QVERIFY(messages.size() > 100);
        // The CLI's and core's messages are in it, not only the workbench's.
        QSet<QString> contexts;
        int cli = 0;
        for (const Message &m : messages) {
            contexts.insert(m.context);
            cli += m.context == QLatin1String("Cli") ? 1 : 0;
        }
        QVERIFY2(cli > 150, qPrintable(QString::number(cli)));
        for (const char *core : {"fixbench::Workspace", "fixbench::FixtureSpec", "fixbench::yaml", "fixbench::Interpolation",
                                 "fixbench::TemplateLibrary", "fixbench::PortAllocator", "fixbench::RunPipeline"})
            QVERIFY2(contexts.contains(QLatin1String(core)), core);
        for (const Message &m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            QVERIFY2(!m.unfinished, qPrintable(where));
            for (const QString &t : m.translations) {
                QVERIFY2(!t.trimmed().isEmpty(), qPrintable(where));
                // %1, %2, %n: all kept (a numerus form may spell "1" out, but not ours).
                QCOMPARE(placeholders(t), placeholders(m.source));
                // A menu accelerator stays an accelerator.
                QCOMPARE(t.contains(QLatin1Char('&')) && !t.contains(QStringLiteral("&&")),
                         m.source.contains(QLatin1Char('&')) && !m.source.contains(QStringLiteral("&&")));
                // `code` stays quoted (option names, file names, YAML).
                QVERIFY2(t.count(QLatin1Char('`')) == m.source.count(QLatin1Char('`')), qPrintable(where));
                QVERIFY2(edges(t) == edges(m.source), qPrintable(where));
            }
        }
    }

    // Every tr() string of the sources — the workbench's, the CLI's and core's — is in the
    // .ts (lupdate would not add any). The same sources and include paths as the
    // update_translations target (app/gui/CMakeLists.txt).
    void translationIsUpToDate()
    {
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh_fr.ts"));
        QStringList args{QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none")};
        const QStringList folders{QStringLiteral(FIXBENCH_SOURCE_DIR "/app/gui"), QStringLiteral(FIXBENCH_SOURCE_DIR "/app/cli"),
                                  QStringLiteral(FIXBENCH_SOURCE_DIR "/core")};
        for (const QString &folder : folders)
            args << QStringLiteral("-I") << folder;
        int cliSources = 0;
        for (const QString &folder : folders) {
            QDirIterator it(folder, {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                args << it.next();
                cliSources += folder.endsWith(QLatin1String("/app/cli")) ? 1 : 0;
            }
        }
        QVERIFY(cliSources > 10); // app/cli/commands/ included
        args << QStringLiteral("-ts") << fresh;
        QProcess p;
        p.start(QStringLiteral(FIXBENCH_LUPDATE), args);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QSet<QString> known;
        for (const Message &m : readTs(QStringLiteral(FIXBENCH_SOURCE_DIR "/translations/fixbench_fr.ts")))
            known.insert(m.context + QLatin1Char('|') + m.source);
        const QList<Message> current = readTs(fresh);
        QVERIFY(!current.isEmpty());
        // lupdate resolved the contexts (Tr::tr in core and the CLI): no stray "Tr".
        for (const Message &m : current)
            QVERIFY2(m.context != QLatin1String("Tr"), qPrintable(m.source));
        for (const Message &m : current)
            QVERIFY2(known.contains(m.context + QLatin1Char('|') + m.source),
                     qPrintable(QStringLiteral("not in translations/fixbench_fr.ts (run the update_translations target): ")
                                + m.context + QStringLiteral(": ") + m.source));
    }

    void englishPluralsAreComplete()
    {
        QSet<QString> en;
        for (const Message &m : readTs(QStringLiteral(FIXBENCH_SOURCE_DIR "/translations/fixbench_en.ts")))
            if (m.translations.size() == 2)
                en.insert(m.context + QLatin1Char('|') + m.source);
        for (const Message &m : readTs(QStringLiteral(FIXBENCH_SOURCE_DIR "/translations/fixbench_fr.ts")))
            if (m.source.contains(QStringLiteral("%n")))
                QVERIFY2(en.contains(m.context + QLatin1Char('|') + m.source),
                         qPrintable(QStringLiteral("no English plural forms (translations/fixbench_en.ts, lupdate -pluralonly): ") + m.source));
    }

    void englishPlurals()
    {
        QCOMPARE(Localization::install(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("fixbench::LogsPanel", "%n line(s)", nullptr, 1), QStringLiteral("1 line"));
        QCOMPARE(QCoreApplication::translate("fixbench::LogsPanel", "%n line(s)", nullptr, 2), QStringLiteral("2 lines"));
    }

    void switchesToFrench()
    {
        QVERIFY(Localization::available().contains(QStringLiteral("fr")));
        QCOMPARE(FixturesModel::stateText(FixtureState::Ready, false), QStringLiteral("ready"));
        QCOMPARE(Localization::install(QStringLiteral("fr")), QStringLiteral("fr"));
        QCOMPARE(FixturesModel::stateText(FixtureState::Ready, false), QStringLiteral("prête"));
        QCOMPARE(FixturesModel::stateText(FixtureState::Ready, true), QStringLiteral("prête, périmée"));
        QCOMPARE(QCoreApplication::translate("fixbench::LogsPanel", "%n line(s)", nullptr, 3), QStringLiteral("3 lignes"));
        QCOMPARE(QCoreApplication::translate("fixbench::LogsPanel", "%n line(s)", nullptr, 1), QStringLiteral("1 ligne"));
        // Core's messages reach the workbench in French too.
        QCOMPARE(QCoreApplication::translate("fixbench::Workspace", "no fixture `%1` in %2").arg(QStringLiteral("db"), QStringLiteral("/ws")),
                 QStringLiteral("pas de fixture `db` dans /ws"));
    }

    // `fixbench-gui --help` (and --version, and a bad option) answer on a machine with no
    // display at all, in the language asked for: no platform plugin is loaded for them.
    void helpWithoutDisplay()
    {
        auto runGui = [](const QStringList &args, QString *out, QString *err) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (const char *var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"})
                env.remove(QString::fromLatin1(var));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(FIXBENCH_GUI_PROGRAM), args);
            if (!p.waitForFinished(30000))
                return -1;
            *out = QString::fromUtf8(p.readAllStandardOutput());
            *err = QString::fromUtf8(p.readAllStandardError());
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        };
        QString out, err;
        QCOMPARE(runGui({QStringLiteral("--help")}, &out, &err), 0);
        QVERIFY2(out.contains(QStringLiteral("--workspace")) && out.contains(QStringLiteral("Workspace folder (holding fixbench.yml).")),
                 qPrintable(out + err));
        QVERIFY2(!out.contains(QStringLiteral("--screenshot")), qPrintable(out)); // hidden options stay hidden
        QCOMPARE(runGui({QStringLiteral("--lang"), QStringLiteral("fr"), QStringLiteral("--help")}, &out, &err), 0);
        QVERIFY2(out.contains(QStringLiteral("Dossier de l’espace de travail")), qPrintable(out + err));
        QCOMPARE(runGui({QStringLiteral("--version")}, &out, &err), 0);
        QVERIFY2(out.contains(QStringLiteral("fixbench-gui")), qPrintable(out + err));
        QVERIFY(runGui({QStringLiteral("--no-such-option")}, &out, &err) > 0);
        QVERIFY2(err.contains(QStringLiteral("no-such-option")), qPrintable(err));
    }
};

QTEST_MAIN(TestLocalization)
#include "test_localization.moc"
