#!/usr/bin/env bash
# Sets up, builds cobro in release mode and opens the shell (on the demo portfolio when given
# no file). Arguments pass through to cobro.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/setup.sh
swift build -c release --product cobro >&2
exec "$(swift build -c release --show-bin-path)/cobro" "$@"
