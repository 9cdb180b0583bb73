#pragma once

#include "base/error.h"

#include <QString>

namespace fixbench {

// An ssh:// engine is reached the way `docker -H ssh://…` reaches it, through the
// system's OpenSSH (its config, keys and known_hosts): `ssh -L LOCAL:REMOTE -N`
// forwards a local unix socket of this process to the remote engine's socket
// (/var/run/docker.sock, or $FIXBENCH_SSH_DOCKER_SOCKET). FIXBENCH_SSH_COMMAND
// replaces `ssh` (e.g. "ssh -F /ci/ssh_config": OpenSSH reads ~/.ssh of the account,
// not of $HOME). Both the engine client and
// the compose CLI then speak to LOCAL. One tunnel per target and process, opened on
// first use; it ends with the process, however the process ends (a watcher process
// holding a pipe to this one takes ssh down when the pipe closes).
class SshTunnel {
public:
    // The local socket forwarded to user@host:port's engine socket; opens the tunnel
    // (waits until the socket answers, at most 20 s) or says why ssh failed, with
    // ssh's own message.
    static Result<QString> open(const QString &user, const QString &host, int port);
    // Ends every tunnel of this process (also done at exit).
    static void closeAll();
};

} // namespace fixbench
