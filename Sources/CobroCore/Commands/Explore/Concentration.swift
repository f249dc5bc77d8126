import CobroPortfolio
import CobroShell

/// `concentration`: how much of the balance the largest debtors hold.
extension QueryCommands {
  /// `concentration [N] [FILTER]`.
  static let concentration = CommandDefinition(
    name: "concentration",
    aliases: ["concentracion"],
    group: .explore,
    synopsis: "concentration [N] [FILTER]",
    summary: "the share of the balance held by the N largest debtors (default 10)",
    details: """
      Prints rank, debtor_id, debtor_name, accounts, balance, share, cumulative_share, then a
      'total' row for the N debtors together. Shares are of the matching accounts' balance.
      Refused over several currencies: filter one currency.
      """,
    example: "concentration 5 currency COP segment A"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var rest = inv.args[...]
    var n = 10
    if let t = rest.first, t.kind == .word, let v = Int(t.text) {
      guard v > 0 else { throw inv.error("the number of debtors must be positive", at: t) }
      n = v
      rest = rest.dropFirst()
    }
    let selection = try q.selectFiltered(rest)
    let report = try q.report { () throws(ReportError) in
      try ConcentrationReport.compute(top: n, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }
}
