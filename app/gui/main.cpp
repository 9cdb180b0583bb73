#include "icons.h"
#include "localization.h"
#include "mainwindow.h"
#include "fixturespanel.h"
#include "testspanel.h"
#include "fixture/reaper.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QScreen>
#include <QSettings>
#include <QTimer>

#include <cstdio>

using namespace fixbench;

namespace {

struct Options
{
    QCommandLineOption workspace{{QStringLiteral("w"), QStringLiteral("workspace")},
                                 QCoreApplication::translate("main", "Workspace folder (holding fixbench.yml)."),
                                 QStringLiteral("DIR")};
    QCommandLineOption lang{QStringLiteral("lang"),
                            QCoreApplication::translate("main", "User interface language: %1 (default: the system's).")
                                .arg(Localization::available().join(QStringLiteral(", "))),
                            QStringLiteral("LANG")};
    QCommandLineOption up{QStringLiteral("up"),
                          QCoreApplication::translate("main", "Bring this fixture up once the window is open (repeatable)."),
                          QStringLiteral("FIXTURE")};
    QCommandLineOption run{QStringLiteral("run"),
                           QCoreApplication::translate("main", "Run the checked tests once they are listed (F5).")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"), QStringLiteral("Save a screenshot of the window, then quit."),
                                  QStringLiteral("FILE")};
    QCommandLineOption screenshotAfter{QStringLiteral("screenshot-after-ms"),
                                       QStringLiteral("When to take the screenshot (after the fixtures of --up are ready)."),
                                       QStringLiteral("MS"), QStringLiteral("3000")};
    QCommandLineOption size{QStringLiteral("size"), QStringLiteral("Window size WxH."), QStringLiteral("WxH")};
};

// --lang must be known before any translated text: look for it first.
void installLanguage(const QStringList &args)
{
    QString lang = QSettings().value(QStringLiteral("language")).toString();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--lang") && i + 1 < args.size())
            lang = args[i + 1];
        else if (args[i].startsWith(QLatin1String("--lang=")))
            lang = args[i].mid(7);
    }
    Localization::install(lang);
}

void setUpParser(QCommandLineParser &parser, Options &o)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "The fixbench workbench: fixtures, their logs and environment, in one window."));
    parser.addHelpOption();
    parser.addVersionOption();
    o.screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    o.screenshotAfter.setFlags(QCommandLineOption::HiddenFromHelp);
    o.size.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({o.workspace, o.lang, o.up, o.run, o.screenshot, o.screenshotAfter, o.size});
}

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("fixbench"));
    QCoreApplication::setApplicationName(QStringLiteral("fixbench-gui"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIXBENCH_VERSION));
}

// --help, --version and bad options need no display: answered by a core application
// before QApplication would abort for want of one.
bool answersWithoutDisplay(int argc, char *argv[])
{
    QCoreApplication core(argc, argv);
    setApplicationNames();
    installLanguage(QCoreApplication::arguments());
    QCommandLineParser parser;
    Options o;
    setUpParser(parser, o);
    if (!parser.parse(QCoreApplication::arguments()) || parser.isSet(QStringLiteral("help"))
        || parser.isSet(QStringLiteral("help-all")) || parser.isSet(QStringLiteral("version"))) {
        parser.process(core); // prints help, version or the error, and exits
        return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (answersWithoutDisplay(argc, argv))
        return 0;
    QApplication app(argc, argv);
    setApplicationNames();
    QGuiApplication::setDesktopFileName(QStringLiteral("fixbench"));
    initGuiResources();
    // The reaper (fixture/reaper.h) is the fixbench CLI installed beside this program
    // (or built beside it); else $FIXBENCH_CLI or `fixbench` on PATH.
    for (const QString &cli : QStringList{QCoreApplication::applicationDirPath() + QStringLiteral("/fixbench"),
#ifdef FIXBENCH_BUILD_CLI
                                           QStringLiteral(FIXBENCH_BUILD_CLI),
#endif
                                           QString()})
        if (!cli.isEmpty() && QFileInfo(cli).isExecutable()) {
            Reaper::setProgram(cli);
            break;
        }

    installLanguage(QCoreApplication::arguments());
    QApplication::setWindowIcon(Icons::app());

    QCommandLineParser parser;
    Options opts;
    setUpParser(parser, opts);
    parser.process(app);

    MainWindow window;
    const bool screenshot = parser.isSet(opts.screenshot);
    if (!screenshot)
        window.restoreSettings();

    QString root = parser.value(opts.workspace);
    if (root.isEmpty())
        root = qEnvironmentVariable("FIXBENCH_WORKSPACE");
    if (root.isEmpty()) {
        const QString last = QSettings().value(QStringLiteral("workspace/last")).toString();
        if (!last.isEmpty() && QFileInfo::exists(last + QStringLiteral("/fixbench.yml")))
            root = last;
    }
    if (root.isEmpty()) {
        auto found = Workspace::discover(QDir::currentPath());
        if (found)
            root = found->root();
    }
    if (!root.isEmpty()) {
        QString error;
        if (!window.openWorkspace(root, &error)) {
            std::fprintf(stderr, "fixbench-gui: %s\n", qPrintable(error));
            if (parser.isSet(opts.workspace))
                return 3;
        }
    }
    if (parser.isSet(opts.size)) {
        const QStringList wh = parser.value(opts.size).split(QLatin1Char('x'));
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();

    // Fixtures to bring up: once the first status is known (they must be in the tree).
    const QStringList ups = parser.values(opts.up);
    if (!ups.isEmpty() && window.controller()) {
        auto started = std::make_shared<bool>(false);
        QObject::connect(window.controller(), &FixtureController::statusesChanged, &window, [&window, ups, started]() {
            if (*started)
                return;
            *started = true;
            for (const QString &f : ups)
                window.fixturesPanel()->bringUp(f);
            window.fixturesPanel()->selectFixture(ups.first());
        });
    }

    // Run the tests: once they are listed (and after --up fixtures are ready).
    const bool run = parser.isSet(opts.run) && window.controller();
    if (run) {
        auto pendingUps = std::make_shared<int>(int(ups.size()));
        auto listed = std::make_shared<bool>(false);
        auto tryRun = [&window, pendingUps, listed]() {
            if (*pendingUps <= 0 && *listed && !window.testsPanel()->isRunning())
                window.testsPanel()->runCheckedAction()->trigger();
        };
        QObject::connect(window.testsPanel(), &TestsPanel::discoveryFinished, &window, [listed, tryRun]() {
            if (!*listed) {
                *listed = true;
                tryRun();
            }
        });
        QObject::connect(window.controller(), &FixtureController::operationFinished, &window,
                         [pendingUps, tryRun](const QString &, const QString &, FixtureController::Operation op) {
                             if (op == FixtureController::Operation::Up && *pendingUps > 0 && --*pendingUps == 0)
                                 tryRun();
                         });
    }

    if (screenshot) {
        window.setClosePolicy(MainWindow::ClosePolicy::TakeDown);
        const QString file = parser.value(opts.screenshot);
        const int after = parser.value(opts.screenshotAfter).toInt();
        auto shot = std::make_shared<bool>(false);
        auto shoot = [&window, file, shot]() {
            if (*shot)
                return;
            *shot = true;
            const bool ok = window.grab().save(file);
            std::fprintf(stderr, "fixbench-gui: screenshot %s %s\n", qPrintable(file), ok ? "saved" : "FAILED");
            window.close();
        };
        if (run) {
            // In the middle of the run: `after` ms after the binaries started.
            QObject::connect(window.testsPanel()->session(), &TestSession::runsStarted, &window,
                             [after, &window, shoot]() { QTimer::singleShot(after, &window, shoot); });
            QTimer::singleShot(300000, &window, shoot); // never hang
        } else if (ups.isEmpty() || !window.controller()) {
            QTimer::singleShot(after, &window, shoot);
        } else {
            // After every fixture of --up is ready (or failed), plus the delay.
            auto pending = std::make_shared<int>(int(ups.size()));
            QObject::connect(window.controller(), &FixtureController::operationFinished, &window,
                             [pending, after, &window, shoot](const QString &, const QString &, FixtureController::Operation op) {
                                 if (op != FixtureController::Operation::Up || --*pending != 0)
                                     return;
                                 QTimer::singleShot(after, &window, shoot);
                             });
            QTimer::singleShot(120000, &window, shoot); // never hang
        }
    }
    return app.exec();
}
