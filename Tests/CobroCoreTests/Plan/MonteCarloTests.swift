import BigInt
import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// The seeded Monte Carlo of `simulate … --runs N --seed S`.
@Suite struct MonteCarloTests {
  /// Eight accounts: balance in cents, days overdue, behaviour.
  static let accounts: [RecoveryAccount] = [
    (100_000, 10, Behavior.punctual), (250_050, 45, .habitual), (7_333, 200, .occasional),
    (1, 400, .unknown), (999_999, 0, .punctual), (123_456, 95, .habitual), (5_000, 31, .unknown),
    (42, 181, .punctual),
  ].enumerated().map { i, a in
    RecoveryAccount(id: "A\(i)", balance: a.0, daysOverdue: a.1, behavior: a.2)
  }

  /// `0-30=0.5`, `31-180=0.35`, `181+=0.125`.
  static func buckets() throws -> [AcceptanceBucket] {
    try ["0-30=0.5", "31-180=0.35", "181+=0.125"].enumerated().map { i, t throws(PlanError) in
      try AcceptanceBucket.parse(t, index: i)
    }
  }

  /// 3 installments at 1% monthly with 10% down, from 2026-11-30.
  static func calculator() throws -> PlanCalculator {
    var request = PlanRequest(installments: 3, start: try #require(Day("2026-11-30")))
    request.rate = try InterestRate.parse("1%", effectiveAnnual: false)
    request.down = try DownPayment.parse("10%")
    return try PlanCalculator(request)
  }

  // MARK: - Pinned results

  /// 25 runs, seed 42, 10% discount: pinned values (from `monte_carlo_reference.py`, with
  /// exact fractions) and the test's own re-implementation agree with the engine.
  @Test func discountRunsArePinned() throws {
    let buckets = try Self.buckets()
    let discount = try Percentage.parse("10%", for: .discount)
    let accounts = try PlanSimulator.offers(
      accounts: Self.accounts,
      discount: discount,
      buckets: buckets
    )
    let result = try MonteCarlo.run(
      accounts,
      acceptance: buckets.map(\.probability),
      keepsPayments: false,
      runs: 25,
      seed: 42
    )
    #expect(result.total == RunStatistics(mean: 659_737, p10: 94_500, p50: 904_499, p90: 1_136_144))
    #expect(
      result.buckets == [
        RunStatistics(mean: 550_799, p10: 0, p50: 899_999, p90: 989_999),
        RunStatistics(mean: 108_671, p10: 0, p50: 111_110, p90: 229_545),
        RunStatistics(mean: 267, p10: 0, p50: 0, p90: 38),
      ]
    )
    let offers = Self.accounts.map { a in [a.balance - (a.balance + 5) / 10] }
    let reference = Reference.run(offers: offers, keeps: false, runs: 25, seed: 42)
    #expect(result.total == reference.total)
    #expect(result.buckets == reference.buckets)
  }

  /// 25 runs, seed 42, the plan campaign: acceptance, then each payment kept until the first
  /// one missed.
  @Test func planRunsArePinned() throws {
    let buckets = try Self.buckets()
    let projection = try PlanCashFlow.project(
      accounts: Self.accounts,
      calculator: Self.calculator(),
      buckets: buckets,
      keepingPayments: true
    )
    let accounts = try #require(projection.simulation)
    let result = try MonteCarlo.run(
      accounts,
      acceptance: buckets.map(\.probability),
      keepsPayments: true,
      runs: 25,
      seed: 42
    )
    #expect(result.total == RunStatistics(mean: 359_604, p10: 42, p50: 101_806, p90: 1_045_094))
    #expect(
      result.buckets == [
        RunStatistics(mean: 314_218, p10: 0, p50: 40_602, p90: 1_018_059),
        RunStatistics(mean: 44_483, p10: 0, p50: 2_030, p90: 125_685),
        RunStatistics(mean: 903, p10: 0, p50: 0, p90: 7_465),
      ]
    )
    // The plans, as the spec's formulas give them (down 10%, then 3 French installments).
    let plans: [[Cents]] = [
      [10_000, 30_602, 30_602, 30_602], [25_005, 76_520, 76_520, 76_521],
      [733, 2_244, 2_244, 2_244], [0, 0, 1], [100_000, 306_020, 306_020, 306_019],
      [12_346, 37_780, 37_780, 37_779], [500, 1_530, 1_530, 1_530], [4, 13, 13, 12],
    ]
    #expect(
      (0..<accounts.count).map {
        Array(accounts.payments[accounts.start[$0]..<accounts.start[$0 + 1]])
      } == plans
    )
    let reference = Reference.run(offers: plans, keeps: true, runs: 25, seed: 42)
    #expect(result.total == reference.total)
    #expect(result.buckets == reference.buckets)
  }

  // MARK: - Rules

  @Test func sameSeedSameNumbersAndOtherSeedsDiffer() throws {
    let buckets = try Self.buckets()
    let accounts = try PlanCashFlow.project(
      accounts: Self.accounts,
      calculator: Self.calculator(),
      buckets: buckets,
      keepingPayments: true
    ).simulation
    let s = try #require(accounts)
    func run(_ seed: UInt64) throws -> MonteCarloResult {
      try MonteCarlo.run(
        s,
        acceptance: buckets.map(\.probability),
        keepsPayments: true,
        runs: 200,
        seed: seed
      )
    }
    #expect(try run(9) == run(9))
    #expect(try run(9).total != run(10).total)
  }

  /// Over many runs the mean comes close to the expected cash of the projection (same model).
  @Test func meanApproachesTheExpectedCash() throws {
    let buckets = try Self.buckets()
    let projection = try PlanCashFlow.project(
      accounts: Self.accounts,
      calculator: Self.calculator(),
      buckets: buckets,
      keepingPayments: true
    )
    let result = try MonteCarlo.run(
      try #require(projection.simulation),
      acceptance: buckets.map(\.probability),
      keepsPayments: true,
      runs: 50_000,
      seed: 3
    )
    // Expected 523,049 cents; the standard error of the mean is about 2,000 cents.
    #expect(projection.expectedCash == 523_049)
    #expect(abs(result.total.mean - projection.expectedCash) < 8_000)
  }

  @Test(
    arguments: [
      ("0", UInt64(0)), ("1", 1 << 53), ("0.5", 1 << 52), ("0.25", 1 << 51),
      ("0.1", 900_719_925_474_100),  // 2^53 / 10 = 900719925474099.2 -> up
      ("0.000000000000000000001", 1),
    ] as [(String, UInt64)]
  )
  func thresholdsAreExactCeilings(p: String, threshold: UInt64) throws {
    #expect(MonteCarlo.threshold(try #require(ExactDecimal(p))) == threshold)
  }

  @Test func keepThresholds() {
    // 0.95 × 2^53 = 8556839292003942.4 -> 8556839292003943.
    #expect(MonteCarlo.threshold(hundredths: 95) == 8_556_839_292_003_943)
    #expect(MonteCarlo.threshold(hundredths: 100) == 1 << 53)
    #expect(MonteCarlo.threshold(hundredths: 60) == 5_404_319_552_844_596)  // 5404319552844595.2
  }

  @Test func nearestRankPercentiles() {
    let ten: [Cents] = Array(1...10)
    #expect(RunStatistics.nearestRank(10, of: ten) == 1)
    #expect(RunStatistics.nearestRank(50, of: ten) == 5)
    #expect(RunStatistics.nearestRank(90, of: ten) == 9)
    let three: [Cents] = [5, 7, 9]
    // ceil(0.3) = 1, ceil(1.5) = 2, ceil(2.7) = 3.
    #expect(RunStatistics.nearestRank(10, of: three) == 5)
    #expect(RunStatistics.nearestRank(50, of: three) == 7)
    #expect(RunStatistics.nearestRank(90, of: three) == 9)
    #expect(RunStatistics.nearestRank(90, of: [4]) == 4)
    // Unsorted input; the mean rounds half up: (1 + 2) / 2 = 1.5 -> 2.
    #expect(RunStatistics([2, 1]) == RunStatistics(mean: 2, p10: 1, p50: 1, p90: 2))
  }

  @Test(
    arguments: [
      ("1", 1), ("100000", 100_000), ("0", nil), ("100001", nil), ("-5", nil), ("1e3", nil),
      ("", nil), ("0001000", nil),
    ] as [(String, Int?)]
  )
  func runsAreBounded(text: String, runs: Int?) {
    #expect(MonteCarlo.parseRuns(text) == runs)
  }

  @Test(
    arguments: [
      ("0", 0), ("18446744073709551615", UInt64.max), ("18446744073709551616", nil), ("-1", nil),
      ("x", nil),
    ] as [(String, UInt64?)]
  )
  func seedsAreWords(text: String, seed: UInt64?) {
    #expect(MonteCarlo.parseSeed(text) == seed)
  }
}

extension RunStatistics {
  /// Statistics given field by field, for expectations.
  init(mean: Cents, p10: Cents, p50: Cents, p90: Cents) {
    self.init([0])
    self.mean = mean
    self.p10 = p10
    self.p50 = p50
    self.p90 = p90
  }
}

/// A straightforward re-implementation of the documented Monte Carlo, written from the
/// description (xoshiro256** from the reference C code, SplitMix64 seeding, exact comparisons
/// `u × 10^scale < units × 2^53` on big integers, sort and nearest rank), sharing no code with
/// the engine but the test accounts.
private enum Reference {
  /// The outcome: per bucket and in total.
  struct Outcome {
    var buckets: [RunStatistics]
    var total: RunStatistics
  }

  /// Runs the accounts of ``MonteCarloTests/accounts`` with the given payment lists.
  static func run(offers: [[Cents]], keeps: Bool, runs: Int, seed: UInt64) -> Outcome {
    let accept = [(5, 1), (35, 2), (125, 3)]  // 0.5, 0.35, 0.125 as units and scale
    func bucket(_ days: Int) -> Int { days <= 30 ? 0 : days <= 180 ? 1 : 2 }
    func keep(_ b: Behavior) -> (Int, Int) {
      switch b {
      case .punctual: (95, 2)
      case .occasional: (85, 2)
      case .habitual: (60, 2)
      case .unknown: (75, 2)
      }
    }
    func happens(_ u: UInt64, _ p: (Int, Int)) -> Bool {
      BigUInt(u) * BigUInt(10).power(p.1) < BigUInt(p.0) << 53
    }
    var s: [UInt64] = []
    var sm = seed
    for _ in 0..<4 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      s.append(z ^ (z >> 31))
    }
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
    func next() -> UInt64 {
      let result = rotl(s[1] &* 5, 7) &* 9
      let t = s[1] << 17
      s[2] ^= s[0]
      s[3] ^= s[1]
      s[1] ^= s[2]
      s[0] ^= s[3]
      s[2] ^= t
      s[3] = rotl(s[3], 45)
      return result
    }
    var perBucket: [[Cents]] = [[], [], []]
    var totals: [Cents] = []
    for _ in 0..<runs {
      var sums: [Cents] = [0, 0, 0]
      for (a, payments) in zip(MonteCarloTests.accounts, offers) {
        let b = bucket(a.daysOverdue)
        if !happens(next() >> 11, accept[b]) { continue }
        for x in payments {
          if keeps && !happens(next() >> 11, keep(a.behavior)) { break }
          sums[b] += x
        }
      }
      for b in 0..<3 { perBucket[b].append(sums[b]) }
      totals.append(sums.reduce(0, +))
    }
    func stats(_ v: [Cents]) -> RunStatistics {
      let sorted = v.sorted()
      func rank(_ p: Int) -> Cents {
        // ceil(p × n / 100) with Double-free integers.
        var r = p * v.count / 100
        if r * 100 < p * v.count { r += 1 }
        return sorted[max(r, 1) - 1]
      }
      let sum: Cents = v.reduce(0, +)
      let n = Cents(v.count)
      let mean: Cents = (2 * sum + n) / (2 * n)  // half up for sum >= 0
      return RunStatistics(mean: mean, p10: rank(10), p50: rank(50), p90: rank(90))
    }
    return Outcome(buckets: perBucket.map(stats), total: stats(totals))
  }
}
