import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `debtor ID`: every account of a debtor.
extension QueryCommands {
  /// `debtor DEBTOR_ID`.
  static let debtor = CommandDefinition(
    name: "debtor",
    aliases: ["deudor", "cliente"],
    group: .explore,
    synopsis: "debtor DEBTOR_ID",
    summary: "all accounts of a debtor, and their payment behaviour with its evidence",
    details: """
      Prints the debtor's accounts, then debtor_id, debtor_name, accounts, balance, behavior,
      on_time, late, avg_days_late, last_payment. The id may be typed with dots, spaces or
      dashes, without leading zeros, or with a NIT check digit ('debtor 900.123.456-7' for
      900123456), when exactly one debtor matches; when several do, the error lists them.
      \(behaviorHelp)
      Then \(DebtorContacts.help)
      Then, when the journal has entries for the debtor's accounts or the debtor (a debtor's
      agreement), their timeline:
      \(timelineHelp)
      """,
    example: "debtor 1061116323"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let id = try session.resolvedDebtor(cursor.expectValue("a debtor id"), inv)
    try cursor.expectEnd()
    var rows = try q.evaluator.derived.rows(ofDebtor: id.text)
    if let exists = try q.evaluator.derived.existing(asOf: q.context.asOf) {
      rows = rows.filter { exists[$0] != 0 }
    }
    guard !rows.isEmpty else {
      throw inv.error(
        QueryMessages.noDebtor(id.text),
        at: id,
        notes: ["search with: list debtor_id ~ \(Query.Literal(id.text, range: id.range))"]
      )
    }
    let columns = try q.derived { () throws(CobroError) in
      try AccountList.defaultFields(q.checker).map { (f) throws(CobroError) in
        try FieldValues(f, evaluator: q.evaluator)
      }
    }
    let report = try q.report { () throws(ReportError) in
      try DebtorReport.compute(
        debtorID: id.text,
        rows: rows,
        evaluator: q.evaluator,
        columns: columns
      )
    }
    for t in report.tables { session.emit(t) }
    if let contacts = DebtorContacts.table(q.portfolio, rows: rows) { session.emit(contacts) }
    let ids = q.portfolio.column(named: "account_id")
    try emitTimeline(
      session,
      inv,
      accounts: Set(rows.compactMap { ids?.text($0) }),
      debtor: id.text
    )
  }

  /// How `behavior` is decided, for help texts.
  static let behaviorHelp = """
    Behaviour: with a payments file, each payment up to the as-of date is an observed
    installment; it is on time when made on or before its installment date (installments fall
    monthly on the due date's day; payments after the due date are late by the days since it).
    Without one, the file's payments_on_time and payments_late. Fewer than 3 observed: unknown;
    at most 10% late: punctual; half or more late: habitual; otherwise occasional.
    'behavior late' is occasional or habitual.
    """
}
