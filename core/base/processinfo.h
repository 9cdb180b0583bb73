#pragma once

#include <QString>

namespace fixbench {

// Identifies a process across pid reuse: pid + its start time (from /proc) + host.
struct ProcessInfo {
    qint64 pid = 0;
    QString startTime; // /proc/<pid>/stat field 22 (clock ticks since boot), "" if unknown
    QString host;

    static ProcessInfo current();
    static QString startTimeOf(qint64 pid); // "" when no such process (or it ended: a zombie)
    static QString hostName();

    // Alive = a process with this pid exists here and started at the same time. A
    // process on another host cannot be checked and counts as alive (never prune
    // what might belong to someone else).
    bool isAlive() const;
};

} // namespace fixbench
