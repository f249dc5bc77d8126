import CobroDiagnostics

/// The cut-off date a portfolio file's name gives, as banks name their monthly files.
///
/// The name (without folders and extension) is split into runs of digits; the first run or
/// runs that read as a date give it:
///
/// - `2026-10-31`, `2026_10_31`, `20261031`: that day;
/// - `31-10-2026`, `31_10_2026`, `31102026`: that day, day first;
/// - `2026-10`, `2026_10`, `202610`: the last day of that month (a monthly cut-off).
///
/// A name with no such date, or with two different ones, gives none.
public enum CutoffFileName {
  /// The date a file name gives, if exactly one.
  public static func date(of path: String) -> Day? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let stem = name.split(separator: ".").first.map(String.init) ?? name
    let runs = stem.split { !$0.isASCII || !$0.isNumber }.map(String.init)
    var found: Set<Day> = []
    var i = 0
    while i < runs.count {
      let run = runs[i]
      if i + 2 < runs.count, let d = threeParts(run, runs[i + 1], runs[i + 2]) {
        found.insert(d)
        i += 3
        continue
      }
      if i + 1 < runs.count, let d = yearMonth(run, runs[i + 1]) {
        found.insert(d)
        i += 2
        continue
      }
      if let d = packed(run) { found.insert(d) }
      i += 1
    }
    return found.count == 1 ? found.first : nil
  }

  /// `YYYY MM DD` or `DD MM YYYY`.
  private static func threeParts(_ a: String, _ b: String, _ c: String) -> Day? {
    guard b.count == 2 || b.count == 1, let m = Int(b) else { return nil }
    if a.count == 4, c.count <= 2, let y = Int(a), let d = Int(c) {
      return Day(year: y, month: m, day: d)
    }
    if c.count == 4, a.count <= 2, let y = Int(c), let d = Int(a) {
      return Day(year: y, month: m, day: d)
    }
    return nil
  }

  /// `YYYY MM`: the month's last day.
  private static func yearMonth(_ a: String, _ b: String) -> Day? {
    guard a.count == 4, b.count == 2, let y = Int(a), let m = Int(b) else { return nil }
    return lastDay(y, m)
  }

  /// `YYYYMMDD`, `DDMMYYYY` or `YYYYMM`.
  private static func packed(_ run: String) -> Day? {
    let digits = Array(run)
    func number(_ r: Range<Int>) -> Int { Int(String(digits[r])) ?? -1 }
    switch digits.count {
    case 8:
      let isoYear = number(0..<4)
      if isoYear >= 1900 && isoYear <= 2199,
        let d = Day(year: isoYear, month: number(4..<6), day: number(6..<8))
      {
        return d
      }
      return Day(year: number(4..<8), month: number(2..<4), day: number(0..<2))
    case 6:
      let y = number(0..<4)
      guard y >= 1900 && y <= 2199 else { return nil }
      return lastDay(y, number(4..<6))
    default:
      return nil
    }
  }

  /// The last day of a month, or `nil` for a month that is not one.
  private static func lastDay(_ y: Int, _ m: Int) -> Day? {
    guard y >= 1900 && y <= 2199, (1...12).contains(m) else { return nil }
    return Day(year: y, month: m, day: Day.daysIn(month: m, year: y))
  }
}
