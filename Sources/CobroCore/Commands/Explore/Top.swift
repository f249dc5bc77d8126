import CobroPortfolio
import CobroShell

/// `top N [by FIELD] [FILTER]`.
extension QueryCommands {
  /// `top N [by FIELD] [FILTER]`.
  static let top = CommandDefinition(
    name: "top",
    group: .explore,
    synopsis: "top N [by FIELD] [FILTER]",
    summary: "the N accounts with the largest balance (or FIELD)",
    details: """
      Columns as 'list'. Ordered by FIELD descending (default balance), ties by account_id.
      """,
    example: "top 10 by overdue segment B"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    guard let nToken = inv.args.first, let n = Int(nToken.text), n > 0 else {
      throw inv.error(
        QueryMessages.expected("a number of accounts", after: "top"),
        at: inv.args.first,
        notes: ["for example: top 10 by balance"]
      )
    }
    var rest = inv.args.dropFirst()
    var key = q.balanceField
    if let by = rest.first, by.isWord("by") {
      rest = rest.dropFirst()
      guard let f = rest.first, f.kind == .word else {
        throw inv.error(QueryMessages.expected("a field", after: "by"), at: rest.first)
      }
      key = try q.checker.field(Query.Name(f.text, range: f.range))
      rest = rest.dropFirst()
    }
    let selection = try q.selectFiltered(rest)
    var clauses = ListClauses()
    clauses.sort = (key, true)
    clauses.limit = n
    try q.emitList(selection, clauses)
  }
}
