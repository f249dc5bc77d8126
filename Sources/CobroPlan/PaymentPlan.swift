import BigInt
import CobroPortfolio

/// One row of a plan's schedule; row 0 is the down payment.
public struct Installment: Hashable, Sendable {
  /// 0 for the down payment, then 1, 2, … n.
  public var n: Int
  /// When it is due.
  public var date: Day
  /// `interest + principal`.
  public var payment: Cents
  /// `round(b(k−1) × r)`; 0 in row 0.
  public var interest: Cents
  /// What the payment takes off the balance.
  public var principal: Cents
  /// The balance after the payment; 0 after the last installment.
  public var balance: Cents

  /// Creates a row.
  public init(
    n: Int,
    date: Day,
    payment: Cents,
    interest: Cents,
    principal: Cents,
    balance: Cents
  ) {
    self.n = n
    self.date = date
    self.payment = payment
    self.interest = interest
    self.principal = principal
    self.balance = balance
  }
}

/// The summary of a plan: the fields of `spec/payment-plans.md`, in its order, then extras.
public struct PlanSummary: Hashable, Sendable {
  /// Sum of `round(component × w / 100)` over the waivers.
  public var waived: Cents
  /// `round(B × d / 100)`, B the balance minus `waived`.
  public var discountGranted: Cents
  /// `S = B − discount_granted`.
  public var settlementAmount: Cents
  /// D, paid on the start date.
  public var downPayment: Cents
  /// `P = S − D`.
  public var financed: Cents
  /// A (French) or Q (German); `nil` when nothing is financed.
  public var installmentAmount: Cents?
  /// Installments actually scheduled (fewer than asked when the plan ends early).
  public var installmentsCount: Int
  /// Date of installment 1; `nil` without installments.
  public var firstInstallmentDate: Day?
  /// Date of the last installment; `nil` without installments.
  public var lastInstallmentDate: Day?
  /// Sum of the installments' payments.
  public var totalInstallments: Cents
  /// `D + total_installments`.
  public var totalPaid: Cents
  /// Sum of the installments' interest.
  public var totalInterest: Cents
  /// `(1 + r)^12 − 1`, 10 decimals.
  public var contractEAR: RateFigure
  /// `(1 + i)^12 − 1` of the monthly IRR `i >= 0`, 10 decimals; `nil` when there is none.
  ///
  /// None when P = 0, when every installment is in the start month, or when the start month's
  /// payments alone cover P.
  public var planEAR: RateFigure?
  /// The NPV at the discount-rate setting; `nil` when it is not set.
  public var npv: Cents?
  /// Whether `plan_ear > cap` (on the 10-decimal value); `nil` when no cap is set.
  ///
  /// A plan with interest but no plan EAR (all of it due in the start month) exceeds any cap;
  /// one with nothing financed exceeds none.
  public var exceedsCap: Bool?

  /// The monthly rate r used (after the `ea` conversion).
  public var monthlyRate: Rate
  /// The effective annual rate typed with `ea`, when it was.
  public var effectiveAnnualRate: Rate?
  /// `contract_ear > cap`: a contract rate above the cap must be flagged loudly.
  public var contractExceedsCap: Bool?
  /// When the plan or its contract rate exceeds the cap: the highest legal monthly rate for this
  /// balance and these terms, found on the plan EAR (see
  /// ``PlanCalculator/highestLegalRate(for:)``).
  public var highestLegalMonthlyRate: Rate?
}

/// A payment plan: its schedule (row 0 the down payment) and its summary.
public struct PaymentPlan: Hashable, Sendable {
  /// Row 0, then one row per installment.
  public var schedule: [Installment]
  /// The totals and rates.
  public var summary: PlanSummary

  /// Computes the plan of one balance, exactly as `spec/payment-plans.md` says.
  ///
  /// ```swift
  /// // plan 1234567.89 installments 12 rate 1.5% down 10% discount 5% start 2026-11-30
  /// var request = PlanRequest(installments: 12, start: Day("2026-11-30")!)
  /// request.rate = try InterestRate.parse("1.5%", effectiveAnnual: false)
  /// request.down = try DownPayment.parse("10%")
  /// request.discount = try Percentage.parse("5%", for: .discount)
  /// let plan = try PaymentPlan.compute(PlanBalance(123_456_789), request)
  /// plan.schedule[1].payment  // 9_677_333 (96773.33)
  /// print(plan.csv())
  /// ```
  ///
  /// To plan many balances with the same terms, build one ``PlanCalculator`` and call
  /// ``PlanCalculator/plan(_:)`` for each: the rate-dependent work is then done once.
  public static func compute(
    _ balance: PlanBalance,
    _ request: PlanRequest,
    settings: PlanSettings = PlanSettings()
  ) throws(PlanError) -> PaymentPlan {
    try PlanCalculator(request, settings: settings).plan(balance)
  }
}

/// The terms of a plan with everything that does not depend on the balance precomputed.
///
/// Creating one validates the request (installments, rates, dates, duplicate waivers) and does
/// the big-integer work once: the French factor's bracket, the contract EAR, the NPV discount
/// factor, the highest legal rate, and the installment dates and months. ``plan(_:)`` then
/// works on 64- and 128-bit integers only, except in the rare cases its bounds cannot decide.
///
/// Why this design, measured with release builds on the shared 2-core x86-64 machine:
/// - `cobro-bench plans` (10,000 balances × 12 installments at 1.5%, 5% discount, 10% down,
///   NPV and usury cap, one calculator): 24–26 ms minimum, 30–38 ms median, with the machine
///   at a load average of 6; about 14,500 instructions per plan under callgrind, two thirds of
///   them the certified plan EAR.
/// - Big integers everywhere are not an option: an exact French factor alone costs 4.6 µs
///   (n = 12) to 28 ms (n = 1200) with the BigInt package, and a first version that built a
///   few big integers per plan took 100 µs per plan (1 s for 10,000).
/// - A 128×128-bit product from four 64-bit multiplications takes about 5 ns; the standard
///   library's generic 256/128-bit division 25–45 ns, so divisions go through 64-bit words.
public struct PlanCalculator: Sendable {
  /// The largest balance a plan accepts: the largest amount `Money.parse` reads.
  public static let maxBalance: Cents = 9_999_999_999_999_999

  /// The terms.
  public let request: PlanRequest
  /// The settings read (discount rate, usury cap).
  public let settings: PlanSettings
  /// The monthly rate times 10^12.
  private let rateScaled: UInt64
  /// Date of installment k at index k − 1.
  let dates: [Day]
  /// `t(k)` of installment k at index k − 1: months between the start and its date.
  let months: [Int]
  /// The French level-amount factor, when the method is French and r > 0.
  private let french: FrenchFactor?
  /// `(1 + r)^12 − 1`, 10 decimals.
  private let contractEAR: RateFigure
  /// `(1 + a)^(−1/12)` of the discount rate, when set.
  private let npvFactor: FastFixed?
  /// The largest monthly rate whose contract EAR is within the cap, when a cap is set: the
  /// upper end of the search for the highest legal rate.
  private let contractRateLimit: Rate?

  /// Validates the terms and precomputes what does not depend on the balance.
  public init(_ request: PlanRequest, settings: PlanSettings = PlanSettings()) throws(PlanError) {
    let n = request.installments
    guard (1...PlanRequest.maxInstallments).contains(n) else {
      throw PlanError(.installments, .installmentsOutOfRange(String(n)))
    }
    try Self.validate(request.rate.monthly, .rate)
    if let annual = request.rate.effectiveAnnual { try Self.validate(annual, .rate) }
    if let a = settings.discountRate { try Self.validate(a, .discountRate) }
    if let c = settings.usuryCap { try Self.validate(c, .usuryCap) }
    for (day, argument) in [(request.start, PlanArgument.start), (request.first, .first)] {
      // A date built by hand (not parsed) must still be a real calendar date.
      if let day, !(1...9999).contains(day.civil.year) || day.raw == Day.missing {
        throw PlanError(argument, .notADate(day.description))
      }
    }
    if let first = request.first, first < request.start {
      throw PlanError(.first, .firstBeforeStart(first: first, start: request.start))
    }
    var seen: Set<PlanComponent> = []
    for (i, w) in request.waivers.enumerated() where !seen.insert(w.component).inserted {
      throw PlanError(.waiver(index: i), .waivedTwice(w.component))
    }

    self.request = request
    self.settings = settings
    let r = request.rate.monthly
    rateScaled = UInt64(r.scaled)

    let anchor = request.first ?? request.start
    let offset = request.first == nil ? 1 : 0
    let (y0, m0, _) = request.start.civil
    var dates: [Day] = []
    var months: [Int] = []
    dates.reserveCapacity(n)
    months.reserveCapacity(n)
    for k in 1...n {
      let d = anchor.adding(months: k - 1 + offset)
      let (y, m, _) = d.civil
      // A date past year 9999 has no YYYY-MM-DD spelling: no journal or CSV could keep it.
      guard y <= 9999 else {
        throw PlanError(.installments, .scheduleTooLate(installment: k, date: d))
      }
      dates.append(d)
      months.append(12 * (y - y0) + (m - m0))
    }
    self.dates = dates
    self.months = months

    french =
      request.method == .french && r.scaled > 0 ? FrenchFactor(rate: r, installments: n) : nil
    contractEAR = RateMath.contractEAR(monthly: r)
    npvFactor = settings.discountRate.map { PlanNPV.discountFactor(annual: $0) }
    contractRateLimit = settings.usuryCap.map { RateMath.highestMonthlyRate(underCap: $0) }
  }

  /// The down payment the terms ask for on `settlement`, checked against it.
  private func downPayment(of settlement: Cents) throws(PlanError) -> Cents {
    let down: Cents
    switch request.down {
    case nil: down = 0
    case .amount(let x): down = x
    case .percent(let p): down = p.share(of: settlement) ?? 0
    }
    guard down >= 0 else { throw PlanError(.down, .notMoney(Money.plain(down))) }
    guard down <= settlement else {
      throw PlanError(.down, .downExceedsSettlement(down: down, settlement: settlement))
    }
    return down
  }

  /// Rejects a rate outside `[0, 1]` (a ``Rate`` built by hand rather than parsed).
  private static func validate(_ rate: Rate, _ argument: PlanArgument) throws(PlanError) {
    if rate.scaled < 0 { throw PlanError(argument, .negativeRate("-" + rate.description)) }
    if rate.scaled > Rate.denominator {
      throw PlanError(
        argument,
        .rateAboveOne(rate.description),
        notes: [.didYouMeanPlan(rate.description + "%")]
      )
    }
  }

  /// The plan of one balance.
  ///
  /// When a usury cap is set and the plan or its contract rate exceeds it, the summary also
  /// gives the highest legal rate (``highestLegalRate(for:)``), which costs about 40 plans.
  public func plan(_ account: PlanBalance) throws(PlanError) -> PaymentPlan {
    var result = try unsearchedPlan(account)
    let s = result.summary
    if s.exceedsCap == true || s.contractExceedsCap == true {
      result.summary.highestLegalMonthlyRate = try highestLegalRate(for: account)
    }
    return result
  }

  /// The highest legal monthly rate for this balance and these terms under the usury cap: `nil`
  /// without a cap, or when even a zero rate is above it.
  ///
  /// A rate r is legal when the plan at r (every other term the same, the rate typed as a
  /// monthly rate) has neither `exceeds_cap` nor its contract EAR above the cap. The plan EAR
  /// depends on the rounded payments, so the search runs on whole plans, not on the contract
  /// rate alone: a bisection over 12-decimal rates between 0 (legal) and the smaller of the
  /// plan's rate and the contract limit plus one unit (both illegal). It ends on a rate r that
  /// is legal while `r + 10^-12` is not. The plan EAR rises with the rate up to cent-rounding
  /// steps, so in practice this is the highest legal rate.
  public func highestLegalRate(for account: PlanBalance) throws(PlanError) -> Rate? {
    guard let cap = settings.usuryCap, let limit = contractRateLimit else { return nil }
    var legalSettings = settings
    legalSettings.discountRate = nil
    func isLegal(_ scaled: Int64) throws(PlanError) -> Bool {
      var terms = request
      terms.rate = InterestRate(monthly: Rate(scaled: scaled))
      let calculator = try PlanCalculator(terms, settings: legalSettings)
      let s = try calculator.unsearchedPlan(account).summary
      return s.exceedsCap != true && !calculator.contractEAR.exceeds(cap)
    }
    var low: Int64 = 0
    guard try isLegal(low) else { return nil }
    var high = min(request.rate.monthly.scaled, limit.scaled + 1)
    // A plan legal at its own rate (not one that `plan(_:)` searches for) keeps it.
    if try isLegal(high) { return Rate(scaled: high) }
    // low is legal and high is not.
    while high - low > 1 {
      let mid = low + (high - low) / 2
      if try isLegal(mid) { low = mid } else { high = mid }
    }
    return Rate(scaled: low)
  }

  /// The down payment and the installments' payments of a balance with no breakdown, without
  /// the schedule rows, rates or NPV: the per-account step of a campaign.
  ///
  /// Gives the same amounts as ``plan(_:)`` (a test holds them equal); `installments` is
  /// emptied and refilled, so one buffer serves every account. Requests with waivers are not
  /// planned here.
  func payments(of balance: Cents, into installments: inout [Cents]) throws(PlanError)
    -> (settlement: Cents, down: Cents)
  {
    precondition(request.waivers.isEmpty)
    guard balance >= 0 else { throw PlanError(.balance, .negativeBalance(balance)) }
    guard balance <= Self.maxBalance else { throw PlanError(.balance, .balanceTooLarge(balance)) }
    let settlement = balance - (request.discount.share(of: balance) ?? 0)
    let down = try downPayment(of: settlement)
    installments.removeAll(keepingCapacity: true)
    var owed = settlement - down
    guard owed > 0 else { return (settlement, down) }
    let n = request.installments
    let a = french?.installment(financed: owed) ?? Money.roundHalfUp(owed, Int64(n))
    let isFrench = request.method == .french
    var k = 1
    while k <= n && owed > 0 {
      let interest = Int64(ExactMath.interest(on: UInt64(owed), scaledRate: rateScaled))
      let regular = isFrench ? a - interest : a
      let principal = k == n || regular >= owed ? owed : regular
      owed -= principal
      installments.append(principal + interest)
      k += 1
    }
    return (settlement, down)
  }

  /// The plan of one balance; the highest legal rate is left `nil`.
  private func unsearchedPlan(_ account: PlanBalance) throws(PlanError) -> PaymentPlan {
    let balance = account.balance
    guard balance >= 0 else { throw PlanError(.balance, .negativeBalance(balance)) }
    guard balance <= Self.maxBalance else { throw PlanError(.balance, .balanceTooLarge(balance)) }

    // Waivers, then the discount on what is left, then the down payment.
    var waived: Cents = 0
    if !request.waivers.isEmpty {
      guard let breakdown = account.breakdown else {
        throw PlanError(
          .waiver(index: 0),
          .noBreakdown(request.waivers[0].component),
          notes: [.breakdownHint]
        )
      }
      for (i, w) in request.waivers.enumerated() {
        let amount = breakdown[w.component]
        guard amount >= 0 else {
          throw PlanError(.waiver(index: i), .negativeComponent(w.component, amount))
        }
        guard let share = w.percent.share(of: amount) else {
          throw PlanError(.waiver(index: i), .planTooLarge)
        }
        let (sum, overflow) = waived.addingReportingOverflow(share)
        if overflow { throw PlanError(.waiver(index: i), .planTooLarge) }
        waived = sum
      }
      guard waived <= balance else {
        throw PlanError(
          .waiver(index: request.waivers.count - 1),
          .waiversExceedBalance(waived: waived, balance: balance)
        )
      }
    }
    let b = balance - waived
    // b <= maxBalance: shares cannot overflow.
    let discountGranted = request.discount.share(of: b) ?? 0
    let settlement = b - discountGranted
    let down = try downPayment(of: settlement)
    let financed = settlement - down

    var schedule: [Installment] = []
    schedule.reserveCapacity(financed > 0 ? request.installments + 1 : 1)
    schedule.append(
      Installment(
        n: 0,
        date: request.start,
        payment: down,
        interest: 0,
        principal: down,
        balance: financed
      )
    )
    var level: Cents?
    var totalInstallments: Cents = 0
    var totalInterest: Cents = 0
    var payments: [Cents] = []
    if financed > 0 {
      let n = request.installments
      let a: Cents
      if let french {
        a = french.installment(financed: financed)
      } else {
        a = Money.roundHalfUp(financed, Int64(n))
      }
      level = a
      payments.reserveCapacity(n)
      let isFrench = request.method == .french
      var owed = financed
      var k = 1
      while k <= n && owed > 0 {
        let interest = Int64(ExactMath.interest(on: UInt64(owed), scaledRate: rateScaled))
        let regular = isFrench ? a - interest : a
        let principal = k == n || regular >= owed ? owed : regular
        let payment = principal + interest
        owed -= principal
        schedule.append(
          Installment(
            n: k,
            date: dates[k - 1],
            payment: payment,
            interest: interest,
            principal: principal,
            balance: owed
          )
        )
        payments.append(payment)
        let (t1, o1) = totalInstallments.addingReportingOverflow(payment)
        let (t2, o2) = totalInterest.addingReportingOverflow(interest)
        if o1 || o2 { throw PlanError(.balance, .planTooLarge) }
        totalInstallments = t1
        totalInterest = t2
        k += 1
      }
    }
    let (totalPaid, paidOverflow) = down.addingReportingOverflow(totalInstallments)
    if paidOverflow { throw PlanError(.balance, .planTooLarge) }

    let count = payments.count
    let paymentMonths = months[0..<count]
    let planEAR =
      financed > 0
      ? PlanReturn.planEAR(
        financed: financed,
        payments: payments,
        months: paymentMonths,
        guess: request.rate.monthly
      ) : nil
    var npv: Cents?
    if let rate = settings.discountRate, let factor = npvFactor {
      guard
        let value = PlanNPV.npv(
          down: down,
          payments: payments,
          months: paymentMonths,
          annual: rate,
          factor: factor
        )
      else { throw PlanError(.balance, .planTooLarge) }
      npv = value
    }
    let cap = settings.usuryCap
    let exceedsCap = cap.map { c in
      planEAR.map { $0.exceeds(c) } ?? (financed > 0 && totalInterest > 0)
    }
    let contractExceedsCap = cap.map { contractEAR.exceeds($0) }
    let summary = PlanSummary(
      waived: waived,
      discountGranted: discountGranted,
      settlementAmount: settlement,
      downPayment: down,
      financed: financed,
      installmentAmount: level,
      installmentsCount: count,
      firstInstallmentDate: count > 0 ? dates[0] : nil,
      lastInstallmentDate: count > 0 ? dates[count - 1] : nil,
      totalInstallments: totalInstallments,
      totalPaid: totalPaid,
      totalInterest: totalInterest,
      contractEAR: contractEAR,
      planEAR: planEAR,
      npv: npv,
      exceedsCap: exceedsCap,
      monthlyRate: request.rate.monthly,
      effectiveAnnualRate: request.rate.effectiveAnnual,
      contractExceedsCap: contractExceedsCap,
      highestLegalMonthlyRate: nil
    )
    return PaymentPlan(schedule: schedule, summary: summary)
  }
}

/// The French level amount `A = round(P × r / (1 − (1 + r)^−n))` for any P, exact.
///
/// The factor `y = r / (1 − (1 + r)^−n)` is bracketed once per request in 112-bit fixed point
/// with directed rounding: `x = 1/(1 + r)` rounded down and one ulp up, their n-th powers with
/// the rigorous error bound of ``PlanFixedPoint/power(_:)``, then one big-integer division for
/// each end. Per balance, `2^112 · P · y` lies between `P·low` and `P·high`; when both round to
/// the same cent, that cent is A (two 128×128-bit products). Otherwise, which needs a half cent
/// within about `P·n·2^-100` of the true value (an exact tie, or astronomically rare), A is the
/// exact half-up division of `P·k·u^n` by `10^12·(u^n − 10^(12n))`, `u = 10^12 + k`, in big
/// integers.
struct FrenchFactor: Sendable {
  /// Fraction bits of ``low`` and ``high``.
  static let fractionBits = FastFixed.fractionBits
  /// The monthly rate times 10^12, above 0.
  let scaledRate: Int64
  /// The number of installments.
  let installments: Int
  /// `<= 2^112 · y`.
  let low: UInt128
  /// `>= 2^112 · y`.
  let high: UInt128

  /// Brackets the factor of a monthly rate `r > 0` over `n` installments.
  init(rate: Rate, installments n: Int) {
    scaledRate = rate.scaled
    installments = n
    guard let (low, high) = Self.bracket(k: rate.scaled, n: n) else {
      // Every balance takes the exact path.
      (self.low, self.high) = (0, UInt128.max >> 1)
      return
    }
    (self.low, self.high) = (low, high)
  }

  /// `[floor(2^112·y), ceil(2^112·y)]` widened by the rounding errors; `nil` if it fails.
  private static func bracket(k: Int64, n: Int) -> (UInt128, UInt128)? {
    let one = FastFixed.one
    guard let x = try? FastFixed.ratio(Rate.denominator, Rate.denominator + k),
      x < one,
      let (powerLow, _) = try? x.power(n),
      let (powerUp, error) = try? FastFixed(raw: x.raw + 1).power(n)
    else { return nil }
    // X^n lies in [powerLow, powerUp + error], so D = 1 − X^n in [dLow, dHigh].
    let dLow = one.raw - powerUp.raw - Int128(error)
    let dHigh = one.raw - powerLow.raw
    guard dLow > 0 else { return nil }
    // y = k / (10^12 · D): 2^112·y = k · 2^224 / (10^12 · D_raw).
    let numerator = BigUInt(k) << (2 * fractionBits)
    let low = numerator / (BigUInt(Rate.denominator) * BigUInt(dHigh))
    let (q, r) = numerator.quotientAndRemainder(
      dividingBy: BigUInt(Rate.denominator) * BigUInt(dLow)
    )
    let high = r.isZero ? q : q + 1
    guard let l = UInt128(exactly: low), let h = UInt128(exactly: high), h < UInt128.max >> 1 else {
      return nil
    }
    return (l, h)
  }

  /// `round(P · y)`, half up.
  func installment(financed: Cents) -> Cents {
    let p = UInt128(financed)
    func rounded(_ factor: UInt128) -> UInt128? {
      var v = UInt256.product(factor, p)
      v.add((0, 1 << (Self.fractionBits - 1)))
      guard v.high >> Self.fractionBits == 0 else { return nil }
      return v.high << (128 - Self.fractionBits) | v.low >> Self.fractionBits
    }
    if let a = rounded(low), a == rounded(high) { return Cents(truncatingIfNeeded: a) }
    // The exact rational: P·k·u^n / (10^12·(u^n − 10^(12n))).
    let v = BigUInt(Rate.denominator)
    let u = v + BigUInt(scaledRate)
    let un = u.power(installments)
    let exact = ExactMath.roundHalfUp(
      BigUInt(p) * BigUInt(scaledRate) * un,
      v * (un - v.power(installments))
    )
    return Cents(exact)
  }
}
