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

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("fixbench"));
    QCoreApplication::setApplicationName(QStringLiteral("fixbench-gui"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIXBENCH_VERSION));
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

    // --lang must be known before any translated text: look for it first.
    QString lang = QSettings().value(QStringLiteral("language")).toString();
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--lang") && i + 1 < args.size())
            lang = args[i + 1];
        else if (args[i].startsWith(QLatin1String("--lang=")))
            lang = args[i].mid(7);
    }
    Localization::install(lang);
    QApplication::setWindowIcon(Icons::app());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "The fixbench workbench: fixtures, their logs and environment, in one window."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption workspaceOption({QStringLiteral("w"), QStringLiteral("workspace")},
                                       QCoreApplication::translate("main", "Workspace folder (holding fixbench.yml)."),
                                       QStringLiteral("DIR"));
    QCommandLineOption langOption(QStringLiteral("lang"),
                                  QCoreApplication::translate("main", "User interface language: %1 (default: the system's).")
                                      .arg(Localization::available().join(QStringLiteral(", "))),
                                  QStringLiteral("LANG"));
    QCommandLineOption upOption(QStringLiteral("up"),
                                QCoreApplication::translate("main", "Bring this fixture up once the window is open (repeatable)."),
                                QStringLiteral("FIXTURE"));
    QCommandLineOption runOption(QStringLiteral("run"),
                                 QCoreApplication::translate("main", "Run the checked tests once they are listed (F5)."));
    QCommandLineOption screenshotOption(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot of the window, then quit."),
                                        QStringLiteral("FILE"));
    screenshotOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotAfterOption(QStringLiteral("screenshot-after-ms"),
                                             QStringLiteral("When to take the screenshot (after the fixtures of --up are ready)."),
                                             QStringLiteral("MS"), QStringLiteral("3000"));
    screenshotAfterOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("Window size WxH."), QStringLiteral("WxH"));
    sizeOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({workspaceOption, langOption, upOption, runOption, screenshotOption, screenshotAfterOption, sizeOption});
    parser.process(app);

    MainWindow window;
    const bool screenshot = parser.isSet(screenshotOption);
    if (!screenshot)
        window.restoreSettings();

    QString root = parser.value(workspaceOption);
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
            if (parser.isSet(workspaceOption))
                return 3;
        }
    }
    if (parser.isSet(sizeOption)) {
        const QStringList wh = parser.value(sizeOption).split(QLatin1Char('x'));
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();

    // Fixtures to bring up: once the first status is known (they must be in the tree).
    const QStringList ups = parser.values(upOption);
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
    const bool run = parser.isSet(runOption) && window.controller();
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
        const QString file = parser.value(screenshotOption);
        const int after = parser.value(screenshotAfterOption).toInt();
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
