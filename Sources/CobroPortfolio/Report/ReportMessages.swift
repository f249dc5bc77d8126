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
}
