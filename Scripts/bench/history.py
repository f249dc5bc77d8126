"""Metrics over time at scale: `history`, `roll`, `roll trend`, `collected` and `kpi` on monthly
cut-offs of 1,000,000 accounts, timed as a user runs them, beside DuckDB doing the same join.

`python3 history.py --cobro BIN [--accounts 1000000] [--cutoffs 3] [--data DIR] [--runs N]`

The cut-offs and payments are made by `cobro generate --accounts N --cutoffs M --folder DIR`
(Colombian shape: ';', DD/MM/YYYY, '$ 1.234.567,89'). Each cobro command runs in its own process
after the same `history` and `load`; its time is the process's median wall and CPU time less
those of a process that only loads, and its memory the process's peak resident memory. DuckDB
reads the same files (as text, converted in SQL) and computes the roll matrix of the last two
cut-offs and the month's collections; the answers are compared to the cent before any time is
printed.
"""
import argparse
import csv
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from decimal import Decimal

DIALECT = "delimiter ; decimal , dates dmy"
LABELS = ["current", "1-30", "31-60", "61-90", "91-180", "181-360", "361+"]


def run_child(spec):
    """In a wrapper process: run the command, print its wall ms, CPU ms and peak RSS MiB."""
    cmd = json.loads(spec)
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = (time.perf_counter() - t) * 1000
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "wall": wall, "cpu": (u.ru_utime + u.ru_stime) * 1000, "mib": u.ru_maxrss / 1024.0,
        "status": p.returncode, "out": p.stdout.decode(), "err": p.stderr.decode()[-2000:],
    }))


def measure(cmd):
    p = subprocess.run([sys.executable, __file__, "--exec", json.dumps(cmd)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    r = json.loads(p.stdout)
    if r["status"] != 0:
        raise RuntimeError(f"{cmd}: exit {r['status']}: {r['err']}")
    return r


def cobro_runs(args, folder, last, command, runs):
    script = (f"set format csv; history {folder} {DIALECT}; "
              f"load {folder}/{last} payments {folder}/pagos.csv {DIALECT}")
    if command:
        script += "; " + command
    results = [measure([args.cobro, "-c", script]) for _ in range(runs)]
    return {
        "wall": statistics.median(r["wall"] for r in results),
        "cpu": statistics.median(r["cpu"] for r in results),
        "mib": max(r["mib"] for r in results),
        "out": results[0]["out"],
    }


def csv_results(text):
    out, cur = [], []
    for row in csv.reader(io.StringIO(text)):
        if not row:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(row)
    if cur:
        out.append(cur)
    return out


def cents(text):
    return int((Decimal(text) * 100).to_integral_value())


def duckdb_answers(folder, dates):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    t0 = time.perf_counter()
    for k, d in enumerate(dates):
        con.execute(f"""
          CREATE TABLE c{k} AS
          SELECT "Obligación" AS id,
                 CAST(replace(replace(replace("Saldo", '$ ', ''), '.', ''), ',', '.') AS DECIMAL(18,2)) AS balance,
                 DATE '{d}' - strptime("Fecha Vencimiento", '%d/%m/%Y')::DATE AS days,
                 lower("Estado") AS status
          FROM read_csv('{folder}/cartera_{d}.csv', delim=';', header=true, all_varchar=true)
        """)
    con.execute(f"""
      CREATE TABLE pagos AS
      SELECT "Obligación" AS id, strptime("Fecha", '%d/%m/%Y')::DATE AS date,
             CAST(replace(replace(replace("Valor", '$ ', ''), '.', ''), ',', '.') AS DECIMAL(18,2)) AS amount
      FROM read_csv('{folder}/pagos.csv', delim=';', header=true, all_varchar=true)
    """)
    load_ms = (time.perf_counter() - t0) * 1000
    bucket = """CASE WHEN balance <= 0 OR days <= 0 THEN 'current' WHEN days <= 30 THEN '1-30'
      WHEN days <= 60 THEN '31-60' WHEN days <= 90 THEN '61-90' WHEN days <= 180 THEN '91-180'
      WHEN days <= 360 THEN '181-360' ELSE '361+' END"""
    target = f"""CASE WHEN t.status = 'pagada' THEN 'paid' WHEN t.status = 'castigada'
      THEN 'written_off' ELSE {bucket.replace('balance', 't.balance').replace('days', 't.days')} END"""
    a, b = len(dates) - 2, len(dates) - 1
    t1 = time.perf_counter()
    roll = con.execute(f"""
      SELECT {bucket.replace('balance', 'f.balance').replace('days', 'f.days')} AS frm,
             CASE WHEN t.id IS NULL THEN 'left' ELSE {target} END AS too,
             count(*), sum(f.balance), coalesce(sum(t.balance), 0)
      FROM c{a} f LEFT JOIN c{b} t USING (id)
      WHERE f.status = 'activa'
      GROUP BY ALL
      UNION ALL
      SELECT 'new', {target}, count(*), 0, sum(t.balance)
      FROM c{b} t ANTI JOIN c{a} f USING (id)
      GROUP BY ALL
    """).fetchall()
    roll_ms = (time.perf_counter() - t1) * 1000
    t2 = time.perf_counter()
    kpi = con.execute(f"""
      WITH pop AS (
        SELECT id FROM c{a} WHERE status = 'activa'
        UNION SELECT id FROM c{b} ANTI JOIN c{a} USING (id))
      SELECT (SELECT sum(balance) FROM c{a} WHERE status = 'activa'),
             (SELECT coalesce(sum(amount), 0) FROM pagos JOIN pop USING (id)
               WHERE date > DATE '{dates[a]}' AND date <= DATE '{dates[b]}')
    """).fetchone()
    kpi_ms = (time.perf_counter() - t2) * 1000
    cells = {(r[0], r[1]): (r[2], cents(str(r[3])), cents(str(r[4]))) for r in roll}
    return load_ms, roll_ms, kpi_ms, cells, (cents(str(kpi[0])), cents(str(kpi[1])))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--exec":
        run_child(sys.argv[2])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--cobro", required=True)
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--cutoffs", type=int, default=3)
    ap.add_argument("--data", default=None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    folder = args.data or f"bench-data/history-{args.accounts}"
    os.makedirs(folder, exist_ok=True)
    dates = [["2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31"][k]
             for k in range(args.cutoffs)]
    if not os.path.exists(f"{folder}/pagos.csv"):
        t = time.perf_counter()
        subprocess.run([args.cobro, "generate", "--accounts", str(args.accounts), "--cutoffs",
                        str(args.cutoffs), "--folder", folder, "--asof", dates[0]], check=True)
        print(f"generated {args.cutoffs} cut-offs of {args.accounts:,} accounts in "
              f"{time.perf_counter() - t:.1f} s")
    last = f"cartera_{dates[-1]}.csv"
    base = cobro_runs(args, folder, last, "", args.runs)
    rows = [("history + load (the base)", base, None)]
    for command in ["history", "roll", "roll trend", "collected", "collected by week", "kpi",
                    "kpi --explain", "kpi trend"]:
        r = cobro_runs(args, folder, last, command, args.runs)
        rows.append((command, r, base))
    # The answers: cobro's roll cells and kpi against DuckDB's.
    load_ms, roll_ms, kpi_ms, cells, (opening, collected) = duckdb_answers(folder, dates)
    roll_out = csv_results(dict((c, r) for c, r, _ in rows)["roll"]["out"])
    mine = {}
    for row in roll_out[1][1:]:
        mine[(row[0], row[1])] = (int(row[2]), cents(row[4]), cents(row[6]))
    kpi_out = csv_results(dict((c, r) for c, r, _ in rows)["kpi"]["out"])[0]
    kpi = {r[0]: r[1] for r in kpi_out[1:]}
    agree_roll = mine == cells
    agree_kpi = cents(kpi["opening_balance"]) == opening and cents(kpi["collected"]) == collected
    print(f"\n{args.cutoffs} cut-offs of {args.accounts:,} accounts; median of {args.runs} runs")
    print(f"{'command':28} {'wall ms':>9} {'cpu ms':>9} {'peak MiB':>9}  (command alone: wall / cpu)")
    for command, r, b in rows:
        alone = "" if b is None else f"{r['wall'] - b['wall']:9.0f} / {r['cpu'] - b['cpu']:.0f}"
        print(f"{command:28} {r['wall']:9.0f} {r['cpu']:9.0f} {r['mib']:9.0f}  {alone}")
    print(f"\nDuckDB (2 threads, in process): read the {args.cutoffs} cut-offs and payments "
          f"{load_ms:.0f} ms; roll matrix {roll_ms:.0f} ms; kpi opening and collected {kpi_ms:.0f} ms")
    print(f"answers: roll cells {'agree' if agree_roll else 'DISAGREE'} "
          f"({len(cells)} cells); kpi {'agrees' if agree_kpi else 'DISAGREES'}")
    if not (agree_roll and agree_kpi):
        sys.exit(1)


if __name__ == "__main__":
    main()
