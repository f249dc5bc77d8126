import CobroCore
import CobroDiagnostics
import CobroPortfolio
import Testing

@Suite struct ParserTests {
  /// Parses a filter and dumps its tree.
  func dump(_ text: String, sets: Set<String> = []) throws -> String {
    let q = try #require(try Parser.parse(text, setNames: sets))
    return q.dump()
  }

  @Test func sideBySideConditionsBindLikeAnd() throws {
    #expect(
      try dump("overdue > 60 segment B") == """
        and @1:1-1:23
        ├─ compare overdue > 60 @1:1-1:13
        └─ equals segment = B @1:14-1:23
        """
    )
  }

  @Test func andBindsTighterThanOr() throws {
    #expect(
      try dump("segment A and overdue > 30 or status paid") == """
        or @1:1-1:42
        ├─ and @1:1-1:27
        │  ├─ equals segment = A @1:1-1:10
        │  └─ compare overdue > 30 @1:15-1:27
        └─ equals status = paid @1:31-1:42
        """
    )
  }

  @Test func parenthesesNotAndMembership() throws {
    #expect(
      try dump("not (segment in (A, B) or name ~ \"Pérez\") city not in (Cali)") == """
        and @1:1-1:61
        ├─ not @1:1-1:42
        │  └─ or @1:5-1:42
        │     ├─ member segment in (A, B) @1:6-1:23
        │     └─ contains name ~ "Pérez" @1:27-1:41
        └─ member city not in (Cali) @1:43-1:61
        """
    )
  }

  @Test func relativeDueDatesAndOperators() throws {
    #expect(
      try dump("due within 7 days or due today or balance >= 5M and balance != 0") == """
        or @1:1-1:65
        ├─ due within 7 days @1:1-1:18
        ├─ due today @1:22-1:31
        └─ and @1:35-1:65
           ├─ compare balance >= 5M @1:35-1:48
           └─ compare balance != 0 @1:53-1:65
        """
    )
  }

  @Test func namedSetsAreConditions() throws {
    #expect(
      try dump("risky segment B", sets: ["risky"]) == """
        and @1:1-1:16
        ├─ set risky @1:1-1:6
        └─ equals segment = B @1:7-1:16
        """
    )
    // A set name followed by an operator is a field comparison.
    #expect(try dump("risky = 3", sets: ["risky"]) == "equals risky = 3 @1:1-1:10")
  }

  @Test func bucketLabelsAndQuotedText() throws {
    #expect(
      try dump("bucket 61-90 name = 'O''Neil'") == """
        and @1:1-1:30
        ├─ equals bucket = 61-90 @1:1-1:13
        └─ equals name = "O'Neil" @1:14-1:30
        """
    )
  }

  /// `parse(source(q)) == q`, ranges aside, on seeded random trees.
  @Test func sourceParsesBack() throws {
    var g = SeededGenerator(seed: 42)
    let fields = ["overdue", "segment", "balance", "name", "status", "bucket"]
    let values = ["60", "B", "5M", "\"Ana María\"", "paid", "61-90", "'x y'"]
    let ops = ["=", "!=", "<", "<=", ">", ">=", "~"]
    func leaf() -> String {
      let f = fields[Int(g.next() % 6)]
      switch g.next() % 5 {
      case 0: return "\(f) in (\(values[Int(g.next() % 7)]), \(values[Int(g.next() % 7)]))"
      case 1: return "\(f) \(values[Int(g.next() % 7)])"
      case 2: return "due within \(g.next() % 30) days"
      default: return "\(f) \(ops[Int(g.next() % 7)]) \(values[Int(g.next() % 7)])"
      }
    }
    func tree(_ depth: Int) -> String {
      if depth == 0 { return leaf() }
      switch g.next() % 4 {
      case 0: return "(\(tree(depth - 1)) or \(tree(depth - 1)))"
      case 1: return "not \(tree(depth - 1))"
      case 2: return "\(tree(depth - 1)) and \(tree(depth - 1))"
      default: return "\(tree(depth - 1)) \(tree(depth - 1))"
      }
    }
    for seed in 0..<200 {
      let text = tree(Int(g.next() % 4))
      let q = try #require(try Parser.parse(text), "seed \(seed): \(text)")
      let again = try #require(try Parser.parse(q.source), "seed \(seed): \(q.source)")
      #expect(again.dump(ranges: false) == q.dump(ranges: false), "seed \(seed): \(text)")
    }
  }

  // MARK: - Errors

  struct ErrorCase: CustomTestStringConvertible, Sendable {
    /// Input with 1️⃣ where the diagnostic must start.
    var input: String
    var message: String
    var testDescription: String { input }
  }

  static let errors: [ErrorCase] = [
    .init(input: "overdue >1️⃣", message: "expected a value after '>'"),
    .init(input: "segment1️⃣", message: "expected an operator or a value after 'segment'"),
    .init(input: "segment B 1️⃣)", message: "unexpected ')' without '('"),
    .init(input: "(segment B1️⃣", message: "expected ')'"),
    .init(input: "segment 1️⃣or", message: "expected a value after 'segment', found 'or'"),
    .init(input: "segment B or1️⃣", message: "expected a condition after 'or'"),
    .init(input: "1️⃣> 5", message: "expected a condition, found '>'"),
    .init(input: "segment in 1️⃣A", message: "expected '(' after 'in'"),
    .init(input: "segment in (1️⃣)", message: "empty list: expected at least one value"),
    .init(input: "segment in (A 1️⃣B)", message: "expected ',' or ')' in the list, found 'B'"),
    .init(input: "(1️⃣)", message: "empty parentheses: expected a condition"),
    .init(input: "due within1️⃣", message: "expected a number of days after 'within'"),
    .init(input: "name = \"x\" 1️⃣\"y\"", message: "expected a condition, found '\"y\"'"),
  ]

  @Test(arguments: errors)
  func errorsPointAtTheirPlace(_ c: ErrorCase) throws {
    let (text, column) = Markers.strip(c.input)
    do {
      _ = try Parser.parse(text)
      Issue.record("expected an error for \(c.input)")
    } catch {
      #expect(error.message.text == c.message)
      #expect(error.range?.start == SourceLocation(line: 1, column: column))
      #expect(error.sourceLine == text)
    }
  }
}

/// Marker helpers for diagnostic tests (`1️⃣` marks the expected column).
enum Markers {
  /// The text without the marker, and the 1-based character column where it was.
  static func strip(_ input: String) -> (String, Int) {
    let marker: Character = "1️⃣"
    guard let i = input.firstIndex(of: marker) else { return (input, 1) }
    let column = input[..<i].unicodeScalars.count + 1
    var text = input
    text.remove(at: i)
    return (text, column)
  }
}
