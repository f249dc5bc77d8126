import CobroCore
import CobroPortfolio
import Testing

/// Balances and days overdue at an as-of date, through the per-row API and the scan view.
@Suite struct ComputedFieldsTests {
  static let cutoff = Day(raw: Day.daysFromCivil(2026, 11, 30))

  static func portfolio() throws -> Portfolio {
    let p = try PortfolioLoader(asOf: cutoff).load(
      bytes: InputBytes.copying(
        Array(
          """
          account_id,debtor_id,balance,due_date
          A,D1,100.00,2026-10-31
          B,D2,0.00,2026-10-31
          C,D3,50.00,2026-12-15
          """.utf8
        )
      ),
      name: "t.csv"
    )
    // A paid 30.00 on 2026-11-15 and 20.00 on 2026-11-30; B paid 40.00 on 2026-11-20.
    p.payments = PaymentHistory(
      start: [0, 2, 3, 3],
      dates: [
        Day.daysFromCivil(2026, 11, 15), Day.daysFromCivil(2026, 11, 30),
        Day.daysFromCivil(2026, 11, 20),
      ],
      amounts: [3000, 2000, 4000],
      source: "pagos.csv"
    )
    return p
  }

  @Test func atTheCutoffTheFileBalancesHold() throws {
    let p = try Self.portfolio()
    let view = p.computed(asOf: Self.cutoff)
    #expect((0..<3).map { view.balance(row: $0) } == [10_000, 0, 5_000])
    #expect((0..<3).map { view.daysOverdue(row: $0) } == [30, 0, 0])
  }

  @Test func earlierDatesAddBackLaterPayments() throws {
    let p = try Self.portfolio()
    let asOf = Day(raw: Day.daysFromCivil(2026, 11, 16))
    let view = p.computed(asOf: asOf)
    #expect((0..<3).map { view.balance(row: $0) } == [12_000, 4_000, 5_000])
    #expect((0..<3).map { view.daysOverdue(row: $0) } == [16, 16, 0])
    #expect((0..<3).map { p.balance(row: $0, asOf: asOf) } == [12_000, 4_000, 5_000])
    #expect((0..<3).map { p.daysOverdue(row: $0, asOf: asOf) } == [16, 16, 0])
  }
}
