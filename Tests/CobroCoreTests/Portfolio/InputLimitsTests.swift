import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// Hostile input, one class at a time: each meets a documented limit with a clear error, or is
/// read in work linear in its size, never a crash or a hang.
@Suite struct InputLimitsTests {
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  static func load(_ text: String, name: String = "wide.csv") throws -> Portfolio {
    try PortfolioLoader(asOf: asOf).load(bytes: InputBytes.copying(Array(text.utf8)), name: name)
  }

  static func payments(_ text: String, for p: Portfolio) throws -> (PaymentHistory, [RejectedRow]) {
    try PaymentsLoader().load(bytes: InputBytes.copying(Array(text.utf8)), name: "p.csv", for: p)
  }

  static let header = "account_id,debtor_id,balance,due_date"

  // MARK: - Wide files

  @Test func aHeaderPastTheColumnLimitIsOneLocatedError() throws {
    let extra = (1...5_000).map { "c\($0)" }.joined(separator: ",")
    let text = "\(Self.header),\(extra)\nA1,D1,1.00,2026-01-01\n"
    do {
      _ = try Self.load(text)
      Issue.record("a header of 5,004 columns must be refused")
    } catch let d as Diagnostic {
      #expect(d.message.text == "header: 5004 columns, more than the 1024 cobro reads")
      // The first column past the limit: 'c1021' (the 1,025th), on line 1.
      let column = text.prefix(while: { $0 != "\n" }).range(of: "c1021,")?.lowerBound
      let expected = text.distance(from: text.startIndex, to: try #require(column)) + 1
      #expect(d.range?.start == SourceLocation(line: 1, column: expected))
    }
  }

  @Test func aHeaderAtTheColumnLimitLoads() throws {
    let extra = (5...InputLimits.columns).map { "c\($0)" }.joined(separator: ",")
    let row = "A1,D1,1.00,2026-01-01" + String(repeating: ",x", count: InputLimits.columns - 4)
    let p = try Self.load("\(Self.header),\(extra)\n\(row)\n")
    #expect(p.rowCount == 1)
    #expect(p.columns.count == InputLimits.columns)
  }

  @Test func aWideRowIsALocatedRejectAndTheOthersLoad() throws {
    let wide = "A2,D2,1.00,2026-01-01" + String(repeating: ",x", count: 100_000)
    let p = try Self.load("\(Self.header)\nA1,D1,1.00,2026-01-01\n\(wide)\nA3,D3,2.00,2026-01-01\n")
    #expect(p.rowCount == 2)
    let reject = try #require(p.rejects.first)
    #expect(p.rejects.count == 1)
    #expect(reject.diagnostic.message.text == "expected 4 fields, found 100004")
    #expect(reject.diagnostic.range?.start == SourceLocation(line: 3, column: 23))
  }

  @Test func aWidePaymentsHeaderIsOneErrorAndAWideRowAReject() throws {
    let p = try Self.load("\(Self.header)\nA1,D1,1.00,2026-01-01\n")
    let extra = (1...5_000).map { "c\($0)" }.joined(separator: ",")
    do {
      _ = try Self.payments("account_id,date,amount,\(extra)\nA1,2026-01-01,1.00\n", for: p)
      Issue.record("a payments header of 5,003 columns must be refused")
    } catch let d as Diagnostic {
      #expect(d.message.text == "header: 5003 columns, more than the 1024 cobro reads")
      #expect(d.range?.start.line == 1)
    }
    let wide = "A1,2026-01-02,1.00" + String(repeating: ",x", count: 100_000)
    let (history, rejects) = try Self.payments(
      "account_id,date,amount\nA1,2026-01-01,1.00\n\(wide)\nA1,2026-01-03,2.00\n",
      for: p
    )
    #expect(history.count == 2)
    #expect(rejects.count == 1)
    #expect(rejects.first?.diagnostic.message.text == "expected 3 fields, found 100003")
    #expect(rejects.first?.line == 3)
  }

  // MARK: - Lines ended by a lone CR

  /// About 1 MB of CR-ended lines, every tenth row with bad money.
  static func crOnly(rows: Int) -> [UInt8] {
    var text = Self.header
    for i in 0..<rows {
      text += "\rA\(i),D\(i),\(i).50\(i % 10 == 0 ? "x" : ""),2026-01-01"
    }
    return Array((text + "\r").utf8)
  }

  @Test func aFileOfCROnlyLinesLoadsItsRowsWithLinearWork() throws {
    let bytes = Self.crOnly(rows: 36_000)
    #expect(bytes.count > 1_000_000)
    let input = InputBytes.copying(bytes)
    var state = try LoadState(
      bytes: input,
      start: 0,
      name: "mac.csv",
      options: LoadOptions(),
      progress: nil
    )
    try state.run(sampleCheck: false)
    #expect(state.rows == 32_400)
    #expect(state.rejects.count == 3_600)
    // Each reject reads its own record and line: a few times the file at most. Reading back to
    // the previous '\n' (none) read ~18 GB here.
    #expect(state.locateWork < 3 * bytes.count, "\(state.locateWork) bytes read")
    #expect(state.locateWork > 0)

    let p = try PortfolioLoader(asOf: Self.asOf).load(bytes: input, name: "mac.csv")
    #expect(p.rowCount == 32_400)
    #expect(p.rejects.count == 3_600)
    let last = try #require(p.rejects.last)
    #expect(last.line == 35_992)
    #expect(last.text == "A35990,D35990,35990.50x,2026-01-01")
    #expect(last.diagnostic.range?.start == SourceLocation(line: 35_992, column: 15))
    #expect(last.diagnostic.sourceLine == last.text)
    let ids = try #require(p.column(named: "account_id"))
    let balances = try #require(p.column(named: "balance"))
    #expect(ids.text(0) == "A1")
    #expect(balances.text(0) == "1.50")
    #expect(ids.text(p.rowCount - 1) == "A35999")
    #expect(balances.text(p.rowCount - 1) == "35999.50")
  }

  @Test func aLoneCRCountsAsALineInsideQuotesAndAfterBadQuotes() throws {
    let text =
      "\(Self.header)\rA1,D1,\"1.00\",2026-01-01\r\"A\r2\",D2,1.00,2026-01-01\r"
      + "A3,\"D3\"x,1.00,2026-01-01\rA4,D4,1.00,2026-01-01\r"
    let p = try Self.load(text, name: "cr.csv")
    #expect(p.rowCount == 3)
    let reject = try #require(p.rejects.first)
    #expect(reject.diagnostic.message.text == "unexpected character after a closing quote")
    // Line 5: the quoted 'A\r2' spans lines 3 and 4.
    #expect(reject.diagnostic.range?.start == SourceLocation(line: 5, column: 8))
    #expect(reject.diagnostic.sourceLine == "A3,\"D3\"x,1.00,2026-01-01")
  }

  @Test func anUnterminatedQuoteInACROnlyFileRejectsOnlyItsLine() throws {
    let p = try Self.load(
      "\(Self.header)\rA1,D1,1.00,2026-01-01\rA2,\"D2,1.00,2026-01-01\rA3,D3,1.00,2026-01-01\r",
      name: "cr.csv"
    )
    #expect(p.rowCount == 2)
    #expect(p.rejects.map(\.line) == [3])
  }

  // MARK: - Files that are not files

  @Test func aDeviceIsRefused() {
    #expect(
      throws: CobroError.cannotOpen(
        path: "/dev/zero",
        reason: "not a regular file (a device or a socket)"
      )
    ) {
      _ = try InputBytes.mapping(path: "/dev/zero")
    }
  }

  @Test func aFIFOWithoutAWriterIsAnErrorNotAWait() throws {
    let path =
      NSTemporaryDirectory() + "cobro-fifo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    #expect(mkfifo(path, 0o600) == 0)
    defer { unlink(path) }
    #expect(
      throws: CobroError.badInput(path: path, reason: "empty pipe: nothing was writing to it")
    ) {
      _ = try InputBytes.mapping(path: path)
    }
  }

  // MARK: - Filters

  @Test func nestingPastTheDepthLimitIsALocatedError() throws {
    let limit = InputLimits.filterDepth
    _ = try Parser.parse(String(repeating: "not ", count: limit) + "balance > 0")
    _ = try Parser.parse(
      String(repeating: "(", count: limit) + "balance > 0" + String(repeating: ")", count: limit)
    )
    for deep in [
      String(repeating: "not ", count: 5_000) + "balance > 0",
      String(repeating: "(", count: 5_000) + "balance > 0" + String(repeating: ")", count: 5_000),
      String(repeating: "not (", count: 3_000) + "balance > 0"
        + String(repeating: ")", count: 3_000),
    ] {
      do {
        _ = try Parser.parse(deep)
        Issue.record("nesting of 5,000 must be refused")
      } catch {
        #expect(error.message == QueryMessages.tooDeep)
        // At the first word or parenthesis past the limit.
        let column = try #require(error.range?.start.column)
        #expect(column > limit && column <= 4 * limit + 1)
      }
    }
  }

  func tokens(_ s: String) -> [Token] {
    Lexer(source: SourceFile(name: "<let>", text: s)).statements().flatMap(\.tokens)
  }

  func check(_ filter: String, sets: [String: [Token]]) throws -> CobroPortfolio.Predicate {
    let checker = Checker(
      portfolio: try SmallPortfolio.load(),
      context: QueryContext(asOf: Self.asOf),
      source: SourceFile(name: "<input>", text: filter),
      namedSets: sets
    )
    return try checker.check(try Parser.parse(filter, setNames: Set(sets.keys)))
  }

  @Test func aChainOfSetsEachUsingThePreviousTwiceIsTheSizeOfOne() throws {
    var sets = ["s0": tokens("balance > 1000 segment B")]
    for i in 1...60 { sets["s\(i)"] = tokens("s\(i - 1) or s\(i - 1) and s\(i - 1)") }
    #expect(try check("s60", sets: sets) == (try check("s0", sets: sets)))
  }

  @Test func aLongChainOfSetsNeedsNoDeepRecursion() throws {
    var sets = ["s0": tokens("balance > 1000")]
    for i in 1...5_000 { sets["s\(i)"] = tokens("s\(i - 1) segment B") }
    let predicate = try check("s5000", sets: sets)
    #expect(predicate == (try check("balance > 1000 segment B", sets: [:])))
  }

  @Test func aSetThatExpandsPastTheLimitsIsRefused() throws {
    var sets = ["s0": tokens("balance > 1000")]
    for i in 1...40 { sets["s\(i)"] = tokens("(s\(i - 1) segment B) or (s\(i - 1) segment A)") }
    do {
      _ = try check("s40", sets: sets)
      Issue.record("2^40 conditions must be refused")
    } catch let error as Diagnostic {
      #expect(error.message.text.contains("expands to a filter too large"), "\(error.message)")
      #expect(error.range?.start == SourceLocation(line: 1, column: 1))
    }
    sets = ["s0": tokens("balance > 1000")]
    for i in 1...300 { sets["s\(i)"] = tokens("not (s\(i - 1) or segment A)") }
    #expect(throws: Diagnostic.self) { _ = try check("s300", sets: sets) }
  }

  // MARK: - Suggestions and continued lines

  @Test func aLongUnknownWordGetsNoSuggestionAndShortOnesStillDo() {
    let names = ["balance", "segment", "debtor_name"] + (0..<200).map { "column_\($0)" }
    #expect(Suggestion.closest(to: "balnce", among: names) == "balance")
    #expect(Suggestion.closest(to: String(repeating: "x", count: 5_000), among: names) == nil)
    #expect(Suggestion.closest(to: String(repeating: "ñ", count: 5_000), among: names) == nil)
  }

  @Test func continuedLinesAreDecidedOneLineAtATime() {
    let cases: [([String], Bool)] = [
      (["echo a \\"], true), (["echo a"], false), (["list (segment A"], true),
      (["list (segment A", "or segment B)"], false), (["echo 'a \\'"], false),
      (["echo a # c \\"], false), (["echo a \\  "], true), (["(a", "# (", ")"], false),
      (["(a; b"], false),
    ]
    for (lines, expected) in cases {
      var continuation = Lexer.Continuation()
      var more = false
      for line in lines { more = continuation.needsMore(after: line) }
      #expect(more == expected, "\(lines)")
      #expect(Lexer.needsMoreInput(lines.joined(separator: "\n")) == expected, "\(lines)")
    }
  }
}
