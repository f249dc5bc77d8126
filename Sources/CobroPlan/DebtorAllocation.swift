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

/// One plan for all of a debtor's accounts: the combined balance and the allocation of each
/// payment to the accounts, oldest due date first.
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

  /// Allocates every payment of `schedule` (row 0 first) to the accounts, oldest due date first.
  ///
  /// Each account takes payments until they reach its balance, then the next account takes
  /// over; a payment that closes one account and opens the next gives one line to each. When
  /// the payments exceed the summed balances (the plan's interest), the excess stays with the
  /// last account in that order. With a discount or waivers the payments fall short of the
  /// balances and the newest accounts are left (partly) unpaid. Rows with a zero payment get
  /// no line. The lines of each row add up to its payment.
  public static func allocate(_ schedule: [Installment], to accounts: [DebtorAccount])
    -> [Allocation]
  {
    let order = ordered(accounts)
    guard let lastIndex = order.indices.last else { return [] }
    var remaining = order.map(\.balance)
    var out: [Allocation] = []
    var i = 0
    for row in schedule where row.payment > 0 {
      var left = row.payment
      while left > 0 {
        while i < lastIndex && remaining[i] <= 0 { i += 1 }
        let take = i == lastIndex ? left : min(left, remaining[i])
        remaining[i] -= take
        left -= take
        out.append(Allocation(n: row.n, accountID: order[i].id, amount: take))
      }
    }
    return out
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
