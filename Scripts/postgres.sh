#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a new cluster in a temporary folder, on a free
# loopback port, removed when the shell that started it exits.
#
#   Scripts/postgres.sh COMMAND...   runs COMMAND with the server's variables set, then stops it
#   . Scripts/postgres.sh            (sourced) defines start_test_postgres, which test.sh calls
#
# Exports COBRO_TEST_PG_URL (postgresql://cobro@127.0.0.1:PORT/cobro_test), PGPASSWORD and
# COBRO_TEST_PG_RESTART_COMMAND (a command that restarts the server, for the reconnection test).
# Installs Debian's postgresql when pg_ctl is missing. PostgreSQL refuses to run as root, so
# as root the cluster belongs to a system user made for it (cobro-pg).

# Prints the newest pg_ctl, or nothing.
find_pg_ctl() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ]; then found=$(command -v pg_ctl 2>/dev/null || true); fi
  # A link (or Debian's wrapper) stands for the binaries beside the real one.
  if [ -n "$found" ]; then found=$(readlink -f "$found"); fi
  echo "$found"
}

# Starts the server; returns 1 (after saying why) when PostgreSQL cannot be had.
start_test_postgres() {
  local pg_ctl bin dir port owner run
  pg_ctl=$(find_pg_ctl)
  if [ -z "$pg_ctl" ]; then
    echo "postgres: installing postgresql" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    { $sudo apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql; } >&2 || true
    pg_ctl=$(find_pg_ctl)
  fi
  if [ -z "$pg_ctl" ]; then
    echo "postgres: PostgreSQL cannot be installed" >&2
    return 1
  fi
  bin=$(dirname "$pg_ctl")
  dir=$(mktemp -d "${TMPDIR:-/tmp}/cobro-pg.XXXXXX")
  run=()
  if [ "$(id -u)" -eq 0 ]; then
    owner=cobro-pg
    if ! id -u "$owner" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$owner" >&2
    fi
    chown "$owner" "$dir"
    chmod 700 "$dir"
    if command -v runuser >/dev/null 2>&1; then
      run=(runuser -u "$owner" --)
    else
      run=(su -s /bin/sh "$owner" -c '"$0" "$@"')
    fi
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  COBRO_TEST_PG_PASSWORD="cobro-test-$RANDOM$RANDOM"
  printf '%s\n' "$COBRO_TEST_PG_PASSWORD" >"$dir/pwfile"
  [ "${#run[@]}" -eq 0 ] || chown cobro-pg "$dir/pwfile"
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U cobro --pwfile="$dir/pwfile" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; return 1; }
  rm -f "$dir/pwfile"
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
  COBRO_TEST_PG_DIR=$dir
  STOP_TEST_POSTGRES="${run[*]} $bin/pg_ctl -D $dir/data -m immediate -w stop"
  trap stop_test_postgres EXIT
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -o "$options" -l "$dir/server.log" -w start >&2 ||
    { cat "$dir/server.log" >&2; return 1; }
  "${run[@]}" "$bin/createdb" -h "$dir" -p "$port" -U cobro cobro_test >&2
  export COBRO_TEST_PG_URL="postgresql://cobro@127.0.0.1:$port/cobro_test"
  export PGPASSWORD=$COBRO_TEST_PG_PASSWORD
  local restart="${run[*]} $bin/pg_ctl -D $dir/data -o '$options' -l $dir/server.log -w -m fast restart"
  # Not COBRO_TEST_PG_RESTART itself: a restart must not cut the other tests short, so
  # test.sh runs the test that restarts the server alone.
  export COBRO_TEST_PG_RESTART_COMMAND="$restart"
  echo "postgres: a throwaway server at $COBRO_TEST_PG_URL" >&2
}

# Stops the server and removes its folder.
stop_test_postgres() {
  if [ -n "${COBRO_TEST_PG_DIR:-}" ]; then
    eval "$STOP_TEST_POSTGRES" >/dev/null 2>&1 || true
    rm -rf "$COBRO_TEST_PG_DIR"
    COBRO_TEST_PG_DIR=""
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  start_test_postgres
  "$@"
fi
