import CobroJournal
import CobroPlan
import CobroPortfolio
import CobroShell

/// `agree` and `agreements`: accepted payment plans in the journal and how they are paid.
///
/// `agree` parses its arguments with `plan`'s parser (``PlanTerms/prepare(_:_:amounts:)``)
/// and records the plan's whole schedule; ``AgreementStatus`` applies the payments.
enum AgreementCommands {
  /// The installments to record: the schedule's rows with something to pay, split into fees,
  /// interest and principal (see `agree`'s help), with a debtor plan's allocation.
  static func schedule(_ prepared: PlanTerms.PreparedPlan) -> [Agreement.Installment] {
    var fees: Cents = 0
    if let b = prepared.balance.breakdown, b.fees > 0 {
      fees = b.fees
      if let w = prepared.request.waivers.first(where: { $0.component == .fees }) {
        fees -= min(w.percent.share(of: b.fees) ?? b.fees, b.fees)
      }
    }
    var allocation: [Int: [(account: String, amount: Cents)]] = [:]
    for line in prepared.allocation {
      allocation[line.n, default: []].append((line.accountID, line.amount))
    }
    var out: [Agreement.Installment] = []
    for row in prepared.plan.schedule where row.payment > 0 {
      let f = min(fees, max(row.principal, 0))
      fees -= f
      out.append(
        Agreement.Installment(
          n: row.n,
          due: row.date,
          amount: row.payment,
          fees: f,
          interest: row.interest,
          principal: row.payment - row.interest - f,
          allocation: allocation[row.n] ?? []
        )
      )
    }
    return out
  }

  /// The payments of an agreement's accounts, oldest first.
  static func payments(_ session: Session, _ a: Agreement) -> [(date: Day, amount: Cents)] {
    let all = a.accounts.flatMap { Arguments.payments(session, $0) }
    return a.accounts.count > 1 ? all.sorted { $0.date < $1.date } : all
  }

  /// The state of an agreement at the as-of date, with `set grace`.
  static func evaluate(_ session: Session, _ a: Agreement) -> AgreementStatus {
    AgreementStatus.evaluate(
      a,
      payments: payments(session, a),
      asOf: session.settings.asOf,
      graceDays: session.graceDays,
      breakAfterDays: session.breakAfterDays
    )
  }
}

extension Session {
  /// Every agreement of the journal, oldest first (none when there is no journal yet).
  func agreements() throws(JournalError) -> [Agreement] {
    try journal(forWriting: false)?.agreements() ?? []
  }

  /// The journal's facts for a query on `portfolio` at the settings in force, read from the
  /// journal the first time the query uses a journal field; a journal that cannot be read is
  /// reported once and reads as empty.
  func journalFactsProvider(_ portfolio: Portfolio) -> JournalFactsProvider {
    let asOf = settings.asOf
    let grace = graceDays
    let breakAfter = breakAfterDays
    return JournalFactsProvider { [self] in
      do throws(JournalError) {
        return JournalFacts(
          portfolio: portfolio,
          entries: try journalEntries(),
          agreements: try agreements(),
          asOf: asOf,
          graceDays: grace,
          breakAfterDays: breakAfter
        )
      } catch {
        report(.journalFieldsEmpty(error))
        return JournalFacts(rowCount: portfolio.rowCount)
      }
    }
  }
}
