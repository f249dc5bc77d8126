/// An exact amount of money: a count of cents.
///
/// Money is never held in binary floating point. Every amount in a portfolio, a report and a plan
/// is an `Int64` count of cents (±92 billion billion cents is far beyond any portfolio).
public typealias Cents = Int64

/// Parsing and formatting of money amounts.
public enum Money {
  /// How a money cell is written in the input file.
  public struct Style: Hashable, Sendable {
    /// The decimal mark: `.` (canonical) or `,` (Colombian spreadsheets).
    public var decimalMark: UInt8
    /// Creates a style.
    public init(decimalMark: UInt8 = UInt8(ascii: ".")) {
      self.decimalMark = decimalMark
    }
    /// The canonical style of `spec/portfolio-csv.md`: `1234567.89`.
    public static let canonical = Style()
    /// `$ 1.234.567,89`: decimal comma, `.` thousands separators, optional `$`.
    public static let decimalComma = Style(decimalMark: UInt8(ascii: ","))
  }

  /// Parses a canonical amount (`-1234.5`, `12`, `0.07`) from bytes; `nil` when it is not money.
  ///
  /// At most two decimals; no exponent, no thousands separator, no `+`.
  @inline(__always)
  public static func parseCanonical(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cents? {
    var i = start
    let negative = i < end && p[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    let digitsStart = i
    var v: Int64 = 0
    while i < end, p[i] &- 48 <= 9 {
      if i - digitsStart >= 16 { return nil }
      v = v &* 10 &+ Int64(p[i] &- 48)
      i += 1
    }
    let intDigits = i - digitsStart
    var frac = 0
    if i < end && p[i] == UInt8(ascii: ".") {
      i += 1
      while i < end, frac < 2, p[i] &- 48 <= 9 {
        v = v &* 10 &+ Int64(p[i] &- 48)
        i += 1
        frac += 1
      }
      if frac == 0 { return nil }
    }
    if i != end || intDigits == 0 { return nil }
    v = frac == 2 ? v : (frac == 1 ? v &* 10 : v &* 100)
    return negative ? -v : v
  }

  /// Parses an amount in the given style, also accepting a leading `$` and spaces and, for the
  /// decimal-comma style, `.` thousands separators.
  public static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, style: Style)
    -> Cents?
  {
    if style.decimalMark == UInt8(ascii: "."),
      let v = parseCanonical(p, start, end)
    {
      return v
    }
    // Slow path: strip `$`, spaces and grouping separators, then parse canonically.
    var buf: [UInt8] = []
    buf.reserveCapacity(end - start)
    var i = start
    var sawDigit = false
    var negative = false
    let group: UInt8 =
      style.decimalMark == UInt8(ascii: ",") ? UInt8(ascii: ".") : UInt8(ascii: ",")
    while i < end {
      let b = p[i]
      switch b {
      case UInt8(ascii: " "), UInt8(ascii: "$"), 0xA0:
        if sawDigit && b != UInt8(ascii: " ") { return nil }
      case UInt8(ascii: "-"):
        if sawDigit || negative { return nil }
        negative = true
      case group:
        if !sawDigit { return nil }
      case style.decimalMark:
        buf.append(UInt8(ascii: "."))
      default:
        if b &- 48 > 9 { return nil }
        sawDigit = true
        buf.append(b)
      }
      i += 1
    }
    if !sawDigit { return nil }
    if negative { buf.insert(UInt8(ascii: "-"), at: 0) }
    return buf.withUnsafeBufferPointer { bp in
      guard let base = bp.baseAddress else { return nil }
      return parseCanonical(base, 0, bp.count)
    }
  }

  /// Parses a canonical amount typed by the user.
  public static func parse(_ text: String) -> Cents? {
    var s = text
    return s.withUTF8 { bp in
      guard let base = bp.baseAddress else { return nil }
      return parseCanonical(base, 0, bp.count)
    }
  }

  /// `1234567.89`: exactly two decimals, `.` as mark, no grouping (csv, json, plan output).
  public static func plain(_ c: Cents) -> String {
    let negative = c < 0
    let m = c.magnitude
    let units = m / 100
    let frac = m % 100
    return (negative ? "-" : "") + String(units) + (frac < 10 ? ".0" : ".") + String(frac)
  }

  /// `1,234,567.89`: thousands separators for the `table` format.
  public static func grouped(_ c: Cents) -> String {
    let negative = c < 0
    let m = c.magnitude
    let units = String(m / 100)
    let frac = m % 100
    var out = ""
    out.reserveCapacity(units.count + units.count / 3 + 4)
    for (i, ch) in units.enumerated() {
      if i > 0 && (units.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (negative ? "-" : "") + out + (frac < 10 ? ".0" : ".") + String(frac)
  }

  /// Rounds `numerator / denominator` to the nearest integer, halves away from zero.
  ///
  /// This is the `round(...)` of `spec/payment-plans.md` applied to an exact quotient.
  public static func roundHalfUp(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    precondition(denominator != 0)
    let n = (numerator < 0) != (denominator < 0) ? -1 : 1
    let a = numerator.magnitude
    let b = denominator.magnitude
    let q = a / b
    let r = a % b
    let rounded = r * 2 >= b ? q + 1 : q
    return Int64(rounded) * Int64(n)
  }
}
