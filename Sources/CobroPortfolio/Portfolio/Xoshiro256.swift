/// The xoshiro256** pseudo-random generator, seeded through SplitMix64.
///
/// Generated data must be the same bytes on every machine, so cobro never uses the standard
/// library's `SystemRandomNumberGenerator` or its `random(in:using:)` helpers (whose algorithms
/// may change between releases) where output depends on the draws. Every helper here is written
/// with integer arithmetic, or with `+ - * /` on `Double`, which IEEE 754 defines bit for bit.
package struct Xoshiro256: Sendable {
  /// The four words of state; never all zero.
  ///
  /// Visible to inlined code, so that the Monte Carlo of the plan layer draws without a call
  /// per number.
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates a generator whose state is four SplitMix64 outputs from `seed`.
  package init(seed: UInt64) {
    var sm = seed
    s0 = Xoshiro256.splitMix64(&sm)
    s1 = Xoshiro256.splitMix64(&sm)
    s2 = Xoshiro256.splitMix64(&sm)
    s3 = Xoshiro256.splitMix64(&sm)
  }

  /// Creates an independent generator for item `index` of the stream `stream` under `seed`.
  ///
  /// Used so that a debtor's attributes depend only on the seed and the debtor's number, not on
  /// how many draws happened before it.
  init(seed: UInt64, stream: UInt64, index: UInt64) {
    var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
    let a = Xoshiro256.splitMix64(&sm)
    self.init(seed: a ^ (index &* 0x9E37_79B9_7F4A_7C15))
  }

  /// One step of SplitMix64 (Steele, Lea and Flood).
  static func splitMix64(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The next 64 random bits.
  @inlinable @inline(__always)
  package mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// A uniform integer in `0..<n` (multiply-high; the bias is below 2^-40 for the sizes used).
  @inline(__always)
  mutating func below(_ n: Int) -> Int {
    precondition(n > 0)
    return Int(next().multipliedFullWidth(by: UInt64(n)).high)
  }

  /// A uniform integer in `range`.
  @inline(__always)
  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// A uniform `Double` in `[0, 1)` with 53 random bits.
  @inline(__always)
  mutating func unit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// `true` with probability `p`.
  @inline(__always)
  mutating func chance(_ p: Double) -> Bool {
    unit() < p
  }

  /// An index drawn with the given cumulative weights (the last entry is the total).
  @inline(__always)
  mutating func pick(cumulative weights: [Int]) -> Int {
    let total = weights[weights.count - 1]
    let r = below(total)
    var i = 0
    while weights[i] <= r { i += 1 }
    return i
  }

  /// An approximately standard normal value: the sum of 12 uniforms minus 6 (Irwin–Hall).
  ///
  /// Bounded to ±6, which suits amounts (no absurd outliers), and needs no `log` or `cos`.
  mutating func normal() -> Double {
    var sum = 0.0
    for _ in 0..<12 { sum += unit() }
    return sum - 6
  }
}

/// Deterministic elementary functions built from `+ - * /` only.
enum DeterministicMath {
  /// `ln 2` rounded to the nearest `Double`.
  static let ln2 = 0.693_147_180_559_945_3

  /// `e^x` for `|x| <= 40`, to about 1e-15 relative error, identical on every IEEE 754 machine.
  ///
  /// Writes `x = k ln 2 + r` with `|r| <= ln 2 / 2`, evaluates the Taylor series of `e^r` to the
  /// 14th degree by Horner's rule, and scales by `2^k` exactly. libm's `exp` is not used because
  /// its last bit differs between C libraries, and that would change generated amounts.
  static func exp(_ x: Double) -> Double {
    precondition(x.magnitude <= 40, "exp argument out of range")
    let kd = (x / ln2).rounded(.toNearestOrEven)
    let r = x - kd * ln2
    var p = 1.0
    var n = 14.0
    while n >= 1 {
      p = 1 + p * r / n
      n -= 1
    }
    var k = Int(kd)
    var scale = 1.0
    let factor = k >= 0 ? 2.0 : 0.5
    k = k.magnitude > 0 ? Int(k.magnitude) : 0
    while k > 0 {
      scale *= factor
      k -= 1
    }
    return p * scale
  }
}
