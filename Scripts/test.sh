#!/usr/bin/env bash
# Sets up, builds, and runs the whole test suite: unit tests, end-to-end tests (the built
# binary, and the prompt driven in tmux), the transcript tests of Tests/Transcripts (each run
# twice, which must print the same), the strict format lint, and a one-minute fuzzing run.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/setup.sh
swift build --build-tests
swift test --skip-build
bin="$(swift build --show-bin-path)/cobro"
shopt -s globstar nullglob
transcripts=(Tests/Transcripts/**/*.cobro)
if [ ${#transcripts[@]} -gt 0 ]; then
  first=$("$bin" test "${transcripts[@]}")
  echo "$first"
  second=$("$bin" test "${transcripts[@]}")
  if [ "$first" != "$second" ]; then
    echo "transcripts: a second run printed something else" >&2
    diff <(echo "$first") <(echo "$second") >&2 || true
    exit 1
  fi
fi
swift format lint --strict --recursive Sources Tests Fuzz/Driver Package.swift
echo "format lint: clean"
./Scripts/fuzz.sh 60
