/// A field of the query language whose values come from outside the portfolio, one per row
/// (the follow-up journal's `promised`, `broken`…), named and typed by what provides them.
public struct ExternalField: Hashable, Sendable {
  /// The name queries use.
  public var name: String
  /// The type of its values: money, a whole number, a date, or a choice of words.
  public var type: Field.ValueType

  /// Creates a field.
  public init(name: String, type: Field.ValueType) {
    self.name = name
    self.type = type
  }
}

/// The values of an external field for every portfolio row.
public enum ExternalColumn {
  /// Money in cents or whole numbers.
  case numbers(ColumnBuffer<Int64>)
  /// Day numbers, `Day.missing` for none.
  case dates(Int32Column)
  /// Codes into the words of a `.choice` field.
  case codes([UInt8])

  /// The column of `field` when nothing provides it: every row 0, no date, or the first word.
  public static func empty(_ field: ExternalField, rows n: Int) -> ExternalColumn {
    switch field.type {
    case .date: .dates(Int32Column(ColumnBuffer([Int32](repeating: Day.missing, count: n))))
    case .choice: .codes([UInt8](repeating: 0, count: n))
    default: .numbers(ColumnBuffer([Int64](repeating: 0, count: n)))
    }
  }
}

/// What gives a query the values of its external fields (the follow-up journal does), so that
/// the query layer reads them without knowing where they come from.
public protocol ExternalColumns: AnyObject, Sendable {
  /// The values of the field named `name` for every row of the portfolio queried, or `nil`
  /// when it is not one of the provider's fields.
  func column(named name: String) -> ExternalColumn?
}
