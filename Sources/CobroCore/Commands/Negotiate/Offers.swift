import CobroPlan
import CobroPortfolio
import CobroShell

/// `offers ACCOUNT_ID|debtor ID [--explain]`: a lump sum with a discount against plans of 3, 6,
/// 12 and 24 installments, each weighed by how likely the debtor is to keep paying.
extension PlanCommands {
  /// `offers ACCOUNT_ID|debtor ID [--explain]`.
  static let offers = CommandDefinition(
    name: "offers",
    aliases: ["ofertas"],
    group: .negotiate,
    synopsis: "offers ACCOUNT_ID|debtor ID [pay AMOUNT] [--explain]",
    summary: "compare a discounted lump sum with plans of 3, 6, 12 and 24 installments",
    details: """
      Prints offer, installment, total_paid, interest, waived, discount, npv (with 'set
      discount_rate'), ear (the plan's effective annual rate), within_cap (with 'set usury'),
      expected_value, one row per offer: lump, 3, 6, 12, 24. 'pay AMOUNT' adds the plan on the
      same terms with the fewest installments of at most AMOUNT ('N (pay)', among the plans by
      N; see 'plan … pay'). '--explain' prints the behaviour class and the model on stderr.
      \(OffersReport.model)
      """,
    example: "offers debtor 987108631-4 --explain",
    completion: { args in args.isEmpty ? .accounts : .unused(["--explain", "pay"], in: args) }
  ) { session, inv in
    try runOffers(session, inv)
  }

  /// Parses and runs `offers`.
  static func runOffers(_ session: Session, _ inv: CommandInvocation) throws {
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let first = try cursor.expectValue("an account id or 'debtor ID'")
    let subject: Token
    var accounts: [DebtorAccount] = []
    let balance: PlanBalance
    let row: Int
    let p = q.portfolio
    let asOf = session.settings.asOf
    if first.isWord("debtor") || first.isWord("deudor") {
      subject = try session.resolvedDebtor(cursor.expectValue("a debtor id after 'debtor'"), inv)
      accounts = try PlanTerms.debtorAccounts(session, inv, id: subject)
      guard let r = try q.evaluator.derived.rows(ofDebtor: subject.text).first else {
        throw inv.error(QueryMessages.noDebtor(subject.text), at: subject)
      }
      row = r
      do throws(PlanError) {
        balance = try DebtorAllocation.combinedBalance(accounts)
      } catch {
        throw Arguments.planDiagnostic(error, inv, [.balance: subject])
      }
    } else {
      subject = try session.resolvedAccount(first, inv)
      guard let r = p.row(ofAccount: subject.text) else {
        throw inv.error(QueryMessages.noAccount(first.text), at: first)
      }
      row = r
      balance = PlanBalance(
        p.balance(row: r, asOf: asOf),
        breakdown: PlanTerms.breakdown(p, row: r)
      )
    }
    var paying: (token: Token, amount: Cents)?
    if cursor.accept("pay") {
      let t = try cursor.expectValue("an amount after 'pay'")
      paying = (t, try Arguments.positiveMoney(inv, t))
    }
    let explain = cursor.accept("--explain")
    try cursor.expectEnd()

    let behavior =
      Behavior(rawValue: try q.evaluator.derived.behaviors(asOf: asOf).rowCodes[row]) ?? .unknown
    let report: OffersReport
    do throws(PlanError) {
      report = try OffersReport.compute(
        balance,
        behavior: behavior,
        asOf: asOf,
        settings: session.settings.planSettings,
        paying: paying?.amount
      )
    } catch {
      var locations: [PlanArgument: Token] = [.balance: subject]
      if let paying { locations[.pay] = paying.token }
      throw Arguments.planDiagnostic(error, inv, locations)
    }
    session.emit(report.table)
    if explain {
      for line in report.explanation { session.message(line) }
    }
  }
}
