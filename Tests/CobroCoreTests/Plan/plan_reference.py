#!/usr/bin/env python3
"""Independent reference for cobro's payment plans (spec/payment-plans.md), stdlib only.

Reads one plan per line on stdin, tab-separated:

    balance  breakdown  waivers  discount  down  rate  ea  n  start  first  method  npv  cap

- balance: cents (integer)
- breakdown: "capital,interest,late_interest,fees" in cents, or "-"
- waivers: "component=percent;..." or "-"
- discount: percent text ("5", "12.5"); down: "-", money "123.45" or "10%"
- rate: "1.5%" or "0.015"; ea: "1" or "0"; n: installments
- start, first: YYYY-MM-DD ("-" for no first); method: french or german
- npv, cap: rate text or "-"

Writes, for each plan, the plan's csv text (or "error" when the plan is refused) followed by a
line "===". Money and the French level amount use exact fractions; the IRR and the NPV use
80-digit decimals; the `ea` rate a decimal power at 80 digits.
"""

import sys
from decimal import ROUND_HALF_UP, Decimal, getcontext
from fractions import Fraction

getcontext().prec = 80


def round_half_up(x):
    """Nearest integer to a non-negative Fraction, ties up."""
    assert x >= 0
    return (x.numerator * 2 + x.denominator) // (2 * x.denominator)


def money(c):
    sign = "-" if c < 0 else ""
    c = abs(c)
    return "%s%d.%02d" % (sign, c // 100, c % 100)


def parse_rate(text):
    if text.endswith("%"):
        return Fraction(text[:-1]) / 100
    return Fraction(text)


def days_in(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def add_months(date, k):
    y, m, d = date
    total = y * 12 + (m - 1) + k
    ny, nm = total // 12, total % 12 + 1
    return (ny, nm, min(d, days_in(ny, nm)))


def parse_date(text):
    y, m, d = text.split("-")
    return (int(y), int(m), int(d))


def show_date(date):
    return "%04d-%02d-%02d" % date


def rate10(x):
    """A Decimal or Fraction rate as text with 10 decimals, half up."""
    if isinstance(x, Fraction):
        x = Decimal(round_half_up(x * 10**10)).scaleb(-10)
    return format(x.quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP), "f")


def plan_ear(P, payments, months, r):
    if P == 0 or all(t == 0 for t in months):
        return None
    total = sum(payments)
    at_start = sum(c for c, t in zip(payments, months) if t == 0)
    if at_start >= P or total < P:
        return None
    if total == P:
        return Decimal(0)
    terms = [(Decimal(c), t) for c, t in zip(payments, months) if c > 0]
    p = Decimal(P)

    def f_and_df(x):
        """F(x) = sum c x^t - P and F'(x), with powers built month by month."""
        value, slope, power, previous = -p, Decimal(0), Decimal(1), 0
        for c, t in terms:
            if t > previous:
                power *= x ** (t - previous)
                previous = t
            value += c * power
            if t > 0:
                slope += c * t * power / x
        return value, slope

    # Newton from the contract rate, bisection when a step leaves the bracket (F(lo) < 0 < F(hi)).
    lo, hi = Decimal(0), Decimal(1)
    x = 1 / (1 + Decimal(r.numerator) / Decimal(r.denominator))
    for _ in range(2000):
        fx, d = f_and_df(x)
        if fx == 0:
            break
        if fx > 0:
            hi = x
        else:
            lo = x
        nxt = x - fx / d if d > 0 else None
        if nxt is None or not (lo < nxt < hi):
            nxt = (lo + hi) / 2
        if abs(nxt - x) < Decimal("1e-70"):
            x = nxt
            break
        x = nxt
    return x ** -12 - 1


def npv(D, payments, months, a):
    v = (1 + Decimal(a.numerator) / Decimal(a.denominator)) ** (Decimal(-1) / 12)
    total = Decimal(D) + sum(Decimal(c) * v**t for c, t in zip(payments, months))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan(fields):
    (balance, breakdown, waivers, discount, down, rate_text, ea, n, start, first, method,
     npv_text, cap_text) = fields
    B0 = int(balance)
    n = int(n)
    start = parse_date(start)
    r = parse_rate(rate_text)
    if ea == "1":
        R = parse_rate(rate_text)
        root = (1 + Decimal(R.numerator) / Decimal(R.denominator)) ** (Decimal(1) / 12) - 1
        r = Fraction(root.quantize(Decimal("1e-12"), rounding=ROUND_HALF_UP))
    waived = 0
    if waivers != "-":
        parts = dict(zip(["capital", "interest", "late_interest", "fees"],
                         map(int, breakdown.split(","))))
        for item in waivers.split(";"):
            comp, pct = item.split("=")
            waived += round_half_up(parts[comp] * Fraction(pct) / 100)
    B = B0 - waived
    discount_granted = round_half_up(B * Fraction(discount) / 100)
    S = B - discount_granted
    if down == "-":
        D = 0
    elif down.endswith("%"):
        D = round_half_up(S * Fraction(down[:-1]) / 100)
    else:
        D = round_half_up(Fraction(down) * 100)
    if D > S:
        return "error\n"
    P = S - D
    anchor, offset = (start, 1) if first == "-" else (parse_date(first), 0)
    rows = [(0, start, D, 0, D, P)]
    level = None
    if P > 0:
        if method == "french":
            A = round_half_up(Fraction(P, n)) if r == 0 else round_half_up(
                P * r / (1 - (1 + r) ** -n))
            level = A
        else:
            A = round_half_up(Fraction(P, n))
            level = A
        b = P
        k = 1
        while k <= n and b > 0:
            I = round_half_up(b * r)
            regular = A - I if method == "french" else A
            principal = b if (k == n or regular >= b) else regular
            b -= principal
            rows.append((k, add_months(anchor, k - 1 + offset), principal + I, I, principal, b))
            k += 1
    inst = rows[1:]
    payments = [row[2] for row in inst]
    months = [12 * (row[1][0] - start[0]) + (row[1][1] - start[1]) for row in inst]
    total_inst = sum(payments)
    total_interest = sum(row[3] for row in inst)
    contract = (1 + r) ** 12 - 1
    ear = plan_ear(P, payments, months, r)
    npv_cell = ""
    if npv_text != "-":
        npv_cell = money(npv(D, payments, months, parse_rate(npv_text)))
    cap_cell = ""
    if cap_text != "-":
        cap = parse_rate(cap_text)
        if ear is not None:
            exceeds = Fraction(ear.quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP)) > cap
        else:
            exceeds = P > 0 and total_interest > 0
        cap_cell = "yes" if exceeds else "no"
    out = ["n,date,payment,interest,principal,balance"]
    for (k, date, pay, I, prin, bal) in rows:
        out.append("%d,%s,%s,%s,%s,%s" % (k, show_date(date), money(pay), money(I), money(prin),
                                          money(bal)))
    out.append("")
    out.append("waived,discount_granted,settlement_amount,down_payment,financed,"
               "installment_amount,installments_count,first_installment_date,"
               "last_installment_date,total_installments,total_paid,total_interest,"
               "contract_ear,plan_ear,npv,exceeds_cap")
    out.append(",".join([
        money(waived), money(discount_granted), money(S), money(D), money(P),
        money(level) if level is not None else "", str(len(inst)),
        show_date(inst[0][1]) if inst else "", show_date(inst[-1][1]) if inst else "",
        money(total_inst), money(D + total_inst), money(total_interest),
        rate10(contract), rate10(ear) if ear is not None else "", npv_cell, cap_cell,
    ]))
    return "\n".join(out) + "\n"


def main():
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        sys.stdout.write(plan(line.split("\t")))
        sys.stdout.write("===\n")


if __name__ == "__main__":
    main()
