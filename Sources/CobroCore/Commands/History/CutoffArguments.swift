import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

/// What the commands over cut-offs read alike: cut-off dates, a filter applied at a cut-off, and
/// `by FIELD`.
enum CutoffArguments {
  /// The history, or a located error when it holds fewer than `minimum` cut-offs.
  static func history(_ session: Session, _ inv: CommandInvocation, minimum: Int)
    throws(Diagnostic) -> CutoffHistory
  {
    let history = session.state.history
    guard history.cutoffs.count >= minimum else {
      let needs = minimum == 1 ? "a cut-off" : "\(minimum) cut-offs"
      throw inv.error(
        "'\(inv.word.text)' needs \(needs); the history holds \(history.cutoffs.count)",
        at: inv.word,
        notes: [
          "'history FOLDER' or 'history add FILE' adds them; 'history demo' the demo's"
        ]
      )
    }
    return history
  }

  /// Reads a cut-off date (`2026-10-31`, or `2026-10` for the cut-off of that month) when the
  /// next token is one; fails when it is a date that is no cut-off.
  static func cutoff(
    _ history: CutoffHistory,
    _ inv: CommandInvocation,
    _ cursor: inout ArgumentCursor
  ) throws(Diagnostic) -> HistoryCutoff? {
    guard let t = cursor.peek, t.kind == .word else { return nil }
    if let day = Day(t.text) {
      _ = cursor.next()
      guard let c = history.cutoff(at: day) else {
        throw inv.error(
          "no cut-off \(day) in the history",
          at: t,
          notes: [HistoryCommands.cutoffsNote(history)]
        )
      }
      return c
    }
    let parts = t.text.split(separator: "-")
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m)
    else { return nil }
    _ = cursor.next()
    let inMonth = history.cutoffs.filter { $0.date.civil.year == y && $0.date.civil.month == m }
    guard inMonth.count == 1 else {
      throw inv.error(
        inMonth.isEmpty
          ? "no cut-off in \(t.text) in the history"
          : "\(inMonth.count) cut-offs in \(t.text): give the day",
        at: t,
        notes: [HistoryCommands.cutoffsNote(history)]
      )
    }
    return inMonth[0]
  }

  /// Splits off a trailing `by FIELD`; returns the field token.
  static func by(_ tokens: inout ArraySlice<Token>) -> Token? {
    guard tokens.count >= 2 else { return nil }
    let by = tokens[tokens.endIndex - 2]
    let field = tokens[tokens.endIndex - 1]
    guard by.isWord("by") || by.isWord("por"), field.kind == .word || field.kind == .string
    else { return nil }
    tokens = tokens.dropLast(2)
    return field
  }

  /// The filter of `tokens` (nil when empty), parsed once.
  static func filter(_ session: Session, _ inv: CommandInvocation, _ tokens: ArraySlice<Token>)
    throws(Diagnostic) -> Query?
  {
    guard !tokens.isEmpty else { return nil }
    var parser = Parser(tokens: tokens, source: inv.source, setNames: session.namedSets.names)
    let query = try parser.parseFilter()
    try parser.expectEnd()
    return query
  }

  /// The rows of a cut-off a filter selects, with the cut-off as the as-of date (`nil`: all).
  static func mask(
    _ filter: Query?,
    at cutoff: HistoryCutoff,
    _ session: Session,
    _ inv: CommandInvocation
  ) throws(Diagnostic) -> [UInt8]? {
    guard let filter else { return nil }
    var context = session.settings.queryContext
    context.asOf = cutoff.date
    let checker = Checker(
      portfolio: cutoff.portfolio,
      context: context,
      source: inv.source,
      namedSets: session.namedSets,
      otherNames: session.commandList.map(\.name),
      external: JournalFacts.fields
    )
    let predicate: Predicate
    do {
      predicate = try checker.check(filter)
    } catch {
      var d = error
      d.notes.append(
        Diagnostic.Message("in the cut-off \(cutoff.date) ('\(cutoff.portfolio.source)')")
      )
      throw d
    }
    var evaluator = Evaluator(
      portfolio: cutoff.portfolio,
      context: context,
      derived: cutoff.derived
    )
    evaluator.external = session.journalFactsProvider(cutoff.portfolio)
    do {
      return try evaluator.select(predicate).mask
    } catch {
      throw inv.error("interrupted", at: inv.word)
    }
  }

  /// The value of a field in every row of a cut-off, as group codes into `labels` (shared
  /// between the cut-offs of one command).
  static func groups(
    _ field: Token,
    at cutoff: HistoryCutoff,
    labels: inout [String],
    codes: inout [String: Int32],
    _ inv: CommandInvocation
  ) throws(Diagnostic) -> [Int32] {
    try groups(
      field,
      in: cutoff.portfolio,
      named: "the cut-off \(cutoff.date)",
      labels: &labels,
      codes: &codes,
      inv
    )
  }

  /// The value of a field in every row of a portfolio (`named` for errors), as group codes.
  static func groups(
    _ field: Token,
    in p: Portfolio,
    named: String,
    labels: inout [String],
    codes: inout [String: Int32],
    _ inv: CommandInvocation
  ) throws(Diagnostic) -> [Int32] {
    guard let column = p.column(named: field.text) else {
      var notes: [Diagnostic.Message] = [Diagnostic.Message("in \(named) ('\(p.source)')")]
      if let s = Suggestion.closest(to: field.text, among: p.queryNames) {
        notes.append(QueryMessages.didYouMean(s))
      }
      throw inv.error("unknown column '\(field.text)'", at: field, notes: notes)
    }
    func code(_ value: String) -> Int32 {
      if let c = codes[value] { return c }
      let c = Int32(labels.count)
      labels.append(value)
      codes[value] = c
      return c
    }
    if case .category(let c) = column.data {
      // Only the values some row holds become groups (a dictionary always holds "").
      var byCode = [Int32](repeating: -1, count: c.values.count)
      let rows = c.codes
      return (0..<p.rowCount).map { r in
        let k = rows[r]
        if byCode[k] < 0 { byCode[k] = code(c.values[k]) }
        return byCode[k]
      }
    }
    return (0..<p.rowCount).map { code(column.text($0)) }
  }

  /// Group labels in order (text order, the empty value last), and each old code's new code.
  static func sortedGroups(_ labels: [String]) -> (labels: [String], map: [Int32]) {
    let order = labels.indices.sorted { a, b in
      let x = labels[a]
      let y = labels[b]
      if x.isEmpty != y.isEmpty { return !x.isEmpty }
      return x.lowercased() == y.lowercased() ? x < y : x.lowercased() < y.lowercased()
    }
    var map = [Int32](repeating: 0, count: labels.count)
    for (new, old) in order.enumerated() { map[old] = Int32(new) }
    return (order.map { labels[$0] }, map)
  }
}
