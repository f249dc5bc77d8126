import CobroPortfolio
import CobroShell

/// `aging [by FIELD] [FILTER]`.
extension QueryCommands {
  /// `aging [by F] [FILTER]`.
  static let aging = CommandDefinition(
    name: "aging",
    aliases: ["edades"],
    group: .explore,
    synopsis: "aging [by F] [FILTER]",
    summary: "accounts and balance per aging bucket (current, 1-30, … 361+), with totals",
    details: """
      Prints bucket, count, balance, share: every bucket in order, even when empty, then
      'total'. 'aging by F' prints the long form F, bucket, count, balance, share for each
      value of F, then 'total' rows per bucket and overall. Buckets: 'set buckets 30,60,90';
      ages from the due date, or from the issue date with 'set aging_basis issue'.
      Before the file's cut-off, balances are rebuilt from the payments file.
      'chart' draws the result.
      """,
    example: "aging by segment status active"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var rest = inv.args[...]
    var by: Field?
    if let t = rest.first, t.isWord("by") {
      rest = rest.dropFirst()
      guard let f = rest.first, f.kind == .word else {
        throw inv.error(QueryMessages.expected("a field", after: "by"), at: rest.first)
      }
      by = try q.checker.field(Query.Name(f.text, range: f.range))
      if by?.source == .bucket {
        throw inv.error("aging is already by bucket", at: f, notes: ["try: aging by segment"])
      }
      rest = rest.dropFirst()
    }
    let selection = try q.selectFiltered(rest)
    let report = try q.report { () throws(ReportError) in
      try AgingReport.compute(by: by, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }
}
