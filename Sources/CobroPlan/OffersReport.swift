import CobroPortfolio

/// What `offers` prints: a lump sum with a discount against plans of 3, 6, 12 and 24
/// installments, each weighed by how likely the debtor is to keep paying (``KeepModel``).
public struct OffersReport: Sendable {
  /// The discount of the lump-sum offer, in percent.
  public static let lumpDiscount = "20%"
  /// The monthly rate of the installment offers.
  public static let monthlyRate = "1%"
  /// The installment counts offered.
  public static let installmentCounts = [3, 6, 12, 24]

  /// How `expected_value` is computed, for help and `--explain`.
  public static let model = """
    Model: the lump sum is the balance less \(lumpDiscount), paid on the as-of date; the plans
    have no discount, a monthly rate of \(monthlyRate), French, no down payment, from the as-of
    date. A debtor keeps each next payment with a probability k by behaviour class (punctual
    0.95, occasional 0.85, habitual 0.60, unknown 0.75) and stops at the first one missed, so
    payment j (the lump sum is payment 1) is made with probability k^j. expected_value =
    round(Σ payment_j × k^j), half up to cents, computed exactly.
    """

  /// One offer: its name (`lump`, or the number of installments) and its plan.
  public struct Offer: Sendable {
    /// `lump`, or the number of installments.
    public var name: String
    /// The plan of the offer.
    public var plan: PaymentPlan
    /// Whether it is the lump sum (paid at once as a down payment of 100%).
    public var lumpSum: Bool
    /// The expected value of its payments under ``KeepModel``.
    public var expectedValue: Cents
  }

  /// The behaviour class of the debtor.
  public var behavior: Behavior
  /// The probability, in hundredths, that the debtor makes each next payment.
  public var keep: UInt64
  /// The offers, in the order they print: the lump sum, then 3, 6, 12 and 24 installments.
  public var offers: [Offer]

  /// The offers for `balance` on `asOf` to a debtor of class `behavior`; with `paying`, also
  /// the plan on the same terms with the fewest installments of at most that amount
  /// (``Affordability``), named `N (pay)` and placed among the plans by N.
  public static func compute(
    _ balance: PlanBalance,
    behavior: Behavior,
    asOf: Day,
    settings: PlanSettings,
    paying: Cents? = nil
  ) throws(PlanError) -> OffersReport {
    let k = KeepModel.hundredths(behavior)
    var lump = PlanRequest(installments: 1, start: asOf)
    lump.discount = try Percentage.parse(lumpDiscount, for: .discount)
    lump.down = .percent(.hundred)
    var offers = [
      offer("lump", try PaymentPlan.compute(balance, lump, settings: settings), k, lumpSum: true)
    ]
    let rate = try InterestRate.parse(monthlyRate, effectiveAnnual: false)
    for n in installmentCounts {
      var r = PlanRequest(installments: n, start: asOf)
      r.rate = rate
      let plan = try PaymentPlan.compute(balance, r, settings: settings)
      offers.append(offer(String(n), plan, k, lumpSum: false))
    }
    if let paying {
      var r = PlanRequest(installments: 1, start: asOf)
      r.rate = rate
      let fit = try Affordability.fewestInstallments(balance, r, paying: paying, settings: settings)
      let at =
        offers.firstIndex { !$0.lumpSum && Int($0.name).map { $0 > fit.installments } ?? false }
        ?? offers.endIndex
      offers.insert(offer("\(fit.installments) (pay)", fit.plan, k, lumpSum: false), at: at)
    }
    return OffersReport(behavior: behavior, keep: k, offers: offers)
  }

  /// An offer with the expected value of its payments in order (the lump sum is payment 1; a
  /// plan's installments are 1…n).
  static func offer(_ name: String, _ plan: PaymentPlan, _ k: UInt64, lumpSum: Bool) -> Offer {
    let payments =
      lumpSum ? [plan.summary.downPayment] : plan.schedule.dropFirst().map(\.payment)
    return Offer(
      name: name,
      plan: plan,
      lumpSum: lumpSum,
      expectedValue: KeepModel.expectedValue(of: payments, keep: k)
    )
  }

  /// The table: `offer, installment, total_paid, interest, waived, discount, npv, ear,
  /// within_cap, expected_value`, one row per offer.
  public var table: ResultTable {
    ResultTable(
      columns: [
        .init("offer", .text), .init("installment", .money), .init("total_paid", .money),
        .init("interest", .money), .init("waived", .money), .init("discount", .money),
        .init("npv", .money), .init("ear", .decimal), .init("within_cap", .text),
        .init("expected_value", .money),
      ],
      rows: offers.map { o in
        let s = o.plan.summary
        return [
          .text(o.name),
          .money(o.lumpSum ? s.downPayment : s.installmentAmount ?? 0),
          .money(s.totalPaid), .money(s.totalInterest), .money(s.waived),
          .money(s.discountGranted), s.npv.map { .money($0) } ?? .empty,
          o.lumpSum ? .empty : s.planEAR.map { .decimal($0.description) } ?? .empty,
          s.exceedsCap.map { .text($0 ? "no" : "yes") } ?? .empty,
          .money(o.expectedValue),
        ]
      }
    )
  }

  /// What `--explain` prints: the behaviour class and its probability, then the model.
  public var explanation: [String] {
    ["behaviour \(behavior.name): keeps each next payment with probability 0.\(keep)"]
      + Self.model.split(separator: "\n").map(String.init)
  }
}
