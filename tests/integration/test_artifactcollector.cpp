// ArtifactCollector on a real FTP fixture: the bounds of what it downloads (files,
// bytes, depth), each thing left out named in left-out.txt, and secrets masked in the
// container's log (the fixture's FTP_USER made secret: vsftpd's start line names it).

#include "testsupport.h"

#include "fixture/fixturemanager.h"
#include "ftp/ftpclient.h"
#include "run/artifactcollector.h"
#include "workspace/workspace.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace fixbench;
using namespace fixbench::testsupport;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

TEST(ArtifactCollector, FtpDownloadsStayWithinTheLimitsAndSayWhatTheyLeftOut)
{
    QTemporaryDir root;
    ASSERT_TRUE(writeFtpWorkspace(root.path(), QStringLiteral("artifacts-limits"),
                                  QStringLiteral("  - name: none\n    path: %1\n").arg(QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/sample_passing"))));
    // The user's name made secret: it is in vsftpd's start line, in the log.
    const QString specPath = root.filePath(QStringLiteral("fixtures/ftp_server/fixture.yml"));
    QByteArray spec = readAll(specPath);
    ASSERT_TRUE(spec.contains("  FTP_USER: fixbench\n"));
    spec.replace("  FTP_USER: fixbench\n", "  FTP_USER: {value: artuser, secret: true}\n");
    // A password JSON escapes: inspect's Config.Env holds it as s3c\"ret\\x.
    ASSERT_TRUE(spec.contains("  FTP_PASS: {value: ftp-s3cret, secret: true}\n"));
    spec.replace("  FTP_PASS: {value: ftp-s3cret, secret: true}\n", "  FTP_PASS: {value: 's3c\"ret\\x', secret: true}\n");
    QFile specFile(specPath);
    ASSERT_TRUE(specFile.open(QIODevice::WriteOnly) && specFile.write(spec) == spec.size());
    specFile.close();

    auto ws = Workspace::load(root.path());
    ASSERT_TRUE(ws.ok()) << ws.error().toString().toStdString();
    FixtureManager manager(*ws);
    auto up = manager.up(QStringLiteral("ftp_server"));
    ASSERT_TRUE(up.ok()) << up.error().toString().toStdString();

    auto config = FtpConfig::fromEnvironment(up->environment);
    ASSERT_TRUE(config.ok());
    FtpClient ftp(*config);
    ASSERT_TRUE(ftp.clean(QStringLiteral("/")).ok()); // the new user's home: /etc/skel's files
    FtpPutOptions parents;
    parents.createDirs = true;
    const QByteArray ten("0123456789");
    for (const char *path : {"a.txt", "b.txt", "deep/c.txt", "deep/e.txt", "deep/d1/x.txt"})
        ASSERT_TRUE(ftp.put(ten, QLatin1String(path), parents).ok()) << path;
    ASSERT_TRUE(ftp.put(QByteArray(1000, 'x'), QStringLiteral("big.bin")).ok());

    // 3 files, 100 bytes, 1 folder deep: a.txt, b.txt, deep/c.txt fit; big.bin is over the
    // bytes, deep/e.txt over the files, deep/d1/ too deep.
    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("artifacts"));
    ArtifactLimits limits;
    limits.ftpMaxFiles = 3;
    limits.ftpMaxBytes = 100;
    limits.ftpMaxDepth = 1;
    ArtifactCollector collector(manager.engine(), dir, limits);
    const ArtifactReport report = collector.collect({*up}, {}, RunSummary(), ws->name());
    EXPECT_TRUE(report.warnings.isEmpty()) << report.warnings.value(0).toString().toStdString();
    EXPECT_EQ(report.fixtures, QStringList{QStringLiteral("ftp_server")});

    const QString ftpDir = dir + QStringLiteral("/ftp_server/ftp");
    QStringList got = filesBelow(ftpDir + QStringLiteral("/files"));
    EXPECT_EQ(got, (QStringList{QStringLiteral("a.txt"), QStringLiteral("b.txt"), QStringLiteral("deep/c.txt")}));
    EXPECT_EQ(readAll(ftpDir + QStringLiteral("/files/deep/c.txt")), ten);
    const QString leftOut = QString::fromUtf8(readAll(ftpDir + QStringLiteral("/left-out.txt")));
    EXPECT_TRUE(leftOut.contains(QStringLiteral("big.bin: not downloaded: 1000 bytes would pass the limit of 100 bytes"))) << leftOut.toStdString();
    EXPECT_TRUE(leftOut.contains(QStringLiteral("deep/e.txt: not downloaded: more than 3 files"))) << leftOut.toStdString();
    EXPECT_TRUE(leftOut.contains(QStringLiteral("deep/d1/: not listed: deeper than 1 folders"))) << leftOut.toStdString();
    EXPECT_EQ(leftOut.count(QLatin1Char('\n')), 3) << leftOut.toStdString();
    // The listing names all it saw, the left-out ones too (deep/d1/ itself, not inside).
    const QString listing = QString::fromUtf8(readAll(ftpDir + QStringLiteral("/listing.txt")));
    for (const char *entry : {" a.txt", " big.bin", " deep/", " deep/d1/", " deep/e.txt"})
        EXPECT_TRUE(listing.contains(QLatin1String(entry))) << entry << "\n" << listing.toStdString();
    EXPECT_FALSE(listing.contains(QStringLiteral("x.txt"))) << listing.toStdString();

    // The log's start line, with the secret user masked; the value nowhere.
    const QByteArray log = readAll(dir + QStringLiteral("/ftp_server/logs/ftp.log"));
    EXPECT_TRUE(log.contains("vsftpd listening on 21")) << log.toStdString();
    EXPECT_TRUE(log.contains("user ********")) << log.toStdString();
    for (const QString &file : filesBelow(dir)) {
        const QByteArray text = readAll(dir + QLatin1Char('/') + file);
        EXPECT_FALSE(text.contains("artuser")) << file.toStdString();
        EXPECT_FALSE(text.contains("s3c")) << file.toStdString(); // raw or JSON-escaped
    }
    const QStringList inspects = filesBelow(dir + QStringLiteral("/ftp_server/inspect"));
    ASSERT_EQ(inspects.size(), 1);
    const QByteArray inspect = readAll(dir + QStringLiteral("/ftp_server/inspect/") + inspects.first());
    EXPECT_TRUE(inspect.contains("\"FTP_PASS=********\"")) << inspect.left(3000).toStdString();
    EXPECT_TRUE(inspect.contains("\"FTP_USER=********\"")) << inspect.left(3000).toStdString();

    QList<UpResult> held;
    held << std::move(*up);
    EXPECT_TRUE(manager.releaseAll(held).ok());
    EXPECT_TRUE(containersWithLabel(QStringLiteral("fixbench.workspace.root=") + root.path()).isEmpty());
}
