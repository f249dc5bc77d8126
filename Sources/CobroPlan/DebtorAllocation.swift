import CobroPortfolio

/// One account of a debtor whose accounts are planned together (`plan debtor ID …`).
public struct DebtorAccount: Hashable, Sendable {
  /// The account id.
  public var id: String
  /// Due date of its oldest unpaid installment: older accounts are paid first.
  public var dueDate: Day
  /// Its balance, in cents.
  public var balance: Cents
  /// Its breakdown columns, when the portfolio has them.
  public var breakdown: Breakdown?

  /// Creates an account.
  public init(id: String, dueDate: Day, balance: Cents, breakdown: Breakdown? = nil) {
    self.id = id
    self.dueDate = dueDate
    self.balance = balance
    self.breakdown = breakdown
  }
}

/// One line of a debtor plan's allocation table: how much of payment `n` goes to an account.
public struct Allocation: Hashable, Sendable {
  /// The schedule row (0 is the down payment).
  public var n: Int
  /// The account credited.
  public var accountID: String
  /// The amount credited, in cents.
  public var amount: Cents

  /// Creates a line.
  public init(n: Int, accountID: String, amount: Cents) {
    self.n = n
    self.accountID = accountID
    self.amount = amount
  }
}

/// What one account of a debtor plan settles for: its balance less its share of the plan's
/// waivers and discount.
public struct AccountSettlement: Hashable, Sendable {
  /// The account id.
  public var id: String
  /// Its balance, in cents.
  public var balance: Cents
  /// Its share of the plan's waivers.
  public var waived: Cents
  /// Its share of the plan's discount.
  public var discount: Cents

  /// Creates a settlement.
  public init(id: String, balance: Cents, waived: Cents, discount: Cents) {
    self.id = id
    self.balance = balance
    self.waived = waived
    self.discount = discount
  }

  /// What the account settles for: `balance − waived − discount`, never below 0.
  public var settlement: Cents { max(balance - waived - discount, 0) }
}

/// One plan for all of a debtor's accounts: the combined balance and the allocation of each
/// payment to the accounts, oldest due date first, each up to what it settles for.
public enum DebtorAllocation {
  /// The accounts with a balance (above zero), oldest due date first, ties by id (bytewise).
  public static func ordered(_ accounts: [DebtorAccount]) -> [DebtorAccount] {
    accounts.filter { $0.balance > 0 }.sorted { a, b in
      if a.dueDate != b.dueDate { return a.dueDate < b.dueDate }
      return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }
  }

  /// The balance to plan: the sum of the accounts with a balance, with the summed breakdown
  /// when every one of them has one (so waivers work on a debtor plan too).
  public static func combinedBalance(_ accounts: [DebtorAccount]) throws(PlanError) -> PlanBalance {
    let withBalance = ordered(accounts)
    guard !withBalance.isEmpty else { throw PlanError(.balance, .noAccountsToPlan) }
    var total: Cents = 0
    var breakdown: Breakdown? = Breakdown(capital: 0, interest: 0, lateInterest: 0, fees: 0)
    for a in withBalance {
      let (t, o) = total.addingReportingOverflow(a.balance)
      if o { throw PlanError(.balance, .totalsTooLarge) }
      total = t
      if let part = a.breakdown, var sum = breakdown {
        let (c, o1) = sum.capital.addingReportingOverflow(part.capital)
        let (i, o2) = sum.interest.addingReportingOverflow(part.interest)
        let (l, o3) = sum.lateInterest.addingReportingOverflow(part.lateInterest)
        let (f, o4) = sum.fees.addingReportingOverflow(part.fees)
        if o1 || o2 || o3 || o4 { throw PlanError(.balance, .totalsTooLarge) }
        sum = Breakdown(capital: c, interest: i, lateInterest: l, fees: f)
        breakdown = sum
      } else {
        breakdown = nil
      }
    }
    return PlanBalance(total, breakdown: breakdown)
  }

  /// How the plan's waivers and discount fall on each account with a balance, oldest due date
  /// first: what each account settles for.
  ///
  /// Each waiver's amount (`round(C × w / 100)` of the summed component C, as the plan
  /// computes it) is shared among the accounts in proportion to their own amount of that
  /// component, and the discount granted (`summary.discountGranted`) in proportion to what is
  /// left of each balance after its waivers; both by ``apportion(_:over:)``, so the shares add
  /// up to the plan's amounts to the cent and no account gives up more of a component than it
  /// has. `balance = waived + discount + settlement` for every account, and the settlements add
  /// up to the plan's settlement amount.
  public static func settlements(
    _ accounts: [DebtorAccount],
    request: PlanRequest,
    summary: PlanSummary
  ) -> [AccountSettlement] {
    let order = ordered(accounts)
    var waived = [Cents](repeating: 0, count: order.count)
    for w in request.waivers {
      let parts = order.map { max($0.breakdown?[w.component] ?? 0, 0) }
      let total = parts.reduce(0, +)
      let amount = min(w.percent.share(of: total) ?? total, total)
      for (i, share) in apportion(amount, over: parts).enumerated() { waived[i] += share }
    }
    let left = zip(order, waived).map { max($0.balance - $1, 0) }
    let discounts = apportion(min(summary.discountGranted, left.reduce(0, +)), over: left)
    return order.indices.map { i in
      AccountSettlement(
        id: order[i].id,
        balance: order[i].balance,
        waived: waived[i],
        discount: discounts[i]
      )
    }
  }

  /// `total` split in proportion to `weights` (all at least 0), to the cent.
  ///
  /// Each share is rounded down from `total × weight / Σ weights`, then the cents left go one
  /// each to the largest remainders, the earlier weight first on a tie (largest-remainder
  /// method). The shares add up to `total`, and no share exceeds its weight when
  /// `total <= Σ weights`.
  public static func apportion(_ total: Cents, over weights: [Cents]) -> [Cents] {
    let sum = weights.reduce(Int128(0)) { $0 + Int128($1) }
    guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
    var shares: [Cents] = []
    var remainders: [(index: Int, remainder: Int128)] = []
    var given: Cents = 0
    for (i, w) in weights.enumerated() {
      let (q, r) = (Int128(total) * Int128(w)).quotientAndRemainder(dividingBy: sum)
      shares.append(Cents(q))
      given += Cents(q)
      remainders.append((i, r))
    }
    remainders.sort {
      $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index
    }
    for k in 0..<Int(total - given) { shares[remainders[k].index] += 1 }
    return shares
  }

  /// Allocates every payment of `schedule` (row 0 first) to the accounts, in the order given
  /// (oldest due date first), each up to its settlement amount.
  ///
  /// Each account takes payments until they reach what it settles for (its balance less its
  /// share of the waivers and the discount, ``settlements(_:request:summary:)``), then the next
  /// account takes over; a payment that closes one account and opens the next gives one line
  /// to each. The plan's interest makes the payments exceed the settlements: the excess stays
  /// with the last account in that order. Rows with a zero payment get no line. The lines of
  /// each row add up to its payment.
  public static func allocate(_ schedule: [Installment], to accounts: [AccountSettlement])
    -> [Allocation]
  {
    guard let lastIndex = accounts.indices.last else { return [] }
    var remaining = accounts.map(\.settlement)
    var out: [Allocation] = []
    var i = 0
    for row in schedule where row.payment > 0 {
      var left = row.payment
      while left > 0 {
        while i < lastIndex && remaining[i] <= 0 { i += 1 }
        let take = i == lastIndex ? left : min(left, remaining[i])
        remaining[i] -= take
        left -= take
        out.append(Allocation(n: row.n, accountID: accounts[i].id, amount: take))
      }
    }
    return out
  }

  /// The allocation of a debtor plan: ``settlements(_:request:summary:)`` then
  /// ``allocate(_:to:)``.
  public static func allocate(
    _ plan: PaymentPlan,
    request: PlanRequest,
    to accounts: [DebtorAccount]
  ) -> [Allocation] {
    allocate(plan.schedule, to: settlements(accounts, request: request, summary: plan.summary))
  }

  /// The allocation table in `csv`: header `n,account_id,amount`, then one line per allocation.
  public static func csv(_ allocations: [Allocation]) -> String {
    var out = "n,account_id,amount\n"
    for a in allocations {
      out += String(a.n) + "," + csvField(a.accountID) + "," + Money.plain(a.amount) + "\n"
    }
    return out
  }

  /// Quotes a text cell when it holds a comma, a quote or a line break (RFC 4180).
  private static func csvField(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else {
      return s
    }
    let escaped = s.split(separator: "\"", omittingEmptySubsequences: false).joined(
      separator: "\"\""
    )
    return "\"" + escaped + "\""
  }
}
