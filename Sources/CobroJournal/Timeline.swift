import CobroPortfolio

/// The follow-up history of accounts: their contacts, promises, agreements and cancellations,
/// oldest first, with the state of each promise and agreement at the as-of date.
///
/// What `show ACCOUNT` and `debtor ID` print after their other results. An entry belongs to the
/// timeline when it names one of the accounts (or the debtor, for a debtor's agreement and its
/// cancellation) or is an agreement covering one of them, and was recorded on or before the
/// as-of date. Rows are ordered by the time they were recorded, then by entry number.
public struct Timeline {
  /// One row.
  public struct Row: Sendable, Hashable {
    /// The entry.
    public var entry: JournalEntry
    /// A promise's or an agreement's payments applied; `nil` for other entries.
    public var paid: Cents?
    /// A promise's or an agreement's state; `nil` for other entries.
    public var state: String?
  }

  /// The rows, oldest first.
  public var rows: [Row]

  /// The timeline of `accounts` (and of `debtor`, when given).
  ///
  /// - Parameter payments: the payments of an account id, oldest first.
  public init(
    accounts: Set<String>,
    debtor: String? = nil,
    entries: [JournalEntry],
    agreements: [Agreement],
    payments: (String) -> [(date: Day, amount: Cents)],
    asOf: Day,
    graceDays: Int,
    breakAfterDays: Int = AgreementStatus.defaultBreakAfterDays
  ) {
    var byID: [Int64: Agreement] = [:]
    for a in agreements { byID[a.entry.id] = a }
    var rows: [Row] = []
    for e in entries where e.recordedOn <= asOf {
      let agreement = e.kind == .agreement ? byID[e.id] : nil
      let covers =
        accounts.contains(e.account) || (debtor != nil && e.account == debtor)
        || (agreement.map { !accounts.isDisjoint(with: $0.accounts) } ?? false)
      guard covers else { continue }
      var row = Row(entry: e)
      switch e.kind {
      case .promise:
        let (paid, state) = PromiseState.evaluate(
          e,
          payments: payments(e.account),
          asOf: asOf,
          graceDays: graceDays
        )
        row.paid = paid
        row.state = state.rawValue
      case .agreement:
        if let agreement {
          let status = AgreementStatus.evaluate(
            agreement,
            payments: agreement.accounts.flatMap(payments),
            asOf: asOf,
            graceDays: graceDays,
            breakAfterDays: breakAfterDays
          )
          row.paid = status.paid
          row.state = status.state.rawValue
        }
      case .contact, .cancel: break
      }
      rows.append(row)
    }
    rows.sort { a, b in
      if a.entry.recordedOn != b.entry.recordedOn { return a.entry.recordedOn < b.entry.recordedOn }
      if a.entry.recordedAt != b.entry.recordedAt { return a.entry.recordedAt < b.entry.recordedAt }
      return a.entry.id < b.entry.id
    }
    self.rows = rows
  }

  /// The table: `id, recorded_at, kind, account_id, amount, due_date, paid, state, channel,
  /// result, collector, note, cancels`.
  ///
  /// For an agreement, `amount` is its total, `due_date` its last installment's date and
  /// `note` its terms; for a cancellation, `note` is the reason.
  public var table: ResultTable {
    var t = ResultTable(columns: [
      .init("id", .integer), .init("recorded_at", .text), .init("kind", .text),
      .init("account_id", .text), .init("amount", .money), .init("due_date", .date),
      .init("paid", .money), .init("state", .text), .init("channel", .text),
      .init("result", .text), .init("collector", .text), .init("note", .text),
      .init("cancels", .integer),
    ])
    for r in rows {
      let e = r.entry
      t.rows.append([
        .integer(e.id), .text(e.recordedAt), .text(e.kind.rawValue), .text(e.account),
        e.amount.map(Cell.money) ?? .empty, e.due.map(Cell.date) ?? .empty,
        r.paid.map(Cell.money) ?? .empty, r.state.map(Cell.text) ?? .empty,
        e.channel.map(Cell.text) ?? .empty, e.result.map { .text($0.rawValue) } ?? .empty,
        .text(e.collector), e.note.map(Cell.text) ?? .empty, e.cancels.map(Cell.integer) ?? .empty,
      ])
    }
    return t
  }
}
