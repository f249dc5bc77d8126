import CobroDiagnostics

/// The tables of `history`.
package enum HistoryReport {
  /// One row per cut-off: its date, file name, accounts, balance and memory.
  package static func listing(_ history: CutoffHistory) -> ResultTable {
    var table = ResultTable(columns: [
      .init("cutoff", .date), .init("file", .text), .init("accounts", .integer),
      .init("active", .integer), .init("balance", .money), .init("memory_kib", .integer),
      .init("shared_bytes", .integer),
    ])
    var accounts: Int64 = 0
    var active: Int64 = 0
    var balance: Int64 = 0
    var memory = 0
    var shared = 0
    for c in history.cutoffs {
      let p = c.portfolio
      let statuses = CutoffStates.statuses(of: p)
      let live = Int64(statuses.lazy.filter { $0 == .active }.count)
      var sum: Int64 = 0
      let b = p.balances.buffer
      for r in 0..<p.rowCount { sum += b[r] }
      let kib = kibibytes(c.bytes)
      table.rows.append([
        .date(c.date), .text(fileName(p.source)), .integer(Int64(p.rowCount)), .integer(live),
        .money(sum),
        .integer(kib), .integer(Int64(c.sharedBytes)),
      ])
      accounts += Int64(p.rowCount)
      active += live
      balance += sum
      memory += c.bytes
      shared += c.sharedBytes
    }
    if history.cutoffs.count > 1 {
      table.rows.append([
        .text("total"), .empty, .integer(accounts), .integer(active), .money(balance),
        .integer(kibibytes(memory)), .integer(Int64(shared)),
      ])
      table.totalRows = 1
    }
    return table
  }

  /// The last part of a path: the listing is the same wherever the session runs.
  static func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  /// Bytes in KiB, half up.
  static func kibibytes(_ bytes: Int) -> Int64 { (Int64(bytes) + 512) / 1024 }
}
