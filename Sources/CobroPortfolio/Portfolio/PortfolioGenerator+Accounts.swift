extension PortfolioGenerator {
  /// The product column's values.
  enum Product: Int {
    /// A single invoice with a payment term in days.
    case factura
    /// A consumer or commercial loan in monthly installments.
    case credito
    /// Credit-card purchases in monthly installments.
    case tarjeta
    /// A payroll-deducted loan in monthly installments.
    case libranza

    /// The spelling in the file.
    var text: StaticString {
      switch self {
      case .factura: "factura"
      case .credito: "credito"
      case .tarjeta: "tarjeta"
      case .libranza: "libranza"
      }
    }
  }

  /// The status column's values.
  enum Status: Int {
    /// Being collected.
    case active
    /// Written off ("cartera castigada"), still owed.
    case writtenOff
    /// Fully paid: balance 0.00.
    case paid

    /// The spelling in the file.
    var text: StaticString {
      switch self {
      case .active: "active"
      case .writtenOff: "written_off"
      case .paid: "paid"
      }
    }
  }

  /// Where an account stands on the as-of date; drawn first, then the dates are built to match.
  enum Standing: Int {
    /// Every installment due so far is paid; the next one is due after the as-of date.
    case current
    /// Everything is paid.
    case paid
    /// The oldest unpaid installment is past due.
    case overdue
  }

  /// One account's values, all exact: money in cents, dates as day numbers.
  struct Account {
    /// The product.
    var product = Product.factura
    /// Whether the currency is USD (else COP).
    var usd = false
    /// The original amount.
    var principal: Cents = 0
    /// Outstanding capital.
    var capital: Cents = 0
    /// Ordinary interest owed.
    var interest: Cents = 0
    /// Late interest owed.
    var lateInterest: Cents = 0
    /// Collection fees (or the card's handling fee) owed.
    var fees: Cents = 0
    /// The outstanding amount: the sum of the four parts above.
    var balance: Cents = 0
    /// The issue date (day number).
    var issue: Int32 = 0
    /// The due date of the oldest unpaid installment; the final one once paid (day number).
    var due: Int32 = 0
    /// The due date of the last installment (day number).
    var maturity: Int32 = 0
    /// The date of the last payment, or `Day.missing` when there was none.
    var lastPayment: Int32 = Day.missing
    /// Past installments paid on or before their due date.
    var onTime = 0
    /// Past installments paid after their due date.
    var late = 0
    /// The status.
    var status = Status.active
  }

  /// One row of the payments file.
  struct Payment {
    /// The day of the payment, never after the as-of date.
    var date: Int32
    /// The amount paid.
    var amount: Cents
  }

  // MARK: - Tables

  /// Cumulative weights of products for persons (factura, credito, tarjeta, libranza).
  private static let personProducts = cumulative([22, 33, 28, 17])
  /// Cumulative weights of standings (current, paid, overdue) per behaviour.
  private static let standings = [
    cumulative([84, 10, 6]), cumulative([55, 8, 37]), cumulative([20, 4, 76]),
    cumulative([75, 3, 22]),
  ]
  /// Days-overdue ranges of the overdue accounts (1497 leaves room for month-end clamping).
  private static let overdueRanges: [ClosedRange<Int>] = [
    1...30, 31...60, 61...90, 91...180, 181...360, 361...720, 721...1497,
  ]
  /// Cumulative weights of `overdueRanges` per behaviour.
  private static let overdueWeights = [
    cumulative([85, 12, 3, 0, 0, 0, 0]), cumulative([48, 25, 12, 10, 4, 1, 0]),
    cumulative([18, 14, 11, 17, 16, 14, 10]), cumulative([60, 30, 10, 0, 0, 0, 0]),
  ]
  /// Probability that an installment is paid on time, per behaviour.
  private static let onTimeChance = [0.97, 0.78, 0.40, 0.85]
  /// Longest delay in days of a late payment, per behaviour.
  private static let maxDelay = [6, 20, 50, 15]
  /// Median principal in whole units, [usd][company][product].
  private static let medians: [[[Double]]] = [
    [[450_000, 9_000_000, 3_500_000, 18_000_000], [6_000_000, 60_000_000, 0, 0]],
    [[400, 6_000, 2_000, 8_000], [4_000, 40_000, 0, 0]],
  ]
  /// Principal multiplier of segments A-D.
  private static let segmentFactors = [1.8, 1.2, 0.85, 0.6]
  /// Numbers of monthly installments per product.
  private static let terms: [[Int]] = [
    [1], [12, 18, 24, 36, 48, 60], [12, 24, 36], [36, 48, 60, 72, 84],
  ]
  /// Monthly credit-card handling fees in COP cents.
  private static let cardFees: [Cents] = [1_890_000, 2_990_000, 3_590_000, 4_190_000]

  // MARK: - Drawing an account

  /// Draws account number `index` of `debtor`, filling `payments` with its payment history.
  ///
  /// The account uses its own random stream, so it does not depend on whether payments or
  /// quality issues are written. Money is exact: interest is `round(amount × rate)` in cents,
  /// halves away from zero (`Money.roundHalfUp`), and the four parts add up to the balance.
  func makeAccount(_ index: Int, for debtor: Debtor, payments: inout [Payment]) -> Account {
    var r = Xoshiro256(seed: seed, stream: 2, index: UInt64(index))
    payments.removeAll(keepingCapacity: true)
    var a = Account()
    if debtor.isCompany {
      a.product = r.chance(0.7) ? .factura : .credito
    } else {
      a.product = Product(rawValue: r.pick(cumulative: Self.personProducts)) ?? .credito
    }
    a.usd = r.chance(debtor.isCompany ? 0.05 : 0.003)
    a.principal = drawPrincipal(a, debtor, &r)
    let b = debtor.behaviour.rawValue
    var standing = Standing(rawValue: r.pick(cumulative: Self.standings[b])) ?? .current
    if debtor.behaviour == .new && standing == .paid && a.product != .factura {
      standing = .current
    }
    var daysOverdue = 0
    if standing == .overdue {
      let bucket = Self.overdueRanges[r.pick(cumulative: Self.overdueWeights[b])]
      daysOverdue = r.int(in: bucket)
    }
    if a.product == .factura {
      makeInvoice(&a, debtor, standing, daysOverdue, &r, &payments)
    } else {
      makeLoan(&a, debtor, standing, daysOverdue, &r, &payments)
    }
    // Keep the balance within the principal: interest, then late interest, then fees give way.
    var room = a.principal - a.capital
    a.interest = min(a.interest, max(room, 0))
    room -= a.interest
    a.lateInterest = min(a.lateInterest, max(room, 0))
    room -= a.lateInterest
    a.fees = min(a.fees, max(room, 0))
    a.balance = a.capital + a.interest + a.lateInterest + a.fees
    a.lastPayment = payments.last?.date ?? Day.missing
    if standing == .paid {
      a.status = .paid
    } else if standing == .overdue {
      let p = daysOverdue > 720 ? 0.75 : daysOverdue > 360 ? 0.45 : daysOverdue > 180 ? 0.15 : 0
      a.status = r.chance(p) ? .writtenOff : .active
    }
    return a
  }

  /// A log-normal principal around the product's median, rounded the way each product is.
  private func drawPrincipal(_ a: Account, _ debtor: Debtor, _ r: inout Xoshiro256) -> Cents {
    let median = Self.medians[a.usd ? 1 : 0][debtor.isCompany ? 1 : 0][a.product.rawValue]
    let sigma = debtor.isCompany ? 1.0 : 0.8
    let scale = median * Self.segmentFactors[debtor.segment]
    let (low, high): (Double, Double) = a.usd ? (50, 3_000_000) : (100_000, 900_000_000)
    // Draw again when out of range (rare), so that few amounts sit exactly on a bound.
    var units = scale * DeterministicMath.exp(sigma * r.normal())
    for _ in 0..<4 where units < low || units > high {
      units = scale * DeterministicMath.exp(sigma * r.normal())
    }
    units = min(max(units, low), high)
    switch (a.product, a.usd) {
    case (.credito, false), (.libranza, false):
      return max(Cents((units / 10_000).rounded()) * 1_000_000, 10_000_000)
    case (.credito, true), (.libranza, true), (.tarjeta, false):
      return Cents(units.rounded()) * 100
    default:
      return Cents((units * 100).rounded())
    }
  }

  /// Builds a single invoice: issue date, term, payment and what is owed.
  private func makeInvoice(
    _ a: inout Account,
    _ debtor: Debtor,
    _ standing: Standing,
    _ daysOverdue: Int,
    _ r: inout Xoshiro256,
    _ payments: inout [Payment]
  ) {
    let asOf = Int(self.asOf.raw)
    let term = debtor.isCompany ? [30, 30, 45, 60, 90][r.below(5)] : [15, 30, 30][r.below(3)]
    var issue: Int
    switch standing {
    case .current:
      issue = asOf - r.below(term)
    case .overdue:
      issue = asOf - daysOverdue - term
    case .paid:
      issue = asOf - term - r.int(in: 0...400)
    }
    let due = issue + term
    a.issue = Int32(issue)
    a.due = Int32(due)
    a.maturity = Int32(due)
    a.capital = a.principal
    let b = debtor.behaviour.rawValue
    switch standing {
    case .paid:
      var date = r.chance(Self.onTimeChance[b]) ? due - r.int(in: 0...10) : due + r.int(in: 1...60)
      date = min(max(date, issue + 1), asOf)
      if r.chance(0.2) {
        // A part payment before the rest.
        let part = Money.roundHalfUp(a.principal * Cents(r.int(in: 10...60)), 100)
        let first = issue + 1 + r.below(max(date - issue, 1))
        payments.append(Payment(date: Int32(min(first, date)), amount: part))
        payments.append(Payment(date: Int32(date), amount: a.principal - part))
      } else {
        payments.append(Payment(date: Int32(date), amount: a.principal))
      }
      if date <= due { a.onTime = 1 } else { a.late = 1 }
      a.capital = 0
    case .current:
      if issue < asOf && r.chance(0.04) {
        partPayment(&a, a.principal, from: issue + 1, through: asOf, &r, &payments)
      }
    case .overdue:
      if r.chance(0.15) {
        partPayment(&a, a.principal, from: due + 1, through: asOf, &r, &payments)
      }
      if r.chance(0.5) {
        a.lateInterest = Money.roundHalfUp(a.capital * moraRate(a) * Cents(daysOverdue), 300_000)
      }
      a.fees = collectionFees(a.capital + a.lateInterest, daysOverdue, &r)
    }
  }

  /// Builds an installment product: schedule, payments so far and what is owed.
  private func makeLoan(
    _ a: inout Account,
    _ debtor: Debtor,
    _ standing: Standing,
    _ daysOverdue: Int,
    _ r: inout Xoshiro256,
    _ payments: inout [Payment]
  ) {
    let asOf = Int(self.asOf.raw)
    let choices = Self.terms[a.product.rawValue]
    let n = choices[r.below(choices.count)]
    let schedule = Schedule(principal: a.principal, installments: n, rate: monthlyRate(a, debtor))
    let isNew = debtor.behaviour == .new

    // Choose the issue date so that the standing drawn comes out of the calendar.
    var paidCount: Int
    var prepaid = false
    let issueDay: Day
    switch standing {
    case .current:
      paidCount = isNew ? r.below(min(3, n)) : r.below(n)
      let anchor = self.asOf.adding(days: -r.int(in: 0...24))
      issueDay = anchor.adding(months: -paidCount)
    case .overdue:
      paidCount = isNew ? (daysOverdue < 30 ? r.below(min(2, n)) : 0) : r.below(n)
      issueDay = self.asOf.adding(days: -daysOverdue).adding(months: -(paidCount + 1))
    case .paid:
      prepaid = n >= 2 && r.chance(0.25)
      if prepaid {
        paidCount = 1 + r.below(n - 1)
        issueDay = self.asOf.adding(days: -r.int(in: 0...24)).adding(months: -paidCount)
      } else {
        paidCount = n
        issueDay = self.asOf.adding(days: -r.int(in: 0...400)).adding(months: -n)
      }
    }
    let calendar = InstallmentCalendar(issue: issueDay)
    let elapsed = calendar.elapsed(upTo: asOf, installments: n)
    if standing == .current || prepaid { paidCount = min(paidCount, elapsed) }
    a.issue = issueDay.raw
    a.maturity = calendar.due(n)

    // Installments paid so far, on time or late as the debtor's habit says.
    let b = debtor.behaviour.rawValue
    var previous = Int(issueDay.raw) + 1
    for k in stride(from: 1, through: paidCount, by: 1) {
      let due = Int(calendar.due(k))
      var date: Int
      if r.chance(Self.onTimeChance[b]) {
        date = due - r.int(in: 0...7)
      } else {
        date = due + r.int(in: 1...Self.maxDelay[b])
      }
      date = min(max(date, previous), asOf)
      previous = date
      var amount = schedule.capital(k) + schedule.interest(k)
      if date <= due {
        a.onTime += 1
      } else {
        a.late += 1
        amount += Money.roundHalfUp(amount * moraRate(a) * Cents(date - due), 300_000)
      }
      payments.append(Payment(date: Int32(date), amount: amount))
    }

    if standing == .paid {
      if prepaid {
        // The rest of the capital in one payment, with the interest accrued since the last due.
        let lastDue = Int(calendar.due(paidCount))
        let date = min(max(lastDue + 1 + r.below(max(asOf - lastDue, 1)), previous), asOf)
        let rest = schedule.outstanding(after: paidCount)
        let accrued = Money.roundHalfUp(
          rest * schedule.rate * Cents(max(date - lastDue, 0)),
          300_000
        )
        payments.append(Payment(date: Int32(date), amount: rest + accrued))
      }
      a.due = a.maturity
      a.capital = 0
      return
    }

    a.capital = schedule.outstanding(after: paidCount)
    let oldestUnpaid = paidCount + 1
    a.due = calendar.due(oldestUnpaid)
    if standing == .current {
      let lastDue = paidCount == 0 ? Int(issueDay.raw) : Int(calendar.due(paidCount))
      a.interest = Money.roundHalfUp(
        a.capital * schedule.rate * Cents(max(asOf - lastDue, 0)),
        300_000
      )
      if a.product == .tarjeta && !a.usd && r.chance(0.6) {
        a.fees = Self.cardFees[r.below(Self.cardFees.count)]
      }
      return
    }

    // Overdue: the missed installments' interest, late interest on their capital, fees.
    let overdueDays = asOf - Int(a.due)
    var overdueCapital: Cents = 0
    for k in stride(from: oldestUnpaid, through: elapsed, by: 1) {
      overdueCapital += schedule.capital(k)
      a.interest += schedule.interest(k)
    }
    let newestDays = asOf - Int(calendar.due(max(elapsed, oldestUnpaid)))
    let meanDays = (overdueDays + newestDays) / 2
    a.lateInterest = Money.roundHalfUp(overdueCapital * moraRate(a) * Cents(meanDays), 300_000)
    if r.chance(0.12) {
      let installment = schedule.capital(oldestUnpaid) + schedule.interest(oldestUnpaid)
      let from = max(Int(a.due) + 1, previous)
      if from <= asOf {
        partPayment(&a, installment, from: from, through: asOf, &r, &payments)
      }
    }
    a.fees = collectionFees(overdueCapital + a.interest + a.lateInterest, overdueDays, &r)
  }

  /// Records a part payment of 10-90% of `amount` between two days, taken off the capital.
  private func partPayment(
    _ a: inout Account,
    _ amount: Cents,
    from first: Int,
    through last: Int,
    _ r: inout Xoshiro256,
    _ payments: inout [Payment]
  ) {
    let paid = min(Money.roundHalfUp(amount * Cents(r.int(in: 10...90)), 100), a.capital - 1)
    guard paid > 0, first <= last else { return }
    let date = first + r.below(last - first + 1)
    payments.append(Payment(date: Int32(date), amount: paid))
    a.capital -= paid
  }

  /// Collection fees ("honorarios"): 10-20% of what is overdue, charged on most accounts more
  /// than 90 days late and on half of those 61-90 days late.
  private func collectionFees(_ base: Cents, _ daysOverdue: Int, _ r: inout Xoshiro256) -> Cents {
    guard daysOverdue > 60, r.chance(daysOverdue > 90 ? 0.8 : 0.5) else { return 0 }
    return Money.roundHalfUp(base * [1_000, 1_500, 2_000][r.below(3)], 10_000)
  }

  /// The monthly ordinary interest rate in basis points.
  private func monthlyRate(_ a: Account, _ debtor: Debtor) -> Cents {
    if a.usd { return 90 }
    switch a.product {
    case .factura: return 0
    case .credito: return debtor.isCompany ? 145 : 185
    case .tarjeta: return 235
    case .libranza: return 125
    }
  }

  /// The monthly late-interest rate in basis points (near the usury cap for COP).
  private func moraRate(_ a: Account) -> Cents {
    a.usd ? 150 : 260
  }

  /// Equal capital installments (the last one takes the remainder) with interest on the
  /// outstanding capital, all in exact cents.
  private struct Schedule {
    /// The original amount.
    let principal: Cents
    /// The number of installments.
    let installments: Int
    /// The monthly interest rate in basis points.
    let rate: Cents
    /// The capital of every installment but the last.
    let base: Cents

    /// Creates the schedule of `installments` installments.
    init(principal: Cents, installments: Int, rate: Cents) {
      self.principal = principal
      self.installments = installments
      self.rate = rate
      base = principal / Cents(installments)
    }

    /// The capital of installment `k` (1-based).
    func capital(_ k: Int) -> Cents {
      k < installments ? base : principal - base * Cents(installments - 1)
    }

    /// The capital still owed after `k` installments.
    func outstanding(after k: Int) -> Cents {
      k >= installments ? 0 : principal - base * Cents(k)
    }

    /// The interest of installment `k`: a month on the capital outstanding before it.
    func interest(_ k: Int) -> Cents {
      Money.roundHalfUp(outstanding(after: k - 1) * rate, 10_000)
    }
  }

  /// Due dates of monthly installments: the issue day of the month, clamped to the month's end.
  private struct InstallmentCalendar {
    /// The issue date's year, month and day.
    let year: Int, month: Int, day: Int

    /// Creates the calendar of a product issued on `issue`.
    init(issue: Day) {
      (year, month, day) = issue.civil
    }

    /// The due day of installment `k` (1-based).
    func due(_ k: Int) -> Int32 {
      let total = year * 12 + (month - 1) + k
      let y = total / 12
      let m = total % 12 + 1
      return Day.daysFromCivil(y, m, min(day, Day.daysIn(month: m, year: y)))
    }

    /// How many of the `installments` are due on or before day `asOf`.
    func elapsed(upTo asOf: Int, installments: Int) -> Int {
      let (ay, am, _) = Day.civilFromDays(Int32(asOf))
      var k = min(max((ay * 12 + am) - (year * 12 + month), 0), installments)
      while k > 0 && Int(due(k)) > asOf { k -= 1 }
      while k < installments && Int(due(k + 1)) <= asOf { k += 1 }
      return k
    }
  }
}
