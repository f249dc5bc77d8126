/// What several validation rules share: row collection, money and currency cells, the balance
/// breakdown.
extension ValidationRule {
  /// The components of the balance, in `spec/portfolio-csv.md` order.
  static let breakdownNames = ["capital", "interest", "late_interest", "fees"]

  /// The rows in `0..<count` for which `offends` holds, in order.
  @inline(__always)
  static func collect(_ count: Int, _ offends: (Int) -> Bool) -> [Int32] {
    var rows: [Int32] = []
    for r in 0..<count where offends(r) { rows.append(Int32(r)) }
    return rows
  }

  /// `["currency"]` when the money rules show the currency.
  static func moneyColumns(_ input: ValidationInput) -> [ResultTable.Column] {
    input.showsCurrency ? [.init("currency", .text)] : []
  }

  /// The currency cell of row `r` when the money rules show the currency.
  static func currencyCells(_ input: ValidationInput, _ r: Int) -> [Cell] {
    input.showsCurrency ? [.text(input.currency(r))] : []
  }

  /// `a - b` as plain money, or words when it does not fit.
  static func amount(_ a: Cents, minus b: Cents) -> String {
    let (d, overflow) = a.subtractingReportingOverflow(b)
    return overflow ? "far" : Money.plain(d)
  }

  /// `1 day`, `12 days`.
  static func days(_ n: Int) -> String { "\(n) day\(n == 1 ? "" : "s")" }

  /// The sum of the breakdown cells of row `r`, or `nil` when the row gives no breakdown.
  ///
  /// A row gives no breakdown when every one of its cells is empty. Missing columns and empty
  /// cells count as zero.
  @inline(__always)
  static func breakdownSum(_ parts: [UnsafeBufferPointer<Int64>], _ r: Int)
    -> (value: Int64, overflow: Bool)?
  {
    var any = false
    var sum: Int64 = 0
    var overflow = false
    for part in parts {
      let v = part[r]
      if v == Column.missingMoney { continue }
      any = true
      let (s, o) = sum.addingReportingOverflow(v)
      sum = s
      overflow = overflow || o
    }
    return any ? (sum, overflow) : nil
  }
}
