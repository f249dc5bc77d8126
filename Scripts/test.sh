#!/usr/bin/env bash
# Sets up, builds, and runs the whole test suite: unit tests, end-to-end tests (the built
# binary, and the prompt driven in tmux), the transcript tests of Tests/Transcripts (each run
# twice, which must print the same: the second time with every journal in memory on
# PostgreSQL), the strict format lint, and a one-minute fuzzing run.
#
# The PostgreSQL journal's tests run against a throwaway server this script starts
# (Scripts/postgres.sh) and stops at the end; they are skipped, with a warning here and in the
# tests' output, only when PostgreSQL cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/setup.sh
. ./Scripts/postgres.sh
if ! start_test_postgres; then
  echo "" >&2
  echo "!!! WARNING: PostgreSQL could not be installed or started:" >&2
  echo "!!! the PostgreSQL journal's tests are SKIPPED in this run." >&2
  echo "" >&2
fi
swift build --build-tests
swift test --skip-build
if [ -n "${COBRO_TEST_PG_RESTART_COMMAND:-}" ]; then
  # Alone, since it restarts the server under the other tests' feet.
  COBRO_TEST_PG_RESTART="$COBRO_TEST_PG_RESTART_COMMAND" swift test --skip-build \
    --filter aServerRestartedBetweenCommandsIsReconnectedTo
fi
bin="$(swift build --show-bin-path)/cobro"
shopt -s globstar nullglob
transcripts=(Tests/Transcripts/**/*.cobro)
if [ ${#transcripts[@]} -gt 0 ]; then
  first=$("$bin" test "${transcripts[@]}")
  echo "$first"
  # The second run keeps each journal in memory in a scratch schema on the server instead.
  second=$(COBRO_TEST_POSTGRES="${COBRO_TEST_PG_URL:-}" "$bin" test "${transcripts[@]}")
  if [ "$first" != "$second" ]; then
    echo "transcripts: a second run (journals on PostgreSQL) printed something else" >&2
    diff <(echo "$first") <(echo "$second") >&2 || true
    exit 1
  fi
fi
swift format lint --strict --recursive Sources Tests Fuzz/Driver Package.swift
echo "format lint: clean"
./Scripts/fuzz.sh 60
