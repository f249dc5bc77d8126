import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

/// `show ACCOUNT`: one account, its payments and its timeline.
extension QueryCommands {
  /// `show ACCOUNT_ID`.
  static let show = CommandDefinition(
    name: "show",
    aliases: ["ver"],
    group: .explore,
    synopsis: "show ACCOUNT_ID",
    summary: "one account: every field, days overdue, bucket, behaviour, and its payments",
    details: """
      Prints 'field, value' rows; with a payments file, then its payments up to the as-of date
      with their days late. The id may be typed with dots, spaces or dashes, or without
      leading zeros ('show a-1' for A01), when exactly one account matches. Then, when the journal has entries for the account, its timeline:
      \(timelineHelp)
      """,
    example: "show CO-0000002",
    completion: { args in args.isEmpty ? .accounts : .nothing }
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let id = try session.resolvedAccount(cursor.expectValue("an account id"), inv)
    try cursor.expectEnd()
    guard let row = q.portfolio.row(ofAccount: id.text) else {
      throw inv.error(
        QueryMessages.noAccount(id.text),
        at: id,
        notes: ["search with: list account ~ \(Query.Literal(id.text, range: id.range))"]
      )
    }
    if let exists = try q.evaluator.derived.existing(asOf: q.context.asOf), exists[row] == 0 {
      throw inv.error(
        "account '\(id.text)' was issued after the as-of date \(q.context.asOf)",
        at: id
      )
    }
    let detail = try q.derived { () throws(CobroError) in
      try AccountDetail.compute(row: row, evaluator: q.evaluator)
    }
    for (i, table) in detail.tables.enumerated() {
      // The account's own fields are one record: `set limit` shortens its payments only.
      var t = table
      t.isWhole = i == 0
      session.emit(t)
    }
    try emitTimeline(session, inv, accounts: [id.text], debtor: nil)
  }

  /// Emits the journal's timeline of some accounts, when it has entries for them.
  static func emitTimeline(
    _ session: Session,
    _ inv: CommandInvocation,
    accounts: Set<String>,
    debtor: String?
  ) throws(Diagnostic) {
    let entries = try Arguments.journal(inv) { try session.journalEntries() }
    guard !entries.isEmpty else { return }
    let agreements = try Arguments.journal(inv) { try session.agreements() }
    let timeline = Timeline(
      accounts: accounts,
      debtor: debtor,
      entries: entries,
      agreements: agreements,
      payments: { Arguments.payments(session, $0) },
      asOf: session.settings.asOf,
      graceDays: session.graceDays,
      breakAfterDays: session.breakAfterDays
    )
    if !timeline.rows.isEmpty { session.emit(timeline.table) }
  }

  /// The timeline's columns, for help texts.
  static let timelineHelp = """
    id, recorded_at, kind, account_id, amount, due_date, paid, state, channel, result,
    collector, note, cancels: the contacts, promises, agreements and cancellations recorded up
    to the as-of date, oldest first; a promise's and an agreement's paid and state are those
    of 'promises' and 'agreements'.
    """
}
