#include "etlfixtures.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QUrl>

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <unistd.h>

namespace fixbench::etltest {

Fixture up(const char *name)
{
    fixbench::testing::UpOptions options;
    options.exportEnvironment = false; // weather-etl gets its environment explicitly
    const char *workspace = std::getenv("FIXBENCH_WORKSPACE");
    if (!workspace || !*workspace)
        options.instance = "etl" + std::to_string(::getpid());
    return fixbench::testing::up(name, options);
}

QString fixtureVar(const Fixture &f, const char *name)
{
    return QString::fromStdString(f.env(std::string(name)));
}

namespace {
size_t collect(char *p, size_t s, size_t n, void *ud)
{
    static_cast<QByteArray *>(ud)->append(p, qsizetype(s * n));
    return s * n;
}
} // namespace

// --- weather_api control ---

WeatherApiControl::WeatherApiControl(const Fixture &api) : m_base(fixtureVar(api, "OPENWEATHER_URL")) {}

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

etl::FtpConfig ftpConfig(const Fixture &ftp)
{
    etl::FtpConfig c;
    c.host = fixtureVar(ftp, "FTP_HOST");
    c.port = ftp.port("FTP_PORT");
    c.user = fixtureVar(ftp, "FTP_USER");
    c.password = fixtureVar(ftp, "FTP_PASS");
    c.connectTimeoutMs = 5000;
    c.timeoutMs = 20000;
    return c;
}

namespace {

// One FTP call with libcurl on a fresh connection.
struct FtpCall {
    QString path;                 // absolute; a folder ends with '/'
    QList<QByteArray> quote;      // commands before the transfer (none: no transfer)
    QByteArray listCommand;       // e.g. "LIST -a": list the folder `path`
    bool download = false;
    const QByteArray *upload = nullptr;
    qsizetype uploaded = 0;
    QByteArray out;
};

size_t feed(char *buf, size_t size, size_t nitems, void *userp)
{
    auto *c = static_cast<FtpCall *>(userp);
    const qsizetype n = std::min<qsizetype>(qsizetype(size * nitems), c->upload->size() - c->uploaded);
    std::memcpy(buf, c->upload->constData() + c->uploaded, size_t(n));
    c->uploaded += n;
    return size_t(n);
}

size_t lastReply(char *data, size_t size, size_t nitems, void *userp)
{
    QByteArray line(data, qsizetype(size * nitems));
    if (line.size() >= 4 && line[3] == ' ')
        *static_cast<QByteArray *>(userp) = line.trimmed();
    return size * nitems;
}

Status ftpCall(const Fixture &ftp, FtpCall &c, const QString &what)
{
    const QString host = fixtureVar(ftp, "FTP_HOST");
    const QString urlHost = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    // "%2F": from the server's root; each folder of the path percent-encoded.
    QByteArray url = QStringLiteral("ftp://%1:%2/").arg(urlHost).arg(ftp.port("FTP_PORT")).toUtf8() + "%2F";
    QList<QByteArray> segments;
    for (const QString &s : c.path.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        segments << QUrl::toPercentEncoding(s);
    url += segments.join('/');
    if (c.path.endsWith(QLatin1Char('/')) && !segments.isEmpty())
        url += '/';
    const QByteArray user = fixtureVar(ftp, "FTP_USER").toUtf8();
    const QByteArray pass = fixtureVar(ftp, "FTP_PASS").toUtf8();
    QByteArray reply;
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_slist *quote = nullptr;
    for (const QByteArray &q : c.quote)
        quote = curl_slist_append(quote, q.constData());

    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, pass.constData());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(curl, CURLOPT_FTP_USE_EPSV, 1L);
    curl_easy_setopt(curl, CURLOPT_FTP_SKIP_PASV_IP, 1L);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, lastReply);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &c.out);
    curl_easy_setopt(curl, CURLOPT_QUOTE, quote);
    if (c.upload) {
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, feed);
        curl_easy_setopt(curl, CURLOPT_READDATA, &c);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(c.upload->size()));
    } else if (!c.listCommand.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, c.listCommand.constData());
    } else if (!c.download) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    }
    const CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(curl);
    curl_slist_free_all(quote);
    if (rc == CURLE_OK)
        return {};
    Error e(rc == CURLE_COULDNT_CONNECT ? Error::Kind::Connection : Error::Kind::Ftp,
            QStringLiteral("test FTP %1 `%2` on %3:%4: %5 (%6)")
                .arg(what, c.path, host).arg(ftp.port("FTP_PORT"))
                .arg(QString::fromUtf8(errbuf[0] ? errbuf : curl_easy_strerror(rc)), QString::fromUtf8(reply)));
    e.replyCode = int(code);
    return e;
}

struct RemoteEntry {
    QString name;
    bool directory = false;
};

// "LIST -a" of vsftpd (ls -l format): "drwxr-xr-x    2 ftp  ftp  4096 Nov 20 12:10 name".
Result<QList<RemoteEntry>> listFolder(const Fixture &ftp, const QString &dir)
{
    FtpCall c;
    c.path = dir.endsWith(QLatin1Char('/')) ? dir : dir + QLatin1Char('/');
    c.listCommand = "LIST -a";
    if (Status s = ftpCall(ftp, c, QStringLiteral("list")); !s)
        return s.error();
    QList<RemoteEntry> out;
    for (QByteArray line : c.out.split('\n')) {
        while (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith("total "))
            continue;
        // The name is what follows the eighth field, spaces included.
        qsizetype at = 0;
        for (int field = 0; field < 8 && at >= 0; ++field) {
            while (at < line.size() && line[at] == ' ')
                ++at;
            at = line.indexOf(' ', at);
        }
        if (at < 0)
            return Error(Error::Kind::Ftp, QStringLiteral("test FTP list `%1`: cannot read the line `%2`").arg(dir, QString::fromUtf8(line)));
        QString name = QString::fromUtf8(line.mid(at + 1));
        if (line.startsWith('l') && name.contains(QLatin1String(" -> ")))
            name = name.section(QLatin1String(" -> "), 0, 0);
        if (name == QLatin1String(".") || name == QLatin1String(".."))
            continue;
        out << RemoteEntry{name, line.startsWith('d')};
    }
    return out;
}

QString childOf(const QString &dir, const QString &name)
{
    return dir.endsWith(QLatin1Char('/')) ? QString(dir + name) : QString(dir + QLatin1Char('/') + name);
}

// DELE every file and RMD every folder below `dir`, deepest first.
Status collectRemovals(const Fixture &ftp, const QString &dir, QList<QByteArray> &cmds, int depth)
{
    if (depth > 32)
        return Error(Error::Kind::Ftp, QStringLiteral("test FTP clean: `%1` is too deep").arg(dir));
    Result<QList<RemoteEntry>> entries = listFolder(ftp, dir);
    if (!entries)
        return entries.error();
    for (const RemoteEntry &e : *entries) {
        const QString child = childOf(dir, e.name);
        if (e.directory) {
            if (Status s = collectRemovals(ftp, child, cmds, depth + 1); !s)
                return s;
            cmds << QByteArray("RMD ") + child.toUtf8();
        } else {
            cmds << QByteArray("DELE ") + child.toUtf8();
        }
    }
    return {};
}

} // namespace

Status cleanFtp(const Fixture &ftp)
{
    FtpCall c;
    c.path = QStringLiteral("/");
    if (Status s = collectRemovals(ftp, c.path, c.quote, 0); !s)
        return s;
    if (c.quote.isEmpty())
        return {};
    return ftpCall(ftp, c, QStringLiteral("clean"));
}

Result<QStringList> ftpNames(const Fixture &ftp, const QString &dir)
{
    Result<QList<RemoteEntry>> entries = listFolder(ftp, dir);
    if (!entries)
        return entries.error();
    QStringList names;
    for (const RemoteEntry &e : *entries)
        names << e.name;
    names.sort();
    return names;
}

Result<QByteArray> ftpGet(const Fixture &ftp, const QString &path)
{
    FtpCall c;
    c.path = path;
    c.download = true;
    if (Status s = ftpCall(ftp, c, QStringLiteral("get")); !s)
        return s.error();
    return c.out;
}

Status ftpPut(const Fixture &ftp, const QString &path, const QByteArray &data)
{
    FtpCall c;
    c.path = path;
    c.upload = &data;
    return ftpCall(ftp, c, QStringLiteral("put"));
}

Status ftpRename(const Fixture &ftp, const QString &from, const QString &to)
{
    FtpCall c;
    c.path = QStringLiteral("/");
    c.quote = {QByteArray("RNFR ") + from.toUtf8(), QByteArray("RNTO ") + to.toUtf8()};
    return ftpCall(ftp, c, QStringLiteral("rename"));
}

Status waitForFtp(const Fixture &ftp, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    Status last;
    while (t.elapsed() < timeoutMs) {
        Result<QList<RemoteEntry>> l = listFolder(ftp, QStringLiteral("/"));
        if (l)
            return {};
        last = l.error();
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

Result<QStringList> containersPublishing(const Fixture &f, const char *portVariable)
{
    const int port = f.port(portVariable);
    const ProcResult r = run(QStringLiteral("docker"), {QStringLiteral("ps"), QStringLiteral("--format"), QStringLiteral("{{.ID}}\t{{.Ports}}")},
                             QProcessEnvironment::systemEnvironment(), 60000);
    if (r.exitCode != 0)
        return Error(Error::Kind::Other, QStringLiteral("docker ps: ") + r.err);
    // Ports: "0.0.0.0:26778->21/tcp, :::26778->21/tcp, 0.0.0.0:26779-26782->26779-26782/tcp"
    const QString published = QStringLiteral(":%1->").arg(port);
    QStringList ids;
    for (const QString &line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (line.section(QLatin1Char('\t'), 1).contains(published))
            ids << line.section(QLatin1Char('\t'), 0, 0);
    if (ids.isEmpty())
        return Error(Error::Kind::Other, QStringLiteral("no running container publishes %1=%2").arg(QLatin1String(portVariable)).arg(port));
    return ids;
}

namespace {
Status docker(const QStringList &verb, const QStringList &ids)
{
    const ProcResult r = run(QStringLiteral("docker"), verb + ids, QProcessEnvironment::systemEnvironment(), 60000);
    if (r.exitCode != 0)
        return Error(Error::Kind::Other, QStringLiteral("docker %1: %2").arg(verb.join(QLatin1Char(' ')), r.err));
    return {};
}
} // namespace

Status stopContainers(const QStringList &ids)
{
    return docker({QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1")}, ids);
}

Status startContainers(const QStringList &ids)
{
    return docker({QStringLiteral("start")}, ids);
}

QProcessEnvironment etlEnvironment(const Fixture &ftp, const Fixture &api)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys())
        if (k.startsWith(QLatin1String("FTP_")) || k.startsWith(QLatin1String("OPENWEATHER_"))
            || k.startsWith(QLatin1String("WEATHER_")))
            env.remove(k);
    for (const Fixture *f : {&ftp, &api})
        for (const auto &[name, value] : f->environment())
            env.insert(QString::fromStdString(name), QString::fromStdString(value));
    return env;
}

} // namespace fixbench::etltest
