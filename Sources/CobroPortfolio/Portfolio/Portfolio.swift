import CobroDiagnostics

/// A collections portfolio held in memory, column by column.
///
/// Every canonical column that the file had, and every extra column, is stored in `columns`;
/// `column(named:)` resolves canonical names, Spanish aliases, short names and extra names.
/// Rows are accounts; row order is file order.
public final class Portfolio: @unchecked Sendable {
  /// Where the accounts came from: a path, or `demo` for the built-in portfolio.
  public let source: String
  /// The SHA-256 of the file's bytes in lowercase hex, when known.
  public var sha256: String?
  /// The columns, file order for the canonical ones first seen, then extras.
  public private(set) var columns: [Column]
  /// Number of accounts.
  public let rowCount: Int
  /// The date the file is a cut at: balances are those of this day.
  public var cutoff: Day
  /// Where `cutoff` came from (`spec/portfolio-csv.md`, "As-of dates before the file's cut-off").
  public var cutoffOrigin: CutoffOrigin = .asOf
  /// The payment history, when a payments file was loaded.
  public var payments: PaymentHistory?
  /// Rows the loader rejected, with their reasons, so that nothing the user gave is lost.
  public var rejects: [RejectedRow]
  /// Warnings the loader gave (renamed columns and similar).
  public var warnings: [Diagnostic]
  /// How the file was read.
  public var options: LoadOptions
  /// The `recode`s applied since the load, in order.
  public private(set) var recodes: [Recode] = []

  private var index: [String: Int]

  /// Creates a portfolio from loaded columns (each holding `rowCount` values).
  public init(
    source: String,
    columns: [Column],
    rowCount: Int,
    cutoff: Day,
    options: LoadOptions = LoadOptions(),
    rejects: [RejectedRow] = [],
    warnings: [Diagnostic] = []
  ) {
    self.source = source
    self.columns = columns
    self.rowCount = rowCount
    self.cutoff = cutoff
    self.rejects = rejects
    self.warnings = warnings
    self.options = options
    self.index = [:]
    rebuildIndex()
  }

  /// The column a query name refers to: canonical name, alias, short name or extra name,
  /// ignoring case and accents.
  public func column(named name: String) -> Column? {
    index[Portfolio.key(name)].map { columns[$0] }
  }

  /// Takes the cut-off from a payments file just attached when neither the `cutoff` option nor a
  /// `fecha_corte`-like column gave one: the latest payment date.
  ///
  /// Returns a warning when payments are dated after the cut-off: the file's balances cannot
  /// include them, so they are never added back to a past balance.
  public func adoptPaymentsCutoff() -> Diagnostic? {
    guard let payments else { return nil }
    if cutoffOrigin == .asOf, let latest = payments.latestDate {
      cutoff = latest
      cutoffOrigin = .payments
    }
    let late = payments.after(cutoff)
    guard let first = late.first else { return nil }
    let account = column(named: "account_id")?.text(first.row) ?? ""
    let many = late.count != 1
    return Diagnostic(
      .warning,
      Diagnostic.Message(
        "\(payments.source): \(late.count) payment\(many ? "s" : "") dated after the cut-off "
          + "\(cutoff) (the first: '\(account)' on \(first.date), \(Money.plain(first.amount))) "
          + "cannot be in the file's balances; \(many ? "they are" : "it is") never added back"
      ),
      notes: [
        "the cut-off comes from \(cutoffOrigin.explanation); 'load FILE cutoff DATE' gives another"
      ]
    )
  }

  /// The position in `columns` of a name, if any.
  public func columnIndex(named name: String) -> Int? { index[Portfolio.key(name)] }

  /// The canonical column `name`, if the file had it.
  public func canonical(_ name: String) -> Column? { column(named: name) }

  /// Every name a query can use for the columns present (canonical, alias, short names, extras).
  public var queryNames: [String] {
    var names: [String] = []
    for c in columns {
      names.append(c.name)
      if let f = c.field {
        if f.alias != f.name { names.append(f.alias) }
        names.append(contentsOf: f.shortNames)
      }
    }
    let known = Set(names.map(Portfolio.key))
    for (_, name) in Portfolio.headerNames(columns) where !known.contains(Portfolio.key(name)) {
      names.append(name)
    }
    return names
  }

  /// The row of an account id, if present.
  public func row(ofAccount id: String) -> Int? {
    if accountIndex == nil {
      // Outside a lookup the index is built whole: a caller of this function cannot stop.
      Interruption.$current.withValue(Interruption.Flag()) { try? buildAccountIndex() }
    }
    return accountIndex?[id]
  }

  private var accountIndex: [String: Int]?

  /// Builds the index of account ids unless it is built; the lookup of typed ids builds it
  /// first, so that Ctrl-C can stop it (a stopped build keeps nothing).
  func buildAccountIndex() throws(CobroError) {
    guard accountIndex == nil else { return }
    guard case .text(let ids)? = column(named: "account_id")?.data else {
      accountIndex = [:]
      return
    }
    var map: [String: Int] = [:]
    map.reserveCapacity(rowCount)
    for i in 0..<rowCount {
      if i % Interruption.stride == 0 {
        try Interruption.checkpoint(Portfolio.lookupWork, done: i, of: rowCount)
      }
      map[ids.string(i)] = i
    }
    accountIndex = map
  }

  private func rebuildIndex() {
    index = [:]
    for (i, c) in columns.enumerated() {
      index[Portfolio.key(c.name)] = i
      if let f = c.field {
        index[Portfolio.key(f.alias)] = i
        for s in f.shortNames { index[Portfolio.key(s)] = i }
      }
    }
    // A canonical column found under another header answers to that header's own name too
    // (`fecha_desembolso` for `Fecha Desembolso` read as issue_date), unless a name above
    // already means something.
    for (i, name) in Portfolio.headerNames(columns) where index[Portfolio.key(name)] == nil {
      index[Portfolio.key(name)] = i
    }
  }

  /// The query names of the file's own headers for canonical columns whose header is not one of
  /// their usual names, by position in `columns`.
  private static func headerNames(_ columns: [Column]) -> [(Int, String)] {
    columns.enumerated().compactMap { i, c in
      guard c.field != nil, !c.header.isEmpty else { return nil }
      return (i, LoadState.extraName(c.header))
    }
  }

  static func key(_ name: String) -> String { CanonicalSchema.fold(name) }

  // MARK: - Recoding

  /// Values of a category column merged under one spelling (`recode city BOGOTA as Bogotá`).
  public struct Recode: Hashable, Sendable {
    /// The column's query name.
    public var field: String
    /// The values as typed.
    public var values: [String]
    /// The value they become.
    public var target: String
    /// Accounts whose value changed.
    public var accounts: Int
  }

  /// Merges values of a category column under one spelling, and records it.
  ///
  /// Every value of column `index` that equals one of `values` (ignoring case and accents, as
  /// filters compare) becomes `target`; returns the number of accounts whose value changed.
  /// The caller checks that each value exists.
  @discardableResult
  public func recode(column index: Int, values: [String], as target: String) -> Int {
    guard case .category(let cat) = columns[index].data else { return 0 }
    let keys = Set(values.map(CanonicalSchema.fold))
    let counts = cat.histogram()
    var changed = 0
    for (code, v) in cat.values.enumerated()
    where code > 0 && keys.contains(CanonicalSchema.fold(v)) {
      if v != target { changed += counts[code] }
      cat.rename(code: code, to: target)
    }
    recodes.append(
      Recode(field: columns[index].name, values: values, target: target, accounts: changed)
    )
    return changed
  }
}

/// A row the loader could not accept: where it was, what it said, and why.
public struct RejectedRow: Hashable, Sendable {
  /// The file the row came from.
  public var file: String
  /// 1-based physical line where the record starts.
  public var line: Int
  /// The record's raw text (decoded as UTF-8 with replacement characters when invalid).
  public var text: String
  /// The located reason.
  public var diagnostic: Diagnostic
}

/// The payments of every account, grouped by account row and sorted by date.
public final class PaymentHistory: @unchecked Sendable {
  /// Payments of row `r` are at `start[r] ..< start[r + 1]`.
  public let start: [Int32]
  /// Payment dates as day numbers.
  public let dates: [Int32]
  /// Payment amounts in cents.
  public let amounts: [Int64]
  /// The file the payments came from.
  public let source: String
  /// The SHA-256 of the payments file, when known.
  public var sha256: String?

  /// Creates a history from per-row ranges.
  public init(start: [Int32], dates: [Int32], amounts: [Int64], source: String) {
    self.start = start
    self.dates = dates
    self.amounts = amounts
    self.source = source
  }

  /// The payments of row `r` as (date, amount) pairs, oldest first.
  public func payments(ofRow r: Int) -> [(date: Day, amount: Cents)] {
    (Int(start[r])..<Int(start[r + 1])).map { (Day(raw: dates[$0]), amounts[$0]) }
  }

  /// Total paid by row `r` strictly after `day` and on or before `through` (to reconstruct the
  /// balance at `day` from the balance at the cut-off `through`).
  ///
  /// Payments after `through` are not in the file's balances, so they are never added back.
  @inline(__always)
  public func paid(row r: Int, after day: Int32, through: Int32) -> Int64 {
    var sum: Int64 = 0
    var i = Int(start[r + 1]) - 1
    let lo = Int(start[r])
    while i >= lo && dates[i] > through { i -= 1 }
    while i >= lo && dates[i] > day {
      sum &+= amounts[i]
      i -= 1
    }
    return sum
  }

  /// The latest payment date, or `nil` without payments.
  public var latestDate: Day? { dates.max().map { Day(raw: $0) } }

  /// The payments dated after `day`: how many, and the first of them (by date, then row).
  public func after(_ day: Day) -> (count: Int, first: (row: Int, date: Day, amount: Cents)?) {
    var count = 0
    var first: (row: Int, date: Day, amount: Cents)?
    for r in 0..<(start.count - 1) {
      for i in Int(start[r])..<Int(start[r + 1]) where dates[i] > day.raw {
        count += 1
        if let f = first, f.date.raw <= dates[i] { continue }
        first = (r, Day(raw: dates[i]), amounts[i])
      }
    }
    return (count, first)
  }

  /// Number of payments.
  public var count: Int { dates.count }
}

/// Where a portfolio's cut-off date came from, in the order the rule tries them.
public enum CutoffOrigin: String, Hashable, Sendable {
  /// The `cutoff DATE` option of `load` (or `--cutoff`).
  case option
  /// A `fecha_corte`-like column of the file (its latest date).
  case column
  /// The latest payment date of the payments file.
  case payments
  /// The as-of date in force when the file was loaded.
  case asOf = "asof"

  /// Where the cut-off came from, as a diagnostic note says it.
  public var explanation: String {
    switch self {
    case .option: "the 'cutoff' option"
    case .column: "the file's cut-off column"
    case .payments: "the latest payment date"
    case .asOf: "the as-of date when the file was loaded"
    }
  }
}
