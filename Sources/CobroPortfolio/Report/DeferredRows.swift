import CobroDiagnostics

/// The rows of an account list made one at a time, as `export` writes them: a list of a million
/// accounts goes to its file without its cells ever being held together.
///
/// A row is the cells ``AccountList/table`` would hold for it, masked when `set mask on` was in
/// force (``ResultTable/maskingContacts()``), so that a file written from deferred rows has the
/// same bytes as one written from the made table.
public final class DeferredRows: @unchecked Sendable, Hashable {
  /// The accounts and their columns.
  public let list: AccountList
  /// Whether phones and addresses are masked.
  public let masksContacts: Bool
  /// The result's columns.
  public let columns: [ResultTable.Column]

  /// Rows of `list`, masked or not.
  public init(_ list: AccountList, masksContacts: Bool = false) {
    self.list = list
    self.masksContacts = masksContacts
    columns = list.columns.map { .init($0.field.name, $0.kind) }
  }

  /// The number of rows.
  public var count: Int { list.rows.count }

  /// The cells of row `k`.
  public func row(_ k: Int) -> [Cell] {
    let r = list.rows[k]
    var cells = list.columns.map { $0.cell(r) }
    if masksContacts { ResultTable.maskContacts(&cells, columns: columns) }
    return cells
  }

  /// The same rows with phones and addresses masked.
  func masking() -> DeferredRows {
    masksContacts ? self : DeferredRows(list, masksContacts: true)
  }

  public static func == (a: DeferredRows, b: DeferredRows) -> Bool { a === b }

  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

extension AccountList {
  /// The list as a result whose rows are made as they are written (``DeferredRows``).
  public var deferredTable: ResultTable {
    let rows = DeferredRows(self)
    var t = ResultTable(columns: rows.columns)
    t.deferred = rows
    return t
  }
}
