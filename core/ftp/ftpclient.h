#pragma once

#include "base/environment.h"
#include "base/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QIODevice>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace fixbench {

// One entry of a remote directory listing.
struct FtpEntry {
    enum class Type { File, Directory, Link, Other };
    QString name;         // exactly as on the server (spaces, unicode, leading '-', "->")
    Type type = Type::File;
    qint64 size = -1;     // -1 unknown
    QDateTime modified;   // UTC; invalid when unknown
    QString permissions;  // "rwxr-xr-x" (LIST) or MLSD perm facts ("adfrw"); "" unknown
    QString linkTarget;   // for links, when the listing says
    QString owner;
    QString group;
};

} // namespace fixbench

// Its members are (implicitly shared) values: a QList of entries grows by moving bytes,
// not by constructing each entry anew (a listing of 10,000 grows a dozen times).
Q_DECLARE_TYPEINFO(fixbench::FtpEntry, Q_RELOCATABLE_TYPE);

namespace fixbench {

// A parsed listing: the entries, and one diagnostic per server line that could not
// be used (skipped, never fatal). FtpListParser produces it; FtpClient::listing too.
struct FtpListing {
    QList<FtpEntry> entries;
    QStringList diagnostics;
    // The server's final reply when it cut the listing short, e.g. Pure-FTPd's
    // "226 Output truncated to 10000 matches" (entries then holds only part of the
    // folder); empty when the listing is complete.
    QString truncatedReply;
    bool truncated() const { return !truncatedReply.isEmpty(); }
};

// Where and how to connect.
struct FtpConfig {
    QString host;
    int port = 21;
    QString user = QStringLiteral("anonymous");
    QString password;
    bool ftps = false;           // explicit FTPS (AUTH TLS) required
    bool verifyTls = true;
    int connectTimeoutMs = 5000;
    int timeoutMs = 60000;       // an operation with no progress for this long fails (Timeout)

    // ftp://user:pass@host:port/ (ftps:// = explicit TLS). Path part ignored.
    static Result<FtpConfig> fromUrl(const QString &url);
    // FTP_HOST, FTP_PORT, FTP_USER, FTP_PASS (+ FTP_FTPS=1) of a fixture's environment.
    static Result<FtpConfig> fromEnvironment(const Environment &env);
    // The same from this process's environment.
    static Result<FtpConfig> fromProcessEnvironment();
    QString displayUrl() const; // without the password
};

// Progress of a transfer: bytes done, total (-1 unknown).
using FtpProgress = std::function<void(qint64 done, qint64 total)>;

struct FtpPutOptions {
    bool atomic = false;     // upload to a temporary name in the same folder, then rename:
                             // readers never see a partial file
    bool createDirs = false; // create missing parent folders
    bool overwrite = true;   // false: fail (Error::Kind::Ftp, "exists") when the target exists
};

// An FTP client on libcurl. Passive mode (EPSV, then PASV); works with servers in
// containers behind published ports. One FtpClient owns one curl handle and reuses its
// control connection across calls (a browsing session logs in once). Not thread-safe:
// use one FtpClient per thread (QtConcurrent workers each make their own), or lease
// clients from an FtpClientPool (ftpclientpool.h), which keeps their logins warm.
// FIXBENCH_FTP_TRACE=1 prints the control connection (passwords masked) on stderr.
//
// Paths are sent as absolute paths (see absolutePath()) and libcurl never changes
// the server's working directory (CURLFTPMETHOD_NOCWD), so a directory another
// client removes or recreates never leaves this session in a stale place.
// Names are sent as UTF-8 bytes.
//
// Errors: Error::Kind::Auth (wrong credentials, 530), NotFound (550 / no such path),
// Connection (refused, unresolvable), Timeout, Cancelled, Ftp (any other reply) — each
// with replyCode, the operation and the path in the message.
class FtpClient {
public:
    explicit FtpClient(FtpConfig config);
    ~FtpClient();
    FtpClient(const FtpClient &) = delete;
    FtpClient &operator=(const FtpClient &) = delete;

    const FtpConfig &config() const { return m_config; }

    // Logs in (if not already connected) and checks the connection: the `ftp` probe.
    Status connect();
    // Whether the server's FEAT advertises MLST/MLSD (asked once per client).
    Result<bool> supportsMlsd();

    // Entries of a directory ("." and ".." omitted). MLSD when supported, else LIST.
    // The folder is entered (CWD) and listed without a path argument: servers that
    // read LIST arguments as glob patterns (Pure-FTPd) never see the name.
    // A listing the server truncated is an error (Kind::Ftp, with its reply code).
    Result<QList<FtpEntry>> list(const QString &dir);
    // The same with the parser's diagnostics (lines of the server's answer it skipped)
    // and, for a truncated listing, the part the server sent with truncatedReply set.
    Result<FtpListing> listing(const QString &dir);

    Result<QByteArray> get(const QString &path, const FtpProgress &progress = {},
                           const std::atomic_bool *cancel = nullptr);
    Status get(const QString &path, const QString &localFile, const FtpProgress &progress = {},
               const std::atomic_bool *cancel = nullptr);
    Status put(const QByteArray &data, const QString &path, const FtpPutOptions &options = {},
               const FtpProgress &progress = {}, const std::atomic_bool *cancel = nullptr);
    Status putFile(const QString &localFile, const QString &path, const FtpPutOptions &options = {},
                   const FtpProgress &progress = {}, const std::atomic_bool *cancel = nullptr);
    // Streams: `out` must be open for writing, `in` open for reading (size -1: unknown,
    // read to its end). A failed or cancelled get leaves what was written so far in
    // `out`; the file overload above never leaves a partial local file.
    Status get(const QString &path, QIODevice &out, const FtpProgress &progress = {},
               const std::atomic_bool *cancel = nullptr);
    Status put(QIODevice &in, qint64 size, const QString &path, const FtpPutOptions &options = {},
               const FtpProgress &progress = {}, const std::atomic_bool *cancel = nullptr);

    Status remove(const QString &path);
    Status mkdir(const QString &path, bool parents = false);
    Status rmdir(const QString &path, bool recursive = false);
    Status rename(const QString &from, const QString &to);
    Result<FtpEntry> stat(const QString &path); // size and mtime (SIZE/MDTM or MLST)
    Result<bool> exists(const QString &path);
    // Empties a directory tree, keeping the directory itself. A folder whose listing
    // the server truncates is emptied in rounds; clean succeeds only when a complete
    // listing shows the folder empty.
    Status clean(const QString &dir);

    // A local path for a remote name inside targetDir; rejects names that would escape
    // it ("..", absolute names, NUL bytes, empty).
    static Result<QString> safeLocalPath(const QString &targetDir, const QString &remoteName);

    // The absolute remote path a call uses for `path`: relative paths are taken from
    // the login directory (the server's PWD after login, "/" in the fixtures'
    // chroots); "." and ".." are resolved; no trailing '/'.
    QString absolutePath(const QString &path);
    // Control connections this client opened so far (1 for a session that never lost
    // its connection; each reconnect adds one). Data connections are not counted.
    int connectionCount() const;
    // Closes the control connection (the next call logs in again).
    void disconnect();

private:
    Result<FtpListing> listingWith(const QString &absDir, bool mlsd);
    Result<FtpEntry> statImpl(const QString &absPath);
    // A NotFound (550) stands only when absPath is really missing; else it becomes Ftp.
    Error refineNotFound(Error e, const QString &absPath, const QString &hint);
    Status collectRemovals(const QString &dir, QList<QByteArray> &cmds, int depth, QString *truncatedReply);
    // collectRemovals + runBatch, in rounds while a listing on the way was truncated.
    // Returns the last batch's status; a listing that failed, or truncated listings
    // that stopped shrinking, end it early in *stop.
    Status removeTree(const QString &op, const QString &dir, bool andDir, std::optional<Error> *stop);
    Error truncationError(const QString &op, const QString &dir, const QString &reply) const;
    Status runBatch(const QString &op, const QString &path, const QList<QByteArray> &cmds);

    struct Impl;
    std::unique_ptr<Impl> d;
    FtpConfig m_config;
};

} // namespace fixbench
