import CobroDiagnostics

/// Accounts as rows and fields as columns: the bare filter, `list`, `top` and the accounts of
/// `debtor`.
public struct AccountList {
  /// The columns of `spec/cli.md` when `columns` does not say otherwise.
  public static let defaultColumns = [
    "account_id", "debtor_id", "debtor_name", "segment", "status", "balance", "due_date", "overdue",
  ]

  /// The rows, in the order they print.
  public var rows: [Int]
  /// The columns.
  public var columns: [FieldValues]

  /// Creates a list.
  public init(rows: [Int], columns: [FieldValues]) {
    self.rows = rows
    self.columns = columns
  }

  /// The default columns' fields for an evaluator (a column the file lacks prints empty, or its
  /// default).
  public static func defaultFields(_ checker: Checker) -> [Field] {
    defaultColumns.map { name in
      checker.field(named: name)
        ?? Field(name: name, source: .absent(defaultValue: ""), type: .text)
    }
  }

  /// The result table; Ctrl-C cuts it short (`Interruption`), and whoever prints or writes
  /// it checks for the interruption first.
  public var table: ResultTable {
    var t = ResultTable(columns: columns.map { .init($0.field.name, $0.kind) })
    t.rows.reserveCapacity(rows.count)
    for (k, r) in rows.enumerated() {
      if k % Interruption.stride == 0 {
        if Interruption.requested { break }
        Interruption.reporter?("listing", k, rows.count)
      }
      t.rows.append(columns.map { $0.cell(r) })
    }
    return t
  }
}
