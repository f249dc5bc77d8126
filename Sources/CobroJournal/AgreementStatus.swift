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
/// An installment is judged at its deadline, its date plus the grace days:
/// - `paid` once what was applied to it reaches its amount (by the deadline, or at any time
///   before it);
/// - `pending` while the as-of date is not after the deadline and it is not paid;
/// - `partial` when the deadline has passed and what was applied to it by then is more than
///   zero but less than its amount;
/// - `late` when the deadline has passed with nothing applied to it by then.
///
/// A payment after the deadline still settles the installment (and is shown as paid), but its
/// state stays `partial` or `late`: the agreement was not kept on time. The agreement is
/// `cancelled` when its entry is cancelled, `kept` when every installment is paid, `broken`
/// when one is late, `partial` when one is partial, and `pending` otherwise.
public struct AgreementStatus: Sendable, Hashable {
  /// The state of one installment.
  public enum InstallmentState: String, Sendable, CaseIterable {
    /// Not paid in full, and its deadline has not passed.
    case pending
    /// Paid in full by its deadline.
    case paid
    /// Its deadline passed with part of it paid.
    case partial
    /// Its deadline passed with nothing paid.
    case late
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
    /// Applied to it by its deadline (or the as-of date, when earlier).
    public var paidOnTime: Cents = 0
    /// Its state at the as-of date.
    public var state: InstallmentState = .pending

    /// Everything applied to it.
    public var paid: Cents { paidFees + paidInterest + paidPrincipal }
  }

  /// The agreement's state.
  public var state: PromiseState
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

  /// The state of `agreement` given the payments of its accounts (any order), the as-of date
  /// and the grace days.
  public static func evaluate(
    _ agreement: Agreement,
    payments: [(date: Day, amount: Cents)],
    asOf: Day,
    graceDays: Int
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
        let i = agreement.installments[open]
        var line = lines[open]
        func take(_ due: Cents, _ already: Cents) -> Cents {
          let t = min(left, max(due - already, 0))
          left -= t
          return t
        }
        let fees = take(i.fees, line.paidFees)
        line.paidFees += fees
        let interest = take(i.interest, line.paidInterest)
        line.paidInterest += interest
        let principal = take(i.amount - i.fees - i.interest, line.paidPrincipal)
        line.paidPrincipal += principal
        if p.date <= i.due.adding(days: graceDays) {
          line.paidOnTime += fees + interest + principal
        }
        lines[open] = line
        if line.paid >= line.amount { open += 1 }
      }
      if left > 0 {
        let (sum, overflow) = surplus.addingReportingOverflow(left)
        surplus = overflow ? .max : sum
      }
    }
    for k in lines.indices {
      let deadline = lines[k].due.adding(days: graceDays)
      if asOf <= deadline {
        lines[k].state = lines[k].paid >= lines[k].amount ? .paid : .pending
      } else if lines[k].paidOnTime >= lines[k].amount {
        lines[k].state = .paid
      } else {
        lines[k].state = lines[k].paidOnTime > 0 ? .partial : .late
      }
    }
    let state: PromiseState
    if agreement.entry.cancelledBy != nil {
      state = .cancelled
    } else if lines.allSatisfy({ $0.state == .paid }) {
      state = .kept
    } else if lines.contains(where: { $0.state == .late }) {
      state = .broken
    } else if lines.contains(where: { $0.state == .partial }) {
      state = .partial
    } else {
      state = .pending
    }
    return AgreementStatus(state: state, lines: lines, received: received, surplus: surplus)
  }
}
