import CobroPortfolio
import CobroShell

/// `sum`, `avg`, `min` and `max` of a money or number field.
extension QueryCommands {
  /// `sum`, `avg`, `min` or `max FIELD [FILTER]`.
  static func aggregate(_ function: AggregateReport.Function) -> CommandDefinition {
    let name = function.rawValue
    return CommandDefinition(
      name: name,
      group: .explore,
      synopsis: "\(name) FIELD [FILTER]",
      summary: [
        "sum": "add up a field (balance, principal, overdue…) over the matching accounts",
        "avg": "average a field over the matching accounts",
        "min": "the smallest value of a field among the matching accounts",
        "max": "the largest value of a field among the matching accounts",
      ][name] ?? "",
      details: """
        Prints one column named '\(name)_FIELD' (the field's canonical name). Empty cells are
        left out. A sum of no accounts is 0.00; avg, min and max of none are empty. The average
        of money rounds half up to cents; of days or counts it has two decimals.
        Amounts in several currencies are never added: a 'currency' column comes first and
        there is one row per currency.
        """,
      example: "\(name) balance segment B",
      completion: { args in
        // `sum` and `avg` add: only amounts and whole numbers (`min`, `max` take dates too).
        args.isEmpty && (function == .sum || function == .avg)
          ? .numericFields : .filter(listing: true)
      }
    ) { session, inv in
      let q = try QueryRun(session, inv)
      guard let fieldToken = inv.args.first, fieldToken.kind == .word else {
        throw inv.error(
          QueryMessages.expected("a field", after: name),
          at: inv.args.first,
          notes: ["for example: \(name) balance"]
        )
      }
      let field = try q.checker.field(Query.Name(fieldToken.text, range: fieldToken.range))
      if let reason = AggregateReport.refusal(function, field) {
        throw inv.error(
          "cannot take \(name) of \(field.name): \(reason)",
          at: fieldToken,
          notes: q.checker.typeNotes(field) + [
            "numeric fields: balance, principal, overdue, payments_late…"
          ]
        )
      }
      let selection = try q.selectFiltered(inv.args.dropFirst())
      let report = try q.report { () throws(ReportError) in
        try AggregateReport.compute(
          function,
          field: field,
          evaluator: q.evaluator,
          selection: selection
        )
      }
      session.emit(report.table)
    }
  }
}
