import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

/// `collected [by day|week|month] [FILTER] [by FIELD]`.
extension HistoryCommands {
  static let collected = CommandDefinition(
    name: "collected",
    aliases: ["recaudo", "recaudado"],
    group: .history,
    synopsis: "collected [by day|week|month] [FILTER] [by FIELD]",
    summary: "what was collected, from the payments file, by day, week or month",
    details: """
      Sums the payments of the payments file loaded with the portfolio in use by the period of
      their date (by month unless 'by day' or 'by week', a week running Monday to Sunday and
      named by its Monday): 'payments', 'amount' (exact to the cent), 'accounts' that paid and
      'from_left', the amount paid by accounts no longer in the portfolio. Those payments are
      kept at load when the history holds a cut-off with their account (load the payments
      after 'history'); they belong to the latest cut-off that holds the account.
      A FILTER selects the accounts: those of the portfolio in use as of the as-of date, those
      that left as of the date of their cut-off. 'by FIELD' sums per value of a file column
      (the portfolio's value, or the cut-off's for an account that left).
      """,
    example: "history demo\ncollected\ncollected by week segment = A\ncollected by segment",
    completion: { args in
      args.isEmpty ? .words(["by"]) : .filter(listing: false)
    }
  ) { session, inv in
    var cursor = inv.cursor
    var period = CollectionPeriod.month
    if let by = cursor.peek, by.isWord("by") || by.isWord("por"),
      inv.args.count > cursor.index + 1,
      let p = HistoryCommands.period(inv.args[cursor.index + 1].text)
    {
      _ = cursor.next()
      _ = cursor.next()
      period = p
    }
    var rest = cursor.rest()
    let by = CutoffArguments.by(&rest)
    let filter = try CutoffArguments.filter(session, inv, rest)
    let (payments, groups) = try HistoryCommands.payments(session, inv, filter: filter, by: by)
    let sums = Collections.sum(payments, by: period, groups: groups)
    session.emit(sums.table(field: by?.text.lowercased(), period: period))
  }

  /// The period a word names.
  static func period(_ word: String) -> CollectionPeriod? {
    switch word.lowercased() {
    case "day", "dia", "día": .day
    case "week", "semana": .week
    case "month", "mes": .month
    default: nil
    }
  }

  /// The payments of the accounts a filter selects, each with its group.
  static func payments(
    _ session: Session,
    _ inv: CommandInvocation,
    filter: Query?,
    by: Token?
  ) throws(Diagnostic) -> ([Collections.Payment], [String]) {
    let q = try QueryRun(session, inv)
    guard let history = q.portfolio.payments else {
      throw inv.error(
        "'\(inv.word.text)' needs the payments file",
        at: inv.word,
        notes: ["load FILE payments FILE loads it with the portfolio"]
      )
    }
    let mask = filter == nil ? nil : try q.select(filter).mask
    var labels: [String] = []
    var codes: [String: Int32] = [:]
    let rowGroups = try by.map { (f) throws(Diagnostic) in
      try CutoffArguments.groups(
        f,
        in: q.portfolio,
        named: "the portfolio in use",
        labels: &labels,
        codes: &codes,
        inv
      )
    }
    var out: [Collections.Payment] = []
    out.reserveCapacity(history.count + history.departed.count)
    for r in 0..<q.portfolio.rowCount {
      if let mask, mask[r] == 0 { continue }
      let g = rowGroups.map { Int($0[r]) } ?? 0
      for k in Int(history.start[r])..<Int(history.start[r + 1]) {
        out.append(
          Collections.Payment(
            row: r,
            account: nil,
            date: Day(raw: history.dates[k]),
            amount: history.amounts[k],
            group: g
          )
        )
      }
    }
    // Accounts that left: their latest cut-off gives the filter's answer and the group.
    var masks: [Int32: [UInt8]?] = [:]
    var cutoffGroups: [Int32: [Int32]] = [:]
    let cutoffs = session.state.history.cutoffs.reversed()
    for d in history.departed {
      var found: (HistoryCutoff, Int)?
      for c in cutoffs {
        guard let index = try? session.state.history.index(of: c),
          let row = index.row(of: d.account)
        else { continue }
        found = (c, row)
        break
      }
      guard let (cutoff, row) = found else { continue }
      let key = cutoff.date.raw
      if masks[key] == nil {
        masks[key] = try CutoffArguments.mask(filter, at: cutoff, session, inv)
      }
      if let m = masks[key] ?? nil, m[row] == 0 { continue }
      var g = 0
      if let by {
        if cutoffGroups[key] == nil {
          cutoffGroups[key] = try CutoffArguments.groups(
            by,
            at: cutoff,
            labels: &labels,
            codes: &codes,
            inv
          )
        }
        g = Int(cutoffGroups[key]?[row] ?? 0)
      }
      out.append(
        Collections.Payment(
          row: -1,
          account: d.account,
          date: Day(raw: d.date),
          amount: d.amount,
          group: g
        )
      )
    }
    guard by != nil else { return (out, [""]) }
    let (sorted, map) = CutoffArguments.sortedGroups(labels)
    for i in out.indices { out[i].group = Int(map[out[i].group]) }
    return (out, sorted)
  }
}
