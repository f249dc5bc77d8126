import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The values of one field row by row, as result cells and as an order: what `list`, `sort`,
/// `group by` and `show` read.
///
/// The field is resolved to its storage once; `cell(_:)` and `compare(_:_:)` then cost a few
/// loads per row.
public struct FieldValues {
  /// The field.
  public let field: Field
  /// The storage the values come from.
  private let storage: Storage

  /// The column or computed values behind a field.
  private enum Storage {
    /// Free text.
    case text(TextColumn)
    /// Codes, the effective value of each code and each code's rank in value order.
    case category(CategoryCodes, values: [String], rank: [Int])
    /// Money in cents.
    case money(ColumnBuffer<Int64>)
    /// Whole numbers of the journal (never empty).
    case integer(ColumnBuffer<Int64>)
    /// Whole numbers of a column; `Column.missingInteger` marks an empty cell.
    case count(Int32Values)
    /// Day numbers.
    case date(Int32Values)
    /// Days overdue, from the due dates and the balances at the as-of date.
    case overdue(due: Int32Values, balance: ColumnBuffer<Int64>, asOf: Int)
    /// Bucket or class codes and their labels.
    case codes([UInt8], labels: [String])
    /// One value for every row.
    case constant(Cell)
  }

  /// The values as 64-bit integers, when the field is money (cents) or a whole number.
  var int64Values: UnsafeBufferPointer<Int64>? {
    switch storage {
    case .money(let b), .integer(let b): return b.buffer
    default: return nil
    }
  }

  /// Resolves a field's storage for an evaluator (as-of date, buckets, derived columns).
  public init(_ field: Field, evaluator: Evaluator) throws(CobroError) {
    self.field = field
    let p = evaluator.portfolio
    switch field.source {
    case .balance:
      storage = .money(try evaluator.balances)
    case .overdue:
      storage = .overdue(
        due: p.dueDates.values,
        balance: try evaluator.balances,
        asOf: Int(evaluator.context.asOf.raw)
      )
    case .bucket:
      storage = .codes(
        try evaluator.derived.bucketCodes(evaluator.context),
        labels: evaluator.context.buckets.labels
      )
    case .behavior:
      storage = .codes(
        try evaluator.derived.behaviors(asOf: evaluator.context.asOf).rowCodes,
        labels: Behavior.allCases.map(\.name)
      )
    case .absent(let d):
      storage = .constant(field.type == .integer ? .integer(Int64(d) ?? 0) : .text(d))
    case .external(let e):
      switch evaluator.column(e) {
      case .numbers(let n): storage = e.type == .money ? .money(n) : .integer(n)
      case .dates(let d): storage = .date(d.values)
      case .codes(let codes): storage = .codes(codes, labels: e.type.words)
      }
    case .column(let i):
      switch p.columns[i].data {
      case .text(let t): storage = .text(t)
      case .category(let cat):
        let values = Checker.effectiveValues(cat, field: field.name)
        let order = values.indices.sorted { values[$0] < values[$1] }
        var rank = [Int](repeating: 0, count: values.count)
        for (k, code) in order.enumerated() { rank[code] = k }
        storage = .category(cat.codes, values: values, rank: rank)
      case .money(let m): storage = .money(m)
      case .integer(let n): storage = .count(n.values)
      case .date(let d): storage = .date(d.values)
      }
    }
  }

  /// How cells of this field are printed.
  public var kind: ResultTable.CellKind {
    switch field.type {
    case .money: .money
    case .date: .date
    case .integer, .days: .integer
    default: .text
    }
  }

  /// The value of a row as a result cell (`.empty` for an empty cell).
  public func cell(_ r: Int) -> Cell {
    switch storage {
    case .text(let t): return .text(t.string(r))
    case .category(let codes, let values, _): return .text(values[Int(codes[r])])
    case .money(let m):
      let v = m[r]
      return v == Column.missingMoney ? .empty : .money(v)
    case .integer(let n):
      return .integer(n[r])
    case .count(let n):
      let v = n[r]
      return v == Column.missingInteger ? .empty : .integer(Int64(v))
    case .date(let d):
      let v = d[r]
      return v == Day.missing ? .empty : .date(Day(raw: v))
    case .overdue(let due, let balance, let asOf):
      return .integer(
        Int64(ComputedFields.daysOverdue(due: due[r], balance: balance[r], asOf: asOf))
      )
    case .codes(let codes, let labels): return .text(labels[Int(codes[r])])
    case .constant(let c): return c
    }
  }

  /// The value of a row as plain text (csv's form).
  public func text(_ r: Int) -> String { cell(r).plain }

  /// Orders two rows by this field: negative, zero or positive.
  ///
  /// Empty cells come first; text compares by UTF-8 bytes, categories by their value, buckets
  /// and classes in their order.
  public func compare(_ a: Int, _ b: Int) -> Int {
    switch storage {
    case .text(let t):
      let ra = t.range(a)
      let rb = t.range(b)
      let n = min(ra.count, rb.count)
      if n > 0 {
        let c = memcmp(t.bytes.base + ra.lowerBound, t.bytes.base + rb.lowerBound, n)
        if c != 0 { return Int(c) }
      }
      return ra.count - rb.count
    case .category(let codes, _, let rank):
      return rank[Int(codes[a])] - rank[Int(codes[b])]
    case .money(let m), .integer(let m):
      return m[a] < m[b] ? -1 : (m[a] > m[b] ? 1 : 0)
    case .date(let d), .count(let d):
      return d[a] < d[b] ? -1 : (d[a] > d[b] ? 1 : 0)
    case .overdue(let due, let balance, let asOf):
      return ComputedFields.daysOverdue(due: due[a], balance: balance[a], asOf: asOf)
        - ComputedFields.daysOverdue(due: due[b], balance: balance[b], asOf: asOf)
    case .codes(let codes, _):
      return Int(codes[a]) - Int(codes[b])
    case .constant:
      return 0
    }
  }
}

/// Orders rows for `list`, `top` and `sort`.
public enum RowOrder {
  /// `rows` ordered by `key` (descending when asked), ties by account id, then file order;
  /// only the first `limit` when given (a partial selection, not a full sort, when the limit is
  /// small).
  ///
  /// Ctrl-C cuts the work short (`Interruption`), leaving the rows in no particular order:
  /// whoever prints them checks for the interruption first.
  public static func ordered(
    _ rows: [Int],
    by key: FieldValues?,
    descending: Bool,
    tieBreak: FieldValues?,
    limit: Int?
  ) -> [Int] {
    guard key != nil || limit != nil else { return rows }
    if key == nil, let limit { return Array(rows.prefix(limit)) }
    var pick = PartialPick(key: key, descending: descending, tieBreak: tieBreak, limit: limit)
    if let limit, limit < rows.count / 16 {
      for (k, r) in rows.enumerated() {
        if k % Interruption.stride == 0 && Interruption.requested { break }
        pick.offer(r)
      }
      return pick.best
    }
    // Once Ctrl-C is pressed (looked at every 1,024 comparisons) every pair compares equal,
    // so that the sort ends at once.
    var comparisons = 0
    var stopped = false
    let sorted = rows.sorted {
      comparisons &+= 1
      if comparisons & 1023 == 0 { stopped = Interruption.requested }
      return !stopped && pick.before($0, $1)
    }
    return limit.map { Array(sorted.prefix($0)) } ?? sorted
  }

  /// The rows of `selection` ordered as ``ordered(_:by:descending:tieBreak:limit:)`` orders
  /// them; a small `limit` reads the selection's mask directly, without listing its rows.
  public static func ordered(
    _ selection: Selection,
    by key: FieldValues?,
    descending: Bool,
    tieBreak: FieldValues?,
    limit: Int?
  ) -> [Int] {
    guard key != nil, let limit, limit < selection.count / 16 else {
      return ordered(
        selection.rows,
        by: key,
        descending: descending,
        tieBreak: tieBreak,
        limit: limit
      )
    }
    let make = { PartialPick(key: key, descending: descending, tieBreak: tieBreak, limit: limit) }
    // Each half of a large file keeps its own first `limit` rows; the order is total (ties by
    // file order), so the first `limit` of both lists are the answer whatever the cut.
    let halves = selection.mask.withUnsafeBufferPointer { m in
      RowHalves.map(m.count) { rows in
        var pick = make()
        pick.offerSelected(m, rows)
        return pick.best
      }
    }
    guard halves.count > 1 else { return halves[0] }
    var pick = make()
    for r in halves.joined() { pick.offer(r) }
    return pick.best
  }
}

/// The first `limit` rows in an order, kept sorted as rows are offered one by one.
struct PartialPick {
  let key: FieldValues?
  let descending: Bool
  let tieBreak: FieldValues?
  let limit: Int?
  /// Money and whole numbers: most rows lose to the current last by a plain integer
  /// comparison, without the generic compare (`top 20 by balance` on 1,000,000 rows).
  let plain: UnsafeBufferPointer<Int64>?
  /// The rows kept, in order.
  private(set) var best: [Int] = []

  init(key: FieldValues?, descending: Bool, tieBreak: FieldValues?, limit: Int?) {
    self.key = key
    self.descending = descending
    self.tieBreak = tieBreak
    self.limit = limit
    plain = key?.int64Values
    if let limit, limit < 1 << 16 { best.reserveCapacity(limit + 1) }
  }

  /// Whether row `a` comes before row `b`: by key, then tie-break, then file order.
  func before(_ a: Int, _ b: Int) -> Bool {
    if let key {
      let c = key.compare(a, b)
      if c != 0 { return descending ? c > 0 : c < 0 }
    }
    if let tieBreak {
      let c = tieBreak.compare(a, b)
      if c != 0 { return c < 0 }
    }
    return a < b
  }

  /// Offers the rows of `rows` that `mask` selects.
  mutating func offerSelected(_ m: UnsafeBufferPointer<UInt8>, _ rows: Range<Int>) {
    guard let v = plain, v.count >= m.count else {
      for r in rows {
        if r % Interruption.stride == 0 && Interruption.requested { break }
        if m[r] != 0 { offer(r) }
      }
      return
    }
    // Money and whole numbers: once `limit` rows are kept, a row can only enter when its
    // value reaches the last one's. Testing "selected and reaches it" as one rarely true
    // condition, instead of branching on the mask first (selected rows are scattered, so
    // that branch was mispredicted about once per selected row), halved the loop.
    var threshold = descending ? Int64.min : Int64.max
    for r in rows {
      let x = v[r]
      let reaches: UInt8 = descending ? (x >= threshold ? 1 : 0) : (x <= threshold ? 1 : 0)
      guard m[r] & reaches != 0 else { continue }
      offer(r)
      if best.count == limit, let last = best.last { threshold = v[last] }
    }
  }

  /// Keeps `r` if it is among the first `limit` rows offered so far.
  mutating func offer(_ r: Int) {
    guard let limit else { return }
    if best.count == limit, let last = best.last {
      if let v = plain {
        let x = v[r]
        let y = v[last]
        if descending ? x < y : x > y { return }
      }
      if !before(r, last) { return }
    }
    best.insertOrdered(r, by: before)
    if best.count > limit { best.removeLast() }
  }
}

extension Array {
  /// Inserts `e` where it keeps an array ordered by `before`: after every element it does not
  /// come before (a binary search, so that a large partial selection stays cheap).
  mutating func insertOrdered(_ e: Element, by before: (Element, Element) -> Bool) {
    var lo = 0
    var hi = count
    while lo < hi {
      let mid = (lo + hi) / 2
      if before(e, self[mid]) { hi = mid } else { lo = mid + 1 }
    }
    insert(e, at: lo)
  }
}
