import CobroDiagnostics
import CobroPlan
import CobroPortfolio
import CobroShell

/// `agree ACCOUNT|debtor ID …`.
extension AgreementCommands {
  /// `agree ACCOUNT_ID|debtor ID <plan arguments>`.
  static let agree = CommandDefinition(
    name: "agree",
    aliases: ["acuerdo"],
    group: .followUp,
    synopsis: """
      agree ACCOUNT_ID|debtor ID installments N|pay AMOUNT [rate R[%] [ea]] [down X|X%]
            [discount D%] [waive COMPONENT P% …] [start DATE] [first DATE] [method french|german]
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
      to the accounts (oldest due date first, each up to its settlement amount, as 'plan'
      prints it). An account (or a debtor's account) with an
      agreement that is not kept or cancelled cannot get another: 'cancel ID reason TEXT' it
      first. 'agreements' follows them up.
      """,
    example: "agree \(Arguments.exampleAccount) installments 6 rate 1.5% down 10%",
    completion: { args in args.isEmpty ? .accounts : PlanTerms.completion(args) }
  ) { session, inv in
    let prepared = try PlanTerms.prepare(session, inv, amounts: false)
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
    let existing = try Arguments.journal(inv) { try session.agreements() }
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
    let agreement = try Arguments.journal(inv) {
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
    let report = prepared.report
    for table in report.tables { session.emit(table) }
    if let warning = report.warning { session.report(warning) }
    if let fit = prepared.fitMessage { session.message(fit) }
    let e = agreement.entry
    let who = debtor ? "debtor \(e.account)" : e.account
    session.message(
      "entry \(e.id): agreement with \(who), \(installments.count) installments, "
        + "\(Money.grouped(agreement.total)) through \(e.due.map(\.description) ?? "") "
        + "(\(e.collector), \(e.recordedAt))"
    )
  }
}
