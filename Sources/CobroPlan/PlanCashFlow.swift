import BigInt
import CobroDiagnostics
import CobroPortfolio

/// One month of the cash-flow projection of a plan offered to many accounts.
public struct CashFlowMonth: Hashable, Sendable {
  /// The calendar year.
  public var year: Int
  /// The month, 1 to 12.
  public var month: Int
  /// Expected cash from down payments in the month, rounded once (half up).
  public var downPayments: Cents
  /// Expected cash from installments in the month, rounded once (half up).
  public var installments: Cents
  /// `downPayments + installments` of every month up to this one.
  public var cumulative: Cents

  /// `downPayments + installments`.
  public var expectedCash: Cents { downPayments + installments }

  /// `2026-11`.
  public var label: String {
    let y = String(year)
    let m = month < 10 ? "0\(month)" : String(month)
    return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m
  }
}

/// The expected monthly cash flow of offering one payment plan to every account of a selection.
public struct CashFlowProjection: Sendable {
  /// One entry per month from the start month to the month of the last installment of any
  /// plan.
  public var months: [CashFlowMonth]
  /// Accounts offered a plan (balance above zero).
  public var planned: Int
  /// Accounts of the selection with no balance to plan (zero or less).
  public var skipped: Int
  /// Σ balance of the planned accounts.
  public var totalBalance: Cents
  /// Σ settlement amount (balance less the discount).
  public var totalSettlement: Cents
  /// Σ total paid (down payment and installments) if every account accepted and kept its plan.
  public var totalIfKept: Cents
  /// Σ of the months' down payments.
  public var downPayments: Cents
  /// Σ of the months' installments.
  public var installments: Cents
  /// The accounts for ``MonteCarlo``, when asked for.
  public var simulation: SimulationAccounts?

  /// `downPayments + installments`: the expected cash of the whole selection.
  public var expectedCash: Cents { downPayments + installments }
  /// `totalBalance − totalSettlement`: the discount given up if every account accepts.
  public var totalDiscount: Cents { totalBalance - totalSettlement }
}

/// The expected monthly cash flow of offering one plan to many accounts (`simulate plan`).
///
/// Every account with a balance above zero is offered the plan ``PlanCalculator`` gives its
/// balance. Its payments are weighed by the acceptance probability p of its aging bucket and by
/// the ``KeepModel`` chance that its debtor makes each one: payment j of the plan (the down
/// payment, when above zero, is payment 1) counts `payment × p × k^j`.
///
/// **Rounding.** For each month, the down payments' and the installments' weighed amounts are
/// summed exactly over every account and each sum is rounded once, half up, to cents. The
/// month's expected cash, the cumulative column and the totals add those rounded amounts, so
/// the table adds up (the totals may differ by up to a cent per month from the exact total
/// rounded once).
///
/// **Speed.** The weight of a payment depends only on its bucket, its class, its number j and
/// whether the plan has a down payment, so payments are first added in exact 128-bit integers
/// per (bucket, class, down payment or not, installment number); big integers are used only
/// once per such sum. The per-account work is the plan's integer schedule.
public enum PlanCashFlow {
  /// Projects the cash flow.
  ///
  /// `keepingPayments` also keeps every account's payments for ``MonteCarlo``. The terms
  /// cannot have waivers (the accounts have no breakdown).
  public static func project(
    accounts: [RecoveryAccount],
    calculator: PlanCalculator,
    buckets: [AcceptanceBucket],
    keepingPayments: Bool = false
  ) throws(PlanError) -> CashFlowProjection {
    if let w = calculator.request.waivers.first {
      // The accounts carry no breakdown.
      throw PlanError(.waiver(index: 0), .noBreakdown(w.component), notes: [.breakdownHint])
    }
    let index = try BucketIndex(buckets)
    let n = calculator.request.installments
    let classes = Behavior.allCases.count
    // sums[((bucket × classes + class) × 2 + hasDown) × (n + 1) + i]: Σ payment i (0 = down).
    let stride = n + 1
    var sums = [UInt128](repeating: 0, count: buckets.count * classes * 2 * stride)
    var simulation: SimulationAccounts? = keepingPayments ? SimulationAccounts() : nil
    var installments: [Cents] = []
    installments.reserveCapacity(n)
    var planned = 0
    var skipped = 0
    var totalBalance: Int128 = 0
    var totalSettlement: Int128 = 0
    var totalIfKept: Int128 = 0
    // The most installments any account's plan has (plans can end early or have none).
    var longest = 0
    for (k, account) in accounts.enumerated() {
      if k % Interruption.stride == 0 {
        try PlanError.checkInterruption()
        Interruption.reporter?("planning", k, accounts.count)
      }
      let j = try index.bucket(of: account)
      guard account.balance > 0 else {
        skipped += 1
        continue
      }
      let (settlement, down) = try calculator.payments(
        of: account.balance,
        into: &installments
      )
      planned += 1
      totalBalance += Int128(account.balance)
      totalSettlement += Int128(settlement)
      longest = max(longest, installments.count)
      let hasDown = down > 0 ? 1 : 0
      let base = ((j * classes + Int(account.behavior.rawValue)) * 2 + hasDown) * stride
      sums[base] += UInt128(down)
      totalIfKept += Int128(down)
      for (i, x) in installments.enumerated() {
        sums[base + i + 1] += UInt128(x)
        totalIfKept += Int128(x)
      }
      if simulation != nil {
        simulation?.append(bucket: j, behavior: account.behavior, first: down, installments)
      }
    }
    guard let balance = Int64(exactly: totalBalance),
      let settlement = Int64(exactly: totalSettlement),
      let ifKept = Int64(exactly: totalIfKept)
    else { throw PlanError(.accounts, .totalsTooLarge) }

    // The exact weighed sums, month by month.
    let scale = buckets.map(\.probability.scale).max() ?? 0
    var weights = Behavior.allCases.map { KeepWeights(KeepModel.hundredths($0)) }
    let probability = buckets.map {
      $0.probability.units * ExactMath.pow10(scale - $0.probability.scale)
    }
    /// `round(Σ sum × p × k^e / (10^scale × 100^e))` over the given (slot, exponent) pairs.
    func weighed(_ slots: [(offset: Int, exponent: Int)]) throws(PlanError) -> Cents {
      let top = slots.map(\.exponent).max() ?? 0
      var numerator = BigUInt(0)
      for b in buckets.indices {
        for c in 0..<classes {
          for h in 0..<2 {
            let base = ((b * classes + c) * 2 + h) * stride
            for (offset, exponent) in slots where offset > 0 || h == 1 {
              let e = exponent + (offset > 0 ? h : 0)
              let s = sums[base + offset]
              if s == 0 { continue }
              numerator +=
                BigUInt(s) * probability[b] * weights[c].weight(payment: e, over: top + 1)
            }
          }
        }
      }
      let denominator = ExactMath.pow10(scale) * BigUInt(100).power(top + 1)
      guard let v = Int64(exactly: ExactMath.roundHalfUp(numerator, denominator)) else {
        throw PlanError(.accounts, .totalsTooLarge)
      }
      return v
    }
    let (y0, m0, _) = calculator.request.start.civil
    let lastMonth = longest > 0 ? calculator.months[longest - 1] : 0
    var byMonth = [[(offset: Int, exponent: Int)]](repeating: [], count: lastMonth + 1)
    for (k, t) in calculator.months.prefix(longest).enumerated() {
      byMonth[t].append((k + 1, k + 1))
    }
    var months: [CashFlowMonth] = []
    var cumulative: Cents = 0
    var downTotal: Cents = 0
    var installmentTotal: Cents = 0
    for t in 0...lastMonth {
      let down = t == 0 ? try weighed([(0, 1)]) : 0
      let paid = try weighed(byMonth[t])
      let (c1, o1) = cumulative.addingReportingOverflow(down)
      let (c2, o2) = c1.addingReportingOverflow(paid)
      if o1 || o2 { throw PlanError(.accounts, .totalsTooLarge) }
      cumulative = c2
      downTotal += down
      installmentTotal += paid
      let m = m0 - 1 + t
      months.append(
        CashFlowMonth(
          year: y0 + m / 12,
          month: m % 12 + 1,
          downPayments: down,
          installments: paid,
          cumulative: cumulative
        )
      )
    }
    if let s = simulation, s.magnitude > UInt128(Int64.max) {
      throw PlanError(.accounts, .totalsTooLarge)
    }
    return CashFlowProjection(
      months: months,
      planned: planned,
      skipped: skipped,
      totalBalance: balance,
      totalSettlement: settlement,
      totalIfKept: ifKept,
      downPayments: downTotal,
      installments: installmentTotal,
      simulation: simulation
    )
  }
}
