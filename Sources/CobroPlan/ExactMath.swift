import BigInt

/// Exact integer helpers of the plan engine: powers of ten, half-up division and integer roots.
///
/// Every `round(...)` of `spec/payment-plans.md` is a half-up division of two exact integers, done
/// here either in 128-bit registers (the per-account fast path) or with big integers (inputs with
/// many decimals, huge powers, and the rare cases where a fast bound is not decisive).
enum ExactMath {
  /// `10^e` for `e` in `0...38`, the range of `UInt128`.
  static let pow10Table: [UInt128] = {
    var table: [UInt128] = [1]
    for _ in 1...38 { table.append(table[table.count - 1] * 10) }
    return table
  }()

  /// `10^e` as a big integer.
  static func pow10(_ e: Int) -> BigUInt {
    precondition(e >= 0)
    if e <= 38 { return BigUInt(pow10Table[e]) }
    return BigUInt(10).power(e)
  }

  /// `round(n / d)` half up for non-negative integers, `d > 0`.
  static func roundHalfUp(_ n: UInt128, _ d: UInt128) -> UInt128 {
    let (q, r) = n.quotientAndRemainder(dividingBy: d)
    // r < d <= UInt128.max, so compare r >= d - r instead of 2r >= d to avoid overflow.
    return r >= d - r ? q + 1 : q
  }

  /// `round(n / d)` half up for non-negative big integers, `d > 0`.
  static func roundHalfUp(_ n: BigUInt, _ d: BigUInt) -> BigUInt {
    let (q, r) = n.quotientAndRemainder(dividingBy: d)
    return r << 1 >= d ? q + 1 : q
  }

  /// `round(n / d)` half away from zero for a signed big numerator, `d > 0`.
  static func roundHalfUp(_ n: BigInt, _ d: BigUInt) -> BigInt {
    let m = roundHalfUp(n.magnitude, d)
    return n.sign == .minus ? -BigInt(m) : BigInt(m)
  }

  /// `round(b × k / 10^12)` half up: one period's interest on a balance at a 12-decimal rate.
  ///
  /// `b < 2^63` and `k <= 10^12`, so the product has fewer than 103 bits and its high word is
  /// below the divisor: one hardware division.
  @inline(__always)
  static func interest(on b: UInt64, scaledRate k: UInt64) -> UInt64 {
    let divisor: UInt64 = 1_000_000_000_000
    let product = b.multipliedFullWidth(by: k)
    let (q, r) = divisor.dividingFullWidth(product)
    return r >= divisor - r ? q + 1 : q
  }

  /// The largest integer `x` with `x^k <= n` (`k >= 1`).
  ///
  /// Newton's iteration from above, which decreases monotonically to the floor of the root.
  static func integerRoot(_ n: BigUInt, _ k: Int) -> BigUInt {
    precondition(k >= 1)
    if k == 1 || n < 2 { return n }
    let kk = BigUInt(k)
    // 2^ceil(bits / k) is above the root.
    var x = BigUInt(1) << ((n.bitWidth + k - 1) / k)
    while true {
      let next = (BigUInt(k - 1) * x + n / x.power(k - 1)) / kk
      if next >= x { break }
      x = next
    }
    // Guard against an off-by-one of the stopping rule.
    while x.power(k) > n { x -= 1 }
    while (x + 1).power(k) <= n { x += 1 }
    return x
  }

  /// Whether `n` is a perfect `k`-th power, and its root when it is.
  static func exactRoot(_ n: BigUInt, _ k: Int) -> BigUInt? {
    let x = integerRoot(n, k)
    return x.power(k) == n ? x : nil
  }
}
