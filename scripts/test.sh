#!/usr/bin/env bash
# Runs every fixbench test on this machine: set-up (idempotent: packages, Docker
# engine, base image), configure, build with 2 jobs, then ctest. Extra arguments go
# to ctest (e.g. `scripts/test.sh -L unit`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR="${FIXBENCH_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j 2
export QT_QPA_PLATFORM=offscreen
cd "$BUILD_DIR"
ctest --output-on-failure --timeout 1200 "$@"
