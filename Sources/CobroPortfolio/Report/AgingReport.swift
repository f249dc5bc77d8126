/// `aging [by F]`: accounts and balance per aging bucket, every bucket even when empty.
///
/// Plain `aging` prints `bucket, count, balance, share`, one row per bucket in order, then a
/// `total` row. `aging by F` prints the long form `F, bucket, count, balance, share`: for each
/// value of F (by balance descending, then value) every bucket; then `total` rows, one per
/// bucket and a last `total, total`. Shares are of the result's total balance. Over several
/// currencies a `currency` column follows `bucket`, the rows of each currency come together
/// and shares are of that currency's total.
public struct AgingReport {
  /// One row: a value of F (when grouped), a bucket (or `total`), and its totals.
  public struct Row: Sendable {
    /// The value of F, or `total`; `nil` without `by`.
    public var group: Cell?
    /// The bucket label, or `total`.
    public var bucket: String
    /// The currency, when split.
    public var currency: String?
    /// Accounts.
    public var count: Int
    /// Balance.
    public var balance: Cents
    /// Share of the (currency's) total, in hundredths of a percent.
    public var share: Int64
  }

  /// The field of `by`, and how its values print.
  public var by: (name: String, kind: ResultTable.CellKind)?
  /// Whether a `currency` column is present.
  public var splitByCurrency: Bool
  /// Data rows, in order.
  public var rows: [Row]
  /// Total rows, at the end.
  public var totals: [Row]

  /// Ages the selected accounts.
  public static func compute(
    by field: Field?,
    evaluator: Evaluator,
    selection: Selection
  ) throws(ReportError) -> AgingReport {
    let bucketField = Field(name: "bucket", source: .bucket, type: .bucket)
    let bucketDim = try GroupDimension(bucketField, evaluator: evaluator, selection: selection)
    var dims = [bucketDim]
    let groupDim = try field.map { (f) throws(ReportError) in
      try GroupDimension(f, evaluator: evaluator, selection: selection)
    }
    if let groupDim { dims.append(groupDim) }
    let currencyDim = try GroupDimension.currencies(evaluator: evaluator, selection: selection)
    if let currencyDim { dims.append(currencyDim) }
    let totals = try GroupAccumulator.totals(dims, evaluator: evaluator, selection: selection)
    let labels = evaluator.context.buckets.labels
    let currencies =
      currencyDim.map { d in d.labels.indices.sorted { d.rank[$0] < d.rank[$1] } } ?? [0]
    let ci = dims.count - 1
    var rows: [Row] = []
    var totalRows: [Row] = []
    for c in currencies {
      let mine = totals.filter { currencyDim == nil || $0.key[ci] == c }
      if currencyDim != nil && mine.isEmpty { continue }
      let currency = currencyDim.map { $0.labels[c].plain }
      var all = GroupTotals()
      for t in mine.values { all.add(t) }
      let whole = try all.exactBalance()
      // Per bucket (over every value of F).
      var perBucket = [GroupTotals](repeating: GroupTotals(), count: labels.count)
      for (key, t) in mine { perBucket[key[0]].add(t) }
      if let groupDim {
        var perGroup: [Int: GroupTotals] = [:]
        for (key, t) in mine { perGroup[key[1], default: GroupTotals()].add(t) }
        var groups: [(Int, Cents)] = []
        for (g, t) in perGroup { groups.append((g, try t.exactBalance())) }
        groups.sort { a, b in
          a.1 != b.1 ? a.1 > b.1 : groupDim.rank[a.0] < groupDim.rank[b.0]
        }
        for (g, _) in groups {
          for b in labels.indices {
            var key = [b, g]
            if currencyDim != nil { key.append(c) }
            let t = mine[key] ?? GroupTotals()
            let balance = try t.exactBalance()
            rows.append(
              Row(
                group: groupDim.labels[g],
                bucket: labels[b],
                currency: currency,
                count: t.count,
                balance: balance,
                share: Percent.share(balance, of: whole)
              )
            )
          }
        }
        for b in labels.indices {
          let balance = try perBucket[b].exactBalance()
          totalRows.append(
            Row(
              group: .text("total"),
              bucket: labels[b],
              currency: currency,
              count: perBucket[b].count,
              balance: balance,
              share: Percent.share(balance, of: whole)
            )
          )
        }
        totalRows.append(
          Row(
            group: .text("total"),
            bucket: "total",
            currency: currency,
            count: all.count,
            balance: whole,
            share: whole == 0 ? 0 : 10_000
          )
        )
      } else {
        for b in labels.indices {
          let balance = try perBucket[b].exactBalance()
          rows.append(
            Row(
              group: nil,
              bucket: labels[b],
              currency: currency,
              count: perBucket[b].count,
              balance: balance,
              share: Percent.share(balance, of: whole)
            )
          )
        }
        totalRows.append(
          Row(
            group: nil,
            bucket: "total",
            currency: currency,
            count: all.count,
            balance: whole,
            share: whole == 0 ? 0 : 10_000
          )
        )
      }
    }
    return AgingReport(
      by: field.map { f in (f.name, groupDim?.kind ?? .text) },
      splitByCurrency: currencyDim != nil,
      rows: rows,
      totals: totalRows
    )
  }

  /// The result table.
  public var table: ResultTable {
    var columns: [ResultTable.Column] = []
    if let by { columns.append(.init(by.name, by.kind)) }
    columns.append(.init("bucket", .text))
    if splitByCurrency { columns.append(.init("currency", .text)) }
    columns += [.init("count", .integer), .init("balance", .money), .init("share", .percent)]
    var t = ResultTable(columns: columns, totalRows: totals.count)
    t.isWhole = true
    for r in rows + totals {
      var cells: [Cell] = []
      if by != nil { cells.append(r.group ?? .empty) }
      cells.append(.text(r.bucket))
      if splitByCurrency { cells.append(.text(r.currency ?? "")) }
      cells += [.integer(Int64(r.count)), .money(r.balance), .percent(r.share)]
      t.rows.append(cells)
    }
    return t
  }
}
