import CobroPortfolio
import CobroShell

/// `group by FIELD [FILTER]`.
extension QueryCommands {
  /// `group by F[, G] [FILTER]`.
  static let group = CommandDefinition(
    name: "group",
    aliases: ["agrupar"],
    group: .explore,
    synopsis: "group by F[, G] [FILTER]",
    summary: "accounts, balance, share and average days overdue per value of F (and G)",
    details: """
      Prints F[, G], count, balance, share, avg_overdue: one row per value, by balance
      descending then value, then a 'total' row. 'share' is a percent of the total balance.
      Over several currencies a 'currency' column follows the grouping columns, with one total
      per currency. 'chart' draws the result.
      """,
    example: "group by segment, status overdue > 30"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    guard let by = inv.args.first, by.isWord("by") else {
      throw inv.error(
        QueryMessages.expected("'by'", after: "group"),
        at: inv.args.first,
        notes: ["write: group by segment"]
      )
    }
    var rest = inv.args.dropFirst()
    var fields: [Field] = []
    while true {
      guard let f = rest.first, f.kind == .word else {
        throw inv.error(
          QueryMessages.expected("a field", after: fields.isEmpty ? "by" : ","),
          at: rest.first
        )
      }
      let field = try q.checker.field(Query.Name(f.text, range: f.range))
      if fields.contains(where: { $0.name == field.name }) {
        throw inv.error("'\(f.text)' is already a grouping field", at: f)
      }
      fields.append(field)
      rest = rest.dropFirst()
      guard let comma = rest.first, comma.kind == .comma else { break }
      rest = rest.dropFirst()
    }
    if fields.count > 3 {
      throw inv.error("group by takes at most 3 fields", at: inv.args.first)
    }
    let selection = try q.selectFiltered(rest)
    let report = try q.report { () throws(ReportError) in
      try GroupReport.compute(by: fields, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }
}
