#!/usr/bin/env bash
# A second Docker engine that is not this machine's socket, for fixbench's remote-engine
# tests: a dockerd in its own network namespace (own data root, exec root, pid file and
# bridge), reachable from the host over a veth pair at 10.231.N.2 by
#   - TCP with TLS (client certificates, port 2376),
#   - ssh (an sshd in the same namespace, root login with a generated key; in its own
#     mount namespace /var/run/docker.sock is the second engine's socket, so
#     `ssh://root@10.231.N.2` means that engine as it would on a real remote host).
# Debian packages only (docker.io, openssh-server, openssl, iproute2, iptables).
#
#   remote-engine.sh start DIR [N]   set up in DIR (idempotent), prints shell variables:
#                                    REMOTE_IP, REMOTE_NETNS, REMOTE_TCP, REMOTE_SSH, REMOTE_CERTS,
#                                    REMOTE_SOCKET, REMOTE_SSH_COMMAND
#   remote-engine.sh stop DIR        stops both daemons, removes the namespace and veth
#   remote-engine.sh load DIR IMAGE  copies a local image into the second engine
set -euo pipefail

cmd="${1:?usage: remote-engine.sh start|stop|load DIR [N|IMAGE]}"
DIR="$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)"
N="${3:-77}"
[ -f "$DIR/n" ] && N="$(cat "$DIR/n")"
NS="fbremote$N"
HVETH="fbrh$N"
NVETH="fbrn$N"
HOST_IP="10.231.$N.1"
IP="10.231.$N.2"
SUBNET="10.231.$N.0/24"
SOCK="$DIR/docker.sock"

log() { printf 'remote-engine: %s\n' "$*" >&2; }

remote_ok() {
  curl -fsS --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1
}

certs() {
  local c="$DIR/certs"
  [ -f "$c/key.pem" ] && return 0
  mkdir -p "$c"
  (
    cd "$c"
    openssl genrsa -out ca-key.pem 2048 2>/dev/null
    openssl req -new -x509 -days 30 -key ca-key.pem -subj "/CN=fixbench test CA" -out ca.pem 2>/dev/null
    openssl genrsa -out server-key.pem 2048 2>/dev/null
    openssl req -new -key server-key.pem -subj "/CN=$IP" -out server.csr 2>/dev/null
    printf 'subjectAltName = IP:%s\nextendedKeyUsage = serverAuth\n' "$IP" > server.ext
    openssl x509 -req -days 30 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
      -extfile server.ext -out server-cert.pem 2>/dev/null
    openssl genrsa -out key.pem 2048 2>/dev/null
    openssl req -new -key key.pem -subj "/CN=client" -out client.csr 2>/dev/null
    printf 'extendedKeyUsage = clientAuth\n' > client.ext
    openssl x509 -req -days 30 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
      -extfile client.ext -out cert.pem 2>/dev/null
    chmod 0600 key.pem server-key.pem ca-key.pem
  )
}

network() {
  # (No `cmd | grep -q`: under pipefail, grep's early exit fails the pipe when the
  # caller ignores SIGPIPE, as test programs do.)
  [ -e "/run/netns/$NS" ] || ip netns add "$NS"
  if ! ip link show "$HVETH" >/dev/null 2>&1; then
    ip link add "$HVETH" type veth peer name "$NVETH"
    ip link set "$NVETH" netns "$NS"
  fi
  case "$(ip addr show "$HVETH")" in *"inet $HOST_IP/"*) ;; *) ip addr add "$HOST_IP/24" dev "$HVETH" ;; esac
  ip link set "$HVETH" up
  ip netns exec "$NS" ip link set lo up
  case "$(ip netns exec "$NS" ip addr show "$NVETH")" in *"inet $IP/"*) ;; *) ip netns exec "$NS" ip addr add "$IP/24" dev "$NVETH" ;; esac
  ip netns exec "$NS" ip link set "$NVETH" up
  [ -n "$(ip netns exec "$NS" ip route show default)" ] || ip netns exec "$NS" ip route add default via "$HOST_IP"
  # The second engine's image builds reach Debian's archive through this host.
  sysctl -qw net.ipv4.ip_forward=1
  iptables -t nat -C POSTROUTING -s "$SUBNET" ! -o "$HVETH" -j MASQUERADE 2>/dev/null ||
    iptables -t nat -A POSTROUTING -s "$SUBNET" ! -o "$HVETH" -j MASQUERADE
  for d in -i -o; do
    iptables -C FORWARD "$d" "$HVETH" -j ACCEPT 2>/dev/null || iptables -I FORWARD 1 "$d" "$HVETH" -j ACCEPT
  done
}

engine() {
  remote_ok && return 0
  mkdir -p "$DIR/data" "$DIR/exec"
  if [ -f "$DIR/docker.pid" ] && ! kill -0 "$(cat "$DIR/docker.pid")" 2>/dev/null; then rm -f "$DIR/docker.pid"; fi
  local c="$DIR/certs"
  # nsenter, not `ip netns exec`: that remounts /sys, hiding the cgroup mounts dockerd needs.
  nsenter --net="/run/netns/$NS" setsid dockerd \
    --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/docker.pid" \
    -H "unix://$SOCK" -H "tcp://$IP:2376" \
    --tlsverify --tlscacert "$c/ca.pem" --tlscert "$c/server-cert.pem" --tlskey "$c/server-key.pem" \
    >"$DIR/dockerd.log" 2>&1 < /dev/null &
  local pid=$!
  for _ in $(seq 1 300); do remote_ok && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  remote_ok || { tail -20 "$DIR/dockerd.log" >&2; log "second dockerd did not answer"; exit 1; }
}

sshd_up() {
  if [ -f "$DIR/sshd.pid" ] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; then return 0; fi
  mkdir -p "$DIR/ssh"
  [ -f "$DIR/ssh/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/ssh/host_key"
  [ -f "$DIR/ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/ssh/id_ed25519"
  cp "$DIR/ssh/id_ed25519.pub" "$DIR/ssh/authorized_keys"
  chmod 0600 "$DIR/ssh/authorized_keys"
  cat > "$DIR/ssh/sshd_config" <<CONF
Port 22
ListenAddress $IP
HostKey $DIR/ssh/host_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
Subsystem sftp internal-sftp
CONF
  mkdir -p /run/sshd
  # Own mount namespace: there, /run/docker.sock is the second engine's socket.
  nsenter --net="/run/netns/$NS" unshare --mount --propagation private sh -c \
    "mount --bind '$SOCK' /run/docker.sock && exec /usr/sbin/sshd -f '$DIR/ssh/sshd_config' -E '$DIR/sshd.log'"
  for _ in $(seq 1 50); do [ -f "$DIR/sshd.pid" ] && break; sleep 0.1; done
  # The client side's config (this key, this host trusted), as a user's ~/.ssh would
  # have it: FIXBENCH_SSH_COMMAND="ssh -F $DIR/home/.ssh/config".
  mkdir -p "$DIR/home/.ssh"
  chmod 0700 "$DIR/home/.ssh"
  printf '%s ' "$IP" > "$DIR/home/.ssh/known_hosts"
  cut -d' ' -f1,2 "$DIR/ssh/host_key.pub" >> "$DIR/home/.ssh/known_hosts"
  cat > "$DIR/home/.ssh/config" <<CONF
Host $IP
  User root
  IdentityFile $DIR/ssh/id_ed25519
  UserKnownHostsFile $DIR/home/.ssh/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
CONF
}

case "$cmd" in
  start)
    echo "$N" > "$DIR/n"
    certs
    network
    engine
    sshd_up
    cat <<VARS
REMOTE_IP=$IP
REMOTE_NETNS=$NS
REMOTE_TCP=tcp://$IP:2376
REMOTE_SSH=ssh://root@$IP
REMOTE_CERTS=$DIR/certs
REMOTE_SOCKET=$SOCK
REMOTE_SSH_COMMAND="ssh -F $DIR/home/.ssh/config"
VARS
    ;;
  load)
    image="${3:?IMAGE}"
    docker save "$image" | curl -fsS --unix-socket "$SOCK" -X POST -H 'Content-Type: application/x-tar' \
      --data-binary @- http://localhost/images/load >/dev/null
    ;;
  stop)
    if [ -f "$DIR/sshd.pid" ]; then kill "$(cat "$DIR/sshd.pid")" 2>/dev/null || true; rm -f "$DIR/sshd.pid"; fi
    if [ -f "$DIR/docker.pid" ]; then
      pid="$(cat "$DIR/docker.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    ip link del "$HVETH" 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
    iptables -t nat -D POSTROUTING -s "$SUBNET" ! -o "$HVETH" -j MASQUERADE 2>/dev/null || true
    for d in -i -o; do iptables -D FORWARD "$d" "$HVETH" -j ACCEPT 2>/dev/null || true; done
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
