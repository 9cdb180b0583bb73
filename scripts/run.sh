#!/usr/bin/env bash
# The main job on a fresh machine: set-up, build, bring the ftp_server fixture up
# (kept, so it outlives this script), print its status and environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR="${FIXBENCH_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j 2 --target fixbench
FIXBENCH="$BUILD_DIR/app/cli/fixbench"
"$FIXBENCH" up ftp_server --keep
"$FIXBENCH" status
echo
echo "# eval \"\$($FIXBENCH env ftp_server --show-secrets)\" exports these:"
"$FIXBENCH" env ftp_server
echo
echo "# take it down with: $FIXBENCH down ftp_server"
