import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// The id indexes answer as the scans they replace: the last row of an account id as a
/// dictionary of strings kept it, every row of a debtor id in file order, byte for byte.
@Suite struct IDIndexTests {
  /// A portfolio of two text columns, built directly (the loader would refuse repeated accounts).
  static func portfolio(accounts: [String], debtors: [String]) -> Portfolio {
    func column(_ name: String, _ values: [String]) -> Column {
      let t = TextColumn(rows: values.count, bytesPerRow: 8)
      for v in values { #expect(t.append(v)) }
      return Column(name: name, header: name, field: nil, data: .text(t))
    }
    return Portfolio(
      source: "t.csv",
      columns: [column("account_id", accounts), column("debtor_id", debtors)],
      rowCount: accounts.count,
      cutoff: Day(raw: 0)
    )
  }

  /// What the scans answered: a dictionary of the account ids (the last row of equal strings),
  /// and the rows whose debtor id has exactly the bytes typed.
  static func scanned(_ p: Portfolio, account: String, debtor: String) -> (Int?, [Int]) {
    var map: [String: Int] = [:]
    var debtorRows: [Int] = []
    for r in 0..<p.rowCount {
      map[p.column(named: "account_id")?.text(r) ?? ""] = r
      if Array((p.column(named: "debtor_id")?.text(r) ?? "").utf8) == Array(debtor.utf8) {
        debtorRows.append(r)
      }
    }
    return (map[account], debtorRows)
  }

  @Test func repeatedAndCanonicallyEqualIdsAnswerAsTheScans() throws {
    let accounts = [
      "A1", "B2", "A1", "", "Caf\u{E9}", "Cafe\u{301}", "\u{212A}9", "K9", "Z", "Cafe\u{301}", "",
    ]
    let debtors = ["7", "8", "7", "", "9", "9", "x", "X", "7", "", "8"]
    let p = Self.portfolio(accounts: accounts, debtors: debtors)
    let typed = [
      "A1", "B2", "", "Caf\u{E9}", "Cafe\u{301}", "K9", "\u{212A}9", "Z", "a1", "nothing", "7", "8",
      "9", "x", "X",
    ]
    for id in typed {
      let (row, rows) = Self.scanned(p, account: id, debtor: id)
      #expect(p.row(ofAccount: id) == row, "account '\(id)'")
      #expect(try p.rows(ofDebtor: id) == rows, "debtor '\(id)'")
    }
    // Spot checks of what the scans say.
    #expect(p.row(ofAccount: "A1") == 2)
    #expect(p.row(ofAccount: "Caf\u{E9}") == 9)
    #expect(p.row(ofAccount: "K9") == 7)
    #expect(p.row(ofAccount: "\u{212A}9") == 7)
    #expect(try p.rows(ofDebtor: "7") == [0, 2, 8])
    #expect(try p.rows(ofDebtor: "") == [3, 9])
  }

  @Test func manyIdsGrowNoWrongAnswer() throws {
    // Enough ids that the table's probes collide and wrap.
    let n = 20_000
    let accounts = (0..<n).map { "CO-\($0 * 7 % n)" }
    let debtors = (0..<n).map { String($0 % 997) }
    let p = Self.portfolio(accounts: accounts, debtors: debtors)
    for k in stride(from: 0, to: n, by: 97) {
      #expect(p.row(ofAccount: accounts[k]) == k)
      let d = debtors[k]
      #expect(try p.rows(ofDebtor: d) == (0..<n).filter { debtors[$0] == d })
    }
    #expect(p.row(ofAccount: "CO-\(n)") == nil)
    #expect(try p.rows(ofDebtor: "997") == [])
  }

  @Test func aReloadOrARecodeLooksUpTheNewPortfolio() throws {
    let t = TestSession()
    let first = try Fixture.load(
      text: "account_id,debtor_id,balance,due_date,city\nA1,7,10,2026-10-01,Cali\n"
        + "A2,8,20,2026-10-01,Cali\nA3,7,30,2026-10-01,Bogota\n"
    )
    t.session.portfolio = first
    #expect(t.result("debtor 7").contains("A3"))
    #expect(t.result("show A2").contains("20.00"))
    #expect(t.run("recode city Cali as Bogota").ok)
    #expect(t.result("show A1").contains("field,value\naccount_id,A1\n"))
    #expect(t.result("show A1").contains("city,Bogota"))
    t.session.portfolio = try Fixture.load(
      text: "account_id,debtor_id,balance,due_date\nA2,9,5,2026-10-01\nA9,7,40,2026-10-01\n"
    )
    // The old portfolio's index answers nothing for the new one.
    let show = t.result("show A2")
    #expect(show.contains("balance,5.00"))
    #expect(!t.run("show A3").ok)
    let debtor = t.result("debtor 7")
    #expect(debtor.contains("A9"))
    #expect(!debtor.contains("A1"))
    #expect(!t.run("debtor 8").ok)
  }

  @Test func forgivingLookupsStillFindTheirIds() throws {
    let p = try Fixture.load(
      text: "account_id,debtor_id,balance,due_date\nCO-0000002,900123456,10,2026-10-01\n"
        + "CO-0000003,900123456,10,2026-10-01\nA01,45678,10,2026-10-01\n"
    )
    #expect(p.matchAccount("co 2") == .found("CO-0000002"))
    #expect(p.matchAccount("CO-0000003") == .found("CO-0000003"))
    #expect(p.matchDebtor("900.123.456-7") == .found("900123456"))
    #expect(p.matchDebtor("900123456") == .found("900123456"))
    #expect(p.matchDebtor("045678") == .found("45678"))
    #expect(try p.rows(ofDebtor: "900123456") == [0, 1])
  }
}
