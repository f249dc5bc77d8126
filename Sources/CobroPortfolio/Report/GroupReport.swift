/// `group by F[, G]`: accounts, balance, share of the balance and average days overdue per value.
///
/// Groups come by balance descending, then by value; a last `total` row adds them up. When the
/// selected accounts hold several currencies and the grouping does not include `currency`, a
/// `currency` column follows the grouping columns, each currency's groups come together (in
/// currency order) with shares of that currency's total, and there is one `total` row per
/// currency. Grouping by `currency` first over several currencies prints no total row, since
/// each group already is its currency's total and amounts in different currencies are never
/// added.
public struct GroupReport {
  /// One group.
  public struct Row: Sendable {
    /// The values of the grouping fields.
    public var labels: [Cell]
    /// The currency, when the result is split by currency.
    public var currency: String?
    /// Count, balance, days overdue.
    public var totals: GroupTotals
    /// Exact balance.
    public var balance: Cents
    /// Share of the currency's total balance, in hundredths of a percent.
    public var share: Int64
  }

  /// The grouping fields, and how their values print.
  public var fields: [(name: String, kind: ResultTable.CellKind)]
  /// Whether a `currency` column follows the grouping columns.
  public var splitByCurrency: Bool
  /// The groups, in order.
  public var rows: [Row]
  /// The totals, one per currency.
  public var totals: [Row]

  /// Groups the selected accounts.
  public static func compute(
    by fields: [Field],
    evaluator: Evaluator,
    selection: Selection
  ) throws(ReportError) -> GroupReport {
    var dims = try fields.map { (f) throws(ReportError) in
      try GroupDimension(f, evaluator: evaluator, selection: selection)
    }
    let groupsByCurrency = fields.contains { $0.name == "currency" }
    var currencyDim: Int?
    if let c = try GroupDimension.currencies(evaluator: evaluator, selection: selection) {
      if let i = fields.firstIndex(where: { $0.name == "currency" }) {
        currencyDim = i
      } else {
        dims.append(c)
        currencyDim = dims.count - 1
      }
    }
    let totals = try GroupAccumulator.totals(dims, evaluator: evaluator, selection: selection)
    let shown = fields.count
    // Per-currency totals.
    var byCurrency: [Int: GroupTotals] = [:]
    for (key, t) in totals {
      byCurrency[currencyDim.map { key[$0] } ?? 0, default: GroupTotals()].add(t)
    }
    var currencyBalance: [Int: Cents] = [:]
    for (k, t) in byCurrency { currencyBalance[k] = try t.exactBalance() }
    var keys: [[Int]] = []
    var built: [Row] = []
    keys.reserveCapacity(totals.count)
    built.reserveCapacity(totals.count)
    for (key, t) in totals {
      let c = currencyDim.map { key[$0] } ?? 0
      let balance = try t.exactBalance()
      keys.append(key)
      built.append(
        Row(
          labels: (0..<shown).map { dims[$0].labels[key[$0]] },
          currency: currencyDim.map { dims[$0].labels[c].plain },
          totals: t,
          balance: balance,
          share: Percent.share(balance, of: currencyBalance[c] ?? 0)
        )
      )
    }
    // The rows' order by index (moving indices, not rows): currency, balance (largest first),
    // then each label's rank.
    let currencyRank = keys.map { key in currencyDim.map { dims[$0].rank[key[$0]] } ?? 0 }
    let balances = built.map(\.balance)
    let ranks = (0..<shown).map { d in keys.map { dims[d].rank[$0[d]] } }
    let order = built.indices.sorted { a, b in
      if currencyRank[a] != currencyRank[b] { return currencyRank[a] < currencyRank[b] }
      if balances[a] != balances[b] { return balances[a] > balances[b] }
      for d in 0..<shown where ranks[d][a] != ranks[d][b] { return ranks[d][a] < ranks[d][b] }
      return false
    }
    let rows = order.map { built[$0] }
    var totalRows: [Row] = []
    let omitTotals = currencyDim == 0 && groupsByCurrency
    if !omitTotals {
      let keys = byCurrency.keys.sorted { a, b in
        guard let cd = currencyDim else { return a < b }
        return dims[cd].rank[a] < dims[cd].rank[b]
      }
      for k in (keys.isEmpty ? [0] : keys) {
        let t = byCurrency[k] ?? GroupTotals()
        let balance = currencyBalance[k] ?? 0
        var labels: [Cell] = [.text("total")] + Array(repeating: .empty, count: max(0, shown - 1))
        if let cd = currencyDim, cd < shown { labels[cd] = dims[cd].labels[k] }
        totalRows.append(
          Row(
            labels: labels,
            currency: currencyDim.map { $0 < shown ? nil : dims[$0].labels[k].plain } ?? nil,
            totals: t,
            balance: balance,
            share: balance == 0 ? 0 : 10_000
          )
        )
      }
    }
    return GroupReport(
      fields: zip(fields, dims).map { ($0.name, $1.kind) },
      splitByCurrency: currencyDim.map { $0 >= shown } ?? false,
      rows: rows,
      totals: totalRows
    )
  }

  /// The result: `F[, G][, currency], count, balance, share, avg_overdue`, then the totals.
  public var table: ResultTable {
    var columns = fields.map { ResultTable.Column($0.name, $0.kind) }
    if splitByCurrency { columns.append(.init("currency", .text)) }
    columns += [
      .init("count", .integer), .init("balance", .money), .init("share", .percent),
      .init("avg_overdue", .decimal),
    ]
    var t = ResultTable(columns: columns, totalRows: totals.count)
    t.isWhole = true
    for r in rows + totals {
      t.rows.append(
        r.labels + (splitByCurrency ? [.text(r.currency ?? "")] : [])
          + [
            .integer(Int64(r.totals.count)), .money(r.balance), .percent(r.share),
            .decimal(r.totals.averageOverdue),
          ]
      )
    }
    return t
  }
}
