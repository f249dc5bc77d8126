import CobroPortfolio

/// Where a payment agreement stands at the as-of date: payments applied to its installments.
///
/// The payments that count are those of the agreement's accounts dated from the day it was
/// recorded through the as-of date; earlier ones paid the debt before the agreement and are
/// ignored. In date order, each payment settles the oldest installment not yet paid in full
/// (an earlier installment before a later one, whatever their dates), and within it first the
/// fees, then the interest, then the principal; what is left goes on to the next installment,
/// and what is left after the last one is the surplus.
///
/// An installment's deadline is its date plus the grace days. It is paid on the day the
/// payment that completes it is dated, and is late by the days from its deadline to that day
/// (or, while unpaid, to the as-of date):
/// - `pending` while it is not paid in full and its deadline has not passed;
/// - `paid` once paid in full by its deadline;
/// - `paid_late` once paid in full after its deadline;
/// - `overdue` when its deadline has passed and it is not paid in full (something may have
///   been paid toward it).
///
/// The agreement is `cancelled` when its entry is cancelled; `kept` when every installment is
/// paid in full; `broken` when an installment has been overdue for `breakAfterDays` days or
/// more; `behind` when one is overdue for fewer; `current` when nothing is overdue and some
/// installment's date has come; `pending` when none has. Paying what is overdue brings a
/// `behind` (or `broken`) agreement back to `current`: the state is read from the payments at
/// the as-of date, and each installment keeps when it was paid and how late.
public struct AgreementStatus: Sendable, Hashable {
  /// The days an installment may stay overdue before its agreement is broken, by default.
  public static let defaultBreakAfterDays = 30

  /// The state of one installment.
  public enum InstallmentState: String, Sendable, CaseIterable {
    /// Not paid in full, and its deadline has not passed.
    case pending
    /// Paid in full by its deadline.
    case paid
    /// Paid in full after its deadline.
    case paidLate = "paid_late"
    /// Its deadline passed and it is not paid in full.
    case overdue
  }

  /// One installment after the payments.
  public struct Line: Sendable, Hashable {
    /// The installment's number.
    public var n: Int
    /// Its date.
    public var due: Day
    /// Its amount.
    public var amount: Cents
    /// Applied to its fees, interest and principal through the as-of date.
    public var paidFees: Cents = 0
    /// Applied to its interest.
    public var paidInterest: Cents = 0
    /// Applied to its principal.
    public var paidPrincipal: Cents = 0
    /// The date of the payment that paid it in full; `nil` while it is not.
    public var paidOn: Day?
    /// Days from its deadline (date plus grace) to the day it was paid in full, or to the
    /// as-of date while it is not; 0 when not past its deadline.
    public var daysLate = 0
    /// Its state at the as-of date.
    public var state: InstallmentState = .pending

    /// Everything applied to it.
    public var paid: Cents { paidFees + paidInterest + paidPrincipal }
  }

  /// The agreement's state.
  public var state: AgreementState
  /// The installments, in order.
  public var lines: [Line]
  /// Payments that count, applied or not (saturated at `Int64.max`).
  public var received: Cents
  /// What was left after the last installment was paid (saturated at `Int64.max`).
  public var surplus: Cents

  /// What was applied to the installments (never more than their sum).
  public var paid: Cents { lines.reduce(0) { $0 + $1.paid } }
  /// The first installment not paid in full, if any.
  public var nextDue: Line? { lines.first { $0.paid < $0.amount } }
  /// Days the oldest overdue installment is past its deadline; 0 when none is overdue.
  public var daysBehind: Int { lines.first { $0.state == .overdue }?.daysLate ?? 0 }
  /// What is overdue at the as-of date: the unpaid part of the overdue installments.
  public var overdueAmount: Cents {
    lines.reduce(0) { $1.state == .overdue ? $0 + ($1.amount - $1.paid) : $0 }
  }

  /// The state of `agreement` given the payments of its accounts (any order), the as-of date,
  /// the grace days and the days an overdue installment takes to break it.
  public static func evaluate(
    _ agreement: Agreement,
    payments: [(date: Day, amount: Cents)],
    asOf: Day,
    graceDays: Int,
    breakAfterDays: Int = defaultBreakAfterDays
  ) -> AgreementStatus {
    let counted = payments.enumerated()
      .filter { $0.element.date >= agreement.entry.recordedOn && $0.element.date <= asOf }
      .sorted { a, b in
        a.element.date != b.element.date ? a.element.date < b.element.date : a.offset < b.offset
      }
      .map(\.element)
    var lines = agreement.installments.map { Line(n: $0.n, due: $0.due, amount: $0.amount) }
    var received: Cents = 0
    var surplus: Cents = 0
    var open = 0
    for p in counted where p.amount > 0 {
      let (sum, overflow) = received.addingReportingOverflow(p.amount)
      received = overflow ? .max : sum
      var left = p.amount
      while left > 0 && open < lines.count {
        let k = open
        let i = agreement.installments[k]
        var line = lines[k]
        func take(_ due: Cents, _ already: Cents) -> Cents {
          let t = min(left, max(due - already, 0))
          left -= t
          return t
        }
        line.paidFees += take(i.fees, line.paidFees)
        line.paidInterest += take(i.interest, line.paidInterest)
        line.paidPrincipal += take(i.amount - i.fees - i.interest, line.paidPrincipal)
        if line.paid >= line.amount {
          line.paidOn = p.date
          open += 1
        }
        lines[k] = line
      }
      if left > 0 {
        let (sum, overflow) = surplus.addingReportingOverflow(left)
        surplus = overflow ? .max : sum
      }
    }
    for k in lines.indices {
      let deadline = lines[k].due.adding(days: graceDays)
      if let paidOn = lines[k].paidOn {
        lines[k].daysLate = max(Int(paidOn.raw) - Int(deadline.raw), 0)
        lines[k].state = lines[k].daysLate > 0 ? .paidLate : .paid
      } else if asOf > deadline {
        lines[k].daysLate = Int(asOf.raw) - Int(deadline.raw)
        lines[k].state = .overdue
      } else {
        lines[k].state = .pending
      }
    }
    let state: AgreementState
    let behind = lines.first { $0.state == .overdue }?.daysLate
    if agreement.entry.cancelledBy != nil {
      state = .cancelled
    } else if lines.allSatisfy({ $0.paidOn != nil }) {
      state = .kept
    } else if let behind {
      state = behind >= breakAfterDays ? .broken : .behind
    } else if lines.contains(where: { $0.due <= asOf }) {
      state = .current
    } else {
      state = .pending
    }
    return AgreementStatus(state: state, lines: lines, received: received, surplus: surplus)
  }
}

/// Where an agreement stands, as a collections team acts on it (see ``AgreementStatus``).
public enum AgreementState: String, Sendable, CaseIterable {
  /// No installment's date has come yet.
  case pending
  /// Every installment whose deadline has passed is paid in full.
  case current
  /// An installment is overdue, for fewer than `set break_after` days.
  case behind
  /// An installment has been overdue for `set break_after` days or more.
  case broken
  /// Every installment is paid in full.
  case kept
  /// Its entry was cancelled.
  case cancelled
}
