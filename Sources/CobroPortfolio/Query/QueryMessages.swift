import CobroDiagnostics

/// The wording of the query layer's diagnostics, in one place so that tests and docs cannot drift.
///
/// Lowercase, no final period, what the user typed in single quotes.
public enum QueryMessages {
  /// `expected a value after 'segment'`.
  public static func expected(_ what: String, after word: String) -> Diagnostic.Message {
    word.isEmpty ? "expected \(what)" : "expected \(what) after '\(word)'"
  }

  /// `unexpected 'x'`.
  public static func unexpected(_ text: String) -> Diagnostic.Message { "unexpected '\(text)'" }

  /// A `)` without its `(`.
  public static let unbalancedParen: Diagnostic.Message = "unexpected ')' without '('"

  /// A `(` never closed.
  public static let expectedCloseParen: Diagnostic.Message = "expected ')'"

  /// `()`.
  public static let emptyParentheses: Diagnostic.Message = "empty parentheses: expected a condition"

  /// `in ()`.
  public static let emptyList: Diagnostic.Message = "empty list: expected at least one value"

  /// The operators, for notes.
  public static let operatorsNote: Diagnostic.Message =
    "operators: = != < <= > >= ~ in; 'FIELD VALUE' means 'FIELD = VALUE'"

  /// `unknown column 'overdeu'`.
  public static func unknownField(_ name: String) -> Diagnostic.Message {
    "unknown column '\(name)'"
  }

  /// A canonical column the loaded file does not have.
  public static func absentField(_ name: String) -> Diagnostic.Message {
    "the portfolio has no '\(name)' column"
  }

  /// `did you mean 'overdue'?`.
  public static func didYouMean(_ name: String) -> Diagnostic.Message { "did you mean '\(name)'?" }

  /// A value a closed vocabulary does not hold.
  public static func unknownValue(_ value: String, field: String) -> Diagnostic.Message {
    "no account has \(field) '\(value)'"
  }

  /// The values that exist, for notes.
  public static func existingValues(_ field: String, _ values: [String]) -> Diagnostic.Message {
    let shown = values.prefix(20).map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ")
    return "\(field) values: \(shown)\(values.count > 20 ? ", … (\(values.count) in all)" : "")"
  }

  /// A value that does not read as the field's type.
  public static func badValue(_ value: String, field: String, type: String) -> Diagnostic.Message {
    "\(field): '\(value)' is not \(type)"
  }

  /// An ordering of a text column by a number or a date, which would compare text.
  public static func textOrdering(_ field: String, type: String, value: String, what: String)
    -> Diagnostic.Message
  {
    "\(field) is \(type), not numbers or dates: '\(value)' is \(what) and would be compared as text"
  }

  /// Why an extra column has its type.
  public static func inferredType(_ field: String, type: String, because note: String)
    -> Diagnostic.Message
  {
    "\(field) was read as \(type): \(note)"
  }

  /// How an extra column gets a type.
  public static let typedWhenAllFit: Diagnostic.Message = """
    an extra column is a date, an integer or money only when every value is one: correct or \
    empty the cells that are not, or load with the dialect they are written in ('help load'), \
    and load again
    """

  /// An operator the field's type does not support.
  public static func badOperator(_ op: String, field: String, type: String) -> Diagnostic.Message {
    "'\(op)' does not apply to \(field) (\(type))"
  }

  /// A named set that refers to itself.
  public static func cyclicSet(_ name: String) -> Diagnostic.Message {
    "set '\(name)' refers to itself"
  }

  /// A filter nested deeper than `InputLimits.filterDepth`.
  public static let tooDeep: Diagnostic.Message = "filter nested too deeply"

  /// A named set that expands past the limits of a filter.
  public static func tooLarge(_ name: String) -> Diagnostic.Message {
    "set '\(name)' expands to a filter too large"
  }

  /// No portfolio loaded.
  public static let noPortfolio: Diagnostic.Message = "no portfolio loaded"

  /// A note for `noPortfolio`.
  public static let noPortfolioNote: Diagnostic.Message = "load one with: load FILE.csv"

  /// An argument a command takes once, typed twice: `'limit' given twice`.
  public static func givenTwice(_ word: String) -> Diagnostic.Message { "'\(word)' given twice" }

  /// An account id the loaded portfolio does not have.
  public static func noAccount(_ id: String) -> Diagnostic.Message { "no account '\(id)'" }

  /// An account id the loaded portfolio does not have, saying where it was looked for.
  public static func noAccountInPortfolio(_ id: String) -> Diagnostic.Message {
    "no account '\(id)' in the portfolio"
  }

  /// A debtor id the loaded portfolio does not have.
  public static func noDebtor(_ id: String) -> Diagnostic.Message { "no debtor '\(id)'" }
}
