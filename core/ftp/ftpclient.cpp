#include "ftp/ftpclient.h"

#include "base/curlglobal.h"
#include "ftp/ftplistparser.h"

#include <QCoreApplication>
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QThread>
#include <QUrl>

#include <curl/curl.h>

#include <cstdio>
#include <mutex>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::FtpClient)
};
} // namespace

namespace {

void globalInit()
{
    ensureCurlGlobalInit();
}

// One command sent on the control connection and every reply line it got
// (a transfer gets two replies: 150 and 226). The greeting has no command.
struct Reply {
    QByteArray command;
    QList<QByteArray> lines;
    int code = 0; // of the last final line ("226 ...")

    QString text() const
    {
        QStringList out;
        for (const QByteArray &l : lines)
            out << QString::fromUtf8(l);
        return out.join(QLatin1Char('\n'));
    }
    // The final line of the last reply, "550 Failed to open file."
    QString lastLine() const { return lines.isEmpty() ? QString() : QString::fromUtf8(lines.last()); }
};

bool isFinalLine(const QByteArray &l)
{
    return l.size() >= 3 && std::isdigit(uchar(l[0])) && std::isdigit(uchar(l[1])) && std::isdigit(uchar(l[2]))
        && (l.size() == 3 || l[3] == ' ');
}

size_t discardHeader(char *, size_t size, size_t nmemb, void *) { return size * nmemb; }

QString parentOf(const QString &abs)
{
    const qsizetype slash = abs.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : abs.left(slash);
}

QString baseNameOf(const QString &abs)
{
    return abs.mid(abs.lastIndexOf(QLatin1Char('/')) + 1);
}

QString childOf(const QString &dir, const QString &name)
{
    return dir == QLatin1String("/") ? QString(QLatin1Char('/') + name) : QString(dir + QLatin1Char('/') + name);
}

QString normalize(const QString &path)
{
    QStringList out;
    for (const QString &seg : path.split(QLatin1Char('/'))) {
        if (seg.isEmpty() || seg == QLatin1String("."))
            continue;
        if (seg == QLatin1String("..")) {
            if (!out.isEmpty())
                out.removeLast();
            continue;
        }
        out << seg;
    }
    return QLatin1Char('/') + out.join(QLatin1Char('/'));
}

} // namespace

// --- FtpConfig -------------------------------------------------------------------

Result<FtpConfig> FtpConfig::fromUrl(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    const QString scheme = u.scheme().toLower();
    if (!u.isValid() || (scheme != QLatin1String("ftp") && scheme != QLatin1String("ftps")) || u.host().isEmpty())
        return Error(Error::Kind::Other,
                     QStringLiteral("`%1` is not an FTP URL; expected ftp://[user[:password]@]host[:port]/ "
                                    "(ftps:// for explicit TLS)")
                         .arg(QUrl(url).toDisplayString(QUrl::RemovePassword)));
    FtpConfig c;
    c.host = u.host();
    c.port = u.port(21);
    if (!u.userName().isEmpty())
        c.user = u.userName(QUrl::FullyDecoded);
    c.password = u.password(QUrl::FullyDecoded);
    c.ftps = scheme == QLatin1String("ftps");
    return c;
}

Result<FtpConfig> FtpConfig::fromEnvironment(const Environment &env)
{
    FtpConfig c;
    c.host = env.value(QStringLiteral("FTP_HOST")).trimmed();
    if (c.host.isEmpty())
        return Error(Error::Kind::Other,
                     QStringLiteral("no FTP_HOST in the environment: this is not an FTP fixture (it must export "
                                    "FTP_HOST, FTP_PORT, FTP_USER and FTP_PASS)"));
    const QString port = env.value(QStringLiteral("FTP_PORT")).trimmed();
    if (!port.isEmpty()) {
        bool ok = false;
        c.port = port.toInt(&ok);
        if (!ok || c.port <= 0 || c.port > 65535)
            return Error(Error::Kind::Other, Tr::tr("FTP_PORT `%1` is not a port number").arg(port));
    }
    if (env.contains(QStringLiteral("FTP_USER")))
        c.user = env.value(QStringLiteral("FTP_USER"));
    c.password = env.value(QStringLiteral("FTP_PASS"));
    const QString ftps = env.value(QStringLiteral("FTP_FTPS")).toLower();
    c.ftps = ftps == QLatin1String("1") || ftps == QLatin1String("true") || ftps == QLatin1String("yes");
    return c;
}

Result<FtpConfig> FtpConfig::fromProcessEnvironment()
{
    Environment env;
    const QProcessEnvironment pe = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"FTP_HOST", "FTP_PORT", "FTP_USER", "FTP_PASS", "FTP_FTPS"})
        if (pe.contains(QLatin1String(name)))
            env.set(QLatin1String(name), pe.value(QLatin1String(name)));
    return fromEnvironment(env);
}

QString FtpConfig::displayUrl() const
{
    const QString h = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return QStringLiteral("%1://%2@%3:%4/").arg(ftps ? QStringLiteral("ftps") : QStringLiteral("ftp"), user, h).arg(port);
}

// --- Impl ------------------------------------------------------------------------

struct FtpClient::Impl {
    // What one curl_easy_perform does.
    struct Op {
        QString name;           // "list", "get", ... for messages
        QString path;           // the remote path the user asked about
        QByteArray url;
        QList<QByteArray> quote;     // before the transfer
        QList<QByteArray> postquote; // after a successful transfer
        QByteArray custom;      // CUSTOMREQUEST: the listing command
        bool nobody = true;
        bool upload = false;
        qint64 size = -1;       // upload size, when known
        QIODevice *in = nullptr;
        QIODevice *out = nullptr;
        FtpListStream *listing = nullptr; // a listing parsed as it arrives
        FtpProgress progress;
        const std::atomic_bool *cancel = nullptr;
    };

    FtpConfig cfg;
    CURL *curl = nullptr;
    QByteArray base; // ftp://host:port
    QByteArray user, pass;
    char errbuf[CURL_ERROR_SIZE] = {};

    bool featuresKnown = false;
    QStringList features; // upper-case first words of the FEAT lines
    std::optional<bool> listAll; // the server accepts "LIST -a"
    QString entryPath;
    int connections = 0;
    // The last perform failed below the protocol or the server ended the session: the
    // next one opens a new control connection rather than reuse the dead one.
    bool freshConnect = false;
    // FIXBENCH_FTP_TRACE=1: the control connection and libcurl's notes on stderr.
    const bool trace = qEnvironmentVariableIntValue("FIXBENCH_FTP_TRACE") > 0;

    // State of the running perform.
    QList<Reply> transcript;
    const Op *op = nullptr;
    QString ioError;
    qint64 lastDone = -1;
    qint64 bytesDone = 0;
    bool cancelled = false;

    explicit Impl(FtpConfig c) : cfg(std::move(c))
    {
        const QString h = cfg.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + cfg.host + QLatin1Char(']') : cfg.host;
        base = QStringLiteral("ftp://%1:%2").arg(h).arg(cfg.port).toUtf8();
        user = cfg.user.toUtf8();
        pass = cfg.password.isEmpty() && cfg.user == QLatin1String("anonymous") ? QByteArray("fixbench@") : cfg.password.toUtf8();
        init();
    }
    ~Impl() { cleanup(); }

    static long seconds(int ms) { return std::max(1L, long((ms + 999) / 1000)); }

    void init()
    {
        curl = curl_easy_init();
        if (!curl)
            return;
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, pass.constData());
        curl_easy_setopt(curl, CURLOPT_FTP_USE_EPSV, 1L);
        curl_easy_setopt(curl, CURLOPT_FTP_SKIP_PASV_IP, 1L);
        curl_easy_setopt(curl, CURLOPT_FTP_FILEMETHOD, long(CURLFTPMETHOD_NOCWD));
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::max(1, cfg.connectTimeoutMs)));
        curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, seconds(cfg.timeoutMs));
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, seconds(cfg.timeoutMs));
        curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 256L * 1024);
        curl_easy_setopt(curl, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Impl::onWrite);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, this);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Impl::onRead);
        curl_easy_setopt(curl, CURLOPT_READDATA, this);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &discardHeader);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &Impl::onProgress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);
        // The debug callback sees every command and reply line: the transcript that
        // errors quote and that FEAT/SIZE/MDTM/MLST answers are read from.
        curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
        curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &Impl::onDebug);
        curl_easy_setopt(curl, CURLOPT_DEBUGDATA, this);
        if (cfg.ftps) {
            curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
            curl_easy_setopt(curl, CURLOPT_FTPSSLAUTH, long(CURLFTPAUTH_TLS));
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, cfg.verifyTls ? 1L : 0L);
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, cfg.verifyTls ? 2L : 0L);
        }
    }

    void cleanup()
    {
        if (!curl)
            return;
        // QUIT waits for its reply: do not let a hung server hold us for a minute.
        curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, 2L);
        curl_easy_cleanup(curl);
        curl = nullptr;
    }

    static int onDebug(CURL *, curl_infotype type, char *data, size_t size, void *userp)
    {
        auto *d = static_cast<Impl *>(userp);
        if (d->trace && (type == CURLINFO_TEXT || type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT)) {
            QByteArray t(data, qsizetype(size));
            if (type == CURLINFO_HEADER_OUT && t.startsWith("PASS "))
                t = "PASS ********\r\n";
            fprintf(stderr, "ftp %s %s", type == CURLINFO_TEXT ? "*" : type == CURLINFO_HEADER_IN ? "<" : ">", t.constData());
            if (!t.endsWith('\n'))
                fputc('\n', stderr);
        }
        if (type == CURLINFO_HEADER_OUT) {
            QByteArray cmd(data, qsizetype(size));
            while (cmd.endsWith('\n') || cmd.endsWith('\r'))
                cmd.chop(1);
            if (cmd.startsWith("PASS "))
                cmd = "PASS ********";
            d->transcript.append(Reply{cmd, {}, 0});
        } else if (type == CURLINFO_HEADER_IN) {
            QByteArray line(data, qsizetype(size));
            while (line.endsWith('\n') || line.endsWith('\r'))
                line.chop(1);
            if (d->transcript.isEmpty())
                d->transcript.append(Reply{});
            Reply &r = d->transcript.last();
            r.lines.append(line);
            if (isFinalLine(line))
                r.code = line.left(3).toInt();
        }
        return 0;
    }

    bool cancelRequested()
    {
        if (op && op->cancel && op->cancel->load())
            cancelled = true;
        return cancelled;
    }

    // Progress and cancel are handled in the data callbacks: libcurl drains a fast
    // local connection in one loop and calls its progress callback only around it.
    void report()
    {
        if (!op || !op->progress || bytesDone == lastDone)
            return;
        lastDone = bytesDone;
        qint64 total = op->upload ? op->size : -1;
        if (!op->upload) {
            curl_off_t length = -1;
            if (curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length >= 0)
                total = length;
        }
        op->progress(bytesDone, total);
    }

    static size_t onWrite(char *ptr, size_t size, size_t nmemb, void *userp)
    {
        auto *d = static_cast<Impl *>(userp);
        const qint64 n = qint64(size * nmemb);
        if (!d->op)
            return size_t(n);
        if (d->cancelRequested())
            return 0; // ends the transfer; perform() reports Cancelled
        if (d->op->listing) {
            d->op->listing->feed(ptr, n);
        } else if (d->op->out) {
            if (d->op->out->write(ptr, n) != n) {
                d->ioError = d->op->out->errorString();
                return 0;
            }
        }
        d->bytesDone += n;
        d->report();
        return size_t(n);
    }

    static size_t onRead(char *buf, size_t size, size_t nitems, void *userp)
    {
        auto *d = static_cast<Impl *>(userp);
        if (!d->op || !d->op->in)
            return 0;
        if (d->cancelRequested())
            return CURL_READFUNC_ABORT;
        const qint64 n = d->op->in->read(buf, qint64(size * nitems));
        if (n < 0) {
            d->ioError = d->op->in->errorString();
            return CURL_READFUNC_ABORT;
        }
        d->bytesDone += n;
        d->report();
        return size_t(n);
    }

    // Called at least once a second, also while waiting for the server: cancels.
    static int onProgress(void *userp, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
    {
        auto *d = static_cast<Impl *>(userp);
        return d->cancelRequested() ? 1 : 0;
    }

    static curl_slist *slist(const QList<QByteArray> &items)
    {
        curl_slist *l = nullptr;
        for (const QByteArray &s : items)
            l = curl_slist_append(l, s.constData());
        return l;
    }

    QByteArray urlFor(const QString &abs, bool dir) const
    {
        QByteArray url = base + "/%2F";
        const QStringList segs = abs.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        QList<QByteArray> enc;
        for (const QString &s : segs)
            enc << QUrl::toPercentEncoding(s);
        url += enc.join('/');
        if (dir && !segs.isEmpty())
            url += '/';
        return url;
    }

    const Reply *failedReply() const
    {
        for (auto it = transcript.crbegin(); it != transcript.crend(); ++it)
            if (it->code >= 400)
                return &*it;
        return nullptr;
    }

    QString transcriptTail(int n = 8) const
    {
        QStringList out;
        for (qsizetype i = std::max<qsizetype>(0, transcript.size() - n); i < transcript.size(); ++i) {
            const Reply &r = transcript[i];
            if (!r.command.isEmpty())
                out << QStringLiteral("> ") + QString::fromUtf8(r.command);
            for (const QByteArray &l : r.lines)
                out << QStringLiteral("< ") + QString::fromUtf8(l);
        }
        return out.join(QLatin1Char('\n'));
    }

    Error makeError(const Op &o, CURLcode rc, const Reply *failed = nullptr)
    {
        const Reply *bad = failed ? failed : failedReply();
        long responseCode = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &responseCode);
        const int code = bad ? bad->code : int(responseCode);
        const QString reply = bad ? bad->lastLine() : QString();
        const QString curlText = QString::fromUtf8(errbuf[0] ? errbuf : curl_easy_strerror(rc));
        const QString where = cfg.displayUrl();
        const QString path = o.path.isEmpty() ? QString() : QStringLiteral(" `%1`").arg(o.path);
        // The exchange that failed (more of the transcript for the puzzling kinds).
        const int tail = rc == CURLE_LOGIN_DENIED ? 2 : (code == 550 || rc == CURLE_ABORTED_BY_CALLBACK) ? 1 : 8;
        QString exchange;
        if (tail == 1 && bad) {
            exchange = QStringLiteral("> ") + QString::fromUtf8(bad->command);
            for (const QByteArray &l : bad->lines)
                exchange += QStringLiteral("\n< ") + QString::fromUtf8(l);
        } else if (!transcript.isEmpty()) {
            exchange = transcriptTail(tail);
        }
        const QString details = QStringLiteral("curl: %1 (code %2)").arg(curlText).arg(int(rc))
            + (exchange.isEmpty() ? QString() : QLatin1Char('\n') + exchange);

        Error::Kind kind = Error::Kind::Ftp;
        QString message;
        switch (rc) {
        case CURLE_ABORTED_BY_CALLBACK:
            kind = Error::Kind::Cancelled;
            message = QStringLiteral("FTP %1%2 on %3 cancelled").arg(o.name, path, where);
            break;
        case CURLE_LOGIN_DENIED:
            kind = Error::Kind::Auth;
            message = QStringLiteral("FTP login to %1 refused (%2) — check the user and password (FTP_USER/FTP_PASS, or the URL's user:password)")
                          .arg(where, reply.isEmpty() ? curlText : reply);
            break;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_FTP_CANT_GET_HOST:
        case CURLE_FTP_WEIRD_PASV_REPLY:
        case CURLE_FTP_WEIRD_227_FORMAT:
        case CURLE_FTP_ACCEPT_FAILED:
        case CURLE_FTP_PORT_FAILED:
        case CURLE_PARTIAL_FILE:
        case CURLE_WEIRD_SERVER_REPLY:
            kind = Error::Kind::Connection;
            message = QStringLiteral("FTP %1%2: connection to %3 failed (%4) — is the server up and the port right "
                                     "(`fixbench status`)?")
                          .arg(o.name, path, where, curlText);
            break;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
            kind = Error::Kind::Connection;
            message = QStringLiteral("FTP %1%2: TLS with %3 failed (%4) — a self-signed certificate (as the fixtures') "
                                     "needs verifyTls = false / --insecure")
                          .arg(o.name, path, where, curlText);
            break;
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_FTP_ACCEPT_TIMEOUT:
            kind = Error::Kind::Timeout;
            message = QStringLiteral("FTP %1%2 on %3 timed out: %4").arg(o.name, path, where, curlText);
            break;
        case CURLE_WRITE_ERROR:
        case CURLE_READ_ERROR:
            kind = Error::Kind::Io;
            message = QStringLiteral("FTP %1%2 on %3: local %4 failed: %5")
                          .arg(o.name, path, where, rc == CURLE_WRITE_ERROR ? QStringLiteral("write") : QStringLiteral("read"),
                               ioError.isEmpty() ? curlText : ioError);
            break;
        case CURLE_USE_SSL_FAILED:
            kind = Error::Kind::Ftp;
            message = QStringLiteral("FTP %1 on %2: the server refused explicit TLS (AUTH TLS): %3")
                          .arg(o.name, where, reply.isEmpty() ? curlText : reply);
            break;
        default: {
            // A protocol answer: decide by the reply code.
            const QString lower = reply.toLower();
            if (code == 530) {
                kind = Error::Kind::Auth;
            } else if (code == 421) {
                kind = Error::Kind::Connection;
            } else if (code == 550 && !lower.contains(QLatin1String("permission")) && !lower.contains(QLatin1String("exists"))
                       && !lower.contains(QLatin1String("not empty")) && !lower.contains(QLatin1String("is a directory"))
                       && !lower.contains(QLatin1String("not a directory")) && !lower.contains(QLatin1String("not a regular"))) {
                kind = Error::Kind::NotFound;
            } else if (rc == CURLE_REMOTE_FILE_NOT_FOUND) {
                kind = Error::Kind::NotFound;
            }
            const QString cmd = bad && !bad->command.isEmpty() ? QStringLiteral(" (%1)").arg(QString::fromUtf8(bad->command)) : QString();
            if (kind == Error::Kind::NotFound)
                message = QStringLiteral("FTP %1:%2 not found on %3: %4%5").arg(o.name, path, where, reply.isEmpty() ? curlText : reply, cmd);
            else
                message = QStringLiteral("FTP %1%2 on %3 failed: %4%5").arg(o.name, path, where, reply.isEmpty() ? curlText : reply, cmd);
            break;
        }
        }
        Error e(kind, message, details);
        // The server's reply behind the error; none for a failure below the protocol
        // (refused, timed out, TLS, cancelled, local I/O).
        const bool protocol = kind == Error::Kind::Ftp || kind == Error::Kind::NotFound || kind == Error::Kind::Auth;
        e.replyCode = bad ? bad->code : protocol ? code : 0;
        return e;
    }

    // vsftpd's fatal session error ("500 OOPS: ...", then it closes the connection) or
    // 421 (service closing the control connection).
    static bool sessionEnded(const Reply &r)
    {
        return r.code == 421 || (r.code == 500 && !r.lines.isEmpty() && r.lines.last().mid(4).startsWith("OOPS"));
    }

    // Failures after which libcurl may still hold the control connection as reusable.
    static bool connectionLost(CURLcode rc)
    {
        switch (rc) {
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_FTP_WEIRD_PASV_REPLY:
        case CURLE_FTP_WEIRD_227_FORMAT:
        case CURLE_FTP_ACCEPT_FAILED:
        case CURLE_FTP_ACCEPT_TIMEOUT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_PARTIAL_FILE:
        case CURLE_WEIRD_SERVER_REPLY:
            return true;
        default:
            return false;
        }
    }

    Result<QList<Reply>> perform(const Op &o)
    {
        if (!curl)
            return Error(Error::Kind::Other, Tr::tr("FTP %1: cannot create a curl handle").arg(o.name));
        if (o.cancel && o.cancel->load())
            return Error(Error::Kind::Cancelled, Tr::tr("FTP %1 `%2` on %3 cancelled").arg(o.name, o.path, cfg.displayUrl()));
        transcript.clear();
        errbuf[0] = 0;
        ioError.clear();
        lastDone = -1;
        bytesDone = 0;
        cancelled = false;
        op = &o;
        curl_slist *quote = slist(o.quote);
        curl_slist *postquote = slist(o.postquote);
        curl_easy_setopt(curl, CURLOPT_URL, o.url.constData());
        curl_easy_setopt(curl, CURLOPT_NOBODY, o.nobody ? 1L : 0L);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, o.upload ? 1L : 0L);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(o.upload ? o.size : -1));
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, o.custom.isEmpty() ? nullptr : o.custom.constData());
        curl_easy_setopt(curl, CURLOPT_QUOTE, quote);
        curl_easy_setopt(curl, CURLOPT_POSTQUOTE, postquote);
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, freshConnect ? 1L : 0L);
        CURLcode rc = curl_easy_perform(curl);
        // All passive ports of the server busy for a moment: ask again a few times.
        // Nothing was transferred yet; not with QUOTE commands, which ran already.
        //  - 425 to PASV/EPSV (ProFTPD with a small range whose ports are still in
        //    TIME_WAIT): the session lives on;
        //  - "500 OOPS: ..." (vsftpd, whose privileged helper found no free port of
        //    pasv_min_port..pasv_max_port in its 9 random tries): the session is gone,
        //    so the retry logs in again on a new connection.
        for (int retry = 0; rc == CURLE_FTP_WEIRD_PASV_REPLY && !cancelled && o.quote.isEmpty() && retry < 4
                            && !transcript.isEmpty() && (transcript.last().code == 425 || sessionEnded(transcript.last()));
             ++retry) {
            curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, sessionEnded(transcript.last()) ? 1L : 0L);
            QThread::msleep(100 << retry);
            transcript.clear();
            errbuf[0] = 0;
            ioError.clear();
            lastDone = -1;
            bytesDone = 0;
            rc = curl_easy_perform(curl);
        }
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 0L);
        freshConnect = rc != CURLE_OK && (connectionLost(rc) || (!transcript.isEmpty() && sessionEnded(transcript.last())));
        curl_easy_setopt(curl, CURLOPT_QUOTE, nullptr);
        curl_easy_setopt(curl, CURLOPT_POSTQUOTE, nullptr);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
        curl_slist_free_all(quote);
        curl_slist_free_all(postquote);
        op = nullptr;
        // A greeting (a reply before any command) means a new control connection.
        // (CURLINFO_NUM_CONNECTS counts the passive data connections too.)
        if (!transcript.isEmpty() && transcript.first().command.isEmpty())
            ++connections;
        if (entryPath.isEmpty()) {
            char *ep = nullptr;
            if (curl_easy_getinfo(curl, CURLINFO_FTP_ENTRY_PATH, &ep) == CURLE_OK && ep)
                entryPath = QString::fromUtf8(ep);
        }
        if (rc != CURLE_OK) {
            Error e = makeError(o, cancelled ? CURLE_ABORTED_BY_CALLBACK : rc);
            return e;
        }
        // A final report with the real size (a transfer of 0 bytes has had none).
        if (o.progress && !o.nobody && (lastDone != bytesDone || lastDone < 0))
            o.progress(bytesDone, bytesDone);
        return transcript;
    }

    // Runs commands on the control connection (no transfer). Each is sent '*'-prefixed:
    // libcurl closes the control connection after a failed QUOTE command, so we let it
    // carry on and judge the replies ourselves. With stopAtFirstFailure the first
    // failing command is the error; otherwise the caller reads the transcript.
    Result<QList<Reply>> commands(const QString &name, const QString &path, const QList<QByteArray> &cmds,
                                  bool stopAtFirstFailure = true)
    {
        Op o;
        o.name = name;
        o.path = path;
        // An empty (relative) path: libcurl needs no CWD for it on a new connection and
        // then remembers the connection as "in the login folder", so the listing after
        // it (also an empty path, after its own CWD) is not preceded by libcurl's "CWD
        // <entry path>" — which undid that CWD and cost a second listing. (An absolute
        // path, "/%2F/", leaves libcurl not knowing the folder of a new connection.)
        o.url = base + '/';
        o.quote = ignoringFailure(cmds);
        auto r = perform(o);
        if (!r || !stopAtFirstFailure)
            return r;
        if (const Reply *bad = firstFailure(*r, cmds))
            return makeError(o, CURLE_QUOTE_ERROR, bad);
        return r;
    }

    static QList<QByteArray> ignoringFailure(const QList<QByteArray> &cmds)
    {
        QList<QByteArray> out;
        out.reserve(cmds.size());
        for (const QByteArray &c : cmds)
            out << (c.startsWith('*') ? c : '*' + c);
        return out;
    }

    // The first reply >= 400 to one of `cmds` (compared without a '*' prefix).
    static const Reply *firstFailure(const QList<Reply> &t, const QList<QByteArray> &cmds)
    {
        QSet<QByteArray> wanted;
        for (const QByteArray &c : cmds)
            wanted.insert(c.startsWith('*') ? c.mid(1) : c);
        for (const Reply &r : t)
            if (r.code >= 400 && wanted.contains(r.command))
                return &r;
        return nullptr;
    }

    // The reply to the first command equal to `cmd`, or nullptr.
    static const Reply *replyTo(const QList<Reply> &t, const QByteArray &cmd)
    {
        for (const Reply &r : t)
            if (r.command == cmd)
                return &r;
        return nullptr;
    }
};

// --- FtpClient -------------------------------------------------------------------

namespace {

Status checkName(const QString &op, const QString &path)
{
    for (QChar c : path)
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n') || c == QChar(0))
            return Error(Error::Kind::Ftp, Tr::tr("FTP %1: `%2` contains CR, LF or NUL, which FTP cannot send")
                                               .arg(op, QString(path).replace(QLatin1Char('\n'), QStringLiteral("\\n"))
                                                            .replace(QLatin1Char('\r'), QStringLiteral("\\r"))));
    return {};
}

QByteArray cmd(const char *verb, const QString &path)
{
    return QByteArray(verb) + ' ' + path.toUtf8();
}

} // namespace

FtpClient::FtpClient(FtpConfig config) : m_config(std::move(config))
{
    globalInit();
    d = std::make_unique<Impl>(m_config);
}

FtpClient::~FtpClient() = default;

int FtpClient::connectionCount() const { return d->connections; }

void FtpClient::disconnect()
{
    d->cleanup();
    d->init();
}

QString FtpClient::absolutePath(const QString &path)
{
    if (path.startsWith(QLatin1Char('/')))
        return normalize(path);
    if (d->entryPath.isEmpty())
        (void)connect();
    const QString entry = d->entryPath.startsWith(QLatin1Char('/')) ? d->entryPath : QStringLiteral("/");
    return normalize(entry + QLatin1Char('/') + path);
}

Status FtpClient::connect()
{
    const bool askFeatures = !d->featuresKnown;
    // FEAT once (what the server supports), NOOP afterwards: either logs in first
    // when no connection is open.
    auto r = d->commands(QStringLiteral("connect"), QString(), {askFeatures ? QByteArray("FEAT") : QByteArray("NOOP")},
                         !askFeatures /* a server without FEAT is fine */);
    if (!r)
        return r.error();
    if (askFeatures) {
        d->features.clear();
        if (const Reply *feat = Impl::replyTo(*r, "FEAT"); feat && feat->code / 100 == 2) {
            for (const QByteArray &l : feat->lines)
                if (l.startsWith(' '))
                    d->features << QString::fromUtf8(l.trimmed().split(' ').first()).toUpper();
        }
        d->featuresKnown = true;
    }
    return {};
}

Result<bool> FtpClient::supportsMlsd()
{
    if (!d->featuresKnown)
        if (Status s = connect(); !s)
            return s.error();
    return d->features.contains(QLatin1String("MLST")) || d->features.contains(QLatin1String("MLSD"));
}

Result<QList<FtpEntry>> FtpClient::list(const QString &dir)
{
    auto l = listing(dir);
    if (!l)
        return l.error();
    if (l->truncated())
        return truncationError(QStringLiteral("list"), absolutePath(dir), l->truncatedReply);
    return std::move(l->entries);
}

Result<FtpListing> FtpClient::listing(const QString &dirIn)
{
    auto mlsd = supportsMlsd();
    if (!mlsd)
        return mlsd.error();
    return listingWith(absolutePath(dirIn), *mlsd);
}

Error FtpClient::truncationError(const QString &op, const QString &dir, const QString &reply) const
{
    Error e(Error::Kind::Ftp, Tr::tr("FTP %1 `%2` on %3: the server cut the listing short (%4), so it is incomplete")
                                  .arg(op, dir, m_config.displayUrl(), reply));
    e.replyCode = reply.left(3).toInt();
    return e;
}

Result<FtpListing> FtpClient::listingWith(const QString &dir, bool useMlsd)
{
    if (Status s = checkName(QStringLiteral("list"), dir); !s)
        return s.error();
    // Parsed while it arrives: the parse overlaps the transfer (10,000 lines: a few ms).
    FtpListStream parsed(useMlsd ? FtpListStream::Format::Mlsd : FtpListStream::Format::List);
    Impl::Op o;
    o.name = QStringLiteral("list");
    o.path = dir;
    // The folder is entered first and the current folder listed: no path argument,
    // which some servers (Pure-FTPd) read as glob patterns split at spaces — a path
    // with a space or `[ab]` would list something else, or nothing at all. The CWD
    // also makes a missing directory a clear 550 (LIST of a missing path is an empty
    // listing on some servers). libcurl never relies on the cwd (NOCWD): the URL has
    // an empty path, so it sends the listing command bare.
    o.url = d->base + '/';
    o.quote = {'*' + cmd("CWD", dir)};
    o.nobody = false;
    o.listing = &parsed;
    if (useMlsd)
        o.custom = "MLSD";
    else if (d->listAll.value_or(true))
        o.custom = "LIST -a"; // dot files too (vsftpd hides them from a bare LIST)
    // libcurl itself goes back to the login folder ("CWD <entry path>") before a
    // relative request on a reused connection whose folder it does not know — after
    // our CWD. It knows it afterwards (the login folder, it thinks), so once more is
    // enough; the listing counts only when our CWD was the last one before it. (After
    // connect() or any commands() it knows it already: only a connection whose first
    // request was a file's absolute path, after a reconnect, lists twice.)
    auto listedOurs = [&] {
        const QByteArray ours = cmd("CWD", dir);
        QByteArray lastCwd;
        for (const Reply &rep : d->transcript) {
            if (rep.command.startsWith("CWD "))
                lastCwd = rep.command;
            else if (rep.command.startsWith("LIST") || rep.command.startsWith("MLSD"))
                return lastCwd == ours;
        }
        return true; // no listing command was sent: the error says why
    };
    auto performListing = [&]() -> Result<QList<Reply>> {
        parsed.reset();
        auto r = d->perform(o);
        if (r && !listedOurs()) {
            parsed.reset();
            r = d->perform(o);
            if (r && !listedOurs())
                return Error(Error::Kind::Ftp, Tr::tr("FTP list `%1` on %2: libcurl changed the folder between CWD and the listing")
                                                   .arg(dir, m_config.displayUrl()),
                             d->transcriptTail());
        }
        return r;
    };
    auto r = performListing();
    // The CWD answer decides first: a listing after a failed CWD is of another folder.
    if (const Reply *cwd = Impl::replyTo(d->transcript, cmd("CWD", dir)); cwd && cwd->code >= 400)
        return refineNotFound(d->makeError(o, CURLE_QUOTE_ERROR, cwd), dir, QStringLiteral("is it a file?"));
    if (!r && !useMlsd && !d->listAll.has_value() && r.error().replyCode >= 500 && !d->transcript.isEmpty()
        && d->transcript.last().command.startsWith("LIST -a")) {
        d->listAll = false; // the server does not take "-a": plain LIST from now on
        o.custom.clear();
        r = performListing();
        if (const Reply *cwd = Impl::replyTo(d->transcript, cmd("CWD", dir)); cwd && cwd->code >= 400)
            return refineNotFound(d->makeError(o, CURLE_QUOTE_ERROR, cwd), dir, QStringLiteral("is it a file?"));
    }
    if (!r)
        return refineNotFound(r.error(), dir, QStringLiteral("is it a file?"));
    if (!useMlsd && !d->listAll.has_value())
        d->listAll = true;
    FtpListing out = parsed.finish();
    // The final reply to the listing command: Pure-FTPd stops at its limit (10,000
    // entries by default) and says so only there, "226 Output truncated to 10000 matches".
    for (auto it = r->crbegin(); it != r->crend(); ++it) {
        if (!it->command.startsWith("LIST") && !it->command.startsWith("MLSD"))
            continue;
        const QString last = it->lastLine();
        if (last.contains(QLatin1String("truncated"), Qt::CaseInsensitive))
            out.truncatedReply = last;
        break;
    }
    return out;
}

Result<QByteArray> FtpClient::get(const QString &path, const FtpProgress &progress, const std::atomic_bool *cancel)
{
    QByteArray data;
    QBuffer buf(&data);
    buf.open(QIODevice::WriteOnly);
    if (Status s = get(path, buf, progress, cancel); !s)
        return s.error();
    buf.close();
    return data;
}

Status FtpClient::get(const QString &path, const QString &localFile, const FtpProgress &progress,
                      const std::atomic_bool *cancel)
{
    QSaveFile f(localFile);
    if (!f.open(QIODevice::WriteOnly))
        return Error(Error::Kind::Io, Tr::tr("FTP get `%1`: cannot write %2: %3").arg(path, localFile, f.errorString()));
    Status s = get(path, f, progress, cancel);
    if (!s) {
        f.cancelWriting();
        return s;
    }
    if (!f.commit())
        return Error(Error::Kind::Io, Tr::tr("FTP get `%1`: cannot write %2: %3").arg(path, localFile, f.errorString()));
    return {};
}

Status FtpClient::get(const QString &pathIn, QIODevice &out, const FtpProgress &progress, const std::atomic_bool *cancel)
{
    const QString path = absolutePath(pathIn);
    if (Status s = checkName(QStringLiteral("get"), path); !s)
        return s;
    if (path == QLatin1String("/"))
        return Error(Error::Kind::Ftp, Tr::tr("FTP get `/` on %1: a directory, not a file").arg(m_config.displayUrl()));
    Impl::Op o;
    o.name = QStringLiteral("get");
    o.path = path;
    o.url = d->urlFor(path, false);
    o.nobody = false;
    o.out = &out;
    o.progress = progress;
    o.cancel = cancel;
    auto r = d->perform(o);
    if (!r)
        return refineNotFound(r.error(), path, QStringLiteral("is it a directory, or not readable?"));
    return {};
}

Status FtpClient::put(const QByteArray &data, const QString &path, const FtpPutOptions &options,
                      const FtpProgress &progress, const std::atomic_bool *cancel)
{
    QByteArray copy = data; // shared, not copied: QBuffer needs a non-const array
    QBuffer buf(&copy);
    buf.open(QIODevice::ReadOnly);
    return put(buf, copy.size(), path, options, progress, cancel);
}

Status FtpClient::putFile(const QString &localFile, const QString &path, const FtpPutOptions &options,
                          const FtpProgress &progress, const std::atomic_bool *cancel)
{
    QFile f(localFile);
    if (!f.open(QIODevice::ReadOnly))
        return Error(Error::Kind::Io, Tr::tr("FTP put `%1`: cannot read %2: %3").arg(path, localFile, f.errorString()));
    return put(f, f.isSequential() ? -1 : f.size(), path, options, progress, cancel);
}

Status FtpClient::put(QIODevice &in, qint64 size, const QString &pathIn, const FtpPutOptions &options,
                      const FtpProgress &progress, const std::atomic_bool *cancel)
{
    const QString path = absolutePath(pathIn);
    if (Status s = checkName(QStringLiteral("put"), path); !s)
        return s;
    if (path == QLatin1String("/"))
        return Error(Error::Kind::Ftp, Tr::tr("FTP put: name a file, not `/`"));
    const QString parent = parentOf(path);
    if (options.createDirs && parent != QLatin1String("/"))
        if (Status s = mkdir(parent, true); !s)
            return s;
    if (!options.overwrite) {
        auto ex = exists(path);
        if (!ex)
            return ex.error();
        if (*ex)
            return Error(Error::Kind::Ftp, Tr::tr("FTP put `%1` on %2: it exists and overwrite is off").arg(path, m_config.displayUrl()));
    }
    QString target = path;
    if (options.atomic) {
        // A hidden name in the same folder (so the rename is atomic on the server's file
        // system), unique per upload.
        const QString tag = QStringLiteral(".fbpart-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        const QString name = baseNameOf(path);
        target = childOf(parent, name.toUtf8().size() > 180 ? tag : QLatin1Char('.') + name + tag);
    }
    Impl::Op o;
    o.name = QStringLiteral("put");
    o.path = path;
    o.url = d->urlFor(target, false);
    o.nobody = false;
    o.upload = true;
    o.size = size;
    o.in = &in;
    o.progress = progress;
    o.cancel = cancel;
    if (options.atomic)
        o.postquote = Impl::ignoringFailure({cmd("RNFR", target), cmd("RNTO", path)});
    auto r = d->perform(o);
    if (r && options.atomic) {
        if (const Reply *bad = Impl::firstFailure(*r, {cmd("RNFR", target), cmd("RNTO", path)})) {
            Error e = d->makeError(o, CURLE_QUOTE_ERROR, bad);
            if (e.kind == Error::Kind::NotFound)
                e.kind = Error::Kind::Ftp;
            e.message += QStringLiteral(" — the upload went to `%1` but renaming it into place failed; it was removed").arg(target);
            (void)d->commands(QStringLiteral("put cleanup"), target, {cmd("DELE", target)}, false);
            return e;
        }
    }
    if (r)
        return {};
    Error e = r.error();
    // Remove what a failed upload left: the temporary file, or a target the STOR had
    // already truncated (never a file the STOR did not touch).
    bool storStarted = false;
    for (const Reply &rep : d->transcript)
        if (rep.command.startsWith("STOR ") && !rep.lines.isEmpty() && rep.lines.first().startsWith('1'))
            storStarted = true;
    if ((storStarted || options.atomic) && e.kind != Error::Kind::Auth && e.kind != Error::Kind::Connection)
        (void)d->commands(QStringLiteral("put cleanup"), target, {cmd("DELE", target)}, false);
    // vsftpd answers 553 when the folder is missing: say so, as NotFound.
    if (e.kind == Error::Kind::NotFound || (e.kind == Error::Kind::Ftp && (e.replyCode == 553 || e.replyCode == 550))) {
        auto parentThere = statImpl(parent);
        if (!parentThere && parentThere.error().kind == Error::Kind::NotFound) {
            e.kind = Error::Kind::NotFound;
            e.message += QStringLiteral(" — the folder `%1` does not exist (use createDirs / --parents)").arg(parent);
        }
    }
    return e;
}

Status FtpClient::remove(const QString &pathIn)
{
    const QString path = absolutePath(pathIn);
    if (Status s = checkName(QStringLiteral("remove"), path); !s)
        return s;
    auto r = d->commands(QStringLiteral("remove"), path, {cmd("DELE", path)});
    if (!r)
        return refineNotFound(r.error(), path, QStringLiteral("is it a directory (use rmdir)?"));
    return {};
}

Status FtpClient::mkdir(const QString &pathIn, bool parents)
{
    const QString path = absolutePath(pathIn);
    if (Status s = checkName(QStringLiteral("mkdir"), path); !s)
        return s;
    if (path == QLatin1String("/")) {
        if (parents)
            return {};
        return Error(Error::Kind::Ftp, Tr::tr("FTP mkdir `/` on %1: it exists").arg(m_config.displayUrl()));
    }
    if (!parents) {
        auto r = d->commands(QStringLiteral("mkdir"), path, {cmd("MKD", path)});
        if (r)
            return {};
        Error e = r.error();
        if (e.kind == Error::Kind::NotFound || e.kind == Error::Kind::Ftp) {
            auto self = statImpl(path);
            if (self) {
                e.kind = Error::Kind::Ftp;
                e.message += QStringLiteral(" — `%1` already exists").arg(path);
            } else if (self.error().kind == Error::Kind::NotFound) {
                auto up = statImpl(parentOf(path));
                if (!up && up.error().kind == Error::Kind::NotFound) {
                    e.kind = Error::Kind::NotFound;
                    e.message += QStringLiteral(" — the folder `%1` does not exist (use parents / -p)").arg(parentOf(path));
                } else if (e.kind == Error::Kind::NotFound) {
                    e.kind = Error::Kind::Ftp;
                }
            }
        }
        return e;
    }
    // mkdir -p: nothing to do when it exists (one round trip); else MKD every level
    // ignoring failures (those that exist), then check the last one can be entered.
    {
        auto there = d->commands(QStringLiteral("mkdir -p"), path, {cmd("CWD", path)}, false);
        if (!there)
            return there.error();
        if (const Reply *cwd = Impl::replyTo(*there, cmd("CWD", path)); cwd && cwd->code < 400)
            return {};
    }
    QList<QByteArray> cmds;
    QString at;
    for (const QString &seg : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        at += QLatin1Char('/') + seg;
        cmds << QByteArray("*MKD ") + at.toUtf8();
    }
    cmds << cmd("CWD", path);
    auto r = d->commands(QStringLiteral("mkdir -p"), path, cmds, false);
    if (!r)
        return r.error();
    const Reply *cwd = Impl::replyTo(*r, cmd("CWD", path));
    if (cwd && cwd->code < 400)
        return {};
    Impl::Op o;
    o.name = QStringLiteral("mkdir -p");
    o.path = path;
    Error e = d->makeError(o, CURLE_QUOTE_ERROR, cwd);
    // Say why the MKD that mattered failed.
    for (auto it = d->transcript.crbegin(); it != d->transcript.crend(); ++it)
        if (it->command.startsWith("MKD ") && it->code >= 400) {
            e.message += QStringLiteral(" — %1: %2").arg(QString::fromUtf8(it->command), it->lastLine());
            break;
        }
    if (e.kind == Error::Kind::NotFound)
        e.kind = Error::Kind::Ftp;
    return e;
}

Status FtpClient::rmdir(const QString &pathIn, bool recursive)
{
    const QString path = absolutePath(pathIn);
    if (Status s = checkName(QStringLiteral("rmdir"), path); !s)
        return s;
    if (path == QLatin1String("/"))
        return Error(Error::Kind::Ftp, Tr::tr("FTP rmdir: refusing to remove `/`; use clean to empty it"));
    if (!recursive) {
        auto r = d->commands(QStringLiteral("rmdir"), path, {cmd("RMD", path)});
        if (!r)
            return refineNotFound(r.error(), path, QStringLiteral("is it a file, or not empty (use recursive / -r)?"));
        return {};
    }
    std::optional<Error> stop;
    Status s = removeTree(QStringLiteral("rmdir -r"), path, true, &stop);
    if (stop)
        return *stop;
    if (s)
        return s;
    // What counts is the result: the folder gone. Removals refused because another
    // client removed those entries first (two test processes cleaning at once) are fine.
    auto left = listingWith(path, false);
    return !left && left.error().kind == Error::Kind::NotFound ? Status() : s;
}

Status FtpClient::clean(const QString &dirIn)
{
    const QString dir = absolutePath(dirIn);
    if (Status s = checkName(QStringLiteral("clean"), dir); !s)
        return s;
    std::optional<Error> stop;
    Status s = removeTree(QStringLiteral("clean"), dir, false, &stop);
    if (stop)
        return *stop;
    // What counts is the result, checked: the folder empty, in a complete listing.
    // Removals refused because another client removed those entries first (test
    // processes cleaning at once) are fine; anything still there is not, even when
    // every command was accepted.
    auto after = listingWith(dir, false);
    if (!after)
        return s ? Status(after.error()) : s;
    if (after->truncated())
        return truncationError(QStringLiteral("clean"), dir, after->truncatedReply);
    if (after->entries.isEmpty())
        return {};
    if (!s)
        return s;
    return Error(Error::Kind::Ftp, Tr::tr("FTP clean `%1` on %2: %3 entries are still there after cleaning (first: `%4`)")
                                       .arg(dir, m_config.displayUrl())
                                       .arg(after->entries.size())
                                       .arg(after->entries.first().name));
}

Status FtpClient::removeTree(const QString &op, const QString &dir, bool andDir, std::optional<Error> *stop)
{
    // A server that truncates listings (Pure-FTPd: 10,000 entries) shows only part of
    // a big folder: remove what it showed, then list again, while that makes progress.
    constexpr int maxRounds = 1000;
    QList<QByteArray> previous;
    for (int round = 1;; ++round) {
        QList<QByteArray> cmds;
        QString truncated;
        if (Status s = collectRemovals(dir, cmds, 0, &truncated); !s) {
            *stop = s.error();
            return s;
        }
        if (andDir)
            cmds << cmd("RMD", dir);
        Status s = runBatch(op, dir, cmds);
        if (truncated.isEmpty())
            return s;
        if (cmds == previous || round >= maxRounds) {
            Error e = truncationError(op, dir, truncated);
            e.message += Tr::tr(" — removing what it showed made no progress after %1 rounds").arg(round); // round >= 2
            *stop = e;
            return e;
        }
        previous = std::move(cmds);
    }
}

Status FtpClient::collectRemovals(const QString &dir, QList<QByteArray> &cmds, int depth, QString *truncatedReply)
{
    if (depth > 64)
        return Error(Error::Kind::Ftp, Tr::tr("FTP clean `%1`: more than 64 levels deep (a symlink loop?)").arg(dir));
    // LIST, not MLSD: ProFTPD's MLSD omits dangling symlinks and (without
    // `FactsOptions UseSlink`) reports a link to a folder as a folder, while LIST
    // shows every entry and every link as a link — a recursive delete must see all
    // and never follow a link.
    auto entries = listingWith(dir, false);
    if (!entries) {
        // A subfolder another client removed meanwhile (test processes cleaning at
        // once; Pure-FTPd even drops the session, 421, when the folder it lists
        // vanishes) is simply gone: the final check decides.
        if (depth > 0 && entries.error().kind != Error::Kind::Auth && entries.error().kind != Error::Kind::Cancelled) {
            auto still = statImpl(dir);
            if (!still && still.error().kind == Error::Kind::NotFound)
                return {};
        }
        return entries.error();
    }
    if (entries->truncated() && truncatedReply->isEmpty())
        *truncatedReply = entries->truncatedReply;
    for (const QString &why : entries->diagnostics)
        if (why.contains(QLatin1String("skipped")))
            return Error(Error::Kind::Ftp, Tr::tr("FTP clean `%1`: cannot read the server's listing of `%2`, so not everything "
                                                          "could be removed: %3").arg(dir, dir, why));
    for (const FtpEntry &e : entries->entries) {
        const QString child = childOf(dir, e.name);
        if (Status s = checkName(QStringLiteral("clean"), child); !s)
            return s;
        if (e.type == FtpEntry::Type::Directory) {
            if (Status s = collectRemovals(child, cmds, depth + 1, truncatedReply); !s)
                return s;
            cmds << cmd("RMD", child);
        } else {
            cmds << cmd("DELE", child); // files, links (never followed), others
        }
    }
    return {};
}

Status FtpClient::runBatch(const QString &op, const QString &path, const QList<QByteArray> &cmds)
{
    // Every command runs (a refused one does not stop the others); the first failure
    // is the error, with the number of failures.
    constexpr qsizetype chunk = 1000;
    std::optional<Error> first;
    int failures = 0;
    for (qsizetype i = 0; i < cmds.size(); i += chunk) {
        const QList<QByteArray> part = cmds.mid(i, chunk);
        auto r = d->commands(op, path, part, false);
        if (!r)
            return r.error();
        QSet<QByteArray> wanted(part.cbegin(), part.cend());
        for (const Reply &rep : *r) {
            if (rep.code < 400 || !wanted.contains(rep.command))
                continue;
            ++failures;
            if (!first) {
                Impl::Op o;
                o.name = op;
                o.path = path;
                first = d->makeError(o, CURLE_QUOTE_ERROR, &rep);
            }
        }
    }
    if (!first)
        return {};
    Error e = *first;
    if (e.kind == Error::Kind::NotFound)
        e.kind = Error::Kind::Ftp; // something vanished or was refused mid-way
    e.message += QStringLiteral(" — %1 of %2 removals failed").arg(failures).arg(cmds.size());
    return e;
}

Status FtpClient::rename(const QString &fromIn, const QString &toIn)
{
    const QString from = absolutePath(fromIn);
    const QString to = absolutePath(toIn);
    if (Status s = checkName(QStringLiteral("rename"), from); !s)
        return s;
    if (Status s = checkName(QStringLiteral("rename"), to); !s)
        return s;
    auto r = d->commands(QStringLiteral("rename"), from, {cmd("RNFR", from), cmd("RNTO", to)});
    if (r)
        return {};
    Error e = r.error();
    const Reply *bad = Impl::firstFailure(d->transcript, {cmd("RNFR", from), cmd("RNTO", to)});
    if (bad && bad->command.startsWith("RNTO")) {
        e.message += QStringLiteral(" — renaming to `%1`").arg(to);
        auto up = statImpl(parentOf(to));
        if (!up && up.error().kind == Error::Kind::NotFound) {
            e.kind = Error::Kind::NotFound;
            e.message += QStringLiteral(": the folder `%1` does not exist").arg(parentOf(to));
        } else if (e.kind == Error::Kind::NotFound) {
            e.kind = Error::Kind::Ftp;
        }
        return e;
    }
    return refineNotFound(e, from, QStringLiteral("not allowed?"));
}

Result<FtpEntry> FtpClient::stat(const QString &path)
{
    return statImpl(absolutePath(path));
}

Result<bool> FtpClient::exists(const QString &path)
{
    auto s = stat(path);
    if (s)
        return true;
    if (s.error().kind == Error::Kind::NotFound)
        return false;
    return s.error();
}

Result<FtpEntry> FtpClient::statImpl(const QString &path)
{
    if (Status s = checkName(QStringLiteral("stat"), path); !s)
        return s.error();
    FtpEntry e;
    e.name = path == QLatin1String("/") ? path : baseNameOf(path);
    if (path == QLatin1String("/")) {
        e.type = FtpEntry::Type::Directory;
        return e;
    }
    auto mlsd = supportsMlsd();
    if (!mlsd)
        return mlsd.error();
    if (*mlsd) {
        auto r = d->commands(QStringLiteral("stat"), path, {cmd("MLST", path)});
        if (!r)
            return r.error(); // a 550 is NotFound
        const Reply *rep = Impl::replyTo(*r, cmd("MLST", path));
        if (rep)
            for (const QByteArray &l : rep->lines) {
                if (!l.startsWith(' '))
                    continue;
                QByteArray line = l.mid(1);
                // MLST of a directory may call it cdir/pdir (itself).
                const QByteArray lower = line.toLower();
                for (const char *self : {"type=cdir;", "type=pdir;"}) {
                    const qsizetype at = lower.indexOf(self);
                    if (at >= 0)
                        line.replace(at, qsizetype(strlen(self)), "type=dir;");
                }
                QString why;
                if (auto parsed = FtpListParser::parseMlsdLine(line, &why)) {
                    const QString name = e.name;
                    e = *parsed;
                    e.name = name;
                    return e;
                }
                return Error(Error::Kind::Ftp, Tr::tr("FTP stat `%1` on %2: cannot read the MLST answer `%3`: %4")
                                                   .arg(path, m_config.displayUrl(), QString::fromUtf8(l), why));
            }
        return Error(Error::Kind::Ftp, Tr::tr("FTP stat `%1` on %2: the MLST answer has no facts line").arg(path, m_config.displayUrl()),
                     rep ? rep->text() : QString());
    }
    // No MLST: SIZE answers for files, MDTM gives the time, CWD tells directories.
    const QByteArray size = QByteArray("SIZE ") + path.toUtf8();
    const QByteArray mdtm = QByteArray("MDTM ") + path.toUtf8();
    const QByteArray cwd = QByteArray("CWD ") + path.toUtf8();
    auto r = d->commands(QStringLiteral("stat"), path, {size, mdtm, cwd}, false);
    if (!r)
        return r.error();
    const Reply *sizeRep = Impl::replyTo(*r, size);
    const Reply *mdtmRep = Impl::replyTo(*r, mdtm);
    const Reply *cwdRep = Impl::replyTo(*r, cwd);
    if (mdtmRep && mdtmRep->code == 213)
        e.modified = FtpListParser::parseTimeVal(mdtmRep->lastLine().mid(4).toUtf8());
    if (sizeRep && sizeRep->code == 213) {
        e.type = FtpEntry::Type::File;
        e.size = sizeRep->lastLine().mid(4).trimmed().toLongLong();
        return e;
    }
    if (cwdRep && cwdRep->code / 100 == 2) {
        e.type = FtpEntry::Type::Directory;
        return e;
    }
    const Reply *why = sizeRep ? sizeRep : cwdRep;
    const int code = why ? why->code : 0;
    Error err(code == 530 ? Error::Kind::Auth : Error::Kind::NotFound,
              QStringLiteral("FTP stat: `%1` not found on %2: %3").arg(path, m_config.displayUrl(), why ? why->lastLine() : QString()),
              d->transcriptTail());
    err.replyCode = code;
    return err;
}

Error FtpClient::refineNotFound(Error e, const QString &path, const QString &hint)
{
    // vsftpd answers 550 for "no such file" and for "not allowed / wrong type" alike:
    // a NotFound stands only when the path really is missing.
    if (e.kind != Error::Kind::NotFound)
        return e;
    auto st = statImpl(path);
    if (st) {
        e.kind = Error::Kind::Ftp;
        e.message.replace(QStringLiteral(" not found on "), QStringLiteral(" refused on "));
        e.message += QStringLiteral(" — `%1` exists (%2)").arg(path, hint);
    }
    return e;
}

Result<QString> FtpClient::safeLocalPath(const QString &targetDir, const QString &remoteName)
{
    auto refuse = [&](const QString &why) {
        QString shown = remoteName;
        shown.replace(QChar(0), QStringLiteral("\\0"));
        return Error(Error::Kind::Io, Tr::tr("refusing the remote name `%1` as a local file in %2: %3").arg(shown, targetDir, why));
    };
    if (remoteName.isEmpty())
        return refuse(QStringLiteral("it is empty"));
    if (remoteName.contains(QChar(0)))
        return refuse(QStringLiteral("it contains a NUL byte"));
    if (remoteName.startsWith(QLatin1Char('/')) || remoteName.startsWith(QLatin1Char('\\'))
        || (remoteName.size() >= 2 && remoteName[1] == QLatin1Char(':') && remoteName[0].isLetter()))
        return refuse(QStringLiteral("it is an absolute path"));
    for (const QString &seg : remoteName.split(QRegularExpression(QStringLiteral("[/\\\\]"))))
        if (seg == QLatin1String(".."))
            return refuse(QStringLiteral("it climbs out with `..`"));
    const QString base = QDir::cleanPath(QDir(targetDir).absolutePath());
    const QString candidate = QDir::cleanPath(base + QLatin1Char('/') + remoteName);
    const QString prefix = base.endsWith(QLatin1Char('/')) ? base : base + QLatin1Char('/');
    if (candidate == base || !candidate.startsWith(prefix))
        return refuse(QStringLiteral("it does not name a file inside the folder"));
    return candidate;
}

} // namespace fixbench
