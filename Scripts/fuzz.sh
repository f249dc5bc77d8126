#!/usr/bin/env bash
# Builds the libFuzzer executable (with AddressSanitizer) and runs each fuzz target for its share
# of SECONDS (default 60): the portfolio loader, the payments loader, the lexer and parser,
# scripts on a small portfolio, column maps, worksheets' XML inside a valid workbook, and whole
# .xlsx files. A crash, a sanitizer report or an input slower than 5 s fails the
# run; the input is saved under Fuzz/Regressions/TARGET/, which the unit tests replay.
#
# libFuzzer's timeout is wall-clock time, which a busy machine stretches: an input it reports as
# slow is run again alone and fails only if it also takes more than 5 s of CPU time.
#
#   Scripts/fuzz.sh [SECONDS] [TARGET…]
#
# New corpus entries go to .build-fuzz/corpus/TARGET/ (kept between runs); the seeds are
# Fuzz/Seeds/TARGET/. To replay one input: COBRO_FUZZ_TARGET=TARGET .build-fuzz/debug/cobro-fuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(loader payments query script columnmap sheet xlsx); fi
scratch=.build-fuzz
# `--sanitize=fuzzer` makes SwiftPM link without a `main` of its own; AddressSanitizer is added
# by hand, in one combined `-sanitize=` for swiftc, which keeps only the last of several (SwiftPM
# would pass one flag a sanitizer, in an order that changes from run to run).
build=(
  swift build --product cobro-fuzz --scratch-path "$scratch" --sanitize=fuzzer
  -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address -Xcxx -fsanitize=address
)
export COBRO_FUZZ=1
mkdir -p "$scratch"
if ! "${build[@]}" >"$scratch/build.log" 2>&1; then
  grep -v 'ld.gold: warning: Cannot export local symbol' "$scratch/build.log" | tail -30 >&2
  echo "fuzz: the build failed (log in $scratch/build.log)" >&2
  exit 1
fi
bin="$("${build[@]}" --show-bin-path)/cobro-fuzz"
share=$((seconds / ${#targets[@]}))
[ "$share" -ge 1 ] || share=1
failed=()
for target in "${targets[@]}"; do
  corpus="$scratch/corpus/$target"
  found="Fuzz/Regressions/$target"
  log="$scratch/fuzz-$target.log"
  mkdir -p "$corpus" "$found"
  # Leaks are not looked for: caches that live as long as the process are not leaks.
  before=$(ls "$found" | sort)
  # A worksheet's XML and a workbook take more room than a line of commands.
  case "$target" in
    sheet | xlsx) max_len=16384 ;;
    *) max_len=4096 ;;
  esac
  if COBRO_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 "$bin" "$corpus" "Fuzz/Seeds/$target" \
    -max_total_time="$share" -timeout=5 -rss_limit_mb=4096 -max_len="$max_len" \
    -artifact_prefix="$found/" -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
  fi
  for new in $(comm -13 <(echo "$before") <(ls "$found" | sort)); do
    case "$new" in
      timeout-* | slow-unit-*)
        cpu=$({
          TIMEFORMAT='%U %S'
          time COBRO_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 "$bin" -timeout=600 \
            "$found/$new" >/dev/null 2>&1
        } 2>&1 | awk '{ print $1 + $2 }')
        if awk -v t="$cpu" 'BEGIN { exit !(t < 5) }'; then
          echo "fuzz $target: $new took ${cpu}s of CPU time alone: the machine was busy, not cobro"
          rm "$found/$new"
          result=ok
        fi
        ;;
    esac
  done
  if [ "$result" = FAILED ]; then failed+=("$target"); fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
  echo "fuzz $target: $result, ${share}s, ${execs:-0} inputs, $coverage, corpus $(ls "$corpus" | wc -l)"
  if [ "$result" = FAILED ]; then
    grep -E 'ERROR|SUMMARY|Fatal error|Test unit written|Slowest unit|==[0-9]+==' "$log" | head -20 >&2
    echo "fuzz $target: full log in $log" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs saved under Fuzz/Regressions/)" >&2
  exit 1
fi
