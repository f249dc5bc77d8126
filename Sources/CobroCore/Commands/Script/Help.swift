import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `help [COMMAND]`.
extension BuiltinCommands {
  static let help = CommandDefinition(
    name: "help",
    aliases: ["ayuda", "?"],
    group: .script,
    synopsis: "help [COMMAND]",
    summary: "list the commands, or show one command's syntax and an example",
    details: """
      'help fields' lists the computed fields of the query language (days overdue, aging
      bucket, payment class, and the facts of the follow-up journal); 'help rules' the contact
      rules; 'help aliases' the headers a portfolio's columns are known by; 'help map' the
      column map; 'help exit' the exit statuses; 'help limits' the limits on input; 'help
      SETTING' a setting.
      """,
    example: "help aging\nhelp fields",
    completion: { args in args.isEmpty ? .commands : .nothing }
  ) { session, inv in
    var cursor = inv.cursor
    if let t = cursor.next() {
      try cursor.expectEnd()
      let name = t.text.lowercased()
      if name == "exit" || name == "exit-codes" || name == "status" {
        HelpText.print(session, HelpText.exitStatuses)
        return
      }
      if name == "limits" || name == "limites" || name == "límites" {
        HelpText.print(session, HelpText.limits)
        return
      }
      if name == "rules" || name == "reglas" {
        HelpText.print(session, ContactCommands.rulesHelp)
        return
      }
      if name == "fields" || name == "campos" {
        HelpText.print(session, HelpText.fields)
        return
      }
      if name == "aliases" || name == "alias" || name == "headers" {
        HelpText.print(session, HelpText.aliases)
        return
      }
      if name == "map" || name == "mapa" {
        HelpText.print(session, HelpText.columnMap)
        return
      }
      guard let c = session.commands[name] else {
        if let s = SettingsCatalog.definition(name) {
          HelpText.print(session, "set \(s.name) \(s.takes)\n  \(s.summary)")
          return
        }
        var notes: [Diagnostic.Message] = []
        if let s = Suggestion.closest(to: t.text, among: session.commandList.map(\.name)) {
          notes.append(QueryMessages.didYouMean(s))
        }
        throw inv.error("no help for '\(t.text)': not a command", at: t, notes: notes)
      }
      session.print(HelpText.command(c, width: session.settings.width))
      return
    }
    HelpText.print(session, HelpText.overview(session.commandList))
  }
}
