#pragma once

#include "etlerror.h"

#include <QByteArray>
#include <QString>

namespace fixbench::etl {

// Where and how to reach the FTP server.
struct FtpConfig {
    QString host = QStringLiteral("127.0.0.1");
    int port = 21;
    QString user = QStringLiteral("anonymous");
    QString password;
    int connectTimeoutMs = 5000;
    int timeoutMs = 20000; // no reply, or no transfer progress, for this long: Timeout

    QString displayUrl() const; // ftp://user@host:port/ (never the password)
};

// The little FTP the ETL needs, on libcurl: does a file exist, read it back, upload a
// new one atomically. Passive mode (EPSV, then PASV; the address of the 227 reply is
// ignored: servers in containers announce addresses the client cannot reach). One
// control connection, reused across calls; a call after a failure logs in again.
// Not thread-safe.
//
// Paths are absolute from the server's root (the user's home in a chroot) and sent
// as UTF-8. Errors: Auth (530: wrong credentials), Connection (refused,
// unresolvable, reset), Timeout, NotFound (no such file), Ftp (any other reply) —
// with the FTP reply code in replyCode (0 when the server never answered), the
// operation, the path and the server's reply in the message.
class FtpUploader {
public:
    explicit FtpUploader(FtpConfig config);
    ~FtpUploader();
    FtpUploader(const FtpUploader &) = delete;
    FtpUploader &operator=(const FtpUploader &) = delete;

    const FtpConfig &config() const { return m_config; }

    // Whether a file is at `path` (SIZE; a missing folder means no file).
    Result<bool> exists(const QString &path);
    // The bytes of the file at `path`.
    Result<QByteArray> get(const QString &path);
    // Stores `data` at `path` so that no reader ever sees a partial file: uploaded to
    // a hidden temporary name in the same folder, then renamed into place (RNFR/RNTO
    // right after the transfer). Missing folders are created. Never replaces a file:
    // when `path` already exists it fails (Ftp) without touching it. A failed upload
    // removes its temporary file when the server still answers; one killed between
    // the transfer and the rename leaves it, so an upload first removes the stale
    // temporaries of the same file (see removeStaleTemporaries).
    Status upload(const QByteArray &data, const QString &path);
    // Names in a folder, hidden ones included ("." and ".." omitted): the folder is
    // entered (CWD) and listed bare (NLST -a), so its name is never read as a glob.
    Result<QStringList> names(const QString &dir);
    // Removes this uploader's own leftovers for `path`: `.NAME.part-<16 hex digits>`
    // in its folder (what upload() names its temporary files), nothing else. Returns
    // the names removed; a folder that does not exist has none.
    Result<QStringList> removeStaleTemporaries(const QString &path);
    // The temporary-name pattern of `path`'s uploads (a name longer than 180 bytes
    // gets `.part-<hex>` alone, which names no file: those are never removed).
    static bool isTemporaryOf(const QString &candidate, const QString &fileName);

private:
    struct Transfer;
    Status perform(const QString &op, const QString &path, Transfer &t);
    Error makeError(const QString &op, const QString &path, int curlCode) const;
    QByteArray urlFor(const QString &absPath) const;
    void removeQuietly(const QString &absPath);
    static size_t onReplyLine(char *data, size_t size, size_t nitems, void *self);

    FtpConfig m_config;
    void *m_curl = nullptr;        // CURL*
    QByteArray m_lastReply;        // the last final reply line of the running call
    bool m_transferStarted = false; // the server said 1xx (about to transfer) in this call
    QByteArray m_errorBuffer;
};

} // namespace fixbench::etl
