"""Writes a portfolio CSV as an .xlsx workbook, as a bank's system would: `make_xlsx.py CSV XLSX`.

XlsxWriter (an independent writer, not cobro's) streams the rows (constant memory): money
columns as numbers with a `#,##0.00` format, date columns as date serials with a date format,
whole numbers as numbers, everything else (ids, phones) as text.
"""
import csv
import sys

import xlsxwriter

MONEY = {"principal", "balance", "capital", "interest", "late_interest", "fees"}
DATES = {"issue_date", "due_date", "maturity_date", "last_payment_date"}
INTEGERS = {"payments_on_time", "payments_late"}
EPOCH = 693594  # date(1899, 12, 30).toordinal()


def serial(iso):
    y, m, d = int(iso[0:4]), int(iso[5:7]), int(iso[8:10])
    import datetime
    return datetime.date(y, m, d).toordinal() - EPOCH


def main(src, dst):
    book = xlsxwriter.Workbook(dst, {"constant_memory": True})
    money = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Cartera")
    with open(src, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        kinds = ["m" if h in MONEY else "d" if h in DATES else "i" if h in INTEGERS else "s"
                 for h in header]
        for k, h in enumerate(header):
            sheet.write_string(0, k, h)
        for r, row in enumerate(rows, start=1):
            for k, v in enumerate(row):
                if v == "":
                    continue
                kind = kinds[k]
                if kind == "m":
                    sheet.write_number(r, k, float(v), money)
                elif kind == "d":
                    sheet.write_number(r, k, serial(v), day)
                elif kind == "i":
                    sheet.write_number(r, k, int(v))
                else:
                    sheet.write_string(r, k, v)
    book.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
