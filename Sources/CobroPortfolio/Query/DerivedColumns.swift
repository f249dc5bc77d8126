import CobroDiagnostics

/// Columns computed from a portfolio once and kept while it stays loaded: the balance at an
/// as-of date, which accounts exist then, aging buckets, debtors and their payment classes,
/// and the rows of the last filter.
///
/// Each cache holds the last key it was asked for (an as-of date, a bucket scheme), so repeated
/// queries at the same date scan only the stored columns.
///
/// Building a column polls Ctrl-C (``Interruption``) as it goes; a build that is stopped
/// throws ``CobroError/interrupted`` and caches nothing, so the next command builds it whole.
public final class DerivedColumns: @unchecked Sendable {
  /// The portfolio the columns are derived from.
  public let portfolio: Portfolio

  /// Creates an empty cache for a portfolio.
  public init(portfolio: Portfolio) {
    self.portfolio = portfolio
  }

  // MARK: - Balances and existence

  /// The balances at the last as-of date asked for.
  private var balanceCache: (asOf: Day, column: ColumnBuffer<Int64>)?

  /// The balance of every row at `asOf` (`Portfolio.balance(row:asOf:)`): the file's column
  /// itself unless payments after `asOf` must be added back.
  public func balances(asOf: Day) throws(CobroError) -> ColumnBuffer<Int64> {
    guard asOf < portfolio.cutoff, portfolio.payments != nil else {
      return portfolio.balances
    }
    if let c = balanceCache, c.asOf == asOf { return c.column }
    let computed = portfolio.computed(asOf: asOf)
    let column = ColumnBuffer<Int64>(capacity: portfolio.rowCount)
    let n = portfolio.rowCount
    for r in 0..<n {
      if r % Interruption.stride == 0 { try Interruption.checkpoint("balances", done: r, of: n) }
      column.append(computed.balance(row: r))
    }
    balanceCache = (asOf, column)
    return column
  }

  /// The existence mask at the last as-of date asked for.
  private var existsCache: (asOf: Day, mask: [UInt8]?)?

  /// 1 for every row that exists at `asOf`, or `nil` when all do
  /// (`Portfolio.exists(row:asOf:issueDates:)`).
  public func existing(asOf: Day) throws(CobroError) -> [UInt8]? {
    guard asOf < portfolio.cutoff, let issued = issueDates else { return nil }
    if let c = existsCache, c.asOf == asOf { return c.mask }
    let n = portfolio.rowCount
    var mask = [UInt8](repeating: 1, count: n)
    var all = true
    for r in 0..<n {
      if r % Interruption.stride == 0 { try Interruption.checkpoint("existing", done: r, of: n) }
      if !portfolio.exists(row: r, asOf: asOf, issueDates: issued) {
        mask[r] = 0
        all = false
      }
    }
    existsCache = (asOf, all ? nil : mask)
    return all ? nil : mask
  }

  /// The issue-date column, when the file has one.
  public var issueDates: Int32Column? {
    if case .date(let d)? = portfolio.column(named: "issue_date")?.data { return d }
    return nil
  }

  // MARK: - The last selection

  /// The last filter selected (one that reads no external field) and its rows.
  private var selectionCache: (context: QueryContext, predicate: Predicate, rows: Selection)?

  /// The rows of `predicate` at `context` when it is the last filter remembered: an analyst's
  /// `count`, `sum` and `list` of one filter evaluate it once.
  func lastSelection(_ predicate: Predicate, _ context: QueryContext) -> Selection? {
    guard let c = selectionCache, c.context == context, c.predicate == predicate else {
      return nil
    }
    return c.rows
  }

  /// Remembers the rows of a filter that reads no external field (the journal changes between
  /// commands; the portfolio does not).
  func remember(_ rows: Selection, of predicate: Predicate, _ context: QueryContext) {
    selectionCache = predicate.readsExternal ? nil : (context, predicate, rows)
  }

  // MARK: - Buckets

  /// The bucket codes for the last context asked for.
  private var bucketCache: (context: QueryContext, codes: [UInt8])?

  /// The aging bucket of every row, as an index into `context.buckets.labels`.
  public func bucketCodes(_ context: QueryContext) throws(CobroError) -> [UInt8] {
    if let c = bucketCache, c.context == context { return c.codes }
    let n = portfolio.rowCount
    let balance = try balances(asOf: context.asOf)
    let due = portfolio.dueDates.values
    let issued = context.basis == .issue ? issueDates?.values : nil
    let asOf = Int(context.asOf.raw)
    let scheme = context.buckets
    var codes = [UInt8](repeating: 0, count: n)
    try codes.withUnsafeMutableBufferPointer { (out) throws(CobroError) in
      let b = balance.buffer
      // Due dates a chunk at a time in four bytes (they are stored in two, `Int32Column`).
      let chunk = 4096
      let d = UnsafeMutablePointer<Int32>.allocate(capacity: chunk)
      defer { d.deallocate() }
      var start = 0
      while start < n {
        try Interruption.checkpoint("buckets", done: start, of: n)
        let rows = min(chunk, n - start)
        due.decode(from: start, count: rows, into: d)
        for i in 0..<rows {
          let r = start + i
          guard b[r] > 0 else { continue }
          // Aged from the issue date when there is one and the basis says so, else by the
          // days overdue.
          let age: Int
          if let issued, issued[r] != Day.missing {
            age = asOf - Int(issued[r])
          } else {
            age = ComputedFields.daysOverdue(due: d[i], balance: b[r], asOf: asOf)
          }
          out[r] = UInt8(scheme.index(days: age))
        }
        start += rows
      }
    }
    bucketCache = (context, codes)
    return codes
  }

  // MARK: - Debtors

  /// Debtors as dense codes: `codes[row]` is the debtor of a row, `firstRow[code]` the first row
  /// of each debtor (its display name comes from there).
  public struct Debtors: Sendable {
    /// The debtor code of each row.
    public var codes: [UInt32]
    /// The first row of each debtor, in code order (codes follow first appearance).
    public var firstRow: [Int32]
    /// Number of debtors.
    public var count: Int { firstRow.count }
  }

  /// The debtors, computed once.
  private var debtorCache: Debtors?

  /// The debtors of the portfolio (computed once; `IDGrouping` groups the ids).
  ///
  /// The grouping runs on every core in one go (a few tens of milliseconds per million rows);
  /// Ctrl-C is polled before and after it.
  public func debtors() throws(CobroError) -> Debtors {
    if let d = debtorCache { return d }
    let n = portfolio.rowCount
    let d: Debtors
    if case .text(let ids)? = portfolio.column(named: "debtor_id")?.data {
      Interruption.reporter?("debtors", 0, n)
      let g = try IDGrouping.groupInterruptibly(ids, rows: n)
      d = Debtors(codes: g.codes, firstRow: g.firstRow)
    } else {
      d = Debtors(codes: [UInt32](repeating: 0, count: n), firstRow: n > 0 ? [0] : [])
    }
    debtorCache = d
    return d
  }

  /// The rows of a debtor id, in file order (empty when unknown).
  public func rows(ofDebtor id: String) throws(CobroError) -> [Int] {
    guard case .text(let ids)? = portfolio.column(named: "debtor_id")?.data else { return [] }
    var key = id
    let n = portfolio.rowCount
    var rows: [Int] = []
    for start in stride(from: 0, to: n, by: Interruption.stride) {
      try Interruption.checkpoint("debtor", done: start, of: n)
      let end = min(start + Interruption.stride, n)
      key.withUTF8 { bp in
        for r in start..<end where ids.equals(r, bp) { rows.append(r) }
      }
    }
    return rows
  }

  // MARK: - Payment behaviour

  /// Days late of every payment, computed once.
  private var latenessCache: [Int32]?

  /// Days late of every payment (`PaymentTiming`), when a payments file is loaded.
  public func paymentDaysLate() throws(CobroError) -> [Int32]? {
    guard let history = portfolio.payments else { return nil }
    if let c = latenessCache { return c }
    try Interruption.checkpoint("lateness", done: 0, of: portfolio.rowCount)
    let d = PaymentTiming.daysLate(portfolio: portfolio, history: history)
    try Interruption.check()
    latenessCache = d
    return d
  }

  /// The columns the evidence of a row is read from, resolved once.
  private struct EvidenceColumns {
    var onTime: Int32Values?
    var late: Int32Values?
    var lastPayment: Int32Values?
  }

  /// The evidence columns, resolved on first use.
  private lazy var evidenceColumns: EvidenceColumns = {
    var c = EvidenceColumns()
    if case .integer(let b)? = portfolio.column(named: "payments_on_time")?.data {
      c.onTime = b.values
    }
    if case .integer(let b)? = portfolio.column(named: "payments_late")?.data { c.late = b.values }
    if case .date(let b)? = portfolio.column(named: "last_payment_date")?.data {
      c.lastPayment = b.values
    }
    return c
  }()

  /// The evidence of one row at `asOf` (`Behavior` explains the rule).
  public func evidence(row r: Int, asOf: Day) throws(CobroError) -> PaymentEvidence {
    var e = PaymentEvidence()
    if let history = portfolio.payments, let lateness = try paymentDaysLate() {
      e.daysKnown = true
      for i in Int(history.start[r])..<Int(history.start[r + 1]) where history.dates[i] <= asOf.raw
      {
        if lateness[i] > 0 {
          e.late += 1
          e.daysLate += Int(lateness[i])
        } else {
          e.onTime += 1
        }
        e.lastPayment = max(e.lastPayment, history.dates[i])
      }
      return e
    }
    let columns = evidenceColumns
    if let c = columns.onTime, c[r] > 0 {
      e.onTime = min(Int(clamping: c[r]), PaymentEvidence.countLimit)
    }
    if let c = columns.late, c[r] > 0 {
      e.late = min(Int(clamping: c[r]), PaymentEvidence.countLimit)
    }
    if let d = columns.lastPayment, d[r] != Day.missing, d[r] <= asOf.raw { e.lastPayment = d[r] }
    return e
  }

  /// Evidence and classes at the last as-of date asked for.
  private var behaviorCache: (asOf: Day, perDebtor: [PaymentEvidence], codes: [UInt8])?

  /// Every debtor's evidence at `asOf` (indexed by debtor code) and the class of every row.
  public func behaviors(asOf: Day) throws(CobroError) -> (
    perDebtor: [PaymentEvidence], rowCodes: [UInt8]
  ) {
    if let c = behaviorCache, c.asOf == asOf { return (c.perDebtor, c.codes) }
    let debtors = try debtors()
    let exists = try existing(asOf: asOf)
    let n = portfolio.rowCount
    var perDebtor = [PaymentEvidence](repeating: PaymentEvidence(), count: debtors.count)
    for r in 0..<n {
      if r % Interruption.stride == 0 { try Interruption.checkpoint("behaviour", done: r, of: n) }
      guard exists.map({ $0[r] != 0 }) ?? true else { continue }
      perDebtor[Int(debtors.codes[r])].add(try evidence(row: r, asOf: asOf))
    }
    let classes = perDebtor.map { $0.behavior.rawValue }
    var codes = [UInt8](repeating: Behavior.unknown.rawValue, count: portfolio.rowCount)
    for r in 0..<portfolio.rowCount { codes[r] = classes[Int(debtors.codes[r])] }
    behaviorCache = (asOf, perDebtor, codes)
    return (perDebtor, codes)
  }
}
