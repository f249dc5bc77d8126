import BigInt
import CobroPortfolio

/// The net present value of a plan at an annual effective discount rate `a`.
///
/// `NPV = D + Σ payment(k) / (1 + m)^t(k)` with `m = (1 + a)^(1/12) − 1`, rounded half up to
/// cents once at the end. The monthly discount factor `v = 1 / (1 + m) = (1 + a)^(−1/12)` is an
/// exact floor in binary fixed point (an integer 12th root), its powers round down, and the sum
/// of exact integer products is a lower bound with a rigorous error bound. When the bound leaves
/// the cent undecided the NPV is recomputed exactly (when it is rational) or with 400 fraction
/// bits. The 112-bit fast path alone carries about 33 significant digits; the spec asks for 28.
enum PlanNPV {
  /// Fraction bits of ``discountFactor(annual:)``.
  static let fractionBits = FastFixed.fractionBits

  /// `v = (1 + a)^(−1/12)` rounded down to 112 fraction bits.
  static func discountFactor(annual: Rate) -> FastFixed {
    let raw = RateMath.discountFactor(annual: annual, fractionBits: fractionBits)
    return FastFixed(raw: Int128(raw))
  }

  /// The NPV in cents; `nil` when it does not fit in `Cents`.
  ///
  /// - Parameters:
  ///   - down: D, paid at `t = 0`.
  ///   - payments: the installments' payments, in schedule order.
  ///   - months: `t(k)` of each payment, non-decreasing.
  ///   - annual: the annual effective discount rate `a`.
  ///   - factor: ``discountFactor(annual:)`` of `a`.
  static func npv(
    down: Cents,
    payments: [Cents],
    months: ArraySlice<Int>,
    annual: Rate,
    factor: FastFixed
  ) -> Cents? {
    let present: Int64
    if let cents = try? fast(payments: payments, months: months, factor: factor) {
      guard cents <= UInt128(Int64.max) else { return nil }
      present = Int64(truncatingIfNeeded: cents)
    } else {
      let exact =
        rational(payments: payments, months: months, annual: annual)
        ?? wide(payments: payments, months: months, annual: annual)
      guard let cents = Int64(exactly: exact) else { return nil }
      present = cents
    }
    let (sum, overflow) = down.addingReportingOverflow(present)
    return overflow ? nil : sum
  }

  /// The rounded present value of the installments when the 112-bit bound decides the cent.
  private static func fast(payments: [Cents], months: ArraySlice<Int>, factor v: FastFixed)
    throws(FixedOverflow) -> UInt128?
  {
    var p = FastFixed.one
    var error = 0  // ulps of p below v^t
    var previous = 0
    var sum = UInt256.zero
    var slack = UInt256.zero
    for (c, t) in zip(payments, months) where c > 0 {
      if t > previous {
        let d = t - previous
        let (q, qError) = try v.power(d)
        p = p.multipliedUnit(by: q)
        // v itself is below the true factor by less than one ulp: v^d by less than d ulps.
        error += qError + d + 1
        previous = t
      }
      sum.add(UInt256.product(UInt128(bitPattern: p.raw), UInt128(c)).asPair)
      slack.add(UInt256.product(UInt128(error), UInt128(c)).asPair)
    }
    var high = sum
    high.add(slack.asPair)
    guard let low = sum.roundedShift(fractionBits), low == high.roundedShift(fractionBits) else {
      return nil
    }
    return low
  }

  /// The exact rounded present value when it is a rational number, else `nil`.
  ///
  /// Let `e` be the largest divisor of 12 (among 12, 6, 4, 3, 2) such that `1 + a` is a perfect
  /// `e`-th power of a rational, and `g = 12 / e`; then `v^g` is rational and the powers
  /// `1, v, …, v^(g−1)` are linearly independent over the rationals. So the sum is rational
  /// exactly when every `t(k)` is a multiple of `g`, and otherwise cannot be a half cent.
  private static func rational(payments: [Cents], months: ArraySlice<Int>, annual: Rate) -> BigUInt?
  {
    let scale = BigUInt(Rate.denominator)
    var num = scale + BigUInt(annual.scaled.magnitude)
    var den = scale
    let common = num.greatestCommonDivisor(with: den)
    num /= common
    den /= common
    var g = 12
    var base: (num: BigUInt, den: BigUInt)?
    for e in [12, 6, 4, 3, 2] {
      if let rn = ExactMath.exactRoot(num, e), let rd = ExactMath.exactRoot(den, e) {
        g = 12 / e
        base = (rn, rd)
        break
      }
    }
    // v^g = (den/num)^(1/e) = rd / rn.
    let ratio = base ?? (num, den)
    let paid = zip(payments, months).filter { $0.0 > 0 }
    guard paid.allSatisfy({ $0.1 % g == 0 }), let maxT = paid.map(\.1).max() else {
      return paid.isEmpty ? 0 : nil
    }
    let top = maxT / g
    var numerator = BigUInt(0)
    for (c, t) in paid {
      let j = t / g
      numerator += BigUInt(c) * ratio.den.power(j) * ratio.num.power(top - j)
    }
    return ExactMath.roundHalfUp(numerator, ratio.num.power(top))
  }

  /// The rounded present value with 400 fraction bits (the lower bound's cent when even that
  /// bound cannot decide, which needs the value within 2^-380 of a half cent).
  private static func wide(payments: [Cents], months: ArraySlice<Int>, annual: Rate) -> BigUInt {
    let bits = WideFixed.fractionBits
    let v = WideFixed(raw: BigInt(RateMath.discountFactor(annual: annual, fractionBits: bits)))
    var p = WideFixed.one
    var previous = 0
    var sum = BigUInt(0)
    for (c, t) in zip(payments, months) where c > 0 {
      if t > previous {
        // WideFixed never overflows.
        let q = (try? v.power(t - previous).value) ?? WideFixed.zero
        p = p.multiplied(by: q)
        previous = t
      }
      sum += p.raw.magnitude * BigUInt(c)
    }
    return (sum + (BigUInt(1) << (bits - 1))) >> bits
  }
}
