import CobroContact
import CobroDiagnostics
import CobroPlan
import CobroPortfolio

/// What the messages layer says: the rules a campaign row gets besides the contact rules', and
/// its warnings.
enum MessageRule {
  /// The rule of a debtor's accounts after the first in a campaign (the contact rules' name).
  static let oneADay = ContactRules.Rule.oneADay
  /// The rule of an account that owes nothing.
  static let nothingOwed = "nothing owed"

  /// The rule for a first account without the contact the channel needs.
  static func noContact(_ channel: MessageChannel) -> String {
    switch channel {
    case .whatsapp, .sms: "no phone that takes messages"
    case .call: "no phone"
    case .email: "no e-mail address"
    }
  }
}

extension Diagnostic {
  /// The warning for SMS that do not fit in one message (160 GSM characters, or 70 when a
  /// character outside the GSM alphabet, such as `á`, forces UCS-2).
  package static func longSMS(_ accounts: [String], worst: SMSLength) -> Diagnostic {
    let shown = accounts.prefix(5).joined(separator: ", ") + (accounts.count > 5 ? ", …" : "")
    let size =
      worst.encoding == .gsm7
      ? "\(worst.units) GSM characters, more than 160"
      : "\(worst.units) characters, more than 70: "
        + worst.foreign.map { "'\($0)'" }.joined(separator: ", ")
        + " is not in the GSM alphabet, so it goes as UCS-2"
    return Diagnostic(
      .warning,
      Diagnostic.Message(
        accounts.count == 1
          ? "the sms for \(shown) takes \(size)"
          : "\(accounts.count) sms do not fit in one message (\(shown)); the worst takes \(size)"
      ),
      notes: ["a longer text is sent as several SMS, or cut"]
    )
  }
}

extension TemplateSet {
  /// Renders the message of some accounts (the first leads it).
  package func message(
    _ channel: MessageChannel,
    _ stage: MessageStage,
    _ p: Portfolio,
    rows: [Int],
    asOf: Day,
    subject: String,
    calculator: PlanCalculator? = nil
  ) throws(Diagnostic) -> String {
    let segment = p.column(named: "segment")?.text(rows[0])
    let template = self.template(channel, stage, segment: segment)
    let values = MessageValues.values(
      portfolio: p,
      rows: rows,
      asOf: asOf,
      calculator: calculator
    )
    let text = try template.render(values, subject: "account '\(subject)'")
    return channel == .sms ? SMSLength.gsmFolded(text) : text
  }
}
