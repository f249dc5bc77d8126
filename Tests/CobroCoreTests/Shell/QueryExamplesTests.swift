import CobroCore
import CobroPortfolio
import Testing

/// Every query command's help example runs on the demo portfolio.
@Suite struct QueryExamplesTests {
  @Test func examplesRunOnTheDemoPortfolio() throws {
    let t = TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff)
    for name in [
      "count", "sum", "avg", "min", "max", "list", "top", "group", "aging", "show",
      "debtor", "concentration", "chart", "let", "sets",
    ] {
      let c = try #require(t.session.commands[name])
      let r = t.run(c.example)
      #expect(r.ok, "\(name): \(c.example)\n\(r.err)")
      #expect(!r.out.isEmpty, "\(name): \(c.example)")
    }
  }
}
