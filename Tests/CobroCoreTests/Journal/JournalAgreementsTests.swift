import CobroCore
import CobroJournal
import CobroPlan
import CobroPortfolio
import Foundation
import Testing

/// Agreements in the journal: the schedule and allocation round-trip, one transaction, cancel.
@Suite struct JournalAgreementsTests {
  static let stamp = JournalStamp(
    collector: "ana",
    day: Day(raw: Day.daysFromCivil(2026, 11, 30)),
    at: "2026-11-30 10:00"
  )

  static func day(_ m: Int, _ d: Int) -> Day { Day(raw: Day.daysFromCivil(2026, m, d)) }

  static let schedule = [
    Agreement.Installment(
      n: 0,
      due: day(11, 30),
      amount: 5_000,
      fees: 1_000,
      interest: 0,
      principal: 4_000,
      allocation: [("A2", 5_000)]
    ),
    Agreement.Installment(
      n: 1,
      due: day(12, 30),
      amount: 10_050,
      fees: 0,
      interest: 50,
      principal: 10_000,
      allocation: [("A2", 3_000), ("A1", 7_050)]
    ),
  ]

  @Test(arguments: JournalEngine.available)
  func aDebtorAgreementRoundTripsWithItsAllocation(engine: JournalEngine) throws {
    let path = try engine.freshLocation()
    let written = try Journal(location: path).addAgreement(
      account: "D1",
      debtor: true,
      accounts: ["A2", "A1"],
      balance: 20_000,
      forgiven: 4_950,
      installments: Self.schedule,
      terms: "installments 1 down 5000",
      stamp: Self.stamp
    )
    let read = try Journal(location: path).agreements()
    #expect(read == [written])
    let a = try #require(read.first)
    #expect(a.entry.kind == .agreement)
    #expect(a.entry.account == "D1")
    #expect(a.entry.amount == 15_050)
    #expect(a.entry.due == Self.day(12, 30))
    #expect(a.entry.note == "installments 1 down 5000")
    #expect(a.debtor == "D1")
    #expect(a.accounts == ["A2", "A1"])
    #expect(a.total == 15_050)
    #expect(a.installments[1].allocation.map(\.account) == ["A2", "A1"])
    #expect(a.installments[1].allocation.map(\.amount) == [3_000, 7_050])
  }

  @Test(arguments: JournalEngine.available)
  func cancellingAnAgreementMarksItAndKeepsItsSchedule(engine: JournalEngine) throws {
    let j = try engine.fresh()
    try j.addPromise(account: "A1", amount: 100, due: Self.day(12, 1), stamp: Self.stamp)
    let a = try j.addAgreement(
      account: "A1",
      debtor: false,
      accounts: ["A1"],
      balance: 15_050,
      forgiven: 0,
      installments: Self.schedule,
      terms: "installments 1",
      stamp: Self.stamp
    )
    #expect(a.entry.id == 2)
    try j.cancel(2, reason: "wrong plan", stamp: Self.stamp)
    let read = try j.agreements()
    #expect(read.count == 1)
    #expect(read[0].entry.cancelledBy == 3)
    #expect(read[0].installments.count == 2)
    #expect(read[0].debtor == nil)
    #expect(throws: JournalError.alreadyCancelled(2, by: 3)) {
      try j.cancel(2, reason: "again", stamp: Self.stamp)
    }
  }

  @Test(arguments: JournalEngine.available)
  func aScratchCopyCutBeforeAnAgreementLeavesNoTraceOfIt(engine: JournalEngine) throws {
    let path = try engine.freshLocation()
    let j = try Journal(location: path)
    try j.addPromise(account: "A1", amount: 100, due: Self.day(12, 1), stamp: Self.stamp)
    for _ in 0..<2 {
      try j.addAgreement(
        account: "D1",
        debtor: true,
        accounts: ["A2", "A1"],
        balance: 20_000,
        forgiven: 0,
        installments: Self.schedule,
        terms: "installments 1",
        stamp: Self.stamp
      )
    }
    let cut = try Journal(scratchCopyOf: path, lastEntry: 2)
    #expect(try cut.entries().map(\.id) == [1, 2])
    #expect(try cut.agreements().map(\.entry.id) == [2])
    #expect(try cut.integrityCheck() == ["ok"])
    let whole = try Journal(scratchCopyOf: path)
    #expect(try whole.agreements().map(\.entry.id) == [2, 3])
  }
}
