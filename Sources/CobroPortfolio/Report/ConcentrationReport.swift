import CobroDiagnostics

/// `concentration [N]`: how much of the balance the N largest debtors hold.
///
/// Prints `rank, debtor_id, debtor_name, accounts, balance, share, cumulative_share` for the N
/// debtors with the largest balance (ties by debtor id), then a `total` row for those N with
/// their share of the selection's balance. Refused over several currencies.
public struct ConcentrationReport {
  /// One debtor.
  public struct Row: Sendable {
    /// Position, from 1.
    public var rank: Int
    /// The debtor id.
    public var debtorID: String
    /// The debtor's name (from their first account).
    public var name: String
    /// Selected accounts.
    public var accounts: Int
    /// Balance at the as-of date.
    public var balance: Cents
    /// Share of the selection's balance, hundredths of a percent.
    public var share: Int64
    /// Share of the first `rank` debtors together.
    public var cumulativeShare: Int64
  }

  /// The top debtors.
  public var rows: [Row]
  /// Accounts, balance and share of the top debtors together.
  public var total: (accounts: Int, balance: Cents, share: Int64)

  /// Ranks the debtors of the selected accounts.
  public static func compute(
    top n: Int,
    evaluator: Evaluator,
    selection: Selection
  ) throws(ReportError) -> ConcentrationReport {
    if let c = try GroupDimension.currencies(evaluator: evaluator, selection: selection) {
      let names = c.labels.map(\.plain).sorted()
      throw ReportError(
        "the accounts hold amounts in \(names.joined(separator: ", ")), which are never added",
        notes: ["add a currency to the filter: concentration \(n) currency \(names[0])"]
      )
    }
    let (debtors, balances) = try ReportError.derived { () throws(CobroError) in
      (try evaluator.derived.debtors(), try evaluator.balances.buffer)
    }
    let (sums, counts, whole) = try debtorSums(debtors, balances, selection.mask)
    guard let total = whole.value else { throw ReportError.overflow }
    let (ids, names) = try ReportError.derived { () throws(CobroError) in
      let ids = try FieldValues(
        Field(
          name: "debtor_id",
          source: evaluator.portfolio.columnIndex(named: "debtor_id").map { .column($0) }
            ?? .absent(defaultValue: ""),
          type: .text
        ),
        evaluator: evaluator
      )
      var names: FieldValues?
      if let c = evaluator.portfolio.columnIndex(named: "debtor_name") {
        names = try FieldValues(
          Field(name: "debtor_name", source: .column(c), type: .text),
          evaluator: evaluator
        )
      }
      return (ids, names)
    }
    var selector = RowOrderByBalance.Selector(n) { a, b in
      ids.compare(Int(debtors.firstRow[a]), Int(debtors.firstRow[b])) < 0
    }
    for d in 0..<debtors.count where counts[d] > 0 { selector.offer((d, sums[d])) }
    let top = selector.best
    var rows: [Row] = []
    var running = WideSum()
    var accounts = 0
    for (i, entry) in top.enumerated() {
      running.add(entry.balance)
      let first = Int(debtors.firstRow[entry.code])
      accounts += Int(counts[entry.code])
      guard let cumulative = running.value else { throw ReportError.overflow }
      rows.append(
        Row(
          rank: i + 1,
          debtorID: ids.text(first),
          name: names?.text(first) ?? "",
          accounts: Int(counts[entry.code]),
          balance: entry.balance,
          share: Percent.share(entry.balance, of: total),
          cumulativeShare: Percent.share(cumulative, of: total)
        )
      )
    }
    guard let held = running.value else { throw ReportError.overflow }
    return ConcentrationReport(
      rows: rows,
      total: (accounts, held, Percent.share(held, of: total))
    )
  }

  /// The balance and number of selected accounts of every debtor, and the selection's total.
  ///
  /// Sums in `Int64` and redoes the sums with `WideSum` only when one overflows: the `WideSum`
  /// per debtor (16 bytes) made this loop touch 12 MB of fresh memory for 770,000 debtors.
  /// Throws when a debtor's total does not fit in 64 bits.
  static func debtorSums(
    _ debtors: DerivedColumns.Debtors,
    _ balance: UnsafeBufferPointer<Int64>,
    _ mask: [UInt8]
  ) throws(ReportError) -> (sums: [Cents], counts: [Int32], whole: WideSum) {
    var sums = [Cents](repeating: 0, count: debtors.count)
    var counts = [Int32](repeating: 0, count: debtors.count)
    var whole = WideSum()
    var overflow = false
    mask.withUnsafeBufferPointer { m in
      debtors.codes.withUnsafeBufferPointer { codes in
        sums.withUnsafeMutableBufferPointer { s in
          counts.withUnsafeMutableBufferPointer { c in
            for r in 0..<m.count where m[r] != 0 {
              let d = Int(codes[r])
              let (v, o) = s[d].addingReportingOverflow(balance[r])
              s[d] = v
              overflow = overflow || o
              whole.add(balance[r])
              c[d] += 1
            }
          }
        }
      }
    }
    guard overflow else { return (sums, counts, whole) }
    var wide = [WideSum](repeating: WideSum(), count: debtors.count)
    for r in 0..<mask.count where mask[r] != 0 { wide[Int(debtors.codes[r])].add(balance[r]) }
    for d in 0..<debtors.count where counts[d] > 0 {
      guard let v = wide[d].value else { throw ReportError.overflow }
      sums[d] = v
    }
    return (sums, counts, whole)
  }

  /// The result table.
  public var table: ResultTable {
    var t = ResultTable(
      columns: [
        .init("rank", .integer), .init("debtor_id", .text), .init("debtor_name", .text),
        .init("accounts", .integer), .init("balance", .money), .init("share", .percent),
        .init("cumulative_share", .percent),
      ],
      totalRows: 1
    )
    for r in rows {
      t.rows.append([
        .integer(Int64(r.rank)), .text(r.debtorID), .text(r.name), .integer(Int64(r.accounts)),
        .money(r.balance), .percent(r.share), .percent(r.cumulativeShare),
      ])
    }
    t.rows.append([
      .text("total"), .empty, .empty, .integer(Int64(total.accounts)), .money(total.balance),
      .percent(total.share), .percent(total.share),
    ])
    return t
  }
}

/// Picks the largest balances, ties broken by a caller's order.
enum RowOrderByBalance {
  /// A partial selection of the best `n` entries offered, kept in order.
  ///
  /// Ranking ~770,000 debtors for a top 10 costs a compare each instead of a full sort (the sort
  /// with a closure comparator was most of `concentration` on 1,000,000 accounts).
  struct Selector {
    /// The best entries so far, best first.
    private(set) var best: [(code: Int, balance: Cents)] = []
    private let n: Int
    private let tie: (Int, Int) -> Bool

    /// Keeps the first `n` by balance descending, ties by `tie`.
    init(_ n: Int, tie: @escaping (Int, Int) -> Bool) {
      self.n = max(n, 0)
      self.tie = tie
      best.reserveCapacity(min(self.n, 1 << 16) + 1)
    }

    @inline(__always)
    private func before(_ a: (code: Int, balance: Cents), _ b: (code: Int, balance: Cents)) -> Bool
    {
      a.balance != b.balance ? a.balance > b.balance : tie(a.code, b.code)
    }

    /// Considers one entry.
    mutating func offer(_ e: (code: Int, balance: Cents)) {
      guard n > 0 else { return }
      if best.count == n {
        // Most entries lose to the current n-th: one compare (ids only on a tie).
        let last = best[n - 1]
        if e.balance < last.balance || !before(e, last) { return }
        best.removeLast()
      }
      best.insertOrdered(e, by: before)
    }
  }
}
