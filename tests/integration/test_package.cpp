// The Debian packages (issue 9): built from this tree with CPack, installed with
// `apt-get install ./fixbench_*.deb` in a fresh debian:bookworm-slim container (no
// registry: the base image is local, apt reaches Debian's archive), which pulls the
// runtime dependencies; there `fixbench --version`, `fixbench init`,
// `fixbench new db --template postgres`, and the consumer project (examples/consumer)
// configures and builds against the installed CMake package.

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <gtest/gtest.h>

#include <iostream>

#include <unistd.h>

using namespace fixbench::testsupport;

namespace {

const QString kSource = QStringLiteral(FIXBENCH_SOURCE_DIR);
const QString kBuild = QStringLiteral(FIXBENCH_BINARY_DIR);
const QString kVersion = QStringLiteral(FIXBENCH_VERSION_STRING);

QString describe(const ProcResult &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3").arg(r.exitCode).arg(r.out.right(8000), r.err.right(8000));
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QString debField(const QString &deb, const QString &field)
{
    return run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb, field}, 60000).out.trimmed();
}

} // namespace

TEST(Package, DebInstallsInABareBookwormContainerAndServesAConsumer)
{
    // 1. Build the packages: one command, as the README says.
    ProcResult r = run(QStringLiteral("cmake"), {QStringLiteral("--build"), kBuild, QStringLiteral("--target"), QStringLiteral("package")}, 900000);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    const QString arch = run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")}).out.trimmed();
    const QString cliDeb = kBuild + QStringLiteral("/fixbench_%1_%2.deb").arg(kVersion, arch);
    const QString guiDeb = kBuild + QStringLiteral("/fixbench-gui_%1_%2.deb").arg(kVersion, arch);
    ASSERT_TRUE(QFileInfo::exists(cliDeb)) << cliDeb.toStdString() << "\n" << r.out.toStdString();
    ASSERT_TRUE(QFileInfo::exists(guiDeb)) << guiDeb.toStdString();
    std::cout << "[ measure  ] " << QFileInfo(cliDeb).fileName().toStdString() << " " << QFileInfo(cliDeb).size() / 1024 << " KiB, "
              << QFileInfo(guiDeb).fileName().toStdString() << " " << QFileInfo(guiDeb).size() / 1024 << " KiB\n";

    // Dependencies computed from the binaries; docker recommended, not required.
    const QString depends = debField(cliDeb, QStringLiteral("Depends"));
    for (const char *lib : {"libqt6core6", "libyaml-cpp0.7", "libcurl4"})
        EXPECT_TRUE(depends.contains(QLatin1String(lib))) << lib << " not in Depends: " << depends.toStdString();
    EXPECT_TRUE(debField(cliDeb, QStringLiteral("Recommends")).contains(QStringLiteral("docker.io")));
    const QString guiDepends = debField(guiDeb, QStringLiteral("Depends"));
    EXPECT_TRUE(guiDepends.contains(QStringLiteral("fixbench (= %1)").arg(kVersion))) << guiDepends.toStdString();
    EXPECT_TRUE(guiDepends.contains(QStringLiteral("libqt6widgets6"))) << guiDepends.toStdString();
    const QString contents = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-c"), cliDeb}).out;
    for (const char *path : {"./usr/bin/fixbench", "./usr/lib/libfixbench_testing.a", "./usr/include/fixbench/testing.h",
                             "./usr/lib/cmake/fixbench/fixbenchConfig.cmake", "./usr/lib/pkgconfig/fixbench.pc",
                             "./usr/share/fixbench/templates/postgres/fixture.yml"})
        EXPECT_TRUE(contents.contains(QLatin1String(path))) << path;

    // 2. A bare bookworm with a compiler (a cached image of its own), then the packages.
    QTemporaryDir ctx(QDir::tempPath() + QStringLiteral("/fixbench-deb-XXXXXX"));
    ASSERT_TRUE(ctx.isValid());
    ASSERT_TRUE(writeFile(ctx.filePath(QStringLiteral("Dockerfile.tools")),
                          "FROM debian:bookworm-slim\n"
                          "RUN apt-get update -q && apt-get install -y -q --no-install-recommends cmake g++ make ninja-build libgtest-dev \\\n"
                          " && rm -rf /var/lib/apt/lists/*\n"));
    const QString toolsImage = QStringLiteral("fixbench-test/bookworm-cxx:1");
    r = run(QStringLiteral("docker"), {QStringLiteral("build"), QStringLiteral("-q"), QStringLiteral("-t"), toolsImage, QStringLiteral("-f"),
                                       ctx.filePath(QStringLiteral("Dockerfile.tools")), ctx.path()},
            1200000);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();

    QDir(ctx.path()).mkpath(QStringLiteral("debs"));
    ASSERT_TRUE(QFile::copy(cliDeb, ctx.filePath(QStringLiteral("debs/") + QFileInfo(cliDeb).fileName())));
    ASSERT_TRUE(QFile::copy(guiDeb, ctx.filePath(QStringLiteral("debs/") + QFileInfo(guiDeb).fileName())));
    ASSERT_TRUE(copyTree(kSource + QStringLiteral("/examples/consumer"), ctx.filePath(QStringLiteral("consumer"))));
    // Exactly the README's command: apt pulls what the packages depend on.
    ASSERT_TRUE(writeFile(ctx.filePath(QStringLiteral("Dockerfile")),
                          ("FROM " + toolsImage + "\n"
                           "COPY debs/ /debs/\n"
                           "RUN apt-get update -q && cd /debs && apt-get install -y -q --no-install-recommends ./" +
                           QFileInfo(cliDeb).fileName() + " ./" + QFileInfo(guiDeb).fileName() + "\n"
                           "COPY consumer/ /src/ingest/\n")
                              .toUtf8()));
    const QString image = QStringLiteral("fixbench-test/deb-installed:%1").arg(::getpid());
    r = run(QStringLiteral("docker"), {QStringLiteral("build"), QStringLiteral("-t"), image, ctx.path()}, 1200000);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    struct RemoveImage {
        QString image;
        ~RemoveImage() { run(QStringLiteral("docker"), {QStringLiteral("rmi"), QStringLiteral("-f"), image}); }
    } removeImage{image};

    // 3. In the container: the CLI, init, a template, the GUI binary, the consumer.
    const QString script = QStringLiteral(
        "set -eux\n"
        "fixbench --version\n"
        "for lib in libqt6core6 libyaml-cpp0.7 libcurl4 libqt6widgets6; do dpkg -s $lib | grep -q 'Status: install ok installed'; done\n"
        "mkdir /proj && cd /proj\n"
        "fixbench init\n"
        "fixbench new db --template postgres\n"
        "test -f fixbench.yml && test -f fixtures/db/fixture.yml && test -f fixtures/db/compose.yaml\n"
        "fixbench list\n"
        "QT_QPA_PLATFORM=offscreen fixbench-gui --version\n"
        "cp -r /src/ingest /ingest && cd /ingest\n"
        "fixbench init && fixbench new ftp --template ftp\n"
        "cmake -S . -B build -G Ninja\n"
        "cmake --build build\n"
        "ldd build/upload_tests\n"
        "echo PACKAGE-CHECKS-DONE\n");
    r = run(QStringLiteral("docker"), {QStringLiteral("run"), QStringLiteral("--rm"), image, QStringLiteral("bash"), QStringLiteral("-c"), script},
            600000);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("fixbench ") + kVersion)) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("PACKAGE-CHECKS-DONE"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("db"))) << "fixbench list shows the new fixture: " << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("Build files have been written"))) << describe(r).toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("libQt6"))) << "the consumer's test binary links Qt: " << r.out.toStdString();
}
