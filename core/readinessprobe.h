#pragma once

#include "engineclient.h"
#include "environment.h"
#include "error.h"
#include "fixturespec.h"

#include <QString>

#include <atomic>
#include <functional>

namespace fixbench {

// Waits until every readiness probe of a fixture passes, polling (every 100 ms):
//   tcp      connect to a host port; a peer that closes at once (docker-proxy with no
//            server behind it) is not ready; with `expect`, the first bytes must match
//   log      a line of the service's output matches the regex
//   healthy  the service's container healthcheck reports healthy
//   ftp      login and list succeed with FTP_HOST/FTP_PORT/FTP_USER/FTP_PASS
//   http     GET scheme://host:port/path answers the expected status (default any 2xx)
//            and, with `body`, a body matching the regex (redirects not followed)
// It fails fast when a container exits with a non-zero code or a healthcheck reports
// unhealthy, and on timeout names the probes still pending, with the last log lines.
class ReadinessProbe {
public:
    using Progress = std::function<void(const QString &line)>;

    struct Context {
        QString project;   // compose project whose containers are checked
        Environment env;   // the fixture's resolved environment
        QString host;      // default host for tcp probes (the engine's host)
    };

    static Status waitReady(const FixtureSpec &spec, const Context &ctx, EngineClient &engine, int timeoutMs,
                            const Progress &progress = {}, const std::atomic_bool *cancel = nullptr);

    // One TCP check. Returns true when ready; otherwise false and *reason says why.
    static bool checkTcp(const QString &host, int port, const QString &expect, QString *reason, int timeoutMs = 1000);
    // One FTP login + LIST. Returns true when it worked; otherwise *reason has curl's answer.
    static bool checkFtp(const QString &host, int port, const QString &user, const QString &pass, QString *reason,
                         int timeoutMs = 3000);

    // One HTTP GET of `url` (no proxy, no redirects, TLS certificates not checked).
    // Returns true when the status is `status` (0: any 2xx) and, when bodyPattern is
    // not empty, the body matches it; otherwise false and *reason says what it got
    // (the status and the start of the body, connection refused, no answer, ...).
    static bool checkHttp(const QString &url, int status, const QString &bodyPattern, QString *reason,
                          int timeoutMs = 3000);

    // The last `lines` lines of every container of the project, "service | line".
    static QString lastLogLines(EngineClient &engine, const QString &project, int lines);
};

} // namespace fixbench
