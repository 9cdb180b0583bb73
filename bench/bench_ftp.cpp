// bench_ftp: FtpClient vs the `curl` command line on the same servers, in one run —
// ftp_server (vsftpd, LIST), ftp_mlsd (ProFTPD, MLSD) and ftp_pure (Pure-FTPd, MLSD;
// 9,000 files there: it cuts listings at 10,000) brought up as fixtures:
//   * listing a folder of 10,000 files (fixbench parses it into entries; curl only
//     prints it): a new FtpClient (login included, like a curl process), and the same
//     FtpClient again (its kept connection: what a browsing session pays per click);
//   * `fixbench ftp ls --json` of that folder (a whole CLI process, JSON written), by
//     --url and by --fixture (workspace loaded, the stack found in the engine), vs the
//     `curl` process listing it (both write the listing to a file);
//   * downloading a 100 MB file to a local file.
// Median of 7 runs each, fixbench and curl alternating. Prints a table with ratios
// (fixbench time / curl time: below 1 means fixbench is faster).
//
//   build/bench/bench_ftp [--runs N]        (needs a Docker engine; not a CTest test)

#include "fixture/fixturemanager.h"
#include "ftp/ftpclient.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace fixbench;

namespace {

const QString kCli = QStringLiteral(FIXBENCH_CLI);
constexpr int kFiles = 10000;
// Pure-FTPd cuts listings at 10,000 entries (dot entries included): fewer there.
int filesOn(const QString &fixture)
{
    return fixture == QLatin1String("ftp_pure") ? 9000 : kFiles;
}
constexpr qint64 kBigBytes = 100LL * 1024 * 1024;

struct Server {
    QString fixture;
    RunningFixture running;
    std::shared_ptr<Lease> lease; // this process uses it: nothing takes it down meanwhile
    FtpConfig config;
    QString url; // ftp://user:pass@host:port
};

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

bool runQuiet(const QString &program, const QStringList &args, QString *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    p.waitForFinished(600000);
    const QString out = QString::fromLocal8Bit(p.readAll());
    if (output)
        *output = out;
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A process whose standard output goes to a file (as `curl -o FILE` writes its own):
// the time is the process's, not that of reading its output through a pipe.
bool runToFile(const QString &program, const QStringList &args, const QString &outFile)
{
    QProcess p;
    p.setStandardOutputFile(outFile);
    p.start(program, args);
    p.waitForFinished(600000);
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

qsizetype namesIn(const QString &jsonFile)
{
    QFile f(jsonFile);
    return f.open(QIODevice::ReadOnly) ? f.readAll().count("\"name\"") : -1;
}

// Milliseconds one call takes; -1 when it failed.
double timeIt(const std::function<bool()> &f)
{
    QElapsedTimer t;
    t.start();
    const bool ok = f();
    return ok ? t.nsecsElapsed() / 1e6 : -1;
}

bool curl(const QStringList &args)
{
    return runQuiet(QStringLiteral("curl"), QStringList{QStringLiteral("-sS"), QStringLiteral("--fail")} + args);
}

struct Row {
    QString what;
    double fixbench = 0;
    double curl = 0;
    QString note;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 7;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size())
        runs = std::max(1, args[i + 1].toInt());

    auto ws = Workspace::load(QStringLiteral(FIXBENCH_SOURCE_DIR));
    if (!ws) {
        fprintf(stderr, "%s\n", qPrintable(ws.error().toString()));
        return 1;
    }
    FixtureManager mgr(*ws);
    QList<Server> servers;
    const QString instance = QStringLiteral("bench%1").arg(::getpid());
    int rc = 0;
    for (const char *name : {"ftp_server", "ftp_mlsd", "ftp_pure"}) {
        UpOptions o;
        o.instance = instance;
        fprintf(stderr, "bringing %s up...\n", name);
        auto up = mgr.up(QLatin1String(name), o);
        if (!up) {
            fprintf(stderr, "%s\n", qPrintable(up.error().toString()));
            rc = 1;
            break;
        }
        Server s;
        s.fixture = QLatin1String(name);
        s.running = up->fixture;
        s.lease = up->lease; // held while the benchmark uses it
        auto cfg = FtpConfig::fromEnvironment(up->environment);
        s.config = *cfg;
        s.url = QStringLiteral("ftp://%1:%2@%3:%4").arg(s.config.user, s.config.password, s.config.host).arg(s.config.port);
        servers << s;
        // 10,000 files and a 100 MB file, made inside the container.
        const QString script = QStringLiteral("mkdir -p ~/many && cd ~/many && seq -f 'file-%05g.dat' 1 %1 | xargs touch && "
                                              "head -c %2 /dev/urandom > ~/big.bin")
                                   .arg(filesOn(s.fixture))
                                   .arg(kBigBytes);
        QString out;
        if (!runQuiet(QStringLiteral("docker"), {QStringLiteral("exec"), QStringLiteral("-u"), s.config.user,
                                                 s.running.containers.value(0).id, QStringLiteral("sh"), QStringLiteral("-c"), script},
                      &out)) {
            fprintf(stderr, "creating the test files failed: %s\n", qPrintable(out));
            rc = 1;
            break;
        }
    }

    QList<Row> rows;
    QTemporaryDir tmp;
    const QString localFixbench = tmp.filePath(QStringLiteral("fixbench.bin")), localCurl = tmp.filePath(QStringLiteral("curl.bin"));
    // Listings go to files, fixbench's and curl's alike (the same sink for both).
    const QString listFixbench = tmp.filePath(QStringLiteral("fixbench.json")), listCurl = tmp.filePath(QStringLiteral("curl.txt"));
    for (const Server &s : rc == 0 ? servers : QList<Server>{}) {
        const bool mlsd = s.fixture == QLatin1String("ftp_mlsd");
        // The command fixbench lists with on this server: MLSD where FEAT offers it
        // (ProFTPD, Pure-FTPd), else LIST -a (dot files too); curl is timed with the
        // same command for `ftp ls --json`, so both get the same entries.
        FtpClient probe(s.config);
        const auto offersMlsd = probe.supportsMlsd();
        const bool fixbenchMlsd = offersMlsd && *offersMlsd;
        const QString sameCmd = fixbenchMlsd ? QStringLiteral("MLSD") : QStringLiteral("LIST -a");
        QList<double> curlSameCmd;
        fprintf(stderr, "measuring %s (%d runs)...\n", qPrintable(s.fixture), runs);
        QList<double> cold, warm, curlList, curlMlsd, getCold, getWarm, curlGet, cliUrl, cliFixture;
        FtpClient session(s.config);
        bool countOk = true;
        for (int i = 0; i < runs; ++i) {
            cold << timeIt([&] {
                FtpClient c(s.config);
                auto l = c.list(QStringLiteral("/many"));
                countOk = countOk && l && l->size() == filesOn(s.fixture);
                return l.ok();
            });
            curlList << timeIt([&] { return curl({QStringLiteral("-o"), listCurl, s.url + QStringLiteral("/many/")}); });
            if (mlsd)
                curlMlsd << timeIt([&] {
                    return curl({QStringLiteral("-X"), QStringLiteral("MLSD"), QStringLiteral("-o"), listCurl,
                                 s.url + QStringLiteral("/many/")});
                });
            curlSameCmd << timeIt([&] {
                return curl({QStringLiteral("-X"), sameCmd, QStringLiteral("-o"), listCurl, s.url + QStringLiteral("/many/")});
            });
            const QStringList ls{QStringLiteral("ftp"), QStringLiteral("ls"), QStringLiteral("--json")};
            const QStringList byUrl{QStringLiteral("--url"), s.url, QStringLiteral("/many")};
            const QStringList byFixture{QStringLiteral("--fixture"), s.fixture, QStringLiteral("--instance"), instance, QStringLiteral("/many")};
            cliUrl << timeIt([&] { return runToFile(kCli, ls + byUrl, listFixbench); });
            countOk = countOk && namesIn(listFixbench) == filesOn(s.fixture);
            cliFixture << timeIt([&] {
                return runToFile(kCli, QStringList{QStringLiteral("-w"), QStringLiteral(FIXBENCH_SOURCE_DIR)} + ls + byFixture, listFixbench);
            });
            countOk = countOk && namesIn(listFixbench) == filesOn(s.fixture);
            if (i == 0)
                (void)session.connect();
            warm << timeIt([&] {
                auto l = session.list(QStringLiteral("/many"));
                countOk = countOk && l && l->size() == filesOn(s.fixture);
                return l.ok();
            });
        }
        for (int i = 0; i < runs; ++i) {
            getCold << timeIt([&] {
                FtpClient c(s.config);
                return c.get(QStringLiteral("/big.bin"), localFixbench).ok() && QFileInfo(localFixbench).size() == kBigBytes;
            });
            curlGet << timeIt([&] {
                return curl({QStringLiteral("-o"), localCurl, s.url + QStringLiteral("/big.bin")}) && QFileInfo(localCurl).size() == kBigBytes;
            });
            getWarm << timeIt([&] {
                return session.get(QStringLiteral("/big.bin"), localFixbench).ok() && QFileInfo(localFixbench).size() == kBigBytes;
            });
        }
        auto bad = [](const QList<double> &v) { return std::any_of(v.begin(), v.end(), [](double x) { return x < 0; }); };
        if (!countOk || bad(cold) || bad(warm) || bad(curlList) || bad(curlSameCmd) || bad(getCold) || bad(getWarm) || bad(curlGet) || bad(cliUrl)
            || bad(cliFixture)) {
            fprintf(stderr, "%s: a run failed\n", qPrintable(s.fixture));
            rc = 1;
        }
        const QString srv = mlsd ? QStringLiteral("proftpd")
                                 : s.fixture == QLatin1String("ftp_pure") ? QStringLiteral("pure-ftpd") : QStringLiteral("vsftpd");
        const QString many = filesOn(s.fixture) == kFiles ? QStringLiteral("10k") : QStringLiteral("9k");
        const QString cmd = mlsd ? QStringLiteral("MLSD") : QStringLiteral("LIST");
        rows << Row{srv + QStringLiteral(" list %1, new client").arg(many), median(cold), median(curlList),
                    QStringLiteral("fixbench %1+parse vs curl LIST").arg(cmd)};
        if (mlsd)
            rows << Row{srv + QStringLiteral(" list %1, new client").arg(many), median(cold), median(curlMlsd),
                        QStringLiteral("fixbench MLSD+parse vs curl -X MLSD")};
        rows << Row{srv + QStringLiteral(" list %1, kept conn.").arg(many), median(warm), median(mlsd ? curlMlsd : curlList),
                    QStringLiteral("session reuses its login")};
        const double curlSame = median(curlSameCmd);
        rows << Row{srv + QStringLiteral(" ftp ls --json %1, --url").arg(many), median(cliUrl), curlSame,
                    QStringLiteral("CLI process vs curl -X '%1' process (the same command)").arg(sameCmd)};
        if (!fixbenchMlsd)
            rows << Row{srv + QStringLiteral(" ftp ls --json %1, --url").arg(many), median(cliUrl), median(curlList),
                        QStringLiteral("vs curl's plain LIST (no dot files on this server)")};
        rows << Row{srv + QStringLiteral(" ftp ls --json %1, --fixture").arg(many), median(cliFixture), curlSame,
                    QStringLiteral("+ workspace and engine look")};
        rows << Row{srv + QStringLiteral(" get 100 MB, new client"), median(getCold), median(curlGet), QStringLiteral("to a local file")};
        rows << Row{srv + QStringLiteral(" get 100 MB, kept conn."), median(getWarm), median(curlGet), QStringLiteral("to a local file")};
    }

    for (const Server &s : servers)
        (void)mgr.down(s.running);

    if (!rows.isEmpty()) {
        QString version;
        runQuiet(QStringLiteral("curl"), {QStringLiteral("--version")}, &version);
        printf("\nFtpClient vs the curl command line (%s), median of %d runs (ms; ratio = fixbench / curl)\n\n",
               qPrintable(version.section(QLatin1Char('\n'), 0, 0).section(QLatin1Char(' '), 0, 1)), runs);
        printf("%-34s %10s %10s %7s  %s\n", "operation", "fixbench", "curl", "ratio", "note");
        for (const Row &r : rows)
            printf("%-34s %10.1f %10.1f %7.2f  %s\n", qPrintable(r.what), r.fixbench, r.curl, r.curl > 0 ? r.fixbench / r.curl : 0.0,
                   qPrintable(r.note));
        printf("\n");
    }
    return rc;
}
