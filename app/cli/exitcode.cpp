#include "exitcode.h"

#include "tr.h"

namespace fixbench {

int exitCodeFor(const Error &e)
{
    switch (e.kind) {
    case Error::Kind::Spec: return ExitSpec;
    case Error::Kind::Engine: return ExitEngine;
    case Error::Kind::Timeout: return ExitTimeout;
    case Error::Kind::Port: return ExitPort;
    case Error::Kind::NotFound: return ExitNotFound;
    case Error::Kind::Auth: return ExitAuth;
    case Error::Kind::Connection: return ExitConnection;
    case Error::Kind::Cancelled: return ExitInterrupted;
    default: return ExitFailed;
    }
}

QString exitCodesHelp()
{
    return Tr::tr("Exit codes:\n"
                  "  0    success\n"
                  "  1    the operation failed (compose, a hook, a probe, ...)\n"
                  "  2    bad command line\n"
                  "  3    invalid fixbench.yml or fixture.yml\n"
                  "  4    Docker engine not reachable\n"
                  "  5    a fixture did not get ready in time, or an FTP operation timed out\n"
                  "  6    a port is already in use or could not be allocated\n"
                  "  7    no such fixture, or the fixture is not up, or no such remote path (ftp)\n"
                  "  8    credentials refused (ftp: wrong user or password)\n"
                  "  9    connection refused, unreachable or reset (ftp)\n"
                  "  130  interrupted (Ctrl-C); what was started is taken down\n");
}

} // namespace fixbench
