import BigInt
import CobroPortfolio

/// A non-negative decimal number held exactly: `units / 10^scale`.
///
/// Percents and probabilities may be typed with any number of decimals; they are kept exactly
/// (trailing zeros dropped) so that a product with money rounds exactly once. Values whose digits
/// fit a machine word take a 128-bit fast path; longer ones use big integers.
public struct ExactDecimal: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The value times `10^scale`.
  let units: BigUInt
  /// The number of decimals, minimal (no trailing zeros).
  public let scale: Int
  /// `units` when it fits 64 bits and `scale <= 36`: the fast path of ``roundedProduct(_:over:)``.
  let smallUnits: UInt64?

  /// Creates `units / 10^scale`, dropping trailing zeros.
  init(units: BigUInt, scale: Int) {
    var u = units
    var s = scale
    while s > 0 && u % 10 == 0 {
      u /= 10
      s -= 1
    }
    if u == 0 { s = 0 }
    self.units = u
    self.scale = s
    self.smallUnits = s <= 36 ? UInt64(exactly: u) : nil
  }

  /// Creates a whole number.
  public init(_ value: UInt64) {
    self.init(units: BigUInt(value), scale: 0)
  }

  /// Parses `12`, `12.5`, `0.015`: digits with an optional `.` and at least one digit after it.
  ///
  /// No sign, exponent or thousands separator; `nil` otherwise.
  public init?(_ text: some StringProtocol) {
    var units = BigUInt(0)
    var scale = 0
    var digits = 0
    var afterPoint = false
    var chunk: UInt64 = 0
    var chunkDigits = 0
    for b in text.utf8 {
      if b == UInt8(ascii: ".") {
        if afterPoint || digits == 0 { return nil }
        afterPoint = true
        continue
      }
      let d = b &- 48
      if d > 9 { return nil }
      chunk = chunk * 10 + UInt64(d)
      chunkDigits += 1
      digits += 1
      if afterPoint { scale += 1 }
      if chunkDigits == 18 {
        units = units * ExactMath.pow10(18) + BigUInt(chunk)
        chunk = 0
        chunkDigits = 0
      }
    }
    if digits == 0 || (afterPoint && scale == 0) { return nil }
    units = units * ExactMath.pow10(chunkDigits) + BigUInt(chunk)
    self.init(units: units, scale: scale)
  }

  /// Zero.
  public static let zero = ExactDecimal(0)

  /// Whether the value is zero.
  public var isZero: Bool { units.isZero }

  /// The canonical text: `12`, `12.5`, `0.015`.
  public var description: String {
    let digits = String(units)
    if scale == 0 { return digits }
    if digits.count > scale {
      let cut = digits.index(digits.endIndex, offsetBy: -scale)
      return digits[..<cut] + "." + digits[cut...]
    }
    return "0." + String(repeating: "0", count: scale - digits.count) + digits
  }

  /// Orders by value.
  public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
    let s = max(a.scale, b.scale)
    return a.units * ExactMath.pow10(s - a.scale) < b.units * ExactMath.pow10(s - b.scale)
  }

  /// Whether the value is at most the whole number `bound`.
  func isAtMost(_ bound: UInt64) -> Bool {
    units <= BigUInt(bound) * ExactMath.pow10(scale)
  }

  /// The value times `10^decimals` when that is a whole number that fits `Int64`.
  func scaled(by decimals: Int) -> Int64? {
    guard scale <= decimals else { return nil }
    return Int64(exactly: units * ExactMath.pow10(decimals - scale))
  }

  /// `round(amount × self / divisor)`, half away from zero; `nil` when the result overflows.
  ///
  /// `divisor` is 100 for a percent. The product is exact: 128-bit when the digits are short,
  /// big integers otherwise.
  public func roundedProduct(_ amount: Cents, over divisor: UInt64) -> Cents? {
    precondition(divisor > 0)
    let magnitude = amount.magnitude
    var result: UInt64
    if let u = smallUnits, scale <= 36, divisor <= 100 {
      let (high, low) = magnitude.multipliedFullWidth(by: u)
      let n = UInt128(high) << 64 | UInt128(low)
      let d = UInt128(divisor) * ExactMath.pow10Table[scale]
      let r = ExactMath.roundHalfUp(n, d)
      guard r <= UInt128(UInt64.max) else { return nil }
      result = UInt64(truncatingIfNeeded: r)
    } else {
      let n = BigUInt(magnitude) * units
      let d = BigUInt(divisor) * ExactMath.pow10(scale)
      guard let r = UInt64(exactly: ExactMath.roundHalfUp(n, d)) else { return nil }
      result = r
    }
    guard result <= UInt64(Int64.max) else { return nil }
    return amount < 0 ? -Int64(result) : Int64(result)
  }

  /// The exact product `amount × self` as a fraction over `10^scale` (big integers).
  func product(_ amount: BigInt) -> BigInt {
    amount * BigInt(units)
  }
}
