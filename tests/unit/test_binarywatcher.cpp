// BinaryWatcher (`fixbench run --watch`): a rebuilt binary — replaced by a rename,
// overwritten in place, touched — is reported once it has settled; a half-written or
// removed one is not; nothing is reported when nothing changed. Real files, real time.

#include "run/binarywatcher.h"

#include "unitsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace fixbench;
using namespace fixbench::unitsupport;

namespace {

void writeExecutable(const QString &path, const QByteArray &content)
{
    writeFile(path, content);
    QFile::setPermissions(path, QFile::permissions(path) | QFileDevice::ExeOwner);
}

// waitForRebuild with `change` done on another thread after 100 ms; gives up (cancels)
// after `limitMs`.
QStringList rebuiltAfter(BinaryWatcher &watcher, const std::function<void()> &change, int limitMs = 3000)
{
    std::atomic_bool cancel = false;
    std::atomic_bool done = false;
    std::thread changer([&] {
        QThread::msleep(100);
        if (change)
            change();
        QElapsedTimer limit;
        limit.start();
        while (!done && limit.elapsed() < limitMs)
            QThread::msleep(20);
        cancel = true;
    });
    const QStringList rebuilt = watcher.waitForRebuild(&cancel);
    done = true;
    changer.join();
    return rebuilt;
}

} // namespace

TEST(BinaryWatcher, ReportsAReplacedOverwrittenOrTouchedBinaryOnceSettled)
{
    QTemporaryDir dir;
    const QString bin = dir.filePath(QStringLiteral("tests_bin"));
    const QString other = dir.filePath(QStringLiteral("other_bin"));
    writeExecutable(bin, "v1");
    writeExecutable(other, "o1");
    BinaryWatcher watcher({bin, other}, 150);

    // Replaced: written elsewhere, renamed over it (what linkers do).
    EXPECT_EQ(rebuiltAfter(watcher, [&] {
                  writeExecutable(bin + QStringLiteral(".tmp"), "version two");
                  ::rename(QFile::encodeName(bin + QStringLiteral(".tmp")).constData(), QFile::encodeName(bin).constData());
              }),
              QStringList{bin});
    // Overwritten in place, same size.
    EXPECT_EQ(rebuiltAfter(watcher, [&] { writeExecutable(bin, "version 2!!"); }), QStringList{bin});
    // Touched.
    EXPECT_EQ(rebuiltAfter(watcher, [&] {
                  QFile f(other);
                  ASSERT_TRUE(f.open(QIODevice::ReadWrite));
                  ASSERT_TRUE(f.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
              }),
              QStringList{other});
    // Nothing changed: nothing reported (cancelled after the limit).
    EXPECT_TRUE(rebuiltAfter(watcher, {}, 500).isEmpty());
}

TEST(BinaryWatcher, WaitsForAFileBeingWrittenAndIgnoresOneThatIsGone)
{
    QTemporaryDir dir;
    const QString bin = dir.filePath(QStringLiteral("tests_bin"));
    writeExecutable(bin, "v1");
    BinaryWatcher watcher({bin}, 300);

    // Written in pieces 100 ms apart: reported once, after the last piece has settled.
    QElapsedTimer clock;
    clock.start();
    qint64 lastWrite = 0;
    const QStringList rebuilt = rebuiltAfter(watcher, [&] {
        QFile f(bin);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 5; ++i) {
            f.write("piece ");
            f.flush();
            lastWrite = clock.elapsed();
            QThread::msleep(100);
        }
    });
    EXPECT_EQ(rebuilt, QStringList{bin});
    EXPECT_GE(clock.elapsed(), lastWrite + 300) << "reported before the file settled";
    EXPECT_EQ(readFile(bin), QByteArray("piece piece piece piece piece "));

    // Removed: not a binary to run (nothing reported); back again: reported.
    EXPECT_TRUE(rebuiltAfter(watcher, [&] { QFile::remove(bin); }, 800).isEmpty());
    EXPECT_EQ(rebuiltAfter(watcher, [&] { writeExecutable(bin, "v3"); }), QStringList{bin});
}
