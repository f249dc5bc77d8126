"""The questions of the benchmark, answered by the tools an analyst would pick instead of cobro.

Each engine runs in its own process (`python3 peers.py ENGINE FILE ASOF`) and prints one JSON
object: the time of each step in milliseconds, the peak resident memory after loading, and
the answers, so the harness can check that every engine agrees before it reports a time.
Engines use their default CSV type inference, as a user would; money inferred as binary
floating point is reported as drift, not corrected.
"""
import json
import resource
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta

BUCKETS = [(1, 30, "1-30"), (31, 60, "31-60"), (61, 90, "61-90"), (91, 180, "91-180"),
           (181, 360, "181-360"), (361, None, "361+")]
PLAN_ACCOUNTS = 10_000
RATE = 0.015
INSTALLMENTS = 12


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cents(x):
    """Money as integer cents, rounding half away from zero from the engine's value."""
    if x is None:
        return 0
    from decimal import Decimal, ROUND_HALF_UP
    return int((Decimal(str(x)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def french(balance_cents):
    """The level installment with binary floats, as a spreadsheet or a dataframe computes it."""
    p = balance_cents / 100.0
    a = p * RATE / (1 - (1 + RATE) ** -INSTALLMENTS)
    return cents(round(a, 2))


def bucket_sql(due, asof, balance):
    d = f"(DATE '{asof}' - {due})"
    parts = [f"WHEN {balance} <= 0 OR {due} IS NULL OR {d} <= 0 THEN 'current'"]
    for lo, hi, label in BUCKETS:
        parts.append(f"WHEN {d} >= {lo}" + (f" AND {d} <= {hi}" if hi else "") + f" THEN '{label}'")
    return "CASE " + " ".join(parts) + " END"


def run_duckdb(path, asof):
    import duckdb
    out = {"times": {}}
    con = duckdb.connect()
    t = time.perf_counter()
    con.execute(f"CREATE TABLE p AS SELECT * FROM read_csv('{path}', header=true)")
    out["times"]["load"] = (time.perf_counter() - t) * 1000
    out["memory_mib"] = peak_mib()
    cutoff60 = f"DATE '{asof}' - INTERVAL 60 DAY"
    q = {
        "b": f"SELECT count(*), sum(balance) FROM p WHERE currency='COP' AND segment='B' "
             f"AND balance > 0 AND due_date < {cutoff60}",
        "c": f"SELECT segment, {bucket_sql('due_date', asof, 'balance')} AS b, count(*), sum(balance) "
             f"FROM p WHERE currency='COP' GROUP BY ALL ORDER BY 1, 2",
        "d": f"SELECT account_id FROM p WHERE balance > 0 AND due_date < DATE '{asof}' - INTERVAL 90 DAY "
             f"ORDER BY balance DESC, account_id LIMIT 20",
        "e": "SELECT debtor_id, sum(balance) AS s FROM p WHERE currency='COP' GROUP BY debtor_id "
             "ORDER BY s DESC, debtor_id LIMIT 10",
    }
    answers = {}
    for k, sql in q.items():
        t = time.perf_counter()
        rows = con.execute(sql).fetchall()
        out["times"][k] = (time.perf_counter() - t) * 1000
        answers[k] = rows
    t = time.perf_counter()
    bal = con.execute(f"SELECT balance FROM p WHERE balance > 0 ORDER BY account_id LIMIT {PLAN_ACCOUNTS}").fetchall()
    plans = [french(cents(b[0])) for b in bal]
    out["times"]["f"] = (time.perf_counter() - t) * 1000
    out["answers"] = normalize(answers, plans)
    return out


def run_polars(path, asof):
    import polars as pl
    out = {"times": {}}
    t = time.perf_counter()
    df = pl.read_csv(path, try_parse_dates=True, infer_schema_length=10000)
    out["times"]["load"] = (time.perf_counter() - t) * 1000
    out["memory_mib"] = peak_mib()
    a = date.fromisoformat(asof)
    answers = {}
    t = time.perf_counter()
    r = df.filter((pl.col("currency") == "COP") & (pl.col("segment") == "B") & (pl.col("balance") > 0)
                  & (pl.col("due_date") < a - timedelta(days=60))).select(pl.len(), pl.col("balance").sum())
    answers["b"] = [tuple(r.row(0))]
    out["times"]["b"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    days = (pl.lit(a) - pl.col("due_date")).dt.total_days()
    expr = pl.when((pl.col("balance") <= 0) | pl.col("due_date").is_null() | (days <= 0)).then(pl.lit("current"))
    for lo, hi, label in BUCKETS:
        cond = days >= lo if hi is None else (days >= lo) & (days <= hi)
        expr = expr.when(cond).then(pl.lit(label))
    r = (df.filter(pl.col("currency") == "COP").with_columns(expr.alias("b"))
         .group_by("segment", "b").agg(pl.len(), pl.col("balance").sum()).sort("segment", "b"))
    answers["c"] = [tuple(x) for x in r.rows()]
    out["times"]["c"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    r = (df.filter((pl.col("balance") > 0) & (pl.col("due_date") < a - timedelta(days=90)))
         .sort(["balance", "account_id"], descending=[True, False]).head(20).select("account_id"))
    answers["d"] = [tuple(x) for x in r.rows()]
    out["times"]["d"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    r = (df.filter(pl.col("currency") == "COP").group_by("debtor_id").agg(pl.col("balance").sum().alias("s"))
         .sort(["s", "debtor_id"], descending=[True, False]).head(10))
    answers["e"] = [tuple(x) for x in r.rows()]
    out["times"]["e"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    bal = df.filter(pl.col("balance") > 0).sort("account_id").head(PLAN_ACCOUNTS)["balance"].to_list()
    plans = [french(cents(b)) for b in bal]
    out["times"]["f"] = (time.perf_counter() - t) * 1000
    out["answers"] = normalize(answers, plans)
    return out


def run_pandas(path, asof):
    import pandas as pd
    out = {"times": {}}
    t = time.perf_counter()
    df = pd.read_csv(path, parse_dates=["issue_date", "due_date", "maturity_date", "last_payment_date"],
                     dtype={"debtor_id": str, "phone": str})
    out["times"]["load"] = (time.perf_counter() - t) * 1000
    out["memory_mib"] = peak_mib()
    a = pd.Timestamp(asof)
    answers = {}
    t = time.perf_counter()
    m = (df.currency == "COP") & (df.segment == "B") & (df.balance > 0) & (df.due_date < a - pd.Timedelta(days=60))
    answers["b"] = [(int(m.sum()), df.balance[m].sum())]
    out["times"]["b"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    cop = df[df.currency == "COP"]
    days = (a - cop.due_date).dt.days
    import numpy as np
    labels = np.where((cop.balance <= 0) | cop.due_date.isna() | (days <= 0), "current", "")
    for lo, hi, label in BUCKETS:
        cond = (days >= lo) if hi is None else ((days >= lo) & (days <= hi))
        labels = np.where((labels == "") & cond, label, labels)
    g = cop.assign(b=labels).groupby(["segment", "b"]).agg(n=("balance", "size"), s=("balance", "sum")).reset_index()
    answers["c"] = [tuple(x) for x in g.sort_values(["segment", "b"]).itertuples(index=False)]
    out["times"]["c"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    d = df[(df.balance > 0) & (df.due_date < a - pd.Timedelta(days=90))].sort_values(
        ["balance", "account_id"], ascending=[False, True]).head(20)
    answers["d"] = [(x,) for x in d.account_id]
    out["times"]["d"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    e = cop.groupby("debtor_id").balance.sum().reset_index().sort_values(
        ["balance", "debtor_id"], ascending=[False, True]).head(10)
    answers["e"] = [tuple(x) for x in e.itertuples(index=False)]
    out["times"]["e"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    bal = df[df.balance > 0].sort_values("account_id").head(PLAN_ACCOUNTS).balance
    plans = [french(cents(b)) for b in bal]
    out["times"]["f"] = (time.perf_counter() - t) * 1000
    out["answers"] = normalize(answers, plans)
    return out


def run_sqlite(path, asof):
    out = {"times": {}}
    db = "/dev/shm/cobro-bench.sqlite" if sys.platform.startswith("linux") else "cobro-bench.sqlite"
    import os
    if os.path.exists(db):
        os.remove(db)
    t = time.perf_counter()
    subprocess.run(["sqlite3", db, "-cmd", ".mode csv", f".import {path} p"], check=True)
    out["times"]["load"] = (time.perf_counter() - t) * 1000
    con = sqlite3.connect(db)
    out["memory_mib"] = None
    bucket = bucket_sql("due_date", asof, "balance").replace(f"(DATE '{asof}' - due_date)",
                                                             f"(julianday('{asof}') - julianday(due_date))")
    q = {
        "b": f"SELECT count(*), sum(balance) FROM p WHERE currency='COP' AND segment='B' AND balance+0 > 0 "
             f"AND due_date < date('{asof}', '-60 days')",
        "c": f"SELECT segment, {bucket} AS b, count(*), sum(balance) FROM p WHERE currency='COP' "
             f"GROUP BY 1, 2 ORDER BY 1, 2",
        "d": f"SELECT account_id FROM p WHERE balance+0 > 0 AND due_date < date('{asof}', '-90 days') "
             f"ORDER BY balance+0 DESC, account_id LIMIT 20",
        "e": "SELECT debtor_id, sum(balance) AS s FROM p WHERE currency='COP' GROUP BY debtor_id "
             "ORDER BY s DESC, debtor_id LIMIT 10",
    }
    answers = {}
    for k, sql in q.items():
        sql = sql.replace("balance <= 0", "balance+0 <= 0")
        t = time.perf_counter()
        answers[k] = con.execute(sql).fetchall()
        out["times"][k] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    bal = con.execute(f"SELECT balance FROM p WHERE balance+0 > 0 ORDER BY account_id LIMIT {PLAN_ACCOUNTS}").fetchall()
    plans = [french(cents(float(b[0]))) for b in bal]
    out["times"]["f"] = (time.perf_counter() - t) * 1000
    out["answers"] = normalize(answers, plans)
    con.close()
    os.remove(db)
    return out


def normalize(answers, plans):
    """Answers as plain JSON values: counts, ids and money in cents."""
    b = answers["b"][0]
    c = sorted([str(r[0]), str(r[1]), int(r[2]), cents(r[3])] for r in answers["c"])
    return {
        "b": [int(b[0]), cents(b[1])],
        "c": c,
        "d": [str(r[0]) for r in answers["d"]],
        "e": [[str(r[0]), cents(r[1])] for r in answers["e"]],
        "f": plans,
    }


if __name__ == "__main__":
    engine, path, asof = sys.argv[1], sys.argv[2], sys.argv[3]
    result = {"duckdb": run_duckdb, "polars": run_polars, "pandas": run_pandas,
              "sqlite3": run_sqlite}[engine](path, asof)
    print(json.dumps(result))
