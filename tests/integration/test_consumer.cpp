// fixbench in a project that is not this one (issue 9): examples/consumer ("ingest",
// an FTP uploader with GoogleTest tests) copied outside the source tree and set up as
// README's "Use fixbench in your project" says:
//   - against a `cmake --install` prefix (find_package(fixbench)): plain ctest, the CMake
//     helper's FIXTURES_SETUP/CLEANUP pair, `fixbench run --junit`; the client adds
//     < 1 MB and no Qt/yaml-cpp/curl to the test binary;
//   - with FetchContent of this source tree and default options: no GUI/test
//     dependency asked for, only the consumer's tests in its ctest.

#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

#include <gtest/gtest.h>

#include <iostream>

using namespace fixbench::testsupport;

namespace {

const QString kSource = QStringLiteral(FIXBENCH_SOURCE_DIR);
const QString kBuild = QStringLiteral(FIXBENCH_BINARY_DIR);

QString describe(const ProcResult &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3").arg(r.exitCode).arg(r.out.right(6000), r.err.right(6000));
}

// A scratch folder outside the source and build trees, kept when a test fails.
QString scratch()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/fixbench-consumer-XXXXXX"));
    dir.setAutoRemove(!qEnvironmentVariableIsSet("FIXBENCH_KEEP_SCRATCH"));
    return dir.path();
}

// `fixbench status --json` of a workspace: the fixtures that are up.
QStringList upFixtures(const QString &cli, const QString &workspace)
{
    const ProcResult st = run(cli, {QStringLiteral("-w"), workspace, QStringLiteral("status"), QStringLiteral("--json")}, 60000);
    QStringList names;
    for (const auto &v : QJsonDocument::fromJson(st.out.toUtf8()).array())
        names << v.toObject().value(QStringLiteral("fixture")).toString();
    if (st.exitCode != 0)
        names << QStringLiteral("(status failed: %1)").arg(st.err);
    return names;
}

QProcessEnvironment cleanEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *v : {"FIXBENCH_WORKSPACE", "FIXBENCH_INSTANCE", "FIXBENCH_CLI", "FIXBENCH_TEMPLATES_DIR"})
        env.remove(QLatin1String(v));
    return env;
}

// The install prefix, made once per process.
struct Prefix {
    QString dir;
    QString error;
};

const Prefix &installed()
{
    static Prefix p = [] {
        Prefix out;
        out.dir = scratch() + QStringLiteral("/prefix");
        const ProcResult r = run(QStringLiteral("cmake"), {QStringLiteral("--install"), kBuild, QStringLiteral("--prefix"), out.dir});
        if (r.exitCode != 0)
            out.error = QStringLiteral("cmake --install: ") + describe(r);
        return out;
    }();
    return p;
}

// examples/consumer copied to `dir`, then `fixbench init` + `fixbench new ftp --template ftp`
// with the given CLI, as the README's walk-through does.
QString prepareConsumer(const QString &dir, const QString &cli, QString *error)
{
    if (!copyTree(kSource + QStringLiteral("/examples/consumer"), dir)) {
        *error = QStringLiteral("cannot copy the consumer to ") + dir;
        return {};
    }
    ProcResult r = run(cli, {QStringLiteral("init")}, 60000, cleanEnv(), dir);
    if (r.exitCode != 0) {
        *error = QStringLiteral("fixbench init: ") + describe(r);
        return {};
    }
    r = run(cli, {QStringLiteral("new"), QStringLiteral("ftp"), QStringLiteral("--template"), QStringLiteral("ftp")}, 60000, cleanEnv(), dir);
    if (r.exitCode != 0) {
        *error = QStringLiteral("fixbench new ftp --template ftp: ") + describe(r);
        return {};
    }
    // README step 5: list the binary in fixbench.yml for `fixbench run` and the GUI.
    QFile yml(dir + QStringLiteral("/fixbench.yml"));
    if (!yml.open(QIODevice::Append)) {
        *error = QStringLiteral("cannot append to ") + yml.fileName();
        return {};
    }
    yml.write("  - name: upload_tests\n    path: build/upload_tests\n    fixtures: [ftp]\n");
    return dir;
}

struct Consumer {
    QString dir;
    QString build;
    QString error;
};

// The consumer configured and built against the install prefix, once per process.
const Consumer &consumerOnPrefix()
{
    static Consumer c = [] {
        Consumer out;
        const Prefix &p = installed();
        if (!p.error.isEmpty()) {
            out.error = p.error;
            return out;
        }
        out.dir = prepareConsumer(scratch() + QStringLiteral("/ingest"), p.dir + QStringLiteral("/bin/fixbench"), &out.error);
        if (out.dir.isEmpty())
            return out;
        out.build = out.dir + QStringLiteral("/build");
        ProcResult r = run(QStringLiteral("cmake"), {QStringLiteral("-S"), out.dir, QStringLiteral("-B"), out.build, QStringLiteral("-G"),
                                                     QStringLiteral("Ninja"), QStringLiteral("-DCMAKE_PREFIX_PATH=") + p.dir},
                           300000, cleanEnv());
        if (r.exitCode != 0) {
            out.error = QStringLiteral("configure: ") + describe(r);
            return out;
        }
        r = run(QStringLiteral("cmake"), {QStringLiteral("--build"), out.build, QStringLiteral("-j2")}, 600000, cleanEnv());
        if (r.exitCode != 0)
            out.error = QStringLiteral("build: ") + describe(r);
        return out;
    }();
    return c;
}

bool isElf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(4) == QByteArray("\x7f" "ELF", 4);
}

} // namespace

TEST(Consumer, InstallGivesWhatAUserNeedsAndNothingPointsBackIntoTheBuild)
{
    const Prefix &p = installed();
    ASSERT_TRUE(p.error.isEmpty()) << p.error.toStdString();
    for (const char *rel : {"bin/fixbench", "bin/fixbench-gui", "lib/libfixbench_testing.a", "include/fixbench/testing.h",
                            "include/fixbench/testing_qt.h", "lib/cmake/fixbench/fixbenchConfig.cmake",
                            "lib/cmake/fixbench/fixbenchConfigVersion.cmake", "lib/cmake/fixbench/fixbenchTargets.cmake",
                            "lib/cmake/fixbench/fixbench-helpers.cmake", "lib/pkgconfig/fixbench.pc",
                            "share/applications/fixbench.desktop", "share/icons/hicolor/scalable/apps/fixbench.svg",
                            "share/fixbench/templates/ftp/fixture.yml", "share/fixbench/templates/postgres/fixture.yml",
                            "share/fixbench/templates/redis/fixture.yml", "share/fixbench/templates/http/fixture.yml",
                            "share/fixbench/templates/generic/fixture.yml", "share/doc/fixbench/machine-interface.md"})
        EXPECT_TRUE(QFileInfo::exists(p.dir + QLatin1Char('/') + QLatin1String(rel))) << rel;
    // Text files (CMake package, pkg-config, headers, templates) never name the build or
    // source tree: the package must work after the build folder is gone.
    QDirIterator it(p.dir, QDir::Files, QDirIterator::Subdirectories);
    int checked = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        if (isElf(path) || path.endsWith(QLatin1String(".a")) || path.endsWith(QLatin1String(".png")))
            continue;
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
        const QByteArray text = f.readAll();
        EXPECT_FALSE(text.contains(kBuild.toUtf8())) << path.toStdString() << " names the build tree";
        EXPECT_FALSE(text.contains(QByteArray(kSource.toUtf8() + "/"))) << path.toStdString() << " names the source tree";
        ++checked;
    }
    EXPECT_GT(checked, 20);
    // pkg-config answers with the prefix it was installed to.
    QProcessEnvironment env = cleanEnv();
    env.insert(QStringLiteral("PKG_CONFIG_PATH"), p.dir + QStringLiteral("/lib/pkgconfig"));
    const ProcResult pc = run(QStringLiteral("pkg-config"), {QStringLiteral("--cflags"), QStringLiteral("--libs"), QStringLiteral("fixbench")},
                              30000, env);
    ASSERT_EQ(pc.exitCode, 0) << describe(pc).toStdString();
    EXPECT_TRUE(pc.out.contains(QStringLiteral("-lfixbench_testing"))) << pc.out.toStdString();
    EXPECT_TRUE(QFileInfo(pc.out.section(QStringLiteral("-I"), 1).section(QLatin1Char(' '), 0, 0).trimmed()
                          + QStringLiteral("/fixbench/testing.h")).exists())
        << pc.out.toStdString();
    // The installed CLI finds the installed templates.
    const ProcResult list = run(p.dir + QStringLiteral("/bin/fixbench"), {QStringLiteral("new"), QStringLiteral("--list-templates")},
                                30000, cleanEnv(), scratch());
    EXPECT_EQ(list.exitCode, 0) << describe(list).toStdString();
    for (const char *t : {"ftp", "postgres", "redis", "http", "generic"})
        EXPECT_TRUE(list.out.contains(QLatin1String(t))) << t << ": " << list.out.toStdString();
}

TEST(Consumer, InstalledPackageTestsPassThroughCtestTheCMakeHelperAndFixbenchRun)
{
    const Consumer &c = consumerOnPrefix();
    ASSERT_TRUE(c.error.isEmpty()) << c.error.toStdString();
    const QString cli = installed().dir + QStringLiteral("/bin/fixbench");

    // Nothing in this test runs prune: what nobody uses goes down after its linger (the
    // template's default, 5 s) by itself.
    auto goneWithinLinger = [&]() { return waitFor([&] { return upFixtures(cli, c.dir).isEmpty(); }, 15000); };

    // 1. Plain ctest: the binary brings `ftp` up itself; it goes down after it exited.
    ProcResult r = run(QStringLiteral("ctest"), {QStringLiteral("--output-on-failure"), QStringLiteral("-V"), QStringLiteral("-R"),
                                                 QStringLiteral("^upload_tests$")},
                       900000, cleanEnv(), c.build);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("attached=false"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[  PASSED  ] 2 tests"))) << r.out.toStdString();
    EXPECT_TRUE(goneWithinLinger()) << "left up after plain ctest: " << upFixtures(cli, c.dir).join(QLatin1Char(' ')).toStdString();

    // 2. The CMake helper: fixbench.up.ftp (FIXTURES_SETUP) once, each discovered test
    //    in its own process attaches, fixbench.down.ftp (FIXTURES_CLEANUP) releases it.
    r = run(QStringLiteral("ctest"), {QStringLiteral("--output-on-failure"), QStringLiteral("-V"), QStringLiteral("-R"), QStringLiteral("^shared\\.")},
            900000, cleanEnv(), c.build);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("fixbench.up.ftp"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("fixbench.down.ftp"))) << r.out.toStdString();
    EXPECT_EQ(r.out.count(QStringLiteral("attached=true")), 2) << "every test process attaches to the one bring-up: " << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("attached=false"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("100% tests passed, 0 tests failed out of 4"))) << r.out.toStdString();
    EXPECT_TRUE(goneWithinLinger()) << "still up after the cleanup step and the linger";

    // 2b. A fixture kept up by the user is attached to and left up by the pair.
    r = run(cli, {QStringLiteral("up"), QStringLiteral("ftp"), QStringLiteral("--keep")}, 600000, cleanEnv(), c.dir);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    r = run(QStringLiteral("ctest"), {QStringLiteral("-V"), QStringLiteral("-R"), QStringLiteral("^shared\\.")}, 900000, cleanEnv(), c.build);
    EXPECT_EQ(r.exitCode, 0) << describe(r).toStdString();
    EXPECT_EQ(upFixtures(cli, c.dir), QStringList{QStringLiteral("ftp")}) << "a kept fixture was taken down by the cleanup step";
    QThread::msleep(7000); // past the linger: the reaper leaves a kept fixture alone too
    EXPECT_EQ(upFixtures(cli, c.dir), QStringList{QStringLiteral("ftp")}) << "a kept fixture was taken down after the cleanup step";

    // 3. fixbench run --junit with the binary fixbench.yml lists (attaches to the kept
    //    one, then brings up a fresh one and takes it down).
    const QString junit = c.dir + QStringLiteral("/results.xml");
    r = run(cli, {QStringLiteral("run"), QStringLiteral("--junit"), QStringLiteral("results.xml")}, 900000, cleanEnv(), c.dir);
    EXPECT_EQ(r.exitCode, 0) << describe(r).toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("2 passed, 0 failed"))) << r.out.toStdString();
    QFile f(junit);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << junit.toStdString();
    const QString xml = QString::fromUtf8(f.readAll());
    EXPECT_TRUE(xml.contains(QStringLiteral("tests=\"2\""))) << xml.toStdString();
    EXPECT_TRUE(xml.contains(QStringLiteral("failures=\"0\""))) << xml.toStdString();
    EXPECT_TRUE(xml.contains(QStringLiteral("StoresTheFileTheServerThenReports"))) << xml.toStdString();
    r = run(cli, {QStringLiteral("down"), QStringLiteral("ftp")}, 300000, cleanEnv(), c.dir);
    EXPECT_EQ(r.exitCode, 0) << describe(r).toStdString();
    r = run(cli, {QStringLiteral("run"), QStringLiteral("--junit"), QStringLiteral("results.xml")}, 900000, cleanEnv(), c.dir);
    EXPECT_EQ(r.exitCode, 0) << describe(r).toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("2 passed, 0 failed"))) << r.out.toStdString();
    EXPECT_TRUE(goneWithinLinger()) << "what fixbench run started is still up after its linger";
}

TEST(Consumer, TheClientAddsLessThanOneMegabyteAndNoQtYamlOrCurl)
{
    const Consumer &c = consumerOnPrefix();
    ASSERT_TRUE(c.error.isEmpty()) << c.error.toStdString();
    const QString with = c.build + QStringLiteral("/upload_tests");
    const QString without = c.build + QStringLiteral("/upload_tests_plain");
    const qint64 delta = QFileInfo(with).size() - QFileInfo(without).size();
    std::cout << "[ measure  ] upload_tests " << QFileInfo(with).size() << " bytes, without the client "
              << QFileInfo(without).size() << " bytes: +" << delta << " bytes\n";
    EXPECT_LT(delta, 1024 * 1024);
    const ProcResult ldd = run(QStringLiteral("ldd"), {with});
    ASSERT_EQ(ldd.exitCode, 0) << describe(ldd).toStdString();
    for (const char *lib : {"libQt", "libyaml-cpp", "libcurl", "libicu"})
        EXPECT_FALSE(ldd.out.contains(QLatin1String(lib))) << lib << " in\n" << ldd.out.toStdString();
}

TEST(Consumer, FetchContentWithDefaultsBuildsOnlyTheCliAndTheClient)
{
    QString error;
    const QString dir = prepareConsumer(scratch() + QStringLiteral("/ingest-fetchcontent"), fixbenchPath(), &error);
    ASSERT_FALSE(dir.isEmpty()) << error.toStdString();
    const QString build = dir + QStringLiteral("/build");
    const QString trace = dir + QStringLiteral("/trace.txt");
    ProcResult r = run(QStringLiteral("cmake"), {QStringLiteral("-S"), dir, QStringLiteral("-B"), build, QStringLiteral("-G"), QStringLiteral("Ninja"),
                                                 QStringLiteral("-DCMAKE_BUILD_TYPE=Release"), QStringLiteral("-DINGEST_FIXBENCH_SOURCE=") + kSource,
                                                 QStringLiteral("--trace-expand"), QStringLiteral("--trace-redirect=") + trace},
                       600000, cleanEnv());
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    // What fixbench's own CMake files asked for: Qt Core/Concurrent, yaml-cpp, curl,
    // Threads — no Widgets, Svg, LinguistTools or GTest.
    QFile t(trace);
    ASSERT_TRUE(t.open(QIODevice::ReadOnly));
    QStringList fromFixbench;
    while (!t.atEnd()) {
        const QString line = QString::fromUtf8(t.readLine());
        if (line.startsWith(kSource + QLatin1Char('/')) && line.contains(QStringLiteral("find_package(")))
            fromFixbench << line.trimmed();
    }
    EXPECT_FALSE(fromFixbench.isEmpty());
    for (const QString &call : fromFixbench)
        for (const char *dep : {"Widgets", "Svg", "LinguistTools", "GTest"})
            EXPECT_FALSE(call.contains(QLatin1String(dep))) << call.toStdString();
    QFile cache(build + QStringLiteral("/CMakeCache.txt"));
    ASSERT_TRUE(cache.open(QIODevice::ReadOnly));
    const QByteArray cacheText = cache.readAll();
    for (const char *v : {"Qt6Widgets_DIR", "Qt6Svg_DIR", "Qt6LinguistTools_DIR"})
        EXPECT_FALSE(cacheText.contains(v)) << v;

    // Builds only what the CLI and the client need, and the tests pass with that CLI.
    r = run(QStringLiteral("ninja"), {QStringLiteral("-C"), build, QStringLiteral("-t"), QStringLiteral("targets"), QStringLiteral("all")},
            60000, cleanEnv());
    for (const char *never : {"fixbench-gui", "weather-etl", "bench/", "bench_up", "sample_5000", "test_cli", "etl_"})
        EXPECT_FALSE(r.out.contains(QLatin1String(never))) << never;
    r = run(QStringLiteral("cmake"), {QStringLiteral("--build"), build, QStringLiteral("-j2")}, 1800000, cleanEnv());
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    const QRegularExpression steps(QStringLiteral("\\[\\d+/(\\d+)\\]"));
    QString total;
    for (auto m = steps.globalMatch(r.out); m.hasNext();)
        total = m.next().captured(1);
    std::cout << "[ measure  ] FetchContent build of the consumer: " << total.toStdString() << " steps, " << r.elapsedMs / 1000
              << " s\n";
    // Only the consumer's tests in its ctest.
    r = run(QStringLiteral("ctest"), {QStringLiteral("-N")}, 60000, cleanEnv(), build);
    ASSERT_EQ(r.exitCode, 0) << describe(r).toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("upload_tests"))) << r.out.toStdString();
    // upload_tests, the 2 tests gtest_discover_tests found, the fixture pair.
    EXPECT_TRUE(r.out.contains(QStringLiteral("Total Tests: 5"))) << r.out.toStdString();
    for (const char *ours : {"unit.", "integration.", "gui."})
        EXPECT_FALSE(r.out.contains(QLatin1String(ours))) << ours << " in\n" << r.out.toStdString();

    r = run(QStringLiteral("ctest"), {QStringLiteral("--output-on-failure"), QStringLiteral("-R"), QStringLiteral("^upload_tests$")}, 900000,
            cleanEnv(), build);
    EXPECT_EQ(r.exitCode, 0) << describe(r).toStdString();
}
