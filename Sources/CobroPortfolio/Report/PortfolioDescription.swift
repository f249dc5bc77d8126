import CobroDiagnostics

/// `describe`: the portfolio at a glance, as five result tables.
///
/// 1. `item, value`: source, accounts, debtors, currencies, as-of date and cut-off, accounts left
///    out because they were issued after an earlier as-of date, the ranges of due and issue
///    dates, payments loaded (count and date range) and rejected rows.
/// 2. `currency, accounts, debtors, balance, avg_balance`: one row per currency, by code.
/// 3. `status, currency, count, balance, share` and 4. the same by `segment`: one row per value
///    and currency (currencies by code, then balance descending, then value), then one `total`
///    row per currency; `share` is the percent of that currency's balance.
/// 5. `column, type, canonical, alias, header, non_empty`: every column of the file, then
///    `type_from` when the file has extra columns: why each has its type (`ColumnTyping`).
/// 6. `field, values, as, accounts`: the `recode`s in force, only when there are any.
///
/// Balances are those at the as-of date (`Portfolio.balance(row:asOf:)`) and accounts issued
/// after it are left out (`Portfolio.exists(row:asOf:issueDates:)`); amounts in different
/// currencies are never added. An empty currency cell (or a file without the column) is `COP`,
/// an empty status (or none) is `active`. Averages round half up to the cent.
public struct PortfolioDescription {
  /// The portfolio described.
  public var portfolio: Portfolio
  /// The as-of date in force.
  public var asOf: Day
  /// Rows of the payments file the loader rejected (the portfolio keeps only its own).
  public var paymentRejects: Int

  /// Creates a description.
  public init(portfolio: Portfolio, asOf: Day, paymentRejects: Int = 0) {
    self.portfolio = portfolio
    self.asOf = asOf
    self.paymentRejects = paymentRejects
  }

  /// A total that does not fit in 64 bits of cents (only absurd data gets there).
  public struct Overflow: Error, Sendable {
    /// What could not be added (`balance COP`).
    public var what: String
  }

  /// The five tables, in order.
  ///
  /// Ctrl-C cuts the work short (`Interruption`); whoever prints the tables checks for the
  /// interruption first.
  public func tables() throws(Overflow) -> [ResultTable] {
    let p = portfolio
    let n = p.rowCount
    let issueDates = dateColumn("issue_date")
    let currencies = Labels(category("currency"), empty: CanonicalSchema.defaultCurrency)
    let statuses = Labels(category("status"), empty: "active")
    let segments = Labels(category("segment"), empty: "")
    let debtors = textColumn("debtor_id").map { DebtorNumbering(ids: $0) }

    var described = [Bool](repeating: true, count: n)
    var leftOut = 0
    for r in 0..<n where !p.exists(row: r, asOf: asOf, issueDates: issueDates) {
      described[r] = false
      leftOut += 1
    }

    // Balances and counts per currency, per status and currency, per segment and currency.
    let nc = currencies.names.count
    var byCurrency = Totals(count: nc)
    var byStatus = Totals(count: statuses.names.count * nc)
    var bySegment = Totals(count: segments.names.count * nc)
    var dueRange = DayRange()
    var issueRange = DayRange()
    let due = p.dueDates
    let computed = p.computed(asOf: asOf)
    for r in 0..<n where described[r] {
      if r % Interruption.stride == 0 {
        if Interruption.requested { break }
        Interruption.reporter?("describing", r, n)
      }
      let b = computed.balance(row: r)
      let c = currencies.label(r)
      byCurrency.add(c, b)
      byStatus.add(statuses.label(r) * nc + c, b)
      bySegment.add(segments.label(r) * nc + c, b)
      dueRange.include(due[r])
      if let issueDates { issueRange.include(issueDates[r]) }
    }
    if let bad = byCurrency.overflowed ?? byStatus.overflowed ?? bySegment.overflowed {
      throw Overflow(what: "balance \(currencies.names[bad % nc])")
    }

    // Distinct debtors, overall and per currency (a bit per currency and debtor when they fit
    // in a word, else a set of pairs).
    var debtorsPerCurrency = [Int](repeating: 0, count: nc)
    var debtorCount = 0
    if let debtors {
      var seenMask = [UInt64](repeating: 0, count: nc <= 64 ? debtors.count : 0)
      var seenPairs = Set<Int>()
      debtors.numbers.withUnsafeBufferPointer { numbers in
        for r in 0..<n where described[r] {
          if r % Interruption.stride == 0 && Interruption.requested { break }
          let d = Int(numbers[r])
          let c = currencies.label(r)
          if nc <= 64 {
            let bit: UInt64 = 1 << UInt64(c)
            let m = seenMask[d]
            if m == 0 { debtorCount += 1 }
            if m & bit == 0 {
              debtorsPerCurrency[c] += 1
              seenMask[d] = m | bit
            }
          } else {
            if seenPairs.insert(d * nc + c).inserted { debtorsPerCurrency[c] += 1 }
            if seenPairs.insert(-1 - d).inserted { debtorCount += 1 }
          }
        }
      }
    }

    let order = currencies.sortedByName.filter { byCurrency.counts[$0] > 0 }
    return [
      overview(
        accounts: n - leftOut,
        debtors: debtorCount,
        currencies: order.map { currencies.names[$0] },
        leftOut: leftOut,
        due: dueRange,
        issued: issueDates == nil ? nil : issueRange
      ),
      currencyTable(order, currencies, byCurrency, debtorsPerCurrency),
      groupTable("status", statuses, byStatus, order, currencies, byCurrency),
      groupTable("segment", segments, bySegment, order, currencies, byCurrency),
      columnTable(),
    ] + (p.recodes.isEmpty ? [] : [recodeTable()])
  }

  // MARK: - Tables

  private func overview(
    accounts: Int,
    debtors: Int,
    currencies: [String],
    leftOut: Int,
    due: DayRange,
    issued: DayRange?
  ) -> ResultTable {
    var t = ResultTable(columns: [.init("item", .text), .init("value", .text)])
    func add(_ item: String, _ value: Cell) { t.rows.append([.text(item), value]) }
    func date(_ raw: Int32?) -> Cell { raw.map { .date(Day(raw: $0)) } ?? .empty }
    add("source", .text(portfolio.source))
    add("accounts", .integer(Int64(accounts)))
    add("debtors", .integer(Int64(debtors)))
    add("currencies", .text(currencies.joined(separator: ", ")))
    add("asof", .date(asOf))
    add("cutoff", .date(portfolio.cutoff))
    add("issued_after_asof", .integer(Int64(leftOut)))
    add("due_from", date(due.low))
    add("due_to", date(due.high))
    add("issued_from", date(issued?.low))
    add("issued_to", date(issued?.high))
    var payments = DayRange()
    if let h = portfolio.payments {
      for d in h.dates { payments.include(d) }
    }
    add("payments", .integer(Int64(portfolio.payments?.count ?? 0)))
    add("payments_from", date(payments.low))
    add("payments_to", date(payments.high))
    add("rejected_rows", .integer(Int64(portfolio.rejects.count)))
    add("rejected_payments", .integer(Int64(paymentRejects)))
    return t
  }

  private func currencyTable(
    _ order: [Int],
    _ currencies: Labels,
    _ totals: Totals,
    _ debtors: [Int]
  ) -> ResultTable {
    var t = ResultTable(columns: [
      .init("currency", .text), .init("accounts", .integer), .init("debtors", .integer),
      .init("balance", .money), .init("avg_balance", .money),
    ])
    for c in order {
      let count = totals.counts[c]
      t.rows.append([
        .text(currencies.names[c]), .integer(Int64(count)), .integer(Int64(debtors[c])),
        .money(totals.sums[c]), .money(Money.roundHalfUp(totals.sums[c], Int64(count))),
      ])
    }
    return t
  }

  private func groupTable(
    _ name: String,
    _ labels: Labels,
    _ totals: Totals,
    _ order: [Int],
    _ currencies: Labels,
    _ currencyTotals: Totals
  ) -> ResultTable {
    let nc = currencies.names.count
    var t = ResultTable(columns: [
      .init(name, .text), .init("currency", .text), .init("count", .integer),
      .init("balance", .money), .init("share", .percent),
    ])
    for c in order {
      let whole = currencyTotals.sums[c]
      let present = (0..<labels.names.count).filter { totals.counts[$0 * nc + c] > 0 }
      let sorted = present.sorted { a, b in
        let (x, y) = (totals.sums[a * nc + c], totals.sums[b * nc + c])
        return x != y ? x > y : labels.names[a] < labels.names[b]
      }
      for l in sorted {
        let k = l * nc + c
        t.rows.append([
          .text(labels.names[l]), .text(currencies.names[c]), .integer(Int64(totals.counts[k])),
          .money(totals.sums[k]), .percent(Percent.share(totals.sums[k], of: whole)),
        ])
      }
    }
    for c in order {
      let whole = currencyTotals.sums[c]
      t.rows.append([
        .text("total"), .text(currencies.names[c]), .integer(Int64(currencyTotals.counts[c])),
        .money(whole), .percent(Percent.share(whole, of: whole)),
      ])
    }
    t.totalRows = order.count
    return t
  }

  private func columnTable() -> ResultTable {
    // Only extra columns have a type to explain: a file of canonical columns keeps six.
    let typed = portfolio.columns.contains { $0.typeNote != nil }
    var t = ResultTable(
      columns: [
        .init("column", .text), .init("type", .text), .init("canonical", .text),
        .init("alias", .text), .init("header", .text), .init("non_empty", .integer),
      ] + (typed ? [.init("type_from", .text)] : [])
    )
    for c in portfolio.columns where !Interruption.requested {
      t.rows.append(
        [
          .text(c.name), .text(c.type.rawValue), c.field.map { .text($0.name) } ?? .empty,
          c.field.map { .text($0.alias) } ?? .empty, .text(c.header),
          .integer(Int64(PortfolioDescription.nonEmpty(c, rows: portfolio.rowCount))),
        ] + (typed ? [c.typeNote.map { .text($0) } ?? .empty] : [])
      )
    }
    return t
  }

  /// 6. `field, values, as, accounts`: the `recode`s in force, in order (only when any).
  private func recodeTable() -> ResultTable {
    var t = ResultTable(columns: [
      .init("field", .text), .init("values", .text), .init("as", .text),
      .init("accounts", .integer),
    ])
    for r in portfolio.recodes {
      t.rows.append([
        .text(r.field), .text(r.values.joined(separator: ", ")), .text(r.target),
        .integer(Int64(r.accounts)),
      ])
    }
    return t
  }

  /// Number of non-empty cells of a column.
  static func nonEmpty(_ c: Column, rows: Int) -> Int {
    var n = 0
    switch c.data {
    case .text(let t):
      for r in 0..<rows where !t.isEmpty(r) { n += 1 }
    case .category(let cat):
      let codes = cat.codes
      for r in 0..<codes.count where codes[r] != 0 { n += 1 }
    case .money(let m):
      for v in m.buffer where v != Column.missingMoney { n += 1 }
    case .date(let d), .integer(let d):
      let values = d.values
      for r in 0..<values.count where values[r] != Int32Column.missing { n += 1 }
    }
    return n
  }

  // MARK: - Columns

  private func category(_ name: String) -> CategoryColumn? {
    if case .category(let c)? = portfolio.column(named: name)?.data { return c }
    return nil
  }

  private func textColumn(_ name: String) -> TextColumn? {
    if case .text(let t)? = portfolio.column(named: name)?.data { return t }
    return nil
  }

  private func dateColumn(_ name: String) -> Int32Column? {
    if case .date(let d)? = portfolio.column(named: name)?.data { return d }
    return nil
  }
}

/// The distinct labels of a category column, with the empty cell given a default label.
private struct Labels {
  /// Each label once.
  let names: [String]
  /// The label number of each code.
  let ofCode: [Int]
  /// The codes of the column (`nil`: every row has label 0, the default).
  let codes: CategoryCodes?

  init(_ column: CategoryColumn?, empty: String) {
    guard let column else {
      names = [empty]
      ofCode = []
      codes = nil
      return
    }
    // Spellings of one value are one label, as filters and `group by` see them.
    var values = column.values
    values[0] = empty
    let groups = SpellingGroups(column, values: values)
    self.names = groups.labels
    self.ofCode = groups.groupOf.map { Int($0) }
    self.codes = column.codes
  }

  /// The label number of row `r`.
  @inline(__always)
  func label(_ r: Int) -> Int {
    guard let codes else { return 0 }
    return ofCode[Int(codes[r])]
  }

  /// Label numbers sorted by name.
  var sortedByName: [Int] { names.indices.sorted { names[$0] < names[$1] } }
}

/// Counts and balance sums per group, remembering the first group whose sum overflowed.
private struct Totals {
  var counts: [Int]
  var sums: [Int64]
  var overflowed: Int?

  init(count: Int) {
    counts = [Int](repeating: 0, count: count)
    sums = [Int64](repeating: 0, count: count)
  }

  @inline(__always)
  mutating func add(_ group: Int, _ amount: Int64) {
    counts[group] += 1
    let (s, o) = sums[group].addingReportingOverflow(amount)
    sums[group] = s
    if o && overflowed == nil { overflowed = group }
  }
}

/// The earliest and latest of a set of day numbers, ignoring `Day.missing`.
private struct DayRange {
  var low: Int32?
  var high: Int32?

  @inline(__always)
  mutating func include(_ d: Int32) {
    guard d != Day.missing else { return }
    if low.map({ d < $0 }) ?? true { low = d }
    if high.map({ d > $0 }) ?? true { high = d }
  }
}
