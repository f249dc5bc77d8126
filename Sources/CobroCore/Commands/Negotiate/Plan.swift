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
      plan ACCOUNT_ID|AMOUNT|debtor ID|amount X installments N|pay AMOUNT [rate R[%] [ea]]
           [down X|X%] [discount D%] [waive COMPONENT P% …] [start DATE] [first DATE]
           [method french|german]
      """,
    summary: "a payment plan: its schedule and summary, exact to the cent",
    details: """
      The first argument is an account id when the portfolio has it, otherwise money (the
      balance to plan); 'amount X' always means an amount and needs no portfolio. An account is
      planned at its balance at the as-of date; 'debtor ID' plans the sum of the debtor's
      accounts with a balance (one currency) and also prints how each payment is allocated to
      them, oldest due date first (n, account_id, amount), then per account: account_id,
      balance, waived, discount_granted, settlement_amount, interest, total_paid. Each waiver
      is shared among the accounts in proportion to their own amount of the component, the
      discount in proportion to what is left of each balance; the shares are rounded down and
      the cents left go to the largest remainders (the older account on a tie), so they add up
      to the plan's to the cent and balance = waived + discount_granted + settlement_amount on
      every account. Each account takes payments up to its settlement amount; the plan's
      interest goes to the last one.
      'pay AMOUNT' instead of 'installments N' answers "I can pay AMOUNT a month": the plan
      with the fewest installments (up to 1200) whose every installment, the last included, is
      at most AMOUNT (the down payment is not an installment), then on stderr how many, what
      one installment fewer would need, and the total paid; when even 1200 installments need
      more (the interest alone may be more), an error says what they need.
      rate is monthly ('1.5%' or '0.015'); 'rate 24% ea' is an effective annual rate. Money
      takes the suffixes of filters ('500k', '1M'). down is money or a percent of the
      settlement amount; discount is a percent of the balance after
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
    example: """
      plan amount 1234567.89 installments 12 rate 1.5% down 10% discount 5%
      plan amount 20M pay 500k rate 1.5% down 1M
      """,
    completion: { args in args.isEmpty ? .accounts : PlanTerms.completion(args) }
  ) { session, inv in
    try runPlan(session, inv)
  }

  /// Parses and runs `plan`.
  static func runPlan(_ session: Session, _ inv: CommandInvocation) throws {
    let prepared = try PlanTerms.prepare(session, inv, amounts: true)
    let report = prepared.report
    for table in report.tables { session.emit(table) }
    if let warning = report.warning { session.report(warning) }
    if let fit = prepared.fitMessage { session.message(fit) }
  }
}
