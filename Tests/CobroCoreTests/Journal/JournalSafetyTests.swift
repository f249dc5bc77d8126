import CobroCore
import CobroJournal
import Foundation
import GRDB
import Synchronization
import Testing

/// Creating a journal is atomic and private, an interrupted write is rolled back, a read-only
/// journal is read, and every failure names the file.
@Suite struct JournalSafetyTests {
  static let stamp = JournalTests.stamp
  static let dec5 = JournalTests.dec5

  /// The permission bits of a file.
  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  @Test func aNewJournalIsReadableByItsOwnerOnly() throws {
    let path = try JournalTests.folder() + "/cobro.db"
    let j = try Journal(path: path)
    try j.addPromise(account: "A1", amount: 1, due: Self.dec5, stamp: Self.stamp)
    #expect(try Self.mode(path) == 0o600)
    for side in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + side) {
      #expect(try Self.mode(path + side) == 0o600)
    }
  }

  /// What an earlier cobro killed while creating a journal left becomes a journal.
  ///
  /// That is an SQLite file with an empty `grdb_migrations` table and nothing else: it holds
  /// nothing to lose.
  @Test func aBlankLeftoverOfAnInterruptedCreationBecomesAJournal() throws {
    let path = try JournalTests.folder() + "/cobro.db"
    do {
      let q = try DatabaseQueue(path: path)
      try q.write { db in
        try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
      }
      try q.close()
    }
    let j = try Journal(path: path)
    try j.addPromise(account: "A1", amount: 1, due: Self.dec5, stamp: Self.stamp)
    #expect(try Journal(path: path).entries().map(\.id) == [1])
  }

  /// The file and its rollback journal as a process killed in the middle of a transaction
  /// leaves them ("hot"): copied while the transaction is open, with pages already written to
  /// the database file.
  static func hotCopy(into folder: String, body: (Database) throws -> Void) throws -> String {
    let source = try JournalTests.folder() + "/cobro.db"
    let target = folder + "/cobro.db"
    let q = try DatabaseQueue(path: source)
    try q.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA cache_size = 1")
      try db.inTransaction(.exclusive) {
        try body(db)
        // Enough rows to spill the tiny cache into the database file before the commit.
        try db.execute(sql: "CREATE TABLE filler (x)")
        for i in 0..<2000 {
          try db.execute(
            sql: "INSERT INTO filler VALUES (?)",
            arguments: [String(repeating: "x", count: 200) + "\(i)"]
          )
        }
        try FileManager.default.copyItem(atPath: source, toPath: target)
        try FileManager.default.copyItem(atPath: source + "-journal", toPath: target + "-journal")
        return .rollback
      }
    }
    try q.close()
    return target
  }

  @Test func aHotRollbackJournalOfAnInterruptedCreationIsRolledBack() throws {
    let folder = try JournalTests.folder()
    let path = try Self.hotCopy(into: folder) { db in
      try db.execute(sql: "PRAGMA application_id = \(Journal.applicationID)")
      try db.execute(sql: "CREATE TABLE entry (id INTEGER PRIMARY KEY)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count > 0)
    let j = try Journal(path: path)
    try j.addPromise(account: "A1", amount: 1, due: Self.dec5, stamp: Self.stamp)
    #expect(try Journal(path: path).entries().map(\.id) == [1])
    #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
  }

  @Test func aHotRollbackJournalOfAnExistingJournalKeepsItsCommittedEntries() throws {
    let folder = try JournalTests.folder()
    let original = folder + "/original.db"
    try Journal(path: original).addPromise(
      account: "A1",
      amount: 1,
      due: Self.dec5,
      stamp: Self.stamp
    )
    // Back to rollback mode, as a journal written by a cobro without WAL would be.
    do {
      let q = try DatabaseQueue(path: original)
      try q.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
      try q.close()
    }
    let source = try JournalTests.folder()
    try FileManager.default.copyItem(atPath: original, toPath: source + "/seed.db")
    let q = try DatabaseQueue(path: source + "/seed.db")
    let path = folder + "/cobro.db"
    try q.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA cache_size = 1")
      try db.inTransaction(.exclusive) {
        for i in 0..<2000 {
          try db.execute(
            sql: """
              INSERT INTO entry (kind, account, collector, recorded_on, recorded_at)
              VALUES ('contact', ?, 'ana', '2026-11-30', '2026-11-30 10:00')
              """,
            arguments: [String(repeating: "uncommitted", count: 20) + "\(i)"]
          )
        }
        try FileManager.default.copyItem(atPath: source + "/seed.db", toPath: path)
        try FileManager.default.copyItem(
          atPath: source + "/seed.db-journal",
          toPath: path + "-journal"
        )
        return .rollback
      }
    }
    try q.close()
    let j = try Journal(path: path)
    #expect(try j.entries().map(\.id) == [1])
    #expect(try j.integrityCheck() == ["ok"])
  }

  @Test func aReadOnlyJournalIsReadAndRefusesWritesNamingTheFile() throws {
    let path = try JournalTests.folder() + "/cobro.db"
    try Journal(path: path).addPromise(account: "A1", amount: 1, due: Self.dec5, stamp: Self.stamp)
    try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
    let j = try Journal(path: path)
    #expect(j.readOnly)
    #expect(try j.entries().map(\.account) == ["A1"])
    #expect(throws: JournalError.readOnly(path: path)) {
      try j.addPromise(account: "A2", amount: 1, due: Self.dec5, stamp: Self.stamp)
    }
    #expect(JournalError.readOnly(path: path).description.contains("'\(path)'"))
    #expect(try Journal(path: path).entries().count == 1)
  }

  @Test func aMissingFolderIsACleanErrorNamingTheFile() throws {
    let path = try JournalTests.folder() + "/missing/cobro.db"
    #expect(throws: JournalError.cannotCreate(path: path, reason: "No such file or directory")) {
      try Journal(path: path)
    }
  }

  /// Every SQLite failure becomes a sentence that names the journal's file.
  @Test func sqliteErrorsNameTheFile() {
    let path = "cartera/cobro.db"
    let codes: [ResultCode] = [
      .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_READONLY, .SQLITE_FULL, .SQLITE_CORRUPT,
      .SQLITE_NOTADB, .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_ERROR,
    ]
    for code in codes {
      let e = JournalError(DatabaseError(resultCode: code, message: "boom"), path: path)
      #expect(e.description.contains("'\(path)'"), "\(code): \(e)")
    }
    #expect(
      JournalError(DatabaseError(resultCode: .SQLITE_BUSY), path: path)
        == .busy(path: path)
    )
  }

  /// Journals opened at once on a file that does not exist: one creates it, the others wait,
  /// and every write lands.
  @Test func journalsOpenedAtOnceOnANewFileKeepEveryWrite() throws {
    let path = try JournalTests.folder() + "/cobro.db"
    let writers = 6
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: writers) { w in
      do {
        let j = try Journal(path: path)
        for i in 0..<5 {
          try j.addContact(
            account: "W\(w)-\(i)",
            channel: "call",
            result: .noAnswer,
            stamp: Self.stamp
          )
        }
      } catch {
        failures.withLock { $0.append("\(error)") }
      }
    }
    #expect(failures.withLock { $0 } == [])
    #expect(try Journal(path: path).entries().map(\.id) == Array(1...Int64(writers * 5)))
  }
}
