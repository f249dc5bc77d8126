import CobroPortfolio
import CobroShell

/// `count [FILTER]`.
extension QueryCommands {
  /// `count [FILTER]`.
  static let count = CommandDefinition(
    name: "count",
    aliases: ["contar"],
    group: .explore,
    synopsis: "count [FILTER]",
    summary: "count the accounts that match",
    details: """
      Prints one column, 'count'. Without a filter, every account that exists at the as-of
      date.
      """,
    example: "count overdue > 90 segment B"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    let selection = try q.selectFiltered(inv.args[...])
    let report = try q.report { () throws(ReportError) in
      try AggregateReport.compute(.count, field: nil, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }
}
