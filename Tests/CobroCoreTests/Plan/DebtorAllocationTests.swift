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
    let table = DebtorAllocation.allocate(plan, request: request, to: Self.accounts)
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
    let table = DebtorAllocation.allocate(plan, request: request, to: accounts)
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

  // The discount is shared by every account; it used to leave the newest one short.
  @Test func discountIsSharedInProportionToTheBalances() throws {
    var request = PlanRequest(installments: 1, start: Self.day("2026-11-30"))
    request.discount = try Percentage.parse("50%", for: .discount)
    let accounts = Array(Self.accounts.prefix(3))
    let plan = try PaymentPlan.compute(try DebtorAllocation.combinedBalance(accounts), request)
    let table = DebtorAllocation.allocate(plan, request: request, to: accounts)
    #expect(
      table == [
        Allocation(n: 1, accountID: "A-9", amount: 5_000),
        Allocation(n: 1, accountID: "B-2", amount: 10_000),
        Allocation(n: 1, accountID: "C-1", amount: 15_000),
      ]
    )
  }

  /// Three accounts of one debtor with the breakdown columns, oldest due date first.
  static let threeAccounts = [
    DebtorAccount(
      id: "A1",
      dueDate: day("2024-03-10"),
      balance: 245_000_000,
      breakdown: Breakdown(
        capital: 180_000_000,
        interest: 21_000_000,
        lateInterest: 29_000_000,
        fees: 15_000_000
      )
    ),
    DebtorAccount(
      id: "A2",
      dueDate: day("2024-07-05"),
      balance: 131_050_050,
      breakdown: Breakdown(
        capital: 100_000_000,
        interest: 9_500_025,
        lateInterest: 14_050_025,
        fees: 7_500_000
      )
    ),
    DebtorAccount(
      id: "A3",
      dueDate: day("2025-01-20"),
      balance: 312_033_333,
      breakdown: Breakdown(
        capital: 250_000_000,
        interest: 30_000_000,
        lateInterest: 22_033_333,
        fees: 10_000_000
      )
    ),
  ]

  // A plan waiving late interest and fees across three accounts took the whole waiver from
  // the newest account and paid the others their full balance. The expected shares come from
  // an independent computation in exact fractions (largest remainder, ties to the older).
  @Test func waiversAndDiscountFallOnEveryAccount() throws {
    var request = PlanRequest(installments: 6, start: Self.day("2026-11-30"))
    request.rate = try InterestRate.parse("1%", effectiveAnnual: false)
    request.down = try DownPayment.parse("500000")
    request.discount = try Percentage.parse("12%", for: .discount)
    request.waivers = [
      PlanRequest.Waiver(.lateInterest, try Percentage.parse("37.5%", for: .waiver(index: 0))),
      PlanRequest.Waiver(.fees, try Percentage.parse("33.3%", for: .waiver(index: 1))),
    ]
    let accounts = Self.threeAccounts
    let plan = try PaymentPlan.compute(try DebtorAllocation.combinedBalance(accounts), request)
    #expect(plan.summary.waived == 35_228_759)
    #expect(plan.summary.discountGranted == 78_342_555)
    #expect(plan.summary.settlementAmount == 574_512_069)
    let settlements = DebtorAllocation.settlements(
      accounts,
      request: request,
      summary: plan.summary
    )
    #expect(settlements.map(\.waived) == [15_870_000, 7_766_259, 11_592_500])
    #expect(settlements.map(\.discount) == [27_495_600, 14_794_055, 36_052_900])
    #expect(settlements.map(\.settlement) == [201_634_400, 108_489_736, 264_387_933])
    let table = DebtorAllocation.allocate(plan.schedule, to: settlements)
    var paid: [String: Cents] = [:]
    for line in table { paid[line.accountID, default: 0] += line.amount }
    #expect(paid["A1"] == 201_634_400)
    #expect(paid["A2"] == 108_489_736)
    #expect(paid["A3"] == 264_387_933 + plan.summary.totalInterest)
  }

  /// `units / 10^decimals` as a percent: `percent(12345, decimals: 3)` is `12.345%`.
  static func percent(_ units: UInt64, decimals: Int) -> String {
    var scale: UInt64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let fraction = String(units % scale)
    return "\(units / scale)." + String(repeating: "0", count: decimals - fraction.count) + fraction
      + "%"
  }

  /// A seeded SplitMix64, so the property below draws the same cases on every machine.
  struct Draws {
    var state: UInt64
    mutating func below(_ n: UInt64) -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return (z ^ (z >> 31)) % n
    }
  }

  /// For any debtor plan, per account: balance = waived + discount + settlement, the
  /// allocation pays each account its settlement (the last one the interest too), no account
  /// gives up more of a component than it has or a share a cent off its exact proportion, and
  /// the shares add up to the plan's amounts to the cent.
  @Test func allocationAndWaiversAddUpToThePlanPerAccount() throws {
    let seed: UInt64 = 2026
    var draw = Draws(state: seed)
    for trial in 0..<400 {
      let count = Int(draw.below(4)) + 1
      var accounts: [DebtorAccount] = []
      for k in 0..<count {
        let parts = (0..<4).map { _ in Cents(draw.below(draw.below(2) == 0 ? 1_000 : 500_000_000)) }
        let b = Breakdown(
          capital: parts[0],
          interest: parts[1],
          lateInterest: parts[2],
          fees: parts[3]
        )
        accounts.append(
          DebtorAccount(
            id: "D\(k)",
            dueDate: Day(raw: Day.daysFromCivil(2024, 1, 1) + Int32(draw.below(700))),
            balance: parts.reduce(0, +),
            breakdown: b
          )
        )
      }
      guard accounts.contains(where: { $0.balance > 0 }) else { continue }
      var request = PlanRequest(
        installments: Int(draw.below(24)) + 1,
        start: Self.day("2026-11-30")
      )
      request.rate = InterestRate(monthly: Rate(scaled: Int64(draw.below(30_000_000_000))))
      request.discount = try Percentage.parse(
        Self.percent(draw.below(10_001), decimals: 2),
        for: .discount
      )
      let components = PlanComponent.allCases.filter { _ in draw.below(2) == 0 }
      request.waivers = components.map {
        PlanRequest.Waiver(
          $0,
          (try? Percentage.parse(Self.percent(draw.below(100_001), decimals: 3), for: .discount))
            ?? .zero
        )
      }
      let plan = try PaymentPlan.compute(try DebtorAllocation.combinedBalance(accounts), request)
      let settlements = DebtorAllocation.settlements(
        accounts,
        request: request,
        summary: plan.summary
      )
      let table = DebtorAllocation.allocate(plan.schedule, to: settlements)
      let ordered = DebtorAllocation.ordered(accounts)
      let context = "seed \(seed), trial \(trial)"
      #expect(settlements.map(\.id) == ordered.map(\.id), "\(context)")
      #expect(settlements.reduce(0) { $0 + $1.waived } == plan.summary.waived, "\(context)")
      #expect(
        settlements.reduce(0) { $0 + $1.discount } == plan.summary.discountGranted,
        "\(context)"
      )
      #expect(
        settlements.reduce(0) { $0 + $1.settlement } == plan.summary.settlementAmount,
        "\(context)"
      )
      for s in settlements {
        #expect(s.waived + s.discount + s.settlement == s.balance, "\(context), \(s.id)")
      }
      // Each waiver's shares: within a cent of the exact proportion, never above the part.
      for w in request.waivers {
        let parts = ordered.map { $0.breakdown?[w.component] ?? 0 }
        let total = parts.reduce(0, +)
        let amount = w.percent.share(of: total) ?? 0
        let shares = DebtorAllocation.apportion(amount, over: parts)
        #expect(shares.reduce(0, +) == amount, "\(context)")
        for (share, part) in zip(shares, parts) {
          #expect(share <= part, "\(context)")
          let gap = Int128(share) * Int128(total) - Int128(amount) * Int128(part)
          #expect(gap > -Int128(total) && gap < Int128(total), "\(context)")
        }
      }
      for row in plan.schedule {
        #expect(table.filter { $0.n == row.n }.reduce(0) { $0 + $1.amount } == row.payment)
      }
      var paid: [String: Cents] = [:]
      for line in table { paid[line.accountID, default: 0] += line.amount }
      for (k, s) in settlements.enumerated() {
        let interest = k == settlements.count - 1 ? plan.summary.totalInterest : 0
        #expect((paid[s.id] ?? 0) == s.settlement + interest, "\(context), \(s.id)")
      }
    }
  }

  @Test func csvQuotesAccountIds() {
    let table = [Allocation(n: 1, accountID: "A,\"1\"", amount: 5)]
    #expect(DebtorAllocation.csv(table) == "n,account_id,amount\n1,\"A,\"\"1\"\"\",0.05\n")
  }
}
