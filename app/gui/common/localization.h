#pragma once

#include <QString>

namespace fixbench {

// The user interface language: the system locale's, or the one forced with --lang
// ("fr", "en", ...). Installs fixbench's translation (compiled from translations/*.ts
// into the resources) and Qt's own for standard dialogs.
class Localization {
public:
    // Returns the language in use ("en" when no translation matched).
    static QString install(const QString &forced = QString());
    static QStringList available(); // languages fixbench ships, "en" included
};

} // namespace fixbench
