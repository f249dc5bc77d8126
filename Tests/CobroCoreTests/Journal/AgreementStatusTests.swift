import CobroCore
import CobroJournal
import CobroPlan
import CobroPortfolio
import Testing

/// Payments applied to an agreement's installments: order, components, boundaries, carry-over.
@Suite struct AgreementStatusTests {
  static func day(_ d: Int) -> Day { Day(raw: Day.daysFromCivil(2026, 11, 1) + Int32(d - 1)) }

  /// An agreement recorded on Nov 5 with installments of 100.00 due on Nov 10, 20 and 30;
  /// each is 10.00 of fees (the first only), 5.00 of interest and the rest principal.
  static func agreement(cancelledBy: Int64? = nil) -> Agreement {
    var e = JournalEntry(
      kind: .agreement,
      account: "A1",
      stamp: JournalStamp(collector: "ana", day: day(5), at: "2026-11-05 10:00")
    )
    e.id = 1
    e.cancelledBy = cancelledBy
    let lines = [10, 20, 30].enumerated().map { k, d in
      let fees: Cents = k == 0 ? 1_000 : 0
      return Agreement.Installment(
        n: k + 1,
        due: day(d),
        amount: 10_000,
        fees: fees,
        interest: 500,
        principal: 10_000 - 500 - fees
      )
    }
    return Agreement(
      entry: e,
      debtor: nil,
      accounts: ["A1"],
      balance: 30_000,
      forgiven: 0,
      installments: lines
    )
  }

  static func status(
    _ payments: [(Int, Cents)],
    asOf: Int,
    grace: Int = 0,
    breakAfter: Int = AgreementStatus.defaultBreakAfterDays
  ) -> AgreementStatus {
    AgreementStatus.evaluate(
      agreement(),
      payments: payments.map { (day($0.0), $0.1) },
      asOf: day(asOf),
      graceDays: grace,
      breakAfterDays: breakAfter
    )
  }

  @Test func nothingPaidIsPendingBeforeTheFirstDate() {
    let s = Self.status([], asOf: 9)
    #expect(s.state == .pending)
    #expect(s.lines.map(\.state) == [.pending, .pending, .pending])
    #expect(s.nextDue?.n == 1)
  }

  @Test func behindTheDayAfterAnUnpaidDate() {
    let s = Self.status([], asOf: 11)
    #expect(s.state == .behind)
    #expect(s.lines.map(\.state) == [.overdue, .pending, .pending])
    #expect(s.lines[0].daysLate == 1)
    #expect(s.daysBehind == 1)
    #expect(s.overdueAmount == 10_000)
  }

  @Test func currentOnTheDateItselfWhileNothingIsOverdue() {
    let s = Self.status([], asOf: 10)
    #expect(s.state == .current)
    #expect(s.daysBehind == 0)
  }

  // An installment overdue 'break_after' days breaks the agreement, not one day late.
  @Test func brokenAfterBreakAfterDaysOverdue() {
    #expect(Self.status([], asOf: 39).state == .behind)
    #expect(Self.status([], asOf: 40).state == .broken)
    #expect(Self.status([], asOf: 40).daysBehind == 30)
    #expect(Self.status([], asOf: 12, breakAfter: 2).state == .broken)
    #expect(Self.status([], asOf: 11, breakAfter: 0).state == .broken)
  }

  @Test func graceMovesTheBoundaryByExactlyItsDays() {
    #expect(Self.status([], asOf: 13, grace: 3).state == .current)
    #expect(Self.status([], asOf: 14, grace: 3).state == .behind)
    #expect(Self.status([], asOf: 14, grace: 3).daysBehind == 1)
    #expect(Self.status([], asOf: 43, grace: 3).state == .broken)
    // Paid on the last day of grace: on time.
    let s = Self.status([(13, 10_000)], asOf: 14, grace: 3)
    #expect(s.lines[0].state == .paid)
    #expect(s.lines[0].daysLate == 0)
    #expect(s.state == .current)
  }

  @Test func paymentsSettleFeesThenInterestThenPrincipal() {
    let s = Self.status([(8, 1_200)], asOf: 9)
    #expect(s.lines[0].paidFees == 1_000)
    #expect(s.lines[0].paidInterest == 200)
    #expect(s.lines[0].paidPrincipal == 0)
    let more = Self.status([(8, 1_200), (9, 400)], asOf: 9)
    #expect(more.lines[0].paidInterest == 500)
    #expect(more.lines[0].paidPrincipal == 100)
    #expect(more.lines[0].paid == 1_600)
    #expect(more.nextDue?.n == 1)
  }

  @Test func shortInstallmentIsOverdueAfterItsDate() {
    let s = Self.status([(10, 9_999)], asOf: 11)
    #expect(s.lines[0].state == .overdue)
    #expect(s.lines[0].paid == 9_999)
    #expect(s.lines[0].paidOn == nil)
    #expect(s.overdueAmount == 1)
    #expect(s.state == .behind)
  }

  @Test func overpaymentCarriesForwardToTheNextInstallments() {
    let s = Self.status([(9, 25_001)], asOf: 21)
    #expect(s.lines.map(\.paid) == [10_000, 10_000, 5_001])
    #expect(s.lines.map(\.state) == [.paid, .paid, .pending])
    #expect(s.lines[2].paidFees == 0)
    #expect(s.lines[2].paidInterest == 500)
    #expect(s.lines[2].paidPrincipal == 4_501)
    #expect(s.surplus == 0)
    #expect(s.paid == 25_001)
    #expect(s.nextDue?.n == 3)
  }

  @Test func whatIsLeftAfterTheLastInstallmentIsSurplus() {
    let s = Self.status([(9, 30_000), (25, 123)], asOf: 30)
    #expect(s.state == .kept)
    #expect(s.surplus == 123)
    #expect(s.received == 30_123)
    #expect(s.paid == 30_000)
    #expect(s.nextDue == nil)
  }

  @Test func paymentsBeforeTheAgreementOrAfterTheAsOfDateAreIgnored() {
    let s = Self.status([(4, 10_000), (12, 10_000)], asOf: 10)
    #expect(s.received == 0)
    #expect(s.lines[0].state == .pending)
    // Recorded on the 5th: a payment that day counts.
    #expect(Self.status([(5, 10_000)], asOf: 10).lines[0].state == .paid)
  }

  // Paid 4 days late, then on time: the agreement is current and the installment keeps how
  // late it was paid; it used to stay broken for good.
  @Test func aLatePaymentCatchesUpAndTheInstallmentKeepsItsLateness() {
    let s = Self.status([(15, 10_000)], asOf: 16)
    #expect(s.lines[0].paid == 10_000)
    #expect(s.lines[0].state == .paidLate)
    #expect(s.lines[0].paidOn == Self.day(15))
    #expect(s.lines[0].daysLate == 5)
    #expect(s.lines[1].paid == 0)
    #expect(s.state == .current)
    #expect(s.nextDue?.n == 2)
    let later = Self.status([(15, 10_000), (20, 10_000)], asOf: 25)
    #expect(later.state == .current)
    #expect(later.lines.map(\.state) == [.paidLate, .paid, .pending])
    #expect(later.lines.map(\.daysLate) == [5, 0, 0])
  }

  // Broken is where the agreement stands: paying everything overdue makes it current again.
  @Test func payingWhatIsOverdueBringsABrokenAgreementBack() {
    #expect(Self.status([], asOf: 16, breakAfter: 5).state == .broken)
    let caught = Self.status([(16, 10_000)], asOf: 16, breakAfter: 5)
    #expect(caught.state == .current)
    #expect(caught.lines.map(\.daysLate) == [6, 0, 0])
    #expect(caught.lines.map(\.state) == [.paidLate, .pending, .pending])
    let all = Self.status([(45, 30_000)], asOf: 60)
    #expect(all.state == .kept)
  }

  @Test func paymentsApplyInDateOrderWhateverTheirOrderGiven() {
    let a = Self.status([(20, 10_000), (9, 10_000)], asOf: 21)
    #expect(a.lines.map(\.state) == [.paid, .paid, .pending])
    #expect(a.state == .current)
  }

  @Test func keptOnceEveryInstallmentIsPaidOnTime() {
    let s = Self.status([(10, 10_000), (20, 10_000), (30, 10_000)], asOf: 30)
    #expect(s.state == .kept)
    #expect(Self.status([(10, 10_000), (20, 10_000), (30, 10_000)], asOf: 60).state == .kept)
  }

  @Test func cancelledWinsOverEveryOtherState() {
    let s = AgreementStatus.evaluate(
      Self.agreement(cancelledBy: 9),
      payments: [],
      asOf: Self.day(30),
      graceDays: 0
    )
    #expect(s.state == .cancelled)
  }

  @Test func exactCentsWithHugeAmountsDoNotOverflow() {
    let s = Self.status([(9, .max), (10, .max)], asOf: 30)
    #expect(s.state == .kept)
    #expect(s.received == .max)
    #expect(s.paid == 30_000)
  }
}
