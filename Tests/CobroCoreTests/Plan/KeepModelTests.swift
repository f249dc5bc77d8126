import BigInt
import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// The chance of keeping each next payment, shared by `offers` and `simulate plan`.
@Suite struct KeepModelTests {
  @Test(arguments: [
    (Behavior.punctual, UInt64(95)), (.occasional, 85), (.habitual, 60), (.unknown, 75),
  ])
  func probabilityByClass(behavior: Behavior, hundredths: UInt64) {
    #expect(KeepModel.hundredths(behavior) == hundredths)
  }

  /// The texts of help and `--explain` state the probabilities the model uses.
  @Test(arguments: Behavior.allCases)
  func textsStateTheModel(behavior: Behavior) {
    let k = KeepModel.hundredths(behavior)
    let stated = "\(behavior.name) 0.\(k)"
    #expect(KeepModel.summary.contains(stated))
    #expect(OffersReport.model.replacingOccurrences(of: "\n", with: " ").contains(stated))
  }
}

/// The expected value of an offer's payments (`offers`), against the formula `offers` computed
/// before it moved to `KeepModel` and against exact fractions worked by hand.
@Suite struct ExpectedValueTests {
  /// `offers`' own computation before the single definition.
  static func previous(_ payments: [Cents], keep k: UInt64) -> Cents {
    var numerator = BigUInt(0)
    let n = payments.count
    for (j, amount) in payments.enumerated() {
      numerator += BigUInt(amount) * BigUInt(k).power(j + 1) * BigUInt(100).power(n - j - 1)
    }
    return Cents(ExactMath.roundHalfUp(numerator, BigUInt(100).power(n)))
  }

  @Test func byHand() {
    // 1,000.00 × 0.95 = 950.00.
    #expect(KeepModel.expectedValue(of: [100_000], keep: 95) == 95_000)
    // 0.01 × 0.6 + 0.01 × 0.36 = 0.0096: 0.96 of a cent → 0.01.
    #expect(KeepModel.expectedValue(of: [1, 1], keep: 60) == 1)
    // 333.33 × 0.75 + 333.33 × 0.5625 + 333.34 × 0.421875 = 578.1234375 → 578.12.
    #expect(KeepModel.expectedValue(of: [33_333, 33_333, 33_334], keep: 75) == 57_812)
    // A half cent rounds up: 0.01 × 0.5 = 0.005 → 0.01.
    #expect(KeepModel.expectedValue(of: [1], keep: 50) == 1)
    #expect(KeepModel.expectedValue(of: [], keep: 85) == 0)
  }

  @Test(arguments: Behavior.allCases)
  func agreesWithThePreviousFormula(behavior: Behavior) {
    let k = KeepModel.hundredths(behavior)
    var rng = Xoshiro256(seed: k)
    for n in [1, 2, 3, 6, 12, 24, 60] {
      for _ in 0..<20 {
        let payments = (0..<n).map { _ in Cents(rng.next() % 50_000_000) }
        #expect(
          KeepModel.expectedValue(of: payments, keep: k) == Self.previous(payments, keep: k),
          "\(payments)"
        )
      }
    }
  }
}
