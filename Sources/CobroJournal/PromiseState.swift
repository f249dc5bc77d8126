import CobroPortfolio

/// Where a promise to pay stands at the as-of date.
///
/// The payments that count are those dated from the day the promise was recorded through its
/// date plus the grace days, and not after the as-of date. A promise is `kept` once they add up
/// to the promised amount; when its date plus grace has passed (the as-of date is later) without
/// that, it is `partial` if anything was paid and `broken` otherwise; before, it is `pending`.
public enum PromiseState: String, Sendable, CaseIterable {
  /// Not kept yet, and its date plus grace has not passed.
  case pending
  /// Paid in full within the window.
  case kept
  /// Its window has passed with something, but not all, paid.
  case partial
  /// Its window has passed with nothing paid.
  case broken
  /// The promise was cancelled.
  case cancelled

  /// The state of `promise` given the account's payments (oldest first) and the as-of date.
  ///
  /// - Returns: the amount paid within the window (never more than the sum of those payments;
  ///   saturated at `Int64.max`) and the state.
  public static func evaluate(
    _ promise: JournalEntry,
    payments: [(date: Day, amount: Cents)],
    asOf: Day,
    graceDays: Int
  ) -> (paid: Cents, state: PromiseState) {
    let due = promise.due ?? promise.recordedOn
    let deadline = due.adding(days: graceDays)
    let last = min(deadline.raw, asOf.raw)
    var paid: Cents = 0
    for p in payments where p.date.raw >= promise.recordedOn.raw && p.date.raw <= last {
      let (sum, overflow) = paid.addingReportingOverflow(p.amount)
      paid = overflow ? .max : sum
    }
    if promise.cancelledBy != nil { return (paid, .cancelled) }
    if paid >= (promise.amount ?? 0) { return (paid, .kept) }
    if asOf.raw > deadline.raw { return (paid, paid > 0 ? .partial : .broken) }
    return (paid, .pending)
  }
}
