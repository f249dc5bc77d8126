@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// A random plan written as the user would type it, for property tests and the cross-check.
struct RandomPlanCase: CustomStringConvertible {
  /// The balance in cents.
  var balance: Cents
  /// The breakdown, when the account has one.
  var breakdown: Breakdown?
  /// `waive` pairs as typed.
  var waivers: [(PlanComponent, String)]
  /// `discount` as typed (without `%`).
  var discount: String
  /// `down` as typed.
  var down: String?
  /// `rate` as typed.
  var rate: String
  /// Whether `ea` followed the rate.
  var ea: Bool
  /// `installments`.
  var installments: Int
  /// `start`.
  var start: String
  /// `first`.
  var first: String?
  /// `method`.
  var method: PlanMethod
  /// The discount-rate setting.
  var npvRate: String?
  /// The usury-cap setting.
  var cap: String?

  /// Draws a case; most are ordinary, a few are extreme (huge balances, 1200 installments,
  /// first installment in the start month, 100% discounts, rates near 100%).
  init(using g: inout SplitMix64) {
    func pick(_ weights: [Int]) -> Int {
      var x = Int.random(in: 0..<weights.reduce(0, +), using: &g)
      for (i, w) in weights.enumerated() {
        if x < w { return i }
        x -= w
      }
      return weights.count - 1
    }
    func decimals(_ whole: ClosedRange<Int>, maxDecimals: Int) -> String {
      let w = Int.random(in: whole, using: &g)
      let d = Int.random(in: 0...maxDecimals, using: &g)
      if d == 0 { return String(w) }
      let frac = (0..<d).map { _ in String(Int.random(in: 0...9, using: &g)) }.joined()
      return "\(w).\(frac)"
    }
    switch pick([3, 10, 60, 20, 7]) {
    case 0: balance = 0
    case 1: balance = Int64.random(in: 1...999, using: &g)
    case 2: balance = Int64.random(in: 10_000...1_000_000_000, using: &g)
    case 3: balance = Int64.random(in: 1_000_000_000...10_000_000_000_000, using: &g)
    default: balance = Int64.random(in: 0...PlanCalculator.maxBalance, using: &g)
    }
    waivers = []
    breakdown = nil
    if Int.random(in: 0..<10, using: &g) < 3 {
      let a = Int64.random(in: 0...balance, using: &g)
      let b = Int64.random(in: 0...(balance - a), using: &g)
      let c = Int64.random(in: 0...(balance - a - b), using: &g)
      breakdown = Breakdown(capital: a, interest: b, lateInterest: c, fees: balance - a - b - c)
      for component in PlanComponent.allCases where Bool.random(using: &g) {
        let p = ["100", "50", "33.333", "12.5", decimals(0...100, maxDecimals: 3)]
        var text = p[Int.random(in: 0..<p.count, using: &g)]
        if text.hasPrefix("100."), text != "100" { text = "100" }
        waivers.append((component, text))
      }
    }
    switch pick([20, 30, 40, 5, 5]) {
    case 0: discount = "0"
    case 1: discount = ["5", "10", "12.5", "33.3333333", "50"][Int.random(in: 0..<5, using: &g)]
    case 2: discount = decimals(0...60, maxDecimals: 4)
    case 3: discount = "100"
    default: discount = decimals(0...99, maxDecimals: 30)
    }
    switch pick([30, 40, 25, 5]) {
    case 0: down = nil
    case 1: down = decimals(0...40, maxDecimals: 3) + "%"
    case 2: down = Money.plain(Int64.random(in: 0...max(0, balance / 3), using: &g))
    default: down = "100%"
    }
    ea = false
    switch pick([10, 55, 15, 8, 12]) {
    case 0: rate = "0"
    case 1: rate = decimals(0...4, maxDecimals: 4) + "%"
    case 2:
      let digits = Int.random(in: 1...12, using: &g)
      let v = Int64.random(in: 0..<Int64(min(1_000_000_000_000, pow10(digits) / 10 + 1)), using: &g)
      let s = String(v)
      rate = "0." + String(repeating: "0", count: max(0, digits - s.count)) + s
    case 3: rate = decimals(10...99, maxDecimals: 3) + "%"
    default:
      rate = decimals(0...60, maxDecimals: 3) + "%"
      ea = true
    }
    switch pick([60, 25, 12, 3]) {
    case 0: installments = Int.random(in: 1...24, using: &g)
    case 1: installments = Int.random(in: 25...120, using: &g)
    case 2: installments = Int.random(in: 121...600, using: &g)
    default: installments = Int.random(in: 601...1200, using: &g)
    }
    let year = Int.random(in: 2000...2040, using: &g)
    let month = Int.random(in: 1...12, using: &g)
    let day =
      Bool.random(using: &g)
      ? Day.daysIn(month: month, year: year) - Int.random(in: 0...3, using: &g)
      : Int.random(in: 1...28, using: &g)
    let startDay = Day(year: year, month: month, day: day) ?? Day(raw: 20_000)
    start = startDay.description
    first =
      Int.random(in: 0..<10, using: &g) < 3
      ? startDay.adding(days: Int.random(in: 0...120, using: &g)).description : nil
    method = Int.random(in: 0..<10, using: &g) < 7 ? .french : .german
    npvRate = Bool.random(using: &g) ? decimals(0...60, maxDecimals: 4) + "%" : nil
    cap = Bool.random(using: &g) ? decimals(15...40, maxDecimals: 4) + "%" : nil
  }

  /// The request, balance and settings, through the same parsers as the command.
  func parsed() throws -> (PlanBalance, PlanRequest, PlanSettings) {
    var request = PlanRequest(
      installments: installments,
      start: try PlanRequest.parseDate(start, for: .start)
    )
    request.rate = try InterestRate.parse(rate, effectiveAnnual: ea)
    request.down = try down.map { text throws(PlanError) in try DownPayment.parse(text) }
    request.discount = try Percentage.parse(discount + "%", for: .discount)
    request.waivers = try waivers.enumerated().map { i, w throws(PlanError) in
      PlanRequest.Waiver(w.0, try Percentage.parse(w.1, for: .waiver(index: i)))
    }
    request.first = try first.map { text throws(PlanError) in
      try PlanRequest.parseDate(text, for: .first)
    }
    request.method = method
    let settings = PlanSettings(
      discountRate: try npvRate.map { text throws(PlanError) in
        try Rate.parse(text, for: .discountRate)
      },
      usuryCap: try cap.map { text throws(PlanError) in try Rate.parse(text, for: .usuryCap) }
    )
    return (PlanBalance(balance, breakdown: breakdown), request, settings)
  }

  /// One input line of `plan_reference.py`.
  var referenceLine: String {
    let b = breakdown.map { "\($0.capital),\($0.interest),\($0.lateInterest),\($0.fees)" } ?? "-"
    let w =
      waivers.isEmpty ? "-" : waivers.map { "\($0.0.rawValue)=\($0.1)" }.joined(separator: ";")
    return [
      String(balance), b, w, discount, down ?? "-", rate, ea ? "1" : "0", String(installments),
      start, first ?? "-", method.rawValue, npvRate ?? "-", cap ?? "-",
    ].joined(separator: "\t")
  }

  /// The case as the user would type it.
  var description: String {
    var s = "plan \(Money.plain(balance)) installments \(installments) rate \(rate)"
    if ea { s += " ea" }
    if let down { s += " down \(down)" }
    s += " discount \(discount)%"
    for (c, p) in waivers { s += " waive \(c.rawValue) \(p)%" }
    s += " start \(start)"
    if let first { s += " first \(first)" }
    s += " method \(method.rawValue)"
    if let b = breakdown {
      s += " [breakdown \(b.capital) \(b.interest) \(b.lateInterest) \(b.fees)]"
    }
    if let npvRate { s += " [npv \(npvRate)]" }
    if let cap { s += " [cap \(cap)]" }
    return s
  }
}

/// `10^e` for small `e`.
func pow10(_ e: Int) -> Int64 {
  (0..<e).reduce(1) { acc, _ in acc * 10 }
}
