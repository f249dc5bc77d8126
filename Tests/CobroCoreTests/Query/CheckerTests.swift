import CobroCore
import CobroDiagnostics
import CobroPortfolio
import Testing

@Suite struct CheckerTests {
  struct ErrorCase: CustomTestStringConvertible, Sendable {
    var input: String
    var message: String
    var note: String?
    var testDescription: String { input }
  }

  static let errors: [ErrorCase] = [
    .init(
      input: "1️⃣overdeu > 60",
      message: "unknown column 'overdeu'",
      note: "did you mean 'overdue'?"
    ),
    .init(
      input: "segment 1️⃣Z",
      message: "no account has segment 'Z'",
      note: "segment values: A, B, C"
    ),
    .init(
      input: "segment in (A, 1️⃣Q)",
      message: "no account has segment 'Q'",
      note: "segment values: A, B, C"
    ),
    .init(
      // Case and accents are ignored (`city bogota` matches Bogotá); a misspelling is not.
      input: "city 1️⃣Bogotta",
      message: "no account has city 'Bogotta'",
      note: "did you mean 'Bogotá'?"
    ),
    .init(
      input: "balance > 1️⃣5x",
      message: "balance: '5x' is not an amount",
      note: "write 1234.56, 250k or 5M"
    ),
    .init(input: "saldo > 1️⃣1.234", message: "balance: '1.234' is not an amount", note: nil),
    .init(input: "1️⃣balance ~ 5", message: "'~' does not apply to balance (money)", note: nil),
    .init(
      input: "bucket 1️⃣61-91",
      message: "'61-91' is not an aging bucket",
      note: "did you mean '61-90'?"
    ),
    .init(
      input: "behavior 1️⃣latte",
      message: "'latte' is not a payment class",
      note: "did you mean 'late'?"
    ),
    .init(
      input: "1️⃣behavior > late",
      message: "'>' does not apply to behavior (a payment class)",
      note: nil
    ),
    .init(input: "due < 1️⃣2026-02-30", message: "due_date: '2026-02-30' is not a date", note: nil),
    .init(
      input: "1️⃣maturity_date > 2026-01-01",
      message: "the portfolio has no 'maturity_date' column",
      note: nil
    ),
    .init(input: "due within 1️⃣x days", message: "'x' is not a number of days", note: nil),
    .init(
      input: "overdue > 1️⃣'60'",
      message: "overdue: '\"60\"' is not a number of days",
      note: nil
    ),
    .init(
      input: "1️⃣debtor D1",
      message: "unknown column 'debtor'",
      note: "'debtor' is a command; filter with debtor_id"
    ),
  ]

  @Test(arguments: errors)
  func errorsPointAtTheirPlace(_ c: ErrorCase) throws {
    let p = try SmallPortfolio.load()
    let (text, column) = Markers.strip(c.input)
    let source = SourceFile(name: "<input>", text: text)
    let checker = Checker(
      portfolio: p,
      context: QueryContext(asOf: Day(raw: Day.daysFromCivil(2026, 11, 30))),
      source: source
    )
    do {
      let q = try Parser.parse(text)
      _ = try checker.check(q)
      Issue.record("expected an error for \(c.input)")
    } catch {
      #expect(error.message.text == c.message)
      #expect(error.range?.start == SourceLocation(line: 1, column: column))
      #expect(error.sourceLine == text)
      if let note = c.note { #expect(error.notes.map(\.text).contains(note), "\(error.notes)") }
    }
  }

  @Test func namedSetsExpandAndCyclesAreCaught() throws {
    let p = try SmallPortfolio.load()
    let context = QueryContext(asOf: Day(raw: Day.daysFromCivil(2026, 11, 30)))
    func tokens(_ s: String) -> [Token] {
      Lexer(source: SourceFile(name: "<let>", text: s)).statements().flatMap(\.tokens)
    }
    let sets = ["risky": tokens("overdue > 90"), "a": tokens("b segment B"), "b": tokens("a")]
    let checker = Checker(
      portfolio: p,
      context: context,
      source: SourceFile(name: "<input>", text: "risky"),
      namedSets: sets
    )
    let e = Evaluator(portfolio: p, context: context)
    let selected = try e.select(
      try checker.check(try Parser.parse("risky", setNames: Set(sets.keys)))
    )
    #expect(selected.rows == [1, 2, 5])
    do {
      _ = try checker.check(try Parser.parse("a", setNames: Set(sets.keys)))
      Issue.record("a cycle must be an error")
    } catch {
      #expect(error.message.text.contains("refers to itself"))
      #expect(error.range?.start == SourceLocation(line: 1, column: 1))
    }
  }

  @Test(arguments: [
    ("5M", Int64(500_000_000)), ("2.5k", 250_000), ("1234.56", 123_456), ("5MM", 500_000_000),
    ("-20", -2_000), ("1.5m", 150_000_000), ("0.01", 1), ("7", 700),
  ])
  func amounts(_ text: String, _ cents: Int64) {
    #expect(Checker.amount(text) == cents)
  }

  @Test(arguments: ["1.234", "abc", "", "5x", "1.2.3", "99999999999999999999", "-", "k", "1e5"])
  func notAmounts(_ text: String) {
    #expect(Checker.amount(text) == nil)
  }

  /// Canonical columns the file leaves out take their default: currency COP, status active.
  @Test func absentColumnsTakeTheirDefault() throws {
    let csv =
      "account_id,debtor_id,balance,due_date\nX1,D1,10.00,2026-01-01\nX2,D2,0.00,2026-12-01\n"
    let p = try PortfolioLoader(
      options: LoadOptions(),
      asOf: Day(raw: Day.daysFromCivil(2026, 11, 30))
    )
    .load(bytes: InputBytes.copying(Array(csv.utf8)), name: "min.csv")
    let t = TestSession(p)
    #expect(t.run("count currency cop status active payments_late = 0").out == "count\n2\n")
    #expect(t.run("count status paid").out == "\ncount\n0\n")
    let r = t.run("count segment A")
    #expect(!r.ok)
    #expect(r.err.contains("error: the portfolio has no 'segment' column"))
  }
}
