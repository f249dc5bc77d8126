import CobroCore
import CobroPortfolio
import CobroShell
import Foundation
import Testing

@testable import CobroContact
@testable import CobroJournal

/// Why a contact was allowed (``ContactBasis``), kept by every engine with its entry.
@Suite struct JournalContactBasisTests {
  static let stamp = JournalTests.stamp

  @Test(arguments: JournalEngine.available)
  func theBasisIsWrittenWithItsEntryAndReadBack(engine: JournalEngine) throws {
    let j = try engine.fresh()
    let call = try j.addContact(
      account: "A1",
      channel: "call",
      result: .rightParty,
      stamp: Self.stamp
    )
    let inbound = try j.addContact(
      account: "A1",
      channel: "sms",
      result: .rightParty,
      note: "llamó",
      basis: .inbound,
      during: nil,
      stamp: Self.stamp
    )
    let requested = try j.addContact(
      account: "A1",
      channel: "whatsapp",
      result: .rightParty,
      note: nil,
      basis: .requested,
      during: call.id,
      debtor: "D1",
      stamp: Self.stamp
    )
    let entries = try j.entries()
    #expect(entries.map(\.basis) == [nil, .inbound, .requested])
    #expect(entries.map(\.during) == [nil, nil, call.id])
    #expect(entries.map(\.note) == [nil, "[inbound] llamó", "[requested in entry \(call.id)]"])
    #expect(entries[1] == inbound)
    #expect(entries[2] == requested)
  }

  // The check runs inside the write's transaction: what it finds there is what is written.
  @Test(arguments: JournalEngine.available)
  func aRequestedContactBelongsToTheContactFoundInsideTheTransaction(engine: JournalEngine)
    throws
  {
    let j = try engine.fresh()
    let refused = try j.addContact(
      account: "A1",
      channel: "whatsapp",
      result: .rightParty,
      basis: .requested,
      debtor: "D1",
      stamp: Self.stamp
    ) { contacts in contacts.isEmpty ? .refused : .allowed(during: contacts.last?.id) }
    #expect(refused == nil)
    #expect(try j.entries().isEmpty)
    let call = try j.addContact(account: "A1", channel: "call", result: .promise, stamp: Self.stamp)
    var seen: [Int64] = []
    let written = try j.addContact(
      account: "A1",
      channel: "whatsapp",
      result: .rightParty,
      note: "resumen",
      basis: .requested,
      debtor: "D1",
      stamp: Self.stamp
    ) { contacts in
      seen = contacts.map(\.id)
      return .allowed(during: contacts.last?.id)
    }
    #expect(seen == [call.id])
    #expect(written?.during == call.id)
    #expect(try j.entries().last?.note == "[requested in entry \(call.id)] resumen")
    #expect(try j.entries().last?.basis == .requested)
  }

  @Test(arguments: JournalEngine.available)
  func aCopyKeepsEveryBasisAndItsDigestTellsThemApart(engine: JournalEngine) throws {
    let source = try Journal(location: try JournalEngine.sqlite.freshLocation())
    let call = try source.addContact(
      account: "A1",
      channel: "call",
      result: .rightParty,
      stamp: Self.stamp
    )
    try source.addContact(
      account: "A1",
      channel: "sms",
      result: .rightParty,
      note: nil,
      basis: .inbound,
      during: nil,
      stamp: Self.stamp
    )
    try source.addContact(
      account: "A1",
      channel: "whatsapp",
      result: .rightParty,
      note: nil,
      basis: .requested,
      during: call.id,
      stamp: Self.stamp
    )
    let target = try Journal(location: try engine.freshLocation())
    let report = try source.copy(to: target, replace: false)
    #expect(report.entries == 3)
    #expect(try target.entries() == source.entries())
    // The same entries without their bases digest differently.
    let bare = try source.entries().map { e in
      var e = e
      e.basis = nil
      e.during = nil
      return e
    }
    #expect(Journal.digest(entries: bare, agreements: []) != report.digest)
    // A basis's rows go with their entries when a copy replaces them.
    let other = try Journal(location: try engine.freshLocation())
    try other.addContact(account: "B", channel: "call", result: .refused, stamp: Self.stamp)
    _ = try other.copy(to: target, replace: true)
    #expect(try target.entries().map(\.basis) == [nil])
  }

  // The rules skip a requested message on every engine: the engine gives the basis back.
  @Test(arguments: JournalEngine.available)
  func theRulesSkipRequestedContactsOnEveryEngine(engine: JournalEngine) throws {
    let t = try ContactCommandsTests.session()
    t.session.journalPath = try engine.freshLocation()
    #expect(t.run("contact A1 via call result promise").ok)
    let r = t.run("contact A1 via whatsapp result right_party requested")
    #expect(r.ok, "\(r.err)")
    let entries = try t.session.journalEntries()
    #expect(entries.last?.basis == .requested)
    #expect(entries.last?.during == entries.first?.id)
    #expect(try t.session.contactRules().log(debtor: "D1").map(\.entry) == [entries[0].id])
    // An inbound contact is written with no rule checked (20:00 is after hours) and counts.
    t.session.settings.atMinutes = 20 * 60
    let inbound = t.run("contact A2 via sms result right_party inbound")
    #expect(inbound.ok, "\(inbound.err)")
    let ids = try t.session.journalEntries().map(\.id)
    #expect(try t.session.contactRules().log(debtor: "D1").map(\.entry) == [ids[0], ids[2]])
  }
}
