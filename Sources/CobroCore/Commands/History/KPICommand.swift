import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

/// `kpi [PERIOD] [FILTER] [by FIELD|collector|channel] [--explain]` and `kpi trend [KPI]`.
extension HistoryCommands {
  static let kpi = CommandDefinition(
    name: "kpi",
    aliases: ["indicadores"],
    group: .history,
    synopsis: "kpi [PERIOD] [FILTER] [by FIELD|collector|channel] [--explain] | kpi trend [KPI]",
    summary: "the month's collection KPIs between two cut-offs, each formula shown with --explain",
    details: """
      The period runs from the day after one cut-off (FROM) through the next (TO): PERIOD is
      TO's date or month (2026-11-30 or 2026-11), by default the last cut-off. The accounts
      are those active at FROM and those new at TO; a FILTER selects them (at FROM, and at TO
      for the new ones). From the cut-offs and the payments file:
        opening_balance    balances at FROM of the accounts active at FROM
        collected          their payments (and the new accounts') dated in the period
        recovery_rate      collected / opening_balance
        cei                Collection Effectiveness Index in its receivables form:
                           (opening + new - closing) / (opening + new - closing_current),
                           new = balance at TO of the new accounts, closing = balance at TO
                           of the accounts still active, closing_current = of those current
        roll_forward_rate  opening balance in a later bucket or written off at TO / opening
        cure_rate          opening balance overdue at FROM and current or paid at TO
                           / opening balance overdue at FROM
        written_off        opening balance of the accounts written off at TO
      From the journal (entries not cancelled, recorded in the period; promises and agreements
      as of TO with 'set grace'):
        contacts, right_party_contacts (result right_party, promise, refused or dispute),
        right_party_rate = right_party_contacts / contacts, promises, promise_rate = promises
        / right_party_contacts, contacts_per_promise, promises_due (dated in the period),
        promises_kept and its amount, promises_partial and what was paid, promises_broken
        and broken_promise_amount, promises_kept_rate = kept / due, agreements_current,
        agreements_behind (an installment unpaid past its date and grace) and agreements_broken
        (one still unpaid 'set break_after' days later), as 'agreements' states them.
      Rates are exact until one rounding, half up, to hundredths of a percent; ratios to two
      decimals. 'by FIELD' gives every figure per value of a file column (FROM's value, TO's
      for new accounts); 'by collector' and 'by channel' give the journal's figures per
      collector or channel of the entry. '--explain' adds each figure's formula and inputs.
      'kpi trend [KPI]' gives the portfolio figures of every period between consecutive
      cut-offs, and a chart of one (recovery_rate unless named).
      """,
    example: "history demo\nkpi --explain\nkpi by segment\nkpi trend cei",
    completion: { args in
      args.isEmpty ? .words(["trend", "--explain"]) : .filter(listing: false)
    }
  ) { session, inv in
    var cursor = inv.cursor
    let history = try CutoffArguments.history(session, inv, minimum: 2)
    if cursor.accept("trend") || cursor.accept("tendencia") {
      try HistoryCommands.kpiTrend(session, inv, history, &cursor)
      return
    }
    var to = history.cutoffs[history.cutoffs.count - 1]
    if let t = cursor.peek, let c = try CutoffArguments.cutoff(history, inv, &cursor) {
      guard history.previous(c) != nil else {
        throw inv.error(
          "no cut-off before \(c.date): the period runs from the cut-off before",
          at: t,
          notes: [HistoryCommands.cutoffsNote(history)]
        )
      }
      to = c
    }
    let from = history.previous(to) ?? to
    var rest = cursor.rest()
    var explain = false
    if let last = rest.last, last.isWord("--explain") {
      explain = true
      rest = rest.dropLast()
    }
    let by = CutoffArguments.by(&rest)
    if let last = rest.last, last.isWord("--explain") {
      explain = true
      rest = rest.dropLast()
    }
    let filter = try CutoffArguments.filter(session, inv, rest)
    let journalBy = by.flatMap { JournalGrouping(rawValue: $0.text.lowercased()) }
    let fileBy = journalBy == nil ? by : nil
    let figures = try HistoryCommands.kpiFigures(
      session,
      inv,
      history,
      from: from,
      to: to,
      filter: filter,
      by: fileBy,
      journalBy: journalBy
    )
    session.message("kpi from the cut-off \(from.date) to \(to.date)")
    session.emit(PeriodKPIs.table(figures, field: by?.text.lowercased(), explain: explain))
  }

  /// What the journal's figures can be grouped by.
  enum JournalGrouping: String {
    /// Who wrote the entry.
    case collector
    /// The channel of the contact or promise.
    case channel
  }

  /// The figures of a period, per group.
  static func kpiFigures(
    _ session: Session,
    _ inv: CommandInvocation,
    _ history: CutoffHistory,
    from: HistoryCutoff,
    to: HistoryCutoff,
    filter: Query?,
    by: Token?,
    journalBy: JournalGrouping?
  ) throws(Diagnostic) -> [(label: String, figures: [PeriodKPIs.Figure])] {
    let matrix = try rollMatrix(session, inv, history, from: from, to: to, filter: filter, by: by)
    let groupOf = try kpiGroups(session, inv, from: from, to: to, by: by, labels: matrix.groups)
    var portfolios = (0..<matrix.groups.count).map { portfolioFigures(matrix, group: $0) }
    let collected = try collectedByGroup(
      session,
      inv,
      history,
      from: from,
      to: to,
      filter: filter,
      groupOf: groupOf,
      groups: matrix.groups.count
    )
    for g in portfolios.indices { portfolios[g].collected = collected[g] }
    let (journalLabels, journals) = try journalFigures(
      session,
      inv,
      history,
      from: from,
      to: to,
      filter: filter,
      groupOf: groupOf,
      groups: matrix.groups,
      by: journalBy
    )
    if journalBy != nil {
      var out: [(String, [PeriodKPIs.Figure])] = [
        ("all", PeriodKPIs.figures(portfolio: portfolios[0], journal: nil))
      ]
      for (label, j) in zip(journalLabels, journals) {
        out.append((label, PeriodKPIs.figures(portfolio: nil, journal: j)))
      }
      return out
    }
    return matrix.groups.indices.map {
      (matrix.groups[$0], PeriodKPIs.figures(portfolio: portfolios[$0], journal: journals[$0]))
    }
  }

  /// The portfolio figures of a group that the roll matrix gives.
  static func portfolioFigures(_ m: RollMatrix, group g: Int) -> PeriodKPIs.Portfolio {
    var p = PeriodKPIs.Portfolio()
    for b in m.buckets.indices {
      let rates = m.rates(group: g, bucket: b)
      p.opening += rates.opening
      p.rolledForward += rates.forward
      if b > 0 {
        p.overdueOpening += rates.opening
        p.cured += rates.cured ?? 0
      }
      p.writtenOff += m.cells[g][b][m.writtenOffColumn].opening
    }
    p.newBalance = m.rowTotal(group: g, row: m.newRow).closing
    for row in m.rowLabels.indices {
      for b in m.buckets.indices { p.closing += m.cells[g][row][b].closing }
      p.closingCurrent += m.cells[g][row][0].closing
    }
    return p
  }

  /// The group of every FROM row and TO row (`by FIELD`, in the roll matrix's label order).
  static func kpiGroups(
    _ session: Session,
    _ inv: CommandInvocation,
    from: HistoryCutoff,
    to: HistoryCutoff,
    by: Token?,
    labels: [String]
  ) throws(Diagnostic) -> (from: [Int32], to: [Int32])? {
    guard let by else { return nil }
    var found: [String] = []
    var codes: [String: Int32] = [:]
    let f = try CutoffArguments.groups(by, at: from, labels: &found, codes: &codes, inv)
    let t = try CutoffArguments.groups(by, at: to, labels: &found, codes: &codes, inv)
    var position: [String: Int32] = [:]
    for (i, l) in labels.enumerated() { position[l] = Int32(i) }
    let map = found.map { position[$0] ?? 0 }
    return (f.map { map[Int($0)] }, t.map { map[Int($0)] })
  }

  /// The payments dated in the period of the accounts active at FROM and new at TO, per group.
  static func collectedByGroup(
    _ session: Session,
    _ inv: CommandInvocation,
    _ history: CutoffHistory,
    from: HistoryCutoff,
    to: HistoryCutoff,
    filter: Query?,
    groupOf: (from: [Int32], to: [Int32])?,
    groups: Int
  ) throws(Diagnostic) -> [Int64] {
    var sums = [Int64](repeating: 0, count: groups)
    guard let current = session.portfolio, let payments = current.payments else {
      throw inv.error(
        "'kpi' needs the payments file of the portfolio in use",
        at: inv.word,
        notes: ["load the last cut-off with its payments: load FILE payments FILE"]
      )
    }
    let fromMask = try CutoffArguments.mask(filter, at: from, session, inv)
    let toMask = try CutoffArguments.mask(filter, at: to, session, inv)
    let lo = from.date.raw
    let hi = to.date.raw
    do {
      let index = try AccountIndex(current)
      let link = try history.link(from: from, to: to)
      let fromStatus = CutoffStates.statuses(of: from.portfolio)
      func add(_ portfolio: Portfolio, row r: Int, group g: Int) {
        guard case .text(let ids)? = portfolio.column(named: "account_id")?.data else { return }
        let range = ids.range(r)
        guard let c = index.row(ids.bytes.base, range.lowerBound, range.upperBound) else { return }
        for k in Int(payments.start[c])..<Int(payments.start[c + 1]) {
          let d = payments.dates[k]
          if d > lo && d <= hi { sums[g] += payments.amounts[k] }
        }
      }
      for r in 0..<from.portfolio.rowCount where fromStatus[r] == .active {
        if r % Interruption.stride == 0 { try Interruption.check() }
        if let m = fromMask, m[r] == 0 { continue }
        add(from.portfolio, row: r, group: groupOf.map { Int($0.from[r]) } ?? 0)
      }
      for t32 in link.newRows {
        let t = Int(t32)
        if let m = toMask, m[t] == 0 { continue }
        add(to.portfolio, row: t, group: groupOf.map { Int($0.to[t]) } ?? 0)
      }
      // Payments of accounts that have left the portfolio in use.
      let fromIndex = try history.index(of: from)
      let toIndex = try history.index(of: to)
      for d in payments.departed where d.date > lo && d.date <= hi {
        if let r = fromIndex.row(of: d.account) {
          guard fromStatus[r] == .active, fromMask.map({ $0[r] != 0 }) ?? true else { continue }
          sums[groupOf.map { Int($0.from[r]) } ?? 0] += d.amount
        } else if let t = toIndex.row(of: d.account) {
          guard toMask.map({ $0[t] != 0 }) ?? true else { continue }
          sums[groupOf.map { Int($0.to[t]) } ?? 0] += d.amount
        }
      }
    } catch {
      throw inv.error("interrupted", at: inv.word)
    }
    return sums
  }

  /// The journal's figures of the period, per group (of the accounts, or by collector or
  /// channel).
  static func journalFigures(
    _ session: Session,
    _ inv: CommandInvocation,
    _ history: CutoffHistory,
    from: HistoryCutoff,
    to: HistoryCutoff,
    filter: Query?,
    groupOf: (from: [Int32], to: [Int32])?,
    groups: [String],
    by: JournalGrouping?
  ) throws(Diagnostic) -> ([String], [PeriodKPIs.Journal]) {
    let entries = try Arguments.journal(inv) { try session.journalEntries() }
    let agreements = try Arguments.journal(inv) { try session.agreements() }
    let fromMask = try CutoffArguments.mask(filter, at: from, session, inv)
    let toMask = try CutoffArguments.mask(filter, at: to, session, inv)
    let fromIndex: AccountIndex
    let toIndex: AccountIndex
    do {
      fromIndex = try history.index(of: from)
      toIndex = try history.index(of: to)
    } catch {
      throw inv.error("interrupted", at: inv.word)
    }
    // The group of an account, or nil when the filter leaves it out.
    func accountGroup(_ id: String) -> Int? {
      if let r = fromIndex.row(of: id) {
        if let m = fromMask, m[r] == 0 { return nil }
        return groupOf.map { Int($0.from[r]) } ?? 0
      }
      if let t = toIndex.row(of: id) {
        if let m = toMask, m[t] == 0 { return nil }
        return groupOf.map { Int($0.to[t]) } ?? 0
      }
      return filter == nil && groupOf == nil ? 0 : nil
    }
    var labels = by == nil ? groups : []
    var codes: [String: Int] = [:]
    func group(_ e: JournalEntry) -> Int? {
      guard accountGroup(e.account) != nil else { return nil }
      guard let by else { return accountGroup(e.account) }
      let key = (by == .collector ? e.collector : e.channel) ?? "none"
      if let c = codes[key] { return c }
      labels.append(key)
      codes[key] = labels.count - 1
      return labels.count - 1
    }
    let lo = from.date
    let hi = to.date
    var out: [Int: PeriodKPIs.Journal] = [:]
    let grace = session.graceDays
    for e in entries where e.cancelledBy == nil {
      switch e.kind {
      case .contact where e.recordedOn > lo && e.recordedOn <= hi:
        guard let g = group(e) else { continue }
        out[g, default: .init()].contacts += 1
        if let r = e.result, [.rightParty, .promise, .refused, .dispute].contains(r) {
          out[g, default: .init()].rightParty += 1
        }
      case .promise:
        let made = e.recordedOn > lo && e.recordedOn <= hi
        let due = e.due ?? e.recordedOn
        let isDue = due > lo && due <= hi
        guard made || isDue, let g = group(e) else { continue }
        if made { out[g, default: .init()].promises += 1 }
        guard isDue else { continue }
        let (paid, state) = PromiseState.evaluate(
          e,
          payments: Arguments.payments(session, e.account),
          asOf: hi,
          graceDays: grace
        )
        out[g, default: .init()].due += 1
        switch state {
        case .kept:
          out[g, default: .init()].kept += 1
          out[g, default: .init()].keptAmount += e.amount ?? 0
        case .partial:
          out[g, default: .init()].partial += 1
          out[g, default: .init()].partialPaid += paid
        case .broken:
          out[g, default: .init()].broken += 1
          out[g, default: .init()].brokenAmount += e.amount ?? 0
        case .pending, .cancelled:
          break
        }
      default:
        continue
      }
    }
    for a in agreements where a.entry.cancelledBy == nil && a.entry.recordedOn <= hi {
      guard let g = group(a.entry) else { continue }
      let status = AgreementStatus.evaluate(
        a,
        payments: AgreementCommands.payments(session, a),
        asOf: hi,
        graceDays: grace,
        breakAfterDays: session.breakAfterDays
      )
      switch status.state {
      case .broken: out[g, default: .init()].agreementsBroken += 1
      case .behind: out[g, default: .init()].agreementsBehind += 1
      case .pending, .current, .kept, .cancelled: out[g, default: .init()].agreementsCurrent += 1
      }
    }
    if by != nil {
      let order = labels.indices.sorted { labels[$0] < labels[$1] }
      return (order.map { labels[$0] }, order.map { out[$0] ?? .init() })
    }
    return (labels, labels.indices.map { out[$0] ?? .init() })
  }

  /// `kpi trend [KPI] [FILTER]`: the portfolio figures of every period, and a chart of one.
  static func kpiTrend(
    _ session: Session,
    _ inv: CommandInvocation,
    _ history: CutoffHistory,
    _ cursor: inout ArgumentCursor
  ) throws(Diagnostic) {
    let names = PeriodKPIs.figures(portfolio: .init(), journal: nil).map(\.name)
    var chosen = "recovery_rate"
    if let t = cursor.peek, t.kind == .word, names.contains(t.text.lowercased()) {
      chosen = t.text.lowercased()
      _ = cursor.next()
    }
    let filter = try CutoffArguments.filter(session, inv, cursor.rest())
    var columns: [ResultTable.Column] = [.init("from", .date), .init("to", .date)]
    var table = ResultTable(columns: [])
    var chart: [RateChart.Line] = []
    var values: [(Day, Cell)] = []
    for (a, b) in zip(history.cutoffs, history.cutoffs.dropFirst()) {
      let figures = try kpiFigures(
        session,
        inv,
        history,
        from: a,
        to: b,
        filter: filter,
        by: nil,
        journalBy: nil
      )[0].figures.filter { names.contains($0.name) }
      if table.columns.isEmpty {
        for f in figures {
          let rate = f.name.hasSuffix("_rate") || f.name == "cei"
          columns.append(.init(f.name, rate ? .percent : .money))
        }
        table.columns = columns
      }
      table.rows.append([.date(a.date), .date(b.date)] + figures.map(\.value))
      if let f = figures.first(where: { $0.name == chosen }) { values.append((b.date, f.value)) }
    }
    session.emit(table)
    guard session.settings.format == .table, !session.keepsResultsOnly else { return }
    var top: Int64 = 0
    for (d, v) in values {
      var value: Int64?
      switch v {
      case .percent(let p), .money(let p): value = p
      default: value = nil
      }
      top = max(top, value ?? 0)
      let text = v == .empty ? "-" : PeriodKPIs.unit(v) == "%" ? v.plain + "%" : v.display
      chart.append(RateChart.Line(group: chosen, label: "\(d)", value: value, text: text))
    }
    var text = "\n\(chosen) by period (the largest = \(RateChart.width) marks)\n"
    text += RateChart(lines: chart, full: top).render(colored: session.colored)
    text.removeLast()
    session.print(text)
  }
}
