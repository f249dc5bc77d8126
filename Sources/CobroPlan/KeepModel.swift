import BigInt
import CobroPortfolio

/// The chance that a debtor keeps each next payment of an agreement, by behaviour class.
///
/// One model serves `offers` (the expected value of each offer) and `simulate plan` (the
/// expected cash flow and the Monte Carlo): a debtor of class c keeps each next payment with
/// probability k(c) and stops at the first one missed, so payment j of an agreement (the down
/// payment or lump sum, when there is one, is payment 1) is made with probability k^j.
public enum KeepModel {
  /// k of a class, in hundredths: punctual 95, occasional 85, habitual 60, unknown 75.
  public static func hundredths(_ behavior: Behavior) -> UInt64 {
    switch behavior {
    case .punctual: 95
    case .occasional: 85
    case .habitual: 60
    case .unknown: 75
    }
  }

  /// The model in words, for `help` and `--explain`.
  public static let summary = """
    A debtor keeps each next payment with a probability k by behaviour class (punctual 0.95,
    occasional 0.85, habitual 0.60, unknown 0.75) and stops at the first one missed, so
    payment j is made with probability k^j.
    """

  /// The expected value of an agreement's payments, in cents.
  ///
  /// The payments are in order (the lump sum or down payment, when there is one, first); the
  /// value is `round(Σ payment_j × k^j)`, half up to cents, computed exactly, with `k` in
  /// hundredths (``hundredths(_:)``).
  public static func expectedValue(of payments: [Cents], keep k: UInt64) -> Cents {
    var weights = KeepWeights(k)
    let n = payments.count
    var numerator = BigUInt(0)
    for (j, amount) in payments.enumerated() {
      numerator += BigUInt(amount) * weights.weight(payment: j + 1, over: n)
    }
    return Cents(ExactMath.roundHalfUp(numerator, BigUInt(100).power(n)))
  }
}

/// The chance k^j that payment j is made, as an exact fraction over a power of 100 (k in
/// hundredths), with the powers of k kept for the next call.
struct KeepWeights {
  /// k in hundredths.
  private let k: BigUInt
  /// k^0, k^1, … as far as asked.
  private var powers: [BigUInt] = [1]

  /// The weights of k hundredths.
  init(_ k: UInt64) {
    self.k = BigUInt(k)
  }

  /// The numerator of k^j over the common denominator 100^top (`j ≤ top`): k^j × 100^(top − j).
  mutating func weight(payment j: Int, over top: Int) -> BigUInt {
    while powers.count <= j { powers.append(powers[powers.count - 1] * k) }
    return powers[j] * BigUInt(100).power(top - j)
  }
}
