#pragma once

#include "base/error.h"
#include "engine/containerstate.h"
#include "engine/engineendpoint.h"
#include "engine/logdemuxer.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QList>
#include <QMap>
#include <QString>

#include <atomic>
#include <functional>

namespace fixbench {

struct PublishedPort {
    int containerPort = 0;
    QString protocol; // tcp | udp
    QString hostIp;
    int hostPort = 0;
};

// One run of a container's healthcheck (inspect's State.Health.Log).
struct HealthCheckRun {
    int exitCode = 0;
    QString output;
};

struct ContainerInfo {
    QString id;
    QString name;     // without leading '/'
    QString image;
    QString service;  // com.docker.compose.service
    QString project;  // com.docker.compose.project
    QString state;    // created | running | paused | restarting | removing | exited | dead
    QString status;   // the engine's display text, "Up 3 seconds (healthy)": show it, never parse it
    ContainerHealth health = ContainerHealth::None; // inspect: State.Health; list: read from Status
    int exitCode = 0; // the last exit code (an exited or restarting container; list and inspect)
    QList<HealthCheckRun> healthLog; // inspect only: the last healthcheck runs, oldest first
    bool tty = false; // Config.Tty (inspect only)
    QDateTime startedAt; // inspect only
    QMap<QString, QString> labels;
    QList<PublishedPort> ports;
};

struct NetworkInfo {
    QString id;
    QString name;
    QMap<QString, QString> labels;
};

struct VolumeInfo {
    QString name;
    QString driver;
    QString mountpoint;
    QMap<QString, QString> labels;
};

struct EngineVersion {
    QString version;        // engine version, e.g. 20.10.24
    QString apiVersion;     // the engine's own (max) API version
    QString minApiVersion;
    QString os, arch;
    QString product;        // the first component's name: "Engine" (Docker), "Podman Engine"
};

struct LogOptions {
    bool follow = false;
    int tail = -1;          // -1 = all
    qint64 since = 0;       // unix seconds, 0 = from the start
    qint64 until = 0;       // unix seconds, 0 = up to now (the engine's `until`, API ≥ 1.35)
    bool timestamps = false;
    bool stdoutOn = true;
    bool stderrOn = true;
};

// The Docker Engine HTTP API over libcurl (unix socket or tcp). Synchronous; one
// instance per thread (it owns a curl easy handle, reused across calls so the
// connection is kept alive). The API version is negotiated on first use: the lower
// of the engine's ApiVersion (from GET /version) and maxApiVersion(), and every
// request is sent as /v{version}/... — engines from 20.10 (1.41) to current.
//
// It owns the whole engine protocol: nothing outside engine/ builds an engine URL or
// reads the engine's text back into a state. Every error from an engine answer carries
// the HTTP status in Error::replyCode and its kind (engineerror::kindForStatus: 404 →
// NotFound, 401/403 → Auth, else Engine; 409 means in use / not running); an engine it
// cannot reach is an Engine error with replyCode 0.
class EngineClient {
public:
    explicit EngineClient(EngineEndpoint endpoint = EngineEndpoint::fromEnvironment());
    ~EngineClient();
    EngineClient(const EngineClient &) = delete;
    EngineClient &operator=(const EngineClient &) = delete;

    const EngineEndpoint &endpoint() const { return m_endpoint; }
    static QString maxApiVersion(); // the newest API this client speaks ("1.45")
    static QString minApiVersion(); // the oldest ("1.41")

    // GET /_ping. An Engine error says the engine is not reachable at <endpoint>
    // and what to do (start dockerd / scripts/setup.sh, check DOCKER_HOST).
    Status ping();
    Result<EngineVersion> version();
    Result<QString> apiVersion(); // negotiated; negotiates if needed

    // labelFilters: "key" (label present) or "key=value". all = include stopped.
    Result<QList<ContainerInfo>> listContainers(const QStringList &labelFilters, bool all = true);
    Result<ContainerInfo> inspectContainer(const QString &idOrName);
    // The engine's whole inspect answer, as `docker inspect` prints it (for artifacts).
    Result<QJsonDocument> inspectContainerJson(const QString &idOrName);
    Status stopContainer(const QString &id, int timeoutSec);
    Status killContainer(const QString &id);
    Status removeContainer(const QString &id, bool force, bool removeVolumes);

    Result<QList<NetworkInfo>> listNetworks(const QStringList &labelFilters);
    Status removeNetwork(const QString &id);

    Result<bool> imageExists(const QString &name);

    // labelFilters as for listContainers; empty = every volume.
    Result<QList<VolumeInfo>> listVolumes(const QStringList &labelFilters);
    // Creates a named volume (local driver) with labels. A volume of that name that
    // exists already is returned as it is: its labels do not change.
    Result<VolumeInfo> createVolume(const QString &name, const QMap<QString, QString> &labels);
    // NotFound (404) when there is no such volume; replyCode 409 when a container uses it.
    Status removeVolume(const QString &name);

    // GET /containers/{id}/logs, demultiplexed per the container's Config.Tty (looked
    // up with inspect). Blocks until the stream ends (follow: until the container
    // stops or *cancel becomes true, checked at least every 100 ms). Lines go to
    // onLine as they arrive.
    Status streamLogs(const QString &id, const LogOptions &options,
                      const std::function<void(const LogLine &)> &onLine,
                      const std::atomic_bool *cancel = nullptr);
    // Non-follow convenience: all lines.
    Result<QList<LogLine>> logs(const QString &id, const LogOptions &options);

    // GET /events: the engine's event stream (filters as the API's, e.g. {"type":
    // ["container"]}), one JSON object per event to onEvent, as they happen. Blocks until
    // the engine ends the stream, the connection fails (an error), or *cancel becomes
    // true (checked at least every 100 ms; returns ok). onListening comes once, when the
    // engine has answered: from then on no event is missed.
    Status streamEvents(const QMap<QString, QStringList> &filters, const std::function<void(const QJsonObject &)> &onEvent,
                        const std::atomic_bool *cancel, const std::function<void()> &onListening = {});

    // Low level, for tests and diagnostics only (fixbench's own code uses the typed calls
    // above): method "GET"/"POST"/"DELETE", path without the version prefix
    // ("/containers/json?all=1"). A non-2xx answer is an Engine error whatever its status
    // (a raw path does not say what a 404 means), with the status in replyCode and the
    // engine's "message".
    Result<QJsonDocument> requestJson(const QByteArray &method, const QString &path,
                                      const QByteArray &body = {});

private:
    // A streamed GET (logs, events): the body's bytes to onData as they come; `what`
    // names it in errors ("the logs of container X").
    Status stream(const QString &what, const QString &path, const std::function<void(const char *, size_t)> &onData,
                  const std::atomic_bool *cancel, const std::function<void()> &onAnswered = {});
    // The unix socket requests go to ("" for tcp); an ssh endpoint's tunnel end.
    Result<QByteArray> socketPath();
    struct Response {
        long status = 0;
        QByteArray body;
        QByteArray apiVersion; // the engine's Api-Version header, when it sent one
    };
    Result<Response> request(const QByteArray &method, const QString &path, const QByteArray &body,
                             bool versioned);
    // Same with a total timeout in seconds (0 = none); the overload above uses 60 s.
    Result<Response> request(const QByteArray &method, const QString &path, const QByteArray &body,
                             bool versioned, long timeoutSec);
    // GET, 2xx → parsed JSON; otherwise engineError(what, ...) (404 → NotFound).
    Result<QJsonDocument> getJson(const QString &what, const QString &path);
    // engineerror::fromAnswer for this client's endpoint.
    Error engineError(const QString &what, const Response &r) const;
    // A 2xx answer's body as JSON; an Engine error (with its status) when it is not JSON.
    Result<QJsonDocument> parseJson(const QString &what, const Response &r) const;
    Error unreachable(const QString &curlMessage) const;
    void *m_curl = nullptr; // CURL*
    EngineEndpoint m_endpoint;
    QString m_api;
};

} // namespace fixbench
