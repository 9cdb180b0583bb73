#!/bin/sh
# Runs once when {{name}} is ready, in the fixture folder, with its environment
# (APP_HOST, APP_PORT, APP_TOKEN, FIXBENCH_FIXTURE, ...). REPLACE or delete it
# (and its line in fixture.yml). A non-zero exit fails `fixbench up`.
set -eu
echo "{{name}} started: $APP_HOST:$APP_PORT"
