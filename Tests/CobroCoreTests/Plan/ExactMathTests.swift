import BigInt
import Testing

@testable import CobroCore
@testable import CobroPlan

/// Half-up divisions, the interest rounding and integer roots.
@Suite struct ExactMathTests {
  /// Numerator, denominator, rounded quotient.
  static let divisions: [(UInt128, UInt128, UInt128)] = [
    (125, 10, 13),  // 12.5 -> 13
    (25, 10, 3),  // 2.5 -> 3
    (505, 10, 51),
    (124, 10, 12),
    (0, 7, 0),
    (UInt128.max, UInt128.max, 1),
    (UInt128.max - 1, UInt128.max, 1),
    (UInt128.max / 2, UInt128.max, 0),  // just below one half
    (UInt128.max / 2 + 1, UInt128.max, 1),  // just above one half
  ]

  @Test(arguments: divisions)
  func roundHalfUp(n: UInt128, d: UInt128, q: UInt128) {
    #expect(ExactMath.roundHalfUp(n, d) == q)
    #expect(ExactMath.roundHalfUp(BigUInt(n), BigUInt(d)) == BigUInt(q))
  }

  @Test func signedRoundingIsAwayFromZero() {
    #expect(ExactMath.roundHalfUp(BigInt(-25), BigUInt(10)) == -3)
    #expect(ExactMath.roundHalfUp(BigInt(-24), BigUInt(10)) == -2)
  }

  /// Balance, rate × 10^12, interest.
  static let interests: [(UInt64, UInt64, UInt64)] = [
    (50, 10_000_000_000, 1),  // 0.50 at 1%: 0.5 -> 1
    (49, 10_000_000_000, 0),
    (97_461_555, 15_000_000_000, 1_461_923),  // 974615.55 at 1.5% = 14619.23325
    (9_999_999_999_999_999, 1_000_000_000_000, 9_999_999_999_999_999),
  ]

  @Test(arguments: interests)
  func interest(b: UInt64, k: UInt64, expected: UInt64) {
    #expect(ExactMath.interest(on: b, scaledRate: k) == expected)
  }

  @Test func interestMatchesBigIntegers() {
    var g = SplitMix64(seed: 7)
    for _ in 0..<2000 {
      let b = UInt64.random(in: 0...9_999_999_999_999_999, using: &g)
      let k = UInt64.random(in: 0...1_000_000_000_000, using: &g)
      let exact = ExactMath.roundHalfUp(BigUInt(b) * BigUInt(k), BigUInt(1_000_000_000_000))
      #expect(BigUInt(ExactMath.interest(on: b, scaledRate: k)) == exact, "b \(b) k \(k)")
    }
  }

  @Test func integerRootsAreFloors() {
    var g = SplitMix64(seed: 11)
    for _ in 0..<300 {
      let bits = Int.random(in: 1...600, using: &g)
      let n = BigUInt.randomInteger(withMaximumWidth: bits, using: &g)
      let k = Int.random(in: 1...12, using: &g)
      let x = ExactMath.integerRoot(n, k)
      #expect(x.power(k) <= n && (x + 1).power(k) > n, "root \(k) of \(n)")
    }
    #expect(ExactMath.integerRoot(BigUInt(4096), 12) == 2)
    #expect(ExactMath.integerRoot(BigUInt(4095), 12) == 1)
    #expect(ExactMath.exactRoot(BigUInt(1_000_000), 6) == 10)
    #expect(ExactMath.exactRoot(BigUInt(1_000_001), 6) == nil)
  }
}
