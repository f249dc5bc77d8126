import CobroCore
import CobroDiagnostics
import CobroJournal
import CobroShell
import Foundation
import Testing

/// The scratch copies `cobro test` replays transcripts against: the file is read, never written.
@Suite struct JournalScratchCopyTests {
  static let stamp = JournalTests.stamp
  static let dec5 = JournalTests.dec5

  /// The bytes of a journal file and of its write-ahead log (a reader may leave an empty log
  /// where there was none: that is SQLite's way of reading a WAL database, not a write).
  static func bytes(_ path: String) -> [Data] {
    [path, path + "-wal"].map { (try? Data(contentsOf: URL(fileURLWithPath: $0))) ?? Data() }
  }

  /// A journal file with three entries (a promise, a contact, a promise).
  static func threeEntries() throws -> String {
    let path = try JournalTests.folder() + "/cobro.db"
    let j = try Journal(path: path)
    try j.addPromise(account: "A1", amount: 10_000, due: dec5, stamp: stamp)
    try j.addContact(account: "A2", channel: "sms", result: .voicemail, stamp: stamp)
    try j.addPromise(account: "A3", amount: 20_000, due: dec5, stamp: stamp)
    return path
  }

  @Test func aCopyHasEveryEntryAndItsWritesNeverReachTheFile() throws {
    let path = try Self.threeEntries()
    let before = Self.bytes(path)
    let copy = try Journal(scratchCopyOf: path)
    #expect(copy.path == nil)
    #expect(try copy.entries().map(\.account) == ["A1", "A2", "A3"])
    let written = try copy.addPromise(account: "A4", amount: 1, due: Self.dec5, stamp: Self.stamp)
    #expect(written.id == 4)
    try copy.cancel(1, reason: "test", stamp: Self.stamp)
    #expect(try copy.lastEntryID() == 5)
    #expect(Self.bytes(path) == before)
    #expect(try Journal(path: path).lastEntryID() == 3)
  }

  @Test func aCopyCutBackToAPinnedEntryForgetsLaterWrites() throws {
    let path = try Self.threeEntries()
    let copy = try Journal(scratchCopyOf: path, lastEntry: 1)
    #expect(try copy.entries().map(\.id) == [1])
    // The ids a replay writes are the ones the recording wrote.
    #expect(
      try copy.addContact(account: "A9", channel: "call", result: .refused, stamp: Self.stamp).id
        == 2
    )
  }

  @Test func aMissingFileGivesAnEmptyCopyAndStaysMissing() throws {
    let path = try JournalTests.folder() + "/none.db"
    let copy = try Journal(scratchCopyOf: path)
    #expect(try copy.entries().isEmpty)
    try copy.addPromise(account: "A1", amount: 1, due: Self.dec5, stamp: Self.stamp)
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func aForeignFileIsRefusedAsTheJournalItselfWouldBe() throws {
    let path = try JournalTests.folder() + "/notes.db"
    let bytes = Data("account_id,balance\n".utf8)
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(throws: JournalError.notAJournal(path: path, reason: "it is not an SQLite database")) {
      try Journal(scratchCopyOf: path)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }

  @Test func aSessionInScratchModeReadsTheFileAndLeavesIt() throws {
    let path = try Self.threeEntries()
    let before = Self.bytes(path)
    let (session, out, err) = try JournalCommandsTests.session()
    session.journalPath = nil
    session.journalsAreScratchCopies = true
    let source = SourceFile(
      name: "t.cobro",
      text: "journal \"\(path)\" entries 2\njournal\ncontact A2 via call result refused\n"
    )
    #expect(session.run(source).errors == 0, "\(err.take())")
    let listed = out.take()
    #expect(listed.contains("A1") && listed.contains("A2") && !listed.contains("A3"))
    #expect(err.take().contains("entry 3: A2"))
    #expect(Self.bytes(path) == before)
  }

  @Test func aRealJournalThatGrewSincePinnedIsWarnedAbout() throws {
    let path = try Self.threeEntries()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: Self.stamp.day), out: BufferSink(), err: err)
    let source = SourceFile(name: "t.cobro", text: "journal \"\(path)\" entries 1\njournal\n")
    #expect(session.run(source).errors == 0)
    #expect(err.take().contains("has 2 entries written since it was pinned (entries 1)"))
  }

  @Test func aBadEntriesCountIsALocatedError() throws {
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: Self.stamp.day), out: BufferSink(), err: err)
    let source = SourceFile(name: "t.cobro", text: "journal j.db entries many\n")
    #expect(session.run(source).errors == 1)
    #expect(err.take().contains("t.cobro:1:22: error: expected a number of entries, found 'many'"))
  }
}
