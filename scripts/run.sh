#!/usr/bin/env bash
# The main job on a fresh machine: set-up, build, then the fixbench workbench window on
# the bundled example workspace (this repository: the weather ETL, its test binaries and
# their fixtures ftp_server and weather_api). Press F5 to run the tests: the fixtures
# they need come up first.
#
# Without a display (CI, ssh), or with --headless, the CLI does the job in the
# terminal instead: brings ftp_server up (kept, so it outlives this script) and prints
# its status and environment. Other arguments go to fixbench-gui (e.g. --lang fr).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# fixbench.yml lists the test binaries under build/: build there.
BUILD_DIR="${FIXBENCH_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Only what the main job needs: the CLI, the workbench, and the ETL with the test
# binaries fixbench.yml lists (scripts/test.sh builds the rest).
cmake --build "$BUILD_DIR" -j 2 --target fixbench fixbench-gui weather-etl \
  etl_integration_tests etl_e2e_tests etl_test_window etl_test_csv etl_test_weatherparser \
  etl_test_spool etl_test_config

headless=0
args=()
for a in "$@"; do
  if [[ "$a" == "--headless" ]]; then headless=1; else args+=("$a"); fi
done
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "${QT_QPA_PLATFORM:-}" != "offscreen" ]]; then
  headless=1
fi

if [[ "$headless" == 0 ]]; then
  exec "$BUILD_DIR/app/gui/fixbench-gui" -w . ${args[@]+"${args[@]}"}
fi

FIXBENCH="$BUILD_DIR/app/cli/fixbench"
"$FIXBENCH" up ftp_server --keep
"$FIXBENCH" status
echo
echo "# eval \"\$($FIXBENCH env ftp_server --show-secrets)\" exports these:"
"$FIXBENCH" env ftp_server
echo
echo "# take it down with: $FIXBENCH down ftp_server"
echo "# the workbench window: scripts/run.sh on a desktop (or xvfb-run -a scripts/run.sh)"
