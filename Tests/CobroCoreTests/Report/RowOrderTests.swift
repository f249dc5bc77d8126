import CobroCore
import Testing

/// `top N` takes its rows by a partial selection over the filter's mask; a full sort of the
/// same rows must give the same first N, ties included.
@Suite struct RowOrderTests {
  @Test(arguments: [
    ("balance", "overdue > 30"), ("principal", ""), ("overdue", "segment B"),
    ("payments_late", ""), ("due_date", "overdue > 0"), ("debtor_name", ""),
  ])
  func partialSelectionAgreesWithAFullSort(field: String, filter: String) throws {
    let t = TestSession(try DemoPortfolio.make())
    let top = t.run("top 20 by \(field) \(filter)")
    #expect(top.ok, "\(top.err)")
    let sorted = t.run("list \(filter) sort \(field) desc")
    #expect(sorted.ok, "\(sorted.err)")
    let expected = sorted.out.split(separator: "\n").prefix(21)
    #expect(top.out.split(separator: "\n")[...] == expected)
  }

  /// Ascending with a limit (`list … sort F limit N`): many ties (zero balances, equal
  /// payment counts), broken by account id.
  @Test(arguments: [
    ("balance", ""), ("balance", "segment B"), ("payments_late", "overdue > 0"),
    ("principal", "status active"),
  ])
  func ascendingLimitAgreesWithAFullSort(field: String, filter: String) throws {
    let t = TestSession(try DemoPortfolio.make())
    let limited = t.run("list \(filter) sort \(field) limit 20")
    #expect(limited.ok, "\(limited.err)")
    let sorted = t.run("list \(filter) sort \(field)")
    #expect(sorted.ok, "\(sorted.err)")
    let expected = sorted.out.split(separator: "\n").prefix(21)
    #expect(limited.out.split(separator: "\n")[...] == expected)
  }

  /// Ties at the last kept value where a later row has the smaller account id (ids in
  /// descending file order): the tie-break must still let it in, both ways.
  @Test(arguments: ["top 20 by balance", "list sort balance limit 20"])
  func tiesWithSmallerIdsLaterInTheFileAreKept(command: String) throws {
    var csv = "account_id,debtor_id,balance,due_date\n"
    for i in 0..<400 {
      csv += "A\(String(1_000 - i)),D\(i),\(100 * (i % 7)).00,2026-01-01\n"
    }
    let p = try PortfolioLoader(asOf: Day(raw: Day.daysFromCivil(2026, 11, 30))).load(
      bytes: InputBytes.copying(Array(csv.utf8)),
      name: "ties.csv"
    )
    let t = TestSession(p)
    let limited = t.run(command)
    #expect(limited.ok, "\(limited.err)")
    let full = t.run(command.hasPrefix("top") ? "list sort balance desc" : "list sort balance")
    let expected = full.out.split(separator: "\n").prefix(21)
    #expect(limited.out.split(separator: "\n")[...] == expected)
  }
}
