#pragma once

#include "etlerror.h"
#include "ftpuploader.h"
#include "window.h"

#include <QByteArray>
#include <QString>

namespace fixbench::etl {

struct PublisherConfig {
    FtpConfig ftp;
    QString remoteDir = QStringLiteral("/"); // FTP_DIR: where the files go (created if missing)
};

// What became of one publication.
struct PublishOutcome {
    enum class Kind {
        Published,        // uploaded now
        AlreadyThere,     // the server already holds this very file (byte for byte):
                          // an earlier run uploaded it but did not live to record it
        Conflict,         // the server holds a different file under that name: not touched
        Failed,           // server unreachable, login refused, ...: try again later
    };
    Kind kind = Kind::Failed;
    QString remotePath;
    Error error;          // Failed: why; Conflict: what is on the server
    qint64 remoteSize = -1;

    bool done() const { return kind == Kind::Published || kind == Kind::AlreadyThere; }
};

// Uploads one window's CSV to the FTP server, atomically (temporary name, then
// rename) and never over an existing file (FtpUploader::upload). A new FtpUploader
// (a new login) per publication: a server that went away and came back is simply
// reached again.
class Publisher {
public:
    explicit Publisher(PublisherConfig config);

    const PublisherConfig &config() const { return m_config; }
    QString remotePath(const Window &w) const;
    QString displayUrl() const; // ftp://user@host:port/dir (no password)

    PublishOutcome publish(const Window &w, const QByteArray &csv);

private:
    // The file exists: the same bytes (AlreadyThere) or not (Conflict); Failed when
    // it cannot be read back.
    PublishOutcome compareExisting(FtpUploader &ftp, const QString &path, const QByteArray &csv);

    PublisherConfig m_config;
};

} // namespace fixbench::etl
