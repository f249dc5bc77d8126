import BigInt
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPlan
@testable import CobroPortfolio

/// The schedules and summaries of `spec/payment-plans.md`: the worked example, rounding ties,
/// calendar edges, plans with nothing financed, extremes, waivers, every error, and properties
/// of thousands of seeded random plans.
@Suite struct PaymentPlanTests {
  /// `YYYY-MM-DD` as a day (test literals are valid).
  static func day(_ text: String) -> Day {
    Day(text) ?? Day(raw: Day.missing)
  }

  /// The spec's worked example: 12 × 1.5% French, 10% down, 5% discount, start 2026-11-30.
  static func workedExample() throws -> PlanRequest {
    var request = PlanRequest(installments: 12, start: day("2026-11-30"))
    request.rate = try InterestRate.parse("1.5%", effectiveAnnual: false)
    request.down = try DownPayment.parse("10%")
    request.discount = try Percentage.parse("5%", for: .discount)
    return request
  }

  /// A plan of `cents` over `n` installments at `rate`, starting `start`.
  static func plan(
    _ cents: Cents,
    _ n: Int,
    rate: String = "0",
    start: String = "2026-11-30",
    configure: (inout PlanRequest) throws -> Void = { _ in }
  ) throws -> PaymentPlan {
    var request = PlanRequest(installments: n, start: day(start))
    request.rate = try InterestRate.parse(rate, effectiveAnnual: false)
    try configure(&request)
    return try PaymentPlan.compute(PlanBalance(cents), request)
  }

  /// The schedule as `n,date,payment,interest,principal,balance` lines.
  static func lines(_ plan: PaymentPlan) -> [String] {
    plan.scheduleCells.map { $0.joined(separator: ",") }
  }

  // MARK: - Worked example

  @Test func workedExampleRowByRow() throws {
    let plan = try PaymentPlan.compute(PlanBalance(123_456_789), Self.workedExample())
    #expect(
      Self.lines(plan) == [
        "0,2026-11-30,117283.95,0.00,117283.95,1055555.55",
        "1,2026-12-30,96773.33,15833.33,80940.00,974615.55",
        "2,2027-01-30,96773.33,14619.23,82154.10,892461.45",
        "3,2027-02-28,96773.33,13386.92,83386.41,809075.04",
        "4,2027-03-30,96773.33,12136.13,84637.20,724437.84",
        "5,2027-04-30,96773.33,10866.57,85906.76,638531.08",
        "6,2027-05-30,96773.33,9577.97,87195.36,551335.72",
        "7,2027-06-30,96773.33,8270.04,88503.29,462832.43",
        "8,2027-07-30,96773.33,6942.49,89830.84,373001.59",
        "9,2027-08-30,96773.33,5595.02,91178.31,281823.28",
        "10,2027-09-30,96773.33,4227.35,92545.98,189277.30",
        "11,2027-10-30,96773.33,2839.16,93934.17,95343.13",
        "12,2027-11-30,96773.28,1430.15,95343.13,0.00",
      ]
    )
  }

  @Test func workedExampleSummary() throws {
    let s = try PaymentPlan.compute(PlanBalance(123_456_789), Self.workedExample()).summary
    #expect(s.waived == 0)
    #expect(s.discountGranted == 6_172_839)
    #expect(s.settlementAmount == 117_283_950)
    #expect(s.downPayment == 11_728_395)
    #expect(s.financed == 105_555_555)
    #expect(s.installmentAmount == 9_677_333)
    #expect(s.installmentsCount == 12)
    #expect(s.firstInstallmentDate == Self.day("2026-12-30"))
    #expect(s.lastInstallmentDate == Self.day("2027-11-30"))
    #expect(s.totalInstallments == 116_127_991)
    #expect(s.totalPaid == 127_856_386)
    #expect(s.totalInterest == 10_572_436)
    #expect(s.contractEAR.description == "0.1956181715")
    #expect(s.planEAR?.description == "0.1956181909")
    #expect(s.npv == nil)
    #expect(s.exceedsCap == nil)
    #expect(s.monthlyRate == Rate(scaled: 15_000_000_000))
  }

  @Test func workedExampleWithSettings() throws {
    let settings = PlanSettings(
      discountRate: try Rate.parse("20%", for: .discountRate),
      usuryCap: try Rate.parse("19%", for: .usuryCap)
    )
    let s = try PaymentPlan.compute(
      PlanBalance(123_456_789),
      Self.workedExample(),
      settings: settings
    )
    .summary
    // Cross-checked with 80-digit decimals: 117283.95 + Σ payment / 1.2^(t/12).
    #expect(s.npv == 117_080_750)
    #expect(s.exceedsCap == true)
    #expect(s.contractExceedsCap == true)
    let highest = try #require(s.highestLegalMonthlyRate)
    #expect(
      RateMath.contractEAR(monthly: highest) <= RateFigure(scaledByTenToTheTenth: 1_900_000_000)
    )
  }

  // MARK: - Rounding

  @Test(arguments: [
    (125, "10", 13),  // 0.125 -> 0.13
    (25, "10", 3),  // 0.025 -> 0.03
    (505, "10", 51),  // 0.505 -> 0.51
    (1250, "1", 13),  // 12.5 cents -> 13
    (1249, "1", 12),
    (123_456_789, "5", 6_172_839),  // 61728.3945 -> 61728.39
  ])
  func discountRoundsHalfUp(balance: Cents, percent: String, granted: Cents) throws {
    let plan = try Self.plan(balance, 1) { r in
      r.discount = try Percentage.parse(percent, for: .discount)
    }
    #expect(plan.summary.discountGranted == granted)
  }

  @Test func frenchInstallmentTieRoundsUp() throws {
    // A = round(0.50 × 1.01) = round(0.505) = 0.51, an exact tie; I = round(0.005) = 0.01.
    let plan = try Self.plan(50, 1, rate: "1%")
    #expect(plan.summary.installmentAmount == 51)
    #expect(Self.lines(plan).last == "1,2026-12-30,0.51,0.01,0.50,0.00")
  }

  @Test func frenchTieWithManyInstallments() throws {
    // r = 50%, n = 2: A = P × 0.5 × 2.25 / 1.25 = 0.9 P; P = 0.05 gives A = 4.5 cents -> 0.05.
    let plan = try Self.plan(5, 2, rate: "50%")
    #expect(plan.summary.installmentAmount == 5)
  }

  @Test func interestRoundsHalfUp() throws {
    // b = 0.50 at 1%: 0.005 -> 0.01 (German keeps the principal at Q = 0.25).
    let plan = try Self.plan(50, 2, rate: "1%") { $0.method = .german }
    #expect(Self.lines(plan)[1] == "1,2026-12-30,0.26,0.01,0.25,0.25")
  }

  // MARK: - Dates

  @Test(arguments: [
    ("2026-01-31", ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]),
    ("2028-01-31", ["2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31"]),
    ("2100-01-31", ["2100-02-28", "2100-03-31", "2100-04-30", "2100-05-31"]),
    ("2000-01-30", ["2000-02-29", "2000-03-30", "2000-04-30", "2000-05-30"]),
    ("2026-10-31", ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"]),
  ])
  func monthEndsAreClampedFromTheAnchor(start: String, dates: [String]) throws {
    let plan = try Self.plan(100_000, 4, start: start)
    #expect(plan.schedule.dropFirst().map(\.date.description) == dates)
  }

  @Test func firstInstallmentDateAnchorsTheSchedule() throws {
    let plan = try Self.plan(100_000, 4, rate: "2%", start: "2028-01-15") {
      $0.first = Self.day("2028-01-31")
    }
    #expect(
      plan.schedule.map(\.date.description) == [
        "2028-01-15", "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30",
      ]
    )
    // Installment 1 in the start month (t = 0) still pays one period's interest.
    #expect(plan.schedule[1].interest == 2000)
  }

  @Test func gracePeriodIsInterestFreeButLowersThePlanEAR() throws {
    let plain = try Self.plan(1_000_000, 12, rate: "2%", start: "2026-01-10")
    let grace = try Self.plan(1_000_000, 12, rate: "2%", start: "2026-01-10") {
      $0.first = Self.day("2026-06-10")
    }
    #expect(plain.schedule.map(\.payment) == grace.schedule.map(\.payment))
    let a = try #require(plain.summary.planEAR)
    let b = try #require(grace.summary.planEAR)
    #expect(b < a)
  }

  @Test func everyInstallmentInTheStartMonthHasNoPlanEAR() throws {
    let plan = try Self.plan(100_000, 1, rate: "2%", start: "2026-03-01") {
      $0.first = Self.day("2026-03-20")
    }
    #expect(plan.summary.planEAR == nil)
    #expect(plan.summary.contractEAR.description == "0.2682417946")
  }

  // MARK: - Early end and nothing financed

  @Test func planEndsEarlyWhenTheLevelAmountOverpays() throws {
    let plan = try Self.plan(100, 40)
    #expect(plan.summary.installmentAmount == 3)
    #expect(plan.summary.installmentsCount == 34)
    #expect(plan.schedule[1...33].allSatisfy { $0.payment == 3 })
    #expect(Self.lines(plan).last == "34,2029-09-30,0.01,0.00,0.01,0.00")
    #expect(plan.summary.lastInstallmentDate == Self.day("2029-09-30"))
    #expect(plan.summary.planEAR?.description == "0.0000000000")
  }

  @Test func fullDiscountFinancesNothing() throws {
    let plan = try Self.plan(100_000, 12, rate: "2%") { r in
      r.discount = try Percentage.parse("100%", for: .discount)
      r.down = try DownPayment.parse("10%")
    }
    #expect(Self.lines(plan) == ["0,2026-11-30,0.00,0.00,0.00,0.00"])
    let s = plan.summary
    #expect(s.discountGranted == 100_000 && s.settlementAmount == 0 && s.financed == 0)
    #expect(s.installmentAmount == nil && s.installmentsCount == 0)
    #expect(s.firstInstallmentDate == nil && s.lastInstallmentDate == nil)
    #expect(s.planEAR == nil)
    #expect(s.contractEAR.description == "0.2682417946")
  }

  @Test(arguments: ["100%", "900.00"])
  func downEqualToTheSettlementFinancesNothing(down: String) throws {
    let settings = PlanSettings(discountRate: .zero, usuryCap: Rate(scaled: 0))
    var request = PlanRequest(installments: 6, start: Self.day("2026-11-30"))
    request.rate = try InterestRate.parse("3%", effectiveAnnual: false)
    request.discount = try Percentage.parse("10", for: .discount)
    request.down = try DownPayment.parse(down)
    let plan = try PaymentPlan.compute(PlanBalance(100_000), request, settings: settings)
    #expect(Self.lines(plan) == ["0,2026-11-30,900.00,0.00,900.00,0.00"])
    #expect(plan.summary.totalPaid == 90_000)
    #expect(plan.summary.npv == 90_000)
    #expect(plan.summary.exceedsCap == false)
  }

  @Test func zeroBalanceHasOnlyRowZero() throws {
    let plan = try Self.plan(0, 12, rate: "1.5%")
    #expect(Self.lines(plan) == ["0,2026-11-30,0.00,0.00,0.00,0.00"])
    #expect(plan.summary.totalPaid == 0)
  }

  // MARK: - Extremes

  @Test func hundredBillionBalance() throws {
    let plan = try Self.plan(10_000_000_000_000, 12, rate: "1.5%")
    Self.checkInvariants(plan, method: .french, installments: 12)
    // A against the exact rational, computed here independently.
    let p = BigUInt(10_000_000_000_000)
    let (num, den) = (
      BigUInt(1015).power(12) * 15, (BigUInt(1015).power(12) - BigUInt(1000).power(12)) * 1000
    )
    let exact = (p * num * 2 + den) / (den * 2)
    #expect(plan.summary.installmentAmount.map { BigUInt($0) } == exact)
    #expect(Self.lines(plan).first == "0,2026-11-30,0.00,0.00,0.00,100000000000.00")
  }

  @Test func sixHundredInstallments() throws {
    let plan = try Self.plan(987_654_321, 600, rate: "0.9%", start: "2026-01-31")
    Self.checkInvariants(plan, method: .french, installments: 600)
    #expect(plan.summary.installmentsCount == 600)
    #expect(plan.summary.lastInstallmentDate == Self.day("2076-01-31"))
  }

  @Test func largestBalanceAtTheHighestRate() throws {
    let plan = try Self.plan(PlanCalculator.maxBalance, 12, rate: "100%")
    Self.checkInvariants(plan, method: .french, installments: 12)
    // 1200 payments of about 10^16 cents do not fit in Cents: an error, not a trap.
    #expect(throws: PlanError(.balance, .planTooLarge)) {
      try Self.plan(PlanCalculator.maxBalance, 1200, rate: "100%")
    }
  }

  @Test func germanKeepsThePrincipalLevel() throws {
    let plan = try Self.plan(100_000, 3, rate: "1%") { $0.method = .german }
    #expect(
      Self.lines(plan) == [
        "0,2026-11-30,0.00,0.00,0.00,1000.00",
        "1,2026-12-30,343.33,10.00,333.33,666.67",
        "2,2027-01-30,340.00,6.67,333.33,333.34",
        "3,2027-02-28,336.67,3.33,333.34,0.00",
      ]
    )
    #expect(plan.summary.installmentAmount == 33_333)
  }

  // MARK: - Effective annual rates

  @Test func effectiveAnnualRateBecomesAMonthlyRate() throws {
    var request = PlanRequest(installments: 12, start: Self.day("2026-11-30"))
    request.rate = try InterestRate.parse("24%", effectiveAnnual: true)
    let plan = try PaymentPlan.compute(PlanBalance(1_000_000), request)
    #expect(plan.summary.monthlyRate == Rate(scaled: 18_087_582_484))
    #expect(plan.summary.effectiveAnnualRate == Rate(scaled: 240_000_000_000))
    #expect(plan.summary.contractEAR.description == "0.2400000000")
  }

  // MARK: - Waivers

  static let breakdown = Breakdown(
    capital: 800_000,
    interest: 100_000,
    lateInterest: 50_000,
    fees: 50_000
  )

  @Test func waiversComeBeforeTheDiscount() throws {
    var request = PlanRequest(installments: 2, start: Self.day("2026-11-30"))
    request.waivers = [
      .init(.lateInterest, try Percentage.parse("100%", for: .waiver(index: 0))),
      .init(.fees, try Percentage.parse("50%", for: .waiver(index: 1))),
    ]
    request.discount = try Percentage.parse("10%", for: .discount)
    let plan = try PaymentPlan.compute(PlanBalance(1_000_000, breakdown: Self.breakdown), request)
    #expect(plan.summary.waived == 75_000)
    #expect(plan.summary.discountGranted == 92_500)
    #expect(plan.summary.settlementAmount == 832_500)
    #expect(plan.summary.financed == 832_500)
  }

  @Test func waiverSharesRoundHalfUpPerComponent() throws {
    var request = PlanRequest(installments: 1, start: Self.day("2026-11-30"))
    request.waivers = [
      .init(.interest, try Percentage.parse("0.0005", for: .waiver(index: 0))),
      .init(.capital, try Percentage.parse("33.3333", for: .waiver(index: 1))),
    ]
    let plan = try PaymentPlan.compute(PlanBalance(1_000_000, breakdown: Self.breakdown), request)
    // 100000 × 0.0005% = 0.5 -> 1; 800000 × 33.3333% = 266666.4 -> 266666.
    #expect(plan.summary.waived == 266_667)
  }

  // MARK: - Errors

  /// The error a plan throws, or `nil` when it computes.
  static func error(
    balance: PlanBalance = PlanBalance(100_000),
    settings: PlanSettings = PlanSettings(),
    _ configure: (inout PlanRequest) throws -> Void
  ) throws -> PlanError? {
    var request = PlanRequest(installments: 12, start: day("2026-11-30"))
    try configure(&request)
    do {
      _ = try PaymentPlan.compute(balance, request, settings: settings)
      return nil
    } catch {
      return error
    }
  }

  @Test(arguments: [0, -3, 1201])
  func installmentsOutOfRange(n: Int) throws {
    let e = try #require(try Self.error { $0.installments = n })
    #expect(e.argument == .installments)
    #expect(e.description == "number of installments must be between 1 and 1200, not '\(n)'")
  }

  @Test func firstBeforeStart() throws {
    let e = try #require(try Self.error { $0.first = Self.day("2026-11-29") })
    #expect(e.argument == .first)
    #expect(
      e.description == "first installment date 2026-11-29 is before the start date 2026-11-30"
    )
  }

  /// A schedule past year 9999 is refused: its dates could not be written (an agreement with
  /// them made the journal unreadable).
  @Test func scheduleAfterYear9999() throws {
    let e = try #require(
      try Self.error { r in
        r.installments = 3
        r.start = Self.day("9999-11-15")
      }
    )
    #expect(e.argument == .installments)
    #expect(e.description == "installment 2 would fall on 10000-01-15, after 9999-12-31")
    #expect(
      try Self.error { r in
        r.installments = 1; r.start = Self.day("9999-11-15")
      } == nil
    )
  }

  @Test func downAboveTheSettlement() throws {
    let e = try #require(
      try Self.error { r in
        r.discount = try Percentage.parse("50%", for: .discount)
        r.down = try DownPayment.parse("500.01")
      }
    )
    #expect(e.argument == .down)
    #expect(e.description == "down payment 500.01 exceeds the settlement amount 500.00")
  }

  @Test func negativeDownPaymentBuiltByHand() throws {
    let e = try #require(try Self.error { $0.down = .amount(-1) })
    #expect(e.argument == .down)
    #expect(e.description == "'-0.01' is not money")
  }

  @Test func startThatIsNotADate() throws {
    let e = try #require(try Self.error { $0.start = Day(raw: Day.missing) })
    #expect(e.argument == .start)
  }

  @Test func negativeRateBuiltByHand() throws {
    let e = try #require(try Self.error { $0.rate = InterestRate(monthly: Rate(scaled: -1)) })
    #expect(e.argument == .rate)
    #expect(e.description == "negative rate '-0.000000000001'")
  }

  @Test func settingsOutOfRange() throws {
    let e = try #require(
      try Self.error(settings: PlanSettings(usuryCap: Rate(scaled: 2_000_000_000_000))) { _ in }
    )
    #expect(e.argument == .usuryCap)
    #expect(e.diagnostic.notes == ["did you mean '2%'?"])
  }

  @Test func waiverWithoutBreakdown() throws {
    let e = try #require(
      try Self.error { r in
        r.waivers = [.init(.fees, try Percentage.parse("50", for: .waiver(index: 0)))]
      }
    )
    #expect(e.argument == .waiver(index: 0))
    #expect(e.description == "cannot waive 'fees': the account has no breakdown")
    #expect(
      e.diagnostic.notes == ["waivers need the columns capital, interest, late_interest and fees"]
    )
  }

  @Test func waiverTwice() throws {
    let e = try #require(
      try Self.error(balance: PlanBalance(1_000_000, breakdown: Self.breakdown)) { r in
        r.waivers = [
          .init(.fees, try Percentage.parse("50", for: .waiver(index: 0))),
          .init(.fees, try Percentage.parse("10", for: .waiver(index: 1))),
        ]
      }
    )
    #expect(e.argument == .waiver(index: 1))
    #expect(e.description == "'fees' is waived twice")
  }

  @Test func waiversAboveTheBalance() throws {
    let odd = Breakdown(capital: 90_000, interest: 0, lateInterest: 0, fees: 90_000)
    let e = try #require(
      try Self.error(balance: PlanBalance(100_000, breakdown: odd)) { r in
        r.waivers = [
          .init(.capital, .hundred),
          .init(.fees, .hundred),
        ]
      }
    )
    #expect(e.argument == .waiver(index: 1))
    #expect(e.description == "waivers of 1800.00 exceed the balance 1000.00")
  }

  @Test func negativeBalance() throws {
    let e = try #require(try Self.error(balance: PlanBalance(-500)) { _ in })
    #expect(e.argument == .balance)
    #expect(e.description == "balance -5.00 is negative: nothing to plan")
  }

  @Test func balanceTooLarge() throws {
    let e = try #require(
      try Self.error(balance: PlanBalance(PlanCalculator.maxBalance + 1)) { _ in }
    )
    #expect(e.argument == .balance)
  }

  @Test func diagnosticTakesTheCallersRange() throws {
    let e = try #require(try Self.error { $0.installments = 0 })
    let range = SourceRange(file: "<input>", line: 1, column: 23, length: 1)
    let d = e.diagnostic(at: range, sourceLine: "plan 1000 installments 0")
    #expect(
      DiagnosticRenderer().render(d) == """
        <input>:1:23: error: number of installments must be between 1 and 1200, not '0'
        1 | plan 1000 installments 0
          |                       ^

        """
    )
  }

  // MARK: - Properties

  /// The schedule's invariants: principals add up to P, balances chain down to 0, payment =
  /// interest + principal, level amounts, dates from the anchor, totals.
  static func checkInvariants(
    _ plan: PaymentPlan,
    method: PlanMethod,
    installments n: Int,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let s = plan.summary
    let rows = plan.schedule.dropFirst()
    #expect(plan.schedule[0].payment == s.downPayment, sourceLocation: sourceLocation)
    #expect(plan.schedule[0].balance == s.financed, sourceLocation: sourceLocation)
    #expect(rows.count <= n, sourceLocation: sourceLocation)
    #expect(rows.reduce(0) { $0 + $1.principal } == s.financed, sourceLocation: sourceLocation)
    #expect(
      rows.allSatisfy { $0.payment == $0.interest + $0.principal },
      sourceLocation: sourceLocation
    )
    var balance = s.financed
    for row in rows {
      balance -= row.principal
      if row.balance != balance || row.principal < 0 || row.interest < 0 {
        Issue.record("row \(row.n) breaks the balance chain", sourceLocation: sourceLocation)
        return
      }
    }
    if s.financed > 0 {
      #expect(rows.last?.balance == 0, sourceLocation: sourceLocation)
      #expect(rows.dropLast().allSatisfy { $0.balance > 0 }, sourceLocation: sourceLocation)
      let level = s.installmentAmount ?? -1
      switch method {
      case .french:
        #expect(rows.dropLast().allSatisfy { $0.payment == level }, sourceLocation: sourceLocation)
      case .german:
        #expect(
          rows.dropLast().allSatisfy { $0.principal == level },
          sourceLocation: sourceLocation
        )
      }
    } else {
      #expect(rows.isEmpty, sourceLocation: sourceLocation)
    }
    #expect(
      s.totalInstallments == rows.reduce(0) { $0 + $1.payment },
      sourceLocation: sourceLocation
    )
    #expect(s.totalInterest == rows.reduce(0) { $0 + $1.interest }, sourceLocation: sourceLocation)
    #expect(s.totalPaid == s.downPayment + s.totalInstallments, sourceLocation: sourceLocation)
    #expect(s.settlementAmount == s.downPayment + s.financed, sourceLocation: sourceLocation)
    #expect(
      zip(rows, rows.dropFirst()).allSatisfy { $0.date < $1.date },
      sourceLocation: sourceLocation
    )
  }

  @Test func randomPlansKeepTheInvariants() throws {
    let seed: UInt64 = 0xC0B2_0000_0000_0002
    var g = SplitMix64(seed: seed)
    var computed = 0
    for i in 0..<3000 {
      let c = RandomPlanCase(using: &g)
      let (balance, request, settings) = try c.parsed()
      let plan: PaymentPlan
      do {
        plan = try PaymentPlan.compute(balance, request, settings: settings)
      } catch {
        // Only a down payment above the settlement is refused among the random cases.
        #expect(error.argument == .down, "case \(i) (seed \(seed)): \(c)")
        continue
      }
      computed += 1
      Self.checkInvariants(plan, method: request.method, installments: request.installments)
      if let ear = plan.summary.planEAR, plan.summary.totalInterest == 0 {
        #expect(ear == RateFigure(scaledByTenToTheTenth: 0), "case \(i): \(c)")
      }
    }
    #expect(computed > 2800)
  }
}

/// The highest legal rate suggested when a plan exceeds the usury cap (issue 6).
@Suite struct HighestLegalRateTests {
  /// `plan amount 10 installments 12 rate 2%` under 24.36%: the contract limit (0.018333566852)
  /// still gives a plan EAR above the cap after rounding; the suggestion must not.
  @Test func searchIsOnThePlanEAR() throws {
    var request = PlanRequest(installments: 12, start: try #require(Day("2026-11-30")))
    request.rate = try InterestRate.parse("2%", effectiveAnnual: false)
    let settings = PlanSettings(usuryCap: try Rate.parse("24.36%", for: .usuryCap))
    let plan = try PaymentPlan.compute(PlanBalance(1_000), request, settings: settings)
    let legal = try #require(plan.summary.highestLegalMonthlyRate)
    #expect(legal < RateMath.highestMonthlyRate(underCap: try #require(settings.usuryCap)))
    request.rate = InterestRate(monthly: legal)
    #expect(
      try PaymentPlan.compute(PlanBalance(1_000), request, settings: settings).summary.exceedsCap
        == false
    )
  }

  /// Over seeded plans above the cap: the suggested rate's plan is within the cap and one unit
  /// of its precision (10^-12) more is not.
  @Test func suggestedRateIsLegalAndTheNextIsNot() throws {
    var g = SplitMix64(seed: 67)
    var checked = 0
    for _ in 0..<200 {
      let balance = Int64.random(
        in: [1...5_000, 5_000...100_000_000, 1...9_000_000_000_000][
          Int.random(in: 0..<3, using: &g)
        ],
        using: &g
      )
      var request = PlanRequest(
        installments: Int.random(in: 1...36, using: &g),
        start: try #require(Day("2026-01-31"))
      )
      request.rate = InterestRate(
        monthly: Rate(scaled: Int64.random(in: 5_000_000_000...80_000_000_000, using: &g))
      )
      if Bool.random(using: &g) {
        request.down = .percent(
          try #require(Percentage(ExactDecimal(UInt64.random(in: 0...60, using: &g))))
        )
      }
      if Int.random(in: 0..<4, using: &g) == 0 {
        request.method = .german
      }
      if Int.random(in: 0..<4, using: &g) == 0 {
        request.first = try #require(Day("2026-01-31")).adding(
          days: Int.random(in: 0...90, using: &g)
        )
      }
      let cap = Rate(scaled: Int64.random(in: 100_000_000_000...400_000_000_000, using: &g))
      let settings = PlanSettings(usuryCap: cap)
      let s = try PaymentPlan.compute(PlanBalance(balance), request, settings: settings).summary
      guard s.exceedsCap == true || s.contractExceedsCap == true else { continue }
      let legal = try #require(s.highestLegalMonthlyRate, "\(balance) \(request)")
      func exceeds(_ scaled: Int64) throws -> Bool {
        var r = request
        r.rate = InterestRate(monthly: Rate(scaled: scaled))
        let t = try PaymentPlan.compute(PlanBalance(balance), r, settings: settings).summary
        return t.exceedsCap == true || t.contractExceedsCap == true
      }
      #expect(try !exceeds(legal.scaled), "\(balance) \(request) cap \(cap)")
      #expect(try exceeds(legal.scaled + 1), "\(balance) \(request) cap \(cap)")
      checked += 1
    }
    #expect(checked > 100)
  }
}
