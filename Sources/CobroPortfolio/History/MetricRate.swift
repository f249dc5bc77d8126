import CobroDiagnostics

/// Shares and rates of the metrics over time: exact until one rounding.
///
/// A rate `part / whole` is computed in 128-bit integers and rounded once, half up (ties away
/// from zero), to hundredths of a percent: `1 / 3` is `33.33`, `1 / 8` is `12.50`, `2 / 3` is
/// `66.67`, `1 / 16000` (0.00625%) is `0.01` and `1 / 40000` (0.0025%) is `0.00`.
public enum MetricRate {
  /// `part / whole × 100`, in hundredths of a percent, half up; `nil` when `whole` is 0.
  public static func hundredths(_ part: Int64, of whole: Int64) -> Int64? {
    guard whole != 0 else { return nil }
    let numerator = Int128(part) * 10_000
    let denominator = Int128(whole)
    let negative = (numerator < 0) != (denominator < 0)
    let a = numerator.magnitude
    let b = denominator.magnitude
    var q = a / b
    if (a % b) * 2 >= b { q += 1 }
    let value = Int64(q)
    return negative ? -value : value
  }

  /// `part / whole`, half up, to `scale` decimals, as text (`0.83` for 5 / 6 at 2 decimals);
  /// `nil` when `whole` is 0.
  public static func ratio(_ part: Int64, of whole: Int64, scale: Int) -> String? {
    guard whole != 0 else { return nil }
    var factor: Int128 = 1
    for _ in 0..<scale { factor *= 10 }
    let numerator = Int128(part) * factor
    let denominator = Int128(whole)
    let negative = (numerator < 0) != (denominator < 0)
    let a = numerator.magnitude
    let b = denominator.magnitude
    var q = a / b
    if (a % b) * 2 >= b { q += 1 }
    let whole = q / UInt128(factor)
    let fraction = q % UInt128(factor)
    var text = String(whole)
    if scale > 0 {
      let digits = String(fraction)
      text += "." + String(repeating: "0", count: scale - digits.count) + digits
    }
    return (negative && q != 0 ? "-" : "") + text
  }
}
