import BigInt

/// A fast fixed-point computation left its type's range; the caller retries with big integers.
struct FixedOverflow: Error {}

/// Signed binary fixed point, `raw / 2^fractionBits`, for the iterative rate of return.
///
/// Two conformers share one algorithm (``PlanReturn``): ``FastFixed`` (128 bits, fast, may
/// overflow) and ``WideFixed`` (big integers, never overflows). Multiplication and exact division
/// round toward minus infinity, so products of non-negative lower bounds stay lower bounds.
protocol PlanFixedPoint: Comparable {
  /// Exact sums of `cents × value` products, compared with and divided by an amount of cents.
  associatedtype CentSum: FixedCentSum where CentSum.Value == Self
  /// Bits after the binary point.
  static var fractionBits: Int { get }
  /// Zero.
  static var zero: Self { get }
  /// One.
  static var one: Self { get }
  /// `n` units in the last place.
  init(ulps n: Int)
  /// `floor(numerator / denominator)` for integers, `numerator >= 0`, `denominator > 0`.
  static func ratio(_ numerator: Int64, _ denominator: Int64) throws(FixedOverflow) -> Self
  /// `self + other`.
  func adding(_ other: Self) throws(FixedOverflow) -> Self
  /// `self − other`.
  func subtracting(_ other: Self) throws(FixedOverflow) -> Self
  /// `floor(self × other)`.
  func multiplied(by other: Self) throws(FixedOverflow) -> Self
  /// `floor(self × other)` for two values in `[0, 2)`: the hot path of powers (no sign, no
  /// overflow).
  func multipliedUnit(by other: Self) -> Self
  /// `self / other` for `other > 0`, to at least 60 significant bits (iteration steps and
  /// estimates only: never used where a bound must hold).
  func approximatelyDivided(by other: Self) throws(FixedOverflow) -> Self
  /// `floor(self / 2)`.
  var halved: Self { get }
  /// Whether the value is above zero.
  var isPositive: Bool { get }
  /// Whether the value is below zero.
  var isNegative: Bool { get }
  /// The value rounded half up to 10 decimals, for a non-negative value; `nil` when this type
  /// cannot say (out of its range).
  var rateFigure: RateFigure? { get }
  /// The sign of `1/y − 1 − (2e + delta) / (2·10^10)` for `y > 0`, computed exactly: whether the
  /// EAR `1/y − 1` of `y = x^12` is above a rounding boundary `(e ± 1/2)·10^-10` of a reported
  /// figure `e`. `nil` when this type cannot say.
  static func compareReciprocalMinusOne(_ y: Self, toFigure e: RateFigure, delta: Int) -> Int?
}

/// An exact sum of products `value × multiplier` (non-negative values, integer multipliers),
/// held in raw units of its fixed-point type: the IRR sums payments in cents this way, so no
/// payment is ever divided by P on its own.
protocol FixedCentSum {
  /// The fixed-point type summed.
  associatedtype Value: PlanFixedPoint
  /// Zero.
  init()
  /// Adds `value × multiplier` exactly; `value >= 0`.
  mutating func add(_ value: Value, times multiplier: UInt128)
  /// Adds `ulps × multiplier` raw units.
  mutating func add(ulps: Int, times multiplier: UInt128)
  /// Adds another sum.
  mutating func add(_ other: Self)
  /// The sign of `self − cents` (−1, 0, 1), both in the value's units.
  func compare(toCents cents: Int64) -> Int
  /// `floor(self / cents)` as a value; `cents > 0`.
  func divided(byCents cents: Int64) throws(FixedOverflow) -> Value
}

extension PlanFixedPoint {
  /// `self^e` by squaring, with a bound of its error in ulps, for an exact `self` in `[0, 1]`.
  ///
  /// A rounded-down product of two lower bounds in `[0, 1]` off by `a` and `b` ulps is off by at
  /// most `a + b + 1` ulps, so a squaring doubles the error plus one.
  func power(_ e: Int) throws(FixedOverflow) -> (value: Self, errorUlps: Int) {
    if e == 0 { return (Self.one, 0) }
    if e == 1 { return (self, 0) }
    var result: (value: Self, error: Int)?
    var base = (value: self, error: 0)
    var n = e
    while true {
      if n & 1 == 1 {
        if let r = result {
          result = (r.value.multipliedUnit(by: base.value), r.error + base.error + 1)
        } else {
          result = base
        }
      }
      n >>= 1
      if n == 0 { break }
      base = (base.value.multipliedUnit(by: base.value), 2 * base.error + 1)
    }
    return result.map { ($0.value, $0.error) } ?? (Self.one, 0)
  }
}

// MARK: - 256-bit helpers

/// A 256-bit unsigned integer: sums of 128×128-bit products and their division by a word.
struct UInt256: Equatable, Comparable {
  /// The high 128 bits.
  var high: UInt128
  /// The low 128 bits.
  var low: UInt128

  /// Zero.
  static let zero = UInt256(high: 0, low: 0)

  /// The value as a `(high, low)` pair.
  var asPair: (high: UInt128, low: UInt128) { (high, low) }

  /// Orders by value.
  static func < (a: UInt256, b: UInt256) -> Bool { (a.high, a.low) < (b.high, b.low) }

  /// Adds a 256-bit value (wrapping at 2^256, far beyond any plan).
  @inline(__always)
  mutating func add(_ v: (high: UInt128, low: UInt128)) {
    let (l, carry) = low.addingReportingOverflow(v.low)
    low = l
    high = high &+ v.high &+ (carry ? 1 : 0)
  }

  /// The full 256-bit product of two unsigned 128-bit integers, from four 64×64-bit products
  /// (the standard library's generic 128-bit full-width product is several times slower).
  @inline(__always)
  static func product(_ a: UInt128, _ b: UInt128) -> UInt256 {
    let a0 = UInt64(truncatingIfNeeded: a)
    let a1 = UInt64(truncatingIfNeeded: a >> 64)
    let b0 = UInt64(truncatingIfNeeded: b)
    let b1 = UInt64(truncatingIfNeeded: b >> 64)
    let p00 = a0.multipliedFullWidth(by: b0)
    let p01 = a0.multipliedFullWidth(by: b1)
    let p10 = a1.multipliedFullWidth(by: b0)
    let p11 = a1.multipliedFullWidth(by: b1)
    let mid = UInt128(p01.low) + UInt128(p10.low) + UInt128(p00.high)
    let high =
      (UInt128(p11.high) << 64 | UInt128(p11.low)) + UInt128(p01.high) + UInt128(p10.high)
      + (mid >> 64)
    let low = UInt128(UInt64(truncatingIfNeeded: mid)) << 64 | UInt128(p00.low)
    return UInt256(high: high, low: low)
  }

  /// `self << s` for `0 <= s < 128`, dropping bits shifted past 2^256.
  func shiftedLeft(_ s: Int) -> UInt256 {
    if s == 0 { return self }
    return UInt256(high: high << s | low >> (128 - s), low: low << s)
  }

  /// `floor(self / d)` and the remainder: long division by 64-bit words, skipping leading
  /// zero words (a 128/64-bit division is a library call, a 64-bit one an instruction).
  func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: UInt256, remainder: UInt64) {
    var q: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var r: UInt64 = 0
    func step(_ w: UInt64) -> UInt64 {
      if r == 0 {
        let (quotient, remainder) = w.quotientAndRemainder(dividingBy: d)
        r = remainder
        return quotient
      }
      let (quotient, remainder) = d.dividingFullWidth((r, w))
      r = remainder
      return quotient
    }
    q.0 = step(UInt64(truncatingIfNeeded: high >> 64))
    q.1 = step(UInt64(truncatingIfNeeded: high))
    q.2 = step(UInt64(truncatingIfNeeded: low >> 64))
    q.3 = step(UInt64(truncatingIfNeeded: low))
    return (
      UInt256(high: UInt128(q.0) << 64 | UInt128(q.1), low: UInt128(q.2) << 64 | UInt128(q.3)), r
    )
  }

  /// `floor((self + 2^(bits−1)) / 2^bits)`: the value in units of `2^bits`, rounded half up;
  /// `nil` when it does not fit 128 bits.
  func roundedShift(_ bits: Int) -> UInt128? {
    var v = self
    v.add((0, UInt128(1) << (bits - 1)))
    guard v.high >> bits == 0 else { return nil }
    return v.high << (128 - bits) | v.low >> bits
  }
}

// MARK: - 128-bit

/// `Int128` fixed point with 112 fraction bits (about 33.7 significant digits), range ±32768.
///
/// Every operation is a few 64-bit hardware multiplications or divisions: a product is four
/// 64×64-bit multiplications (about 5 ns), a division by a 64-bit integer four hardware
/// divisions.
struct FastFixed: PlanFixedPoint {
  typealias CentSum = FastCentSum
  /// The value times `2^112`.
  var raw: Int128

  static let fractionBits = 112
  static let zero = FastFixed(raw: 0)
  static let one = FastFixed(raw: 1 << 112)

  /// Creates a value from its raw representation.
  init(raw: Int128) { self.raw = raw }

  init(ulps n: Int) { raw = Int128(n) }

  static func < (a: FastFixed, b: FastFixed) -> Bool { a.raw < b.raw }

  /// A non-negative magnitude below 2^127 as a value, with the sign of `negative`; overflow
  /// when it does not fit.
  private static func signed(_ magnitude: UInt256, negative: Bool) throws(FixedOverflow)
    -> FastFixed
  {
    guard magnitude.high == 0, magnitude.low >> 127 == 0 else { throw FixedOverflow() }
    let m = Int128(bitPattern: magnitude.low)
    return FastFixed(raw: negative ? -m : m)
  }

  static func ratio(_ numerator: Int64, _ denominator: Int64) throws(FixedOverflow) -> FastFixed {
    let n = UInt256(high: 0, low: UInt128(numerator.magnitude)).shiftedLeft(112)
    return try signed(
      n.quotientAndRemainder(dividingBy: denominator.magnitude).quotient,
      negative: false
    )
  }

  func adding(_ other: FastFixed) throws(FixedOverflow) -> FastFixed {
    let (v, o) = raw.addingReportingOverflow(other.raw)
    if o { throw FixedOverflow() }
    return FastFixed(raw: v)
  }

  func subtracting(_ other: FastFixed) throws(FixedOverflow) -> FastFixed {
    let (v, o) = raw.subtractingReportingOverflow(other.raw)
    if o { throw FixedOverflow() }
    return FastFixed(raw: v)
  }

  @inline(__always)
  func multiplied(by other: FastFixed) throws(FixedOverflow) -> FastFixed {
    let negative = (raw < 0) != (other.raw < 0)
    let p = UInt256.product(raw.magnitude, other.raw.magnitude)
    // The product shifted right by 112 must stay below 2^127.
    guard p.high < (1 << 111) else { throw FixedOverflow() }
    let shifted = Int128(bitPattern: p.high << 16 | p.low >> 112)
    if !negative { return FastFixed(raw: shifted) }
    // floor(−m) = −ceil(m)
    let inexact = p.low & ((1 << 112) - 1) != 0
    return FastFixed(raw: -shifted - (inexact ? 1 : 0))
  }

  @inline(__always)
  func multipliedUnit(by other: FastFixed) -> FastFixed {
    // Both below 2^113: the product is below 2^226 and its top part fits after the shift.
    let p = UInt256.product(UInt128(bitPattern: raw), UInt128(bitPattern: other.raw))
    return FastFixed(raw: Int128(bitPattern: p.high << 16 | p.low >> 112))
  }

  func approximatelyDivided(by other: FastFixed) throws(FixedOverflow) -> FastFixed {
    guard other.raw > 0 else { throw FixedOverflow() }
    // Keep the divisor's top 64 bits (relative error below 2^-63), then divide by a word:
    // self·2^112 / (d·2^s) = (self·2^(112−s)) / d, with s <= 63.
    let d = UInt128(other.raw)
    let s = max(0, 64 - d.leadingZeroBitCount)
    let word = UInt64(truncatingIfNeeded: d >> s)
    let n = UInt256(high: 0, low: raw.magnitude).shiftedLeft(112 - s)
    return try FastFixed.signed(
      n.quotientAndRemainder(dividingBy: word).quotient,
      negative: raw < 0
    )
  }

  var halved: FastFixed { FastFixed(raw: raw >> 1) }
  var isPositive: Bool { raw > 0 }
  var isNegative: Bool { raw < 0 }

  var rateFigure: RateFigure? {
    guard raw >= 0 else { return nil }
    // value < 2^15, so value·10^10 < 2^49: (raw·10^10 + 2^111) >> 112 fits a word.
    var p = UInt256.product(UInt128(bitPattern: raw), 10_000_000_000)
    p.add((0, 1 << 111))
    return RateFigure(
      scaledByTenToTheTenth: UInt64(truncatingIfNeeded: p.high << 16 | p.low >> 112)
    )
  }

  static func compareReciprocalMinusOne(_ y: FastFixed, toFigure e: RateFigure, delta: Int) -> Int?
  {
    guard y.raw > 0, let e = e.word, e < 1 << 60 else { return nil }
    // sign(2·10^10·2^112 − y·(2·10^10 + 2e + delta))
    let twoTen: UInt128 = 20_000_000_000
    let factor = twoTen + 2 * UInt128(e) &+ UInt128(bitPattern: Int128(delta))
    let left = UInt256(high: 0, low: twoTen).shiftedLeft(112)
    let right = UInt256.product(UInt128(bitPattern: y.raw), factor)
    return left == right ? 0 : (left < right ? -1 : 1)
  }
}

/// A 256-bit sum of `FastFixed × integer` products, in units of `2^-112`.
struct FastCentSum: FixedCentSum {
  /// The sum.
  var total = UInt256.zero

  init() {}

  @inline(__always)
  mutating func add(_ value: FastFixed, times multiplier: UInt128) {
    total.add(UInt256.product(UInt128(bitPattern: value.raw), multiplier).asPair)
  }

  mutating func add(ulps: Int, times multiplier: UInt128) {
    total.add(UInt256.product(UInt128(ulps), multiplier).asPair)
  }

  mutating func add(_ other: FastCentSum) { total.add(other.total.asPair) }

  func compare(toCents cents: Int64) -> Int {
    let other = UInt256(high: 0, low: UInt128(cents)).shiftedLeft(112)
    return total == other ? 0 : (total < other ? -1 : 1)
  }

  func divided(byCents cents: Int64) throws(FixedOverflow) -> FastFixed {
    let q = total.quotientAndRemainder(dividingBy: UInt64(cents)).quotient
    guard q.high == 0, q.low >> 127 == 0 else { throw FixedOverflow() }
    return FastFixed(raw: Int128(bitPattern: q.low))
  }
}

// MARK: - Big integers

/// Big-integer fixed point with 400 fraction bits (about 120 digits): the fallback of
/// ``FastFixed`` for plans whose rate of return leaves its range or is too close to call.
struct WideFixed: PlanFixedPoint {
  typealias CentSum = WideCentSum
  /// The value times `2^400`.
  var raw: BigInt

  static let fractionBits = 400
  static let zero = WideFixed(raw: 0)
  static let one = WideFixed(raw: BigInt(1) << 400)

  /// Creates a value from its raw representation.
  init(raw: BigInt) { self.raw = raw }

  init(ulps n: Int) { raw = BigInt(n) }

  static func < (a: WideFixed, b: WideFixed) -> Bool { a.raw < b.raw }

  /// `floor(n / d)` for a signed numerator and a positive denominator.
  private static func floorDivide(_ n: BigInt, _ d: BigInt) -> BigInt {
    let (q, r) = n.magnitude.quotientAndRemainder(dividingBy: d.magnitude)
    if n.sign == .minus { return -BigInt(q) - (r.isZero ? 0 : 1) }
    return BigInt(q)
  }

  static func ratio(_ numerator: Int64, _ denominator: Int64) -> WideFixed {
    WideFixed(raw: floorDivide(BigInt(numerator) << 400, BigInt(denominator)))
  }

  func adding(_ other: WideFixed) -> WideFixed { WideFixed(raw: raw + other.raw) }
  func subtracting(_ other: WideFixed) -> WideFixed { WideFixed(raw: raw - other.raw) }

  func multiplied(by other: WideFixed) -> WideFixed {
    WideFixed(raw: WideFixed.floorDivide(raw * other.raw, WideFixed.one.raw))
  }

  func multipliedUnit(by other: WideFixed) -> WideFixed { multiplied(by: other) }

  func approximatelyDivided(by other: WideFixed) -> WideFixed {
    WideFixed(raw: WideFixed.floorDivide(raw << 400, other.raw))
  }

  var halved: WideFixed { WideFixed(raw: WideFixed.floorDivide(raw, 2)) }
  var isPositive: Bool { raw.sign == .plus && !raw.isZero }
  var isNegative: Bool { raw.sign == .minus && !raw.isZero }

  var rateFigure: RateFigure? {
    guard !isNegative else { return nil }
    return RateFigure(scaled: (raw.magnitude * ExactMath.pow10(10) + (BigUInt(1) << 399)) >> 400)
  }

  static func compareReciprocalMinusOne(_ y: WideFixed, toFigure e: RateFigure, delta: Int) -> Int?
  {
    guard y.isPositive else { return nil }
    let twoTen = BigInt(20_000_000_000)
    let left = twoTen << 400
    let right = y.raw * (twoTen + 2 * BigInt(e.value) + BigInt(delta))
    return left == right ? 0 : (left < right ? -1 : 1)
  }
}

/// A big-integer sum of `WideFixed × integer` products, in units of `2^-400`.
struct WideCentSum: FixedCentSum {
  /// The sum.
  var total = BigUInt(0)

  init() {}

  mutating func add(_ value: WideFixed, times multiplier: UInt128) {
    total += value.raw.magnitude * BigUInt(multiplier)
  }

  mutating func add(ulps: Int, times multiplier: UInt128) {
    total += BigUInt(ulps) * BigUInt(multiplier)
  }

  mutating func add(_ other: WideCentSum) { total += other.total }

  func compare(toCents cents: Int64) -> Int {
    let other = BigUInt(cents) << WideFixed.fractionBits
    return total == other ? 0 : (total < other ? -1 : 1)
  }

  func divided(byCents cents: Int64) -> WideFixed {
    WideFixed(raw: BigInt(total / BigUInt(cents)))
  }
}
