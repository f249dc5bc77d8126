import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// Work cut in two halves on two threads gives what one pass over the rows gives.
@Suite struct RowHalvesTests {
  @Test func cutsSmallWorkNotAndLargeWorkOnAnAlignedRow() {
    #expect(RowHalves.map(25, alignment: 4) { $0 } == [0..<25])
    let halves = RowHalves.$parallelRows.withValue(10) { RowHalves.map(25, alignment: 4) { $0 } }
    #expect(halves == [0..<12, 12..<25])
    let odd = RowHalves.$parallelRows.withValue(10) { RowHalves.map(27, alignment: 5) { $0 } }
    #expect(odd == [0..<15, 15..<27])
    let tiny = RowHalves.$parallelRows.withValue(0) { RowHalves.map(1) { $0 } }
    #expect(tiny == [0..<1])
    let lines = RowHalves.$parallelRows.withValue(2) { RowHalves.map(500) { $0 } }
    #expect(lines == [0..<256, 256..<500])
  }

  /// Commands whose scans are cut: selections, sums and extremes (one currency and several),
  /// the currencies a selection holds, and `top`'s partial selection (money, days, text keys).
  static let commands = [
    "count overdue > 30 segment B",
    "sum balance",
    "sum balance currency COP",
    "avg balance segment B currency COP",
    "min balance currency COP",
    "max principal currency USD",
    "sum payments_late",
    "top 20 by balance",
    "top 5 by balance overdue > 30",
    "list sort principal limit 6",
    "top 9 by overdue",
    "top 3 by name",
    "list name ~ a sort balance desc limit 4",
    "list overdue > 0 sort debtor_id limit 5",
  ]

  @Test func anEmptyPortfolioGivesEmptyAnswersCutOrNot() throws {
    let csv = "account_id,debtor_id,balance,currency,due_date\n"
    let p = try PortfolioLoader(
      options: LoadOptions(),
      asOf: Day(raw: Day.daysFromCivil(2026, 11, 30))
    )
    .load(bytes: InputBytes.copying(Array(csv.utf8)), name: "empty.csv")
    #expect(p.rowCount == 0)
    let script =
      "count overdue > 3\nsum balance currency COP\ntop 5 by balance\nlist sort balance limit 3"
    let whole = TestSession(p).run(script)
    let cut = RowHalves.$parallelRows.withValue(0) {
      Evaluator.$chunkRows.withValue(1) { TestSession(p).run(script) }
    }
    #expect(whole.ok, "\(whole.err)")
    #expect(whole.out.hasPrefix("count\n0\n\nsum_balance\n0.00\n"))
    #expect(cut.out == whole.out)
  }

  @Test(arguments: [UInt64(4), 5])
  func reportsDoNotDependOnTheCut(seed: UInt64) throws {
    let data = RandomPortfolio(seed: seed, count: 500, currencies: ["COP", "USD"])
    let p = try data.load()
    let script = RowHalvesTests.commands.joined(separator: "\n")
    let whole = TestSession(p, asOf: data.cutoff).run(script)
    let cut = RowHalves.$parallelRows.withValue(2) {
      Evaluator.$chunkRows.withValue(7) { TestSession(p, asOf: data.cutoff).run(script) }
    }
    #expect(whole.ok, "\(whole.err)")
    #expect(whole.out.split(separator: "\n").count > 70)
    #expect(cut.out == whole.out)
    #expect(cut.err == whole.err)
  }
}
