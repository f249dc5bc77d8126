import CobroContact
import CobroJournal
import CobroShell

extension Session {
  /// The contact rule set of `set rules` (`co` by default).
  public var contactRuleSet: ContactRuleSet {
    settings.contactRuleSet
  }

  /// The time contact rules check: the as-of date at the `set at` time.
  public var contactTime: LocalTime {
    LocalTime(day: settings.asOf, minute: settings.atMinutes)
  }

  /// The debtor of `account` in the portfolio; an account the portfolio does not hold is its
  /// own debtor.
  public func debtor(ofAccount account: String) -> String {
    portfolio.flatMap { p in p.row(ofAccount: account).map(p.debtor(row:)) } ?? account
  }

  /// The rules in force (`set rules`), with the journal's contact log (account→debtor from the
  /// portfolio).
  ///
  /// Cancelled contacts do not count, nor messages the debtor requested (they belong to the
  /// day's direct contact, ``ContactBasis``); an entry's time is its stamp (`recorded_at`). An
  /// account the portfolio does not hold counts as its own debtor.
  public func contactRules() throws(JournalError) -> ContactRules {
    contactRules(entries: try journalEntries())
  }

  /// The rules in force with the contact log of `entries` (other kinds, cancelled contacts and
  /// requested messages are skipped).
  public func contactRules(entries: [JournalEntry]) -> ContactRules {
    var log: [ContactLogItem] = []
    for e in entries where e.kind == .contact && e.cancelledBy == nil && e.basis != .requested {
      guard let channel = e.channel, let result = e.result else { continue }
      let at = LocalTime(parsing: e.recordedAt) ?? LocalTime(day: e.recordedOn, minute: 0)
      let debtor = portfolio.flatMap { p in p.row(ofAccount: e.account).map(p.debtor(row:)) }
      log.append(
        ContactLogItem(
          account: e.account,
          debtor: debtor ?? e.account,
          channel: channel,
          result: result,
          at: at,
          entry: e.id
        )
      )
    }
    return ContactRules(set: contactRuleSet, log: log)
  }
}
