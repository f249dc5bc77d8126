import CobroCore
import CobroPlan
import CobroPortfolio

/// `cobro-bench plans [--accounts N] [--runs N]`: times payment plans for many balances.
///
/// Plans N seeded balances (default 10,000) with the spec's worked-example terms (12 × 1.5%
/// French, 5% discount, 10% down) plus an NPV at 20% and a 26.83% usury cap, through one
/// `PlanCalculator`, and prints the median, min and max in milliseconds with a checksum of the
/// results (the sum of `total_paid` and `npv`), which must not change between runs or builds.
func runPlanBenchmark(_ args: [String]) throws {
  let accounts = intOption(args, "--accounts", 10_000)
  let runs = intOption(args, "--runs", 9)
  var request = try benchPlanRequest()
  request.discount = try Percentage.parse("5%", for: .discount)
  let settings = PlanSettings(
    discountRate: try Rate.parse("20%", for: .discountRate),
    usuryCap: try Rate.parse("26.83%", for: .usuryCap)
  )
  // Balances from 100.00 to 100,000,000.00, from a fixed linear congruential sequence.
  var state: UInt64 = 12_345
  var balances: [Cents] = []
  balances.reserveCapacity(accounts)
  for _ in 0..<accounts {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    balances.append(Cents((state >> 11) % 9_999_990_000 + 10_000))
  }
  var times: [Double] = []
  var checksum: Int64 = 0
  for _ in 0..<runs {
    let clock = ContinuousClock()
    let start = clock.now
    let calculator = try PlanCalculator(request, settings: settings)
    var sum: Int64 = 0
    for b in balances {
      let plan = try calculator.plan(PlanBalance(b))
      sum &+= plan.summary.totalPaid &+ (plan.summary.npv ?? 0)
    }
    checksum = sum
    times.append(milliseconds(clock.now - start))
  }
  print("plans \(accounts) × 12 installments: \(spread(times)), checksum \(checksum)")
}
