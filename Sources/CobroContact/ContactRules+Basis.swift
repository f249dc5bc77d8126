import CobroJournal

extension ContactRules {
  /// The direct contact (a contact that reached the debtor) made earlier on the day of `at`,
  /// the latest one: the contact a requested message belongs to; `nil` when there is none.
  public func directContactToday(debtor: String, at: LocalTime) -> ContactLogItem? {
    log(debtor: debtor).last { $0.at <= at && $0.at.day == at.day && $0.result.reachedDebtor }
  }
}
