import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `sets`: the named sets.
extension QueryCommands {
  /// `sets`.
  static let sets = CommandDefinition(
    name: "sets",
    group: .explore,
    synopsis: "sets",
    summary: "list the named sets defined with 'let'",
    details: "Prints name, filter, sorted by name.",
    example: "sets",
    completion: { _ in .nothing }
  ) { session, inv in
    try inv.cursor.expectEnd()
    var t = ResultTable(columns: [.init("name", .text), .init("filter", .text)])
    let names = session.namedSets.names
    for name in names.sorted() {
      let tokens = session.namedSets[name] ?? []
      var parser = Parser(
        tokens: tokens,
        source: SourceFile(name: "", text: ""),
        setNames: names
      )
      let text =
        (try? parser.parseFilter())??.source ?? tokens.map(\.description).joined(separator: " ")
      t.rows.append([.text(name), .text(text)])
    }
    session.emit(t)
  }
}
