import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

/// `let NAME = FILTER`: a named set.
extension QueryCommands {
  /// `let NAME = FILTER`.
  static let letCommand = CommandDefinition(
    name: "let",
    group: .explore,
    synopsis: "let NAME = FILTER",
    summary: "name a filter, to use it like a condition: count risky segment B",
    details: """
      The name stands for its filter wherever a condition can go. Names are words that are not
      fields, commands or 'and', 'or', 'not', 'in'. Defining a name again replaces it. 'sets'
      lists them.
      """,
    example: "let risky = overdue > 90 and balance > 5M\ncount risky segment B"
  ) { session, inv in
    guard let nameToken = inv.args.first, nameToken.kind == .word else {
      throw inv.error(
        QueryMessages.expected("a name", after: "let"),
        at: inv.args.first,
        notes: ["write: let risky = overdue > 90"]
      )
    }
    let name = nameToken.text.lowercased()
    let valid =
      name.unicodeScalars.first.map { $0.properties.isAlphabetic } ?? false
      && name.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0)
      }
    guard valid else {
      throw inv.error(
        "'\(nameToken.text)' cannot name a set",
        at: nameToken,
        notes: ["a name is a letter, then letters, digits or '_'"]
      )
    }
    if Parser.keywords.contains(name) || session.commands[name] != nil || name == "due" {
      throw inv.error("'\(nameToken.text)' is a reserved word", at: nameToken)
    }
    if Checker.fieldNames(external: JournalFacts.fields).contains(CanonicalSchema.fold(name))
      || Checker.canonical(named: CanonicalSchema.fold(name)) != nil
      || session.portfolio?.columnIndex(named: name) != nil
    {
      throw inv.error(
        "'\(nameToken.text)' is a field",
        at: nameToken,
        notes: ["choose another name"]
      )
    }
    guard inv.args.count > 1, inv.args[1].kind == .op, inv.args[1].text == "=" else {
      throw inv.error(
        QueryMessages.expected("'='", after: nameToken.text),
        at: inv.args.dropFirst().first,
        notes: ["write: let \(nameToken.text) = overdue > 90"]
      )
    }
    let tokens = Array(inv.args.dropFirst(2))
    guard !tokens.isEmpty else {
      throw inv.error(QueryMessages.expected("a filter", after: "="), at: nil)
    }
    // Defined in place, so that the sets checked by earlier commands stay checked (`NamedSets`);
    // a definition that fails is taken back.
    let previous = session.namedSets[name]
    session.namedSets[name] = tokens
    let filter: Query?
    do throws(Diagnostic) {
      var parser = Parser(tokens: tokens, source: inv.source, setNames: session.namedSets.names)
      filter = try parser.parseFilter()
      try parser.expectEnd()
      if let p = session.portfolio {
        let checker = Checker(
          portfolio: p,
          context: session.settings.queryContext,
          source: inv.source,
          namedSets: session.namedSets,
          external: JournalFacts.fields
        )
        _ = try checker.check(filter)
      }
    } catch {
      session.namedSets[name] = previous
      throw error
    }
    session.message("\(name) = \(filter?.source ?? "")")
  }
}
