import CobroCore
import CobroPortfolio

/// Naive, row-by-row answers computed from the plain values a random portfolio was made from,
/// written independently of the engine, to check it against.
struct Oracle {
  let data: RandomPortfolio
  let asOf: Day
  /// Whether the payments file is loaded.
  let payments: Bool
  /// Bucket upper bounds.
  var bounds = [30, 60, 90, 180, 360]
  /// The class of each debtor.
  private var classes: [String: String] = [:]

  init(data: RandomPortfolio, asOf: Day, payments: Bool, bounds: [Int] = [30, 60, 90, 180, 360]) {
    self.data = data
    self.asOf = asOf
    self.payments = payments
    self.bounds = bounds
    var counts: [String: (Int, Int)] = [:]
    for a in data.accounts where data.exists(a, asOf: asOf) {
      var c = counts[a.debtor] ?? (0, 0)
      if payments {
        for p in lateness(a) where p.date <= asOf {
          if p.daysLate > 0 { c.1 += 1 } else { c.0 += 1 }
        }
      } else {
        c.0 += Int(a.onTime ?? 0)
        c.1 += Int(a.late ?? 0)
      }
      counts[a.debtor] = c
    }
    for (d, c) in counts {
      let n = c.0 + c.1
      let late = c.1
      classes[d] =
        n < 3
        ? "unknown"
        : Double(late) <= Double(n) * 0.1
          ? "punctual" : Double(late) >= Double(n) * 0.5 ? "habitual" : "occasional"
    }
  }

  func exists(_ a: TestAccount) -> Bool { data.exists(a, asOf: asOf) }
  func balance(_ a: TestAccount) -> Int64 { data.balance(a, asOf: asOf, payments: payments) }
  func overdue(_ a: TestAccount) -> Int { data.overdue(a, asOf: asOf, payments: payments) }
  func bucket(_ a: TestAccount) -> String {
    data.bucket(a, asOf: asOf, bounds: bounds, payments: payments)
  }
  func status(_ a: TestAccount) -> String { a.status.isEmpty ? "active" : a.status }

  /// Lowercase without accents, as `~` compares.
  static func fold(_ s: String) -> String {
    let map: [Character: Character] = [
      "á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ñ": "n", "Á": "a", "É": "e", "Í": "i",
      "Ó": "o", "Ú": "u", "Ñ": "n", "ü": "u", "Ü": "u",
    ]
    return String(s.map { map[$0] ?? Character($0.lowercased()) })
  }

  /// Days late of each payment of an account (the rule of `PaymentTiming`, written again).
  func lateness(_ a: TestAccount) -> [(date: Day, daysLate: Int)] {
    let ps = data.payments(of: a.id)
    var out = [(Day, Int)](repeating: (a.due, 0), count: ps.count)
    var k = a.balance <= 0 ? 0 : 1
    for i in stride(from: ps.count - 1, through: 0, by: -1) {
      let p = ps[i]
      if p.date > a.due {
        out[i] = (p.date, Int(p.date.raw - a.due.raw))
      } else {
        let installment = a.due.adding(months: -k)
        out[i] = (p.date, p.date <= installment ? 0 : Int(p.date.raw - installment.raw))
        k += 1
      }
    }
    return out
  }

  /// The class of a debtor at the as-of date.
  func behavior(_ debtor: String) -> String { classes[debtor] ?? "unknown" }

  /// Half-up percentage in hundredths (written with Double-free integer steps).
  static func share(_ part: Int64, _ whole: Int64) -> Int64 {
    guard whole != 0 else { return 0 }
    let num = part * 10_000
    let negative = (num < 0) != (whole < 0)
    let a = abs(num)
    let b = abs(whole)
    let q = a / b + ((a % b) * 2 >= b ? 1 : 0)
    return negative ? -q : q
  }
}
