import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Testing

/// Amounts typed as tables show them, in either style, and the ambiguous ones refused.
@Suite struct AmountTextTests {
  @Test(arguments: [
    ("5000000", "5000000"),
    ("5,000,000", "5000000"),
    ("5.000.000", "5000000"),
    ("1,234,567.89", "1234567.89"),
    ("1.234.567,89", "1234567.89"),
    ("1.234,5", "1234.5"),
    ("$ 5M", "5M"),
    ("$5.000.000", "5000000"),
    ("-$1.000.000", "-1000000"),
    ("2,5M", "2.5M"),
    ("0.500", "0.500"),
    ("0,5", "0.5"),
    ("1234.567", "1234.567"),
    ("12,5", "12.5"),
  ])
  func readsUnambiguousStyles(text: String, canonical: String) {
    #expect(AmountText.read(text) == .canonical(canonical))
  }

  @Test(arguments: ["5,000", "5.000", "$ 250.000", "999,999", "-1.500"])
  func refusesOneSeparatorBeforeThreeDigits(text: String) {
    #expect(AmountText.read(text) == .ambiguous)
    #expect(Checker.amount(text) == nil)
    #expect(!AmountText.ambiguityNotes(text).isEmpty)
  }

  @Test(arguments: ["5,00,000", "5.000.00", "1.234.567.89,1,2", "1,2,3"])
  func refusesWrongGroups(text: String) {
    #expect(AmountText.read(text) == .invalid)
    #expect(Checker.amount(text) == nil)
  }

  @Test func amountsInAFilterAreTypedAsShown() throws {
    let t = TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff)
    let plain = t.fresh("count balance > 5000000")
    #expect(plain.ok)
    for typed in ["5,000,000", "5.000.000", "$ 5M", "$5M", "5M", "5.000.000,00"] {
      let r = t.fresh("count balance > \(typed)")
      #expect(r.ok, "\(typed): \(r.err)")
      #expect(r.out == plain.out, "\(typed)")
    }
    let ambiguous = t.fresh("count balance > 5,000")
    #expect(!ambiguous.ok)
    #expect(ambiguous.err.contains("<input>:1:17: error"), "\(ambiguous.err)")
    #expect(ambiguous.err.contains("'5,000' is ambiguous"), "\(ambiguous.err)")
    // In a list, commas separate values.
    #expect(t.fresh("count overdue in (30,60)").ok)
  }

  @Test func planAndPromiseAmountsAreTypedAsShown() throws {
    let t = TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff)
    let plain = t.fresh("plan 1000000 installments 6 rate 1.5%")
    #expect(plain.ok)
    #expect(t.fresh("plan 1.000.000 installments 6 rate 1.5%").out == plain.out)
    #expect(t.fresh("plan $1M installments 6 rate 1.5%").out == plain.out)
    let r = t.fresh("plan 1.000 installments 6")
    #expect(!r.ok)
    #expect(r.err.contains("is ambiguous"), "\(r.err)")
  }
}

extension TestSession {
  /// Runs a command; its stdout without the empty line that separates it from earlier results.
  fileprivate func fresh(_ text: String) -> (out: String, err: String, ok: Bool) {
    let r = run(text)
    return (String(r.out.drop { $0 == "\n" }), r.err, r.ok)
  }
}
