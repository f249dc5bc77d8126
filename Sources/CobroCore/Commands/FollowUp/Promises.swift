import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell
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
      "promise \(Arguments.exampleAccount) 150000 on tomorrow\npromises\npromises due within 7 days",
    completion: { args in
      guard let first = args.first else {
        return .words(["broken", "cancelled", "due", "kept", "partial", "pending", "summary"])
      }
      return args.count == 1 && first.text.lowercased() == "due"
        ? .words(["today", "within"]) : .nothing
    }
  ) { session, inv in
    var cursor = inv.cursor
    var filter = PromiseReport.Filter.all
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
            notes.append(QueryMessages.didYouMean(s))
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
    let report = PromiseReport(
      entries,
      portfolio: session.portfolio,
      payments: { Arguments.payments(session, $0) },
      asOf: session.settings.asOf,
      graceDays: session.graceDays
    )
    session.emit(report.table(filter))
  }
}
