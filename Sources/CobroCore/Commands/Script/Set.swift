import CobroContact
import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `set [NAME VALUE]`.
extension BuiltinCommands {
  static let set = CommandDefinition(
    name: "set",
    group: .script,
    synopsis: "set NAME VALUE | set",
    summary: "change a setting (asof, at, format, limit, width, …); alone, list them",
    details: """
      Settings: \(SettingsCatalog.all.map(\.name).joined(separator: ", ")).
      Every setting but timer (which only the terminal sees) is pinned by 'record',
      so a replay prints the same. money defaults to es-CO when the locale is Spanish (LC_ALL,
      LC_MONETARY or LANG es_*), else en-US; a recording pins it.
      """,
    example: "set asof 2026-10-31",
    completion: { args in
      guard let name = args.first?.text.lowercased() else { return .settings }
      guard args.count == 1 else { return .nothing }
      switch name {
      case "format": return .words(OutputFormat.allCases.map(\.rawValue))
      case "limit", "width": return .words(["none"])
      case "rules": return .words(ContactRuleSet.allCases.map(\.rawValue))
      case "mask": return .words(["off", "on"])
      case "csv": return .words(["raw", "safe"])
      case "money": return .words(MoneyStyle.allCases.map(\.rawValue))
      case "timer": return .words(["off", "on"])
      case "export": return .words(CSVDialect.profiles.map(\.name))
      case "templates": return .paths
      default: return .nothing
      }
    }
  ) { session, inv in
    var cursor = inv.cursor
    guard let nameToken = cursor.next() else {
      var table = ResultTable(columns: [.init("setting", .text), .init("value", .text)])
      for d in SettingsCatalog.all {
        table.rows.append([.text(d.name), .text(d.current(session.settings) ?? "")])
      }
      session.emit(table)
      return
    }
    let name = nameToken.text.lowercased()
    guard let def = SettingsCatalog.definition(name) else {
      var notes: [Diagnostic.Message] = []
      if let s = Suggestion.closest(to: name, among: SettingsCatalog.all.map(\.name)) {
        notes.append(QueryMessages.didYouMean(s))
      }
      notes.append("settings: \(SettingsCatalog.all.map(\.name).joined(separator: ", "))")
      throw inv.error("unknown setting '\(nameToken.text)'", at: nameToken, notes: notes)
    }
    let rest = cursor.rest()
    guard let firstValue = rest.first else {
      throw inv.error("'set \(name)' needs a value (\(def.takes))")
    }
    var value = rest.map(\.text).joined(separator: rest.count > 1 ? " " : "")
    if def.resolvesPath && value.lowercased() != "none" {
      value = session.resolve(value, from: inv.source)
    }
    var copy = session.settings
    switch def.apply(
      &copy,
      rest.count > 1 && name != "buckets" && !def.resolvesPath
        ? rest.map(\.text).joined(separator: " ") : value
    ) {
    case .success(let shown):
      session.settings = copy
      session.message("\(name) = \(shown)")
    case .failure(let e):
      if let d = e.diagnostic { throw d }
      throw inv.source.diagnostic(
        e.message,
        at: SourceRange(
          file: firstValue.range.file,
          start: firstValue.range.start,
          end: rest.last?.range.end ?? firstValue.range.end
        ),
        notes: e.notes
      )
    }
  }
}
