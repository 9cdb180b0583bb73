#include "etlfixtures.h"

#include "environment.h"

#include <QElapsedTimer>
#include <QProcess>

#include <curl/curl.h>

#include <thread>
#include <unistd.h>

namespace fixbench::etltest {

Fixture up(const char *name)
{
    fixbench::testing::UpOptions options;
    options.exportEnvironment = false; // weather-etl gets its environment explicitly
    if (qEnvironmentVariableIsEmpty("FIXBENCH_WORKSPACE"))
        options.instance = "etl" + std::to_string(::getpid());
    return fixbench::testing::up(name, options);
}

// --- weather_api control ---

WeatherApiControl::WeatherApiControl(const Fixture &api)
    : m_base(api.env(QStringLiteral("OPENWEATHER_URL")))
{
}

namespace {
size_t collect(char *p, size_t s, size_t n, void *ud)
{
    static_cast<QByteArray *>(ud)->append(p, qsizetype(s * n));
    return s * n;
}
} // namespace

Result<QByteArray> WeatherApiControl::call(const char *method, const QString &path, const QByteArray &body)
{
    CURL *curl = curl_easy_init();
    const QByteArray url = (m_base + path).toUtf8();
    QByteArray out;
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
    if (qstrcmp(method, "POST") == 0) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
    }
    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK)
        return Error(Error::Kind::Connection, QStringLiteral("%1 %2: %3").arg(QLatin1String(method), QString::fromUtf8(url),
                                                                            QString::fromUtf8(curl_easy_strerror(rc))));
    if (status != 200)
        return Error(Error::Kind::Other, QStringLiteral("%1 %2: HTTP %3 %4").arg(QLatin1String(method), QString::fromUtf8(url))
                                             .arg(status).arg(QString::fromUtf8(out)));
    return out;
}

Status WeatherApiControl::reset()
{
    Result<QByteArray> r = call("POST", QStringLiteral("/_control/reset"));
    return r ? Status() : Status(r.error());
}

Status WeatherApiControl::setMode(const QString &mode)
{
    Result<QByteArray> r = call("POST", QStringLiteral("/_control/mode"), mode.toUtf8());
    return r ? Status() : Status(r.error());
}

Result<int> WeatherApiControl::requests()
{
    Result<QByteArray> r = call("GET", QStringLiteral("/_control/requests"));
    if (!r)
        return r.error();
    // {"requests": N, ...}
    const QByteArray key = "\"requests\":";
    const qsizetype at = r->indexOf(key);
    if (at < 0)
        return Error(Error::Kind::Other, QStringLiteral("unexpected answer: ") + QString::fromUtf8(*r));
    return QString::fromUtf8(r->mid(at + key.size())).section(QLatin1Char(','), 0, 0).remove(QLatin1Char('}')).trimmed().toInt();
}

// --- FTP ---

FtpConfig ftpConfig(const Fixture &ftp)
{
    FtpConfig c;
    c.host = ftp.env(QStringLiteral("FTP_HOST"));
    c.port = ftp.port("FTP_PORT");
    c.user = ftp.env(QStringLiteral("FTP_USER"));
    c.password = ftp.env(QStringLiteral("FTP_PASS"));
    c.connectTimeoutMs = 5000;
    c.timeoutMs = 20000;
    return c;
}

Status cleanFtp(const Fixture &ftp)
{
    FtpClient c(ftpConfig(ftp));
    return c.clean(QStringLiteral("/"));
}

Result<QStringList> ftpNames(const Fixture &ftp, const QString &dir)
{
    FtpClient c(ftpConfig(ftp));
    Result<QList<FtpEntry>> entries = c.list(dir);
    if (!entries)
        return entries.error();
    QStringList names;
    for (const FtpEntry &e : *entries)
        names << e.name;
    names.sort();
    return names;
}

Result<QByteArray> ftpGet(const Fixture &ftp, const QString &path)
{
    FtpClient c(ftpConfig(ftp));
    return c.get(path);
}

Status ftpPut(const Fixture &ftp, const QString &path, const QByteArray &data)
{
    FtpClient c(ftpConfig(ftp));
    return c.put(data, path);
}

Status waitForFtp(const Fixture &ftp, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    Status last;
    while (t.elapsed() < timeoutMs) {
        FtpClient c(ftpConfig(ftp));
        last = c.connect();
        if (last) {
            Result<QList<FtpEntry>> l = c.list(QStringLiteral("/"));
            if (l)
                return {};
            last = l.error();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return last;
}

// --- processes and docker ---

ProcResult run(const QString &program, const QStringList &args, const QProcessEnvironment &env, int timeoutMs)
{
    ProcResult r;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("cannot start %1: %2").arg(program, p.errorString());
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("TIMEOUT after %1 ms\n").arg(timeoutMs);
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err += QString::fromUtf8(p.readAllStandardError());
    return r;
}

namespace {
Result<QStringList> containersOf(const Fixture &f)
{
    const ProcResult r = run(QStringLiteral("docker"),
                             {QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"),
                              QStringLiteral("label=com.docker.compose.project=") + QString::fromStdString(f.project())},
                             QProcessEnvironment::systemEnvironment(), 60000);
    if (r.exitCode != 0)
        return Error(Error::Kind::Engine, QStringLiteral("docker ps: ") + r.err);
    const QStringList ids = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (ids.isEmpty())
        return Error(Error::Kind::NotFound, QStringLiteral("no container for project ") + QString::fromStdString(f.project()));
    return ids;
}

Status dockerOn(const Fixture &f, const QStringList &verb)
{
    Result<QStringList> ids = containersOf(f);
    if (!ids)
        return ids.error();
    const ProcResult r = run(QStringLiteral("docker"), verb + *ids, QProcessEnvironment::systemEnvironment(), 60000);
    if (r.exitCode != 0)
        return Error(Error::Kind::Engine, QStringLiteral("docker %1: %2").arg(verb.join(QLatin1Char(' ')), r.err));
    return {};
}
} // namespace

Status stopContainers(const Fixture &f)
{
    return dockerOn(f, {QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1")});
}

Status startContainers(const Fixture &f)
{
    return dockerOn(f, {QStringLiteral("start")});
}

QProcessEnvironment etlEnvironment(const Fixture &ftp, const Fixture &api)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys())
        if (k.startsWith(QLatin1String("FTP_")) || k.startsWith(QLatin1String("OPENWEATHER_"))
            || k.startsWith(QLatin1String("WEATHER_")))
            env.remove(k);
    for (const Fixture *f : {&ftp, &api})
        for (const Environment::Variable &v : f->qEnvironment().variables())
            env.insert(v.name, v.value);
    return env;
}

} // namespace fixbench::etltest
