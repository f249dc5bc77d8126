import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// Named sets are checked once across commands, and what was checked is dropped whenever it
/// could be wrong.
@Suite struct NamedSetsTests {
  /// A session on the small portfolio with a chain of `n` sets, each using the one before.
  static func chain(_ n: Int) throws -> TestSession {
    let s = TestSession(try SmallPortfolio.load())
    var script = "let s0 = balance > 100\n"
    for i in 1..<n { script += "let s\(i) = s\(i - 1) and balance > \(i)\n" }
    let defined = s.run(script)
    #expect(defined.ok, "\(defined.err)")
    return s
  }

  @Test func aChainIsCheckedOnceInAll() throws {
    let s = try Self.chain(300)
    // Each `let` checks the sets its filter uses: every set but the last, once.
    #expect(s.session.namedSets.memo.checks == 299, "each set checked once, not once per let")
    #expect(s.result("count s299") == "count\n4\n")
    #expect(s.session.namedSets.memo.checks == 300)
    #expect(s.result("count s299 and s150") == "count\n4\n")
    #expect(s.session.namedSets.memo.checks == 300, "using the chain checks nothing again")
  }

  @Test func aRedefinitionReachesTheSetsThatUseIt() throws {
    let s = try Self.chain(50)
    #expect(s.result("count s49") == "count\n5\n")
    #expect(s.run("let s0 = balance > 1M").ok)
    #expect(s.result("count s49") == "count\n2\n")
    // Only s0 and the 49 sets that use it were checked again.
    #expect(s.session.namedSets.memo.checks == 50 + 1 + 49)
    #expect(s.run("let s0 = segment B").ok)
    #expect(s.result("count s49") == "count\n3\n")
  }

  @Test func aFailedRedefinitionKeepsTheSetAsItWas() throws {
    let s = try Self.chain(5)
    #expect(s.result("count s4") == "count\n5\n")
    let failed = s.run("let s0 = balanse > 1")
    #expect(!failed.ok)
    #expect(s.result("count s4") == "count\n5\n")
    #expect(s.result("sets").contains("s0,balance > 100\n"))
  }

  @Test func anErrorInAnEarlySetIsReportedAfterALoad() throws {
    let s = try Self.chain(20)
    #expect(s.run("let s0 = city = Cali").ok)
    #expect(s.result("count s19") == "count\n1\n")
    // Another portfolio without `city`: the first set of the chain no longer checks.
    s.session.portfolio = try Fixture.load(
      text: "account_id,debtor_id,balance,due_date\nA1,D1,10,2026-10-01\n"
    )
    let used = s.run("count s19")
    #expect(!used.ok)
    #expect(
      used.err.contains("error: in set 's0' (used by 's18'): the portfolio has no 'city' column"),
      "\(used.err)"
    )
  }

  @Test func anotherAsOfDateChecksTheSetsAgain() throws {
    let s = TestSession(try SmallPortfolio.load())
    #expect(s.run("let soon = due within 10 days\nlet later = soon and balance > 0").ok)
    #expect(s.result("count later") == "count\n1\n")
    // Due 2026-11-05: within 10 days of the 1st, not of the 30th.
    #expect(s.run("set asof 2026-11-01").ok)
    #expect(s.result("list later columns account_id") == "account_id\nA1\n")
  }

  @Test func aRecodeChecksTheSetsAgain() throws {
    let s = TestSession(try SmallPortfolio.load())
    #expect(s.run("let b = segment B\nlet bb = b and balance > 0").ok)
    #expect(s.result("count bb") == "count\n3\n")
    #expect(s.run("recode segment A as B").ok)
    #expect(s.result("count bb") == "count\n5\n")
  }

  @Test func aChangedCopyKeepsNothingOfTheOriginal() throws {
    var sets = NamedSets()
    sets["a"] = Lexer(source: SourceFile(name: "", text: "balance > 1")).statements()[0].tokens
    let copy = sets
    sets["b"] = copy["a"]
    #expect(sets.names == ["a", "b"])
    #expect(copy.names == ["a"])
    #expect(sets.memo !== copy.memo)
  }
}
