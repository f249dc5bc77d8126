/// The computed fields every layer shares: days overdue and the balance at the as-of date.
extension Portfolio {
  /// The balance column (required, so always present after a load).
  public var balances: ColumnBuffer<Int64> {
    guard case .money(let m)? = column(named: "balance")?.data else {
      preconditionFailure("a loaded portfolio always has a balance column")
    }
    return m
  }

  /// The due-date column (required, so always present after a load).
  public var dueDates: Int32Column {
    guard case .date(let d)? = column(named: "due_date")?.data else {
      preconditionFailure("a loaded portfolio always has a due_date column")
    }
    return d
  }

  /// Whether balances at `asOf` differ from the file's: an as-of date before the cut-off.
  public func needsReconstruction(asOf: Day) -> Bool { asOf < cutoff }

  /// The computed fields at `asOf` with the columns resolved once, for scans over many rows.
  public func computed(asOf: Day) -> ComputedFields {
    ComputedFields(
      asOf: asOf,
      balances: balances,
      dueDates: dueDates.values,
      payments: needsReconstruction(asOf: asOf) ? payments : nil,
      cutoff: cutoff
    )
  }

  /// The balance of row `r` at `asOf`: the file's balance plus the payments made after `asOf`
  /// and up to the cut-off when `asOf` is before the cut-off and payments are loaded
  /// (`spec/portfolio-csv.md`).
  public func balance(row r: Int, asOf: Day) -> Cents {
    computed(asOf: asOf).balance(row: r)
  }

  /// Whether row `r` existed at `asOf` (accounts issued later are left out of past as-of dates).
  @inline(__always)
  public func exists(row r: Int, asOf: Day, issueDates: Int32Column?) -> Bool {
    guard asOf < cutoff, let issueDates else { return true }
    let d = issueDates[r]
    return d == Day.missing || d <= asOf.raw
  }

  /// Days overdue of row `r` at `asOf`: as-of minus due date when positive and the balance is
  /// above zero, else 0.
  public func daysOverdue(row r: Int, asOf: Day) -> Int {
    computed(asOf: asOf).daysOverdue(row: r)
  }
}

/// Balances and days overdue at one as-of date, with the columns already resolved.
///
/// `Portfolio.balance(row:asOf:)` and `daysOverdue(row:asOf:)` look the columns up by name on
/// every call; a scan over every row takes this view once (`Portfolio.computed(asOf:)`) and asks
/// it per row. It holds the one definition of both fields. It reads the columns through raw
/// buffers (no access check per value), which is safe because a loaded portfolio's columns never
/// change; the view keeps them alive.
public struct ComputedFields: @unchecked Sendable {
  /// The as-of date.
  public let asOf: Day
  /// The balance column, kept alive while the view is used.
  let balanceColumn: ColumnBuffer<Int64>
  /// The file's balances (at its cut-off), read without the column's access checks.
  let balances: UnsafeBufferPointer<Int64>
  /// The due dates (the view keeps its column alive).
  let dueDates: Int32Values
  /// The payments to add back: only when the as-of date is before the cut-off.
  let payments: PaymentHistory?
  /// The cut-off: payments after it are not in the file's balances, so never added back.
  let cutoff: Int32

  init(
    asOf: Day,
    balances: ColumnBuffer<Int64>,
    dueDates: Int32Values,
    payments: PaymentHistory?,
    cutoff: Day
  ) {
    self.asOf = asOf
    self.balanceColumn = balances
    self.balances = balances.buffer
    self.dueDates = dueDates
    self.payments = payments
    self.cutoff = cutoff.raw
  }

  /// The balance of row `r` at the as-of date: the file's balance plus the payments made after
  /// it and up to the cut-off when it is before the cut-off and payments are loaded
  /// (`spec/portfolio-csv.md`).
  @inline(__always)
  public func balance(row r: Int) -> Cents {
    let b = balances[r]
    guard let payments else { return b }
    return b &+ payments.paid(row: r, after: asOf.raw, through: cutoff)
  }

  /// Days overdue of row `r` at the as-of date (``daysOverdue(due:balance:asOf:)``).
  @inline(__always)
  public func daysOverdue(row r: Int) -> Int {
    let due = dueDates[r]
    // The balance (which may add payments back) is only needed with a due date.
    guard due != Day.missing else { return 0 }
    return Self.daysOverdue(due: due, balance: balance(row: r), asOf: Int(asOf.raw))
  }

  /// Days overdue from a due date (`Day.missing` for none), the balance and the as-of date
  /// (day numbers): as-of minus due date when positive and the balance is above zero, else 0.
  ///
  /// The one definition of the field: the query's `overdue`, `group by`'s average, the aging's
  /// buckets and every report read it through here.
  @inline(__always)
  public static func daysOverdue(due: Int32, balance: Int64, asOf: Int) -> Int {
    guard due != Day.missing, balance > 0 else { return 0 }
    // Day numbers are 32-bit: the difference always fits.
    let days = asOf &- Int(due)
    return days > 0 ? days : 0
  }
}
