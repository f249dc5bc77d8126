import BigInt

/// A reported rate (an EAR, an IRR): a non-negative value rounded half up to 10 decimals.
///
/// Held as the value times `10^10`, exactly, with no upper bound: an absurd plan (most of it paid
/// in the first month) can have an effective annual rate of billions.
public struct RateFigure: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The number of decimals of every reported rate.
  public static let decimals = 10
  /// The value times `10^10` when it fits a word (every sensible plan).
  let word: UInt64?
  /// The value times `10^10` when it does not fit a word; zero otherwise.
  private let large: BigUInt

  /// Creates a figure from its value times `10^10`.
  public init(scaledByTenToTheTenth scaled: UInt64) {
    word = scaled
    large = 0
  }

  /// Creates a figure from its value times `10^10`.
  init(scaled: BigUInt) {
    if let w = UInt64(exactly: scaled) {
      word = w
      large = 0
    } else {
      word = nil
      large = scaled
    }
  }

  /// The value times `10^10`.
  var value: BigUInt { word.map { BigUInt($0) } ?? large }

  /// `0.2984067052`: always 10 decimals.
  public var description: String {
    let digits = word.map { String($0) } ?? String(large)
    let padded =
      digits.count > RateFigure.decimals
      ? digits : String(repeating: "0", count: RateFigure.decimals + 1 - digits.count) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -RateFigure.decimals)
    return padded[..<cut] + "." + padded[cut...]
  }

  /// Orders by value.
  public static func < (a: RateFigure, b: RateFigure) -> Bool {
    if let x = a.word, let y = b.word { return x < y }
    return a.value < b.value
  }

  /// Whether this figure is strictly above `rate` (compared exactly: the rate has 12 decimals).
  public func exceeds(_ rate: Rate) -> Bool {
    if let w = word { return UInt128(w) * 100 > UInt128(rate.scaled.magnitude) }
    return true
  }
}

/// The exact rate conversions of `spec/payment-plans.md`, all on big integers.
///
/// They run once per plan request (not per account). Each result is the exact rounding of the
/// exact value: an integer root or an integer division decides every digit, never a float.
package enum RateMath {
  /// `10^12` as a big integer.
  static let scale = BigUInt(Rate.denominator)

  /// `r = round12((1 + R)^(1/12) − 1)`, half up.
  ///
  /// With `T = floor(2·10^12·(1 + R)^(1/12))`, an exact integer 12th root, the half-up rounding
  /// of `10^12·(1 + R)^(1/12)` is `floor((T + 1) / 2)`. (A tie is impossible: it would need an odd
  /// 12th power equal to an even number.)
  static func monthlyRate(fromEffectiveAnnual annual: Rate) -> Rate {
    // (2·10^12)^12 · (10^12 + K) / 10^12 = 2^12 · 10^132 · (10^12 + K)
    let n = BigUInt(1 << 12) * ExactMath.pow10(132) * (scale + BigUInt(annual.scaled.magnitude))
    let t = ExactMath.integerRoot(n, 12)
    let z = (t + 1) / 2
    return Rate(scaled: Int64(z - scale))
  }

  /// The contract EAR `(1 + r)^12 − 1`, exact, rounded half up to 10 decimals.
  ///
  /// With `u = 10^12 + k`: `round((u^12 − 10^144) / 10^134)`.
  package static func contractEAR(monthly: Rate) -> RateFigure {
    let u = scale + BigUInt(monthly.scaled.magnitude)
    let excess = u.power(12) - ExactMath.pow10(144)
    return RateFigure(scaled: ExactMath.roundHalfUp(excess, ExactMath.pow10(134)))
  }

  /// The largest 12-decimal monthly rate whose contract EAR, rounded to 10 decimals as reported,
  /// is not above `cap`.
  ///
  /// A reported EAR `E` passes when `round10(E) <= cap`, that is `E < floor10(cap) + 0.5·10^-10`
  /// =: `L`. The answer is `Z − 10^12` for the largest `Z` with `Z^12 < L·10^144`.
  static func highestMonthlyRate(underCap cap: Rate) -> Rate {
    let floor10 = BigUInt(cap.scaled.magnitude) / 100
    // L·10^144 = (2·10^10 + 2·floor10 + 1) · 10^144 / (2·10^10) = (…) · 5 · 10^133
    let limit = (2 * ExactMath.pow10(10) + 2 * floor10 + 1) * 5 * ExactMath.pow10(133)
    let z = ExactMath.integerRoot(limit - 1, 12)
    return Rate(scaled: Int64(z - scale))
  }

  /// `floor(2^bits · (1 + a)^(−1/12))`: the monthly discount factor `1 / (1 + m)` of the NPV at
  /// an annual effective rate `a`, as an exact floor in binary fixed point.
  static func discountFactor(annual: Rate, fractionBits bits: Int) -> BigUInt {
    // floor(2^(12·bits) · 10^12 / (10^12 + A)), then its integer 12th root: the floor of the
    // root of a floor is the floor of the root.
    let n = (BigUInt(1) << (12 * bits)) * scale / (scale + BigUInt(annual.scaled.magnitude))
    return ExactMath.integerRoot(n, 12)
  }
}
