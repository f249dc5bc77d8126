import CobroDiagnostics

/// Where each account of a cut-off stands at its date: its aging bucket, whether it is still
/// active, and its balance.
public struct CutoffStates: Sendable {
  /// What the file's `status` says of an account.
  public enum Status: UInt8, Sendable {
    /// Still being collected (also an empty or missing status).
    case active = 0
    /// Paid off ("pagada", "cancelada").
    case paid = 1
    /// Written off ("castigada").
    case writtenOff = 2
  }

  /// The bucket of each row, an index into the scheme's labels (`current` is 0).
  public let bucket: [UInt8]
  /// The status of each row.
  public let status: [Status]
  /// The balance of each row at the cut-off, in cents.
  public let balance: ColumnBuffer<Int64>

  /// The states of a cut-off's accounts at its date, under the buckets and basis of `context`
  /// (whose as-of date is replaced by the cut-off's).
  public init(_ cutoff: HistoryCutoff, context: QueryContext) throws(CobroError) {
    var at = context
    at.asOf = cutoff.date
    bucket = try cutoff.derived.bucketCodes(at)
    balance = try cutoff.derived.balances(asOf: cutoff.date)
    status = CutoffStates.statuses(of: cutoff.portfolio)
  }

  /// Creates states from their parts (tests).
  public init(bucket: [UInt8], status: [Status], balance: [Int64]) {
    self.bucket = bucket
    self.status = status
    self.balance = ColumnBuffer(balance)
  }

  /// The status of every row: `active` where the file has no `status` column.
  package static func statuses(of portfolio: Portfolio) -> [Status] {
    let n = portfolio.rowCount
    guard let column = portfolio.column(named: "status") else {
      return [Status](repeating: .active, count: n)
    }
    func status(_ value: String) -> Status {
      switch value.lowercased() {
      case "paid": .paid
      case "written_off": .writtenOff
      default: .active
      }
    }
    if case .category(let c) = column.data {
      let byCode = c.values.map(status)
      let codes = c.codes
      return (0..<n).map { byCode[codes[$0]] }
    }
    return (0..<n).map { status(column.text($0)) }
  }
}
