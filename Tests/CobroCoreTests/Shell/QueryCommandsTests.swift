import CobroCore
import CobroPortfolio
import CobroShell
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The query commands as a user types them, with the exact output of `spec/cli.md`.
@Suite struct QueryCommandsTests {
  func session(payments: Bool = false) throws -> TestSession {
    TestSession(try SmallPortfolio.load(payments: payments))
  }

  @Test func bareFilterListsAndSummarises() throws {
    let t = try session()
    let r = t.run("overdue > 60 segment B")
    #expect(r.ok)
    #expect(
      r.out == """
        account_id,debtor_id,debtor_name,segment,status,balance,due_date,overdue
        A2,D1,Ana María Pérez,B,active,250000.50,2026-08-01,121
        A3,D2,"Peña, Luis",B,written_off,5000000.00,2026-02-14,289

        """
    )
    #expect(r.err == "2 accounts, balance COP 5,250,000.50, 38.18% of the portfolio's COP\n")
  }

  @Test func shapesOfTheCoreResults() throws {
    let t = try session()
    let r = t.run(
      """
      count segment b
      sum balance currency COP
      avg balance segment B
      min due
      top 2 by overdue
      group by segment currency COP
      aging currency cop
      """
    )
    #expect(r.ok, "\(r.err)")
    #expect(
      r.out == """
        count
        3

        sum_balance
        13750000.50

        avg_balance
        4250000.17

        min_due_date
        2025-06-30

        account_id,debtor_id,debtor_name,segment,status,balance,due_date,overdue
        A6,D5,Carlos Díaz,A,active,120.00,2025-06-30,518
        A3,D2,"Peña, Luis",B,written_off,5000000.00,2026-02-14,289

        segment,count,balance,share,avg_overdue
        B,3,12750000.50,92.73,136.67
        A,1,1000000.00,7.27,25.00
        C,1,0.00,0.00,0.00
        total,5,13750000.50,100.00,87.00

        bucket,count,balance,share
        current,2,7500000.00,54.55
        1-30,1,1000000.00,7.27
        31-60,0,0.00,0.00
        61-90,0,0.00,0.00
        91-180,1,250000.50,1.82
        181-360,1,5000000.00,36.36
        361+,0,0.00,0.00
        total,5,13750000.50,100.00

        """
    )
  }

  @Test func amountsInSeveralCurrenciesAreNeverAdded() throws {
    let t = try session()
    let r = t.run("sum balance; concentration 2")
    #expect(!r.ok)
    #expect(r.out == "currency,sum_balance\nCOP,13750000.50\nUSD,120.00\n")
    #expect(r.err.contains("error: the accounts hold amounts in COP, USD, which are never added"))
    #expect(r.err.contains("note: add a currency to the filter: concentration 2 currency COP"))
  }

  @Test func listClausesAndNamedSets() throws {
    let t = try session()
    let r = t.run(
      """
      list status active columns account, name, saldo sort balance desc limit 2
      let risky = overdue > 90 and balance > 1M
      count risky or segment C
      sets
      """
    )
    #expect(r.ok, "\(r.err)")
    #expect(
      r.out == """
        account_id,debtor_name,balance
        A5,Sofía Gómez,7500000.00
        A1,Ana María Pérez,1000000.00

        count
        2

        name,filter
        risky,overdue > 90 and balance > 1M

        """
    )
    #expect(r.err == "risky = overdue > 90 and balance > 1M\n")
  }

  @Test func diagnosticsAreLocatedWithCaretsAndNotes() throws {
    let t = try session()
    let r = t.run("count\nlist overdeu > 60", file: "report.cobro")
    #expect(!r.ok)
    #expect(
      r.err == """
        report.cobro:2:6: error: unknown column 'overdeu'
        2 | list overdeu > 60
          |      ^^^^^^^
        note: did you mean 'overdue'?

        """
    )
    let misspelt = t.run("cuont segment B")
    #expect(misspelt.err.hasPrefix("<input>:1:1: error: unknown command 'cuont'\n"))
    #expect(misspelt.err.contains("note: did you mean 'count'?"))
  }

  @Test func aFailedCommandChangesNothing() throws {
    let t = try session()
    _ = t.run("let risky = overdue > 90")
    let r = t.run("let risky = overdue > 90 segment Z")
    #expect(!r.ok)
    #expect(r.err.contains("no account has segment 'Z'"))
    #expect(t.run("sets").out.contains("risky,overdue > 90\n"))
    let cyclic = t.run("let risky = risky segment B")
    #expect(!cyclic.ok && cyclic.err.contains("refers to itself"))
    let bad = t.run("set buckets 30,20")
    #expect(!bad.ok && bad.err.contains("bucket bounds must increase: 20 after 30"))
    #expect(t.run("aging").out.contains("181-360"))
  }

  @Test func customBucketsAndAgingBasis() throws {
    let t = try session()
    let r = t.run(
      "set buckets 30,60,90,120; aging currency COP; set aging_basis issue; count bucket 121+"
    )
    #expect(r.ok, "\(r.err)")
    #expect(r.out.contains("91-120,0,0.00,0.00\n121+,2,5250000.50,38.18\n"))
    // By issue date: A1 (2025-01-10), A2 (2025-06-01), A3 (2026-01-15), A6 (2024-01-01) are
    // older than 120 days with a balance; A4 has none, A5 is 20 days old.
    #expect(r.out.hasSuffix("count\n4\n"))
    #expect(SettingsCatalog.definition("buckets") != nil)
    #expect(SettingsCatalog.definition("aging_basis") != nil)
  }

  @Test func asOfBeforeTheCutoff() throws {
    let t = TestSession(
      try SmallPortfolio.load(payments: true),
      asOf: Day(raw: Day.daysFromCivil(2026, 9, 30))
    )
    let r = t.run("aging currency COP")
    #expect(r.ok)
    // A5 (issued 2026-11-10) is left out; A1 owes 100,000 more (paid on 2026-10-04).
    #expect(
      r.out == """
        bucket,count,balance,share
        current,2,1100000.00,17.32
        1-30,0,0.00,0.00
        31-60,1,250000.50,3.94
        61-90,0,0.00,0.00
        91-180,0,0.00,0.00
        181-360,1,5000000.00,78.74
        361+,0,0.00,0.00
        total,4,6350000.50,100.00

        """
    )
    #expect(r.err.isEmpty)
    let without = TestSession(
      try SmallPortfolio.load(),
      asOf: Day(raw: Day.daysFromCivil(2026, 9, 30))
    )
    let w = without.run("count; count")
    #expect(w.out == "count\n5\n\ncount\n5\n")
    #expect(
      w.err.hasPrefix(
        "warning: as of 2026-09-30, before the cut-off 2026-11-30, balances are those of the cut-off\n"
      )
    )
    #expect(w.err.components(separatedBy: "warning:").count == 2)
  }

  @Test func showAndDebtor() throws {
    let t = try session(payments: true)
    let r = t.run("show A2; debtor D1")
    #expect(r.ok, "\(r.err)")
    #expect(r.out.contains("field,value\naccount_id,A2\n"))
    #expect(r.out.contains("overdue,121\nbucket,91-180\nbehavior,occasional\n"))
    #expect(
      r.out.contains("date,amount,days_late\n2026-07-01,50000.00,0\n2026-09-15,20000.00,45\n")
    )
    #expect(
      r.out.hasSuffix(
        """
        debtor_id,debtor_name,accounts,balance,behavior,on_time,late,avg_days_late,last_payment
        D1,Ana María Pérez,2,1250000.50,occasional,3,1,45.00,2026-10-04

        """
      )
    )
    // Huge limits do not overflow; a formula-like name is spreadsheet-safe in csv.
    #expect(
      t.run("top 9223372036854775807 segment C").out.hasSuffix(
        "A4,D3,'=cmd,C,paid,0.00,2026-10-01,0\n"
      )
    )
    let missing = t.run("show Z9")
    #expect(!missing.ok && missing.err.contains("error: no account 'Z9'"))
  }

  @Test func chartDrawsTheLastReport() throws {
    let t = TestSession(try SmallPortfolio.load(), format: .table)
    let r = t.run("group by segment currency COP\nchart")
    #expect(r.ok, "\(r.err)")
    let chart = r.out.components(separatedBy: "\n").suffix(4).joined(separator: "\n")
    #expect(
      chart == """
        B  ########################################  12,750,000.50  92.73%
        A  ###                                        1,000,000.00   7.27%
        C                                                     0.00   0.00%

        """
    )
    let nothing = TestSession(try SmallPortfolio.load()).run("count\nchart")
    #expect(!nothing.ok && nothing.err.contains("is not an 'aging' or 'group by' result"))
  }

  @Test func exportWritesFilesSafely() throws {
    let dir = "/tmp/cobro-export-\(getpid())"
    mkdir(dir, 0o755)
    defer {
      for f in ["a.csv", "b.json", "c.md", "d.txt"] { unlink(dir + "/" + f) }
      rmdir(dir)
    }
    let t = try session()
    let r = t.run(
      """
      list segment C or balance < 1M columns account, name, balance
      export \(dir)/a.csv
      export \(dir)/b.json count
      export \(dir)/c.md aging currency COP
      export \(dir)/d.txt top 1
      """
    )
    #expect(r.ok, "\(r.err)")
    #expect(r.err.contains("wrote 3 rows to \(dir)/a.csv\n"))
    let csv = try read(dir + "/a.csv")
    #expect(
      csv == """
        account_id,debtor_name,balance
        A2,Ana María Pérez,250000.50
        A4,'=cmd,0.00
        A6,Carlos Díaz,120.00

        """
    )
    #expect(try read(dir + "/b.json") == "[{\"count\":6}]\n")
    #expect(
      try read(dir + "/c.md").hasPrefix(
        "| bucket | count | balance | share |\n| --- | ---: | ---: | ---: |\n"
      )
    )
    #expect(try read(dir + "/d.txt").contains("A5          D4"))
    // Nothing went to stdout but the list.
    #expect(r.out.components(separatedBy: "account_id").count == 2)
    let bad = t.run("export \(dir)/x.xls")
    #expect(!bad.ok && bad.err.contains("cannot tell the format of"))
  }

  @Test func everyCommandHasHelp() throws {
    let t = try session()
    for name in [
      "count", "sum", "avg", "min", "max", "list", "top", "group", "aging", "show",
      "debtor", "concentration", "chart", "export", "let", "sets",
    ] {
      let c = try #require(t.session.commands[name])
      #expect(!c.summary.isEmpty && !c.details.isEmpty && !c.example.isEmpty, "\(name)")
    }
    #expect(t.session.commands["debtor"]?.details.contains("at most 10% late: punctual") == true)
  }

  func read(_ path: String) throws -> String {
    let bytes = try InputBytes.mapping(path: path)
    return String(
      decoding: UnsafeBufferPointer(start: bytes.base, count: bytes.count),
      as: UTF8.self
    )
  }
}
