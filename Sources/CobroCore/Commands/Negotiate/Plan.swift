import CobroPlan
import CobroShell

/// The negotiator's commands: `plan`, `offers` and `simulate`.
///
/// `plan` makes a payment plan for an account, an amount or a debtor, `offers` the offers to
/// make a debtor by expected value, `simulate` the expected recovery of a settlement offer over
/// a portfolio. Their terms are read by ``PlanTerms``.
enum PlanCommands {
  /// `plan ACCOUNT_ID|AMOUNT|debtor ID installments N …` and `plan amount X …`.
  static let plan = CommandDefinition(
    name: "plan",
    aliases: ["plan_pagos"],
    group: .negotiate,
    synopsis: """
      plan ACCOUNT_ID|AMOUNT|debtor ID|amount X installments N [rate R[%] [ea]] [down X|X%]
           [discount D%] [waive COMPONENT P% …] [start DATE] [first DATE] [method french|german]
      """,
    summary: "a payment plan: its schedule and summary, exact to the cent",
    details: """
      The first argument is an account id when the portfolio has it, otherwise money (the
      balance to plan); 'amount X' always means an amount and needs no portfolio. An account is
      planned at its balance at the as-of date; 'debtor ID' plans the sum of the debtor's
      accounts with a balance (one currency) and also prints how each payment is allocated to
      them, oldest due date first (n, account_id, amount).
      rate is monthly ('1.5%' or '0.015'); 'rate 24% ea' is an effective annual rate. down is
      money or a percent of the settlement amount; discount is a percent of the balance after
      waivers; 'waive late_interest 100% fees 50%' needs the columns capital, interest,
      late_interest and fees. start (the down payment's date) defaults to the as-of date;
      installment k falls k months after start, or k - 1 months after first.
      Prints two results: the schedule n, date, payment, interest, principal, balance (row 0 is
      the down payment), then one summary row: waived, discount_granted, settlement_amount,
      down_payment, financed, installment_amount, installments_count, first_installment_date,
      last_installment_date, total_installments, total_paid, total_interest, contract_ear,
      plan_ear, npv (with 'set discount_rate'), exceeds_cap (with 'set usury'). When the plan's
      or the contract's effective annual rate is above the usury cap, a warning on stderr names
      the highest legal monthly rate. Rounding: half up to cents, as spec/payment-plans.md says.
      """,
    example: "plan amount 1234567.89 installments 12 rate 1.5% down 10% discount 5%",
    completion: { args in args.isEmpty ? .accounts : PlanTerms.completion(args) }
  ) { session, inv in
    try runPlan(session, inv)
  }

  /// Parses and runs `plan`.
  static func runPlan(_ session: Session, _ inv: CommandInvocation) throws {
    let prepared = try PlanTerms.prepare(session, inv, amounts: true)
    let report = PlanReport(
      prepared.plan,
      allocation: prepared.allocation,
      settings: prepared.settings
    )
    for table in report.tables { session.emit(table) }
    if let warning = report.warning { session.report(warning) }
  }
}
