#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

namespace fixbench {

// What fixbench needs to know of a compose file without running compose: its
// services, declared networks (non-external), build contexts and `version:` key.
struct ComposeFile {
    QString path;
    QString version;              // top-level `version:`, "" when absent
    QStringList services;
    QStringList defaultServices;  // started by a plain `up`: those without `profiles:`
    QStringList networks;         // declared, not external
    QStringList buildContexts;    // absolute paths

    static Result<ComposeFile> load(const QString &path);

    // An override file adding `labels` to every service and network (and the
    // default network), so that everything compose creates carries them.
    QByteArray labelOverride(const QList<QPair<QString, QString>> &labels) const;
};

} // namespace fixbench
