/// A field a query names, resolved against a portfolio: where its values are and their type.
public struct Field: Hashable, Sendable {
  /// Where the values come from.
  public enum Source: Hashable, Sendable {
    /// A column of the portfolio, by index in `Portfolio.columns`.
    case column(Int)
    /// The balance at the as-of date (reconstructed from payments before the cut-off).
    case balance
    /// Days overdue at the as-of date.
    case overdue
    /// The aging bucket.
    case bucket
    /// The debtor's payment class.
    case behavior
    /// A canonical column the file does not have, whose every value is its default
    /// (`currency` COP, `status` active, payment counts 0).
    case absent(defaultValue: String)
    /// A column from outside the portfolio (``ExternalColumns``: the journal's facts).
    case external(ExternalField)
  }

  /// The type of a field's values, which decides its operators and how literals are read.
  public enum ValueType: Hashable, Sendable {
    /// Free text: `=` exact, `~` contains.
    case text
    /// Dictionary-encoded text; `closed` vocabularies compare ignoring case.
    case category(closed: Bool)
    /// Money in cents.
    case money
    /// A date.
    case date
    /// A whole number.
    case integer
    /// Days overdue.
    case days
    /// An aging bucket label.
    case bucket
    /// A payment class.
    case behavior
    /// One of a few words, by code (`broken`: no, yes); compared with `=`, `!=` and `in`.
    case choice([String])

    /// The words of a `.choice`, by code (none for other types).
    public var words: [String] {
      if case .choice(let words) = self { words } else { [] }
    }

    /// How the type is named in messages.
    public var description: String {
      switch self {
      case .text: "text"
      case .category(let closed): closed ? "a closed vocabulary" : "text"
      case .money: "money"
      case .date: "a date"
      case .integer, .days: "a whole number"
      case .bucket: "an aging bucket"
      case .behavior: "a payment class"
      case .choice(let words): "one of \(words.filter { !$0.isEmpty }.joined(separator: ", "))"
      }
    }
  }

  /// The canonical name (`balance` for `saldo`), or the extra column's name.
  public var name: String
  /// Where the values are.
  public var source: Source
  /// Their type.
  public var type: ValueType

  /// Creates a field.
  public init(name: String, source: Source, type: ValueType) {
    self.name = name
    self.source = source
    self.type = type
  }
}

/// A checked filter: names resolved to columns, literals read into column values, ready for the
/// evaluator's column-at-a-time kernels.
///
/// Ranges are inclusive and never contain the missing-value sentinel, so a missing cell matches
/// no comparison (and matches `!=`, which is `not =`).
public indirect enum Predicate: Hashable, Sendable {
  /// Every row, or none.
  case constant(Bool)
  /// Every predicate holds.
  case all([Predicate])
  /// At least one holds.
  case any([Predicate])
  /// The predicate does not hold.
  case not(Predicate)
  /// A category column's code is accepted (`accepted[code]`).
  case codes(column: Int, accepted: [Bool])
  /// The balance at the as-of date is in the range.
  case balance(ClosedRange<Int64>)
  /// A money column is in the range.
  case money(column: Int, ClosedRange<Int64>)
  /// An integer column is in the range.
  case integer(column: Int, ClosedRange<Int64>)
  /// A date column (day numbers, widened) is in the range.
  case date(column: Int, ClosedRange<Int64>)
  /// A cell is empty.
  case missing(column: Int)
  /// The balance at the as-of date is above zero and the due date is in the range: days
  /// overdue (`overdue >= N` is `due <= asof - N`) and relative due dates.
  case dueWithBalance(ClosedRange<Int64>)
  /// The aging bucket is accepted.
  case bucket(accepted: [Bool])
  /// The payment class is accepted (indexed by `Behavior.rawValue`).
  case behavior(accepted: [Bool])
  /// A numeric external field (money, day number, count) is in the range; the range may be the
  /// missing-value sentinel alone (`promise_due = ""`).
  case externalRange(ExternalField, ClosedRange<Int64>)
  /// An external field's code is accepted (`broken`, `agreement`).
  case externalCodes(ExternalField, accepted: [Bool])
  /// A text cell equals one of the values exactly.
  case textEquals(column: Int, values: [[UInt8]])
  /// A text cell contains the needle, ignoring case and accents (the needle is folded).
  case textContains(column: Int, needle: [UInt8])
  /// A text cell compares with the value byte by byte.
  case textCompare(column: Int, op: Query.Comparison, value: [UInt8])

  /// Whether the predicate reads an external field (the journal's facts change as promises and
  /// contacts are recorded).
  public var readsExternal: Bool {
    switch self {
    case .externalRange, .externalCodes: true
    case .all(let parts), .any(let parts): parts.contains { $0.readsExternal }
    case .not(let inner): inner.readsExternal
    default: false
    }
  }

  /// The conjunction of two predicates, simplifying constants.
  public static func && (a: Predicate, b: Predicate) -> Predicate {
    switch (a, b) {
    case (.constant(true), _): b
    case (_, .constant(true)): a
    case (.constant(false), _), (_, .constant(false)): .constant(false)
    case (.all(let x), .all(let y)): .all(x + y)
    case (.all(let x), _): .all(x + [b])
    case (_, .all(let y)): .all([a] + y)
    default: .all([a, b])
    }
  }
}
