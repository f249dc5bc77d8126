import BigInt
import Testing

@testable import CobroCore
@testable import CobroPlan

/// Exact decimals: parsing, canonical text, order and rounded products.
@Suite struct ExactDecimalTests {
  @Test(arguments: [
    ("12", "12", 0), ("12.50", "12.5", 1), ("0.015", "0.015", 3), ("000", "0", 0), ("0.0", "0", 0),
    ("100.000", "100", 0),
    (
      "0.000000000000000000000000000000000000000001",
      "0.000000000000000000000000000000000000000001", 42
    ),
    ("123456789012345678901234567890.5", "123456789012345678901234567890.5", 1),
  ])
  func parsesToCanonicalText(text: String, canonical: String, scale: Int) throws {
    let d = try #require(ExactDecimal(text))
    #expect(d.description == canonical)
    #expect(d.scale == scale)
  }

  @Test(arguments: ["", ".", ".5", "5.", "-1", "+1", "1e5", "1,5", "1.2.3", " 1", "١"])
  func rejects(text: String) {
    #expect(ExactDecimal(text) == nil)
  }

  @Test func orderAndEquality() throws {
    let a = try #require(ExactDecimal("2.50"))
    let b = try #require(ExactDecimal("2.5"))
    let c = try #require(ExactDecimal("2.4999999999999999999999999"))
    #expect(a == b)
    #expect(c < a)
    #expect(a.isAtMost(3) && !a.isAtMost(2))
  }

  @Test func roundedProductsAgreeAcrossPaths() throws {
    // The 128-bit path and the big-integer path must agree; long decimals take the latter.
    var g = SplitMix64(seed: 3)
    for _ in 0..<2000 {
      let whole = Int.random(in: 0...100, using: &g)
      let decimals = (0..<Int.random(in: 0...45, using: &g)).map { _ in
        String(Int.random(in: 0...9, using: &g))
      }
      let text = decimals.isEmpty ? String(whole) : "\(whole)." + decimals.joined()
      let d = try #require(ExactDecimal(text))
      let amount = Int64.random(in: -9_999_999_999_999_999...9_999_999_999_999_999, using: &g)
      let n = BigInt(amount) * BigInt(d.units)
      let expected = ExactMath.roundHalfUp(n, BigUInt(100) * ExactMath.pow10(d.scale))
      #expect(
        d.roundedProduct(amount, over: 100).map { BigInt($0) } == expected,
        "\(amount) × \(text)%"
      )
    }
  }

  @Test func roundedProductTies() throws {
    let half = try #require(ExactDecimal("50"))
    #expect(half.roundedProduct(1, over: 100) == 1)  // 0.5 -> 1
    #expect(half.roundedProduct(3, over: 100) == 2)  // 1.5 -> 2 (not banker's)
    #expect(half.roundedProduct(-3, over: 100) == -2)
  }
}
