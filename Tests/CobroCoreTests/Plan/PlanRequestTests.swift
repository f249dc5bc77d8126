import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPlan
@testable import CobroPortfolio

/// The request's own argument parsers and defaults.
@Suite struct PlanRequestTests {
  @Test(arguments: [("1", 1), ("12", 12), ("1200", 1200), ("0012", 12)])
  func installments(text: String, n: Int) throws {
    #expect(try PlanRequest.parseInstallments(text) == n)
  }

  @Test(arguments: [
    ("0", "number of installments must be between 1 and 1200, not '0'"),
    ("1201", "number of installments must be between 1 and 1200, not '1201'"),
    (
      "99999999999999999999999",
      "number of installments must be between 1 and 1200, not '99999999999999999999999'"
    ),
    ("-1", "'-1' is not a number of installments"),
    ("12.5", "'12.5' is not a number of installments"),
    ("", "'' is not a number of installments"),
  ])
  func badInstallments(text: String, message: String) {
    #expect(throws: PlanError(.installments, Diagnostic.Message(message))) {
      try PlanRequest.parseInstallments(text)
    }
  }

  @Test func dates() throws {
    #expect(
      try PlanRequest.parseDate("2028-02-29", for: .first) == Day(year: 2028, month: 2, day: 29)
    )
    #expect(throws: PlanError(.first, .notADate("2027-02-29"))) {
      try PlanRequest.parseDate("2027-02-29", for: .first)
    }
    #expect(throws: PlanError(.start, .notADate("30/11/2026"))) {
      try PlanRequest.parseDate("30/11/2026", for: .start)
    }
  }

  @Test func defaults() throws {
    let request = PlanRequest(installments: 3, start: try #require(Day("2026-11-30")))
    #expect(request.rate == .zero)
    #expect(request.down == nil)
    #expect(request.discount == .zero)
    #expect(request.waivers.isEmpty)
    #expect(request.first == nil)
    #expect(request.method == .french)
  }
}
