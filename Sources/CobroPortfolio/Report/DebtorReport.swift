import CobroDiagnostics

/// `show ACCOUNT`: every field of one account, then its payments.
///
/// The first table is `field, value`: the file's columns in file order (balance at the as-of
/// date; `balance_at_cutoff` follows when it differs), then `overdue`, `bucket` and `behavior`.
/// With a payments file, a second table lists the payments made on or before the as-of date:
/// `date, amount, days_late` (0 when on time, as `PaymentTiming` defines).
public struct AccountDetail {
  /// Field names and values, as printed.
  public var fields: [(name: String, value: String)]
  /// The payments, when a payments file is loaded.
  public var payments: [(date: Day, amount: Cents, daysLate: Int)]?

  /// Describes one row.
  public static func compute(row r: Int, evaluator: Evaluator) throws(CobroError)
    -> AccountDetail
  {
    let p = evaluator.portfolio
    let checker = Checker(
      portfolio: p,
      context: evaluator.context,
      source: SourceFile(name: "", text: "")
    )
    var fields: [(String, String)] = []
    for c in p.columns {
      guard let f = checker.field(named: c.name) else { continue }
      fields.append((f.name, try FieldValues(f, evaluator: evaluator).text(r)))
      if f.source == .balance, try evaluator.balances[r] != p.balances[r] {
        fields.append(("balance_at_cutoff", Money.plain(p.balances[r])))
      }
    }
    for name in ["overdue", "bucket", "behavior"] {
      if let f = checker.field(named: name) {
        fields.append((name, try FieldValues(f, evaluator: evaluator).text(r)))
      }
    }
    var payments: [(Day, Cents, Int)]?
    if let history = p.payments, let lateness = try evaluator.derived.paymentDaysLate() {
      payments = []
      for i in Int(history.start[r])..<Int(history.start[r + 1])
      where history.dates[i] <= evaluator.context.asOf.raw {
        payments?.append((Day(raw: history.dates[i]), history.amounts[i], Int(lateness[i])))
      }
    }
    return AccountDetail(fields: fields, payments: payments)
  }

  /// The tables: fields, then payments when known.
  public var tables: [ResultTable] {
    var t = ResultTable(columns: [.init("field", .text), .init("value", .text)])
    for f in fields { t.rows.append([.text(f.name), .text(f.value)]) }
    guard let payments else { return [t] }
    var pt = ResultTable(
      columns: [.init("date", .date), .init("amount", .money), .init("days_late", .integer)])
    for pay in payments {
      pt.rows.append([.date(pay.date), .money(pay.amount), .integer(Int64(pay.daysLate))])
    }
    return [t, pt]
  }
}

/// `debtor ID`: the debtor's accounts and their payment behaviour with its evidence.
///
/// The first table lists the accounts (the columns of `list`); the second is one row per
/// currency: `debtor_id, debtor_name, accounts, balance, behavior, on_time, late,
/// avg_days_late, last_payment` (`currency` after `debtor_name` when the debtor owes in several).
/// `avg_days_late` is the mean days late of the late payments, known only with a payments file.
public struct DebtorReport {
  /// The accounts.
  public var accounts: AccountList
  /// The debtor id.
  public var debtorID: String
  /// Their name.
  public var name: String
  /// Balance per currency (a single `nil` currency when one).
  public var balances: [(currency: String?, accounts: Int, balance: Cents)]
  /// The evidence of their class.
  public var evidence: PaymentEvidence

  /// Describes the debtor of `rows` (their accounts that exist at the as-of date).
  public static func compute(
    debtorID: String,
    rows: [Int],
    evaluator: Evaluator,
    columns: [FieldValues]
  ) throws(ReportError) -> DebtorReport {
    let p = evaluator.portfolio
    var mask = [UInt8](repeating: 0, count: p.rowCount)
    for r in rows { mask[r] = 1 }
    let selection = Selection(mask: mask)
    var balances: [(String?, Int, Cents)] = []
    let balance = try ReportError.derived { () throws(CobroError) in try evaluator.balances }
    if let c = try GroupDimension.currencies(evaluator: evaluator, selection: selection) {
      var sums = [WideSum](repeating: WideSum(), count: c.count)
      var counts = [Int](repeating: 0, count: c.count)
      for r in rows {
        sums[c.label(r)].add(balance[r])
        counts[c.label(r)] += 1
      }
      for k in c.labels.indices.sorted(by: { c.rank[$0] < c.rank[$1] }) where counts[k] > 0 {
        guard let v = sums[k].value else { throw ReportError.overflow }
        balances.append((c.labels[k].plain, counts[k], v))
      }
    } else {
      var s = WideSum()
      for r in rows { s.add(balance[r]) }
      guard let v = s.value else { throw ReportError.overflow }
      balances.append((nil, rows.count, v))
    }
    var evidence = PaymentEvidence()
    if let first = rows.first {
      evidence = try ReportError.derived { () throws(CobroError) in
        let debtors = try evaluator.derived.debtors()
        return try evaluator.derived.behaviors(asOf: evaluator.context.asOf)
          .perDebtor[Int(debtors.codes[first])]
      }
    }
    var name = ""
    if let first = rows.first, case .text(let names)? = p.column(named: "debtor_name")?.data {
      name = names.string(first)
    }
    return DebtorReport(
      accounts: AccountList(rows: rows, columns: columns),
      debtorID: debtorID,
      name: name,
      balances: balances,
      evidence: evidence
    )
  }

  /// The tables: accounts, then the summary.
  public var tables: [ResultTable] {
    let split = balances.contains { $0.currency != nil }
    var columns: [ResultTable.Column] = [.init("debtor_id", .text), .init("debtor_name", .text)]
    if split { columns.append(.init("currency", .text)) }
    columns += [
      .init("accounts", .integer), .init("balance", .money), .init("behavior", .text),
      .init("on_time", .integer), .init("late", .integer), .init("avg_days_late", .decimal),
      .init("last_payment", .date),
    ]
    var summary = ResultTable(columns: columns)
    for b in balances {
      var row: [Cell] = [.text(debtorID), .text(name)]
      if split { row.append(.text(b.currency ?? "")) }
      row += [
        .integer(Int64(b.accounts)), .money(b.balance), .text(evidence.behavior.name),
        .integer(Int64(evidence.onTime)), .integer(Int64(evidence.late)),
        evidence.averageDaysLateHundredths.map { .decimal(Money.plain($0)) } ?? .empty,
        evidence.lastPayment == Day.missing ? .empty : .date(Day(raw: evidence.lastPayment)),
      ]
      summary.rows.append(row)
    }
    return [accounts.table, summary]
  }
}
