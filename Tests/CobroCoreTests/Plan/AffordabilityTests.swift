import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// "I can pay 500,000 a month": the fewest installments whose every payment fits.
@Suite struct AffordabilityTests {
  static let start = Day(raw: Day.daysFromCivil(2026, 8, 1))

  static func request(rate: String, method: PlanMethod = .french) throws -> PlanRequest {
    var r = PlanRequest(installments: 1, start: start)
    r.rate = try InterestRate.parse(rate, effectiveAnnual: false)
    r.method = method
    return r
  }

  static func largest(_ balance: Cents, _ r: PlanRequest, _ n: Int) throws -> Cents {
    var terms = r
    terms.installments = n
    return Affordability.largestInstallment(try PaymentPlan.compute(PlanBalance(balance), terms))
  }

  /// Checked against the plans around the answer: n fits, n − 1 does not.
  @Test(arguments: [
    (1_875_000_000, "1.5%", PlanMethod.french, 50_000_000),
    (1_875_000_000, "1.5%", .french, 100_000_000),
    (1_875_000_000, "1%", .german, 200_000_000),
    (1_000_000, "0%", .french, 100_000),
    (1_000_000, "0%", .french, 1_000_000),
    (123_456_789, "2%", .french, 3_000_000),
  ])
  func theFewestInstallmentsThatFit(
    balance: Cents,
    rate: String,
    method: PlanMethod,
    amount: Cents
  ) throws {
    let r = try Self.request(rate: rate, method: method)
    let fit = try Affordability.fewestInstallments(PlanBalance(balance), r, paying: amount)
    #expect(try Self.largest(balance, r, fit.installments) <= amount)
    #expect(Affordability.largestInstallment(fit.plan) <= amount)
    if fit.installments > 1 {
      let fewer = try Self.largest(balance, r, fit.installments - 1)
      #expect(fewer > amount)
      #expect(fit.largestWithOneFewer == fewer)
    }
  }

  @Test func knownAnswers() throws {
    let r = try Self.request(rate: "1.5%")
    let fit = try Affordability.fewestInstallments(
      PlanBalance(1_875_000_000),
      r,
      paying: 50_000_000
    )
    #expect(fit.installments == 56)
    #expect(fit.plan.summary.installmentAmount == 49_726_994)
    #expect(fit.largestWithOneFewer == 50_306_606)
    // 1,000,000.00 at 0% in installments of at most 100,000.00: exactly 10.
    let flat = try Affordability.fewestInstallments(
      PlanBalance(100_000_000),
      try Self.request(rate: "0%"),
      paying: 10_000_000
    )
    #expect(flat.installments == 10)
  }

  @Test func noPlanWhenTheInterestAloneIsMore() throws {
    let r = try Self.request(rate: "1.5%")
    #expect(throws: PlanError.self) {
      try Affordability.fewestInstallments(PlanBalance(1_875_000_000), r, paying: 10_000)
    }
    do {
      _ = try Affordability.fewestInstallments(PlanBalance(1_875_000_000), r, paying: 10_000)
    } catch {
      #expect(error.argument == .pay)
      #expect(
        error.description
          == "no plan pays at most 100.00 an installment: even 1200 installments need 281,250.00"
      )
    }
    #expect(throws: PlanError.self) {
      try Affordability.fewestInstallments(PlanBalance(100), r, paying: 0)
    }
  }
}
