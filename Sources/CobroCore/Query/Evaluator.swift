/// The rows a filter selects: one byte per row (1 selected, 0 not) and their number.
public struct Selection: Sendable {
  /// `mask[row]` is 1 when the row is selected.
  public let mask: [UInt8]
  /// Number of selected rows.
  public let count: Int

  /// Creates a selection from a mask.
  public init(mask: [UInt8]) {
    self.mask = mask
    self.count = mask.withUnsafeBufferPointer { Kernels.count($0) }
  }

  /// Whether a row is selected.
  @inline(__always)
  public func contains(_ row: Int) -> Bool { mask[row] != 0 }

  /// The selected rows, in file order.
  public var rows: [Int] {
    var out: [Int] = []
    out.reserveCapacity(count)
    mask.withUnsafeBufferPointer { m in
      for i in 0..<m.count where m[i] != 0 { out.append(i) }
    }
    return out
  }
}

/// Runs checked predicates over a portfolio's columns, a whole column at a time.
///
/// Each leaf of a `Predicate` is one branch-free loop over `UnsafeBufferPointer`s that sets,
/// ands or ors one byte per row into a mask; `and` and `or` combine masks; there is no
/// `String`, no dictionary and no per-row interpretation in the loops
/// (`notes/swift-performance.md`, section 6). Accounts that did not exist at the as-of date
/// (issued later) are never selected.
public struct Evaluator {
  /// The portfolio.
  public let portfolio: Portfolio
  /// The as-of date, buckets and aging basis.
  public let context: QueryContext
  /// Columns derived from the portfolio (cached between queries).
  public let derived: DerivedColumns
  /// The journal's facts, computed on first use; `nil` reads as an empty journal.
  public var journal: JournalFactsProvider?

  /// Creates an evaluator; `derived` must belong to `portfolio`.
  public init(portfolio: Portfolio, context: QueryContext, derived: DerivedColumns? = nil) {
    precondition(derived.map { $0.portfolio === portfolio } ?? true)
    self.portfolio = portfolio
    self.context = context
    self.derived = derived ?? DerivedColumns(portfolio: portfolio)
  }

  /// The journal's facts about every row (empty without a provider).
  public var journalFacts: JournalFacts {
    journal?.facts ?? JournalFacts(rowCount: portfolio.rowCount)
  }

  /// The balance of every row at the as-of date.
  public var balances: ColumnBuffer<Int64> { derived.balances(asOf: context.asOf) }

  /// The rows that match, among those that exist at the as-of date.
  public func select(_ predicate: Predicate) -> Selection {
    let n = portfolio.rowCount
    var mask = [UInt8](repeating: 0, count: n)
    mask.withUnsafeMutableBufferPointer { out in
      evaluate(predicate, into: out, .set)
      if let exists = derived.existing(asOf: context.asOf) {
        exists.withUnsafeBufferPointer { e in Kernels.combine(out, e, .and) }
      }
    }
    return Selection(mask: mask)
  }

  /// Every row that exists at the as-of date.
  public func everything() -> Selection { select(.constant(true)) }

  /// Days overdue of a row at the as-of date (`Portfolio.daysOverdue(row:asOf:)`).
  public func overdue(row r: Int) -> Int {
    portfolio.daysOverdue(row: r, asOf: context.asOf)
  }

  // MARK: - Evaluation

  /// Writes `predicate` into `out` by `mode`.
  func evaluate(_ p: Predicate, into out: UnsafeMutableBufferPointer<UInt8>, _ mode: Kernels.Mode) {
    switch p {
    case .constant(let b):
      Kernels.constant(out, b ? 1 : 0, mode)
    case .all(let parts):
      if mode == .or {
        withScratch(out.count) { t in
          evaluate(p, into: t, .set)
          Kernels.combine(out, UnsafeBufferPointer(t), .or)
        }
        return
      }
      for (i, q) in parts.enumerated() { evaluate(q, into: out, i == 0 ? mode : .and) }
    case .any(let parts):
      if mode == .and {
        withScratch(out.count) { t in
          evaluate(p, into: t, .set)
          Kernels.combine(out, UnsafeBufferPointer(t), .and)
        }
        return
      }
      for (i, q) in parts.enumerated() { evaluate(q, into: out, i == 0 ? mode : .or) }
    case .not(let inner):
      if mode == .set {
        evaluate(inner, into: out, .set)
        Kernels.invert(out)
        return
      }
      withScratch(out.count) { t in
        evaluate(inner, into: t, .set)
        Kernels.invert(t)
        Kernels.combine(out, UnsafeBufferPointer(t), mode)
      }
    case .codes(let c, let accepted):
      guard case .category(let cat) = portfolio.columns[c].data else { return }
      let lut = accepted.map { UInt8($0 ? 1 : 0) }
      lut.withUnsafeBufferPointer { l in Kernels.lookup(out, cat.codes.buffer, l, mode) }
    case .balance(let r):
      Kernels.inRange(out, balances.buffer, r.lowerBound, r.upperBound, mode)
    case .money(let c, let r), .integer(let c, let r):
      switch portfolio.columns[c].data {
      case .money(let m), .integer(let m):
        Kernels.inRange(out, m.buffer, r.lowerBound, r.upperBound, mode)
      default: return
      }
    case .date(let c, let r):
      guard case .date(let d) = portfolio.columns[c].data else { return }
      Kernels.inRange(out, d.buffer, r.lowerBound, r.upperBound, mode)
    case .missing(let c):
      switch portfolio.columns[c].data {
      case .money(let m), .integer(let m):
        Kernels.inRange(out, m.buffer, Column.missingMoney, Column.missingMoney, mode)
      case .date(let d):
        Kernels.inRange(out, d.buffer, Int64(Day.missing), Int64(Day.missing), mode)
      case .category(let cat):
        let lut: [UInt8] = cat.values.indices.map { $0 == 0 ? 1 : 0 }
        lut.withUnsafeBufferPointer { l in Kernels.lookup(out, cat.codes.buffer, l, mode) }
      case .text(let t):
        Kernels.textEquals(out, t, [[]], mode)
      }
    case .dueWithBalance(let r):
      Kernels.dueWithBalance(
        out,
        portfolio.dueDates.buffer,
        balances.buffer,
        r.lowerBound,
        r.upperBound,
        mode
      )
    case .bucket(let accepted):
      let codes = derived.bucketCodes(context)
      let lut = accepted.map { UInt8($0 ? 1 : 0) }
      codes.withUnsafeBufferPointer { c in
        lut.withUnsafeBufferPointer { l in Kernels.lookup(out, c, l, mode) }
      }
    case .behavior(let accepted):
      let codes = derived.behaviors(asOf: context.asOf).rowCodes
      let lut = accepted.map { UInt8($0 ? 1 : 0) }
      codes.withUnsafeBufferPointer { c in
        lut.withUnsafeBufferPointer { l in Kernels.lookup(out, c, l, mode) }
      }
    case .journalRange(let j, let r):
      let facts = journalFacts
      switch j {
      case .promised: Kernels.inRange(out, facts.promised.buffer, r.lowerBound, r.upperBound, mode)
      case .contacts7d:
        Kernels.inRange(out, facts.contacts7d.buffer, r.lowerBound, r.upperBound, mode)
      case .promiseDue:
        Kernels.inRange(out, facts.promiseDue.buffer, r.lowerBound, r.upperBound, mode)
      case .lastContact:
        Kernels.inRange(out, facts.lastContact.buffer, r.lowerBound, r.upperBound, mode)
      case .broken, .agreement: Kernels.constant(out, 0, mode)
      }
    case .journalCodes(let j, let accepted):
      let facts = journalFacts
      let codes = j == .broken ? facts.broken : facts.agreement
      let lut = accepted.map { UInt8($0 ? 1 : 0) }
      codes.withUnsafeBufferPointer { c in
        lut.withUnsafeBufferPointer { l in Kernels.lookup(out, c, l, mode) }
      }
    case .textEquals(let c, let values):
      guard case .text(let t) = portfolio.columns[c].data else { return }
      Kernels.textEquals(out, t, values, mode)
    case .textContains(let c, let needle):
      guard case .text(let t) = portfolio.columns[c].data else { return }
      Kernels.textContains(out, t, needle, mode)
    case .textCompare(let c, let op, let value):
      guard case .text(let t) = portfolio.columns[c].data else { return }
      Kernels.textCompare(out, t, op, value, mode)
    }
  }

  /// Runs `body` with a temporary mask of `n` rows.
  private func withScratch(_ n: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
    defer { p.deallocate() }
    body(UnsafeMutableBufferPointer(start: p, count: n))
  }
}
