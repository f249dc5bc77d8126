#!/usr/bin/env bash
# Installs what cobro needs to build and test, when it is missing; safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

# postgresql: the throwaway server the PostgreSQL journal's tests run against (Scripts/postgres.sh).
packages=(libedit-dev libssl-dev libsqlite3-dev pkg-config tmux postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift toolchain (6.2 or later) is needed: https://www.swift.org/install" >&2
  exit 1
fi
