import CobroPortfolio

/// The affordability question of a call: the fewest installments a debtor can pay.
///
/// "I can pay 500,000 a month: how many installments, and what do I pay in total?"
///
/// The answer is the plan, with every other term as given, of the fewest installments
/// (1 to ``PlanRequest/maxInstallments``) whose every installment (rows 1…n; the down payment
/// is paid on the start date and is not a monthly payment) is at most the amount. The level
/// amount falls as the count grows (a French A decreases with n, a German plan's first
/// installment `Q + I(1)` too), so the count is found by bisection on whole plans.
public enum Affordability {
  /// A plan that fits the amount.
  public struct Fit: Sendable, Hashable {
    /// The number of installments asked for (the schedule may end earlier; see
    /// ``PlanSummary/installmentsCount``).
    public var installments: Int
    /// The plan.
    public var plan: PaymentPlan
    /// The largest installment of the plan with one installment fewer (`nil` when the plan
    /// has one installment or nothing is financed).
    public var largestWithOneFewer: Cents?
  }

  /// The largest installment of a plan (rows 1…n); 0 without installments.
  public static func largestInstallment(_ plan: PaymentPlan) -> Cents {
    plan.schedule.dropFirst().reduce(0) { max($0, $1.payment) }
  }

  /// What a plan's installments fall with as their number grows: the French level amount A,
  /// or a German plan's first (largest) installment `Q + I(1)`; 0 without installments.
  static func level(_ plan: PaymentPlan) -> Cents {
    guard plan.schedule.count > 1 else { return 0 }
    return plan.summary.installmentAmount.map { a in
      plan.schedule[1].payment > a ? plan.schedule[1].payment : a
    } ?? 0
  }

  /// The plan of the fewest installments whose every installment is at most `amount`.
  ///
  /// `request.installments` is ignored. The count is the least n whose level amount (the
  /// French A, or a German plan's first installment) is at most `amount`, found by bisection
  /// since the level falls as n grows; when the last installment, which absorbs the rounding,
  /// is above `amount`, the next counts are tried. Throws a ``PlanError`` on the argument
  /// `pay` when `amount` is not above zero, or when no count up to
  /// ``PlanRequest/maxInstallments`` fits (the interest alone may be more), saying the
  /// smallest level there is.
  public static func fewestInstallments(
    _ balance: PlanBalance,
    _ request: PlanRequest,
    paying amount: Cents,
    settings: PlanSettings = PlanSettings()
  ) throws(PlanError) -> Fit {
    guard amount > 0 else { throw PlanError(.pay, .payNotPositive(Money.plain(amount))) }
    // The search needs the installments only: no NPV, no usury search (about 40 plans each).
    func plan(_ n: Int, settings: PlanSettings = PlanSettings()) throws(PlanError) -> PaymentPlan {
      var r = request
      r.installments = n
      return try PaymentPlan.compute(balance, r, settings: settings)
    }
    let most = PlanRequest.maxInstallments
    let smallest = level(try plan(most))
    guard smallest <= amount else {
      throw PlanError(
        .pay,
        .noPlanFits(amount: amount, smallest: smallest, installments: most),
        notes: [.noPlanFitsNote]
      )
    }
    // level(high) <= amount; level(low) > amount or low = 0.
    var low = 0
    var high = most
    while high - low > 1 {
      try PlanError.checkInterruption()
      let mid = low + (high - low) / 2
      if level(try plan(mid)) <= amount { high = mid } else { low = mid }
    }
    var n = high
    while largestInstallment(try plan(n)) > amount {
      guard n < most else {
        throw PlanError(
          .pay,
          .noPlanFits(amount: amount, smallest: smallest, installments: most),
          notes: [.noPlanFitsNote]
        )
      }
      n += 1
    }
    let best = try plan(n, settings: settings)
    let previous = n > 1 && best.summary.financed > 0 ? largestInstallment(try plan(n - 1)) : nil
    return Fit(installments: n, plan: best, largestWithOneFewer: previous)
  }
}
