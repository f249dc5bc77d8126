import CobroPortfolio
import CobroShell

/// `list [FILTER] [columns …] [sort …] [limit N]`.
extension QueryCommands {
  /// `list [FILTER] [columns …] [sort …] [limit N]`.
  static let list = CommandDefinition(
    name: "list",
    aliases: ["listar"],
    group: .explore,
    synopsis: "list [FILTER] [columns F, G…] [sort FIELD [desc]] [limit N]",
    summary: "list the matching accounts, with the columns and order you choose",
    details: """
      Default columns: \(AccountList.defaultColumns.joined(separator: ", ")).
      'sort' orders by any field, ascending unless 'desc'; ties by account_id. Without 'sort'
      rows keep the file's order. 'limit N' keeps the first N rows. The clauses may come in
      any order after the filter. A bare filter takes the same clauses.
      """,
    example: "list overdue > 60 columns account_id, name, balance sort balance desc limit 10"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var parser = q.parser(inv.args[...], stopWords: listClauses)
    let filter = try parser.parseFilter()
    let clauses = try ListClauses.parse(parser.remaining, q)
    let selection = try q.select(filter)
    try q.emitList(selection, clauses)
  }
}
