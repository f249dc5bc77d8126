import CobroDiagnostics

/// The rows of a portfolio by account id, hashed on the id's bytes.
public struct AccountIndex: @unchecked Sendable {
  /// The ids.
  let ids: TextColumn
  /// The hash index over them.
  private let table: RowKeyIndex

  /// Indexes a portfolio's account ids (unique: the loader rejects duplicates).
  package init(_ portfolio: Portfolio) throws(CobroError) {
    guard case .text(let ids)? = portfolio.column(named: "account_id")?.data else {
      throw .badInput(path: portfolio.source, reason: "the portfolio has no account ids")
    }
    var table = RowKeyIndex(rows: portfolio.rowCount)
    let base = ids.bytes.base
    for r in 0..<portfolio.rowCount {
      if r % Interruption.stride == 0 { try Interruption.check() }
      let range = ids.range(r)
      _ = table.insertOrFind(base, range.lowerBound, range.upperBound, row: r, column: ids)
    }
    self.ids = ids
    self.table = table
  }

  /// The row of an id given as bytes `[s, e)` of `p`.
  package func row(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
    table.find(p, s, e, column: ids)
  }

  /// The row of an id.
  public func row(of id: String) -> Int? {
    var id = id
    return id.withUTF8 { u in
      guard let base = u.baseAddress else { return nil }
      return row(base, 0, u.count)
    }
  }
}

/// Which row of a later cut-off each account of an earlier one is, and which accounts are new.
public struct AccountLink: Sendable {
  /// For each row of the earlier cut-off, its row in the later one, or -1 when it is not there.
  public let toRow: [Int32]
  /// The rows of the later cut-off whose account is not in the earlier one, in file order.
  public let newRows: [Int32]

  /// Links the rows of `from` to the cut-off indexed by `to`.
  init(from: Portfolio, to: AccountIndex) throws(CobroError) {
    guard case .text(let ids)? = from.column(named: "account_id")?.data else {
      throw .badInput(path: from.source, reason: "the portfolio has no account ids")
    }
    let n = from.rowCount
    let m = to.ids.count
    var toRow = [Int32](repeating: -1, count: n)
    var seen = [Bool](repeating: false, count: m)
    let base = ids.bytes.base
    for r in 0..<n {
      if r % Interruption.stride == 0 { try Interruption.check() }
      let range = ids.range(r)
      if let t = to.row(base, range.lowerBound, range.upperBound) {
        toRow[r] = Int32(t)
        seen[t] = true
      }
    }
    var newRows: [Int32] = []
    for t in 0..<m where !seen[t] { newRows.append(Int32(t)) }
    self.toRow = toRow
    self.newRows = newRows
  }
}
