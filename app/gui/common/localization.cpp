#include "localization.h"

#include "icons.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace fixbench {

QStringList Localization::available()
{
    initGuiResources();
    QStringList langs{QStringLiteral("en")};
    const QStringList files = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("fixbench_*.qm")});
    for (const QString &f : files)
        langs << f.mid(9, f.size() - 9 - 3);
    langs.removeDuplicates();
    return langs;
}

QString Localization::install(const QString &forced)
{
    initGuiResources();
    QLocale locale = forced.isEmpty() ? QLocale::system() : QLocale(forced);
    if (!forced.isEmpty())
        QLocale::setDefault(locale);
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English);
    const QLocale english(QLocale::English);
    auto *ours = new QTranslator(QCoreApplication::instance());
    if (!ours->load(locale, QStringLiteral("fixbench"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        // No translation for that language: English (its plural forms).
        if (!ours->load(english, QStringLiteral("fixbench"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
            delete ours;
            return QStringLiteral("en");
        }
        QCoreApplication::installTranslator(ours);
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(ours);
    if (locale.language() == QLocale::English)
        return QStringLiteral("en");
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return ours->language().section(QLatin1Char('_'), 0, 0);
}

} // namespace fixbench
