/// A calendar date as a day number: days since 1970-01-01 (proleptic Gregorian).
///
/// Date columns hold the raw `Int32`; `Day.missing` (`Int32.min`) marks an empty cell, and every
/// predicate handles it explicitly.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var raw: Int32

  /// The sentinel stored for an empty date cell.
  public static let missing: Int32 = .min

  /// Creates a day from its number.
  public init(raw: Int32) {
    self.raw = raw
  }

  /// Creates a day from a valid civil date; `nil` when the date does not exist (`2026-02-30`).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= Day.daysIn(month: month, year: year)
    else { return nil }
    raw = Day.daysFromCivil(year, month, day)
  }

  /// Parses `YYYY-MM-DD`; `nil` when malformed or impossible.
  public init?(_ text: String) {
    var s = text
    guard
      let v = s.withUTF8({ bp -> Int32? in
        guard let b = bp.baseAddress else { return nil }
        return Day.parseISO(b, 0, bp.count)
      })
    else { return nil }
    raw = v
  }

  /// Year, month and day of this date.
  public var civil: (year: Int, month: Int, day: Int) { Day.civilFromDays(raw) }

  /// `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = civil
    return Day.pad4(y) + "-" + Day.pad2(m) + "-" + Day.pad2(d)
  }

  /// Day of the week, 0 = Monday … 6 = Sunday.
  public var weekday: Int {
    let w = (Int(raw) + 3) % 7  // 1970-01-01 was a Thursday (3)
    return w < 0 ? w + 7 : w
  }

  /// The day `n` days later.
  public func adding(days n: Int) -> Day { Day(raw: raw + Int32(n)) }

  /// The same day `k` months later, or that month's last day when it is shorter.
  public func adding(months k: Int) -> Day {
    let (y, m, d) = civil
    let total = y * 12 + (m - 1) + k
    let ny = total / 12
    let nm = total % 12 + 1
    let nd = min(d, Day.daysIn(month: nm, year: ny))
    return Day(raw: Day.daysFromCivil(ny, nm, nd))
  }

  /// Orders days chronologically.
  public static func < (a: Day, b: Day) -> Bool { a.raw < b.raw }

  /// Whether `year` is a Gregorian leap year.
  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  /// Number of days of `month` (1-12) in `year`.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Howard Hinnant's days-from-civil.
  @inline(__always)
  public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int32 {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return Int32(era * 146097 + doe - 719468)
  }

  /// Howard Hinnant's civil-from-days.
  public static func civilFromDays(_ raw: Int32) -> (year: Int, month: Int, day: Int) {
    let z = Int(raw) + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }

  /// Parses `YYYY-MM-DD` from bytes into a day number; `nil` when malformed or impossible.
  @inline(__always)
  public static func parseISO(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int32? {
    guard e - s == 10, p[s + 4] == UInt8(ascii: "-"), p[s + 7] == UInt8(ascii: "-") else {
      return nil
    }
    return civilDigits(p, y: s, m: s + 5, d: s + 8)
  }

  /// Parses `DD/MM/YYYY` (also `D/M/YYYY` and `-` separators) into a day number.
  public static func parseDMY(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int32? {
    var parts: [Int] = []
    var v = 0
    var digits = 0
    var i = s
    while i <= e {
      if i == e || p[i] == UInt8(ascii: "/") || p[i] == UInt8(ascii: "-")
        || p[i] == UInt8(ascii: ".")
      {
        if digits == 0 || parts.count == 3 { return nil }
        parts.append(v)
        v = 0
        digits = 0
      } else {
        let d = p[i] &- 48
        if d > 9 || digits == 4 { return nil }
        v = v * 10 + Int(d)
        digits += 1
      }
      i += 1
    }
    guard parts.count == 3, parts[2] >= 1000 else { return nil }
    return Day(year: parts[2], month: parts[1], day: parts[0])?.raw
  }

  @inline(__always)
  private static func civilDigits(_ p: UnsafePointer<UInt8>, y: Int, m: Int, d: Int) -> Int32? {
    let y0 = p[y] &- 48
    let y1 = p[y + 1] &- 48
    let y2 = p[y + 2] &- 48
    let y3 = p[y + 3] &- 48
    let m0 = p[m] &- 48
    let m1 = p[m + 1] &- 48
    let d0 = p[d] &- 48
    let d1 = p[d + 1] &- 48
    if y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 {
      return nil
    }
    let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
    let month = Int(m0) * 10 + Int(m1)
    let day = Int(d0) * 10 + Int(d1)
    guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year)
    else { return nil }
    return daysFromCivil(year, month, day)
  }

  private static func pad2(_ v: Int) -> String { v < 10 ? "0" + String(v) : String(v) }

  private static func pad4(_ v: Int) -> String {
    let s = String(v)
    return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
  }
}
