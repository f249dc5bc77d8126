/// The prescription law of the validation rules: the term of each product and the accounts
/// past or near their prescription date.
extension ValidationRule {
  /// Product spellings that are títulos valores, compared after `CanonicalSchema.normalize`.
  ///
  /// Their actions prescribe in 3 years (Código de Comercio, article 789).
  static let titleProducts: Set<String> = [
    "invoice", "invoices", "factura", "facturas", "facturaelectronica", "facturaventa",
    "pagare", "pagares", "promissorynote", "letracambio", "letra", "billofexchange",
    "titulovalor", "titulosvalores",
  ]

  /// The prescription term in years of each product code.
  ///
  /// 3 for títulos valores, 5 otherwise (the executive action of Código Civil, article 2536).
  static func prescriptionYears(_ product: CategoryColumn?) -> [Int] {
    guard let product else { return [] }
    return product.values.map { titleProducts.contains(CanonicalSchema.normalize($0)) ? 3 : 5 }
  }

  /// The latest due date whose prescription date (due date + `years`, clamped to the month's end
  /// as `Day.adding(months:)` does) is before `limit`.
  ///
  /// `adding(months:)` never decreases, so the due dates that qualify are all those up to the
  /// returned one; a binary search finds it.
  static func latestDue(prescribingBefore limit: Int32, years: Int) -> Int32 {
    var lo = Int(limit) - 366 * years - 2  // qualifies
    var hi = Int(limit) - 365 * years + 2  // does not
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if Day(raw: Int32(mid)).adding(months: 12 * years).raw < limit { lo = mid } else { hi = mid }
    }
    return Int32(lo)
  }

  /// Rows past (or near) prescription: a due date, a balance above zero at the as-of date and
  /// a status other than paid.
  ///
  /// The prescription date is the due date plus the term; an account is past when the as-of date
  /// is after it and near when it falls within the next `prescriptionWarningDays` days (the day
  /// itself included). Interruptions (a payment, an acknowledgement, a lawsuit) are not known to
  /// cobro: the flag asks for a check, it is not a legal finding.
  static func prescriptionScan(_ input: ValidationInput, past: Bool) -> [Int32] {
    let asOf = input.asOf.raw
    let window = Int32(prescriptionWarningDays)
    // due <= pastMax[y]: prescribed; pastMax[y] < due <= nearMax[y]: near.
    let pastMax3 = latestDue(prescribingBefore: asOf, years: 3)
    let nearMax3 = latestDue(prescribingBefore: asOf &+ window &+ 1, years: 3)
    let pastMax5 = latestDue(prescribingBefore: asOf, years: 5)
    let nearMax5 = latestDue(prescribingBefore: asOf &+ window &+ 1, years: 5)
    let product = input.category("product")
    let years = prescriptionYears(product)
    let codes = product?.codes
    let due = input.computed.dueDates
    let status = input.status
    let paid = StatusKind.paid.rawValue
    let computed = input.computed
    return collect(input.rowCount) { r in
      let d = due[r]
      guard d != Day.missing else { return false }
      let three = codes.map { years[Int($0[r])] == 3 } ?? false
      let lo = three ? pastMax3 : pastMax5
      let hi = three ? nearMax3 : nearMax5
      let inWindow = past ? d <= lo : (d > lo && d <= hi)
      return inWindow && status[r] != paid && computed.balance(row: r) > 0
    }
  }

  /// The detail columns of the prescription rules.
  static func prescriptionColumns(_ input: ValidationInput, days: String) -> [ResultTable.Column] {
    (input.category("product") != nil ? [.init("product", .text)] : [])
      + [
        .init("due_date", .date), .init("term_years", .integer),
        .init("prescription_date", .date), .init(days, .integer),
      ]
  }

  /// The common detail cells of the prescription rules, the prescription date and the term.
  static func prescriptionCells(_ input: ValidationInput, _ r: Int) -> ([Cell], Day, Int) {
    let product = input.category("product")
    let years = product.map { prescriptionYears($0)[Int($0.code(r))] } ?? 5
    let due = Day(raw: input.computed.dueDates[r])
    let date = due.adding(months: 12 * years)
    var cells: [Cell] = product.map { [.text($0.string(r))] } ?? []
    cells += [.date(due), .integer(Int64(years)), .date(date)]
    return (cells, date, years)
  }
}
