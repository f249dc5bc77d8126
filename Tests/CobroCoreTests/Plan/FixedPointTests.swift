import BigInt
import Testing

@testable import CobroCore
@testable import CobroPlan

/// The fixed-point arithmetic of the IRR against big integers: products, divisions, rounding
/// directions and the error bounds the certificates rely on.
@Suite struct FixedPointTests {
  /// A 256-bit value as a big integer.
  static func big(_ v: UInt256) -> BigUInt { BigUInt(v.high) << 128 + BigUInt(v.low) }

  /// A random 128-bit value with a random number of significant bits.
  static func random128(_ g: inout SplitMix64) -> UInt128 {
    let v = UInt128(g.next()) << 64 | UInt128(g.next())
    return v >> Int.random(in: 0...127, using: &g)
  }

  @Test func productsAndWordDivisions() {
    var g = SplitMix64(seed: 13)
    for _ in 0..<3000 {
      let a = Self.random128(&g)
      let b = Self.random128(&g)
      let p = UInt256.product(a, b)
      #expect(Self.big(p) == BigUInt(a) * BigUInt(b))
      let d = max(1, g.next() >> Int.random(in: 0...63, using: &g))
      let (q, r) = p.quotientAndRemainder(dividingBy: d)
      let (eq, er) = Self.big(p).quotientAndRemainder(dividingBy: BigUInt(d))
      #expect(Self.big(q) == eq && BigUInt(r) == er)
      let s = Int.random(in: 0...127, using: &g)
      let shifted = UInt256(high: 0, low: a).shiftedLeft(s)
      #expect(Self.big(shifted) == BigUInt(a) << s)
    }
  }

  @Test func multiplicationRoundsDown() throws {
    var g = SplitMix64(seed: 17)
    for _ in 0..<3000 {
      let a = Int128(bitPattern: Self.random128(&g) >> 14) * (Bool.random(using: &g) ? 1 : -1)
      let b = Int128(bitPattern: Self.random128(&g) >> 14) * (Bool.random(using: &g) ? 1 : -1)
      let exact = BigInt(a) * BigInt(b)
      // floor(exact / 2^112)
      let (q, r) = exact.magnitude.quotientAndRemainder(dividingBy: BigUInt(1) << 112)
      let floor = exact.sign == .minus ? -BigInt(q) - (r.isZero ? 0 : 1) : BigInt(q)
      if let product = try? FastFixed(raw: a).multiplied(by: FastFixed(raw: b)) {
        #expect(BigInt(product.raw) == floor)
      } else {
        #expect(floor.magnitude >= BigUInt(1) << 126, "only true overflows throw")
      }
    }
  }

  @Test func approximateDivisionIsCloseAndExactForSmallDivisors() throws {
    var g = SplitMix64(seed: 19)
    for _ in 0..<2000 {
      let a = Int128(bitPattern: Self.random128(&g) >> 16)
      let b = Int128(bitPattern: max(1, Self.random128(&g) >> 1))
      guard let q = try? FastFixed(raw: a).approximatelyDivided(by: FastFixed(raw: b)) else {
        continue
      }
      let exact = (BigUInt(a) << 112) / BigUInt(b)
      let difference = BigInt(q.raw) - BigInt(exact)
      // Relative error below 2^-62, and exact when the divisor fits a word.
      #expect(difference.magnitude <= (exact >> 62) + 1)
      if b < Int128(1) << 64 { #expect(difference == 0) }
    }
  }

  @Test func powerErrorBoundsHold() throws {
    // Against 400-bit powers, themselves within their own bound of the true value.
    var g = SplitMix64(seed: 23)
    let shift = WideFixed.fractionBits - FastFixed.fractionBits
    for _ in 0..<300 {
      let x = FastFixed(raw: Int128(bitPattern: Self.random128(&g) % (UInt128(1) << 112 + 1)))
      let e = Int.random(in: 0...2400, using: &g)
      let (value, error) = try x.power(e)
      let (wide, wideError) = try WideFixed(raw: BigInt(x.raw) << shift).power(e)
      let fast = BigInt(value.raw) << shift
      #expect(fast <= wide.raw + BigInt(wideError), "a lower bound")
      #expect(wide.raw - fast <= BigInt(error + 1) << shift, "within the bound")
    }
  }

  @Test func reciprocalComparisonsAreExact() {
    var g = SplitMix64(seed: 29)
    for _ in 0..<2000 {
      let y = FastFixed(raw: Int128.random(in: 1...(Int128(1) << 112), using: &g))
      let e = RateFigure(scaledByTenToTheTenth: UInt64.random(in: 0...(1 << 40), using: &g))
      let delta = Bool.random(using: &g) ? 1 : -1
      let fast = FastFixed.compareReciprocalMinusOne(y, toFigure: e, delta: delta)
      let wide = WideFixed.compareReciprocalMinusOne(
        WideFixed(raw: BigInt(y.raw) << (400 - 112)),
        toFigure: e,
        delta: delta
      )
      #expect(fast == wide)
    }
  }

  @Test func centSumsDivideAndCompareExactly() throws {
    var sum = FastCentSum()
    var wide = WideCentSum()
    var g = SplitMix64(seed: 31)
    for _ in 0..<100 {
      let v = Int128.random(in: 0...(Int128(1) << 112), using: &g)
      let c = UInt128(UInt64.random(in: 0...(1 << 56), using: &g))
      sum.add(FastFixed(raw: v), times: c)
      wide.add(WideFixed(raw: BigInt(v) << 288), times: c)
    }
    let p = Int64.random(in: 1...(1 << 54), using: &g)
    let q = try sum.divided(byCents: p)
    #expect(BigInt(q.raw) << 288 <= wide.divided(byCents: p).raw)
    #expect(sum.compare(toCents: p) == wide.compare(toCents: p))
    #expect(FastCentSum().compare(toCents: 0) == 0)
  }
}
