"""Loads the same portfolio from .xlsx in cobro and in Polars (`read_excel`, calamine engine from
fastexcel), and from CSV in cobro, side by side: `xlsx.py --bench COBRO_BENCH --runs N CSV…`.

Each CSV gets a workbook beside it (`make_xlsx.py`, written once). cobro's answers from the
workbook must equal its answers from the CSV (counts, ids and cents) before any time is
reported. Prints a Markdown section, and appends it to the file given with --out.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

POLARS = """
import json, resource, sys, time
import polars as pl
t = time.perf_counter()
df = pl.read_excel(sys.argv[1], engine="calamine")
ms = (time.perf_counter() - t) * 1000
print(json.dumps({"load": ms, "rows": df.height,
                  "memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_json(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr.strip()[:500]}")
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    report = ["", "## Excel workbooks", "",
              "The same portfolio as an .xlsx (written by XlsxWriter: money as numbers with "
              "`#,##0.00`, dates as date serials, ids and phones as text), loaded by cobro and by "
              "Polars' `read_excel` (calamine engine, fastexcel), and by cobro from the CSV. "
              "Medians of interleaved runs (min-max); load in ms, peak memory in MiB. cobro's "
              "answers from the workbook equal its answers from the CSV."]
    for csv in args.files:
        xlsx = os.path.splitext(csv)[0] + ".xlsx"
        if not os.path.exists(xlsx) or os.path.getmtime(xlsx) < os.path.getmtime(csv):
            subprocess.run([sys.executable, os.path.join(HERE, "make_xlsx.py"), csv, xlsx], check=True)
        t = {k: [] for k in ["cobro_xlsx", "polars_xlsx", "cobro_csv"]}
        m = {k: [] for k in t}
        for rep in range(args.runs):
            order = ["cobro_xlsx", "polars_xlsx", "cobro_csv"]
            for engine in order[rep % 3:] + order[:rep % 3]:
                if engine == "polars_xlsx":
                    r = run_json([sys.executable, "-c", POLARS, xlsx])
                    t[engine].append(r["load"])
                    m[engine].append(r["memory_mib"])
                    continue
                r = run_json([args.bench, "tasks", xlsx if engine == "cobro_xlsx" else csv])
                t[engine].append(r["times"]["load"])
                m[engine].append(r["memory_mib"])
                if engine == "cobro_xlsx":
                    from_xlsx = r["answers"]
                else:
                    from_csv = r["answers"]
        if from_xlsx != from_csv:
            raise RuntimeError(f"{xlsx}: cobro's answers differ from those of {csv}")

        def cell(v):
            return f"{statistics.median(v):.0f} ({min(v):.0f}–{max(v):.0f})"

        med = {k: statistics.median(v) for k, v in t.items()}
        mem = {k: statistics.median(v) for k, v in m.items()}
        rows = sum(1 for _ in open(csv, "rb")) - 1
        report += ["", f"### {os.path.basename(xlsx)}: {rows:,} accounts, "
                   f"{os.path.getsize(xlsx) / 1e6:.0f} MB", "",
                   "| | cobro (.xlsx) | Polars read_excel (.xlsx) | cobro (.csv) | "
                   "cobro .xlsx / Polars | cobro .xlsx / cobro .csv |",
                   "|---|---|---|---|---|---|",
                   f"| load (ms) | {cell(t['cobro_xlsx'])} | {cell(t['polars_xlsx'])} | "
                   f"{cell(t['cobro_csv'])} | {med['cobro_xlsx'] / med['polars_xlsx']:.2f} | "
                   f"{med['cobro_xlsx'] / med['cobro_csv']:.2f} |",
                   f"| peak memory (MiB) | {cell(m['cobro_xlsx'])} | {cell(m['polars_xlsx'])} | "
                   f"{cell(m['cobro_csv'])} | {mem['cobro_xlsx'] / mem['polars_xlsx']:.2f} | "
                   f"{mem['cobro_xlsx'] / mem['cobro_csv']:.2f} |"]
        print("\n".join(report), flush=True)
    if args.out:
        with open(args.out, "a") as f:
            f.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
