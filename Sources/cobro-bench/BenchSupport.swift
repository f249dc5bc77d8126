import CobroCore
import CobroPlan
import CobroPortfolio

#if canImport(Glibc)
  import Glibc
#endif

/// The as-of date of every benchmark: the cut-off of the generated portfolios.
let benchAsOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

/// A duration in milliseconds.
func milliseconds(_ d: Duration) -> Double {
  Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

/// `median X ms (min Y, max Z)` of some timings (`no runs` when there are none).
func spread(_ times: [Double]) -> String {
  let s = times.sorted()
  guard let low = s.first, let high = s.last else { return "no runs" }
  return "median \(s[s.count / 2]) ms (min \(low), max \(high))"
}

/// The whole number after `name` in `args` (`--runs 5`), or `fallback`.
func intOption(_ args: [String], _ name: String, _ fallback: Int) -> Int {
  guard let i = args.firstIndex(of: name), i + 1 < args.count, let n = Int(args[i + 1]) else {
    return fallback
  }
  return n
}

/// The file a benchmark reads (its first argument); without one, prints `usage` and exits 64.
func fileArgument(_ args: [String], usage: String) -> String {
  guard let path = args.first else {
    print("usage: cobro-bench \(usage)")
    exit(64)
  }
  return path
}

/// The terms both plan benchmarks start from: 12 monthly installments at 1.5% (French), 10% down,
/// from the as-of date.
func benchPlanRequest() throws -> PlanRequest {
  var request = PlanRequest(installments: 12, start: benchAsOf)
  request.rate = try InterestRate.parse("1.5%", effectiveAnnual: false)
  request.down = try DownPayment.parse("10%")
  return request
}
