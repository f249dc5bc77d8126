import CobroCore
import CobroJournal
import CobroPortfolio
import Testing

/// Promise states on the boundaries of the date, the grace days and the recording day.
@Suite struct PromiseStateTests {
  static let recorded = Day(raw: Day.daysFromCivil(2026, 11, 20))
  static let due = Day(raw: Day.daysFromCivil(2026, 11, 30))

  /// A promise of 100.00 recorded on Nov 20 for Nov 30.
  static func promise(cancelledBy: Int64? = nil) -> JournalEntry {
    var e = JournalEntry(
      kind: .promise,
      account: "A1",
      stamp: JournalStamp(collector: "ana", day: recorded, at: "2026-11-20 10:00")
    )
    e.amount = 10_000
    e.due = due
    e.cancelledBy = cancelledBy
    return e
  }

  static func day(_ d: Int) -> Day { Day(raw: Day.daysFromCivil(2026, 11, 1) + Int32(d - 1)) }

  static func state(_ payments: [(Int, Cents)], asOf: Int, grace: Int = 0) -> (Cents, PromiseState)
  {
    let r = PromiseState.evaluate(
      promise(),
      payments: payments.map { (day($0.0), $0.1) },
      asOf: day(asOf),
      graceDays: grace
    )
    return (r.paid, r.state)
  }

  @Test func pendingThroughTheDueDateItself() {
    #expect(Self.state([], asOf: 30) == (0, .pending))
    #expect(Self.state([(25, 5_000)], asOf: 30) == (5_000, .pending))
  }

  @Test func brokenTheDayAfterTheDueDateWithNothingPaid() {
    let dec1 = Day(raw: Day.daysFromCivil(2026, 12, 1))
    let r = PromiseState.evaluate(Self.promise(), payments: [], asOf: dec1, graceDays: 0)
    #expect(r.state == .broken)
    #expect(r.paid == 0)
  }

  @Test func partialTheDayAfterWithSomethingPaid() {
    let dec1 = Day(raw: Day.daysFromCivil(2026, 12, 1))
    let r = PromiseState.evaluate(
      Self.promise(),
      payments: [(Self.day(30), 9_999)],
      asOf: dec1,
      graceDays: 0
    )
    #expect(r.state == .partial)
    #expect(r.paid == 9_999)
  }

  @Test func keptAsSoonAsTheAmountIsReachedEvenBeforeTheDate() {
    #expect(Self.state([(21, 4_000), (22, 6_000)], asOf: 22) == (10_000, .kept))
  }

  @Test func aPaymentOnTheRecordingDayCountsTheDayBeforeDoesNot() {
    #expect(Self.state([(20, 10_000)], asOf: 25) == (10_000, .kept))
    #expect(Self.state([(19, 10_000)], asOf: 25) == (0, .pending))
  }

  @Test func aPaymentAfterTheDueDateCountsOnlyWithinGrace() {
    let dec2 = Day(raw: Day.daysFromCivil(2026, 12, 2))
    let dec3 = Day(raw: Day.daysFromCivil(2026, 12, 3))
    let late = [(date: dec2, amount: Cents(10_000))]
    #expect(
      PromiseState.evaluate(Self.promise(), payments: late, asOf: dec3, graceDays: 0).state
        == .broken
    )
    #expect(
      PromiseState.evaluate(Self.promise(), payments: late, asOf: dec3, graceDays: 1).state
        == .broken
    )
    #expect(
      PromiseState.evaluate(Self.promise(), payments: late, asOf: dec3, graceDays: 2).state == .kept
    )
  }

  @Test func graceKeepsItPendingUntilTheLastGraceDay() {
    let dec2 = Day(raw: Day.daysFromCivil(2026, 12, 2))
    let dec3 = Day(raw: Day.daysFromCivil(2026, 12, 3))
    #expect(
      PromiseState.evaluate(Self.promise(), payments: [], asOf: dec2, graceDays: 2).state
        == .pending
    )
    #expect(
      PromiseState.evaluate(Self.promise(), payments: [], asOf: dec3, graceDays: 2).state == .broken
    )
  }

  @Test func paymentsAfterTheAsOfDateAreNotSeen() {
    #expect(Self.state([(28, 10_000)], asOf: 27) == (0, .pending))
  }

  @Test func aCancelledPromiseIsCancelledWhateverWasPaid() {
    let r = PromiseState.evaluate(
      Self.promise(cancelledBy: 2),
      payments: [(Self.day(21), 10_000)],
      asOf: Self.day(25),
      graceDays: 0
    )
    #expect(r.state == .cancelled)
  }

  @Test func hugePaymentsSaturateInsteadOfOverflowing() {
    let r = Self.state([(21, .max), (22, .max)], asOf: 22)
    #expect(r == (.max, .kept))
  }
}
