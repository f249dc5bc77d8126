#!/usr/bin/env python3
"""Checks `export FILE.xlsx` with other readers: `check_xlsx_export.py [COBRO]`.

Exports the fixture workbook's accounts with cobro, then reads the result with openpyxl (`pip
install openpyxl`): money must be numbers formatted `#,##0.00`, dates dates, ids and phones
text with their leading zeros. When LibreOffice is installed (`apt-get install
libreoffice-calc-nogui`), it also converts the workbook to CSV headless, which fails on a file it
would have to repair, and the values must match. Exits non-zero on any difference.
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURE = os.path.join(ROOT, "Tests", "CobroCoreTests", "Fixtures", "xlsx", "cartera.xlsx")
EXPECTED = [
    ["account_id", "debtor_id", "balance", "due_date", "phone"],
    ["CO-001", "0001020052966", 1234567.89, datetime.date(2026, 9, 30), "3001234567"],
    ["CO-002", "900123456", 2.68, datetime.date(2026, 10, 3), "3109876543"],
    ["CO-003", "52123456", 1500.0, datetime.date(2026, 11, 30), None],
    ["CO-004", "52123456", 267.5, datetime.date(2025, 12, 31), None],
    ["CO-005", "79000111", 0.13, datetime.date(2026, 2, 28), None],
    ["CO-006", "0001020052966", -0.01, datetime.date(2027, 1, 15), None],
]


def main():
    cobro = sys.argv[1] if len(sys.argv) > 1 else shutil.which("cobro") or "cobro"
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cartera.xlsx")
        subprocess.run([cobro, "-c", f"export '{out}' list columns account_id, debtor_id, balance, "
                        "due_date, phone", FIXTURE], check=True, capture_output=True)
        import openpyxl
        sheet = openpyxl.load_workbook(out).active
        for r, row in enumerate(sheet.iter_rows()):
            values = [c.value.date() if isinstance(c.value, datetime.datetime) else c.value
                      for c in row]
            if values != EXPECTED[r]:
                failures.append(f"openpyxl row {r + 1}: {values} != {EXPECTED[r]}")
            if r > 0:
                kinds = [(c.data_type, c.number_format) for c in row[:4]]
                if kinds != [("s", "@"), ("s", "@"), ("n", "#,##0.00"), ("d", "yyyy\\-mm\\-dd")]:
                    failures.append(f"openpyxl row {r + 1}: cell types {kinds}")
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if office:
            subprocess.run([office, "--headless", "--convert-to", "csv", "--outdir", tmp, out],
                           check=True, capture_output=True, timeout=300)
            with open(os.path.join(tmp, "cartera.csv"), newline="") as f:
                rows = list(csv.reader(f))
            for r, row in enumerate(rows):
                want = ["" if v is None else v.isoformat() if isinstance(v, datetime.date)
                        else ("%.2f" % v).rstrip("0").rstrip(".") if isinstance(v, float) else v for v in EXPECTED[r]]
                if row != want:
                    failures.append(f"LibreOffice row {r + 1}: {row} != {want}")
        else:
            print("LibreOffice not installed: checked with openpyxl only")
    for f in failures:
        print(f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
