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

/// The diagnostics of the query commands (`let`, `recode`, `top`, lists, a bare filter and the
/// query settings), in one place.
extension Diagnostic {
  /// `top` without its number of accounts.
  package static var expectedTopCount: Diagnostic {
    Diagnostic(
      .error,
      QueryMessages.expected("a number of accounts", after: "top"),
      notes: ["for example: top 10 by balance"]
    )
  }

  /// `sum`, `avg`, `min` or `max` without a field.
  package static func expectedAggregateField(_ function: String) -> Diagnostic {
    Diagnostic(
      .error,
      QueryMessages.expected("a field", after: function),
      notes: ["for example: \(function) balance"]
    )
  }

  /// `let` without a name.
  package static var expectedSetName: Diagnostic {
    Diagnostic(
      .error,
      QueryMessages.expected("a name", after: "let"),
      notes: ["write: let risky = overdue > 90"]
    )
  }

  /// A set name that is not a letter then letters, digits or `_`.
  package static func invalidSetName(_ name: String) -> Diagnostic {
    Diagnostic(
      .error,
      "'\(name)' cannot name a set",
      notes: ["a name is a letter, then letters, digits or '_'"]
    )
  }

  /// A set name that is a keyword or a command.
  package static func reservedSetName(_ name: String) -> Diagnostic {
    Diagnostic(.error, "'\(name)' is a reserved word")
  }

  /// A set name that is a field.
  package static func setNameIsField(_ name: String) -> Diagnostic {
    Diagnostic(.error, "'\(name)' is a field", notes: ["choose another name"])
  }

  /// `let NAME` without its `=`.
  package static func expectedSetEquals(_ name: String) -> Diagnostic {
    Diagnostic(
      .error,
      QueryMessages.expected("'='", after: name),
      notes: ["write: let \(name) = overdue > 90"]
    )
  }

  /// `recode` of a column whose values are fixed.
  package static func fixedValues(_ field: String, _ values: [String]) -> Diagnostic {
    Diagnostic(.error, "the values of \(field) are fixed: \(values.joined(separator: ", "))")
  }

  /// `recode` of a column that is not a category.
  package static func recodeNotCategory(_ field: String, type: String) -> Diagnostic {
    Diagnostic(
      .error,
      "recode applies to category columns; \(field) is \(type)",
      notes: ["'describe' lists each column's type"]
    )
  }

  /// How `recode` is written, for notes.
  package static let recodeExample: Message =
    "write: recode city \"Bogota D.C.\", BOGOTA as Bogotá"

  /// A `recode` value followed by neither `,` nor `as`.
  package static var expectedCommaOrAs: Diagnostic {
    Diagnostic(.error, "expected ',' or 'as'", notes: [recodeExample])
  }

  /// `recode` without its `as`.
  package static func expectedRecodeAs(after word: String) -> Diagnostic {
    Diagnostic(.error, QueryMessages.expected("'as'", after: word), notes: [recodeExample])
  }

  /// `recode … as ""`.
  package static var emptyRecodeTarget: Diagnostic {
    Diagnostic(.error, "the value to recode to is empty")
  }

  /// A first word that is neither a command nor a filter, close to a command's name.
  package static func unknownCommand(_ word: String, didYouMean command: String) -> Diagnostic {
    Diagnostic(
      .error,
      "unknown command '\(word)'",
      notes: [QueryMessages.didYouMean(command), "'help' lists the commands"]
    )
  }

  /// A list that would not fit in memory; the sizes are given as they are shown.
  package static func listTooLarge(rows: String, columns: Int, needs: String, available: String)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      Message(
        "a list of \(rows) accounts and \(columns) columns "
          + "needs about \(needs) of memory; the system has "
          + "\(available) available"
      ),
      notes: ["narrow the accounts with a filter, name fewer columns, or add 'limit N'"]
    )
  }

  /// A word after a list's filter that is no list clause.
  package static func unexpectedListClause(_ text: String) -> Diagnostic {
    Diagnostic(
      .error,
      QueryMessages.unexpected(text),
      notes: ["after the filter: columns F, G; sort FIELD [desc]; limit N"]
    )
  }

  /// `set buckets` to a scheme that does not read.
  package static func badBuckets(_ message: String) -> Diagnostic {
    Diagnostic(
      .error,
      Message(message),
      notes: ["write increasing day counts: set buckets 30,60,90,120"]
    )
  }

  /// `set aging_basis` to neither `due` nor `issue`.
  package static func unknownAgingBasis(_ text: String) -> Diagnostic {
    Diagnostic(.error, "unknown aging basis '\(text)'", notes: ["use due or issue"])
  }

  /// `set export` to a profile that does not exist.
  package static func unknownExportProfile(_ text: String, profiles: [String]) -> Diagnostic {
    Diagnostic(
      .error,
      "unknown export profile '\(text)'",
      notes: [Message("profiles: " + profiles.joined(separator: ", "))]
    )
  }
}
