import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// Debtors of a loaded portfolio.
@Suite struct DerivedColumnsTests {
  @Test func debtorsFollowFirstAppearance() throws {
    let p = try DemoPortfolio.make()
    guard case .text(let ids)? = p.column(named: "debtor_id")?.data else {
      Issue.record("the demo has no debtor ids")
      return
    }
    let d = try DerivedColumns(portfolio: p).debtors()
    var seen: [String: UInt32] = [:]
    var firstRow: [Int32] = []
    var mismatches = 0
    for r in 0..<p.rowCount {
      let id = ids.string(r)
      if seen[id] == nil {
        seen[id] = UInt32(firstRow.count)
        firstRow.append(Int32(r))
      }
      if d.codes[r] != seen[id] { mismatches += 1 }
    }
    #expect(mismatches == 0)
    #expect(d.firstRow == firstRow)
    #expect(d.count == seen.count)
  }
}
