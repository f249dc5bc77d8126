import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// One plan for all of a debtor's accounts: the combined balance and the allocation of each
/// payment, oldest due date first.
@Suite struct DebtorAllocationTests {
  /// `YYYY-MM-DD` as a day.
  static func day(_ text: String) -> Day { Day(text) ?? Day(raw: Day.missing) }

  /// Three accounts: two due the same day (ties by id), one later, one without a balance.
  static let accounts = [
    DebtorAccount(id: "C-1", dueDate: day("2025-01-10"), balance: 30_000),
    DebtorAccount(id: "B-2", dueDate: day("2024-12-01"), balance: 20_000),
    DebtorAccount(id: "A-9", dueDate: day("2024-12-01"), balance: 10_000),
    DebtorAccount(id: "Z-0", dueDate: day("2020-01-01"), balance: 0),
  ]

  @Test func orderIsOldestFirstThenById() {
    #expect(DebtorAllocation.ordered(Self.accounts).map(\.id) == ["A-9", "B-2", "C-1"])
  }

  @Test func combinedBalanceSumsTheAccountsWithABalance() throws {
    let balance = try DebtorAllocation.combinedBalance(Self.accounts)
    #expect(balance.balance == 60_000)
    #expect(balance.breakdown == nil)
  }

  @Test func combinedBreakdownWhenEveryAccountHasOne() throws {
    let parts = Breakdown(capital: 700, interest: 200, lateInterest: 50, fees: 50)
    let accounts = [
      DebtorAccount(id: "1", dueDate: Self.day("2025-01-01"), balance: 1_000, breakdown: parts),
      DebtorAccount(id: "2", dueDate: Self.day("2025-02-01"), balance: 1_000, breakdown: parts),
    ]
    let balance = try DebtorAllocation.combinedBalance(accounts)
    #expect(
      balance.breakdown == Breakdown(capital: 1_400, interest: 400, lateInterest: 100, fees: 100)
    )
  }

  @Test func noAccountWithABalanceIsAnError() {
    #expect(throws: PlanError(.balance, .noAccountsToPlan)) {
      try DebtorAllocation.combinedBalance([Self.accounts[3]])
    }
  }

  @Test func paymentsFillTheOldestAccountsFirst() throws {
    var request = PlanRequest(installments: 3, start: Self.day("2026-11-30"))
    request.down = try DownPayment.parse("50.00")
    let plan = try PaymentPlan.compute(try DebtorAllocation.combinedBalance(Self.accounts), request)
    let table = DebtorAllocation.allocate(plan.schedule, to: Self.accounts)
    #expect(
      DebtorAllocation.csv(table) == """
        n,account_id,amount
        0,A-9,50.00
        1,A-9,50.00
        1,B-2,133.33
        2,B-2,66.67
        2,C-1,116.66
        3,C-1,183.34

        """
    )
  }

  @Test func interestBeyondTheBalancesStaysWithTheLastAccount() throws {
    var request = PlanRequest(installments: 2, start: Self.day("2026-11-30"))
    request.rate = try InterestRate.parse("10%", effectiveAnnual: false)
    let accounts = Array(Self.accounts.prefix(3))
    let plan = try PaymentPlan.compute(try DebtorAllocation.combinedBalance(accounts), request)
    let table = DebtorAllocation.allocate(plan.schedule, to: accounts)
    for row in plan.schedule {
      #expect(table.filter { $0.n == row.n }.reduce(0) { $0 + $1.amount } == row.payment)
    }
    let perAccount = Dictionary(grouping: table, by: \.accountID).mapValues {
      $0.reduce(0) { $0 + $1.amount }
    }
    #expect(perAccount["A-9"] == 10_000)
    #expect(perAccount["B-2"] == 20_000)
    #expect(perAccount["C-1"] == 30_000 + plan.summary.totalInterest)
  }

  @Test func discountLeavesTheNewestAccountShort() throws {
    var request = PlanRequest(installments: 1, start: Self.day("2026-11-30"))
    request.discount = try Percentage.parse("50%", for: .discount)
    let accounts = Array(Self.accounts.prefix(3))
    let plan = try PaymentPlan.compute(try DebtorAllocation.combinedBalance(accounts), request)
    let table = DebtorAllocation.allocate(plan.schedule, to: accounts)
    #expect(
      table == [
        Allocation(n: 1, accountID: "A-9", amount: 10_000),
        Allocation(n: 1, accountID: "B-2", amount: 20_000),
      ]
    )
  }

  @Test func csvQuotesAccountIds() {
    let table = [Allocation(n: 1, accountID: "A,\"1\"", amount: 5)]
    #expect(DebtorAllocation.csv(table) == "n,account_id,amount\n1,\"A,\"\"1\"\"\",0.05\n")
  }
}
