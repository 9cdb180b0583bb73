#include "publisher.h"

#include <QCoreApplication>

namespace fixbench::etl {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::etl::Publisher)
};
} // namespace

Publisher::Publisher(PublisherConfig config) : m_config(std::move(config))
{
    if (m_config.remoteDir.isEmpty())
        m_config.remoteDir = QStringLiteral("/");
}

QString Publisher::remotePath(const Window &w) const
{
    QString dir = m_config.remoteDir;
    if (!dir.endsWith(QLatin1Char('/')))
        dir += QLatin1Char('/');
    return dir + w.fileName();
}

QString Publisher::displayUrl() const
{
    QString dir = m_config.remoteDir;
    if (dir.startsWith(QLatin1Char('/')))
        dir.remove(0, 1);
    return m_config.ftp.displayUrl() + (m_config.ftp.displayUrl().endsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/")) + dir;
}

PublishOutcome Publisher::compareExisting(FtpUploader &ftp, const QString &path, const QByteArray &csv)
{
    PublishOutcome out;
    out.remotePath = path;
    Result<QByteArray> remote = ftp.get(path);
    if (!remote) {
        out.kind = PublishOutcome::Kind::Failed;
        out.error = remote.error();
        out.error.message = Tr::tr("%1 exists on the server but cannot be read back to compare: %2")
                                .arg(path, remote.error().message);
        return out;
    }
    out.remoteSize = remote->size();
    if (*remote == csv) {
        out.kind = PublishOutcome::Kind::AlreadyThere;
        return out;
    }
    out.kind = PublishOutcome::Kind::Conflict;
    out.error = Error(Error::Kind::Ftp,
                      Tr::tr("%1 already exists on %2 with different content (%3 bytes there, %4 bytes here); "
                             "published files are never overwritten")
                          .arg(path, m_config.ftp.displayUrl()).arg(remote->size()).arg(csv.size()));
    return out;
}

PublishOutcome Publisher::publish(const Window &w, const QByteArray &csv)
{
    const QString path = remotePath(w);
    FtpUploader ftp(m_config.ftp);
    auto failed = [&](const Error &e) {
        PublishOutcome out;
        out.kind = PublishOutcome::Kind::Failed;
        out.remotePath = path;
        out.error = e;
        return out;
    };

    // A name that is already taken is never written to.
    Result<bool> exists = ftp.exists(path);
    if (!exists)
        return failed(exists.error());
    if (*exists)
        return compareExisting(ftp, path, csv);

    Status put = ftp.upload(csv, path);
    if (put) {
        PublishOutcome out;
        out.kind = PublishOutcome::Kind::Published;
        out.remotePath = path;
        out.remoteSize = csv.size();
        return out;
    }
    // Someone else created it meanwhile, or our rename went through but its reply
    // was lost: look again on a fresh connection.
    FtpUploader again(m_config.ftp);
    Result<bool> nowExists = again.exists(path);
    if (nowExists && *nowExists)
        return compareExisting(again, path, csv);
    return failed(put.error());
}

} // namespace fixbench::etl
