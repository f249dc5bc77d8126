import CobroPlan
import CobroPortfolio

/// The placeholders a message template can use, and their values for some accounts of a debtor.
///
/// A message is about one or more accounts of one debtor (a campaign names all of the debtor's
/// accounts in it); the first account is the one the message leads with, the oldest due date.
///
/// Text placeholders: `debtor_name`, `first_name` (the first word of a person's name, after the
/// comma in `Gómez, Ana`; the whole name of a company), `debtor_id`, `account` (the first account), `accounts` (`CO-1, CO-2 y
/// CO-3`), `account_count`, `your_accounts` (`su obligación CO-1` or `sus obligaciones CO-1 y
/// CO-2`), `n` and `s` (the Spanish plural endings: empty for one account, `n` and `s` for
/// several: `vence{{n}}`, `reportada{{s}}`), `balance` (the total at the as-of date, `$` and
/// grouped digits, followed by the currency code when it is not COP), `currency`, `due_date`
/// (the oldest due date in words: `5 de diciembre de 2026`), `days_overdue` (`45 días`, the
/// first account's), `days_to_due` (`3 días`, only before the due date), `as_of`,
/// `report_date` (the as-of date plus 20 days: the earliest credit-bureau report after a notice
/// sent today, Ley 1266 de 2008 art. 12), and, when `plan` is true, `plan_installments`,
/// `plan_installment` and `plan_first_date`.
///
/// Flags (sections): `several_accounts`; `plan`, true when a plan of ``planInstallments``
/// installments at ``planRate`` monthly (French, no down payment, from the as-of date, the terms
/// of `offers`) can be computed for the total (one currency, a positive balance); and
/// `legal_action`, false when any of the accounts may be past prescription.
///
/// Prescription: cobro does not know which accounts are títulos valores (3 years, Código de
/// Comercio art. 789) and which ordinary obligations (5 years for the executive action, Código
/// Civil art. 2536), so it takes the shortest term, the safe reading: an account whose due date
/// is ``prescriptionYears`` years or more before the as-of date (or that has no due date) is
/// past prescription, and no message about it threatens legal action.
public enum MessageValues {
  /// The installments of the plan a message offers.
  public static let planInstallments = 6
  /// The monthly rate of the plan a message offers (that of `offers`).
  public static let planRate = "1%"
  /// Years after the due date from which a debt may be past prescription.
  public static let prescriptionYears = 3
  /// Days between a credit-bureau notice and the earliest report.
  public static let bureauNoticeDays = 20

  /// Every placeholder and section name a template may use.
  public static let names: Set<String> = [
    "debtor_name", "first_name", "debtor_id", "account", "accounts", "account_count",
    "your_accounts", "n", "s", "balance", "currency", "due_date", "days_overdue", "days_to_due",
    "as_of", "report_date", "plan_installments", "plan_installment", "plan_first_date",
    "several_accounts", "plan", "legal_action",
  ]

  /// Whether an account due on `due` may be past prescription at `asOf`.
  public static func pastPrescription(due: Day?, asOf: Day) -> Bool {
    guard let due else { return true }
    return due.adding(months: 12 * prescriptionYears) <= asOf
  }

  /// The plan terms of the offer at `asOf`, computed once for many messages.
  public static func planCalculator(asOf: Day) -> PlanCalculator? {
    do throws(PlanError) {
      var request = PlanRequest(installments: planInstallments, start: asOf)
      request.rate = try InterestRate.parse(planRate, effectiveAnnual: false)
      return try PlanCalculator(request)
    } catch {
      return nil
    }
  }

  /// The values for the accounts at `rows` (the first leads the message) at `asOf`.
  ///
  /// `calculator` is ``planCalculator(asOf:)`` made once by a caller that renders many messages.
  public static func values(
    portfolio p: Portfolio,
    rows: [Int],
    asOf: Day,
    calculator: PlanCalculator? = nil
  ) -> [String: MessageValue] {
    precondition(!rows.isEmpty, "a message is about at least one account")
    var v: [String: MessageValue] = [:]
    let first = rows[0]
    func cell(_ name: String, _ r: Int) -> String? {
      guard let c = p.column(named: name) else { return nil }
      let t = c.text(r)
      return t.isEmpty ? nil : t
    }
    let ids = rows.map { cell("account_id", $0) ?? "" }
    let several = rows.count > 1
    if let name = cell("debtor_name", first) {
      v["debtor_name"] = .text(name)
      let company = cell("debtor_type", first)?.lowercased() == "company"
      // `Gómez, Ana` is written surname first.
      let given = name.split(separator: ",", maxSplits: 1).last.map(String.init) ?? name
      let firstWord = given.split(separator: " ").first.map(String.init) ?? name
      v["first_name"] = .text(company ? name : firstWord)
    }
    if let id = cell("debtor_id", first) { v["debtor_id"] = .text(id) }
    v["account"] = .text(ids[0])
    v["accounts"] = .text(spanishList(ids))
    v["account_count"] = .text(String(rows.count))
    v["your_accounts"] = .text(
      (several ? "sus obligaciones " : "su obligación ") + spanishList(ids)
    )
    v["n"] = .text(several ? "n" : "")
    v["s"] = .text(several ? "s" : "")
    v["several_accounts"] = .flag(several)

    // The total per currency, in the order currencies first appear.
    var currencies: [String] = []
    var totals: [String: Cents] = [:]
    var overflow = false
    for r in rows {
      let c = cell("currency", r) ?? CanonicalSchema.defaultCurrency
      if totals[c] == nil { currencies.append(c) }
      let (sum, o) = (totals[c] ?? 0).addingReportingOverflow(p.balance(row: r, asOf: asOf))
      overflow = overflow || o
      totals[c] = sum
    }
    if !overflow {
      v["balance"] = .text(
        currencies.map { amountText(totals[$0] ?? 0, currency: $0) }.joined(separator: " y ")
      )
    }
    v["currency"] = .text(currencies.joined(separator: ", "))

    let dueDates = rows.map { r -> Day? in
      let d = p.dueDates[r]
      return d == Day.missing ? nil : Day(raw: d)
    }
    if let due = dueDates[0] {
      v["due_date"] = .text(words(due))
      if due > asOf {
        let n = Int(due.raw - asOf.raw)
        v["days_to_due"] = .text(daysText(n))
      }
    }
    v["days_overdue"] = .text(daysText(p.daysOverdue(row: first, asOf: asOf)))
    v["as_of"] = .text(words(asOf))
    v["report_date"] = .text(words(asOf.adding(days: bureauNoticeDays)))
    v["legal_action"] = .flag(!dueDates.contains { pastPrescription(due: $0, asOf: asOf) })

    // No offer when the total is in several currencies, not positive, or the engine refuses it.
    var planned = false
    if !overflow, currencies.count == 1, let total = totals[currencies[0]], total > 0,
      let terms = calculator ?? planCalculator(asOf: asOf),
      let plan = try? terms.plan(PlanBalance(total)),
      let amount = plan.summary.installmentAmount, let date = plan.summary.firstInstallmentDate
    {
      v["plan_installments"] = .text(String(planInstallments))
      v["plan_installment"] = .text(amountText(amount, currency: currencies[0]))
      v["plan_first_date"] = .text(words(date))
      planned = true
    }
    v["plan"] = .flag(planned)
    return v
  }

  /// `$1,234.56`, with the currency code after it when it is not the default
  /// (`CanonicalSchema.defaultCurrency`).
  public static func amountText(_ c: Cents, currency: String) -> String {
    let sign = c < 0 ? "-" : ""
    let magnitude = Money.grouped(c).drop { $0 == "-" }
    return sign + "$" + magnitude
      + (currency.isEmpty || currency == CanonicalSchema.defaultCurrency ? "" : " " + currency)
  }

  /// `1 día`, `45 días`.
  public static func daysText(_ n: Int) -> String { n == 1 ? "1 día" : "\(n) días" }

  /// `a`, `a y b`, `a, b y c`.
  public static func spanishList(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " y " + (items.last ?? "")
  }

  /// The Spanish month names.
  private static let months = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
  ]

  /// A date in Spanish words: `5 de diciembre de 2026`.
  public static func words(_ d: Day) -> String {
    let (y, m, day) = d.civil
    return "\(day) de \(months[m - 1]) de \(y)"
  }
}
