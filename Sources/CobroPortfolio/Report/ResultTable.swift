/// The answer to a question: named, typed columns and rows of cells.
///
/// Every command that answers produces one or more result tables; a renderer prints them in the
/// format in force. Reports compute; renderers never do.
public struct ResultTable: Hashable, Sendable {
  /// A column of a result.
  public struct Column: Hashable, Sendable {
    /// The name printed in the header (`account_id`, `balance`, `share`).
    public var name: String
    /// How cells are printed and aligned.
    public var kind: CellKind

    /// Creates a column.
    public init(_ name: String, _ kind: CellKind) {
      self.name = name
      self.kind = kind
    }
  }

  /// The type of a column's cells.
  public enum CellKind: Hashable, Sendable {
    /// Free text.
    case text
    /// A whole number.
    case integer
    /// Money: two decimals (grouped with thousands separators in `table`).
    case money
    /// A date.
    case date
    /// A percentage with two decimals, without `%`.
    case percent
    /// A decimal shown as given (rates with 10 decimals).
    case decimal
  }

  /// The columns, in order.
  public var columns: [Column]
  /// The rows; each has one cell per column.
  public var rows: [[Cell]]
  /// Rows whose first cell is a `total` label, rendered apart in `table` (not counted as data when
  /// shortening).
  public var totalRows: Int
  /// Whether `set limit` leaves the table whole.
  ///
  /// One record's fields (`show`) or a summary whose totals are printed (`aging`, `group`):
  /// a cut would hide rows the totals count. Only listings are shortened.
  public var isWhole = false

  /// Creates a result.
  public init(columns: [Column], rows: [[Cell]] = [], totalRows: Int = 0) {
    self.columns = columns
    self.rows = rows
    self.totalRows = totalRows
  }
}

/// One value of a result.
public enum Cell: Hashable, Sendable {
  /// Text.
  case text(String)
  /// A whole number.
  case integer(Int64)
  /// Money in cents.
  case money(Cents)
  /// A date.
  case date(Day)
  /// A percentage in hundredths of a percent (`1234` is 12.34).
  case percent(Int64)
  /// A decimal already formatted (`0.2984067052`).
  case decimal(String)
  /// No value.
  case empty

  /// The plain text of the cell: what csv prints.
  public var plain: String {
    switch self {
    case .text(let s): s
    case .integer(let n): String(n)
    case .money(let c): Money.plain(c)
    case .date(let d): d.description
    case .percent(let p): Money.plain(p)
    case .decimal(let s): s
    case .empty: ""
    }
  }

  /// The cell as `table` shows it: money with thousands separators.
  public var display: String {
    switch self {
    case .money(let c): Money.grouped(c)
    case .percent(let p): Money.grouped(p)
    default: plain
    }
  }
}

/// Percent helpers: shares are rounded half up to hundredths of a percent.
public enum Percent {
  /// `part / whole × 100`, in hundredths of a percent, half up; 0 when `whole` is 0.
  public static func share(_ part: Int64, of whole: Int64) -> Int64 {
    guard whole != 0 else { return 0 }
    let (scaled, overflow) = part.multipliedReportingOverflow(by: 10_000)
    if !overflow { return Money.roundHalfUp(scaled, whole) }
    // Very large amounts: scale the whole down instead (still half up on the exact quotient).
    let p = Double(part) / Double(whole) * 10_000  // only for > 9.2e14 cents, far beyond data
    return Int64(p.rounded(.toNearestOrAwayFromZero))
  }
}
