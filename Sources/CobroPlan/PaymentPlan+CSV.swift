import CobroPortfolio

/// The `csv` text of a plan, exactly as `spec/cli.md` and `spec/payment-plans.md` fix it.
extension PaymentPlan {
  /// The schedule's header.
  public static let scheduleColumns = ["n", "date", "payment", "interest", "principal", "balance"]

  /// The summary's header, in the spec's order.
  ///
  /// `npv` and `exceeds_cap` are always present and empty when their setting is not set, so
  /// the shape does not depend on settings.
  public static let summaryColumns = [
    "waived", "discount_granted", "settlement_amount", "down_payment", "financed",
    "installment_amount", "installments_count", "first_installment_date",
    "last_installment_date", "total_installments", "total_paid", "total_interest",
    "contract_ear", "plan_ear", "npv", "exceeds_cap",
  ]

  /// The schedule rows as text cells: money with two decimals, dates `YYYY-MM-DD`.
  public var scheduleCells: [[String]] {
    schedule.map { row in
      [
        String(row.n), row.date.description, Money.plain(row.payment), Money.plain(row.interest),
        Money.plain(row.principal), Money.plain(row.balance),
      ]
    }
  }

  /// The summary as text cells in ``summaryColumns`` order; absent values are empty, rates have
  /// 10 decimals, booleans are `yes`/`no`.
  public var summaryCells: [String] {
    let s = summary
    return [
      Money.plain(s.waived), Money.plain(s.discountGranted), Money.plain(s.settlementAmount),
      Money.plain(s.downPayment), Money.plain(s.financed),
      s.installmentAmount.map(Money.plain) ?? "", String(s.installmentsCount),
      s.firstInstallmentDate?.description ?? "", s.lastInstallmentDate?.description ?? "",
      Money.plain(s.totalInstallments), Money.plain(s.totalPaid), Money.plain(s.totalInterest),
      s.contractEAR.description, s.planEAR?.description ?? "",
      s.npv.map(Money.plain) ?? "", s.exceedsCap.map { $0 ? "yes" : "no" } ?? "",
    ]
  }

  /// The plan in `csv`: schedule, an empty line, then the one-row summary.
  ///
  /// The schedule header and rows, one empty line, the summary header and its one row. Every
  /// line ends with `\n`; nothing follows the summary row.
  ///
  /// ```
  /// n,date,payment,interest,principal,balance
  /// 0,2026-11-30,117283.95,0.00,117283.95,1055555.55
  /// …
  ///
  /// waived,discount_granted,…,exceeds_cap
  /// 0.00,61728.39,…
  /// ```
  public func csv() -> String {
    var out = ""
    out.reserveCapacity(64 * (schedule.count + 4))
    out += Self.scheduleColumns.joined(separator: ",") + "\n"
    for cells in scheduleCells { out += cells.joined(separator: ",") + "\n" }
    out += "\n"
    out += Self.summaryColumns.joined(separator: ",") + "\n"
    out += summaryCells.joined(separator: ",") + "\n"
    return out
  }
}
