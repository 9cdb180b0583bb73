#pragma once

#include <QString>

#include <atomic>

namespace fixbench {

// fixbench's per-user runtime folder, shared by every fixbench process of this user:
// $XDG_RUNTIME_DIR/fixbench when XDG_RUNTIME_DIR names a folder, else
// /tmp/fixbench-<uid>, else (that one exists but is not this user's own folder)
// ~/.cache/fixbench/run. Always private: created 0700, tightened to 0700 when it is
// not. Locks, leases, port reservations, compose override files and the last-run
// records (test output: 0600) live there.
QString runtimeDir();

// An exclusive flock on a file (created 0600), polled every 50 ms so that a cancel flag
// is honoured. Released when destroyed or when the process ends, however it ends: the
// kernel drops it, so a killed process never leaves a stale lock.
class FileLock {
public:
    FileLock(const QString &path, int timeoutMs, const std::atomic_bool *cancel = nullptr);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    bool isLocked() const { return m_fd >= 0; }
    QString path() const { return m_path; }

private:
    int m_fd = -1;
    QString m_path;
};

} // namespace fixbench
