import CobroCore
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// One as-of rule: balances are those of the cut-off; an earlier as-of date rebuilds them from
/// the payments between the two, whichever way it was given; payments after the cut-off are
/// never added back and are reported once.
@Suite struct CutoffRuleTests {
  /// Two accounts whose payments fall before, between and after the as-of date and cut-off.
  ///
  /// A1 paid 100.00 before the as-of date and 200.00 between it and the cut-off; A2's 50.00 is
  /// dated after the cut-off. By hand, as of 2026-11-30 with the cut-off 2026-12-04:
  /// A1 = 1,000.00 + 200.00 = 1,200.00; A2 = 500.00 (its later payment is not added back);
  /// total 1,700.00.
  static let portfolio = """
    account_id,debtor_id,balance,due_date,issue_date
    A1,D1,1000.00,2026-10-01,2025-01-01
    A2,D2,500.00,2026-11-20,2025-01-01
    """

  static let payments = """
    account_id,date,amount
    A1,2026-11-15,100.00
    A1,2026-12-02,200.00
    A2,2026-12-06,50.00
    """

  /// Writes the files (with an extra `Fecha Corte` column when asked) to a new folder.
  static func files(cutoffColumn: String? = nil) throws -> String {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    var text = portfolio
    if let cutoffColumn {
      let lines = text.split(separator: "\n")
      text = lines[0] + ",Fecha Corte\n"
      text += lines.dropFirst().map { $0 + "," + cutoffColumn }.joined(separator: "\n")
    }
    try TextFile.write(text + "\n", to: dir + "/cartera.csv")
    try TextFile.write(payments + "\n", to: dir + "/pagos.csv")
    return dir
  }

  static func session(asOf: String) -> TestSession {
    TestSession(asOf: Day(asOf) ?? Day(raw: 0))
  }

  @Test func theThreeWaysOfAskingAgree() throws {
    let dir = try Self.files()
    let load = "load \"\(dir)/cartera.csv\" payments \"\(dir)/pagos.csv\" cutoff 2026-12-04"
    // `--asof 2026-11-30` (or `--set asof=`): the as-of date is in force when the file loads.
    let before = Self.session(asOf: "2026-11-30")
    let a = before.run(load + "\nsum balance")
    #expect(a.ok, "\(a.err)")
    // `set asof` after loading at a later date.
    let after = Self.session(asOf: "2026-12-07")
    let b = after.run(load + "\nset asof 2026-11-30\nsum balance")
    #expect(b.ok, "\(b.err)")
    #expect(a.out == "sum_balance\n1700.00\n")
    #expect(b.out.hasSuffix("sum_balance\n1700.00\n"))
    // At the cut-off itself and later, the file's balances: 1,500.00.
    #expect(after.run("set asof 2026-12-04\nsum balance").out.hasSuffix("1500.00\n"))
    #expect(after.run("set asof 2026-12-31\nsum balance").out.hasSuffix("1500.00\n"))
  }

  @Test func paymentsAfterTheCutoffAreReportedOnceAndNeverAddedBack() throws {
    let dir = try Self.files()
    let s = Self.session(asOf: "2026-11-30")
    let r = s.run(
      "load \"\(dir)/cartera.csv\" payments \"\(dir)/pagos.csv\" cutoff 2026-12-04\n"
        + "list columns account_id, balance\nset asof 2026-12-05\nsum balance\n"
        + "set asof 2026-11-01\nsum balance"
    )
    #expect(r.ok)
    #expect(r.out.contains("A1,1200.00\nA2,500.00\n"))
    // As of 2026-12-05 (after the cut-off): the file's balances.
    #expect(r.out.contains("sum_balance\n1500.00\n"))
    // As of 2026-11-01: A1 adds both its payments (1,300.00), A2 still not its late one.
    #expect(r.out.hasSuffix("sum_balance\n1800.00\n"))
    let warnings = r.err.components(separatedBy: "dated after the cut-off").count - 1
    #expect(warnings == 1, "\(r.err)")
    #expect(
      r.err.contains(
        "1 payment dated after the cut-off 2026-12-04 (the first: 'A2' on 2026-12-06, 50.00)"
      )
    )
  }

  @Test func withoutTheOptionTheCutoffColumnDecides() throws {
    let dir = try Self.files(cutoffColumn: "2026-12-04")
    let s = Self.session(asOf: "2026-11-30")
    let r = s.run(
      "load \"\(dir)/cartera.csv\" payments \"\(dir)/pagos.csv\"\nsum balance\ndescribe"
    )
    #expect(r.ok, "\(r.err)")
    #expect(r.out.hasPrefix("sum_balance\n1700.00\n"))
    #expect(r.out.contains("cutoff,2026-12-04"))
    #expect(r.err.contains("dated after the cut-off 2026-12-04"))
  }

  @Test func withoutOptionOrColumnTheLatestPaymentDecides() throws {
    let dir = try Self.files()
    let s = Self.session(asOf: "2026-11-30")
    let r = s.run("load \"\(dir)/cartera.csv\" payments \"\(dir)/pagos.csv\"\nsum balance")
    #expect(r.ok, "\(r.err)")
    // The cut-off is 2026-12-06: A1 1,200.00 and A2 550.00.
    #expect(r.out == "sum_balance\n1750.00\n")
    #expect(!r.err.contains("dated after the cut-off"))
    #expect(s.session.portfolio?.cutoff == Day("2026-12-06"))
  }

  @Test func withoutPaymentsTheAsOfDateIsTheCutoff() throws {
    let dir = try Self.files()
    let s = Self.session(asOf: "2026-11-30")
    let r = s.run("load \"\(dir)/cartera.csv\"\nset asof 2026-11-01\nsum balance")
    #expect(r.ok)
    #expect(s.session.portfolio?.cutoff == Day("2026-11-30"))
    #expect(r.out.hasSuffix("sum_balance\n1500.00\n"))
    #expect(r.err.contains("balances are those of the cut-off"))
  }

  @Test func aCutoffColumnWithSeveralDatesTakesTheLatestAndSaysSo() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    try TextFile.write(
      "account_id,debtor_id,balance,due_date,fecha_corte\nA1,D1,1.00,2026-10-01,2026-11-30\n"
        + "A2,D2,2.00,2026-10-01,2026-12-01\n",
      to: dir + "/c.csv"
    )
    let s = Self.session(asOf: "2026-11-15")
    let r = s.run("load \"\(dir)/c.csv\"")
    #expect(r.ok)
    #expect(s.session.portfolio?.cutoff == Day("2026-12-01"))
    #expect(r.err.contains("holds dates from 2026-11-30 to 2026-12-01; the cut-off is the latest"))
  }
}
