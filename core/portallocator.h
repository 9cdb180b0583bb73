#pragma once

#include "error.h"
#include "fixturespec.h"

#include <QList>
#include <QSet>
#include <QString>

namespace fixbench {

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

// Picks free host ports before `compose up`. Auto ports are drawn at random from
// [minPort, maxPort] (kept below the kernel's ephemeral range), skipping ports in
// `avoid` (e.g. ports other fixtures already publish) and ports that fail a bind test
// on 0.0.0.0 and 127.0.0.1. Ranges are contiguous. Fixed ports are checked and an
// already-bound one is a Port error naming the variable and the port.
// Allocation across processes is serialised by a host-wide lock file (see PortLock).
class PortAllocator {
public:
    int minPort = 20000;
    int maxPort = 32000;

    Result<QList<AllocatedPort>> allocate(const QList<PortSpec> &specs, const QSet<int> &avoid = {}) const;

    static bool isFree(int port); // bind test, TCP, on 0.0.0.0
};

// A host-wide exclusive lock (flock on $XDG_RUNTIME_DIR or /tmp) held from port
// allocation until compose has created the containers, so two concurrent `up`s
// never pick the same ports. RAII; blocks up to timeoutMs.
class PortLock {
public:
    explicit PortLock(int timeoutMs = 120000);
    ~PortLock();
    PortLock(const PortLock &) = delete;
    PortLock &operator=(const PortLock &) = delete;
    bool isLocked() const { return m_fd >= 0; }
    QString path() const { return m_path; }

private:
    int m_fd = -1;
    QString m_path;
};

} // namespace fixbench
