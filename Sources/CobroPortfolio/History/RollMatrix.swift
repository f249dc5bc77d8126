import CobroDiagnostics

/// Where the accounts of one cut-off went by the next: the bucket-to-bucket ("roll rate")
/// matrix.
///
/// Rows are the buckets of the accounts active at FROM, then `new` (accounts in TO that FROM did
/// not have). Columns are the buckets of the accounts active at TO, then the ways out: `paid`
/// and `written_off` (the account's status at TO, whatever its balance) and `left` (the account
/// is not in the TO file: paid off, sold or removed, which the file does not say). Accounts
/// already paid or written off at FROM are not in the matrix. Each cell holds the number of
/// accounts, their balance at FROM (the opening balance; 0 for `new`) and at TO (0 for `left`).
public struct RollMatrix: Sendable {
  /// One cell.
  public struct Cell: Hashable, Sendable {
    /// Accounts.
    public var accounts = 0
    /// Their balance at FROM, in cents.
    public var opening: Int64 = 0
    /// Their balance at TO, in cents.
    public var closing: Int64 = 0
    /// Of them, the accounts that had no contact or promise between the two cut-offs.
    public var untouched = 0
    /// The opening balance of those untouched accounts.
    public var untouchedOpening: Int64 = 0

    /// Adds an account.
    @inline(__always)
    mutating func add(opening o: Int64, closing c: Int64, touched: Bool) {
      accounts += 1
      opening += o
      closing += c
      if !touched {
        untouched += 1
        untouchedOpening += o
      }
    }

    /// Adds another cell.
    mutating func add(_ other: Cell) {
      accounts += other.accounts
      opening += other.opening
      closing += other.closing
      untouched += other.untouched
      untouchedOpening += other.untouchedOpening
    }
  }

  /// The bucket labels, `current` first.
  public let buckets: [String]
  /// The group labels (one empty label without `by FIELD`).
  public let groups: [String]
  /// `cells[group][from][to]`: `from` is a bucket or ``newRow``; `to` a bucket, ``paidColumn``,
  /// ``writtenOffColumn`` or ``leftColumn``.
  public internal(set) var cells: [[[Cell]]]

  /// The row of new accounts.
  public var newRow: Int { buckets.count }
  /// The column of accounts paid at TO.
  public var paidColumn: Int { buckets.count }
  /// The column of accounts written off at TO.
  public var writtenOffColumn: Int { buckets.count + 1 }
  /// The column of accounts not in the TO file.
  public var leftColumn: Int { buckets.count + 2 }
  /// The row labels.
  public var rowLabels: [String] { buckets + ["new"] }
  /// The column labels.
  public var columnLabels: [String] { buckets + ["paid", "written_off", "left"] }

  /// What selects and groups the accounts of a roll.
  public struct Scope: Sendable {
    /// The accounts of FROM in the roll (`nil`: all); a filter is applied at FROM.
    public var fromMask: [UInt8]?
    /// The new accounts of TO in the roll (`nil`: all); a filter is applied at TO.
    public var toMask: [UInt8]?
    /// The group of each FROM row and of each TO row, and the labels (`by FIELD`: FROM's value,
    /// TO's for new accounts).
    public var groups: (from: [Int32], to: [Int32], labels: [String])?
    /// The FROM rows with a contact or promise between the two cut-offs (`nil`: none).
    public var touched: [Bool]?

    /// Creates a scope of every account in one group.
    public init() {}
  }

  /// Counts where the accounts went.
  public static func compute(
    from: CutoffStates,
    to: CutoffStates,
    link: AccountLink,
    buckets: [String],
    scope: Scope = Scope()
  ) throws(CobroError) -> RollMatrix {
    let width = buckets.count + 3
    let height = buckets.count + 1
    let groupCount = scope.groups?.labels.count ?? 1
    var cells = [[[Cell]]](
      repeating: [[Cell]](repeating: [Cell](repeating: Cell(), count: width), count: height),
      count: groupCount
    )
    let n = link.toRow.count
    let fromBalance = from.balance.buffer
    let toBalance = to.balance.buffer
    func column(_ t: Int) -> Int {
      switch to.status[t] {
      case .active: Int(to.bucket[t])
      case .paid: buckets.count
      case .writtenOff: buckets.count + 1
      }
    }
    for r in 0..<n {
      if r % Interruption.stride == 0 { try Interruption.checkpoint("roll", done: r, of: n) }
      guard from.status[r] == .active else { continue }
      if let m = scope.fromMask, m[r] == 0 { continue }
      let g = scope.groups.map { Int($0.from[r]) } ?? 0
      let t = Int(link.toRow[r])
      let target = t < 0 ? buckets.count + 2 : column(t)
      cells[g][Int(from.bucket[r])][target].add(
        opening: fromBalance[r],
        closing: t < 0 ? 0 : toBalance[t],
        touched: scope.touched?[r] ?? false
      )
    }
    for t32 in link.newRows {
      let t = Int(t32)
      if let m = scope.toMask, m[t] == 0 { continue }
      let g = scope.groups.map { Int($0.to[t]) } ?? 0
      cells[g][buckets.count][column(t)].add(opening: 0, closing: toBalance[t], touched: true)
    }
    return RollMatrix(
      buckets: buckets,
      groups: scope.groups?.labels ?? [""],
      cells: cells
    )
  }

  /// The cells of a group summed over a row.
  public func rowTotal(group g: Int, row: Int) -> Cell {
    var total = Cell()
    for c in cells[g][row] { total.add(c) }
    return total
  }

  /// The cells of every group added up.
  public var combined: [[Cell]] {
    var out = cells[0]
    for g in cells.indices.dropFirst() {
      for i in out.indices { for j in out[i].indices { out[i][j].add(cells[g][i][j]) } }
    }
    return out
  }

  /// The rates of one FROM bucket of a group (see ``RollRates``).
  public func rates(group g: Int, bucket b: Int) -> RollRates {
    RollRates(row: cells[g][b], bucket: b, matrix: self)
  }
}

/// The rates of one FROM bucket, on the opening balance (the balance at FROM).
///
/// - roll-forward: the opening balance of the bucket's accounts that are in a later bucket at TO
///   or written off, over the bucket's opening balance;
/// - cure (overdue buckets only): the opening balance of those that are `current` at TO or paid,
///   over the bucket's opening balance;
/// - self-cure: of the cured, those with no contact or promise in the journal after FROM through
///   TO, over the bucket's opening balance.
///
/// Each is exact until one rounding, half up, to hundredths of a percent (``MetricRate``).
public struct RollRates: Hashable, Sendable {
  /// The bucket's accounts and opening balance.
  public var accounts: Int
  /// The bucket's opening balance.
  public var opening: Int64
  /// Opening balance rolled forward.
  public var forward: Int64
  /// Opening balance cured (`nil` for `current`).
  public var cured: Int64?
  /// Opening balance cured without contact (`nil` for `current`).
  public var selfCured: Int64?

  init(row: [RollMatrix.Cell], bucket b: Int, matrix m: RollMatrix) {
    var total = RollMatrix.Cell()
    for c in row { total.add(c) }
    accounts = total.accounts
    opening = total.opening
    var forward: Int64 = row[m.writtenOffColumn].opening
    for t in (b + 1)..<m.buckets.count { forward += row[t].opening }
    self.forward = forward
    if b == 0 {
      cured = nil
      selfCured = nil
    } else {
      cured = row[0].opening + row[m.paidColumn].opening
      selfCured = row[0].untouchedOpening + row[m.paidColumn].untouchedOpening
    }
  }

  /// The roll-forward rate, in hundredths of a percent; `nil` when the bucket has no balance.
  public var forwardRate: Int64? { MetricRate.hundredths(forward, of: opening) }
  /// The cure rate, in hundredths of a percent.
  public var cureRate: Int64? { cured.flatMap { MetricRate.hundredths($0, of: opening) } }
  /// The self-cure rate, in hundredths of a percent.
  public var selfCureRate: Int64? { selfCured.flatMap { MetricRate.hundredths($0, of: opening) } }
}
