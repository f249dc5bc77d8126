import CobroCore
import CobroJournal
import CobroPlan
import CobroPortfolio
import Testing

/// The timeline of accounts: which entries, in what order, with which states.
@Suite struct TimelineTests {
  static func day(_ d: Int) -> Day { Day(raw: Day.daysFromCivil(2026, 11, 1) + Int32(d - 1)) }

  static func entry(
    _ id: Int64,
    _ kind: JournalEntry.Kind,
    _ account: String,
    on d: Int,
    at: String
  )
    -> JournalEntry
  {
    var e = JournalEntry(
      kind: kind,
      account: account,
      stamp: JournalStamp(collector: "ana", day: day(d), at: at)
    )
    e.id = id
    return e
  }

  static func timeline(_ entries: [JournalEntry], agreements: [Agreement] = [], asOf: Int = 30)
    -> Timeline
  {
    Timeline(
      accounts: ["A1", "A2"],
      debtor: "D1",
      entries: entries,
      agreements: agreements,
      payments: { $0 == "A1" ? [(date: day(12), amount: Cents(5_000))] : [] },
      asOf: day(asOf),
      graceDays: 0
    )
  }

  @Test func entriesOfTheAccountsAndTheDebtorOldestFirst() {
    var promise = Self.entry(3, .promise, "A1", on: 10, at: "2026-11-10 09:00")
    promise.amount = 5_000
    promise.due = Self.day(12)
    let t = Self.timeline([
      Self.entry(1, .contact, "A2", on: 11, at: "2026-11-11 08:00"),
      Self.entry(2, .contact, "B7", on: 10, at: "2026-11-10 08:00"),
      promise,
      Self.entry(4, .cancel, "D1", on: 10, at: "2026-11-10 08:30"),
      Self.entry(5, .contact, "A1", on: 31, at: "2026-12-01 08:00"),
    ])
    #expect(t.rows.map(\.entry.id) == [4, 3, 1])
    #expect(t.rows[1].state == "kept")
    #expect(t.rows[1].paid == 5_000)
    #expect(t.rows[0].state == nil)
    #expect(t.table.rows.count == 3)
    #expect(t.table.columns.map(\.name).first == "id")
  }

  @Test func anAgreementCoveringAnAccountIsInItsTimelineWithItsState() {
    var e = Self.entry(7, .agreement, "D9", on: 5, at: "2026-11-05 10:00")
    e.amount = 5_000
    let a = Agreement(
      entry: e,
      debtor: "D9",
      accounts: ["X1", "A1"],
      balance: 5_000,
      forgiven: 0,
      installments: [
        Agreement.Installment(
          n: 1,
          due: Self.day(10),
          amount: 5_000,
          fees: 0,
          interest: 0,
          principal: 5_000
        )
      ]
    )
    let t = Self.timeline([e], agreements: [a])
    #expect(t.rows.map(\.entry.id) == [7])
    // Paid in full on the 12th, two days after its date: kept.
    #expect(t.rows[0].state == "kept")
    #expect(t.rows[0].paid == 5_000)
  }
}
