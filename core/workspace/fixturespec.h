#pragma once

#include "base/error.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fixbench {

// One host port (or a contiguous range) that fixbench allocates before `up`.
//   ports:
//     FTP_PORT: auto            -> one free port, exported as FTP_PORT
//     FTP_PASV: {range: 4}      -> 4 contiguous free ports: FTP_PASV (= first),
//                                  FTP_PASV_MIN, FTP_PASV_MAX
//     ADMIN_PORT: 8080          -> fixed; an error when taken
struct PortSpec {
    QString name;
    int count = 1;      // > 1 for a range
    bool range = false; // declared as {range: N}; exports _MIN/_MAX
    int fixed = 0;      // 0 = auto
    SourceLocation where;
};

// A variable exported to tests and hooks. `value` is a template: ${VAR} and
// ${VAR:-default} expand against allocated ports, other variables, fixbench
// builtins (FIXBENCH_*) and the process environment; $$ is a literal $.
//   environment:
//     FTP_PORT: ${FTP_PORT}
//     FTP_PASS: {value: secret, secret: true}
struct EnvVarSpec {
    QString name;
    QString value;
    bool secret = false;
    SourceLocation where;
};

//   readiness:
//     timeout: 30s            (ms, s or m suffix; a bare number means seconds)
//     probes:
//       - tcp: {port: FTP_PORT, host: 127.0.0.1, expect: "^220"}
//       - log: {service: ftp, pattern: "listening on"}
//       - healthy: {service: db}       (service optional: all services with a healthcheck)
//       - ftp: {}                      (login + list with FTP_* variables; FTP issue)
//       - http: {port: HTTP_PORT, path: /health, status: 200, body: "^ok", scheme: http}
//                                      (GET; status default: any 2xx; body: optional regex)
struct ProbeSpec {
    enum class Type { Tcp, Log, Healthy, Ftp, Http };
    Type type = Type::Tcp;
    QString service;  // log/healthy: compose service name; empty = any/all
    QString port;     // tcp/http: a port variable name or a literal number (host port)
    QString host;     // tcp/http: host to connect to (template); default ${FIXBENCH_HOST}
    QString pattern;  // log: regex (QRegularExpression syntax) matched per line
    QString expect;   // tcp: optional regex the first bytes the server sends must match
    QString path = QStringLiteral("/"); // http: request path (and query), starts with '/'
    int status = 0;   // http: the status that counts as ready; 0 = any 2xx
    QString body;     // http: optional regex the response body must match (anywhere)
    QString scheme = QStringLiteral("http"); // http: `http` or `https` (certificate not checked)
    SourceLocation where;

    QString describe() const; // "tcp FTP_PORT", "log ftp /pattern/", "http HTTP_PORT/health", ...
};

//   hooks:
//     started: hooks/started.sh
//     setup_data: {run: hooks/reset.sh, args: [--all], timeout: 30s}
//     teardown_data: {builtin: ftp-clean}        (a built-in action, see builtins())
struct HookSpec {
    QString event;      // started | setup_data | teardown_data | stopping
    QString command;    // path relative to the fixture folder, or a program on PATH
    QStringList args;
    int timeoutMs = 60000;
    SourceLocation where;
    // A built-in action run inside fixbench instead of a command (command is empty):
    //   ftp-clean   empties the fixture's FTP server (FTP_HOST/FTP_PORT/FTP_USER/
    //               FTP_PASS), keeping the folders named in args (default "/")
    QString builtin;

    static const QStringList &builtins(); // ftp-clean
};

// fixtures/<name>/fixture.yml, parsed and validated. Every problem is an error
// naming file:line:col and the key, and what was expected; unknown keys are errors.
struct FixtureSpec {
    QString name;        // folder name
    QString dir;         // absolute path of the fixture folder
    QString specFile;    // absolute path of fixture.yml
    QString composeFile; // absolute path; default compose.yaml, compose.yml,
                         // docker-compose.yml, docker-compose.yaml beside fixture.yml
    QString description;
    QList<PortSpec> ports;
    QList<EnvVarSpec> environment;
    QList<ProbeSpec> probes;
    int readinessTimeoutMs = 60000;
    QList<HookSpec> hooks;
    bool keepUp = false;
    int stopTimeoutSec = 10; // `stop_timeout:` in seconds, used by down
    // `linger:` how long the stack stays up after its last lease ended (then it goes
    // down unless kept): back-to-back test processes share one bring-up. 0 = at once.
    static constexpr qint64 kDefaultLingerMs = 5000;
    qint64 lingerMs = kDefaultLingerMs;

    const HookSpec *hook(const QString &event) const;
    static const QStringList &hookEvents(); // started, setup_data, teardown_data, stopping

    // Reads <dir>/fixture.yml.
    static Result<FixtureSpec> load(const QString &fixtureDir);
    // Parses text as if read from `fileName` in `fixtureDir` (tests use this).
    static Result<FixtureSpec> parse(const QByteArray &yaml, const QString &fileName, const QString &fixtureDir);
};

} // namespace fixbench
