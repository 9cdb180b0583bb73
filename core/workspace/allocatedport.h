#pragma once

#include <QList>
#include <QString>

namespace fixbench {

// A host port (or contiguous range) picked for a fixture's `ports:` entry, as the
// fixbench.ports label records it.
struct AllocatedPort {
    QString name;
    int first = 0;
    int count = 1;
    bool range = false;
    int last() const { return first + count - 1; }
    // FTP_PASV=4000-4003 form used in the fixbench.ports label; parse() reverses it.
    QString toString() const;
    static QList<AllocatedPort> parseList(const QString &s); // "A=1;B=2-5"
    static QString formatList(const QList<AllocatedPort> &ports);
};

} // namespace fixbench
