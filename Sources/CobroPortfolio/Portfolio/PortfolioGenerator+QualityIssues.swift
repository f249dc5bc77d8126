extension PortfolioGenerator {
  /// A deliberate data-quality problem put into a row when `qualityIssues` is on.
  ///
  /// Every spoiled row still loads (no reject): the problems are for `validate` to report.
  enum QualityIssue: Int, CaseIterable {
    /// The principal is below the balance.
    case balanceAbovePrincipal
    /// Capital + interest + late interest + fees differ from the balance.
    case breakdown
    /// The e-mail address is malformed (no `@`, two `@`, no top-level domain, a space).
    case malformedEmail
    /// The preferred channel needs a phone and there is none.
    case channelWithoutPhone
    /// The preferred channel is not among the authorised channels.
    case channelNotAuthorized
    /// The last payment date is before the issue date.
    case paymentBeforeIssue

    /// The number of kinds.
    static let count = allCases.count
  }

  /// Puts `issue` into one row (the account and this row's copy of the debtor); when the row
  /// cannot carry it (no e-mail, no payment, a tiny balance) it gets a breakdown error instead.
  func spoil(
    _ a: inout Account,
    _ d: inout Debtor,
    _ issue: QualityIssue,
    _ r: inout Xoshiro256
  ) {
    switch issue {
    case .balanceAbovePrincipal where a.balance >= 200:
      a.principal = a.balance - max(1, a.balance / 10)
    case .malformedEmail where d.emailStyle != 0:
      d.emailDefect = 1 + r.below(4)
    case .channelWithoutPhone:
      d.phoneKind = .none
      if d.channel == .email { d.channel = .whatsapp }
      d.authorized |= d.channel.bit
    case .channelNotAuthorized:
      let other = Channel(rawValue: (d.channel.rawValue + 1 + r.below(3)) % 4) ?? .sms
      d.authorized = other.bit
    case .paymentBeforeIssue where a.lastPayment != Day.missing:
      a.lastPayment = a.issue - Int32(r.int(in: 1...90))
    default:
      a.interest += Cents(r.int(in: 1...99_999))
    }
  }
}
