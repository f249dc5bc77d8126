import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// A line that does not start with a command: a filter listing the accounts it matches.
extension QueryCommands {
  /// A line whose first word is not a command: list the matching accounts, and say on stderr
  /// how many they are and what share of the portfolio's balance they hold.
  static func bareFilter(_ session: Session, _ inv: CommandInvocation) throws {
    // Without a portfolio no word can be a field: a first word that is not one is most likely a
    // mistyped command.
    if session.portfolio == nil, let first = inv.args.first, first.kind == .word,
      !CanonicalSchema.fields.contains(where: {
        $0.name == first.text.lowercased() || $0.alias == first.text.lowercased()
          || $0.shortNames.contains(first.text.lowercased())
      })
    {
      throw session.unknownCommand(first, source: inv.source)
    }
    let q = try QueryRun(session, inv)
    if let first = inv.args.first, first.kind == .word,
      !Parser.keywords.contains(first.text.lowercased()),
      first.text.lowercased() != "due", q.checker.field(named: first.text) == nil,
      q.session.namedSets[first.text.lowercased()] == nil
    {
      let commands = session.commandList.map(\.name)
      if let s = Suggestion.closest(to: first.text, among: commands + q.portfolio.queryNames),
        commands.contains(s)
      {
        throw inv.error(
          "unknown command '\(first.text)'",
          at: first,
          notes: [QueryMessages.didYouMean(s), "'help' lists the commands"]
        )
      }
    }
    var parser = q.parser(inv.args[...], stopWords: listClauses)
    let filter = try parser.parseFilter()
    let clauses = try ListClauses.parse(parser.remaining, q)
    let selection = try q.select(filter)
    try q.emitList(selection, clauses)
    session.message(try summary(selection, q))
  }

  /// `N accounts, balance X, P% of the portfolio` (per currency when the portfolio has
  /// several: `balance COP X, P% of the portfolio's COP; …`).
  static func summary(_ selection: Selection, _ q: QueryRun) throws -> String {
    let whole = try q.evaluator.everything()
    let balance = try q.evaluator.balances
    let dim = try GroupDimension.currencies(evaluator: q.evaluator, selection: whole)
    let groups = dim?.count ?? 1
    var mine = [WideSum](repeating: WideSum(), count: groups)
    var all = [WideSum](repeating: WideSum(), count: groups)
    var counts = [Int](repeating: 0, count: groups)
    for r in whole.rows {
      let g = dim?.label(r) ?? 0
      all[g].add(balance[r])
      if selection.contains(r) {
        mine[g].add(balance[r])
        counts[g] += 1
      }
    }
    var parts: [String] = []
    let order = (0..<groups).sorted { (dim?.rank[$0] ?? 0) < (dim?.rank[$1] ?? 0) }
    for g in order where dim == nil || counts[g] > 0 {
      guard let m = mine[g].value, let w = all[g].value else {
        throw q.inv.error(ReportError.overflow.message, at: q.inv.word)
      }
      let share = Money.plain(Percent.share(m, of: w))
      if let dim {
        let c = dim.labels[g].plain
        parts.append("balance \(c) \(Money.grouped(m)), \(share)% of the portfolio's \(c)")
      } else {
        parts.append("balance \(Money.grouped(m)), \(share)% of the portfolio")
      }
    }
    let plural = selection.count == 1 ? "account" : "accounts"
    return "\(selection.count) \(plural)"
      + (parts.isEmpty ? "" : ", " + parts.joined(separator: "; "))
  }
}
