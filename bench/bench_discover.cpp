// bench_discover: ten tests on one fixture (ftp_server, the default linger) as
// gtest_discover_tests runs them — one process per test, one after another under
// ctest — against the same ten tests in one process. Before leases and linger each
// process brought the fixture up and took it down again; now they share one bring-up.
//
//   ninja -C build bench_discover && build/bench/bench_discover [ROUNDS]
//
// Both sides start with the fixture down and end when the last test process exited
// (the fixture then lingers and goes down by itself, outside the timing).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace {

const QString kCli = QStringLiteral(FIXBENCH_CLI);
const QString kSource = QStringLiteral(FIXBENCH_SOURCE_DIR);
const QString kBinary = QStringLiteral(FIXBENCH_SAMPLE);

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

QProcessEnvironment envFor(const QString &instance)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIXBENCH_WORKSPACE"), kSource);
    env.insert(QStringLiteral("FIXBENCH_INSTANCE"), instance);
    env.insert(QStringLiteral("FIXBENCH_CLI"), kCli);
    return env;
}

// Milliseconds until `program` exited 0, -1 otherwise.
double timed(const QString &program, const QStringList &args, const QProcessEnvironment &env, const QString &dir = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(600000);
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed:\n%s\n", qPrintable(program), p.readAll().right(3000).constData());
        return -1;
    }
    return ms;
}

// Waits (untimed) until nothing of `instance` is up any more.
void waitGone(const QString &instance)
{
    for (int i = 0; i < 300; ++i) {
        QProcess p;
        p.start(QStringLiteral("docker"), {QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"),
                                           QStringLiteral("label=fixbench.instance=") + instance});
        p.waitForFinished();
        if (p.readAllStandardOutput().trimmed().isEmpty())
            return;
        QThread::msleep(200);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;
    // The tests as gtest_discover_tests finds them: --gtest_list_tests.
    QProcess list;
    list.start(kBinary, {QStringLiteral("--gtest_list_tests")});
    list.waitForFinished();
    QStringList tests;
    QString suite;
    for (const QString &line : QString::fromUtf8(list.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.startsWith(QLatin1Char(' ')))
            suite = line.trimmed();
        else
            tests << suite + line.trimmed();
    }
    if (tests.size() != 10) {
        std::fprintf(stderr, "expected 10 tests in %s, found %lld\n", qPrintable(kBinary), qlonglong(tests.size()));
        return 1;
    }
    QTemporaryDir dir;
    QList<double> one, each;
    for (int r = 0; r < rounds; ++r) {
        const QString a = QStringLiteral("bd1p%1x%2").arg(r).arg(QCoreApplication::applicationPid());
        const double t1 = timed(kBinary, {}, envFor(a));
        waitGone(a);
        // What gtest_discover_tests writes: one add_test per test, --gtest_filter=it.
        const QString b = QStringLiteral("bd10p%1x%2").arg(r).arg(QCoreApplication::applicationPid());
        QFile f(dir.filePath(QStringLiteral("CTestTestfile.cmake")));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        for (const QString &t : std::as_const(tests))
            f.write(QStringLiteral("add_test(%1 \"%2\" \"--gtest_filter=%1\")\n"
                                   "set_tests_properties(%1 PROPERTIES ENVIRONMENT \"FIXBENCH_WORKSPACE=%3;FIXBENCH_INSTANCE=%4;FIXBENCH_CLI=%5\")\n")
                        .arg(t, kBinary, kSource, b, kCli)
                        .toUtf8());
        f.close();
        const double t10 = timed(QStringLiteral("ctest"), {}, QProcessEnvironment::systemEnvironment(), dir.path());
        waitGone(b);
        if (t1 < 0 || t10 < 0)
            return 1;
        one << t1;
        each << t10;
        std::printf("round %d: one process %.0f ms, one process per test (ctest) %.0f ms\n", r + 1, t1, t10);
        std::fflush(stdout);
    }
    const double m1 = median(one), m10 = median(each);
    std::printf("\n10 tests on ftp_server, median of %d rounds:\n", rounds);
    std::printf("  one process                      %8.0f ms\n", m1);
    std::printf("  one process per test (discover)  %8.0f ms   ratio %.2fx (target <= 1.30x)\n", m10, m10 / m1);
    return 0;
}
