/// `offers ACCOUNT_ID|debtor ID [--explain]`: a lump sum with a discount against plans of 3, 6,
/// 12 and 24 installments, each weighed by how likely the debtor is to keep paying.
extension PlanCommands {
  /// The discount of the lump-sum offer, in percent.
  static let lumpDiscount = "20%"
  /// The monthly rate of the installment offers.
  static let offerRate = "1%"
  /// The installment counts offered.
  static let offerCounts = [3, 6, 12, 24]

  /// The probability, in hundredths, that a debtor of a class makes each next payment
  /// (``KeepModel``).
  static func keepProbability(_ b: Behavior) -> UInt64 { KeepModel.hundredths(b) }

  /// How `expected_value` is computed, for help and `--explain`.
  static let offersModel = """
    Model: the lump sum is the balance less \(lumpDiscount), paid on the as-of date; the plans
    have no discount, a monthly rate of \(offerRate), French, no down payment, from the as-of
    date. A debtor keeps each next payment with a probability k by behaviour class (punctual
    0.95, occasional 0.85, habitual 0.60, unknown 0.75) and stops at the first one missed, so
    payment j (the lump sum is payment 1) is made with probability k^j. expected_value =
    round(Σ payment_j × k^j), half up to cents, computed exactly.
    """

  /// `offers ACCOUNT_ID|debtor ID [--explain]`.
  static let offers = CommandDefinition(
    name: "offers",
    aliases: ["ofertas"],
    group: .negotiate,
    synopsis: "offers ACCOUNT_ID|debtor ID [--explain]",
    summary: "compare a discounted lump sum with plans of 3, 6, 12 and 24 installments",
    details: """
      Prints offer, installment, total_paid, interest, waived, discount, npv (with 'set
      discount_rate'), ear (the plan's effective annual rate), within_cap (with 'set usury'),
      expected_value, one row per offer: lump, 3, 6, 12, 24. '--explain' prints the behaviour
      class and the model on stderr.
      \(offersModel)
      """,
    example: "offers debtor 987108631-4 --explain",
    completion: { args in args.isEmpty ? .accounts : .nothing }
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
        throw inv.error("no debtor '\(subject.text)'", at: subject)
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
        throw inv.error("no account '\(first.text)'", at: first)
      }
      row = r
      balance = PlanBalance(
        p.balance(row: r, asOf: asOf),
        breakdown: PlanTerms.breakdown(p, row: r)
      )
    }
    let explain = cursor.accept("--explain")
    try cursor.expectEnd()

    let behavior =
      Behavior(rawValue: try q.evaluator.derived.behaviors(asOf: asOf).rowCodes[row]) ?? .unknown
    let k = keepProbability(behavior)
    let settings = session.settings.planSettings
    var rows: [[Cell]] = []
    do throws(PlanError) {
      var lump = PlanRequest(installments: 1, start: asOf)
      lump.discount = try Percentage.parse(lumpDiscount, for: .discount)
      lump.down = .percent(.hundred)
      let lumpPlan = try PaymentPlan.compute(balance, lump, settings: settings)
      rows.append(offerRow("lump", lumpPlan, keep: k, lumpSum: true))
      for n in offerCounts {
        var r = PlanRequest(installments: n, start: asOf)
        r.rate = try InterestRate.parse(offerRate, effectiveAnnual: false)
        let plan = try PaymentPlan.compute(balance, r, settings: settings)
        rows.append(offerRow(String(n), plan, keep: k, lumpSum: false))
      }
    } catch {
      throw Arguments.planDiagnostic(error, inv, [.balance: subject])
    }
    session.emit(
      ResultTable(
        columns: [
          .init("offer", .text), .init("installment", .money), .init("total_paid", .money),
          .init("interest", .money), .init("waived", .money), .init("discount", .money),
          .init("npv", .money), .init("ear", .decimal), .init("within_cap", .text),
          .init("expected_value", .money),
        ],
        rows: rows
      )
    )
    if explain {
      session.message(
        "behaviour \(behavior.name): keeps each next payment with probability 0.\(k)"
      )
      for line in offersModel.split(separator: "\n") { session.message(String(line)) }
    }
  }

  /// One row of `offers`.
  static func offerRow(_ name: String, _ plan: PaymentPlan, keep k: UInt64, lumpSum: Bool)
    -> [Cell]
  {
    let s = plan.summary
    // Payments in order: the lump sum is payment 1; a plan's installments are 1…n.
    let payments = lumpSum ? [s.downPayment] : plan.schedule.dropFirst().map(\.payment)
    let expected = KeepModel.expectedValue(of: payments, keep: k)
    return [
      .text(name),
      .money(lumpSum ? s.downPayment : s.installmentAmount ?? 0),
      .money(s.totalPaid), .money(s.totalInterest), .money(s.waived),
      .money(s.discountGranted), s.npv.map { .money($0) } ?? .empty,
      lumpSum ? .empty : s.planEAR.map { .decimal($0.description) } ?? .empty,
      s.exceedsCap.map { .text($0 ? "no" : "yes") } ?? .empty,
      .money(expected),
    ]
  }
}
