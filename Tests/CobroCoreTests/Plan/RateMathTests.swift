import BigInt
import Testing

@testable import CobroCore
@testable import CobroPlan

/// Contract EARs, `ea` conversions, the highest legal rate and the NPV discount factor.
@Suite struct RateMathTests {
  @Test(arguments: [
    (Int64(22_000_000_000), "0.2984067052"),  // the spec's example
    (15_000_000_000, "0.1956181715"),
    (0, "0.0000000000"),
    (1_000_000_000_000, "4095.0000000000"),
    (1, "0.0000000000"),
    (10_000_000_000, "0.1268250301"),
  ])
  func contractEAR(scaled: Int64, text: String) {
    #expect(RateMath.contractEAR(monthly: Rate(scaled: scaled)).description == text)
  }

  @Test func eaRoundTrip() {
    // The contract EAR of the monthly rate of an annual rate R is R to about 11 decimals.
    var g = SplitMix64(seed: 5)
    for _ in 0..<200 {
      let annual = Rate(scaled: Int64.random(in: 0...Rate.denominator, using: &g))
      let monthly = RateMath.monthlyRate(fromEffectiveAnnual: annual)
      // Exact check of the rounding: (1 + r − ½e-12)^12 <= 1 + R < (1 + r + ½e-12)^12.
      let z = BigUInt(2) * BigUInt(Rate.denominator + monthly.scaled)
      let target =
        BigUInt(1 << 12) * ExactMath.pow10(132) * BigUInt(Rate.denominator + annual.scaled)
      #expect((z - 1).power(12) <= target && (z + 1).power(12) > target, "R = \(annual)")
    }
  }

  @Test(arguments: [
    Int64(268_300_000_000), 1, 0, 1_000_000_000_000, 250_000_000_049, 250_000_000_050,
  ])
  func highestLegalRate(cap: Int64) {
    let r = RateMath.highestMonthlyRate(underCap: Rate(scaled: cap))
    #expect(!RateMath.contractEAR(monthly: r).exceeds(Rate(scaled: cap)))
    #expect(RateMath.contractEAR(monthly: Rate(scaled: r.scaled + 1)).exceeds(Rate(scaled: cap)))
  }

  @Test func discountFactorIsTheFloorOfTheRoot() {
    for annual in [Int64(0), 200_000_000_000, 1, 1_000_000_000_000] {
      let v = RateMath.discountFactor(annual: Rate(scaled: annual), fractionBits: 112)
      let target = (BigUInt(1) << (12 * 112)) * BigUInt(Rate.denominator)
      let base = BigUInt(Rate.denominator + annual)
      #expect(v.power(12) * base <= target && (v + 1).power(12) * base > target)
    }
  }

  @Test func rateFigures() {
    #expect(RateFigure(scaledByTenToTheTenth: 0).description == "0.0000000000")
    #expect(RateFigure(scaledByTenToTheTenth: 7).description == "0.0000000007")
    #expect(RateFigure(scaledByTenToTheTenth: 12_345_678_901_234).description == "1234.5678901234")
    let huge = RateFigure(scaled: BigUInt(10).power(30) + 5)
    #expect(huge.description == "100000000000000000000.0000000005")
    #expect(huge > RateFigure(scaledByTenToTheTenth: .max))
    #expect(huge.exceeds(Rate(scaled: Rate.denominator)))
    // 0.2683000000 is not above a cap of 26.83%, 0.2683000001 is.
    #expect(
      !RateFigure(scaledByTenToTheTenth: 2_683_000_000).exceeds(Rate(scaled: 268_300_000_000))
    )
    #expect(RateFigure(scaledByTenToTheTenth: 2_683_000_001).exceeds(Rate(scaled: 268_300_000_000)))
    #expect(
      !RateFigure(scaledByTenToTheTenth: 2_683_000_001).exceeds(Rate(scaled: 268_300_000_100))
    )
  }
}
