import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

/// `roll [FROM] [TO] [FILTER] [by FIELD]` and `roll trend [FILTER]`.
extension HistoryCommands {
  static let roll = CommandDefinition(
    name: "roll",
    aliases: ["rodamiento"],
    group: .history,
    synopsis: "roll [FROM] [TO] [FILTER] [by FIELD] | roll trend [FILTER]",
    summary: "where the accounts of one cut-off went by the next: the roll-rate matrix",
    details: """
      Compares two cut-offs of 'history' by account id: FROM and TO are cut-off dates
      (2026-10-31, or 2026-10 for the month's); by default the last two, and TO is the cut-off
      after FROM. The first table counts the accounts of each FROM bucket (the accounts active
      at FROM, aged at FROM's date) by where they are at TO: a bucket (aged at TO's date), or
      out of it: 'paid' and 'written_off' (their status at TO, whatever their balance) and
      'left' (no longer in the TO file: paid off, sold or removed; the file does not say). The
      'new' row holds the accounts TO has and FROM had not. Accounts already paid or written
      off at FROM are left out.
      The second table gives each cell's accounts, 'share' (of its row's accounts), its
      'opening_balance' (at FROM), 'balance_share' (of its row's opening balance) and its
      'closing_balance' (at TO). The third gives, per FROM bucket, on the opening balance:
        roll_forward = balance of the bucket's accounts in a later bucket or written off at TO
                       / the bucket's opening balance
        cure         = balance of the overdue bucket's accounts current or paid at TO
                       / the bucket's opening balance
        self_cure    = the part of 'cure' of accounts with no contact or promise in the
                       journal after FROM through TO / the bucket's opening balance
      Rates and shares are exact until one rounding, half up, to hundredths of a percent.
      A FILTER selects the accounts at FROM (as of FROM's date) and the new ones at TO.
      'by FIELD' gives the cells and rates per value of a file column (FROM's value; TO's for
      new accounts). 'roll trend' gives the roll-forward rate of each bucket from each cut-off
      to the next, with a chart (the table alone in csv, json and markdown).
      """,
    example: "history demo\nroll\nroll trend",
    completion: { args in
      args.isEmpty ? .words(["trend"]) : .filter(listing: false)
    }
  ) { session, inv in
    var cursor = inv.cursor
    let history = try CutoffArguments.history(session, inv, minimum: 2)
    if cursor.accept("trend") || cursor.accept("tendencia") {
      var rest = cursor.rest()
      if let by = CutoffArguments.by(&rest) {
        throw inv.error(
          "'roll trend' is not grouped",
          at: by,
          notes: ["'roll FROM TO by FIELD' gives the rates per value"]
        )
      }
      let filter = try CutoffArguments.filter(session, inv, rest)
      try HistoryCommands.rollTrend(session, inv, history, filter)
      return
    }
    let first = try CutoffArguments.cutoff(history, inv, &cursor)
    let second = try CutoffArguments.cutoff(history, inv, &cursor)
    let from: HistoryCutoff
    let to: HistoryCutoff
    switch (first, second) {
    case (let a?, let b?):
      guard a.date < b.date else {
        throw inv.error(
          "FROM (\(a.date)) must be before TO (\(b.date))",
          at: inv.args[1],
          notes: ["roll FROM TO: the earlier cut-off first"]
        )
      }
      (from, to) = (a, b)
    case (let a?, nil):
      guard let i = history.cutoffs.firstIndex(where: { $0 === a }), i + 1 < history.cutoffs.count
      else {
        throw inv.error(
          "no cut-off after \(a.date)",
          at: inv.args[0],
          notes: [HistoryCommands.cutoffsNote(history)]
        )
      }
      (from, to) = (a, history.cutoffs[i + 1])
    default:
      let n = history.cutoffs.count
      (from, to) = (history.cutoffs[n - 2], history.cutoffs[n - 1])
    }
    var rest = cursor.rest()
    let by = CutoffArguments.by(&rest)
    let filter = try CutoffArguments.filter(session, inv, rest)
    let matrix = try HistoryCommands.rollMatrix(
      session,
      inv,
      history,
      from: from,
      to: to,
      filter: filter,
      by: by
    )
    session.message("roll from the cut-off \(from.date) to \(to.date)")
    if by == nil { session.emit(RollReport.matrix(matrix)) }
    session.emit(RollReport.cells(matrix, field: by?.text.lowercased()))
    session.emit(RollReport.rates(matrix, field: by?.text.lowercased()))
  }

  /// The roll matrix between two cut-offs, with a filter and a grouping.
  static func rollMatrix(
    _ session: Session,
    _ inv: CommandInvocation,
    _ history: CutoffHistory,
    from: HistoryCutoff,
    to: HistoryCutoff,
    filter: Query?,
    by: Token?
  ) throws(Diagnostic) -> RollMatrix {
    let context = session.settings.queryContext
    var scope = RollMatrix.Scope()
    scope.fromMask = try CutoffArguments.mask(filter, at: from, session, inv)
    scope.toMask = try CutoffArguments.mask(filter, at: to, session, inv)
    if let by {
      var labels: [String] = []
      var codes: [String: Int32] = [:]
      let f = try CutoffArguments.groups(by, at: from, labels: &labels, codes: &codes, inv)
      let t = try CutoffArguments.groups(by, at: to, labels: &labels, codes: &codes, inv)
      let (sorted, map) = CutoffArguments.sortedGroups(labels)
      scope.groups = (f.map { map[Int($0)] }, t.map { map[Int($0)] }, sorted)
    }
    do {
      let link = try history.link(from: from, to: to)
      scope.touched = try touched(session, inv, history, from: from, to: to)
      return try RollMatrix.compute(
        from: CutoffStates(from, context: context),
        to: CutoffStates(to, context: context),
        link: link,
        buckets: context.buckets.labels,
        scope: scope
      )
    } catch {
      throw inv.error("interrupted", at: inv.word)
    }
  }

  /// The rows of FROM with a contact or promise in the journal after FROM through TO, or `nil`
  /// when there is none.
  static func touched(
    _ session: Session,
    _ inv: CommandInvocation,
    _ history: CutoffHistory,
    from: HistoryCutoff,
    to: HistoryCutoff
  ) throws -> [Bool]? {
    let entries = try Arguments.journal(inv) { try session.journalEntries() }
    let cancelled = Set(entries.compactMap(\.cancels))
    var marks: [Bool]?
    let index = try history.index(of: from)
    for e in entries where e.kind == .contact || e.kind == .promise {
      guard !cancelled.contains(e.id), e.recordedOn > from.date, e.recordedOn <= to.date,
        let row = index.row(of: e.account)
      else { continue }
      if marks == nil { marks = [Bool](repeating: false, count: from.portfolio.rowCount) }
      marks?[row] = true
    }
    return marks
  }

  /// `roll trend`: the roll-forward rates of every pair of consecutive cut-offs, and a chart.
  static func rollTrend(
    _ session: Session,
    _ inv: CommandInvocation,
    _ history: CutoffHistory,
    _ filter: Query?
  ) throws(Diagnostic) {
    var steps: [(to: Day, matrix: RollMatrix)] = []
    for (a, b) in zip(history.cutoffs, history.cutoffs.dropFirst()) {
      let m = try rollMatrix(session, inv, history, from: a, to: b, filter: filter, by: nil)
      steps.append((b.date, m))
    }
    let buckets = session.settings.queryContext.buckets.labels
    session.emit(RollReport.trend(steps, first: history.cutoffs[0].date, buckets: buckets))
    guard session.settings.format == .table, !session.keepsResultsOnly else { return }
    var lines: [RateChart.Line] = []
    for (b, label) in buckets.enumerated() {
      for step in steps {
        let rate = step.matrix.rates(group: 0, bucket: b).forwardRate
        lines.append(RateChart.Line(group: label, label: "\(step.to)", rate: rate))
      }
    }
    var text = "\nroll-forward rate by bucket (100% = \(RateChart.width) marks)\n"
    text += RateChart(lines: lines).render(colored: session.colored)
    text.removeLast()
    session.print(text)
  }
}
