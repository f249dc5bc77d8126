import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `validate [RULE]`.
extension ValidateCommands {
  static let validate = CommandDefinition(
    name: "validate",
    aliases: ["validar"],
    group: .explore,
    synopsis: "validate [RULE]",
    summary: "data-quality report: one row per rule; with RULE, every offending account",
    details: validateDetails,
    example: "validate\nvalidate prescription_past"
  ) { session, inv in
    var cursor = inv.cursor
    let ruleToken = cursor.next()
    try cursor.expectEnd()
    var rule: ValidationRule?
    if let ruleToken {
      guard let found = ValidationRule.named(ruleToken.text) else {
        throw unknownRule(ruleToken, inv)
      }
      rule = found
    }
    let portfolio = try Arguments.portfolio(session, inv)
    warnAboutCutoff(session, portfolio)
    let validation = Validation(portfolio: portfolio, asOf: session.settings.asOf)
    guard let rule else {
      session.emit(validation.summary())
      return
    }
    if let reason = validation.skipReason(for: rule) {
      session.report(.ruleSkipped(rule.name, reason: reason))
    }
    session.emit(validation.offenders(of: rule))
  }

  /// `help validate`: the shapes, every rule and the readings behind them.
  static var validateDetails: String {
    let width = ValidationRule.all.map(\.name.count).max() ?? 0
    let rules = ValidationRule.all.map { rule in
      "  " + rule.name + String(repeating: " ", count: width - rule.name.count + 2) + rule.summary
    }
    let threshold = ValidationRule.writeOffThreshold
    let window = ValidationRule.prescriptionWarningDays
    return """
      Without RULE: one row per rule, in the order below, with the columns rule, count,
      examples, description. count is the number of offending accounts; examples the first
      three of their account ids in file order, separated by ', '. A rule that needs a column
      the file lacks is skipped: its count and examples are empty and its description says
      'skipped: no 'phone' column'.
      With RULE: every offending account with account_id, debtor_id, debtor_name, the values
      that make it offend, and a reason. Money rules show the currency when the file has one.

      Rules:
      \(rules.joined(separator: "\n"))

      Readings:
      - Balances, statuses, principal and breakdown are checked as the file gives them (at its
        cut-off); days overdue, prescription and payment dates use the as-of date.
      - long_overdue_not_written_off: more than \(threshold) days overdue (the 361+ bucket) with
        status active (or no status).
      - breakdown_mismatch runs when the file has any of capital, interest, late_interest, fees;
        a missing part counts as zero; a row with no part filled is not checked.
      - last_payment_in_future: after the as-of date, or after the cut-off when that is later.
      - channel_without_contact: a channel whose contact column the file lacks is not checked.
      - channel_not_authorized: authorized_channels lists channels separated by '|' (English or
        Spanish names); an empty cell authorises the preferred channel.
      - malformed_phone: spaces, '-', '.', '(' and ')' are ignored. A Colombian number has 10
        digits, 3… for a mobile or 60… for a landline (the 2022 numbering plan; an old 7-digit
        landline is malformed), optionally after +57, 0057 or 57. '+' (or '00') with another
        country code takes 8 to 15 digits in all.
      - malformed_email: one '@'; before it up to 64 of letters, digits and .!#$%&'*+/=?^_`{|}~-
        (no '.' at either end or twice in a row); after it labels of letters, digits and '-'
        separated by '.', ending in a top-level domain of 2 or more letters; no spaces, no accents.
      - debtor_name_conflict compares names ignoring case, accents, spaces and punctuation; every
        account of such a debtor is listed.
      - invalid_currency: ISO 4217 list one as of 2025; XTS and XXX are refused.
      - prescription_near / prescription_past: the prescription date is the due date plus 3 years
        for invoices and other títulos valores (product factura, invoice, pagaré, letra; Código
        de Comercio art. 789), plus 5 years otherwise (Código Civil art. 2536). Past: the as-of
        date is after it; near: it falls within the next \(window) days, that day included. Paid
        accounts and zero balances are left out. Interruptions (a payment, an acknowledgement, a
        lawsuit) are unknown to cobro: check before acting.
      - file_overdue_mismatch compares file_overdue, file_mora and file_dias_mora (the loader's
        names for a file's own days-overdue column) with the days overdue at the as-of date;
        whole numbers such as '45' or '45.0' are read, a negative value counts as 0.
      """
  }

  /// The error for a rule name that does not exist.
  static func unknownRule(_ token: Token, _ inv: CommandInvocation) -> Diagnostic {
    let names = ValidationRule.all.map(\.name)
    var notes: [Diagnostic.Message] = []
    if let s = Suggestion.closest(to: token.text, among: names) {
      notes.append(QueryMessages.didYouMean(s))
    }
    notes.append("rules: \(names.joined(separator: ", "))")
    return inv.error("unknown rule '\(token.text)'", at: token, notes: notes)
  }
}
