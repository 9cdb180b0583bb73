#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

namespace fixbench {

// A host port written in a compose file (`ports: ["2121:21"]`, or the long syntax's
// `published:`), not one fixbench allocates (those are `${VAR}`: skipped).
struct ComposeFixedPort {
    QString service;
    int first = 0;          // host port
    int count = 1;          // a range "2121-2123:21-23" is 3
    QString hostIp;         // "" = every address
    QString protocol;       // tcp | udp | sctp
    SourceLocation where;   // the entry in the compose file
    int last() const { return first + count - 1; }
};

// What fixbench needs to know of a compose file without running compose: its
// services, declared networks (non-external), build contexts and `version:` key.
struct ComposeFile {
    QString path;
    QString version;              // top-level `version:`, "" when absent
    QStringList services;
    QStringList defaultServices;  // started by a plain `up`: those without `profiles:`
    QStringList networks;         // declared, not external
    QStringList buildContexts;    // absolute paths
    QList<ComposeFixedPort> fixedPorts; // host ports hard-coded in the file, in file order

    static Result<ComposeFile> load(const QString &path);

    // An override file adding `labels` to every service and network (and the
    // default network), so that everything compose creates carries them.
    QByteArray labelOverride(const QList<QPair<QString, QString>> &labels) const;
};

} // namespace fixbench
