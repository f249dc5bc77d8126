/// Why a contact the creditor's rules would otherwise check is allowed: the debtor started it,
/// or asked for it during the day's direct contact.
///
/// Ley 2300 de 2023 limits the contacts the creditor starts. cobro's reading:
/// - `inbound`: the debtor started the contact (called, wrote). No rule refuses it: the debtor
///   chose the channel and the time. When its result reached the debtor it is that day's direct
///   contact, and counts against the creditor's next contacts like any other.
/// - `requested`: a message the debtor asked for during today's direct contact (the summary of
///   an agreement by WhatsApp). It belongs to that contact: it needs a direct contact with the
///   debtor earlier the same day and an authorised channel, and it is not itself counted by
///   the hours and frequency rules.
public enum ContactBasis: String, Sendable, CaseIterable {
  /// The debtor started the contact.
  case inbound
  /// The debtor asked for it during today's direct contact.
  case requested

  /// The word in a command (`inbound`, `requested`) or its Spanish alias (`entrante`,
  /// `solicitado`), ignoring case.
  public init?(word: String) {
    switch word.lowercased() {
    case "inbound", "entrante": self = .inbound
    case "requested", "solicitado", "solicitada": self = .requested
    default: return nil
    }
  }

  /// What the journal's note says, before the note typed: `[inbound]`, `[requested in entry
  /// 12]`.
  public func notePrefix(during contact: Int64?) -> String {
    switch self {
    case .inbound: "[inbound]"
    case .requested: "[requested in entry \(contact.map(String.init) ?? "?")]"
    }
  }
}
