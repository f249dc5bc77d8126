import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// The expected cash flow of one plan offered to many accounts (`simulate plan`).
@Suite struct PlanCashFlowTests {
  /// The accounts, buckets and plan of ``MonteCarloTests``; months computed with exact fractions
  /// by `monte_carlo_reference.py` (Σ p × payment × k^j per month, rounded half up once).
  @Test func monthlyProjection() throws {
    let p = try PlanCashFlow.project(
      accounts: MonteCarloTests.accounts,
      calculator: MonteCarloTests.calculator(),
      buckets: MonteCarloTests.buckets()
    )
    #expect(p.months.map(\.label) == ["2026-11", "2026-12", "2027-01", "2027-02"])
    // 60303.31625, 166807.8240625, 153346.292984375, 142591.734984375 cents.
    #expect(p.months.map(\.downPayments) == [60_303, 0, 0, 0])
    #expect(p.months.map(\.installments) == [0, 166_808, 153_346, 142_592])
    #expect(p.months.map(\.expectedCash) == [60_303, 166_808, 153_346, 142_592])
    #expect(p.months.map(\.cumulative) == [60_303, 227_111, 380_457, 523_049])
    #expect(p.downPayments == 60_303)
    #expect(p.installments == 462_746)
    #expect(p.expectedCash == 523_049)
    #expect(p.planned == 8)
    #expect(p.skipped == 0)
    #expect(p.totalBalance == 1_485_881)
    #expect(p.totalSettlement == 1_485_881)
    #expect(p.totalDiscount == 0)
    // Σ of every payment of the eight plans.
    #expect(p.totalIfKept == 1_512_714)
    #expect(p.simulation == nil)
  }

  /// Two accounts each worth 0.375 of a cent in month 1: the month rounds their exact sum
  /// (0.75 -> 1), where rounding each account first would give 0.
  @Test func eachMonthRoundsOnce() throws {
    let buckets = [try AcceptanceBucket.parse("0+=0.5", index: 0)]
    let request = PlanRequest(installments: 1, start: try #require(Day("2026-01-31")))
    let accounts = (0..<2).map { RecoveryAccount(id: "a\($0)", balance: 1, daysOverdue: 5) }
    let p = try PlanCashFlow.project(
      accounts: accounts,
      calculator: PlanCalculator(request),
      buckets: buckets
    )
    // Unknown behaviour: k = 0.75; 1 cent × 0.5 × 0.75 = 0.375 each.
    #expect(p.months.map(\.label) == ["2026-01", "2026-02"])
    #expect(p.months.map(\.installments) == [0, 1])
  }

  /// Months run across year ends; a month's payments are those of its installment.
  @Test func monthsCrossTheYear() throws {
    let buckets = [try AcceptanceBucket.parse("0+=1", index: 0)]
    let request = PlanRequest(installments: 14, start: try #require(Day("2026-12-31")))
    let accounts = [
      RecoveryAccount(id: "a", balance: 1_400, daysOverdue: 0, behavior: .punctual)
    ]
    let p = try PlanCashFlow.project(
      accounts: accounts,
      calculator: PlanCalculator(request),
      buckets: buckets
    )
    #expect(p.months.count == 15)
    #expect(p.months[1].label == "2027-01")
    #expect(p.months[13].label == "2028-01")
    #expect(p.months[14].label == "2028-02")
    // 100 cents × 0.95^j, rounded: 95, 90.25 -> 90, 85.7375 -> 86.
    #expect(p.months[1...3].map(\.installments) == [95, 90, 86])
  }

  @Test func accountsWithoutABalanceAreSkipped() throws {
    let buckets = [try AcceptanceBucket.parse("0+=1", index: 0)]
    let request = PlanRequest(installments: 2, start: try #require(Day("2026-01-15")))
    let accounts = [
      RecoveryAccount(id: "a", balance: 0, daysOverdue: 1),
      RecoveryAccount(id: "b", balance: -500, daysOverdue: 1),
      RecoveryAccount(id: "c", balance: 200, daysOverdue: 1, behavior: .punctual),
    ]
    let p = try PlanCashFlow.project(
      accounts: accounts,
      calculator: PlanCalculator(request),
      buckets: buckets,
      keepingPayments: true
    )
    #expect(p.planned == 1)
    #expect(p.skipped == 2)
    #expect(p.totalBalance == 200)
    // 100 × 0.95 = 95; 100 × 0.9025 = 90.25 -> 90.
    #expect(p.months.map(\.installments) == [0, 95, 90])
    #expect(p.simulation?.count == 1)
  }

  /// With 100% down nothing is financed: the table stops at the start month.
  @Test func rowsEndAtTheLastInstallmentOfAnyPlan() throws {
    let buckets = [try AcceptanceBucket.parse("0+=1", index: 0)]
    var request = PlanRequest(installments: 600, start: try #require(Day("2026-03-10")))
    request.down = try DownPayment.parse("100%")
    let accounts = [
      RecoveryAccount(id: "a", balance: 10_000, daysOverdue: 3, behavior: .habitual)
    ]
    let p = try PlanCashFlow.project(
      accounts: accounts,
      calculator: PlanCalculator(request),
      buckets: buckets
    )
    #expect(p.months.map(\.label) == ["2026-03"])
    #expect(p.months.map(\.downPayments) == [6_000])  // 10000 × 1 × 0.60
    #expect(p.installments == 0)
  }

  @Test func accountInNoBucketIsNamed() throws {
    let buckets = [try AcceptanceBucket.parse("0-30=1", index: 0)]
    let request = PlanRequest(installments: 2, start: try #require(Day("2026-01-15")))
    let accounts = [RecoveryAccount(id: "X-9", balance: 100, daysOverdue: 31)]
    #expect(throws: PlanError(.accounts, .accountInNoBucket("X-9", daysOverdue: 31))) {
      try PlanCashFlow.project(
        accounts: accounts,
        calculator: PlanCalculator(request),
        buckets: buckets
      )
    }
  }

  /// The projection's per-account schedule is the plan's, over thousands of seeded plans.
  @Test func paymentsMatchThePlan() throws {
    var g = SplitMix64(seed: 61)
    var buffer: [Cents] = []
    var checked = 0
    for _ in 0..<800 {
      var c = RandomPlanCase(using: &g)
      c.waivers = []
      c.breakdown = nil
      let (balance, request, settings) = try c.parsed()
      guard let calculator = try? PlanCalculator(request, settings: settings),
        let plan = try? calculator.plan(balance)
      else { continue }
      let (settlement, down) = try calculator.payments(of: balance.balance, into: &buffer)
      #expect(settlement == plan.summary.settlementAmount, "\(c)")
      #expect(down == plan.summary.downPayment, "\(c)")
      #expect(buffer == plan.schedule.dropFirst().map(\.payment), "\(c)")
      checked += 1
    }
    #expect(checked > 500)
  }
}
