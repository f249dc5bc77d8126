import Foundation

/// `promises [FILTER]`.
extension JournalCommands {
  static let promises = CommandDefinition(
    name: "promises",
    aliases: ["promesas"],
    group: .followUp,
    synopsis:
      "promises [due today|due within N days|pending|kept|partial|broken|cancelled|summary]",
    summary: "promises to pay and whether they were kept, at the as-of date",
    details: """
      Columns: id, account_id, amount, due_date, paid, state, channel, collector, recorded_at,
      note; one row per promise in entry order. Without an argument every promise is listed.
      paid adds the account's payments (from the payments file) dated from the day the promise
      was recorded through its date plus 'set grace' days, and not after the as-of date.
      States: kept when paid reaches the amount; once the as-of date is after the date plus
      grace, partial when something but not all was paid and broken when nothing was; pending
      before that; cancelled when 'cancel' cancelled it.
      due today: promises dated on the as-of date; due within N days: dated from the as-of date
      through N days later (cancelled ones left out of both).
      summary: columns by, value, promises, pending, kept, partial, broken, kept_rate; rows by
      segment, then channel, then collector, each sorted by value, then a total row. kept_rate
      is kept / (kept + partial + broken) in percent, half up; empty when none is decided.
      Cancelled promises do not count.
      """,
    example:
      "promise \(Arguments.exampleAccount) 150000 on 2026-12-05\npromises\npromises due within 7 days",
    completion: { args in
      guard let first = args.first else {
        return .words(["broken", "cancelled", "due", "kept", "partial", "pending", "summary"])
      }
      return args.count == 1 && first.text.lowercased() == "due"
        ? .words(["today", "within"]) : .nothing
    }
  ) { session, inv in
    var cursor = inv.cursor
    enum Filter { case all, state(PromiseState), dueWithin(Int), summary }
    var filter = Filter.all
    if let t = cursor.next() {
      switch t.text.lowercased() {
      case "due", "vencen":
        if cursor.accept("today") || cursor.accept("hoy") {
          filter = .dueWithin(0)
        } else if cursor.accept("within") || cursor.accept("en") {
          let n = try cursor.expectValue("a number of days")
          guard let days = Int(n.text), (0...3650).contains(days) else {
            throw inv.error("'\(n.text)' is not a number of days", at: n)
          }
          _ = cursor.accept("days") || cursor.accept("day") || cursor.accept("dias")
          filter = .dueWithin(days)
        } else {
          throw inv.error("expected 'due today' or 'due within N days'", at: cursor.peek ?? t)
        }
      case "summary", "resumen": filter = .summary
      default:
        guard let state = PromiseState(rawValue: t.text.lowercased()) else {
          let words = ["due", "summary"] + PromiseState.allCases.map(\.rawValue)
          var notes: [Diagnostic.Message] = []
          if let s = Suggestion.closest(to: t.text, among: words) {
            notes.append("did you mean '\(s)'?")
          }
          let states = PromiseState.allCases.map(\.rawValue).joined(separator: ", ")
          notes.append("filters: due today, due within N days, \(states), summary")
          throw inv.error("unknown promise filter '\(t.text)'", at: t, notes: notes)
        }
        filter = .state(state)
      }
    }
    try cursor.expectEnd()
    let entries = try Arguments.journal(inv) { try session.journalEntries() }.filter {
      $0.kind == .promise
    }
    if !entries.isEmpty && session.portfolio?.payments == nil {
      session.report(.noPaymentsLoaded("promise"))
    }
    let asOf = session.settings.asOf
    let evaluated = entries.map { e -> (JournalEntry, Cents, PromiseState) in
      let (paid, state) = PromiseState.evaluate(
        e,
        payments: Arguments.payments(session, e.account),
        asOf: asOf,
        graceDays: session.graceDays
      )
      return (e, paid, state)
    }
    switch filter {
    case .summary:
      session.emit(summary(session, evaluated.filter { $0.2 != .cancelled }))
    case .all:
      session.emit(table(evaluated))
    case .state(let s):
      session.emit(table(evaluated.filter { $0.2 == s }))
    case .dueWithin(let n):
      let last = asOf.adding(days: n).raw
      session.emit(
        table(
          evaluated.filter {
            $0.2 != .cancelled && ($0.0.due?.raw ?? .min) >= asOf.raw
              && ($0.0.due?.raw ?? .max) <= last
          }
        )
      )
    }
  }

  static func table(_ rows: [(JournalEntry, Cents, PromiseState)]) -> ResultTable {
    var t = ResultTable(columns: [
      .init("id", .integer), .init("account_id", .text), .init("amount", .money),
      .init("due_date", .date), .init("paid", .money), .init("state", .text),
      .init("channel", .text), .init("collector", .text), .init("recorded_at", .text),
      .init("note", .text),
    ])
    for (e, paid, state) in rows {
      t.rows.append([
        .integer(e.id), .text(e.account), e.amount.map(Cell.money) ?? .empty,
        e.due.map(Cell.date) ?? .empty, .money(paid), .text(state.rawValue),
        e.channel.map(Cell.text) ?? .empty, .text(e.collector), .text(e.recordedAt),
        e.note.map(Cell.text) ?? .empty,
      ])
    }
    return t
  }

  /// Kept rates by segment, channel and collector, then a total.
  static func summary(_ session: Session, _ rows: [(JournalEntry, Cents, PromiseState)])
    -> ResultTable
  {
    var t = ResultTable(columns: [
      .init("by", .text), .init("value", .text), .init("promises", .integer),
      .init("pending", .integer), .init("kept", .integer), .init("partial", .integer),
      .init("broken", .integer), .init("kept_rate", .percent),
    ])
    let segment = session.portfolio?.column(named: "segment")
    let dimensions: [(String, (JournalEntry) -> String)] = [
      (
        "segment",
        { e in
          guard let p = session.portfolio, let r = p.row(ofAccount: e.account) else {
            return "(unknown account)"
          }
          let v = segment?.text(r) ?? ""
          return v.isEmpty ? "(none)" : v
        }
      ),
      ("channel", { $0.channel ?? "(none)" }),
      ("collector", { $0.collector }),
    ]
    func row(_ by: String, _ value: String, _ group: [(JournalEntry, Cents, PromiseState)])
      -> [Cell]
    {
      func n(_ s: PromiseState) -> Int64 { Int64(group.count(where: { $0.2 == s })) }
      let decided = n(.kept) + n(.partial) + n(.broken)
      return [
        .text(by), .text(value), .integer(Int64(group.count)), .integer(n(.pending)),
        .integer(n(.kept)), .integer(n(.partial)), .integer(n(.broken)),
        decided == 0 ? .empty : .percent(Percent.share(n(.kept), of: decided)),
      ]
    }
    for (by, key) in dimensions {
      let groups = Dictionary(grouping: rows) { key($0.0) }
      for (value, group) in groups.sorted(by: { $0.key < $1.key }) {
        t.rows.append(row(by, value, group))
      }
    }
    t.rows.append(row("total", "", rows))
    t.totalRows = 1
    return t
  }
}
