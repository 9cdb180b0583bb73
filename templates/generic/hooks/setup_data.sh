#!/bin/sh
# Runs before each test run (`fixbench run`, `fixbench hook {{name}} setup_data`)
# with the fixture's environment: reset and seed your service's data here.
# REPLACE or delete it (and its line in fixture.yml).
set -eu
echo "{{name}} setup_data: $APP_HOST:$APP_PORT"
