import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// The plan EAR: exact cases, absent cases, the big-integer fallback and agreement of both
/// number types.
@Suite struct PlanReturnTests {
  /// The plan EAR of payments at months.
  static func ear(_ financed: Cents, _ payments: [Cents], _ months: [Int], guess: Int64 = 0)
    -> String?
  {
    PlanReturn.planEAR(
      financed: financed,
      payments: payments,
      months: ArraySlice(months),
      guess: Rate(scaled: guess)
    )?.description
  }

  @Test func exactRates() {
    // 100.00 then 101.00 a month later: i = 1%, EAR = 1.01^12 − 1.
    #expect(Self.ear(10_000, [10_100], [1]) == "0.1268250301")
    // Two months later: i = 1.01^(1/2) − 1, EAR = 1.01^6 − 1 = 0.061520150601.
    #expect(Self.ear(10_000, [10_100], [2]) == "0.0615201506")
    // No interest: exactly zero.
    #expect(Self.ear(10_000, [5_000, 5_000], [1, 2]) == "0.0000000000")
    // 99.00 at once and 2.00 a month later on 100.00: x = 0.5, i = 1, EAR = 2^12 − 1.
    #expect(Self.ear(10_000, [9_900, 200], [0, 1]) == "4095.0000000000")
  }

  @Test func hugeRatesTakeTheBigIntegerPath() {
    // 99.00 at once and 10.00 a month later: x = 0.1, EAR = 10^12 − 1, beyond the 128-bit range.
    #expect(Self.ear(10_000, [9_900, 1_000], [0, 1]) == "999999999999.0000000000")
  }

  @Test func absentRates() {
    #expect(Self.ear(0, [], []) == nil)
    #expect(Self.ear(10_000, [10_100], [0]) == nil)  // every t is 0
    #expect(Self.ear(10_000, [10_000, 100], [0, 1]) == nil)  // month 0 already covers P
    #expect(Self.ear(10_000, [9_999], [3]) == nil)  // less than P: no i >= 0
  }

  @Test func bothNumberTypesAgree() throws {
    var g = SplitMix64(seed: 37)
    var compared = 0
    for _ in 0..<200 {
      let c = RandomPlanCase(using: &g)
      let (balance, request, settings) = try c.parsed()
      // Short plans: 400-bit arithmetic over a thousand payments is slow in debug builds.
      guard request.installments <= 60,
        let plan = try? PaymentPlan.compute(balance, request, settings: settings),
        plan.summary.financed > 0
      else { continue }
      let rows = plan.schedule.dropFirst()
      let start = request.start.civil
      let months = rows.map {
        12 * ($0.date.civil.year - start.year) + $0.date.civil.month - start.month
      }
      let payments = rows.map(\.payment)
      guard
        let fast = try? PlanReturn.Solver<FastFixed>(
          financed: plan.summary.financed,
          payments: payments,
          months: ArraySlice(months),
          guess: request.rate.monthly,
          bracketUlps: 1 << 16
        ).solve().certified
      else { continue }
      let wide = try PlanReturn.Solver<WideFixed>(
        financed: plan.summary.financed,
        payments: payments,
        months: ArraySlice(months),
        guess: request.rate.monthly,
        bracketUlps: 1 << 62
      ).solve().certified
      #expect(wide == fast, "\(c)")
      compared += 1
    }
    #expect(compared > 100, "\(compared) plans compared")
  }
}
