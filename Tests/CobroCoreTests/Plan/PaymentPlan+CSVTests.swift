import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// The `csv` text of a plan.
@Suite struct PaymentPlanCSVTests {
  @Test func workedExampleCSV() throws {
    let settings = PlanSettings(
      discountRate: try Rate.parse("20%", for: .discountRate),
      usuryCap: try Rate.parse("26.83%", for: .usuryCap)
    )
    let plan = try PaymentPlan.compute(
      PlanBalance(123_456_789),
      PaymentPlanTests.workedExample(),
      settings: settings
    )
    let text = plan.csv()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "n,date,payment,interest,principal,balance")
    #expect(lines[1] == "0,2026-11-30,117283.95,0.00,117283.95,1055555.55")
    #expect(lines[13] == "12,2027-11-30,96773.28,1430.15,95343.13,0.00")
    #expect(lines[14] == "")
    #expect(
      lines[15]
        == "waived,discount_granted,settlement_amount,down_payment,financed,installment_amount,"
        + "installments_count,first_installment_date,last_installment_date,total_installments,"
        + "total_paid,total_interest,contract_ear,plan_ear,npv,exceeds_cap"
    )
    #expect(
      lines[16]
        == "0.00,61728.39,1172839.50,117283.95,1055555.55,96773.33,12,2026-12-30,2027-11-30,"
        + "1161279.91,1278563.86,105724.36,0.1956181715,0.1956181909,1170807.50,no"
    )
    #expect(lines.count == 18 && lines[17] == "")
  }

  @Test func absentValuesAreEmptyCells() throws {
    let request = PlanRequest(installments: 3, start: try #require(Day("2026-11-30")))
    let plan = try PaymentPlan.compute(PlanBalance(0), request)
    #expect(
      plan.csv() == """
        n,date,payment,interest,principal,balance
        0,2026-11-30,0.00,0.00,0.00,0.00

        \(PaymentPlan.summaryColumns.joined(separator: ","))
        0.00,0.00,0.00,0.00,0.00,,0,,,0.00,0.00,0.00,0.0000000000,,,

        """
    )
  }

  @Test func cellsMatchTheHeaders() throws {
    let plan = try PaymentPlan.compute(PlanBalance(123_456_789), PaymentPlanTests.workedExample())
    #expect(plan.summaryCells.count == PaymentPlan.summaryColumns.count)
    #expect(plan.scheduleCells.allSatisfy { $0.count == PaymentPlan.scheduleColumns.count })
  }
}
