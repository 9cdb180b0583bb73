#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <atomic>

namespace fixbench {

// Waits for test binaries to be rebuilt (`fixbench run --watch`). A binary changed when
// its file's inode, size or modification time did (a linker writing in place, one
// writing elsewhere and renaming over it, a plain touch); it counts once it has stayed
// the same for `settleMs` and is an executable file again, so a half-written binary is
// never run. Blocking: it looks at the files every 50 ms (a stat each; works the same
// for a replaced file, a removed and recreated folder and any file system), checking
// `cancel` as often.
class BinaryWatcher {
public:
    explicit BinaryWatcher(const QStringList &paths, int settleMs = 150);

    // The binaries rebuilt since the last call (or construction), once settled; empty
    // when cancelled first.
    QStringList waitForRebuild(const std::atomic_bool *cancel);

private:
    struct Stamp {
        bool executable = false;
        quint64 inode = 0;
        qint64 size = -1;
        qint64 mtimeNs = 0;
        bool operator==(const Stamp &o) const = default;
    };
    static Stamp stampOf(const QString &path);

    QStringList m_paths;
    int m_settleMs;
    QHash<QString, Stamp> m_seen; // what each binary was when last run
};

} // namespace fixbench
