import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

/// `agreements [N]`.
extension AgreementCommands {
  /// `agreements [STATE|ENTRY_ID]`.
  static let agreements = CommandDefinition(
    name: "agreements",
    aliases: ["acuerdos"],
    group: .followUp,
    synopsis: "agreements [pending|current|behind|broken|kept|cancelled|ENTRY_ID]",
    summary: "payment agreements and how they are being paid, at the as-of date",
    details: """
      Columns: id, account_id, debtor_id, recorded_on, installments, total, paid, next_due,
      next_amount, overdue, days_behind, state, collector, terms; one row per agreement in
      entry order (a debtor's agreement lists its accounts in account_id). With a state, only
      those agreements. paid applies the payments of the agreement's accounts dated from the
      day it was recorded through the as-of date: each settles the oldest installment not paid
      in full, its fees, then interest, then principal, the rest going on to the next
      installment. next_due and next_amount are the first installment not paid in full and
      what is left of it; overdue is what is unpaid of the installments past their date plus
      'set grace' days, and days_behind how many days the oldest of them is past it.
      An installment is pending until its date plus 'set grace' days; paid when paid in full
      by then, paid_late when paid in full after, overdue while not paid in full after it.
      The agreement is pending while no installment's date has come; current when nothing is
      overdue; behind when an installment is overdue; broken when one has been overdue for
      'set break_after' days (30 unless set) or more; kept when every installment is paid;
      cancelled when 'cancel' cancelled it. Paying what is overdue makes a behind or broken
      agreement current again; the installments keep when they were paid and how late.
      With ENTRY_ID: its installments: n, date, amount, fees, interest, principal, paid,
      paid_fees, paid_interest, paid_principal, paid_on, days_late, state (and account_id,
      amount per account for a debtor's agreement, in a second result). days_late counts from
      the date plus grace to paid_on, or to the as-of date while unpaid.
      """,
    example: "agree \(Arguments.exampleAccount) installments 3\nagreements\nagreements 1",
    completion: { args in
      args.isEmpty ? .words(AgreementState.allCases.map(\.rawValue)) : .nothing
    }
  ) { session, inv in
    var cursor = inv.cursor
    var state: AgreementState?
    var id: Int64?
    if let t = cursor.next() {
      if let n = Int64(t.text), n > 0 {
        id = n
      } else if let s = AgreementState(rawValue: t.text.lowercased()) {
        state = s
      } else {
        let words = AgreementState.allCases.map(\.rawValue)
        var notes: [Diagnostic.Message] = []
        if let s = Suggestion.closest(to: t.text, among: words) {
          notes.append(QueryMessages.didYouMean(s))
        }
        notes.append("filters: \(words.joined(separator: ", ")), or an entry number")
        throw inv.error("unknown agreement filter '\(t.text)'", at: t, notes: notes)
      }
    }
    try cursor.expectEnd()
    let all = try Arguments.journal(inv) { try session.agreements() }
    if !all.isEmpty && session.portfolio?.payments == nil {
      session.report(.noPaymentsLoaded("agreement"))
    }
    if let id {
      guard let a = all.first(where: { $0.entry.id == id }) else {
        throw inv.error(
          "no agreement \(id)",
          at: inv.args.first,
          notes: ["'agreements' lists them"]
        )
      }
      for table in AgreementReport.installments(a, evaluate(session, a)) { session.emit(table) }
      return
    }
    let evaluated = all.map { ($0, evaluate(session, $0)) }
    session.emit(AgreementReport.list(evaluated.filter { state == nil || $0.1.state == state }))
  }
}
