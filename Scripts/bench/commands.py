"""Every command class of cobro, timed as a user runs it, beside DuckDB and Polars doing the same work.

`python3 commands.py --cobro BIN --bench BENCH --sizes 1000000[,10000000] [--runs N] [--out FILE]`
reads bench-data/portfolio-N.csv and bench-data/payments-N.csv (made by `cobro generate`).

cobro runs each command in its own process (`cobro -c COMMAND FILE`); the time of the command is
the process's median time less the median time of a process that only loads the file (`count`),
and the memory it holds on top is the process's peak resident memory less that of the load. A
peer (DuckDB, Polars) loads the file once in its own process and times each operation in
process. Answers (counts, ids and money to the cent) are compared before any time is printed;
a disagreement is printed in place of the ratio. Each ratio is printed with its target and
whether it is met.
"""
import argparse
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from decimal import Decimal, ROUND_HALF_UP

ACCEPT = "accept 0-90=0.5,91-180=0.3,181-360=0.15,361+=0.05"
PEER_RATIO = 0.5  # every command with a peer equivalent at most 0.5x the fastest peer
LOAD_RATIO = 0.33  # the load at most 0.33x Polars as a whole process
MEMORY_RATIO = 1.5  # no command holds more than 1.5x the loaded portfolio on top of it
CAMPAIGN_MS = 3000  # a campaign over 1,000,000 accounts under 3 s
MONTE_CARLO_MS = 60000  # --runs 100000 on 1,000,000 accounts under a minute (or refused)
LOOKUPS = 200  # ids per lookup-latency step
JOURNAL_ENTRIES = 1_000_000


def cents(x):
    if x is None:
        return 0
    return int((Decimal(str(x)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def measure(cmd, stdout_path=None, timeout=None):
    """Runs cmd in a small wrapper process that reports its child's peak memory exactly."""
    wrapper = [sys.executable, __file__, "--exec", json.dumps([cmd, stdout_path, timeout])]
    p = subprocess.run(wrapper, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-1000:])
    return json.loads(p.stdout)


def exec_child(spec):
    cmd, stdout_path, timeout = json.loads(spec)
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    status = None
    try:
        _, stderr = p.communicate(timeout=timeout)
        status = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        _, stderr = p.communicate()
        status = "timeout"
    ms = (time.perf_counter() - t) * 1000
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss / 1024.0
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    print(json.dumps({"ms": ms, "cpu": cpu, "mib": peak, "status": status,
                      "stderr": stderr.decode(errors="replace")[-3000:]}))


# ---------------------------------------------------------------------------------------------
# Answers of cobro's csv output.

def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def results(path):
    """The csv results of one process, split at the empty lines between them."""
    out, cur = [], []
    for row in csv_rows(path):
        if not row:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(row)
    if cur:
        out.append(cur)
    return out


def fold(text):
    """A category label as cobro matches it: spellings that differ in case, accents or outer
    spaces are one value (cobro's groups merge them; a peer groups them apart)."""
    import unicodedata
    t = unicodedata.normalize("NFD", str(text).strip().lower())
    return "".join(c for c in t if not unicodedata.combining(c))


def merged(rows):
    """[key…, currency, count, cents] of group rows (key…, currency, count, sum), spellings of one
    value merged (`fold`), sorted."""
    out = {}
    for r in rows:
        key = tuple(fold(x) for x in r[:-2])
        c = out.setdefault(key, [0, Decimal(0)])
        c[0] += int(r[-2])
        c[1] += Decimal(str(r[-1]))
    return sorted([*k, n, cents(v)] for k, (n, v) in out.items())


def group_answer(path):
    """The rows of a `group by` result as `merged` gives a peer's, without the total rows."""
    rows = results(path)[0]
    k = rows[0].index("currency")
    return merged([*r[:k + 1], r[k + 1], r[k + 2]] for r in rows[1:] if r[0] != "total")


# ---------------------------------------------------------------------------------------------
# Peers.

def peer_main(engine, path, payments, asof, past, outdir, columns):
    res = {}

    def timed(name, f, post=None):
        t = time.perf_counter()
        a = f()
        ms = (time.perf_counter() - t) * 1000
        res[name] = {"ms": ms, "answer": post(a) if post else a}

    if engine == "duckdb":
        import duckdb
        con = duckdb.connect()
        timed("load", lambda: con.execute(
            f"CREATE TABLE p AS SELECT * FROM read_csv('{path}', header=true, "
            f"types={{'debtor_id': 'VARCHAR'}})").fetchall() and
            [con.execute("SELECT count(*) FROM p").fetchone()[0],
             cents(con.execute("SELECT sum(balance) FROM p WHERE currency='COP'").fetchone()[0])])
        timed("load_payments", lambda: con.execute(
            f"CREATE TABLE pay AS SELECT * FROM read_csv('{payments}', header=true)").fetchall() and
            con.execute("SELECT count(*) FROM pay").fetchone()[0])
        timed("asof", lambda: cents(con.execute(
            f"SELECT sum(balance + coalesce(paid, 0)) FROM p LEFT JOIN (SELECT account_id, "
            f"sum(amount) AS paid FROM pay WHERE date > DATE '{past}' AND date <= DATE '{asof}' "
            f"GROUP BY account_id) USING (account_id) WHERE currency='COP' "
            f"AND (issue_date IS NULL OR issue_date <= DATE '{past}')").fetchone()[0]))
        out = os.path.join(outdir, "duckdb-export.csv")
        timed("export_csv", lambda: con.execute(f"COPY p TO '{out}' (HEADER)").fetchall() and None)

        def grp(keys):
            k = ", ".join(keys)
            return con.execute(
                f"SELECT {k}, currency, count(*), sum(balance) FROM p GROUP BY {k}, currency").fetchall()
        timed("group_debtor", lambda: grp(["debtor_id"]), merged)
        timed("group_city", lambda: grp(["city"]), merged)
        timed("group_two", lambda: grp(["segment", "city"]), merged)
        timed("top", lambda: [r[0] for r in con.execute(
            "SELECT account_id FROM p ORDER BY balance DESC, account_id LIMIT 20").fetchall()])
        timed("concentration", lambda: [[str(r[0]), cents(r[1])] for r in con.execute(
            "SELECT debtor_id, sum(balance) s FROM p WHERE currency='COP' GROUP BY debtor_id "
            "ORDER BY s DESC, debtor_id LIMIT 10").fetchall()])
    elif engine == "polars":
        import polars as pl
        from datetime import date
        st = {}
        timed("load", lambda: st.update(df=pl.read_csv(
            path, try_parse_dates=True, infer_schema_length=10000,
            schema_overrides={"debtor_id": pl.Utf8})) or
              [st["df"].height, cents(st["df"].filter(pl.col("currency") == "COP")["balance"].sum())])
        df = st["df"]
        timed("load_payments", lambda: st.update(pay=pl.read_csv(payments, try_parse_dates=True)) or
              st["pay"].height)
        d = date.fromisoformat(past)
        cut = date.fromisoformat(asof)
        timed("asof", lambda: cents(
            df.filter((pl.col("currency") == "COP")
                      & (pl.col("issue_date").is_null() | (pl.col("issue_date") <= d)))
            .join(st["pay"].filter((pl.col("date") > d) & (pl.col("date") <= cut))
                  .group_by("account_id").agg(pl.col("amount").sum().alias("paid")),
                  on="account_id", how="left")
            .select((pl.col("balance") + pl.col("paid").fill_null(0)).sum()).item()))
        out = os.path.join(outdir, "polars-export.csv")
        timed("export_csv", lambda: df.write_csv(out) and None)
        xout = os.path.join(outdir, "polars-export.xlsx")
        if os.environ.get("BENCH_XLSX_PEER", "1") == "1":
            timed("export_xlsx", lambda: df.write_excel(xout) and None)

        def grp(keys):
            return df.group_by(*keys, "currency").agg(pl.len(), pl.col("balance").sum()).rows()
        timed("group_debtor", lambda: grp(["debtor_id"]), merged)
        timed("group_city", lambda: grp(["city"]), merged)
        timed("group_two", lambda: grp(["segment", "city"]), merged)
        timed("top", lambda: df.sort(["balance", "account_id"], descending=[True, False])
              .head(20)["account_id"].to_list())
        timed("concentration", lambda: [[str(a), cents(b)] for a, b in df.filter(
            pl.col("currency") == "COP").group_by("debtor_id").agg(pl.col("balance").sum().alias("s"))
            .sort(["s", "debtor_id"], descending=[True, False]).head(10).rows()])
    print(json.dumps(res))


# ---------------------------------------------------------------------------------------------
# The journal of 1,000,000 entries.

def make_journal(cobro, path, portfolio, db, accounts, asof):
    """A journal of JOURNAL_ENTRIES entries: promises, contacts and 6-installment agreements
    (with their schedules), cloned from what cobro itself records for three accounts."""
    if os.path.exists(db):
        return
    tmp = db + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    ids = accounts[:3]
    subprocess.run([cobro, "--journal", tmp, "--asof", asof, "--at", f"{asof} 10:00", "-c",
                    f"promise {ids[0]} 100000 on 2026-12-15; contact {ids[1]} via call result "
                    f"no_answer force; agree {ids[2]} installments 6", portfolio],
                   check=True, capture_output=True)
    con = sqlite3.connect(tmp)
    entries = con.execute("SELECT * FROM entry ORDER BY id").fetchall()
    promise, contact, agreement = entries
    agr = con.execute("SELECT * FROM agreement").fetchone()
    inst = con.execute("SELECT * FROM installment ORDER BY n").fetchall()
    alloc = con.execute("SELECT * FROM installment_allocation ORDER BY n").fetchall()
    con.execute("DELETE FROM installment_allocation")
    con.execute("DELETE FROM installment")
    con.execute("DELETE FROM agreement_account")
    con.execute("DELETE FROM agreement")
    con.execute("DELETE FROM entry")
    n = len(accounts)
    rows, agreements, links, installments, allocations = [], [], [], [], []
    for i in range(JOURNAL_ENTRIES):
        acct = accounts[(i * 7919) % n]
        kind = i % 10
        eid = i + 1
        if kind < 6:
            e = list(promise)
            e[4] = f"2026-{10 + (i % 3):02d}-{1 + (i % 28):02d}"
        elif kind < 9:
            e = list(contact)
        else:
            e = list(agreement)
            agreements.append((eid, None, agr[2], agr[3]))
            links.append((eid, acct))
            for x in inst:
                installments.append((eid, *x[1:]))
            for x in alloc:
                allocations.append((eid, x[1], acct, x[3]))
        e[0], e[2] = eid, acct
        rows.append(tuple(e))
    con.executemany(f"INSERT INTO entry VALUES ({','.join('?' * len(promise))})", rows)
    con.executemany("INSERT INTO agreement VALUES (?,?,?,?)", agreements)
    con.executemany("INSERT INTO agreement_account VALUES (?,?)", links)
    con.executemany(f"INSERT INTO installment VALUES ({','.join('?' * len(inst[0]))})", installments)
    con.executemany("INSERT INTO installment_allocation VALUES (?,?,?,?)", allocations)
    con.commit()
    con.close()
    os.rename(tmp, db)


# ---------------------------------------------------------------------------------------------

def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--exec":
        exec_child(sys.argv[2])
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--peer":
        peer_main(*sys.argv[2:9])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--cobro", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--sizes", default="1000000")
    ap.add_argument("--asof", default="2026-11-30")
    ap.add_argument("--past", default="2026-10-31")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="BENCHMARKS.md")
    ap.add_argument("--only", default="", help="comma-separated step ids")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    report = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        report += size_section(args, n, only)
        with open(args.out, "a") as f:
            f.write("\n".join(report) + "\n")
        report = []


def size_section(args, n, only):
    path = f"bench-data/portfolio-{n}.csv"
    payments = f"bench-data/payments-{n}.csv"
    work = f"bench-data/work-{n}"
    os.makedirs(work, exist_ok=True)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        columns = next(reader)
    accounts = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        step = max(n // LOOKUPS, 1)
        debtors = []
        for i, r in enumerate(reader):
            if i % step == 0:
                accounts.append(r[0])
                debtors.append(r[1])
    journal = f"{work}/journal.db"
    every = [r[0] for r in csv.reader(open(path, newline="", encoding="utf-8"))][1:] \
        if not os.path.exists(journal) else []
    if every:
        make_journal(args.cobro, path, path, journal, every, args.asof)
    del every
    base = [args.cobro, path, "--asof", args.asof, "--format", "csv"]
    with_pay = base + ["--payments", payments]
    cols = ", ".join(columns)
    lookups = len(accounts)

    # (id, label, argv tail, extra options, answer parser, per-unit divisor, peer id, timeout s)
    steps = [
        ("load", "load the CSV (whole process)", "count; sum balance currency COP", [], "load", 1),
        ("load_payments", "load with payments (whole process)", "count", ["payments"], "payments", 1),
        ("asof", f"set asof {args.past} (rebuild), sum balance COP",
         f"set asof {args.past}; sum balance currency COP", ["payments"], "sum", 1),
        ("export_csv", "export every column to CSV", f"export {work}/cobro-export.csv replace list "
         f"columns {cols}", [], "export", 1),
        ("export_xlsx", "export every column to .xlsx", f"export {work}/cobro-export.xlsx replace "
         f"list columns {cols}", [], None, 1),
        ("group_debtor", "group by debtor_id", "group by debtor_id", [], "group", 1),
        ("group_city", "group by city", "group by city", [], "group", 1),
        ("group_two", "group by segment, city", "group by segment, city", [], "group", 1),
        ("top", "top 20 by balance", "top 20 by balance", [], "top", 1),
        ("concentration", "concentration 10 currency COP", "concentration 10 currency COP", [],
         "concentration", 1),
        ("validate", "validate", "validate", [], None, 1),
        ("show", f"show ACCOUNT (per lookup, {lookups})", "; ".join(f"show {a}" for a in accounts),
         ["payments", "keep"], None, lookups),
        ("debtor", f"debtor ID (per lookup, {lookups})", "; ".join(f"debtor {d}" for d in debtors),
         ["payments", "keep"], None, lookups),
        ("offers", f"offers ACCOUNT (per account, {lookups})",
         "; ".join(f"offers {a}" for a in accounts), ["payments", "keep"], None, lookups),
        ("message", f"message ACCOUNT (per account, {lookups})",
         "; ".join(f"message {a} via whatsapp" for a in accounts), ["keep"], None, lookups),
        ("sim_discount", "simulate discount 20% (every COP account)",
         f"simulate discount 20% currency COP {ACCEPT}", [], None, 1),
        ("sim_discount_runs", "simulate discount 20% --runs 100",
         f"simulate discount 20% currency COP {ACCEPT} --runs 100", [], None, 1),
        ("sim_plan", "simulate plan 12 x 1.5% (every COP account)",
         f"simulate plan installments 12 rate 1.5% down 10% currency COP {ACCEPT}", [], None, 1),
        ("sim_plan_runs", "simulate plan 12 x 1.5% --runs 100",
         f"simulate plan installments 12 rate 1.5% down 10% currency COP {ACCEPT} --runs 100", [],
         None, 1),
        ("sim_discount_100k", "simulate discount 20% --runs 100000",
         f"simulate discount 20% currency COP {ACCEPT} --runs 100000", [], None, 1),
        ("campaign", "campaign via whatsapp over every account (export)",
         f"campaign via whatsapp export {work}/campaign.csv replace", [], None, 1),
        ("promises", f"promises summary (journal of {JOURNAL_ENTRIES:,} entries)",
         "promises summary", ["payments", "journal"], None, 1),
        ("agreements", f"agreements (journal of {JOURNAL_ENTRIES:,} entries)", "agreements",
         ["payments", "journal"], None, 1),
    ]
    if only:
        steps = [s for s in steps if s[0] in only or s[0] == "load"]
    timeouts = {"sim_discount_100k": 120, "sim_plan_runs": 300, "campaign": 300}

    def argv(command, extra):
        a = list(with_pay if "payments" in extra else base)
        if "journal" in extra:
            a += ["--journal", journal]
        if "keep" in extra:  # an account that owes nothing has no message: the next one runs
            a += ["--keep-going"]
        return a + ["-c", command]

    # Baselines: the load alone, with and without payments.
    times = {s[0]: [] for s in steps}
    cpu = {s[0]: [] for s in steps}
    memory = {s[0]: [] for s in steps}
    status = {}
    baseline = {"plain": [], "payments": [], "plain_mib": [], "payments_mib": [],
                "plain_cpu": [], "payments_cpu": []}
    answers = {}
    peers = ["duckdb", "polars"]
    peer_res = {p: [] for p in peers}
    for rep in range(args.runs):
        for kind, a in [("plain", base + ["-c", "count"]), ("payments", with_pay + ["-c", "count"])]:
            r = measure(a)
            baseline[kind].append(r["ms"])
            baseline[kind + "_mib"].append(r["mib"])
            baseline[kind + "_cpu"].append(r["cpu"])
        for sid, label, command, extra, parser, unit in steps:
            out = f"{work}/out-{sid}.csv"
            r = measure(argv(command, extra), out, timeouts.get(sid))
            status[sid] = (r["status"], r["stderr"])
            if r["status"] == "timeout":
                continue
            times[sid].append(r["ms"])
            cpu[sid].append(r["cpu"])
            memory[sid].append(r["mib"])
            if rep == 0:
                answers[sid] = cobro_answer(parser, out, r["stderr"], work)
            if sid not in ("export_csv", "campaign"):
                os.remove(out)
            print(f"  {n} {sid}: {r['ms']:.0f} ms, CPU {r['cpu']:.0f} ms, {r['mib']:.0f} MiB, "
                  f"status {r['status']}",
                  file=sys.stderr, flush=True)
        for p in peers:
            pr = subprocess.run([sys.executable, __file__, "--peer", p, path, payments, args.asof,
                                 args.past, work, cols], capture_output=True, text=True)
            if pr.returncode != 0:
                print(f"  {p} failed: {pr.stderr[-500:]}", file=sys.stderr)
                continue
            peer_res[p].append(json.loads(pr.stdout))
    # The peers' exports, read back like cobro's.
    for p in peers:
        f = f"{work}/{p}-export.csv"
        if os.path.exists(f) and peer_res[p]:
            peer_res[p][0].setdefault("export_csv", {})["answer"] = export_answer(f)
    lines = render(args, n, steps, times, cpu, memory, status, baseline, answers, peer_res, path)
    if not only or "plan" in only:
        p = subprocess.run([args.bench, "plans", "--accounts", "100000", "--runs", "3"],
                           capture_output=True, text=True, check=True)
        lines.append(f"\n`cobro-bench plans --accounts 100000 --runs 3` (in process, 12 installments "
                     f"with NPV and usury check): {p.stdout.strip()}.")
        print(lines[-1], flush=True)
    return lines


def cobro_answer(parser, out, stderr, work):
    if parser is None:
        return None
    if parser == "load":
        r = results(out)
        return [int(r[0][1][0]), cents(r[1][1][0])]
    if parser == "payments":
        import re
        m = re.search(r"and (\d+) payments", stderr)
        return int(m.group(1)) if m else None
    if parser == "sum":
        return cents(results(out)[0][1][0])
    if parser == "export":
        return export_answer(f"{work}/cobro-export.csv")
    if parser == "group":
        return group_answer(out)
    if parser == "top":
        return [r[0] for r in results(out)[0][1:]]
    if parser == "concentration":
        rows = results(out)[0]
        h = rows[0]
        return [[r[h.index("debtor_id")], cents(r[h.index("balance")])] for r in rows[1:]
                if r[0] != "total"]
    return None


def export_answer(path):
    """Rows and the COP balance (cents) of an exported CSV, read back with DuckDB."""
    import duckdb
    r = duckdb.connect().execute(
        f"SELECT count(*), sum(CAST(balance AS DECIMAL(18,2))) FILTER (WHERE currency='COP') "
        f"FROM read_csv('{path}', header=true, all_varchar=true)").fetchone()
    return [int(r[0]), cents(r[1])]


def drift(a, b):
    """How far a peer's answer is from cobro's when they differ only by a binary float's drift
    on money: the largest difference in cents, or None when they differ in anything else.

    Money is the last item of an answer's innermost row (`[count, cents]`, `[key…, n, cents]`,
    `[id, cents]`) or an answer that is one number; the peer's float was rounded half up to the
    cent (`cents`). A drift is accepted up to 100 cents or a billionth of the amount, the rule
    of `bench.py`; counts, ids and labels must be equal."""
    def money(x, y):
        if isinstance(x, int) and isinstance(y, int) and not isinstance(x, bool):
            d = abs(x - y)
            return d if d <= max(100, abs(x) // 10**9) else None
        return 0 if x == y else None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return None
        if a and all(not isinstance(x, list) for x in a):
            if a[:-1] != b[:-1]:
                return None
            return money(a[-1], b[-1])
        worst = 0
        for x, y in zip(a, b):
            d = drift(x, y)
            if d is None:
                return None
            worst = max(worst, d)
        return worst
    return money(a, b)


def med(v):
    return statistics.median(v) if v else None


def render(args, n, steps, times, cpu, memory, status, baseline, answers, peer_res, path):
    base_ms = {"plain": med(baseline["plain"]), "payments": med(baseline["payments"])}
    base_cpu = {"plain": med(baseline["plain_cpu"]), "payments": med(baseline["payments_cpu"])}
    base_mib = {"plain": med(baseline["plain_mib"]), "payments": med(baseline["payments_mib"])}
    size = os.path.getsize(path) / 1e6
    lines = [f"\n## Every command at {n:,} accounts ({size:.0f} MB of CSV)\n",
             f"cobro loads the file alone in {base_ms['plain']:.0f} ms and holds "
             f"{base_mib['plain']:.0f} MiB ({base_mib['plain'] * 1048576 / n:.0f} bytes per account); "
             f"with its payments {base_ms['payments']:.0f} ms and {base_mib['payments']:.0f} MiB. "
             f"A command's time is its process's median less the load's (wall clock, and CPU: user "
             f"and system); its memory, the peak less the load's, as a multiple of the loaded "
             f"portfolio (target at most {MEMORY_RATIO}x).\n",
             "| command | cobro ms | cobro CPU ms | duckdb ms | polars ms | ratio to the fastest peer "
             "| memory on top | target | met |", "|---|---|---|---|---|---|---|---|---|"]
    peer_med = {}
    drifts = []
    for p, rs in peer_res.items():
        for sid in {k for r in rs for k in r}:
            v = [r[sid]["ms"] for r in rs if sid in r]
            peer_med[(p, sid)] = (med(v), rs[0].get(sid, {}).get("answer"))
    for sid, label, command, extra, parser, unit in steps:
        kind = "payments" if "payments" in extra else "plain"
        st, err = status.get(sid, (None, ""))
        if not times[sid]:
            reason = "timed out" if st == "timeout" else "not run"
            lines.append(f"| {label} | {reason} | | | | | | | missed |")
            continue
        whole = med(times[sid])
        if sid in ("load", "load_payments"):
            ms = whole
            cpu_ms = med(cpu[sid])
        else:
            ms = max(whole - base_ms[kind], 0) / unit
            cpu_ms = max(med(cpu[sid]) - base_cpu[kind], 0) / unit
        top = max(med(memory[sid]) - base_mib[kind], 0)
        mem_ratio = top / base_mib[kind]
        cells = {}
        notes = []
        for p in ("duckdb", "polars"):
            v = peer_med.get((p, sid))
            if v is None or v[0] is None:
                cells[p] = "–"
                continue
            ok = parser is None or v[1] is None or answers.get(sid) == v[1]
            d = None if ok or answers.get(sid) is None else drift(answers[sid], v[1])
            if d is not None:
                drifts.append(f"{p} drifts by up to {d} cents on `{sid}` (money as binary floating point)")
                ok = True
            cells[p] = f"{v[0]:.0f}" if ok else f"{v[0]:.0f} (answer differs)"
            if not ok:
                notes.append(p)
        fastest = min((peer_med[(p, sid)][0] for p in ("duckdb", "polars")
                       if (p, sid) in peer_med and peer_med[(p, sid)][0] is not None), default=None)
        if sid == "load":
            pol = peer_med.get(("polars", "load"))
            ratio = ms / pol[0] if pol else None
            target = f"at most {LOAD_RATIO}x Polars"
            met = ratio is not None and ratio <= LOAD_RATIO
        elif fastest is not None:
            ratio = ms / fastest
            target = f"at most {PEER_RATIO}x"
            met = ratio <= PEER_RATIO
        else:
            ratio = None
            target = ""
            met = True
        if sid == "campaign":
            target = f"under {CAMPAIGN_MS / 1000:.0f} s (at 1,000,000)"
            met = n > 1_000_000 or ms < CAMPAIGN_MS
        if sid == "sim_discount_100k":
            refused = "refus" in err or st not in (0, None)
            target = "under a minute or refused up front"
            met = ms < MONTE_CARLO_MS
            if refused:
                label += " (refused: " + err.strip().splitlines()[0][:120].replace("|", "/") + ")"
        mem_met = mem_ratio <= MEMORY_RATIO
        verdict = "met" if met and mem_met and not notes else "missed"
        lines.append(
            f"| {label} | {ms:.1f} | {cpu_ms:.1f} | {cells['duckdb']} | {cells['polars']} | "
            f"{'–' if ratio is None else f'{ratio:.2f}'} | {top:.0f} MiB ({mem_ratio:.2f}x) | "
            f"{target} | {verdict} |")
    lines.append("")
    disagree = [sid for sid in answers if answers[sid] is not None and any(
        (p, sid) in peer_med and peer_med[(p, sid)][1] is not None
        and peer_med[(p, sid)][1] != answers[sid]
        and drift(answers[sid], peer_med[(p, sid)][1]) is None for p in ("duckdb", "polars"))]
    lines.append("Answers: " + ("every compared answer agrees with the peers to the cent"
                                if not disagree else "differ on " + ", ".join(disagree))
                 + ("; " + "; ".join(drifts) if drifts else "") + ".")
    print("\n".join(lines), flush=True)
    return lines


if __name__ == "__main__":
    main()
