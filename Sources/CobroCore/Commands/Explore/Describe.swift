import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `describe`.
extension ValidateCommands {
  static let describe = CommandDefinition(
    name: "describe",
    aliases: ["describir"],
    group: .explore,
    synopsis: "describe",
    summary: "the portfolio at a glance: totals per currency, status, segment; its columns",
    details: """
      Five results (six after a recode):
      1. item, value: source, accounts, debtors, currencies, asof, cutoff, issued_after_asof,
         due_from, due_to, issued_from, issued_to, payments, payments_from, payments_to,
         rejected_rows, rejected_payments.
      2. currency, accounts, debtors, balance, avg_balance: one row per currency.
      3. status, currency, count, balance, share: one row per status and currency (by balance,
         descending), then a total row per currency.
      4. segment, currency, count, balance, share: the same by segment.
      5. column, type, canonical, alias, header, non_empty: every column of the file; with
         extra columns, then type_from: why each has its type (date, integer, money,
         category or text, inferred from all of its values), or which value kept it text.
      6. field, values, as, accounts: the recodes in force, when there are any.
      Balances are those at the as-of date and accounts issued after it are left out (counted
      in issued_after_asof). Amounts in different currencies are never added: share is the
      percent of the currency's balance. An empty currency is COP, an empty status active;
      averages round half up to the cent.
      """,
    example: "describe",
    completion: { _ in .nothing }
  ) { session, inv in
    try inv.cursor.expectEnd()
    let portfolio = try Arguments.portfolio(session, inv)
    warnAboutCutoff(session, portfolio)
    let paymentRejects = session.state.paymentRejects.count
    let description = PortfolioDescription(
      portfolio: portfolio,
      asOf: session.settings.asOf,
      paymentRejects: paymentRejects
    )
    let tables: [ResultTable]
    do throws(PortfolioDescription.Overflow) {
      tables = try description.tables()
    } catch {
      throw inv.error(
        "the \(error.what) total does not fit in cobro's money range",
        at: inv.word,
        notes: ["a balance cell is probably wrong: 'top 5 by balance' shows the largest"]
      )
    }
    try Interruption.check()
    for t in tables { session.emit(t) }
  }
}
