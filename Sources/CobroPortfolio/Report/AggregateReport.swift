import CobroDiagnostics

/// `count`, `sum`, `avg`, `min` and `max` of a field over the selected accounts.
///
/// Money of several currencies is never added: when the selected accounts hold more than one,
/// the result has a `currency` column and one row per currency. A sum of no rows is 0; an
/// average, minimum or maximum of no rows is empty. The average of money rounds half up (away
/// from zero) to cents; the average of days or counts is printed with two decimals, rounded the
/// same way. Empty cells are left out of every aggregate but `count`.
public struct AggregateReport: Sendable {
  /// The aggregate functions.
  public enum Function: String, Sendable, CaseIterable {
    /// Number of accounts.
    case count
    /// Sum.
    case sum
    /// Arithmetic mean.
    case avg
    /// Smallest value.
    case min
    /// Largest value.
    case max
  }

  /// The function.
  public var function: Function
  /// The result column's name: `count`, or `sum_balance` (the canonical field name).
  public var columnName: String
  /// How the value prints.
  public var kind: ResultTable.CellKind
  /// One value per currency (`currency` nil when there is a single one).
  public var rows: [(currency: String?, value: Cell)]

  /// Whether a field can be aggregated by a function; `nil` when it can, else the reason.
  public static func refusal(_ function: Function, _ field: Field) -> String? {
    switch field.type {
    case .money, .integer, .days: return nil
    case .date:
      return function == .min || function == .max ? nil : "dates can only take min and max"
    default: return "\(function.rawValue) needs a number, an amount or a date"
    }
  }

  /// Computes the aggregate (`field` is ignored by `count`).
  public static func compute(
    _ function: Function,
    field: Field?,
    evaluator: Evaluator,
    selection: Selection
  ) throws(ReportError) -> AggregateReport {
    guard function != .count, let field else {
      return AggregateReport(
        function: .count,
        columnName: "count",
        kind: .integer,
        rows: [(nil, .integer(Int64(selection.count)))]
      )
    }
    let values = try ReportError.derived { () throws(CobroError) in
      try FieldValues(field, evaluator: evaluator)
    }
    var kind = values.kind
    if function == .avg && field.type != .money { kind = .decimal }
    let name = "\(function.rawValue)_\(field.name)"
    let currencies =
      field.type == .money
      ? try GroupDimension.currencies(evaluator: evaluator, selection: selection) : nil
    let groups = currencies?.count ?? 1
    var acc = [Accumulator](repeating: Accumulator(), count: groups)
    let n = evaluator.portfolio.rowCount
    let numbers = try ReportError.derived { () throws(CobroError) in
      try NumericColumn(field, evaluator: evaluator)
    }
    selection.mask.withUnsafeBufferPointer { m in
      if currencies == nil, case .buffer64(let b) = numbers {
        acc[0] = Accumulator.scan(
          b.buffer,
          mask: m,
          missing: Column.missingMoney,
          extremes: function == .min || function == .max
        )
        return
      }
      for r in 0..<n where m[r] != 0 {
        guard let v = numbers.value(r) else { continue }
        acc[currencies?.label(r) ?? 0].add(v)
      }
    }
    var rows: [(String?, Cell)] = []
    let order = (0..<groups).sorted { a, b in
      (currencies?.rank[a] ?? 0) < (currencies?.rank[b] ?? 0)
    }
    for g in order {
      let a = acc[g]
      let label: String? = currencies.map { $0.labels[g].plain }
      if currencies != nil && a.rows == 0 { continue }
      let cell: Cell
      switch function {
      case .count:
        cell = .integer(Int64(a.rows))
      case .sum:
        guard let s = a.sum.value else { throw ReportError.overflow }
        cell = wrap(s, field)
      case .avg:
        guard a.count > 0 else {
          cell = .empty
          break
        }
        guard let s = a.sum.value else { throw ReportError.overflow }
        if field.type == .money {
          cell = .money(Money.roundHalfUp(s, Int64(a.count)))
        } else {
          let (scaled, o) = s.multipliedReportingOverflow(by: 100)
          guard !o else { throw ReportError.overflow }
          cell = .decimal(Money.plain(Money.roundHalfUp(scaled, Int64(a.count))))
        }
      case .min:
        cell = a.count > 0 ? wrap(a.min, field) : .empty
      case .max:
        cell = a.count > 0 ? wrap(a.max, field) : .empty
      }
      rows.append((label, cell))
    }
    if rows.isEmpty { rows.append((nil, function == .sum ? wrap(0, field) : .empty)) }
    return AggregateReport(function: function, columnName: name, kind: kind, rows: rows)
  }

  /// A number as a cell of the field's type.
  private static func wrap(_ v: Int64, _ field: Field) -> Cell {
    switch field.type {
    case .money: .money(v)
    case .date: .date(Day(raw: Int32(truncatingIfNeeded: v)))
    default: .integer(v)
    }
  }

  /// The result: `count` or `sum_FIELD`, after a `currency` column when there are several.
  public var table: ResultTable {
    let split = rows.contains { $0.currency != nil }
    var t = ResultTable(
      columns: (split ? [.init("currency", .text)] : []) + [.init(columnName, kind)]
    )
    for row in rows {
      t.rows.append((split ? [.text(row.currency ?? "")] : []) + [row.value])
    }
    return t
  }

  /// Running sum, count, min and max of one group.
  private struct Accumulator {
    /// Rows added.
    var rows = 0
    /// Rows with a value.
    var count = 0
    /// Sum of the values.
    var sum = WideSum()
    /// Smallest value (`Int64.max` when none).
    var min = Int64.max
    /// Largest value (`Int64.min` when none).
    var max = Int64.min

    /// Adds one value.
    mutating func add(_ v: Int64) {
      rows += 1
      count += 1
      sum.add(v)
      if v < min { min = v }
      if v > max { max = v }
    }

    /// One fused, branch-free pass over a 64-bit column: count and sum of the selected rows
    /// whose cell is not `missing`; a second pass for min and max only when asked.
    static func scan(
      _ values: UnsafeBufferPointer<Int64>,
      mask: UnsafeBufferPointer<UInt8>,
      missing: Int64,
      extremes: Bool
    ) -> Accumulator {
      guard let v = values.baseAddress, let m = mask.baseAddress else { return Accumulator() }
      let n = Swift.min(values.count, mask.count)
      return RowHalves.map(n) { rows in scan(v, m, rows, missing: missing, extremes: extremes) }
        .reduce(Accumulator()) { a, b in a.merged(b) }
    }

    /// `scan` over some rows.
    private static func scan(
      _ v: UnsafePointer<Int64>,
      _ m: UnsafePointer<UInt8>,
      _ rows: Range<Int>,
      missing: Int64,
      extremes: Bool
    ) -> Accumulator {
      var a = Accumulator()
      var count = 0
      var high: Int64 = 0
      var low: Int64 = 0
      for i in rows {
        let x = v[i]
        let take = Int64(m[i]) & (x != missing ? 1 : 0)
        let all = 0 &- take
        count &+= Int(take)
        high &+= (x >> 32) & all
        low &+= (x & 0xFFFF_FFFF) & all
      }
      a.rows = count
      a.count = count
      a.sum.high = high
      a.sum.low = low
      if extremes {
        var lo = Int64.max
        var hi = Int64.min
        for i in rows where m[i] != 0 && v[i] != missing {
          lo = Swift.min(lo, v[i])
          hi = Swift.max(hi, v[i])
        }
        a.min = lo
        a.max = hi
      }
      return a
    }

    /// The totals of two sets of rows.
    func merged(_ o: Accumulator) -> Accumulator {
      var a = self
      a.rows += o.rows
      a.count += o.count
      a.sum.add(o.sum)
      a.min = Swift.min(a.min, o.min)
      a.max = Swift.max(a.max, o.max)
      return a
    }
  }
}

/// The numbers of a field row by row (money in cents, days, counts, day numbers).
enum NumericColumn {
  /// Money or the journal's counts, `Column.missingMoney` for empty cells.
  case buffer64(ColumnBuffer<Int64>)
  /// Day numbers or whole numbers, `Int32.min` (`Day.missing`, `Column.missingInteger`) for
  /// empty cells.
  case buffer32(Int32Values)
  /// Days overdue, computed per row.
  case overdue(due: Int32Values, balance: ColumnBuffer<Int64>, asOf: Int)
  /// One value for every row (a missing column with a default), or none.
  case constant(Int64?)

  /// Resolves a field's numbers.
  init(_ field: Field, evaluator: Evaluator) throws(CobroError) {
    let p = evaluator.portfolio
    switch field.source {
    case .balance: self = .buffer64(try evaluator.balances)
    case .overdue:
      self = .overdue(
        due: p.dueDates.values,
        balance: try evaluator.balances,
        asOf: Int(evaluator.context.asOf.raw)
      )
    case .column(let i):
      switch p.columns[i].data {
      case .money(let m): self = .buffer64(m)
      case .date(let d), .integer(let d): self = .buffer32(d.values)
      default: self = .constant(nil)
      }
    case .absent(let d): self = .constant(Int64(d))
    case .external(let e):
      switch evaluator.column(e) {
      case .numbers(let n): self = .buffer64(n)
      case .dates(let d): self = .buffer32(d.values)
      case .codes: self = .constant(nil)
      }
    default: self = .constant(nil)
    }
  }

  /// The number of a row, `nil` for an empty cell.
  @inline(__always)
  func value(_ r: Int) -> Int64? {
    switch self {
    case .buffer64(let b):
      let v = b[r]
      return v == Column.missingMoney ? nil : v
    case .buffer32(let d):
      let v = d[r]
      return v == Int32.min ? nil : Int64(v)
    case .overdue(let due, let balance, let asOf):
      return Int64(ComputedFields.daysOverdue(due: due[r], balance: balance[r], asOf: asOf))
    case .constant(let c): return c
    }
  }
}
