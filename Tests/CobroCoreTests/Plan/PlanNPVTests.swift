import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// Net present values: exact cases, rational ties and agreement with 400-bit arithmetic.
@Suite struct PlanNPVTests {
  /// The NPV at an annual rate of payments at months.
  static func npv(down: Cents = 0, _ payments: [Cents], _ months: [Int], annual: Int64) -> Cents? {
    let rate = Rate(scaled: annual)
    return PlanNPV.npv(
      down: down,
      payments: payments,
      months: ArraySlice(months),
      annual: rate,
      factor: PlanNPV.discountFactor(annual: rate)
    )
  }

  @Test func zeroRateIsTheTotal() {
    #expect(Self.npv(down: 500, [100, 200, 300], [1, 2, 3], annual: 0) == 1_100)
  }

  @Test func wholeYearsAreExact() {
    // 121.00 two years out at 10%: 100.00.
    #expect(Self.npv([12_100], [24], annual: 100_000_000_000) == 10_000)
    // A half cent: 0.01 a year out at 100% is 0.005, rounded up.
    #expect(Self.npv([1], [12], annual: 1_000_000_000_000) == 1)
    // 0.03 at 100%: 0.015 -> 0.02; 0.01 two years out: 0.0025 -> 0.00.
    #expect(Self.npv([3], [12], annual: 1_000_000_000_000) == 2)
    #expect(Self.npv([1], [24], annual: 1_000_000_000_000) == 0)
  }

  @Test func perfectPowersGiveRationalMonths() {
    // 1 + a = 1.21 = 1.1^2: six months discount by 1.1 exactly; 0.11 six months out is 0.10.
    #expect(Self.npv([11], [6], annual: 210_000_000_000) == 10)
    // A half cent six months out: 0.11 / 1.1 / 2 … 0.055 -> not representable; 0.01 at 1.21:
    // 0.01 / 1.1 = 0.00909 -> 0.01.
    #expect(Self.npv([1], [6], annual: 210_000_000_000) == 1)
  }

  @Test func agreesWithWideArithmetic() {
    var g = SplitMix64(seed: 41)
    for _ in 0..<200 {
      let n = Int.random(in: 1...60, using: &g)
      var t = Int.random(in: 0...3, using: &g)
      var payments: [Cents] = []
      var months: [Int] = []
      for _ in 0..<n {
        payments.append(Cents.random(in: 0...10_000_000_000, using: &g))
        months.append(t)
        t += Int.random(in: 1...2, using: &g)
      }
      let annual = Int64.random(in: 0...Rate.denominator, using: &g)
      let fast = Self.npv(payments, months, annual: annual)
      // The same sum with the big-integer path only.
      let v = WideFixed(
        raw: .init(RateMath.discountFactor(annual: Rate(scaled: annual), fractionBits: 400))
      )
      var sum = WideFixed.zero
      for (c, m) in zip(payments, months) {
        let p = (try? v.power(m).value) ?? .zero
        sum = sum.adding(WideFixed(raw: p.raw * .init(c)))
      }
      let rounded = (sum.raw + (.init(1) << 399)) >> 400
      #expect(fast.map { .init($0) } == rounded)
    }
  }
}
