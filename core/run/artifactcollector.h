#pragma once

#include "base/error.h"
#include "engine/engineclient.h"
#include "fixture/fixturemanager.h"
#include "run/binaryreport.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace fixbench {

// What is downloaded of a fixture's FTP server: the rest is listed, not fetched, and
// named in ftp/left-out.txt.
struct ArtifactLimits {
    qint64 ftpMaxBytes = 64LL * 1024 * 1024; // all files of one server together
    int ftpMaxFiles = 1000;
    int ftpMaxDepth = 8; // folders below the login folder
    // Downloads at once. 1: on ftp_server (4 passive ports) more connections are slower,
    // they contend for the passive ports (bench_artifacts: 1.08, 1.64, 1.77 × curl for 1, 2, 4).
    int ftpConnections = 1;
};

// What a collection wrote: the folder, the fixtures, how much, and every problem met
// (a container whose logs could not be read, an FTP server that refused the login...):
// warnings, never a reason to change the run's result.
struct ArtifactReport {
    QString dir;
    QStringList fixtures;
    int files = 0;
    qint64 bytes = 0;
    qint64 elapsedMs = 0;
    QList<Error> warnings;
};

// Collects what CI keeps of a failed run, laid out per fixture:
//   DIR/summary.txt                    the run's summary, what was collected, warnings
//   DIR/results.json, DIR/junit.xml    the run's reports
//   DIR/<fixture>/environment.env      NAME=value, secrets as ********
//   DIR/<fixture>/logs/<service>.log   each container's whole log (stdout and stderr)
//   DIR/<fixture>/inspect/<container>.json   the engine's inspect answer
//   DIR/<fixture>/ftp/listing.txt      for fixtures exporting FTP_HOST: every entry
//   DIR/<fixture>/ftp/files/...        the files, within ArtifactLimits
//   DIR/<fixture>/ftp/left-out.txt     what the limits left out (only when something was)
// Every value of a secret variable of the fixtures is masked (********) in all of it.
// Synchronous; it uses the caller's EngineClient.
class ArtifactCollector {
public:
    ArtifactCollector(EngineClient &engine, QString dir, ArtifactLimits limits = {});

    // Whether `dir` can take a collection: it does not exist or is an empty folder.
    // A run checks it before it starts (a collection never mixes with an older one).
    static Status checkTarget(const QString &dir);

    // Writes the layout above for the fixtures in `held` (their environments in
    // UpResult::environment) and the run's reports. Creates the folder. Once per collector.
    // `failure`: what failed when it was not a test (a fixture that did not come up), the
    // first line of summary.txt.
    ArtifactReport collect(const QList<UpResult> &held, const QList<BinaryReport> &reports, const RunSummary &summary,
                           const QString &workspaceName, const QString &failure = {});

    // The same for fixtures that are up now, by name (the workbench, after a failed run
    // that left them up): each found in `manager`'s workspace with its environment
    // recomputed from the engine; one that is not up any more is a warning.
    static ArtifactReport collectRunning(FixtureManager &manager, const QStringList &fixtures, const QString &instance, const QString &dir,
                                         const QList<BinaryReport> &reports, const RunSummary &summary);

private:
    void collectFixture(const UpResult &up, const QString &fixtureDir);
    void collectFtp(const QString &fixture, const Environment &env, const QString &ftpDir);
    bool writeFile(const QString &path, const QByteArray &data);
    void warn(const Error &e);
    QByteArray masked(const QString &text) const;
    QJsonValue maskedJson(const QJsonValue &value) const; // every string and key masked

    EngineClient &m_engine;
    QString m_dir;
    ArtifactLimits m_limits;
    QStringList m_secrets;
    ArtifactReport m_report;
};

} // namespace fixbench
