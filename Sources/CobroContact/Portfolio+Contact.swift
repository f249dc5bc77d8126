import CobroPortfolio

extension Portfolio {
  /// The channels row `r`'s debtor authorised, canonical and in the order written.
  ///
  /// The `authorized_channels` cell when the column exists and the cell is not empty (a list
  /// separated by `|`, such as `whatsapp|email`; `,`, `;` and `/` are accepted too); otherwise
  /// the preferred `channel`; otherwise none, which records no authorisation.
  public func authorizedChannels(row r: Int) -> [String] {
    if let list = column(named: "authorized_channels") {
      let channels = ContactRules.channels(inList: list.text(r))
      if !channels.isEmpty { return channels }
    }
    if let preferred = column(named: "channel") {
      return ContactRules.channels(inList: preferred.text(r))
    }
    return []
  }

  /// The debtor of row `r` (`debtor_id`; the account id when there is none).
  public func debtor(row r: Int) -> String {
    guard let d = column(named: "debtor_id") else { return accountID(row: r) }
    let id = d.text(r)
    return id.isEmpty ? accountID(row: r) : id
  }

  /// The account id of row `r`.
  private func accountID(row r: Int) -> String {
    column(named: "account_id")?.text(r) ?? ""
  }
}
