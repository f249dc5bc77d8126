import CobroCore
import CobroPlan
import CobroPortfolio

/// `cobro-bench simulate [--accounts N] [--runs N] [--mc N]`: times `simulate plan` in-process.
///
/// Projects a plan campaign (12 × 1.5% French, 10% down) over N seeded accounts (default
/// 1,000,000) in four buckets and four behaviour classes, then a Monte Carlo of `--mc` runs
/// (default 10), and prints the median, min and max of each in milliseconds with the expected
/// cash and the Monte Carlo's P50, which must not change between runs or builds.
func runSimulateBenchmark(_ args: [String]) throws {
  let count = intOption(args, "--accounts", 1_000_000)
  let runs = intOption(args, "--runs", 5)
  let mcRuns = intOption(args, "--mc", 10)
  let request = try benchPlanRequest()
  let buckets = try ["0-90=0.5", "91-180=0.3", "181-360=0.15", "361+=0.05"].enumerated().map {
    i,
    text throws(PlanError) in try AcceptanceBucket.parse(text, index: i)
  }
  // Balances from 100.00 to 100,000,000.00 and days 0 to 999, from a fixed sequence.
  var state: UInt64 = 12_345
  var accounts: [RecoveryAccount] = []
  accounts.reserveCapacity(count)
  for i in 0..<count {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    accounts.append(
      RecoveryAccount(
        id: "A\(i)",
        balance: Cents((state >> 11) % 9_999_990_000 + 10_000),
        daysOverdue: Int((state >> 40) % 1000),
        behavior: Behavior.allCases[Int(state >> 62)]
      )
    )
  }
  var projectTimes: [Double] = []
  var mcTimes: [Double] = []
  var expected: Cents = 0
  var median: Cents = 0
  let clock = ContinuousClock()
  for _ in 0..<runs {
    var start = clock.now
    let projection = try PlanCashFlow.project(
      accounts: accounts,
      calculator: PlanCalculator(request),
      buckets: buckets,
      keepingPayments: true
    )
    projectTimes.append(milliseconds(clock.now - start))
    expected = projection.expectedCash
    guard let simulation = projection.simulation else { continue }
    start = clock.now
    let result = try MonteCarlo.run(
      simulation,
      acceptance: buckets.map(\.probability),
      keepsPayments: true,
      runs: mcRuns,
      seed: 1
    )
    mcTimes.append(milliseconds(clock.now - start))
    median = result.total.p50
  }
  print(
    "simulate plan: \(count) accounts × 12 installments: \(spread(projectTimes)), "
      + "expected \(expected)"
  )
  print("monte carlo \(mcRuns) runs: \(spread(mcTimes)), p50 \(median)")
}
