#!/bin/bash
# Creates the cluster in $PGDATA on first start (superuser POSTGRES_USER with
# POSTGRES_PASSWORD, password login from any address, database POSTGRES_DB), then
# execs postgres in the foreground. Runs as the `postgres` user of the image.
#
# This is a database for tests: speed beats durability (no fsync). Put seed data
# in a setup_data hook (see fixture.yml), not in the image.
set -euo pipefail

die() { echo "fixbench {{name}}: $*" >&2; exit 2; }

: "${POSTGRES_USER:?POSTGRES_USER is not set}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}"
: "${POSTGRES_DB:?POSTGRES_DB is not set}"
: "${PGDATA:?PGDATA is not set}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "fixbench {{name}}: creating the cluster in $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
    mkdir -p "$PGDATA"
    chmod 0700 "$PGDATA"
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb --pgdata="$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust \
        --encoding=UTF8 --no-locale --nosync >/dev/null \
        || die "initdb failed"
    rm -f "$pwfile"
    # Password login over TCP from anywhere (the published port).
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    # The database, created in single-user mode: no server listens until it exists.
    if [ "$POSTGRES_DB" != postgres ]; then
        db=${POSTGRES_DB//\"/\"\"}
        echo "CREATE DATABASE \"$db\"" | postgres --single -D "$PGDATA" -F -c listen_addresses='' postgres >/dev/null \
            || die "cannot create database $POSTGRES_DB"
    fi
fi

echo "fixbench {{name}}: starting PostgreSQL $(postgres --version | awk '{print $3}') on 5432"
exec postgres -D "$PGDATA" \
    -c listen_addresses='*' -c port=5432 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off
