import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Testing

/// `set limit` shortens listings only: never one account's fields, nor a summary whose totals
/// are printed.
@Suite struct LimitTests {
  func demo() throws -> TestSession {
    TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff, format: .table)
  }

  @Test func showKeepsEveryFieldAndShortensPayments() throws {
    let t = try demo()
    let whole = t.fresh("show CO-0000002")
    _ = t.fresh("set limit 3")
    let limited = t.fresh("show CO-0000002")
    #expect(limited.ok)
    let fields = { (s: String) in s.components(separatedBy: "\n\n")[0] }
    #expect(fields(limited.out) == fields(whole.out))
    #expect(fields(limited.out).contains("behavior"))
    #expect(limited.err.contains("more rows not shown"))
  }

  @Test func summariesWithTotalsKeepEveryGroup() throws {
    let t = try demo()
    for command in ["aging by segment", "group by segment", "aging"] {
      _ = t.fresh("set limit none")
      let whole = t.fresh(command)
      _ = t.fresh("set limit 2")
      let limited = t.fresh(command)
      #expect(limited.out == whole.out, "\(command)")
      #expect(limited.err.isEmpty, "\(command): \(limited.err)")
    }
  }

  @Test func listingsAreStillShortened() throws {
    let t = try demo()
    _ = t.fresh("set limit 2")
    let r = t.fresh("list segment A")
    #expect(r.out.split(separator: "\n").count == 4)
    #expect(r.err.contains("more rows not shown"))
  }
}

extension TestSession {
  /// Runs a command; its stdout without the empty line that separates it from earlier results.
  fileprivate func fresh(_ text: String) -> (out: String, err: String, ok: Bool) {
    let r = run(text)
    return (String(r.out.drop { $0 == "\n" }), r.err, r.ok)
  }
}
