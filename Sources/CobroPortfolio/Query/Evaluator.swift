import CobroDiagnostics

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

  /// Creates a selection from a mask and its number of selected rows.
  init(mask: [UInt8], count: Int) {
    self.mask = mask
    self.count = count
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
  /// The columns of the external fields (the journal's facts), computed on first use; `nil`
  /// reads every external field as empty.
  public var external: (any ExternalColumns)?

  /// Creates an evaluator; `derived` must belong to `portfolio`.
  public init(portfolio: Portfolio, context: QueryContext, derived: DerivedColumns? = nil) {
    precondition(derived.map { $0.portfolio === portfolio } ?? true)
    self.portfolio = portfolio
    self.context = context
    self.derived = derived ?? DerivedColumns(portfolio: portfolio)
  }

  /// The values of an external field for every row (empty without a provider of it).
  public func column(_ field: ExternalField) -> ExternalColumn {
    external?.column(named: field.name) ?? .empty(field, rows: portfolio.rowCount)
  }

  /// The balance of every row at the as-of date.
  public var balances: ColumnBuffer<Int64> {
    get throws(CobroError) { try derived.balances(asOf: context.asOf) }
  }

  /// The rows that match, among those that exist at the as-of date.
  ///
  /// The rows of the last filter are kept (`DerivedColumns.lastSelection`). Otherwise the
  /// predicate is first resolved to its columns (computing any derived column it needs, once),
  /// then evaluated `Evaluator.chunkRows` rows at a time: the kernels of a chunk read and write
  /// the same few kilobytes of mask, which stay in the first-level cache, instead of each
  /// streaming the whole mask. Large files are cut in two halves evaluated on two threads
  /// (`RowHalves`); the mask does not depend on the cut. On 1,000,000 accounts
  /// `count overdue > 60 segment B currency COP` went from 1.9 to 1.0 ms (warm, median of 6).
  /// Both threads poll Ctrl-C between chunks; a mask cut short is dropped, never kept.
  public func select(_ predicate: Predicate) throws(CobroError) -> Selection {
    if let rows = derived.lastSelection(predicate, context) { return rows }
    let rows = try evaluate(predicate)
    derived.remember(rows, of: predicate, context)
    return rows
  }

  /// The rows of a predicate, evaluated.
  private func evaluate(_ predicate: Predicate) throws(CobroError) -> Selection {
    let n = portfolio.rowCount
    var steps = try resolve(predicate)
    if let exists = try derived.existing(asOf: context.asOf) {
      steps = .all([steps, .bytes(exists, lut: nil)])
    }
    guard n > 0 else { return Selection(mask: [], count: 0) }
    let plan = steps
    let chunk = max(Evaluator.chunkRows, 1)
    var selected = 0
    let mask = [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
      let out = buffer.baseAddress.unsafelyUnwrapped
      selected = RowHalves.map(n, alignment: chunk) { rows in
        Evaluator.run(plan, out, rows, chunk: chunk)
      }.reduce(0, +)
      initialized = n
    }
    try Interruption.check()
    return Selection(mask: mask, count: selected)
  }

  /// Rows per chunk of `select`: a 16 KB mask (and any scratch mask) stays in the first-level
  /// cache (tests lower it to cut small files in many chunks).
  @TaskLocal static var chunkRows = 16_384

  /// Every row that exists at the as-of date (evaluated, so that the last filter's rows stay
  /// kept: `list` follows its filter with this for its summary line).
  public func everything() throws(CobroError) -> Selection { try evaluate(.constant(true)) }

  /// Days overdue of a row at the as-of date (`Portfolio.daysOverdue(row:asOf:)`).
  public func overdue(row r: Int) -> Int {
    portfolio.daysOverdue(row: r, asOf: context.asOf)
  }

  // MARK: - Evaluation

  /// A predicate with its columns resolved: what `select` evaluates chunk by chunk.
  ///
  /// Derived columns and external fields are computed while resolving, on one thread; the steps
  /// only read, so both threads share them.
  indirect enum Step: @unchecked Sendable {
    /// Every row gets the byte.
    case constant(UInt8)
    /// Every step holds.
    case all([Step])
    /// At least one step holds.
    case any([Step])
    /// The step does not hold.
    case not(Step)
    /// `lut[code]` of a category column's codes.
    case codes(CategoryCodes, lut: [UInt8])
    /// `lut[byte]` of a byte per row, or the byte itself (0 or 1) without a table.
    case bytes([UInt8], lut: [UInt8]?)
    /// A 64-bit column (money, external amounts and counts) in `lo...hi`.
    case range64(ColumnBuffer<Int64>, Int64, Int64)
    /// A 32-bit column (day numbers, whole numbers) in `lo...hi`.
    case range32(Int32Values, Int64, Int64)
    /// A balance above zero and a due date in `lo...hi`.
    case dueWithBalance(Int32Values, ColumnBuffer<Int64>, Int64, Int64)
    /// A text cell equals one of the values.
    case textEquals(TextColumn, [[UInt8]])
    /// A folded text cell contains the folded needle.
    case textContains(TextColumn, [UInt8])
    /// A text cell compares with the value.
    case textCompare(TextColumn, Query.Comparison, [UInt8])
  }

  /// Resolves a checked predicate to its columns (a column of an unexpected type selects
  /// nothing; the checker never produces one).
  func resolve(_ p: Predicate) throws(CobroError) -> Step {
    func table(_ accepted: [Bool]) -> [UInt8] { accepted.map { $0 ? 1 : 0 } }
    switch p {
    case .constant(let b):
      return .constant(b ? 1 : 0)
    case .all(let parts):
      return parts.isEmpty
        ? .constant(1) : .all(try parts.map { (q) throws(CobroError) in try resolve(q) })
    case .any(let parts):
      return parts.isEmpty
        ? .constant(0) : .any(try parts.map { (q) throws(CobroError) in try resolve(q) })
    case .not(let inner):
      return .not(try resolve(inner))
    case .codes(let c, let accepted):
      guard case .category(let cat) = portfolio.columns[c].data else { return .constant(0) }
      return .codes(cat.codes, lut: table(accepted))
    case .balance(let r):
      return .range64(try balances, r.lowerBound, r.upperBound)
    case .money(let c, let r), .integer(let c, let r):
      switch portfolio.columns[c].data {
      case .money(let m): return .range64(m, r.lowerBound, r.upperBound)
      case .integer(let n): return .range32(n.values, r.lowerBound, r.upperBound)
      default: return .constant(0)
      }
    case .date(let c, let r):
      guard case .date(let d) = portfolio.columns[c].data else { return .constant(0) }
      return .range32(d.values, r.lowerBound, r.upperBound)
    case .missing(let c):
      switch portfolio.columns[c].data {
      case .money(let m):
        return .range64(m, Column.missingMoney, Column.missingMoney)
      case .integer(let n):
        return .range32(n.values, Int64(Column.missingInteger), Int64(Column.missingInteger))
      case .date(let d):
        return .range32(d.values, Int64(Day.missing), Int64(Day.missing))
      case .category(let cat):
        return .codes(cat.codes, lut: cat.values.indices.map { $0 == 0 ? 1 : 0 })
      case .text(let t):
        return .textEquals(t, [[]])
      }
    case .dueWithBalance(let r):
      return .dueWithBalance(portfolio.dueDates.values, try balances, r.lowerBound, r.upperBound)
    case .bucket(let accepted):
      return .bytes(try derived.bucketCodes(context), lut: table(accepted))
    case .behavior(let accepted):
      return .bytes(try derived.behaviors(asOf: context.asOf).rowCodes, lut: table(accepted))
    case .externalRange(let f, let r):
      switch column(f) {
      case .numbers(let n): return .range64(n, r.lowerBound, r.upperBound)
      case .dates(let d): return .range32(d.values, r.lowerBound, r.upperBound)
      case .codes: return .constant(0)
      }
    case .externalCodes(let f, let accepted):
      guard case .codes(let codes) = column(f) else { return .constant(0) }
      return .bytes(codes, lut: table(accepted))
    case .textEquals(let c, let values):
      guard case .text(let t) = portfolio.columns[c].data, !values.isEmpty else {
        return .constant(0)
      }
      return .textEquals(t, values)
    case .textContains(let c, let needle):
      guard case .text(let t) = portfolio.columns[c].data else { return .constant(0) }
      return .textContains(t, needle)
    case .textCompare(let c, let op, let value):
      guard case .text(let t) = portfolio.columns[c].data else { return .constant(0) }
      return .textCompare(t, op, value)
    }
  }

  /// Evaluates `step` over `rows` `chunk` rows at a time, writing mask bytes `out[rows]`.
  ///
  /// Returns the number of rows selected. Ctrl-C stops it between two chunks, leaving the
  /// rest of `out` unwritten (the caller then drops the mask).
  static func run(
    _ step: Step,
    _ out: UnsafeMutablePointer<UInt8>,
    _ rows: Range<Int>,
    chunk: Int
  ) -> Int {
    var selected = 0
    var start = rows.lowerBound
    while start < rows.upperBound && !Interruption.requested {
      let end = min(start + chunk, rows.upperBound)
      let chunk = UnsafeMutableBufferPointer(start: out + start, count: end - start)
      evaluate(step, into: chunk, rows: start..<end, .set)
      selected += Kernels.count(UnsafeBufferPointer(chunk))
      start = end
    }
    return selected
  }

  /// Writes `step` for `rows` into `out` (one byte per row of `rows`) by `mode`.
  static func evaluate(
    _ step: Step,
    into out: UnsafeMutableBufferPointer<UInt8>,
    rows: Range<Int>,
    _ mode: Kernels.Mode
  ) {
    func slice<T>(_ b: UnsafeBufferPointer<T>) -> UnsafeBufferPointer<T> {
      UnsafeBufferPointer(rebasing: b[rows])
    }
    func part<T>(_ p: UnsafePointer<T>) -> UnsafeBufferPointer<T> {
      UnsafeBufferPointer(start: p + rows.lowerBound, count: rows.count)
    }
    switch step {
    case .constant(let v):
      Kernels.constant(out, v, mode)
    case .all(let parts), .any(let parts):
      // Parts combine by `join`; a group combined the other way is evaluated apart first.
      let join: Kernels.Mode
      if case .all = step { join = .and } else { join = .or }
      if mode != .set && mode != join {
        withScratch(out.count) { t in
          evaluate(step, into: t, rows: rows, .set)
          Kernels.combine(out, UnsafeBufferPointer(t), mode)
        }
        return
      }
      for (i, q) in parts.enumerated() { evaluate(q, into: out, rows: rows, i == 0 ? mode : join) }
    case .not(let inner):
      if mode == .set {
        evaluate(inner, into: out, rows: rows, .set)
        Kernels.invert(out)
        return
      }
      withScratch(out.count) { t in
        evaluate(inner, into: t, rows: rows, .set)
        Kernels.invert(t)
        Kernels.combine(out, UnsafeBufferPointer(t), mode)
      }
    case .codes(let codes, let lut):
      lut.withUnsafeBufferPointer { l in
        if let c = codes.narrow {
          Kernels.lookup(out, part(c), l, mode)
        } else {
          Kernels.lookup(out, part(codes.wide.unsafelyUnwrapped), l, mode)
        }
      }
    case .bytes(let bytes, let lut):
      bytes.withUnsafeBufferPointer { b in
        guard let lut else { return Kernels.combine(out, slice(b), mode) }
        lut.withUnsafeBufferPointer { l in Kernels.lookup(out, slice(b), l, mode) }
      }
    case .range64(let values, let lo, let hi):
      Kernels.inRange(out, slice(values.buffer), lo, hi, mode)
    case .range32(let values, let lo, let hi):
      if let v = values.narrow {
        let (l, h) = Int32Values.narrowBounds(lo, hi, base: values.base)
        Kernels.inRange(out, part(v), l, h, mode)
      } else {
        Kernels.inRange(out, part(values.wide.unsafelyUnwrapped), lo, hi, mode)
      }
    case .dueWithBalance(let due, let balance, let lo, let hi):
      if let d = due.narrow {
        let (l, h) = Int32Values.narrowBounds(lo, hi, base: due.base)
        Kernels.dueWithBalance(out, part(d), slice(balance.buffer), l, h, mode)
      } else {
        let d = due.wide.unsafelyUnwrapped
        Kernels.dueWithBalance(out, part(d), slice(balance.buffer), lo, hi, mode)
      }
    case .textEquals(let t, let values):
      Kernels.textEquals(out, t, from: rows.lowerBound, values, mode)
    case .textContains(let t, let needle):
      Kernels.textContains(out, t, from: rows.lowerBound, needle, mode)
    case .textCompare(let t, let op, let value):
      Kernels.textCompare(out, t, from: rows.lowerBound, op, value, mode)
    }
  }

  /// Runs `body` with a temporary mask of `n` rows.
  private static func withScratch(_ n: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
    defer { p.deallocate() }
    body(UnsafeMutableBufferPointer(start: p, count: n))
  }
}
