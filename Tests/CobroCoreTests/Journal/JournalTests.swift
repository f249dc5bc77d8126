import CobroCore
import CobroJournal
import CobroPortfolio
import Foundation
import GRDB
import Testing

/// The journal file: persistence, cancellation, refusal of foreign files, concurrent writers.
///
/// The tests that take an engine run on SQLite and on PostgreSQL (``JournalEngine``).
@Suite struct JournalTests {
  static let stamp = JournalStamp(
    collector: "ana",
    day: Day(raw: Day.daysFromCivil(2026, 11, 30)),
    at: "2026-11-30 10:00"
  )

  /// A fresh folder for one test.
  static func folder() throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-journal-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  static let dec5 = Day(raw: Day.daysFromCivil(2026, 12, 5))

  @Test(arguments: JournalEngine.available)
  func entriesPersistAcrossTwoJournalInstances(engine: JournalEngine) throws {
    let path = try engine.freshLocation()
    do {
      let j = try Journal(location: path)
      try j.addPromise(
        account: "A1",
        amount: 15_000_000,
        due: Self.dec5,
        channel: "call",
        note: "payday",
        stamp: Self.stamp
      )
      try j.addContact(account: "A2", channel: "sms", result: .voicemail, stamp: Self.stamp)
    }
    let again = try Journal(location: path)
    let entries = try again.entries()
    #expect(entries.map(\.id) == [1, 2])
    #expect(entries[0].kind == .promise)
    #expect(entries[0].amount == 15_000_000)
    #expect(entries[0].due == Self.dec5)
    #expect(entries[0].channel == "call")
    #expect(entries[0].note == "payday")
    #expect(entries[0].collector == "ana")
    #expect(entries[0].recordedOn == Self.stamp.day)
    #expect(entries[0].recordedAt == "2026-11-30 10:00")
    #expect(entries[1].result == .voicemail)
    #expect(try again.entries(account: "A2").map(\.id) == [2])
    #expect(try again.integrityCheck() == ["ok"])
  }

  @Test(arguments: JournalEngine.available)
  func theSameWritesGiveTheSameIds(engine: JournalEngine) throws {
    func run() throws -> [JournalEntry] {
      let j = try engine.fresh()
      try j.addPromise(account: "A1", amount: 100, due: Self.dec5, stamp: Self.stamp)
      try j.addContact(account: "A1", channel: "call", result: .promise, stamp: Self.stamp)
      try j.cancel(1, reason: "wrong amount", stamp: Self.stamp)
      return try j.entries()
    }
    #expect(try run() == run())
  }

  @Test(arguments: JournalEngine.available)
  func cancellationKeepsBothEntries(engine: JournalEngine) throws {
    let j = try engine.fresh()
    try j.addPromise(account: "A1", amount: 100, due: Self.dec5, stamp: Self.stamp)
    let c = try j.cancel(1, reason: "wrong account", stamp: Self.stamp)
    #expect(c.id == 2)
    let entries = try j.entries()
    #expect(entries.count == 2)
    #expect(entries[0].cancelledBy == 2)
    #expect(entries[0].amount == 100)
    #expect(entries[1].kind == .cancel)
    #expect(entries[1].cancels == 1)
    #expect(entries[1].note == "wrong account")
    #expect(entries[1].account == "A1")
    #expect(throws: JournalError.alreadyCancelled(1, by: 2)) {
      try j.cancel(1, reason: "again", stamp: Self.stamp)
    }
    #expect(throws: JournalError.cannotCancelCancellation(2)) {
      try j.cancel(2, reason: "undo", stamp: Self.stamp)
    }
    #expect(throws: JournalError.noSuchEntry(9)) {
      try j.cancel(9, reason: "none", stamp: Self.stamp)
    }
    #expect(try j.entries().count == 2)
  }

  @Test func anEmptyFileBecomesAJournal() throws {
    let path = try Self.folder() + "/cobro.db"
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    try Journal(path: path).addPromise(account: "A1", amount: 1, due: Self.dec5, stamp: Self.stamp)
    #expect(try Journal(path: path).entries().count == 1)
  }

  @Test func aTextFileIsRefusedAndLeftByteIdentical() throws {
    let path = try Self.folder() + "/notes.db"
    let bytes = Data("account_id,balance\nA1,100.00\n".utf8)
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(throws: JournalError.notAJournal(path: path, reason: "it is not an SQLite database")) {
      try Journal(path: path)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }

  @Test func anotherProgramsDatabaseIsRefusedAndLeftByteIdentical() throws {
    let folder = try Self.folder()
    let path = folder + "/other.db"
    do {
      let q = try DatabaseQueue(path: path)
      try q.write { db in
        try db.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)")
      }
      try q.close()
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: JournalError.self) { try Journal(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
  }

  @Test func aDamagedJournalIsRefusedAndLeftByteIdentical() throws {
    let path = try Self.folder() + "/cobro.db"
    do {
      let j = try Journal(path: path)
      for i in 0..<200 {
        try j.addContact(
          account: "A\(i)",
          channel: "call",
          result: .noAnswer,
          note: String(repeating: "x", count: 200),
          stamp: Self.stamp
        )
      }
    }
    // Keep the header, scribble over the pages after the first.
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try #require(bytes.count > 8192)
    for i in 4096..<bytes.count where i % 7 == 0 { bytes[i] = 0xA5 }
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(throws: JournalError.self) { try Journal(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }

  @Test(arguments: JournalEngine.available)
  func twoWritersOnOneFileBothSucceed(engine: JournalEngine) throws {
    let path = try engine.freshLocation()
    let a = try Journal(location: path)
    let b = try Journal(location: path)
    let perWriter = 50
    DispatchQueue.concurrentPerform(iterations: 2) { w in
      let j = w == 0 ? a : b
      for i in 0..<perWriter {
        _ = try? j.addContact(
          account: "W\(w)-\(i)",
          channel: "call",
          result: .noAnswer,
          stamp: Self.stamp
        )
      }
    }
    let entries = try Journal(location: path).entries()
    #expect(entries.count == 2 * perWriter)
    #expect(entries.map(\.id) == Array(1...Int64(2 * perWriter)))
    #expect(entries.filter { $0.account.hasPrefix("W0-") }.count == perWriter)
  }

  @Test func anInMemoryJournalLeavesNoFile() throws {
    let j = try Journal()
    try j.addPromise(account: "A1", amount: 100, due: Self.dec5, stamp: Self.stamp)
    #expect(j.path == nil)
    #expect(try j.entries().count == 1)
  }

  @Test func aJournalOfANewerCobroIsRefusedAndLeftByteIdentical() throws {
    let path = try Self.folder() + "/cobro.db"
    do {
      let j = try Journal(path: path)
      try j.addPromise(account: "A1", amount: 100, due: Self.dec5, stamp: Self.stamp)
    }
    do {
      let q = try DatabaseQueue(path: path)
      try q.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
      }
      try q.close()
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: JournalError.newerSchema(path: path)) { try Journal(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  /// The environment variable that turns `writerUntilKilled` on, naming its journal.
  static let writerVariable = "COBRO_JOURNAL_TEST_WRITER"

  /// Not a check: the child process of the SIGKILL test, writing entries until it is killed and
  /// printing each committed id.
  @Test(.enabled(if: ProcessInfo.processInfo.environment[writerVariable] != nil))
  func writerUntilKilled() throws {
    let path = try #require(ProcessInfo.processInfo.environment[Self.writerVariable])
    let j = try Journal(location: path)
    for i in 0..<1_000_000 {
      let e = try j.addContact(
        account: "K\(i)",
        channel: "call",
        result: .noAnswer,
        note: "written before the kill",
        stamp: Self.stamp
      )
      FileHandle.standardOutput.write(Data("committed \(e.id)\n".utf8))
    }
  }

  @Test(arguments: JournalEngine.available)
  func aWriterKilledMidWayLeavesASoundJournalWithEveryCommittedEntry(engine: JournalEngine) throws {
    let path = try engine.freshLocation()
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["--testing-library", "swift-testing", "--filter", "writerUntilKilled"]
    child.environment = ProcessInfo.processInfo.environment.merging([Self.writerVariable: path]) {
      $1
    }
    let pipe = Pipe()
    child.standardOutput = pipe
    child.standardError = FileHandle.nullDevice
    try child.run()
    var committed: [Int64] = []
    var pending = ""
    while committed.count < 40 {
      let data = pipe.fileHandleForReading.availableData
      if data.isEmpty { break }  // the child ended on its own: the checks below fail
      pending += String(decoding: data, as: UTF8.self)
      while let newline = pending.firstIndex(of: "\n") {
        let line = pending[..<newline]
        if line.hasPrefix("committed "), let id = Int64(line.dropFirst("committed ".count)) {
          committed.append(id)
        }
        pending = String(pending[pending.index(after: newline)...])
      }
    }
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    #expect(child.terminationReason == .uncaughtSignal)
    try #require(committed.count >= 40)
    let j = try Journal(location: path)
    #expect(try j.integrityCheck() == ["ok"])
    let ids = Set(try j.entries().map(\.id))
    #expect(committed.allSatisfy { ids.contains($0) })
    // The journal still takes writes after the crash.
    let next = try j.addContact(
      account: "after",
      channel: "sms",
      result: .refused,
      stamp: Self.stamp
    )
    #expect(next.id == (ids.max() ?? 0) + 1)
  }
}
