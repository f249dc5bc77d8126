import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPlan
@testable import CobroPortfolio

/// Parsing of the plan arguments: rates, percents, down payments, components and methods.
@Suite struct PlanInputsTests {
  @Test(arguments: [
    ("1.5%", 15_000_000_000),
    ("0.015", 15_000_000_000),
    ("0", 0),
    ("0%", 0),
    ("1", 1_000_000_000_000),
    ("100%", 1_000_000_000_000),
    ("0.000000000001", 1),
    ("0.0000000001%", 1),
    ("2.50000000000000000000%", 25_000_000_000),
    ("0.5", 500_000_000_000),
  ])
  func ratesParse(text: String, scaled: Int64) throws {
    #expect(try Rate.parse(text, for: .rate) == Rate(scaled: scaled))
  }

  @Test(arguments: [
    ("24", "rate '24' is above 1", ["did you mean '24%'?"]),
    ("1.5", "rate '1.5' is above 1", ["did you mean '1.5%'?"]),
    ("-1%", "negative rate '-1%'", []),
    ("-0.01", "negative rate '-0.01'", []),
    ("150%", "percent '150%' is not between 0 and 100", []),
    ("0.0000000000001", "rate '0.0000000000001' has more than 12 decimals as a fraction", []),
    ("0.00000000001%", "rate '0.00000000001%' has more than 12 decimals as a fraction", []),
    ("abc", "'abc' is not a rate", []),
    ("", "'' is not a rate", []),
    ("1.5%%", "'1.5%%' is not a rate", []),
    ("1e-3", "'1e-3' is not a rate", []),
    (".5", "'.5' is not a rate", []),
    ("5.", "'5.' is not a rate", []),
    ("--1", "'--1' is not a rate", []),
  ])
  func badRates(text: String, message: String, notes: [String]) {
    #expect {
      _ = try Rate.parse(text, for: .rate)
    } throws: { error in
      let e = error as? PlanError
      return e?.argument == .rate && e?.description == message
        && e?.diagnostic.notes.map(\.text) == notes
    }
  }

  @Test func effectiveAnnualRates() throws {
    let r = try InterestRate.parse("24%", effectiveAnnual: true)
    // (1.24)^(1/12) − 1 = 0.01808758248351…, rounded half up to 12 decimals.
    #expect(r.monthly == Rate(scaled: 18_087_582_484))
    #expect(r.effectiveAnnual == Rate(scaled: 240_000_000_000))
    #expect(
      try InterestRate.parse("0.2683", effectiveAnnual: true).monthly
        == Rate(scaled: 20_003_900_958)
    )
    #expect(
      try InterestRate.parse("100%", effectiveAnnual: true).monthly == Rate(scaled: 59_463_094_359)
    )
    #expect(try InterestRate.parse("0", effectiveAnnual: true).monthly == .zero)
    // 1e-12 a year is 8.3e-14 a month: rounds to zero.
    #expect(try InterestRate.parse("0.000000000001", effectiveAnnual: true).monthly == .zero)
    #expect(try InterestRate.parse("1.5%", effectiveAnnual: false).effectiveAnnual == nil)
  }

  @Test func effectiveAnnualRateAboveOneWithoutPercent() {
    #expect(throws: PlanError(.rate, .rateAboveOne("24"), notes: [.didYouMeanPlan("24%")])) {
      try InterestRate.parse("24", effectiveAnnual: true)
    }
  }

  @Test(arguments: [
    ("5%", "5"), ("5", "5"), ("12.5%", "12.5"), ("0", "0"), ("100", "100"), ("100.000%", "100"),
    ("33.333333333333333333333333", "33.333333333333333333333333"), ("007.50", "7.5"),
  ])
  func percentsParse(text: String, canonical: String) throws {
    #expect(try Percentage.parse(text, for: .discount).value.description == canonical)
  }

  @Test(arguments: [
    ("101%", "percent '101%' is not between 0 and 100"),
    ("100.0000000001", "percent '100.0000000001' is not between 0 and 100"),
    ("-5%", "percent '-5%' is not between 0 and 100"),
    ("five", "'five' is not a percent"),
    ("%", "'%' is not a percent"),
    ("5%%", "'5%%' is not a percent"),
  ])
  func badPercents(text: String, message: String) {
    #expect(throws: PlanError(.discount, Diagnostic.Message(message))) {
      try Percentage.parse(text, for: .discount)
    }
  }

  @Test func percentShareRoundsHalfUp() throws {
    let p = try Percentage.parse("12.5", for: .discount)
    #expect(p.share(of: 100) == 13)  // 12.5 -> 13
    #expect(p.share(of: 99) == 12)  // 12.375 -> 12
    #expect(p.share(of: -100) == -13)  // away from zero
    #expect(Percentage.hundred.share(of: Cents.max) == Cents.max)
  }

  @Test(arguments: [
    ("10%", DownPayment.percent(Percentage(ExactDecimal(10)) ?? .zero)),
    ("1000", .amount(100_000)),
    ("1000.5", .amount(100_050)),
    ("0.07", .amount(7)),
  ])
  func downPayments(text: String, expected: DownPayment) throws {
    #expect(try DownPayment.parse(text) == expected)
  }

  @Test(arguments: ["-5", "12,50", "1.234", "abc", "1e3", "150%"])
  func badDownPayments(text: String) {
    #expect {
      try DownPayment.parse(text)
    } throws: { error in
      (error as? PlanError)?.argument == .down
    }
  }

  @Test(arguments: [
    ("capital", PlanComponent.capital), ("interest", .interest), ("late_interest", .lateInterest),
    ("LATE_INTEREST", .lateInterest), ("lateinterest", .lateInterest), ("fees", .fees),
    ("intereses_mora", .lateInterest), ("honorarios", .fees), ("intereses", .interest),
  ])
  func components(text: String, expected: PlanComponent) throws {
    #expect(try PlanComponent.parse(text, for: .waiver(index: 2)) == expected)
  }

  @Test func unknownComponentSuggestsTheClosest() {
    #expect(
      throws: PlanError(
        .waiver(index: 1),
        .unknownComponent("fes"),
        notes: [.didYouMeanPlan("fees")]
      )
    ) {
      try PlanComponent.parse("fes", for: .waiver(index: 1))
    }
    #expect(
      throws: PlanError(.waiver(index: 0), .unknownComponent("penalty"), notes: [.knownComponents])
    ) {
      try PlanComponent.parse("penalty", for: .waiver(index: 0))
    }
  }

  @Test func methods() throws {
    #expect(try PlanMethod.parse("French") == .french)
    #expect(try PlanMethod.parse("german") == .german)
    #expect(
      throws: PlanError(.method, .unknownMethod("frensh"), notes: [.didYouMeanPlan("french")])
    ) {
      try PlanMethod.parse("frensh")
    }
    #expect(throws: PlanError(.method, .unknownMethod("linear"), notes: [.knownMethods])) {
      try PlanMethod.parse("linear")
    }
  }
}
