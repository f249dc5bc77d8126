import CobroCore
import CobroPortfolio
import Testing

/// `top N` takes its rows by a partial selection over the filter's mask; a full sort of the
/// same rows must give the same first N, ties included.
@Suite struct RowOrderTests {
  /// `top N` (descending) and `list … sort F limit N` (ascending: many ties, zero balances,
  /// equal payment counts, broken by account id) against the full sort's first N.
  @Test(arguments: [
    ("top 20 by balance overdue > 30", "list overdue > 30 sort balance desc"),
    ("top 20 by principal", "list sort principal desc"),
    ("top 20 by overdue segment B", "list segment B sort overdue desc"),
    ("top 20 by payments_late", "list sort payments_late desc"),
    ("top 20 by due_date overdue > 0", "list overdue > 0 sort due_date desc"),
    ("top 20 by debtor_name", "list sort debtor_name desc"),
    ("list sort balance limit 20", "list sort balance"),
    ("list segment B sort balance limit 20", "list segment B sort balance"),
    ("list overdue > 0 sort payments_late limit 20", "list overdue > 0 sort payments_late"),
    ("list status active sort principal limit 20", "list status active sort principal"),
  ])
  func partialSelectionAgreesWithAFullSort(limited: String, full: String) throws {
    let t = TestSession(try DemoPortfolio.make())
    let picked = t.run(limited)
    #expect(picked.ok, "\(picked.err)")
    let sorted = t.run(full)
    #expect(sorted.ok, "\(sorted.err)")
    let expected = sorted.out.split(separator: "\n").prefix(21)
    #expect(picked.out.split(separator: "\n")[...] == expected)
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
