import CobroDiagnostics

/// The warnings of the reports, in one place.
extension Diagnostic {
  /// A validation rule the portfolio lacks the columns for.
  package static func ruleSkipped(_ rule: String, reason: String) -> Diagnostic {
    Diagnostic(.warning, "rule '\(rule)' skipped: \(reason)")
  }

  /// An as-of date before the cut-off and no payments to rebuild that day's balances, as
  /// `load`, `validate` and `describe` say it.
  package static func cutoffBalances(asOf: Day, cutoff: Day) -> Diagnostic {
    Diagnostic(
      .warning,
      Diagnostic.Message(
        "as of \(asOf), before the cut-off \(cutoff), without payments: "
          + "balances are those of the cut-off"
      )
    )
  }

  /// The same, as a query says it once per portfolio and date, with how to rebuild them.
  package static func cutoffBalancesInQuery(asOf: Day, cutoff: Day) -> Diagnostic {
    Diagnostic(
      .warning,
      "as of \(asOf), before the cut-off \(cutoff), balances are those of the cut-off",
      notes: ["load a payments file to rebuild them: load FILE payments PAYMENTS.csv"]
    )
  }

  /// A `validate RULE` that names no rule, with the closest name and every rule.
  package static func unknownRule(_ name: String) -> Diagnostic {
    let names = ValidationRule.all.map(\.name)
    var notes: [Message] = []
    if let s = Suggestion.closest(to: name, among: names) {
      notes.append(QueryMessages.didYouMean(s))
    }
    notes.append("rules: \(names.joined(separator: ", "))")
    return Diagnostic(.error, "unknown rule '\(name)'", notes: notes)
  }

  /// `sum`, `avg`, `min` or `max` of a field it does not apply to, with the field's type notes.
  package static func cannotAggregate(
    _ function: String,
    of field: String,
    because reason: String,
    typeNotes: [Message]
  ) -> Diagnostic {
    Diagnostic(
      .error,
      "cannot take \(function) of \(field): \(reason)",
      notes: typeNotes + ["numeric fields: balance, principal, overdue, payments_late…"]
    )
  }

  /// `concentration 0`.
  package static var debtorCountNotPositive: Diagnostic {
    Diagnostic(.error, "the number of debtors must be positive")
  }

  /// A `describe` total beyond the money range.
  package static func totalOutOfRange(_ what: String) -> Diagnostic {
    Diagnostic(
      .error,
      "the \(what) total does not fit in cobro's money range",
      notes: ["a balance cell is probably wrong: 'top 5 by balance' shows the largest"]
    )
  }
}
