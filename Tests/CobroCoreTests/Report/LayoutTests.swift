import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Testing

/// Tables fit the terminal's width without cutting an id or an amount: long text shrinks, then
/// middle columns are hidden and named.
@Suite struct LayoutTests {
  func demo() throws -> TestSession {
    let t = TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff, format: .table)
    _ = t.run("set width 80; set limit 5")
    return t
  }

  @Test(arguments: [
    "list", "list columns account_id, debtor_id, debtor_name, email, phone, balance, capital",
    "top 5 by balance", "promises", "concentration 5 currency COP",
    "list overdue > 90 sort balance desc",
  ])
  func everyLineFitsAndNoIdOrAmountIsCut(command: String) throws {
    let t = try demo()
    let r = t.run(command)
    #expect(r.ok, "\(command): \(r.err)")
    for line in r.out.split(separator: "\n") {
      #expect(line.count <= 80, "\(command): \(line)")
    }
    let rows = r.out.split(separator: "\n").filter { $0.hasPrefix("CO-") }
    for row in rows {
      // An id or an amount cut short would end in `…` where it stands.
      for word in row.split(separator: " ")
      where word.hasPrefix("CO-") || word.hasPrefix("+57") || word.first?.isNumber == true {
        #expect(!word.contains("…"), "\(command): \(row)")
      }
    }
  }

  @Test func hiddenColumnsAreNamed() throws {
    let t = try demo()
    let r = t.run("list columns account_id, debtor_id, debtor_name, email, phone, city, balance")
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("account_id  debtor_id"), "\(r.out)")
    #expect(lines[0].contains("  …  "), "\(r.out)")
    #expect(lines[0].hasSuffix("balance"), "\(r.out)")
    let note = try #require(lines.last)
    #expect(note.hasPrefix("("), "\(r.out)")
    #expect(note.contains("not shown: "), "\(r.out)")
    #expect(note.hasSuffix("'set width none' shows all)"), "\(r.out)")
    _ = t.run("set width none")
    #expect(!t.run("list").out.contains("not shown"))
  }

  @Test func fitShrinksTextBeforeHiding() {
    let columns: [ResultTable.Column] = [
      .init("account_id", .text), .init("debtor_name", .text), .init("balance", .money),
    ]
    var widths = [10, 30, 14]
    #expect(ResultRenderer.fit(&widths, columns: columns, into: 45).isEmpty)
    #expect(widths == [10, 17, 14])
    var narrow = [10, 30, 14]
    #expect(ResultRenderer.fit(&narrow, columns: columns, into: 30) == 1..<2)
    #expect(narrow == [10, 12, 14])
  }
}
