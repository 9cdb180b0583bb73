#include "cli.h"

#include "fixture/reaper.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

// The human text follows the locale (LC_ALL, LC_MESSAGES, LANG), or FIXBENCH_LANG=fr|en:
// fixbench's catalogue (translations/*.ts, embedded under :/i18n) and Qt's own (the
// option parser's messages). An invocation that answers a program (--json,
// --hold-stdin) stays in English, its stderr too: the machine interface
// (docs/machine-interface.md) is never translated, nor are exit codes.
void installTranslation(const QStringList &arguments)
{
    for (const QString &a : arguments)
        if (a.startsWith(QLatin1String("--json")) || a == QLatin1String("--hold-stdin"))
            return;
    const QString forced = qEnvironmentVariable("FIXBENCH_LANG");
    QLocale locale = forced.isEmpty() ? QLocale::system() : QLocale(forced);
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English);
    auto *ours = new QTranslator(QCoreApplication::instance());
    // A language without a catalogue gets English (its plural forms).
    if (ours->load(locale, QStringLiteral("fixbench"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || ours->load(QLocale(QLocale::English), QStringLiteral("fixbench"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ours);
    if (ours->language().startsWith(QLatin1String("en")) || ours->isEmpty())
        return;
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fixbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIXBENCH_VERSION));
    installTranslation(QCoreApplication::arguments());
    fixbench::Cli::installSignalHandlers();
    // This very program takes down what nobody uses any more (fixture/reaper.h).
    fixbench::Reaper::setProgram(QCoreApplication::applicationFilePath());
    fixbench::Cli cli;
    return cli.run(QCoreApplication::arguments());
}
