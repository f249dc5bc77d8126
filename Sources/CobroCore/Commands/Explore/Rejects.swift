import CobroPortfolio
import CobroShell

/// `rejects`: the rows the last load rejected.
extension BuiltinCommands {
  static let rejects = CommandDefinition(
    name: "rejects",
    aliases: ["rechazos"],
    group: .explore,
    synopsis: "rejects",
    summary: "list the rows the last load rejected, with line and reason",
    details: "'export rejects.csv rejects' writes them, with their original text, to a file.",
    example: "rejects",
    completion: { _ in .nothing }
  ) { session, inv in
    try inv.cursor.expectEnd()
    guard let p = session.portfolio else { throw inv.error(QueryMessages.noPortfolio) }
    var table = ResultTable(columns: [
      .init("file", .text), .init("line", .integer), .init("column", .integer),
      .init("reason", .text), .init("text", .text),
    ])
    var all = p.rejects
    all += session.state.paymentRejects
    for r in all {
      table.rows.append([
        .text(r.file), .integer(Int64(r.diagnostic.range?.start.line ?? r.line)),
        .integer(Int64(r.diagnostic.range?.start.column ?? 1)),
        .text(r.diagnostic.message.text), .text(r.text),
      ])
    }
    session.emit(table)
  }
}
