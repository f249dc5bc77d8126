"""Runs cobro side by side with DuckDB, Polars, pandas and sqlite3 on the same portfolios.

For each file, every engine answers the same questions in its own process, repeatedly and
interleaved; the answers are compared (counts, ids and money to the cent) before any time is
reported, and then the medians (min-max) and cobro's ratio to each peer are printed and written
to BENCHMARKS.md.
"""
import argparse
import json
import os
import platform
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = [("load", "(a) load the CSV"), ("b", "(b) count, total >60 days segment B"),
         ("c", "(c) aging by segment"), ("d", "(d) 20 largest balances >90 days"),
         ("e", "(e) 10 largest debtors"), ("f", "(f) 12-installment plans for 10,000 accounts"),
         ("first", "start to first answer"), ("memory", "memory after loading (MiB)")]


def run_json(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr.strip()[:500]}")
    return json.loads(p.stdout)


def first_answer(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return (time.perf_counter() - t) * 1000


def first_prompt(cobro):
    """Milliseconds from starting cobro on a terminal (the demo portfolio) to its first prompt.

    Raises RuntimeError when cobro exits, or shows no prompt within 10 s, first; the child is
    always reaped (killed if it is still running)."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, TERM="xterm", XDG_CONFIG_HOME=home, XDG_DATA_HOME=home,
                   XDG_STATE_HOME=home, XDG_CACHE_HOME=home)
        t = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.execve(cobro, [cobro], env)
            finally:
                os._exit(127)
        seen = b""
        ms = None
        try:
            while ms is None:
                ready, _, _ = select.select([fd], [], [], 10)
                if not ready:
                    raise RuntimeError(f"no prompt from {cobro} in 10 s: {seen[-200:]!r}")
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # Linux: the terminal closed, cobro has exited
                    chunk = b""
                if not chunk:
                    raise RuntimeError(f"{cobro} exited before its first prompt: {seen[-200:]!r}")
                seen += chunk
                if b"> " in seen:
                    ms = (time.perf_counter() - t) * 1000
            os.write(fd, b"\x04")
            while True:  # read until cobro closes the terminal
                ready, _, _ = select.select([fd], [], [], 10)
                try:
                    if not ready or not os.read(fd, 4096):
                        break
                except OSError:
                    break
        finally:
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(fd)
        return ms


def startup_section(cobro, runs):
    """The start-up target: the demo portfolio's first prompt, under 100 ms."""
    times = [first_prompt(cobro) for _ in range(max(runs, 1) * 3)]
    med = statistics.median(times)
    return ["", "## Start-up", "",
            "| step | cobro | target |", "|---|---|---|",
            f"| start to the first prompt on the demo portfolio (a terminal) | "
            f"{med:.1f} ({min(times):.1f}–{max(times):.1f}) | under 100 ({'met' if med < 100 else 'missed'}) |"]


def drift(a, b):
    """The largest money difference in cents when two answers differ only in money, else None."""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return None
        worst = 0
        for x, y in zip(a, b):
            d = drift(x, y)
            if d is None:
                return None
            worst = max(worst, d)
        return worst
    if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
        return abs(a - b) if abs(a - b) <= max(100, abs(a) // 10**9) else None
    return 0 if a == b else None


def compare(reference, other, name):
    notes = []
    for k in ["b", "c", "d", "e"]:
        if reference[k] != other[k]:
            d = drift(reference[k], other[k])
            if d is not None:
                notes.append(f"{name} drifts by up to {d} cents on ({k}) (money as binary floating point)")
            else:
                notes.append(f"{name} disagrees with cobro on ({k})")
    differing = sum(1 for a, b in zip(reference["f"], other["f"]) if a != b)
    if differing:
        notes.append(f"{name}: {differing} of {len(reference['f'])} installments differ by float rounding")
    return notes


def slope_table(scaling, engines):
    """How the load and the memory grow with the accounts: the least-squares line through the
    files' medians (milliseconds and MiB per million accounts), and the cost per account at the
    smallest and the largest file (equal when the growth is linear)."""
    scaling = sorted(scaling, key=lambda x: x[0])
    lo, hi = scaling[0][0], scaling[-1][0]
    out = [f"\n## Scaling from {lo:,} to {hi:,} accounts\n",
           "| engine | load slope (ms per million accounts) | load per account, smallest → largest (µs) "
           "| memory slope (MiB per million accounts) |",
           "|---|---|---|---|"]

    def fit(points):
        if len(points) < 2:
            return None
        n = len(points)
        mx = sum(x for x, _ in points) / n
        my = sum(y for _, y in points) / n
        sxx = sum((x - mx) ** 2 for x, _ in points)
        return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None

    for e in engines:
        load = [(rows / 1e6, m[e]["load"]) for rows, m in scaling if "load" in m.get(e, {})]
        memory = [(rows / 1e6, m[e]["memory"]) for rows, m in scaling if "memory" in m.get(e, {})]
        ls, ms = fit(load), fit(memory)
        per = [t / (r * 1000) for r, t in load]
        out.append(f"| {e} | {'–' if ls is None else f'{ls:.0f}'} | "
                   + ("–" if len(per) < 2 else f"{per[0]:.2f} → {per[-1]:.2f}") + " | "
                   + ("–" if ms is None else f"{ms:.0f}") + " |")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cobro", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--asof", default="2026-11-30")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", default="duckdb,polars,pandas,sqlite3")
    ap.add_argument("--out", default="BENCHMARKS.md")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    peers = [p for p in args.peers.split(",") if p]
    report = [f"# Benchmarks\n", f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"{platform.system()} {platform.release()}; Python {platform.python_version()}. "
              f"Medians of {args.runs} interleaved runs, each started by another engine (min-max), "
              f"milliseconds unless said. "
              f"Produced by `./Scripts/bench.sh`.\n"]
    scaling = []  # (accounts, {engine: {step: median}}) per file, for the slope
    for path in args.files:
        size = os.path.getsize(path) / 1e6
        times = {e: {s: [] for s, _ in STEPS} for e in ["cobro"] + peers}
        answers = {}
        engines = ["cobro"] + peers
        for rep in range(args.runs):
            # Each repetition starts with another engine: what runs just before an engine (a peer
            # freeing gigabytes, say) changes what its first touch of fresh memory costs.
            for engine in engines[rep % len(engines):] + engines[:rep % len(engines)]:
                if engine == "cobro":
                    r = run_json([args.bench, "tasks", path, "--asof", args.asof])
                    first = first_answer([args.cobro, "-c", "count overdue > 60 segment B", path,
                                          "--asof", args.asof])
                else:
                    r = run_json([sys.executable, os.path.join(HERE, "peers.py"), engine, path, args.asof])
                    first = None
                    if engine == "duckdb":
                        first = first_answer([sys.executable, "-c",
                                              "import duckdb; c=duckdb.connect(); c.execute(\"CREATE TABLE p AS "
                                              f"SELECT * FROM read_csv('{path}')\"); print(c.execute(\"SELECT count(*) FROM p "
                                              f"WHERE segment='B' AND balance>0 AND due_date < DATE '{args.asof}' - 60\").fetchall())"])
                    if engine == "polars":
                        first = first_answer([sys.executable, "-c",
                                              f"import polars as pl, datetime as d; df=pl.read_csv('{path}', try_parse_dates=True); "
                                              "print(df.filter((pl.col('segment')=='B') & (pl.col('balance')>0) & "
                                              f"(pl.col('due_date') < d.date.fromisoformat('{args.asof}') - d.timedelta(days=60))).height)"])
                for s, v in r["times"].items():
                    times[engine][s].append(v)
                if first is not None:
                    times[engine]["first"].append(first)
                if r.get("memory_mib") is not None:
                    times[engine]["memory"].append(r["memory_mib"])
                answers[engine] = r["answers"]
        notes = []
        for e in peers:
            notes += compare(answers["cobro"], answers[e], e)
        rows = sum(1 for _ in open(path, "rb")) - 1
        report.append(f"\n## {os.path.basename(path)}: {rows:,} accounts, {size:.0f} MB\n")
        header = "| step | cobro | " + " | ".join(peers) + " | " + " | ".join(f"cobro/{p}" for p in peers) + " |"
        report.append(header)
        report.append("|" + "---|" * (2 + 2 * len(peers)))
        for s, label in STEPS:
            def cell(e):
                v = times[e][s]
                if not v:
                    return "–"
                return f"{statistics.median(v):.1f} ({min(v):.1f}–{max(v):.1f})"
            def ratio(p):
                a, b = times["cobro"][s], times[p][s]
                if not a or not b:
                    return "–"
                return f"{statistics.median(a) / statistics.median(b):.2f}"
            report.append(f"| {label} | {cell('cobro')} | " + " | ".join(cell(p) for p in peers) + " | "
                          + " | ".join(ratio(p) for p in peers) + " |")
        report.append("")
        report.append("Answers: " + ("every engine agrees with cobro." if not notes else "; ".join(notes) + "."))
        print("\n".join(report[-(len(STEPS) + 5):]), flush=True)
        scaling.append((rows, {e: {s: statistics.median(v) for s, v in times[e].items() if v}
                               for e in times}))
    if len(scaling) >= 2:
        report += slope_table(scaling, ["cobro"] + peers)
        print("\n".join(report[-(len(peers) + 6):]), flush=True)
    def save():
        with open(args.out, "w") as f:
            f.write("\n".join(report) + "\n")

    save()  # before the start-up timing, so that a failure there loses nothing
    report += startup_section(args.cobro, args.runs)
    print("\n".join(report[-6:]), flush=True)
    save()


if __name__ == "__main__":
    main()
