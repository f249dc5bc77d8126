import BigInt
import CobroPortfolio

/// The plan EAR: the monthly internal rate of return of a schedule, as an effective annual rate.
///
/// With `x = 1 / (1 + i)` the IRR equation `P = Σ payment(k) / (1 + i)^t(k)` becomes
/// `F(x) = Σ payment(k) · x^t(k) − P = 0`: a polynomial with non-negative coefficients,
/// increasing and convex on `(0, 1]`, so it has one root there whenever `F(0) < 0 < F(1)`. The
/// root is found by safeguarded Newton iteration (bisection when a step leaves the bracket) in
/// binary fixed point, then **certified**: `F` is evaluated with a rigorous error bound just
/// below and just above the root, which brackets it, and the EARs `x^-12 − 1` of both ends must
/// round to the same 10 decimals. The sums `Σ payment(k) · x^t(k)` are exact integer products of
/// cents and fixed-point powers, so the only roundings are those of the powers. A plan that
/// overflows the 128-bit type, or whose EAR lies too close to a rounding boundary for it, is
/// redone with 400-bit big-integer fixed point. No floating point is used anywhere.
enum PlanReturn {
  /// The plan EAR rounded half up to 10 decimals; `nil` when nothing is financed, when every
  /// payment falls in the start month (`t = 0`), or when no rate `i >= 0` solves the equation
  /// (the payments of month 0 alone already cover `P`).
  ///
  /// - Parameters:
  ///   - financed: P, in cents.
  ///   - payments: the installments' payments, in schedule order.
  ///   - months: `t(k)` of each payment, non-decreasing.
  ///   - guess: a monthly rate near the answer (the contract rate).
  static func planEAR(financed: Cents, payments: [Cents], months: ArraySlice<Int>, guess: Rate)
    -> RateFigure?
  {
    precondition(payments.count == months.count)
    guard financed > 0 else { return nil }
    var total: Int128 = 0
    var atStart: Int128 = 0
    var later = false
    for (c, t) in zip(payments, months) {
      total += Int128(c)
      if t == 0 { atStart += Int128(c) } else if c > 0 { later = true }
    }
    // F(0) = atStart − P must be negative and F(1) = total − P non-negative.
    guard later, atStart < Int128(financed), total >= Int128(financed) else { return nil }
    if total == Int128(financed) { return RateFigure(scaledByTenToTheTenth: 0) }

    if let fast = try? Solver<FastFixed>(
      financed: financed,
      payments: payments,
      months: months,
      guess: guess,
      bracketUlps: 1 << 16
    ), let (certified, _) = try? fast.solve(), let certified {
      return certified
    }
    // WideFixed does not overflow: the fallback always answers.
    do {
      let wide = try Solver<WideFixed>(
        financed: financed,
        payments: payments,
        months: months,
        guess: guess,
        bracketUlps: 1 << 62
      )
      let (certified, root) = try wide.solve()
      return try certified ?? wide.estimate(at: root)
    } catch {
      return nil
    }
  }

  /// The root finder for one schedule in one number type.
  struct Solver<N: PlanFixedPoint> {
    /// P, in cents.
    let financed: Cents
    /// The payments in cents (zero payments are skipped).
    let payments: [Cents]
    /// `t(k)`, non-decreasing.
    let months: ArraySlice<Int>
    /// `1 / (1 + guess)`: where the iteration starts.
    let start: N
    /// The half-width, in ulps, of the first bracket tried around the iterate.
    let bracketUlps: Int

    /// Prepares the solver.
    init(
      financed: Cents,
      payments: [Cents],
      months: ArraySlice<Int>,
      guess: Rate,
      bracketUlps: Int
    ) throws(FixedOverflow) {
      self.financed = financed
      self.payments = payments
      self.months = months
      self.start = try N.ratio(Rate.denominator, Rate.denominator + guess.scaled)
      self.bracketUlps = bracketUlps
    }

    /// The certified EAR, or `nil` when the bracket does not decide it; and the last iterate.
    ///
    /// Newton's method converges quadratically: after a step `s` from `x` the error is about
    /// `T·s²/x` at most (T the last month), so the iteration stops at the first step below
    /// 2^-25 and the certificate brackets the result that widely (typically one evaluation
    /// with the derivative, then two without). Only when that bracket cannot decide does the
    /// iteration run to full precision and certify again with the narrowest bracket.
    func solve() throws(FixedOverflow) -> (certified: RateFigure?, root: N) {
      let narrow = N(ulps: bracketUlps)
      let (x, step) = try newton(from: start, stopBelow: try N.ratio(1, 1 << 25))
      if let width = try? errorBound(after: step, at: x),
        let certified = try certify(x, delta: max(narrow, width))
      {
        return (certified, x)
      }
      let (precise, _) = try newton(from: x, stopBelow: N(ulps: bracketUlps >> 6))
      return (try certify(precise, delta: narrow), precise)
    }

    /// `4·T·s²/x`: a generous bound of Newton's error after a step `s` from `x`.
    private func errorBound(after step: N, at x: N) throws(FixedOverflow) -> N {
      let s = step.isNegative ? try N.zero.subtracting(step) : step
      let last = Int64(months.last ?? 1)
      return try s.multiplied(by: s).multiplied(by: N.ratio(4 * max(last, 1), 1))
        .approximatelyDivided(by: x)
    }

    /// The EAR at an iterate, without a certificate: `x^-12 − 1`.
    func estimate(at x: N) throws(FixedOverflow) -> RateFigure? {
      let (x12, _) = try x.power(12)
      var ear = try N.one.approximatelyDivided(by: x12).subtracting(N.one)
      if ear.isNegative { ear = N.zero }
      return ear.rateFigure
    }

    /// `F(x) / P` and `x·F'(x) / P`, without error bounds, for `x` in `[0, 1]`.
    private func evaluate(_ x: N) throws(FixedOverflow) -> (f: N, xDerivative: N) {
      var p = N.one
      var previous = 0
      var sum = N.CentSum()
      var derivative = N.CentSum()
      var k = months.startIndex
      for c in payments {
        let t = months[k]
        k += 1
        if c == 0 { continue }
        if t > previous {
          p = p.multipliedUnit(by: t - previous == 1 ? x : try x.power(t - previous).value)
          previous = t
        }
        sum.add(p, times: UInt128(c))
        if t > 0 { derivative.add(p, times: UInt128(c) * UInt128(t)) }
      }
      let f = try sum.divided(byCents: financed).subtracting(N.one)
      return (f, try derivative.divided(byCents: financed))
    }

    /// Safeguarded Newton iteration on `(0, 1]` from `start`, until a step is below
    /// `stopBelow`; returns the next iterate and the size of the last step (zero when the
    /// iteration ended by bisection or on an exact root).
    private func newton(from start: N, stopBelow: N) throws(FixedOverflow) -> (x: N, step: N) {
      var lo = N.zero  // F(lo) < 0
      var hi = N.one  // F(hi) > 0
      var x = start > N.zero && start <= N.one ? start : N.one
      let two = N(ulps: 2)
      let below = try N.zero.subtracting(stopBelow)
      for _ in 0..<1000 {
        let (f, xd) = try evaluate(x)
        if !f.isPositive && !f.isNegative { break }
        if f.isPositive { hi = x } else { lo = x }
        var candidate: N?
        if xd.isPositive {
          // x − f / f'(x) with f'(x) = xd / x.
          let step = try f.multiplied(by: x).approximatelyDivided(by: xd)
          let next = try x.subtracting(step)
          if step < stopBelow && step > below { return (next, step) }
          if next > lo && next < hi { candidate = next }
        }
        let next: N
        if let candidate { next = candidate } else { next = try lo.adding(hi).halved }
        let width = try hi.subtracting(lo)
        if next == x || width <= two { break }
        x = next
      }
      return (x, N.zero)
    }

    /// Whether `F(x)` is certainly positive (+1), certainly negative (−1), or undecided (0),
    /// for an exact `x` in `(0, 1]`.
    ///
    /// Every power rounds down, so the computed sum `Σ payment(k)·p(k)` (exact integer products)
    /// is a lower bound of `Σ payment(k)·x^t(k)`; a product of lower bounds in `[0, 1]` off by
    /// `a` and `b` ulps is off by at most `a + b + 1`, so `p(k)` is off by at most `e(k)` ulps,
    /// counted as the chain is built, and the sum by at most `Σ payment(k)·e(k)`.
    private func sign(at x: N) throws(FixedOverflow) -> Int {
      var p = N.one
      var powerError = 0
      var previous = 0
      var low = N.CentSum()
      var slack = N.CentSum()
      var k = months.startIndex
      for c in payments {
        let t = months[k]
        k += 1
        if c == 0 { continue }
        if t > previous {
          let (q, qError) = try x.power(t - previous)
          p = p.multipliedUnit(by: q)
          powerError += qError + 1
          previous = t
        }
        low.add(p, times: UInt128(c))
        slack.add(ulps: powerError, times: UInt128(c))
      }
      if low.compare(toCents: financed) > 0 { return 1 }
      var high = low
      high.add(slack)
      if high.compare(toCents: financed) < 0 { return -1 }
      return 0
    }
    /// The EAR, certified; `nil` when no bracket or no agreement is found.
    ///
    /// Finds `a < x* < b` with `F(a) < 0 < F(b)`, takes the figure `E` of the iterate, and
    /// checks exactly that the EAR of `b` is at least `E − 1/2` and that of `a` below `E + 1/2`
    /// (in units of `10^-10`).
    private func certify(_ x: N, delta start: N) throws(FixedOverflow) -> RateFigure? {
      guard let e = try estimate(at: x) else { return nil }
      var delta = start
      for _ in 0..<6 {
        let b0 = try x.adding(delta)
        let b = b0 < N.one ? b0 : N.one
        let a = try x.subtracting(delta)
        guard a.isPositive else { return nil }
        // F(1) > 0 is known exactly (the payments exceed P).
        let signB = b == N.one ? 1 : try sign(at: b)
        let signA = try sign(at: a)
        if signB == 1 && signA == -1 {
          // The EAR decreases in x: EAR(b) <= EAR* <= EAR(a), with EAR(b) >= 1/(b^12)⁺ − 1
          // and EAR(a) <= 1/(a^12)⁻ − 1 for an upper bound ⁺ and a lower bound ⁻ of the powers.
          let (pb, pbError) = try b.power(12)
          let (pa, _) = try a.power(12)
          let upper = try pb.adding(N(ulps: pbError))
          let lowEnough =
            e == RateFigure(scaledByTenToTheTenth: 0)
            || (N.compareReciprocalMinusOne(upper, toFigure: e, delta: -1) ?? -1) >= 0
          let highEnough = (N.compareReciprocalMinusOne(pa, toFigure: e, delta: 1) ?? 1) < 0
          return lowEnough && highEnough ? e : nil
        }
        delta = try delta.adding(delta).adding(delta).adding(delta)
      }
      return nil
    }
  }
}
