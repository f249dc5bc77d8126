import CobroCore
import CobroMessages
import CobroPlan
import CobroPortfolio
import Testing

@Suite struct MessageValuesTests {
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  static func portfolio(_ rows: String) throws -> Portfolio {
    let csv =
      "account_id,debtor_id,debtor_name,debtor_type,segment,balance,currency,due_date,status\n"
      + rows
    return try PortfolioLoader(asOf: asOf).load(
      bytes: InputBytes.copying(Array(csv.utf8)),
      name: "t.csv"
    )
  }

  @Test func prescriptionIsThreeYearsAfterTheDueDate() throws {
    let limit = try #require(Day("2023-11-30"))
    #expect(MessageValues.pastPrescription(due: limit, asOf: Self.asOf))
    #expect(!MessageValues.pastPrescription(due: limit.adding(days: 1), asOf: Self.asOf))
    #expect(MessageValues.pastPrescription(due: nil, asOf: Self.asOf))
  }

  @Test func noLegalActionOnADebtPastPrescription() throws {
    let p = try Self.portfolio(
      """
      A-1,1,Ana Torres,person,A,100000.00,COP,2023-11-30,active
      A-2,1,Ana Torres,person,A,100000.00,COP,2023-12-01,active
      """
    )
    let old = MessageValues.values(portfolio: p, rows: [0], asOf: Self.asOf)
    let recent = MessageValues.values(portfolio: p, rows: [1], asOf: Self.asOf)
    let both = MessageValues.values(portfolio: p, rows: [1, 0], asOf: Self.asOf)
    #expect(old["legal_action"] == .flag(false))
    #expect(recent["legal_action"] == .flag(true))
    #expect(both["legal_action"] == .flag(false))
    for channel in MessageChannel.allCases {
      for stage in [MessageStage.late, .writtenOff] {
        let t = TemplateSet.builtIn.template(channel, stage, segment: nil)
        let text = try t.render(old, subject: "x").lowercased()
        #expect(!text.contains("jurídico") && !text.contains("juridico"), "\(channel) \(stage)")
        // The written-off SMS is kept short and never mentions it.
        if channel == .sms && stage == .writtenOff { continue }
        let threat = try t.render(recent, subject: "x").lowercased()
        #expect(threat.contains("jurídico") || threat.contains("juridico"), "\(channel) \(stage)")
      }
    }
  }

  @Test func aMessageAboutSeveralAccountsNamesThemAllWithTheirTotal() throws {
    let p = try Self.portfolio(
      """
      A-1,1,"Gómez, Ana",person,A,1000.50,COP,2026-10-01,active
      A-2,1,"Gómez, Ana",person,A,2000.25,COP,2026-11-01,active
      A-3,1,"Gómez, Ana",person,A,3000.00,COP,2026-12-01,active
      """
    )
    let v = MessageValues.values(portfolio: p, rows: [0, 1, 2], asOf: Self.asOf)
    #expect(v["accounts"] == .text("A-1, A-2 y A-3"))
    #expect(v["your_accounts"] == .text("sus obligaciones A-1, A-2 y A-3"))
    #expect(v["balance"] == .text("$6,000.75"))
    #expect(v["first_name"] == .text("Ana"))
    #expect(v["n"] == .text("n"))
    #expect(v["several_accounts"] == .flag(true))
    #expect(v["days_overdue"] == .text("60 días"))
    #expect(v["due_date"] == .text("1 de octubre de 2026"))
    #expect(v["days_to_due"] == nil)
    #expect(v["report_date"] == .text("20 de diciembre de 2026"))
  }

  @Test func thePlanOfferIsThePlanEngines() throws {
    let p = try Self.portfolio("A-1,1,Ana,person,A,1234567.89,COP,2026-10-01,active\n")
    let v = MessageValues.values(portfolio: p, rows: [0], asOf: Self.asOf)
    var request = PlanRequest(installments: 6, start: Self.asOf)
    request.rate = try InterestRate.parse("1%", effectiveAnnual: false)
    let plan = try PaymentPlan.compute(PlanBalance(123_456_789), request)
    let amount = try #require(plan.summary.installmentAmount)
    #expect(v["plan"] == .flag(true))
    #expect(v["plan_installments"] == .text("6"))
    #expect(v["plan_installment"] == .text("$" + Money.grouped(amount)))
    #expect(v["plan_first_date"] == .text("30 de diciembre de 2026"))
  }

  @Test func noPlanAcrossCurrenciesNorOnNothingOwed() throws {
    let p = try Self.portfolio(
      """
      A-1,1,Ana,person,A,100.00,COP,2026-10-01,active
      A-2,1,Ana,person,A,50.00,USD,2026-10-01,active
      A-3,2,Luis,company,A,0.00,COP,2026-10-01,paid
      """
    )
    let mixed = MessageValues.values(portfolio: p, rows: [0, 1], asOf: Self.asOf)
    #expect(mixed["plan"] == .flag(false))
    #expect(mixed["plan_installment"] == nil)
    #expect(mixed["balance"] == .text("$100.00 y $50.00 USD"))
    let paid = MessageValues.values(portfolio: p, rows: [2], asOf: Self.asOf)
    #expect(paid["plan"] == .flag(false))
    #expect(paid["first_name"] == .text("Luis"))
  }

  @Test func wordsAndLists() throws {
    #expect(MessageValues.words(try #require(Day("2027-01-05"))) == "5 de enero de 2027")
    #expect(MessageValues.spanishList(["a"]) == "a")
    #expect(MessageValues.spanishList(["a", "b"]) == "a y b")
    #expect(MessageValues.daysText(1) == "1 día")
    #expect(MessageValues.amountText(-150, currency: "EUR") == "-$1.50 EUR")
  }
}
