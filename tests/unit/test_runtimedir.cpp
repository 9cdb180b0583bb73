// fixbench's per-user runtime folder (base/filelock.h: runtimeDir): private (0700)
// whatever state it is found in, and never a link someone else planted.

#include "base/filelock.h"

#include "unitsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace fixbench;

namespace {

int modeOf(const QString &path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

struct XdgRuntime {
    explicit XdgRuntime(const QString &dir) : old(qgetenv("XDG_RUNTIME_DIR")) { qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir)); }
    ~XdgRuntime() { qputenv("XDG_RUNTIME_DIR", old); }
    QByteArray old;
};

} // namespace

TEST(RuntimeDir, IsPrivateAndTightenedWhenItIsNot)
{
    QTemporaryDir xdg;
    XdgRuntime env(xdg.path());
    const QString dir = runtimeDir();
    EXPECT_EQ(dir, xdg.filePath(QStringLiteral("fixbench")));
    EXPECT_EQ(modeOf(dir), 0700);
    // Found open to others (made by an older fixbench, or by hand): tightened.
    ASSERT_EQ(::chmod(QFile::encodeName(dir).constData(), 0755), 0);
    EXPECT_EQ(runtimeDir(), dir);
    EXPECT_EQ(modeOf(dir), 0700);
}

TEST(RuntimeDir, NeverALinkSomeoneElsePlanted)
{
    QTemporaryDir xdg, elsewhere;
    ASSERT_TRUE(QFile::link(elsewhere.path(), xdg.filePath(QStringLiteral("fixbench"))));
    XdgRuntime env(xdg.path());
    const QString dir = runtimeDir();
    EXPECT_NE(dir, xdg.filePath(QStringLiteral("fixbench")));
    EXPECT_FALSE(dir.startsWith(elsewhere.path()));
    EXPECT_EQ(modeOf(dir), 0700);
}
