#pragma once

#include "base/error.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>

namespace fixbench {

// Where the Docker engine listens, resolved the way the docker CLI resolves it:
//   1. DOCKER_HOST (unix://, tcp:// — TLS per DOCKER_TLS_VERIFY / DOCKER_TLS and
//      DOCKER_CERT_PATH —, ssh://[user@]host[:port]),
//   2. DOCKER_CONTEXT (a context name; "default" = the local socket),
//   3. the current context of the docker CLI's config ($DOCKER_CONFIG or ~/.docker:
//      config.json "currentContext", contexts/meta/<sha256 of name>/meta.json and its
//      TLS files in contexts/tls/<sha256 of name>/docker/),
//   4. unix:///var/run/docker.sock.
// An endpoint that cannot be used (ssh without host, npipe://, a context that does not
// exist, a TLS file missing) keeps the reason in problem(); every request then fails
// with it, naming where the endpoint came from.
struct EngineEndpoint {
    enum class Kind { Unix, Tcp, Ssh, Invalid };

    Kind kind = Kind::Unix;
    QString unixSocket; // Unix; Ssh: the local end of the tunnel once it is open
    QString baseUrl;    // "http://localhost" (unix socket), "http(s)://host:port"
    // TLS (tcp): files, and whether the engine's certificate is verified against ca.
    bool tls = false;
    bool tlsVerify = false;
    QString certPath; // the folder holding ca.pem, cert.pem, key.pem
    // ssh
    QString sshUser;
    QString sshHost;
    int sshPort = 0; // 0: ssh's default (or its config)
    // Where it came from: "DOCKER_HOST", "DOCKER_CONTEXT", "docker context", "default".
    QString source;
    QString contextName; // the context's name, when one was used
    QString address;     // as configured: "tcp://10.0.0.2:2376", "ssh://root@h", ...
    QString problem;     // why it cannot be used; "" when it can
    // FIXBENCH_HOST of the environment, when set: overrides host().
    QString hostOverride;

    bool isLocal() const { return kind == Kind::Unix; }
    // The address tests use to reach published ports: FIXBENCH_HOST when set, else
    // the remote host (tcp, ssh), else 127.0.0.1.
    QString host() const;
    // "tcp://10.0.0.2:2376", "ssh://root@host", "unix:///var/run/docker.sock".
    QString toString() const;
    // One line for doctor and the GUI: "tcp://10.0.0.2:2376 (TLS, verified) from the
    // docker context \"remote\"".
    QString describe() const;

    // What the compose CLI needs in its environment to reach this same engine
    // (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH; DOCKER_CONTEXT removed:
    // the keys mapped to "" are to be removed). Ssh opens the tunnel (sshTunnel()).
    Result<QMap<QString, QString>> composeEnvironment() const;
    // Ssh: the local socket forwarded to the remote engine's socket, opened on first
    // use and shared by the process (SshTunnel). Other kinds: unixSocket.
    Result<QString> localSocket() const;

    static EngineEndpoint fromEnvironment();
    static EngineEndpoint fromEnvironment(const QProcessEnvironment &env);
    // DOCKER_HOST-style address alone ("tcp://h:2376"), TLS from the given settings.
    static EngineEndpoint fromAddress(const QString &address, const QString &source);
    // The docker CLI's config folder: $DOCKER_CONFIG, else ~/.docker.
    static QString dockerConfigDir(const QProcessEnvironment &env);
};

} // namespace fixbench
