import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `recode FIELD VALUE[, VALUE…] as VALUE`: merges spellings of a category column for the rest
/// of the session.
enum RecodeCommand {
  /// The command.
  static let definition = CommandDefinition(
    name: "recode",
    aliases: ["recodificar"],
    group: .explore,
    synopsis: "recode FIELD VALUE[, VALUE…] as VALUE",
    summary: "merge values of a category column under one spelling, until the next load",
    details: """
      Every account whose FIELD is one of the values (ignoring case and accents, as filters
      compare) takes the value after 'as', in every filter, group, list and export until the
      next load; the file is not changed. FIELD is a category column (segment, product, city,
      or an extra column 'describe' lists as category); status, channel and debtor_type keep
      their fixed values. Values that differ only in case or accents are already one value in
      filters and groups (a group shows its most frequent spelling); recode merges the ones
      that differ otherwise. 'describe' lists the recodes in force. Prints on stderr how many
      accounts changed.
      """,
    example: "recode city Bello, Envigado, Itagui as Medellín\ngroup by city",
    completion: { args in
      guard let field = args.first, let last = args.last else { return .fields }
      let afterValue = last.kind == .word && last.text.lowercased() == "as"
      return afterValue || args.count == 1 || last.kind == .comma
        ? .values(field.text) : .words(["as"])
    }
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let fieldToken = try cursor.expectValue("a field")
    let field = try q.checker.field(Query.Name(fieldToken.text, range: fieldToken.range))
    if let fixed = Vocabulary.canonicalValues[field.name] {
      throw inv.error(
        "the values of \(field.name) are fixed: \(fixed.joined(separator: ", "))",
        at: fieldToken
      )
    }
    if case .absent = field.source {
      throw inv.error(QueryMessages.absentField(field.name), at: fieldToken)
    }
    guard case .column(let index) = field.source,
      case .category(let cat) = q.portfolio.columns[index].data
    else {
      throw inv.error(
        "recode applies to category columns; \(field.name) is \(Checker.typeName(field))",
        at: fieldToken,
        notes: ["'describe' lists each column's type"]
      )
    }
    var values: [Token] = []
    while true {
      let v = try cursor.expectValue("a value of \(field.name)")
      if v.isWord("as") && !values.isEmpty {
        cursor.index -= 1
        break
      }
      values.append(v)
      guard let next = cursor.peek else { break }
      if next.kind == .comma {
        _ = cursor.next()
        continue
      }
      guard next.isWord("as") else {
        throw inv.error("expected ',' or 'as'", at: next, notes: [example])
      }
      break
    }
    guard cursor.accept("as") else {
      throw inv.error(
        QueryMessages.expected("'as'", after: values.last?.text ?? ""),
        notes: [example]
      )
    }
    let target = try cursor.expectValue("the value to recode to")
    try cursor.expectEnd()
    guard !target.text.isEmpty else {
      throw inv.error("the value to recode to is empty", at: target)
    }
    // Every value must exist: a typo would otherwise recode nothing, silently.
    let present = cat.histogram()
    let existing = cat.values.indices.filter { $0 > 0 && present[$0] > 0 }.map { cat.values[$0] }
    let keys = Set(existing.map(CanonicalSchema.fold))
    for v in values where !keys.contains(CanonicalSchema.fold(v.text)) {
      var notes: [Diagnostic.Message] = []
      if let s = Suggestion.closest(to: v.text, among: existing) {
        notes.append(QueryMessages.didYouMean(s))
      }
      let shown = SpellingGroups(cat, values: cat.values).labels.filter { !$0.isEmpty }
      notes.append(QueryMessages.existingValues(field.name, shown.sorted()))
      throw inv.error(QueryMessages.unknownValue(v.text, field: field.name), at: v, notes: notes)
    }
    let changed = q.portfolio.recode(column: index, values: values.map(\.text), as: target.text)
    session.message(
      "\(field.name): \(values.map { "'\($0.text)'" }.joined(separator: ", ")) as '\(target.text)' (\(changed) account\(changed == 1 ? "" : "s") changed)"
    )
  }

  /// The form to write, for notes.
  private static let example: Diagnostic.Message =
    "write: recode city \"Bogota D.C.\", BOGOTA as Bogotá"
}
