#pragma once

#include "engine/engineclient.h"
#include "engine/logdemuxer.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace fixbench {

// One log line of one container of a fixture.
struct LogEntry {
    QString service;        // compose service
    QString container;      // container id (12 characters)
    LogLine::Stream stream = LogLine::Stream::Stdout;
    QDateTime timestamp;    // from the engine (always requested)
    QByteArray text;        // as the container wrote it, ANSI sequences included
};

// Follows the logs of every container of a compose project (a fixture instance), for an
// event loop. One worker per container runs EngineClient::streamLogs; a supervisor
// worker lists the project's containers about twice a second and
//  - attaches to containers as they appear (the fixture may still be down: the streamer
//    waits for it),
//  - re-attaches when a container restarts (same id running again: `since` its last
//    line, lines already seen are dropped) or is recreated (new id: from its start).
// Lines reach the owner thread in batches — linesArrived() at most every
// batchIntervalMs, or sooner when batchLines are waiting — never one signal per line.
// When the receiver cannot keep up, at most maxPendingLines wait; older ones are
// dropped and counted (linesDropped()).
class LogStreamer : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString service;            // only this service; "" = all
        int tail = 1000;            // lines of history of containers already running at start(); -1 = all
        int batchIntervalMs = 50;
        int batchLines = 1000;
        int pollIntervalMs = 500;   // how often the supervisor looks for new/restarted containers
        int maxPendingLines = 200000;
    };

    explicit LogStreamer(QObject *parent = nullptr);
    explicit LogStreamer(EngineEndpoint endpoint, QObject *parent = nullptr);
    ~LogStreamer() override; // stops and waits for the workers (they notice within 100 ms)

    // Starts following `project` (FixtureStatus::project). Stops what was followed before;
    // nothing of the previous project is delivered afterwards.
    void start(const QString &project, const Options &options);
    void start(const QString &project) { start(project, Options()); }
    void stop();
    bool isActive() const { return bool(m_session); }
    QString project() const;

    // Delivers what is waiting now (also done by the batch timer).
    void flush();

Q_SIGNALS:
    void linesArrived(const QList<fixbench::LogEntry> &lines);
    // A stream to a container began; reattached: it had been followed before (restart).
    void attached(const QString &service, const QString &container, bool reattached);
    // A stream ended (the container stopped or vanished).
    void detached(const QString &service, const QString &container);
    void linesDropped(qint64 count);
    // The engine could not be asked (message says what to do); "" when it answers again.
    void errorChanged(const QString &message);

private:
    struct Session;
    struct ContainerState;
    static void supervise(std::shared_ptr<Session> session);
    static void follow(std::shared_ptr<Session> session, std::shared_ptr<ContainerState> container, bool history);

    EngineEndpoint m_endpoint;
    QThreadPool m_pool;
    QTimer m_timer;
    std::shared_ptr<Session> m_session;
};

} // namespace fixbench
