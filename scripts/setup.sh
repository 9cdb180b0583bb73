#!/usr/bin/env bash
# Prepare a fresh Debian bookworm machine for building and testing fixbench.
# Idempotent: every step checks before it acts, so running it twice is cheap.
#
#   1. Debian packages needed to build, test and run (compiler, Qt 6, yaml-cpp,
#      libcurl, GoogleTest, docker.io, docker-compose, debootstrap, xvfb, psql
#      for the postgres template's test, ...)
#   2. a Docker engine answering /_ping (starts dockerd when none answers)
#   3. the base image debian:bookworm-slim (debootstrap + docker import when it
#      is absent and cannot be pulled)
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n qt6-svg-dev qt6-image-formats-plugins
  libyaml-cpp-dev libcurl4-openssl-dev libgtest-dev libgmock-dev
  docker.io docker-compose debootstrap xvfb xauth
  curl procps iproute2 ca-certificates python3 postgresql-client
  openssh-server openssh-client openssl iptables   # a second engine over TLS and ssh (tests/remote)
  podman catatonit   # podman's Docker-compatible API as an engine (test_podman; catatonit: init: true)
  dpkg-dev file   # CPack DEB: dpkg-shlibdeps computes the .deb's dependencies
  gdb python3-dotenv   # `fixbench debug` tests (gdb -batch); dotenv export read back
)

# --- 1. packages ---------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  log "packages: all present"
fi

# --- 2. the Docker engine ------------------------------------------------------
engine_answers() {
  if [ -n "${DOCKER_HOST:-}" ]; then
    docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
  else
    curl -fsS --max-time 2 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1
  fi
}

if engine_answers; then
  log "engine: answering"
else
  DOCKERD_LOG="${FIXBENCH_DOCKERD_LOG:-/var/log/fixbench-dockerd.log}"
  log "engine: not answering, starting dockerd (log: $DOCKERD_LOG)"
  # A dockerd killed uncleanly leaves its pid file behind and refuses to start.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    $SUDO rm -f /var/run/docker.pid
  fi
  # containerd may be left over from an earlier dockerd; dockerd starts its own otherwise.
  $SUDO sh -c "nohup dockerd >>'$DOCKERD_LOG' 2>&1 </dev/null &"
  for _ in $(seq 1 120); do
    engine_answers && break
    sleep 0.5
  done
  if ! engine_answers; then
    log "engine: dockerd did not answer /_ping within 60 s; last lines of $DOCKERD_LOG:"
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
  log "engine: started"
fi

# --- 3. the base image ---------------------------------------------------------
BASE_IMAGE=debian:bookworm-slim
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "base image $BASE_IMAGE: present"
elif timeout 60 docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
  log "base image $BASE_IMAGE: pulled"
else
  # Use the mirror the machine's own apt sources name; never hard-code a host.
  mirror=""
  if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    mirror=$(awk '
      /^URIs:/ { uri=$2 }
      /^Suites:/ { for (i=2;i<=NF;i++) if ($i=="bookworm") ok=1 }
      /^$/ { if (ok && uri!="" && uri !~ /security/) { print uri; exit } ok=0; uri="" }
      END { if (ok && uri!="" && uri !~ /security/) print uri }
    ' /etc/apt/sources.list.d/*.sources | head -n1)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1=="deb" && $0 ~ / bookworm / && $0 !~ /security/ { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list | head -n1)
  fi
  if [ -z "$mirror" ]; then
    log "base image: cannot find a bookworm mirror in /etc/apt/sources.list{,.d}"
    exit 1
  fi
  log "base image $BASE_IMAGE: absent and not pullable; debootstrap from $mirror (~45 s)"
  root=$(mktemp -d /tmp/fixbench-rootfs.XXXXXX)
  trap '$SUDO rm -rf "$root"' EXIT
  $SUDO debootstrap --variant=minbase bookworm "$root" "$mirror" >/tmp/fixbench-debootstrap.log 2>&1 || {
    log "debootstrap failed; last lines of /tmp/fixbench-debootstrap.log:"
    tail -n 20 /tmp/fixbench-debootstrap.log >&2
    exit 1
  }
  # Keep the image small and apt usable inside docker build.
  $SUDO rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  $SUDO tar -C "$root" -c . | docker import \
    -c 'CMD ["bash"]' -c 'ENV DEBIAN_FRONTEND=noninteractive' - "$BASE_IMAGE" >/dev/null
  log "base image $BASE_IMAGE: imported"
fi
