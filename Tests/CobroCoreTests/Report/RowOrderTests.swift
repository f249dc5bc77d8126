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
}
