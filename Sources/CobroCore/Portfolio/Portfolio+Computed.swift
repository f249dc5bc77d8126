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
  public var dueDates: ColumnBuffer<Int32> {
    guard case .date(let d)? = column(named: "due_date")?.data else {
      preconditionFailure("a loaded portfolio always has a due_date column")
    }
    return d
  }

  /// Whether balances at `asOf` differ from the file's: an as-of date before the cut-off.
  public func needsReconstruction(asOf: Day) -> Bool { asOf < cutoff }

  /// The balance of row `r` at `asOf`: the file's balance plus the payments made after `asOf`
  /// when `asOf` is before the cut-off and payments are loaded (`spec/portfolio-csv.md`).
  @inline(__always)
  public func balance(row r: Int, asOf: Day) -> Cents {
    let b = balances[r]
    guard asOf < cutoff, let payments else { return b }
    return b &+ payments.paidAfter(row: r, day: asOf.raw)
  }

  /// Whether row `r` existed at `asOf` (accounts issued later are left out of past as-of dates).
  @inline(__always)
  public func exists(row r: Int, asOf: Day, issueDates: ColumnBuffer<Int32>?) -> Bool {
    guard asOf < cutoff, let issueDates else { return true }
    let d = issueDates[r]
    return d == Day.missing || d <= asOf.raw
  }

  /// Days overdue of row `r` at `asOf`: as-of minus due date when positive and the balance is
  /// above zero, else 0.
  @inline(__always)
  public func daysOverdue(row r: Int, asOf: Day) -> Int {
    let due = dueDates[r]
    guard due != Day.missing, balance(row: r, asOf: asOf) > 0 else { return 0 }
    return max(0, Int(asOf.raw) - Int(due))
  }
}
