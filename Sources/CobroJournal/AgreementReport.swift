import CobroPortfolio

/// What `agreements` prints: every agreement with what was paid toward it and its state, or one
/// agreement's installments after the payments (and how a debtor agreement allocates them).
package enum AgreementReport {
  /// One row per agreement, in the order given: id, account_id, debtor_id, recorded_on,
  /// installments, total, paid, next_due, next_amount, overdue, days_behind, state, collector,
  /// terms.
  package static func list(_ agreements: [(Agreement, AgreementStatus)]) -> ResultTable {
    var t = ResultTable(columns: [
      .init("id", .integer), .init("account_id", .text), .init("debtor_id", .text),
      .init("recorded_on", .date), .init("installments", .integer), .init("total", .money),
      .init("paid", .money), .init("next_due", .date), .init("next_amount", .money),
      .init("overdue", .money), .init("days_behind", .integer), .init("state", .text),
      .init("collector", .text), .init("terms", .text),
    ])
    for (a, status) in agreements {
      let next = status.nextDue
      // A cancelled agreement is owed no more: nothing is overdue on it.
      let live = status.state != .cancelled
      t.rows.append([
        .integer(a.entry.id), .text(a.accounts.joined(separator: ", ")),
        a.debtor.map(Cell.text) ?? .empty, .date(a.entry.recordedOn),
        .integer(Int64(a.installments.count)), .money(a.total), .money(status.paid),
        next.map { .date($0.due) } ?? .empty, next.map { .money($0.amount - $0.paid) } ?? .empty,
        live ? .money(status.overdueAmount) : .empty,
        live ? .integer(Int64(status.daysBehind)) : .empty,
        .text(status.state.rawValue), .text(a.entry.collector), .text(a.entry.note ?? ""),
      ])
    }
    return t
  }

  /// One agreement's installments after the payments, then, for a debtor's agreement, the
  /// amount of each installment per account.
  package static func installments(_ a: Agreement, _ status: AgreementStatus) -> [ResultTable] {
    var t = ResultTable(columns: [
      .init("n", .integer), .init("date", .date), .init("amount", .money), .init("fees", .money),
      .init("interest", .money), .init("principal", .money), .init("paid", .money),
      .init("paid_fees", .money), .init("paid_interest", .money),
      .init("paid_principal", .money), .init("paid_on", .date), .init("days_late", .integer),
      .init("state", .text),
    ])
    for (i, line) in zip(a.installments, status.lines) {
      t.rows.append([
        .integer(Int64(i.n)), .date(i.due), .money(i.amount), .money(i.fees),
        .money(i.interest), .money(i.principal), .money(line.paid), .money(line.paidFees),
        .money(line.paidInterest), .money(line.paidPrincipal),
        line.paidOn.map(Cell.date) ?? .empty, .integer(Int64(line.daysLate)),
        .text(line.state.rawValue),
      ])
    }
    guard a.debtor != nil else { return [t] }
    var allocation = ResultTable(columns: [
      .init("n", .integer), .init("account_id", .text), .init("amount", .money),
    ])
    for i in a.installments {
      for line in i.allocation {
        allocation.rows.append([.integer(Int64(i.n)), .text(line.account), .money(line.amount)])
      }
    }
    return [t, allocation]
  }
}
