#!/usr/bin/env bash
# Benchmarks cobro against DuckDB, Polars, pandas and sqlite3 on the same portfolios:
#   ./Scripts/bench.sh [CSV…]
# With no file, generates seeded portfolios of 100,000, 1,000,000 and 5,000,000 accounts (with
# payments) under bench-data/. Installs the peers with pip when missing. Writes BENCHMARKS.md:
# the five questions, the .xlsx load, then every command class (Scripts/bench/commands.py).
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/setup.sh
command -v sqlite3 >/dev/null || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -qq sqlite3; }
python3 -c 'import duckdb, polars, pandas' 2>/dev/null || python3 -m pip install -q duckdb polars pandas
python3 -c 'import fastexcel, xlsxwriter' 2>/dev/null || python3 -m pip install -q fastexcel xlsxwriter
swift build -c release --product cobro >&2
swift build -c release --product cobro-bench >&2
bin="$(swift build -c release --show-bin-path)"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mkdir -p bench-data
  for n in 100000 1000000 5000000; do
    f="bench-data/portfolio-$n.csv"
    if [ ! -s "$f" ]; then
      "$bin/cobro" generate --accounts "$n" --seed 42 --asof 2026-11-30 \
        --payments "bench-data/payments-$n.csv" > "$f"
    fi
    files+=("$f")
  done
fi
runs="${BENCH_RUNS:-3}"
python3 Scripts/bench/bench.py --cobro "$bin/cobro" --bench "$bin/cobro-bench" --runs "$runs" \
  --out BENCHMARKS.md "${files[@]}"
# The .xlsx load beside Polars' read_excel (calamine), on the 1,000,000-account portfolio (or on
# the files given): the workbooks are written once, beside the CSV files.
xlsx_files=("${files[@]}")
[ $# -eq 0 ] && xlsx_files=("bench-data/portfolio-1000000.csv")
python3 Scripts/bench/xlsx.py --bench "$bin/cobro-bench" --runs "$runs" --out BENCHMARKS.md \
  "${xlsx_files[@]}"
# Every command class, beside DuckDB and Polars where they do the same work, at 1,000,000
# accounts; BENCH_SIZES=1000000,10000000 adds 10,000,000 (about 2.4 GB of portfolio and 4 GB of
# payments under bench-data/, and a long run).
sizes="${BENCH_SIZES:-1000000}"
for n in ${sizes//,/ }; do
  f="bench-data/portfolio-$n.csv"
  if [ ! -s "$f" ]; then
    mkdir -p bench-data
    "$bin/cobro" generate --accounts "$n" --seed 42 --asof 2026-11-30 \
      --payments "bench-data/payments-$n.csv" > "$f"
  fi
done
python3 Scripts/bench/commands.py --cobro "$bin/cobro" --bench "$bin/cobro-bench" --runs "$runs" \
  --sizes "$sizes" --out BENCHMARKS.md
# Metrics over time: three monthly cut-offs of 1,000,000 accounts (history, roll, collected,
# kpi) beside DuckDB's join of the same files, answers compared.
python3 Scripts/bench/history.py --cobro "$bin/cobro" --accounts 1000000 --cutoffs 3 --runs "$runs"
