#include "ftpuploader.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QStringList>
#include <QUrl>

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::FtpUploader)
};

// "/a/./b/../c/" → "/a/c"; always absolute, no trailing '/'.
QString normalize(const QString &path)
{
    QStringList out;
    for (const QString &seg : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (seg == QLatin1String("."))
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

QString parentOf(const QString &abs)
{
    const qsizetype slash = abs.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : abs.left(slash);
}

QString baseNameOf(const QString &abs) { return abs.mid(abs.lastIndexOf(QLatin1Char('/')) + 1); }

QString childOf(const QString &dir, const QString &name)
{
    return dir == QLatin1String("/") ? QString(QLatin1Char('/') + name) : QString(dir + QLatin1Char('/') + name);
}

// FTP cannot send these in a command.
bool sendable(const QString &path)
{
    return !path.contains(QLatin1Char('\r')) && !path.contains(QLatin1Char('\n')) && !path.contains(QChar(0));
}

long seconds(int ms) { return std::max(1L, long((ms + 999) / 1000)); }

bool isFinalReply(const QByteArray &l)
{
    return l.size() >= 3 && std::isdigit(uchar(l[0])) && std::isdigit(uchar(l[1])) && std::isdigit(uchar(l[2]))
        && (l.size() == 3 || l[3] == ' ');
}

} // namespace

QString FtpConfig::displayUrl() const
{
    const QString h = host.contains(QLatin1Char(':')) ? QString(QLatin1Char('[') + host + QLatin1Char(']')) : host;
    return QStringLiteral("ftp://%1@%2:%3/").arg(user, h).arg(port);
}

// What one curl_easy_perform does.
struct FtpUploader::Transfer {
    QString absPath;          // the file it is about
    bool nobody = true;       // no transfer (exists)
    bool noCwd = true;        // SIZE/RETR with the full path; false: CWD down (creating folders)
    bool singleCwd = false;   // one CWD to the folder, then the command bare (listings)
    QByteArray custom;        // the listing command (CUSTOMREQUEST)
    const QByteArray *upload = nullptr;
    qsizetype uploaded = 0;
    QByteArray *download = nullptr;
    QList<QByteArray> quote;      // before the transfer
    QList<QByteArray> postquote;  // right after a successful transfer
    int curlCode = 0;             // CURLcode of the call

    static size_t onRead(char *buf, size_t size, size_t nitems, void *userp)
    {
        auto *t = static_cast<Transfer *>(userp);
        const qsizetype n = std::min<qsizetype>(qsizetype(size * nitems), t->upload->size() - t->uploaded);
        std::memcpy(buf, t->upload->constData() + t->uploaded, size_t(n));
        t->uploaded += n;
        return size_t(n);
    }

    static size_t onWrite(char *ptr, size_t size, size_t nmemb, void *userp)
    {
        auto *t = static_cast<Transfer *>(userp);
        if (t->download)
            t->download->append(ptr, qsizetype(size * nmemb));
        return size * nmemb;
    }
};

// Every reply line of the server reaches the header callback: keep the last final one
// ("550 Failed to open file.") for the error message.
size_t FtpUploader::onReplyLine(char *data, size_t size, size_t nitems, void *self)
{
    auto *u = static_cast<FtpUploader *>(self);
    QByteArray line(data, qsizetype(size * nitems));
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (isFinalReply(line)) {
        u->m_lastReply = line;
        if (line.startsWith('1'))
            u->m_transferStarted = true;
    }
    return size * nitems;
}

namespace {
curl_slist *toList(const QList<QByteArray> &items)
{
    curl_slist *l = nullptr;
    for (const QByteArray &s : items)
        l = curl_slist_append(l, s.constData());
    return l;
}
} // namespace

FtpUploader::FtpUploader(FtpConfig config) : m_config(std::move(config)), m_errorBuffer(CURL_ERROR_SIZE, '\0')
{
    static const bool globalInit = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    (void)globalInit;
    CURL *curl = curl_easy_init();
    m_curl = curl;
    if (!curl)
        return;
    const bool anonymous = m_config.user == QLatin1String("anonymous") && m_config.password.isEmpty();
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, m_errorBuffer.data());
    curl_easy_setopt(curl, CURLOPT_USERNAME, m_config.user.toUtf8().constData());     // copied by libcurl
    curl_easy_setopt(curl, CURLOPT_PASSWORD, anonymous ? "weather-etl@" : m_config.password.toUtf8().constData());
    // Passive mode: EPSV first, PASV when refused, the data connection to the host we
    // already reach (not the address of the 227 reply).
    curl_easy_setopt(curl, CURLOPT_FTP_USE_EPSV, 1L);
    curl_easy_setopt(curl, CURLOPT_FTP_SKIP_PASV_IP, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::max(1, m_config.connectTimeoutMs)));
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, seconds(m_config.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, seconds(m_config.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &FtpUploader::onReplyLine);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Transfer::onWrite);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Transfer::onRead);
}

FtpUploader::~FtpUploader()
{
    if (!m_curl)
        return;
    // QUIT waits for its reply: a hung server must not hold us for long.
    curl_easy_setopt(static_cast<CURL *>(m_curl), CURLOPT_SERVER_RESPONSE_TIMEOUT, 2L);
    curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

QByteArray FtpUploader::urlFor(const QString &absPath) const
{
    // "%2F" makes the path absolute: from the server's root, not the login folder.
    const QString h = m_config.host.contains(QLatin1Char(':')) ? QString(QLatin1Char('[') + m_config.host + QLatin1Char(']'))
                                                               : m_config.host;
    QByteArray url = QStringLiteral("ftp://%1:%2/").arg(h).arg(m_config.port).toUtf8() + "%2F";
    QList<QByteArray> segments;
    for (const QString &s : absPath.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        segments << QUrl::toPercentEncoding(s);
    return url + segments.join('/') + (absPath.endsWith(QLatin1Char('/')) && !segments.isEmpty() ? "/" : "");
}

Status FtpUploader::perform(const QString &op, const QString &path, Transfer &t)
{
    CURL *curl = static_cast<CURL *>(m_curl);
    if (!curl)
        return Error(Error::Kind::Other, Tr::tr("FTP %1 `%2`: cannot initialise libcurl").arg(op, path));
    if (!sendable(t.absPath))
        return Error(Error::Kind::Ftp, Tr::tr("FTP %1: `%2` contains CR, LF or NUL, which FTP cannot send").arg(op, path));
    m_lastReply.clear();
    m_transferStarted = false;
    m_errorBuffer.fill('\0');
    const QByteArray url = urlFor(t.absPath);
    curl_slist *quote = toList(t.quote);
    curl_slist *postquote = toList(t.postquote);
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_NOBODY, t.nobody ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, t.upload ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(t.upload ? t.upload->size() : -1));
    curl_easy_setopt(curl, CURLOPT_READDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    // CWD into each folder (and MKD the missing ones) only where folders may have to
    // be created; elsewhere one command with the whole path.
    curl_easy_setopt(curl, CURLOPT_FTP_FILEMETHOD,
                     long(t.singleCwd ? CURLFTPMETHOD_SINGLECWD : t.noCwd ? CURLFTPMETHOD_NOCWD : CURLFTPMETHOD_MULTICWD));
    curl_easy_setopt(curl, CURLOPT_FTP_CREATE_MISSING_DIRS,
                     long(t.noCwd || t.singleCwd ? CURLFTP_CREATE_DIR_NONE : CURLFTP_CREATE_DIR_RETRY));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, t.custom.isEmpty() ? nullptr : t.custom.constData());
    curl_easy_setopt(curl, CURLOPT_QUOTE, quote);
    curl_easy_setopt(curl, CURLOPT_POSTQUOTE, postquote);
    const CURLcode rc = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_QUOTE, nullptr);
    curl_easy_setopt(curl, CURLOPT_POSTQUOTE, nullptr);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(curl, CURLOPT_READDATA, nullptr);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
    curl_slist_free_all(quote);
    curl_slist_free_all(postquote);
    t.curlCode = int(rc);
    if (rc != CURLE_OK)
        return makeError(op, path, int(rc));
    return {};
}

Error FtpUploader::makeError(const QString &op, const QString &path, int curlCode) const
{
    const CURLcode rc = CURLcode(curlCode);
    long responseCode = 0;
    curl_easy_getinfo(static_cast<CURL *>(m_curl), CURLINFO_RESPONSE_CODE, &responseCode);
    const QString curlText = QString::fromUtf8(m_errorBuffer.constData()[0] ? m_errorBuffer.constData() : curl_easy_strerror(rc));
    const QString reply = QString::fromUtf8(m_lastReply);
    const QString where = m_config.displayUrl();
    const QString said = reply.isEmpty() ? curlText : reply;

    Error e;
    e.details = Tr::tr("curl: %1 (code %2)").arg(curlText).arg(curlCode);
    e.replyCode = int(responseCode);
    switch (rc) {
    case CURLE_LOGIN_DENIED:
        e.kind = Error::Kind::Auth;
        e.message = Tr::tr("FTP login to %1 refused (%2); check FTP_USER and FTP_PASS").arg(where, said);
        return e;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_FTP_CANT_GET_HOST:
    case CURLE_FTP_WEIRD_PASV_REPLY:
    case CURLE_FTP_WEIRD_227_FORMAT:
        e.kind = Error::Kind::Connection;
        e.message = Tr::tr("FTP %1 `%2`: connection to %3 failed (%4); is the server up and FTP_HOST/FTP_PORT right?")
                        .arg(op, path, where, curlText);
        e.replyCode = reply.isEmpty() ? 0 : e.replyCode;
        return e;
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_FTP_ACCEPT_TIMEOUT:
        e.kind = Error::Kind::Timeout;
        e.message = Tr::tr("FTP %1 `%2` on %3 timed out after %4 ms without an answer or progress (%5)")
                        .arg(op, path, where).arg(m_config.timeoutMs).arg(curlText);
        e.replyCode = 0;
        return e;
    default:
        break;
    }
    // The server said no: the reply code decides.
    if (e.replyCode == 530) {
        e.kind = Error::Kind::Auth;
        e.message = Tr::tr("FTP %1 `%2` on %3 refused: %4; check FTP_USER and FTP_PASS").arg(op, path, where, said);
    } else if (e.replyCode == 421) {
        e.kind = Error::Kind::Connection;
        e.message = Tr::tr("FTP %1 `%2`: %3 closed the connection: %4").arg(op, path, where, said);
    } else if (rc == CURLE_REMOTE_FILE_NOT_FOUND) {
        e.kind = Error::Kind::NotFound;
        e.message = Tr::tr("FTP %1: `%2` not found on %3 (%4)").arg(op, path, where, said);
    } else {
        e.kind = Error::Kind::Ftp;
        e.message = Tr::tr("FTP %1 `%2` on %3 failed: %4").arg(op, path, where, said);
    }
    return e;
}

Result<bool> FtpUploader::exists(const QString &pathIn)
{
    Transfer t;
    t.absPath = normalize(pathIn);
    if (t.absPath == QLatin1String("/"))
        return true;
    const Status s = perform(Tr::tr("check"), t.absPath, t);
    if (s)
        return true;
    if (s.error().kind == Error::Kind::NotFound)
        return false;
    return s.error();
}

Result<QByteArray> FtpUploader::get(const QString &pathIn)
{
    QByteArray data;
    Transfer t;
    t.absPath = normalize(pathIn);
    t.nobody = false;
    t.download = &data;
    if (Status s = perform(Tr::tr("get"), t.absPath, t); !s)
        return s.error();
    return data;
}

Status FtpUploader::upload(const QByteArray &data, const QString &pathIn)
{
    const QString path = normalize(pathIn);
    if (path == QLatin1String("/"))
        return Error(Error::Kind::Ftp, Tr::tr("FTP upload: name a file, not `/`"));
    Result<bool> there = exists(path);
    if (!there)
        return there.error();
    if (*there)
        return Error(Error::Kind::Ftp, Tr::tr("FTP upload `%1` on %2: it already exists and is never replaced")
                                           .arg(path, m_config.displayUrl()));

    // What a run killed between the transfer and the rename left for this file.
    if (Result<QStringList> stale = removeStaleTemporaries(path); !stale)
        return stale.error();

    // A hidden name in the same folder (so the rename stays on one file system), unique
    // per upload.
    const QString tag = QStringLiteral(".part-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    const QString name = baseNameOf(path);
    const QString temporary = childOf(parentOf(path), name.toUtf8().size() > 180 ? tag : QString(QLatin1Char('.') + name + tag));

    Transfer t;
    t.absPath = temporary;
    t.nobody = false;
    t.noCwd = false; // CWD down the folders, creating the missing ones
    t.upload = &data;
    t.postquote = {QByteArray("RNFR ") + temporary.toUtf8(), QByteArray("RNTO ") + path.toUtf8()};
    const Status s = perform(Tr::tr("upload"), path, t);
    if (s)
        return s;
    Error e = s.error();
    if (e.kind == Error::Kind::NotFound)
        e.kind = Error::Kind::Ftp; // a folder that could not be created or entered
    if (t.curlCode == CURLE_QUOTE_ERROR)
        e.message += Tr::tr(" — the upload went to `%1` but renaming it into place failed").arg(temporary);
    // The server accepted the STOR: the temporary file may be there. Remove it when
    // the server still answers (never after a lost connection or a timeout: that would
    // only wait again).
    if (m_transferStarted && e.kind == Error::Kind::Ftp)
        removeQuietly(temporary);
    return e;
}

bool FtpUploader::isTemporaryOf(const QString &candidate, const QString &fileName)
{
    // `.NAME.part-` and 16 lower-case hex digits: upload()'s scheme, exactly.
    const QString prefix = QLatin1Char('.') + fileName + QStringLiteral(".part-");
    if (fileName.isEmpty() || fileName.toUtf8().size() > 180 || candidate.size() != prefix.size() + 16 || !candidate.startsWith(prefix))
        return false;
    for (qsizetype i = prefix.size(); i < candidate.size(); ++i) {
        const QChar c = candidate[i];
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

Result<QStringList> FtpUploader::names(const QString &dirIn)
{
    const QString dir = normalize(dirIn);
    QByteArray data;
    Transfer t;
    t.absPath = dir == QLatin1String("/") ? dir : dir + QLatin1Char('/');
    t.nobody = false;
    t.singleCwd = true;
    t.custom = "NLST -a"; // after the CWD, bare: dot files too (vsftpd hides them otherwise)
    t.download = &data;
    if (Status s = perform(Tr::tr("list"), dir, t); !s) {
        Error e = s.error();
        if (t.curlCode == CURLE_REMOTE_ACCESS_DENIED && e.replyCode == 550)
            e.kind = Error::Kind::NotFound; // the CWD was refused: no such folder
        return e;
    }
    QStringList out;
    for (QByteArray line : data.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        // Some servers answer NLST with paths: keep the last segment.
        const QString name = QString::fromUtf8(line.mid(line.lastIndexOf('/') + 1));
        if (!name.isEmpty() && name != QLatin1String(".") && name != QLatin1String(".."))
            out << name;
    }
    return out;
}

Result<QStringList> FtpUploader::removeStaleTemporaries(const QString &pathIn)
{
    const QString path = normalize(pathIn);
    const QString name = baseNameOf(path);
    Result<QStringList> there = names(parentOf(path));
    if (!there)
        return there.error().kind == Error::Kind::NotFound ? Result<QStringList>(QStringList()) : there.error();
    QStringList removed;
    for (const QString &n : *there) {
        if (!isTemporaryOf(n, name))
            continue;
        removeQuietly(childOf(parentOf(path), n));
        removed << n;
    }
    return removed;
}

void FtpUploader::removeQuietly(const QString &absPath)
{
    // A transfer-less call on "/" with "DELE" before it; '*': a refusal (no such file)
    // is no failure.
    Transfer t;
    t.absPath = QStringLiteral("/");
    t.quote = {QByteArray("*DELE ") + absPath.toUtf8()};
    (void)perform(Tr::tr("remove"), absPath, t);
}

} // namespace fixbench::etl
