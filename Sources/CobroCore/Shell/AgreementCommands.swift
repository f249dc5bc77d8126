/// `agree` and `agreements`: accepted payment plans in the journal and how they are paid.
///
/// `agree` parses its arguments with `plan`'s parser (``PlanCommands/preparePlan(_:_:amounts:)``)
/// and records the plan's whole schedule; ``AgreementStatus`` applies the payments.
enum AgreementCommands {
  /// The commands, in `help` order.
  static var all: [CommandDefinition] { [agree, agreements] }

  // MARK: - agree

  /// `agree ACCOUNT_ID|debtor ID <plan arguments>`.
  static let agree = CommandDefinition(
    name: "agree",
    aliases: ["acuerdo"],
    group: .followUp,
    synopsis: """
      agree ACCOUNT_ID|debtor ID installments N [rate R[%] [ea]] [down X|X%] [discount D%]
            [waive COMPONENT P% …] [start DATE] [first DATE] [method french|german]
      """,
    summary: "records an accepted payment plan and its whole schedule in the journal",
    details: """
      The arguments are those of 'plan' (see 'help plan'), for an account or a debtor of the
      portfolio (not an amount). Prints what 'plan' prints, then the entry number on stderr;
      the entry (kind agreement) is stamped like a promise, its note is the terms as typed.
      Each installment with something to pay is kept (row 0, the down payment, when there is
      one) with its date and amount split into fees, interest and principal: interest is the
      plan's interest column; fees are the account's fees left after 'waive fees' (0 without
      the breakdown columns), taken from the principal column of the earliest installments;
      principal is the rest. A debtor's agreement also keeps how each installment is allocated
      to the accounts (oldest due date first). An account (or a debtor's account) with an
      agreement that is not kept or cancelled cannot get another: 'cancel ID reason TEXT' it
      first. 'agreements' follows them up.
      """,
    example: "agree \(JournalCommands.exampleAccount) installments 6 rate 1.5% down 10%"
  ) { session, inv in
    let prepared = try PlanCommands.preparePlan(session, inv, amounts: false)
    let plan = prepared.plan
    let accounts: [String]
    let debtor: Bool
    switch prepared.subject {
    case .account:
      accounts = [prepared.subjectToken.text]
      debtor = false
    case .debtor:
      accounts = DebtorAllocation.ordered(prepared.accounts).map(\.id)
      debtor = true
    case .amount:
      throw inv.error("an agreement is with an account or a debtor", at: prepared.subjectToken)
    }
    let installments = schedule(prepared)
    guard !installments.isEmpty else {
      throw inv.error(
        "nothing to agree: the plan has nothing to pay",
        at: prepared.subjectToken,
        notes: [
          "the balance at \(session.settings.asOf) is \(Money.grouped(prepared.balance.balance))"
        ]
      )
    }
    // An account with an agreement still running cannot get another one.
    let existing = try JournalCommands.journalDo(inv) { try session.agreements() }
    let asOf = session.settings.asOf
    for a in existing where a.entry.cancelledBy == nil {
      guard let shared = a.accounts.first(where: { accounts.contains($0) }) else { continue }
      let status = evaluate(session, a)
      guard status.state == .kept else {
        throw inv.error(
          Diagnostic.Message(
            "account '\(shared)' already has agreement \(a.entry.id) "
              + "(\(status.state.rawValue) at \(asOf))"
          ),
          at: prepared.subjectToken,
          notes: ["cancel it first: cancel \(a.entry.id) reason TEXT"]
        )
      }
    }
    let args = inv.args
    let start = (args.firstIndex { $0.range == prepared.subjectToken.range } ?? 0) + 1
    let terms = args[min(start, args.count)...].map(\.text).joined(separator: " ")
    let agreement = try JournalCommands.journalDo(inv) {
      try session.writableJournal().addAgreement(
        account: prepared.subjectToken.text,
        debtor: debtor,
        accounts: accounts,
        balance: prepared.balance.balance,
        forgiven: plan.summary.waived + plan.summary.discountGranted,
        installments: installments,
        terms: terms,
        stamp: session.journalStamp
      )
    }
    session.emit(PlanCommands.scheduleTable(plan))
    session.emit(PlanCommands.summaryTable(plan))
    if !prepared.accounts.isEmpty {
      session.emit(PlanCommands.allocationTable(prepared.allocation))
    }
    if let warning = PlanCommands.usuryWarning(plan, prepared.settings) { session.report(warning) }
    let e = agreement.entry
    let who = debtor ? "debtor \(e.account)" : e.account
    session.message(
      "entry \(e.id): agreement with \(who), \(installments.count) installments, "
        + "\(Money.grouped(agreement.total)) through \(e.due.map(\.description) ?? "") "
        + "(\(e.collector), \(e.recordedAt))"
    )
  }

  /// The installments to record: the schedule's rows with something to pay, split into fees,
  /// interest and principal (see `agree`'s help), with a debtor plan's allocation.
  static func schedule(_ prepared: PlanCommands.PreparedPlan) -> [Agreement.Installment] {
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
    let all = a.accounts.flatMap { JournalCommands.payments(session, $0) }
    return a.accounts.count > 1 ? all.sorted { $0.date < $1.date } : all
  }

  /// The state of an agreement at the as-of date, with `set grace`.
  static func evaluate(_ session: Session, _ a: Agreement) -> AgreementStatus {
    AgreementStatus.evaluate(
      a,
      payments: payments(session, a),
      asOf: session.settings.asOf,
      graceDays: session.graceDays
    )
  }

  // MARK: - agreements

  /// `agreements [STATE|ENTRY_ID]`.
  static let agreements = CommandDefinition(
    name: "agreements",
    aliases: ["acuerdos"],
    group: .followUp,
    synopsis: "agreements [pending|kept|partial|broken|cancelled|ENTRY_ID]",
    summary: "payment agreements and how they are being paid, at the as-of date",
    details: """
      Columns: id, account_id, debtor_id, recorded_on, installments, total, paid, next_due,
      next_amount, state, collector, terms; one row per agreement in entry order (a debtor's
      agreement lists its accounts in account_id). With a state, only those agreements.
      paid applies the payments of the agreement's accounts dated from the day it was recorded
      through the as-of date: each settles the oldest installment not paid in full, its fees,
      then interest, then principal, the rest going on to the next installment. next_due and
      next_amount are the first installment not paid in full and what is left of it.
      An installment is paid when paid in full; once its date plus 'set grace' days has
      passed, partial when part of it was paid by then, late when nothing was; pending before.
      The agreement is kept when every installment is paid, broken when one is late, partial
      when one is partial, pending otherwise, cancelled when 'cancel' cancelled it.
      With ENTRY_ID: its installments: n, date, amount, fees, interest, principal, paid,
      paid_fees, paid_interest, paid_principal, state (and account_id, amount per account for
      a debtor's agreement, in a second result).
      """,
    example: "agree \(JournalCommands.exampleAccount) installments 3\nagreements\nagreements 1"
  ) { session, inv in
    var cursor = inv.cursor
    var state: PromiseState?
    var id: Int64?
    if let t = cursor.next() {
      if let n = Int64(t.text), n > 0 {
        id = n
      } else if let s = PromiseState(rawValue: t.text.lowercased()) {
        state = s
      } else {
        let words = PromiseState.allCases.map(\.rawValue)
        var notes: [Diagnostic.Message] = []
        if let s = Suggestion.closest(to: t.text, among: words) {
          notes.append("did you mean '\(s)'?")
        }
        notes.append("filters: \(words.joined(separator: ", ")), or an entry number")
        throw inv.error("unknown agreement filter '\(t.text)'", at: t, notes: notes)
      }
    }
    try cursor.expectEnd()
    let all = try JournalCommands.journalDo(inv) { try session.agreements() }
    if !all.isEmpty && session.portfolio?.payments == nil {
      session.message("warning: no payments loaded: every agreement counts as unpaid")
    }
    if let id {
      guard let a = all.first(where: { $0.entry.id == id }) else {
        throw inv.error(
          "no agreement \(id)",
          at: inv.args.first,
          notes: ["'agreements' lists them"]
        )
      }
      let status = evaluate(session, a)
      session.emit(installmentTable(a, status))
      if a.debtor != nil {
        var t = ResultTable(columns: [
          .init("n", .integer), .init("account_id", .text), .init("amount", .money),
        ])
        for i in a.installments {
          for line in i.allocation {
            t.rows.append([.integer(Int64(i.n)), .text(line.account), .money(line.amount)])
          }
        }
        session.emit(t)
      }
      return
    }
    var t = ResultTable(columns: [
      .init("id", .integer), .init("account_id", .text), .init("debtor_id", .text),
      .init("recorded_on", .date), .init("installments", .integer), .init("total", .money),
      .init("paid", .money), .init("next_due", .date), .init("next_amount", .money),
      .init("state", .text), .init("collector", .text), .init("terms", .text),
    ])
    for a in all {
      let status = evaluate(session, a)
      if let state, status.state != state { continue }
      let next = status.nextDue
      t.rows.append([
        .integer(a.entry.id), .text(a.accounts.joined(separator: ", ")),
        a.debtor.map(Cell.text) ?? .empty, .date(a.entry.recordedOn),
        .integer(Int64(a.installments.count)), .money(a.total), .money(status.paid),
        next.map { .date($0.due) } ?? .empty, next.map { .money($0.amount - $0.paid) } ?? .empty,
        .text(status.state.rawValue), .text(a.entry.collector), .text(a.entry.note ?? ""),
      ])
    }
    session.emit(t)
  }

  /// One agreement's installments after the payments.
  static func installmentTable(_ a: Agreement, _ status: AgreementStatus) -> ResultTable {
    var t = ResultTable(columns: [
      .init("n", .integer), .init("date", .date), .init("amount", .money), .init("fees", .money),
      .init("interest", .money), .init("principal", .money), .init("paid", .money),
      .init("paid_fees", .money), .init("paid_interest", .money),
      .init("paid_principal", .money), .init("state", .text),
    ])
    for (i, line) in zip(a.installments, status.lines) {
      t.rows.append([
        .integer(Int64(i.n)), .date(i.due), .money(i.amount), .money(i.fees),
        .money(i.interest), .money(i.principal), .money(line.paid), .money(line.paidFees),
        .money(line.paidInterest), .money(line.paidPrincipal), .text(line.state.rawValue),
      ])
    }
    return t
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
    return JournalFactsProvider { [self] in
      do throws(JournalError) {
        return JournalFacts(
          portfolio: portfolio,
          entries: try journalEntries(),
          agreements: try agreements(),
          asOf: asOf,
          graceDays: grace
        )
      } catch {
        report(
          Diagnostic(.warning, "\(error.description): journal fields read as empty")
        )
        return JournalFacts(rowCount: portfolio.rowCount)
      }
    }
  }
}
