import CobroPortfolio
import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#endif

/// The journal in SQLite: a file beside the portfolio (WAL mode, a busy timeout) or memory.
///
/// Ids count up from 1 in the order entries are written: each write is one immediate
/// transaction, which SQLite runs one at a time, so the id (the newest plus one), the contact
/// rules' check and the entry are decided together.
final class SQLiteJournalStore: JournalStore {
  /// The file, or `nil` for an in-memory journal.
  let path: String?
  /// Whether the file cannot be written by this process: entries can be read, a write fails
  /// with `JournalError.readOnly`.
  let readOnly: Bool
  let writer: any DatabaseWriter

  /// Opens the journal at `path`, creating it (and its schema) when the file does not exist.
  ///
  /// A write that a crash interrupted is rolled back first (SQLite's hot journal). A file that
  /// exists is then checked without writing: a file that is not SQLite, an SQLite database of
  /// another program, a corrupt journal or a journal of a newer cobro is refused with
  /// `JournalError` and left as it was. An older journal is migrated. A new journal is created
  /// 0600 with its whole schema in one transaction, so a kill at any instant leaves no journal or
  /// a working one, and processes opening a new journal at once wait for each other. A journal
  /// this process cannot write is opened read-only: it can be read, and a write says why not.
  init(path: String) throws(JournalError) {
    self.path = path
    let deadline = Date().addingTimeInterval(Journal.busyTimeout)
    while true {
      do {
        let (writer, readOnly) = try SQLiteJournalStore.connect(path: path)
        self.writer = writer
        self.readOnly = readOnly
        return
      } catch {
        let e = JournalError(error, path: path)
        // Another process is creating, migrating or recovering the journal: wait for it.
        guard e == .busy(path: path), Date() < deadline else { throw e }
        usleep(20_000)
      }
    }
  }

  /// Recovers, checks, creates and migrates the journal at `path`, and opens it.
  private static func connect(path: String) throws -> (any DatabaseWriter, readOnly: Bool) {
    try recoverInterruptedWrite(path: path)
    if try !check(path: path) {
      try create(path: path)
    }
    if isReadOnly(path) { return (try openReadOnly(path: path), true) }
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: path, configuration: configuration())
    } catch let e as DatabaseError
      where e.resultCode == .SQLITE_READONLY || e.resultCode == .SQLITE_CANTOPEN
    {
      // The file is writable but its folder is not (no room for the write-ahead log).
      return (try openReadOnly(path: path), true)
    }
    do {
      try migrator.migrate(pool)
    } catch {
      // Another process may have migrated it at the same time: its migration won.
      guard try pool.read({ db in try migrator.hasCompletedMigrations(db) }) else { throw error }
    }
    return (pool, false)
  }

  /// Whether the journal's file must not be written: this process may not write it, or it has
  /// no write permission at all (made read-only on purpose, even for the superuser).
  static func isReadOnly(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }
    return access(path, W_OK) != 0 || info.st_mode & 0o222 == 0
  }

  /// A read-only connection to an existing journal, which must have every migration already.
  private static func openReadOnly(path: String) throws -> DatabaseQueue {
    let queue = try readOnlyQueue(path: path)
    try queue.read { db in
      guard try migrator.hasCompletedMigrations(db) else {
        throw JournalError.sqlite(
          path: path,
          message: "it is read-only and from an older cobro; make it writable once to upgrade it"
        )
      }
    }
    return queue
  }

  /// A connection that reads the SQLite file at `path` and never writes it.
  ///
  /// In a folder that cannot be written, SQLite cannot make the shared-memory file it needs to
  /// read a database in WAL mode; the file is then read from a private copy, in memory.
  static func readOnlyQueue(path: String) throws -> DatabaseQueue {
    do {
      let queue = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
      try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
      return queue
    } catch let e as DatabaseError
      where e.resultCode == .SQLITE_READONLY || e.resultCode == .SQLITE_CANTOPEN
    {
      guard access(Paths.directory(of: path), W_OK) != 0 else { throw e }
      return try memoryCopy(of: path)
    }
  }

  /// The journal at `path` (with its write-ahead log, if any) copied into memory through a
  /// private temporary copy, which is removed at once.
  private static func memoryCopy(of path: String) throws -> DatabaseQueue {
    let fm = FileManager.default
    let folder = fm.temporaryDirectory.appendingPathComponent("cobro-journal-\(UUID().uuidString)")
    try fm.createDirectory(
      at: folder,
      withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700]
    )
    defer { try? fm.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("cobro.db").path
    for suffix in ["", "-wal"] where suffix.isEmpty || fm.fileExists(atPath: path + suffix) {
      try fm.copyItem(atPath: path + suffix, toPath: copy + suffix)
      try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy + suffix)
    }
    let source = try DatabaseQueue(path: copy, configuration: configuration())
    let memory = try DatabaseQueue(configuration: configuration())
    try source.backup(to: memory)
    try source.close()
    return memory
  }

  /// Rolls back a write that a crash interrupted, when the file has a hot rollback journal
  /// (`PATH-journal`) beside it.
  ///
  /// SQLite does this on the first read of a connection that may write; a read-only check
  /// would instead fail with "attempt to write a readonly database" for as long as the
  /// rollback journal stays.
  static func recoverInterruptedWrite(path: String) throws {
    guard FileManager.default.fileExists(atPath: path + "-journal"),
      let handle = FileHandle(forReadingAtPath: path)
    else { return }
    let magic = (try? handle.read(upToCount: 16)) ?? Data()
    try? handle.close()
    // Only an SQLite file is SQLite's to recover (`check` refuses anything else untouched); a
    // new one killed before its first page was written starts with zeros.
    guard magic == Data("SQLite format 3\0".utf8) || magic.allSatisfy({ $0 == 0 }) else {
      return
    }
    guard !isReadOnly(path), access(Paths.directory(of: path), W_OK) == 0 else {
      throw JournalError.sqlite(
        path: path,
        message: "a write was interrupted ('\(path)-journal' is left) and cannot be rolled back "
          + "because the journal or its folder is read-only"
      )
    }
    let queue = try DatabaseQueue(path: path, configuration: configuration())
    defer { try? queue.close() }
    try queue.writeWithoutTransaction { db in
      _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
    }
  }

  /// Creates the journal at `path`: the file 0600, then the application id, every table and
  /// the record of the migrations in one exclusive transaction.
  ///
  /// When another process got there first (its transaction is waited for), the journal it made
  /// is kept as it is.
  static func create(path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if fd >= 0 {
      close(fd)
    } else if errno != EEXIST {
      throw JournalError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
    }
    let queue = try DatabaseQueue(path: path, configuration: configuration())
    defer { try? queue.close() }
    try queue.writeWithoutTransaction { db in
      try db.inTransaction(.exclusive) {
        guard try isBlank(db) else { return .commit }
        try db.execute(sql: "DROP TABLE IF EXISTS grdb_migrations")
        for (_, migration) in migrations { try migration(db) }
        try db.execute(
          sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)"
        )
        for (identifier, _) in migrations {
          try db.execute(
            sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)",
            arguments: [identifier]
          )
        }
        return .commit
      }
    }
  }

  /// Whether the database holds nothing: no application id and no table but an empty
  /// `grdb_migrations` (what an earlier cobro killed while creating a journal left).
  static func isBlank(_ db: Database) throws -> Bool {
    guard try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0 == 0 else { return false }
    let names = try String.fetchAll(
      db,
      sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    )
    if names.isEmpty { return true }
    guard names == ["grdb_migrations"] else { return false }
    return try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0
  }

  /// A journal that lives in memory only (the demo portfolio, tests).
  init() throws(JournalError) {
    path = nil
    readOnly = false
    do {
      let queue = try DatabaseQueue(configuration: SQLiteJournalStore.configuration())
      try SQLiteJournalStore.migrator.migrate(queue)
      writer = queue
    } catch {
      throw JournalError(error, path: ":memory:")
    }
  }

  /// An in-memory copy of the journal at `path`, for `cobro test`: the copy is written to,
  /// the file never.
  ///
  /// The file is checked as `init(path:)` checks it (a foreign, corrupt or newer file is
  /// refused) and read once through SQLite's backup, which sees every committed transaction,
  /// the write-ahead log's included. A missing or empty file gives an empty journal.
  ///
  /// - Parameter lastEntry: when given, the copy keeps only the entries up to that id (the
  ///   journal as a recording saw it), whatever was written to the file since.
  init(scratchCopyOf path: String, lastEntry: Int64? = nil) throws(JournalError) {
    self.path = nil
    readOnly = false
    do {
      let queue = try DatabaseQueue(configuration: SQLiteJournalStore.configuration())
      if try SQLiteJournalStore.check(path: path) {
        let source = try SQLiteJournalStore.readOnlyQueue(path: path)
        try source.backup(to: queue)
        try source.close()
      }
      try SQLiteJournalStore.migrator.migrate(queue)
      if let lastEntry {
        try queue.write { db in
          try db.execute(sql: "DELETE FROM entry WHERE id > ?", arguments: [lastEntry])
        }
      }
      writer = queue
    } catch {
      throw JournalError(error, path: path)
    }
  }

  // MARK: - Schema

  /// The versioned schema, oldest first.
  ///
  /// One migration per released change, never edited once released. A new journal gets them
  /// all in one transaction; an older one the missing ones.
  static let migrations: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = [
    ("v1", createEntryTable),
    ("v2", createAgreementTables),
    ("v3", createContactBasisTable),
  ]

  /// The migrator of an existing journal, from `migrations`.
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    for (identifier, migrate) in migrations {
      m.registerMigration(identifier, migrate: migrate)
    }
    return m
  }

  /// Schema v1: the application id and the `entry` table.
  @Sendable static func createEntryTable(_ db: Database) throws {
    try db.execute(sql: "PRAGMA application_id = \(Journal.applicationID)")
    try db.create(table: "entry") { t in
      t.column("id", .integer).primaryKey()
      t.column("kind", .text).notNull()
      t.column("account", .text).notNull()
      t.column("amount", .integer)
      t.column("due", .text)
      t.column("channel", .text)
      t.column("result", .text)
      t.column("note", .text)
      t.column("cancels", .integer).references("entry").unique()
      t.column("collector", .text).notNull()
      t.column("recorded_on", .text).notNull()
      t.column("recorded_at", .text).notNull()
    }
    try db.create(index: "entry_account", on: "entry", columns: ["account"])
  }

  /// The connection settings: a busy timeout, foreign keys.
  static func configuration(readonly: Bool = false) -> Configuration {
    var c = Configuration()
    c.busyMode = .timeout(Journal.busyTimeout)
    c.readonly = readonly
    c.label = "cobro journal"
    return c
  }

  /// Refuses, without writing, a file that is not a journal this cobro can use.
  ///
  /// - Returns: whether the file holds a journal; `false` when it is missing, empty or a blank
  ///   SQLite database (there is nothing to lose: it becomes a new journal).
  static func check(path: String) throws(JournalError) -> Bool {
    guard FileManager.default.fileExists(atPath: path) else { return false }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .cannotOpen(path: path)
    }
    let header = (try? handle.read(upToCount: 100)) ?? Data()
    try? handle.close()
    if header.isEmpty { return false }
    guard header.count == 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else {
      throw .notAJournal(path: path, reason: "it is not an SQLite database")
    }
    do {
      let queue = try readOnlyQueue(path: path)
      defer { try? queue.close() }
      return try queue.read { db in
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if try isBlank(db) { return false }
        guard id == Journal.applicationID else {
          throw JournalError.notAJournal(
            path: path,
            reason: "it is an SQLite database of another program"
          )
        }
        let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard check == ["ok"] else {
          throw JournalError.corrupt(path: path, message: check.prefix(3).joined(separator: "; "))
        }
        if try migrator.hasBeenSuperseded(db) {
          throw JournalError.newerSchema(path: path)
        }
        return true
      }
    } catch {
      throw JournalError(error, path: path)
    }
  }

  // MARK: - Writing

  var name: String { path ?? Journal.memory }

  func append(
    _ entry: JournalEntry,
    agreement: Agreement?,
    lock: String?,
    check: ((_ contacts: [JournalEntry], _ entry: inout JournalEntry) -> Bool)?
  ) throws(JournalError) -> JournalEntry? {
    // A check that refuses returns before anything is written; the empty transaction commits.
    try write { db -> JournalEntry? in
      var entry = entry
      if let check {
        let contacts = try SQLiteJournalStore.fetch(db, where: "e.kind = 'contact'", [])
        guard check(contacts, &entry) else { return nil }
      }
      let e = try SQLiteJournalStore.insert(entry, db)
      if let agreement { try SQLiteJournalStore.insertTerms(of: agreement, id: e.id, db) }
      return e
    }
  }

  func cancel(_ id: Int64, reason: String, stamp: JournalStamp) throws(JournalError)
    -> JournalEntry
  {
    try write { db in
      guard let target = try SQLiteJournalStore.fetch(db, where: "e.id = ?", [id]).first else {
        throw JournalError.noSuchEntry(id)
      }
      if target.kind == .cancel { throw JournalError.cannotCancelCancellation(id) }
      if let by = target.cancelledBy { throw JournalError.alreadyCancelled(id, by: by) }
      var e = JournalEntry(kind: .cancel, account: target.account, stamp: stamp)
      e.cancels = id
      e.note = reason
      return try SQLiteJournalStore.insert(e, db)
    }
  }

  /// Inserts `entry` with the next id (or its own, when `keepingID`), and returns it with it.
  @discardableResult
  static func insert(_ entry: JournalEntry, keepingID: Bool = false, _ db: Database) throws
    -> JournalEntry
  {
    var e = entry
    if !keepingID {
      e.id = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM entry")) ?? 1
    }
    try db.execute(
      sql: """
        INSERT INTO entry (id, kind, account, amount, due, channel, result, note, cancels,
          collector, recorded_on, recorded_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        e.id, e.kind.rawValue, e.account, e.amount, e.due?.description, e.channel,
        e.result?.rawValue, e.note, e.cancels, e.collector, e.recordedOn.description, e.recordedAt,
      ]
    )
    if let basis = e.basis {
      try db.execute(
        sql: "INSERT INTO contact_basis (entry, basis, during) VALUES (?, ?, ?)",
        arguments: [e.id, basis.rawValue, e.during]
      )
    }
    return e
  }

  /// Runs `body` in one immediate transaction (so concurrent writers queue on the busy timeout).
  ///
  /// A read-only journal refuses before anything is tried.
  func write<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
    if readOnly { throw .readOnly(path: name) }
    do {
      return try writer.writeWithoutTransaction { db in
        var value: T?
        try db.inTransaction(.immediate) {
          value = try body(db)
          return .commit
        }
        guard let value else { throw JournalError.sqlite(path: name, message: "no result") }
        return value
      }
    } catch {
      throw JournalError(error, path: name)
    }
  }

  /// Runs `body` in a read transaction, its errors as `JournalError`s naming the file.
  func read<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
    do {
      return try writer.read(body)
    } catch {
      throw JournalError(error, path: name)
    }
  }

  // MARK: - Reading

  func entries(account: String? = nil) throws(JournalError) -> [JournalEntry] {
    try read { db in
      if let account {
        return try SQLiteJournalStore.fetch(db, where: "e.account = ?", [account])
      }
      return try SQLiteJournalStore.fetch(db, where: "1", [])
    }
  }

  func lastEntryID() throws(JournalError) -> Int64 {
    try read { db in
      try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM entry") ?? 0
    }
  }

  func integrityCheck() throws(JournalError) -> [String] {
    try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
  }

  func load(entries: [JournalEntry], agreements: [Agreement], replace: Bool)
    throws(JournalError)
  {
    let terms = Dictionary(agreements.map { ($0.entry.id, $0) }) { a, _ in a }
    try write { db in
      let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM entry") ?? 0
      if count > 0 {
        guard replace else { throw JournalError.notEmpty(path: name, entries: count) }
        try db.execute(sql: "DELETE FROM entry")
      }
      for e in entries {
        try SQLiteJournalStore.insert(e, keepingID: true, db)
        if e.kind == .agreement, let a = terms[e.id] {
          try SQLiteJournalStore.insertTerms(of: a, id: e.id, db)
        }
      }
    }
  }

  static func fetch(_ db: Database, where condition: String, _ args: StatementArguments)
    throws -> [JournalEntry]
  {
    // The columns by position, read from a cursor: a million entries are read without a row
    // object each or a lookup of every column by name.
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT e.kind, e.account, e.collector, e.recorded_on, e.recorded_at, e.id, e.amount,
        e.due, e.channel, e.result, e.note, e.cancels, c.id AS cancelled_by, b.basis, b.during
        FROM entry e LEFT JOIN entry c ON c.cancels = e.id
        LEFT JOIN contact_basis b ON b.entry = e.id
        WHERE \(condition) ORDER BY e.id
        """,
      arguments: args
    )
    var entries: [JournalEntry] = []
    while let row = try rows.next() {
      let kindText: String = row[0]
      guard let kind = JournalEntry.Kind(rawValue: kindText) else {
        throw JournalError.corrupt(path: "", message: "unknown entry kind '\(kindText)'")
      }
      var e = JournalEntry(
        kind: kind,
        account: row[1],
        stamp: JournalStamp(
          collector: row[2],
          day: Day(row[3] as String) ?? Day(raw: Day.missing),
          at: row[4]
        )
      )
      e.id = row[5]
      e.amount = row[6]
      e.due = (row[7] as String?).flatMap(Day.init)
      e.channel = row[8]
      e.result = (row[9] as String?).flatMap(ContactResult.init(rawValue:))
      e.note = row[10]
      e.cancels = row[11]
      e.cancelledBy = row[12]
      if let basis = row[13] as String? {
        guard let b = ContactBasis(rawValue: basis) else {
          throw JournalError.corrupt(path: "", message: "unknown contact basis '\(basis)'")
        }
        e.basis = b
      }
      e.during = row[14]
      entries.append(e)
    }
    return entries
  }
}

/// Who wrote an entry and when: the collector, the as-of date and the `set at` time.
public struct JournalStamp: Sendable, Hashable {
  /// The collector (`set collector`).
  public var collector: String
  /// The as-of date the entry was written on.
  public var day: Day
  /// `YYYY-MM-DD HH:MM` of the as-of date and time.
  public var at: String

  /// Creates a stamp.
  public init(collector: String, day: Day, at: String) {
    self.collector = collector
    self.day = day
    self.at = at
  }
}

/// The result of a contact attempt.
public enum ContactResult: String, Sendable, CaseIterable {
  /// The debtor was reached.
  case rightParty = "right_party"
  /// Someone else answered.
  case thirdParty = "third_party"
  /// Nobody answered.
  case noAnswer = "no_answer"
  /// A message was left.
  case voicemail
  /// The debtor refused to pay.
  case refused
  /// The debtor disputes the debt.
  case dispute
  /// The debtor promised to pay.
  case promise

  /// Spanish and loose spellings, folded, to results.
  static let synonyms: [String: ContactResult] = [
    "titular": .rightParty, "contactado": .rightParty, "tercero": .thirdParty,
    "no_contesta": .noAnswer, "nocontesta": .noAnswer, "sin_respuesta": .noAnswer,
    "buzon": .voicemail, "buzon_de_voz": .voicemail, "rechaza": .refused, "rechazo": .refused,
    "disputa": .dispute, "reclamo": .dispute, "promesa": .promise,
  ]

  /// The result an English or Spanish word names (`no_answer`, `no-answer`, `buzón`).
  public init?(word: String) {
    let folded = CanonicalSchema.fold(word).replacingOccurrences(of: "-", with: "_")
      .replacingOccurrences(of: " ", with: "_")
    if let r = ContactResult(rawValue: folded) ?? ContactResult.synonyms[folded] {
      self = r
    } else {
      return nil
    }
  }
}

/// One line of the journal.
public struct JournalEntry: Sendable, Hashable {
  /// What an entry records.
  public enum Kind: String, Sendable {
    /// A promise to pay.
    case promise
    /// A contact attempt.
    case contact
    /// The cancellation of an earlier entry.
    case cancel
    /// An accepted payment plan (its schedule is in the `agreement` and `installment` tables).
    case agreement
  }

  /// The entry's number: 1, 2, … in writing order.
  public var id: Int64 = 0
  /// What it records.
  public var kind: Kind
  /// The account (for a cancellation, the cancelled entry's account).
  public var account: String
  /// A promise's amount.
  public var amount: Cents?
  /// A promise's date.
  public var due: Day?
  /// The channel used or promised through.
  public var channel: String?
  /// A contact's result.
  public var result: ContactResult?
  /// The note, or a cancellation's reason.
  public var note: String?
  /// For a cancellation, the entry it cancels.
  public var cancels: Int64?
  /// The cancellation of this entry, if any.
  public var cancelledBy: Int64?
  /// For a contact the debtor started or asked for, why no rule refused it; `nil` for a
  /// contact the creditor started.
  public var basis: ContactBasis?
  /// For a requested contact, the direct contact it belongs to.
  public var during: Int64?
  /// Who wrote it.
  public var collector: String
  /// The as-of date it was written on.
  public var recordedOn: Day
  /// `YYYY-MM-DD HH:MM` it was written at.
  public var recordedAt: String

  /// Creates an entry stamped with its author and time.
  public init(kind: Kind, account: String, stamp: JournalStamp) {
    self.kind = kind
    self.account = account
    collector = stamp.collector
    recordedOn = stamp.day
    recordedAt = stamp.at
  }
}

/// Why the journal could not be opened or written.
///
/// Every case names the journal's file (or `:memory:`) in a sentence; SQLite's own message is
/// kept only where no plainer one says more.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file cannot be read.
  case cannotOpen(path: String)
  /// The file cannot be created (the folder is missing or not writable).
  case cannotCreate(path: String, reason: String)
  /// The file is not a cobro journal; it was left untouched.
  case notAJournal(path: String, reason: String)
  /// The journal is damaged; it was left untouched.
  case corrupt(path: String, message: String)
  /// The journal was written by a newer cobro.
  case newerSchema(path: String)
  /// The journal (or its folder) cannot be written: it can only be read.
  case readOnly(path: String)
  /// Another process kept the journal locked past the busy timeout.
  case busy(path: String)
  /// The disk (or the user's quota) is full.
  case diskFull(path: String)
  /// SQLite failed otherwise.
  case sqlite(path: String, message: String)
  /// No entry has this id.
  case noSuchEntry(Int64)
  /// The entry is already cancelled.
  case alreadyCancelled(Int64, by: Int64)
  /// A cancellation cannot itself be cancelled.
  case cannotCancelCancellation(Int64)
  /// The journal a copy would write to has entries, and the copy was not told to replace them.
  case notEmpty(path: String, entries: Int)
  /// The server of a PostgreSQL journal cannot be reached or refuses the connection (the URL is
  /// given without its password).
  case unreachable(url: String, reason: String)
  /// The server of a PostgreSQL journal failed the command otherwise.
  case server(url: String, message: String)
  /// Ctrl-C stopped the command before its write was committed.
  case interrupted(path: String)

  /// The error of the journal at `path` for any error its database gave.
  ///
  /// A `JournalError` stays as it is (given the path when it had none); an SQLite error becomes
  /// the case its result code names.
  public init(_ error: any Error, path: String) {
    if let e = error as? JournalError {
      switch e {
      case .corrupt("", let m): self = .corrupt(path: path, message: m)
      case .sqlite("", let m): self = .sqlite(path: path, message: m)
      case .server("", let m): self = .server(url: path, message: m)
      default: self = e
      }
      return
    }
    guard let e = error as? DatabaseError else {
      self = .sqlite(path: path, message: "\(error)")
      return
    }
    let message = e.message ?? "\(e.resultCode)"
    switch e.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path)
    case .SQLITE_READONLY: self = .readOnly(path: path)
    case .SQLITE_FULL: self = .diskFull(path: path)
    case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt(path: path, message: message)
    case .SQLITE_CANTOPEN: self = .cannotOpen(path: path)
    case .SQLITE_IOERR: self = .sqlite(path: path, message: "input/output error (\(message))")
    default: self = .sqlite(path: path, message: message)
    }
  }

  /// The message, in diagnostic style.
  public var description: String {
    switch self {
    case .cannotOpen(let p): "cannot open journal '\(p)'"
    case .cannotCreate(let p, let r): "cannot create journal '\(p)': \(r.lowercased())"
    case .notAJournal(let p, let r): "'\(p)' is not a cobro journal: \(r); it was left untouched"
    case .corrupt(let p, let m): "journal '\(p)' is damaged (\(m)); it was left untouched"
    case .newerSchema(let p): "journal '\(p)' was written by a newer cobro; it was left untouched"
    case .readOnly(let p):
      "journal '\(p)' is read-only (the file or its folder cannot be written): it can be read, "
        + "nothing was written"
    case .busy(let p):
      "journal '\(p)' is busy: another process kept it locked for more than "
        + "\(Int(Journal.busyTimeout)) seconds; nothing was written"
    case .diskFull(let p): "journal '\(p)': the disk is full; nothing was written"
    case .sqlite(let p, let m): "journal '\(p)': \(m)"
    case .noSuchEntry(let id): "no journal entry \(id)"
    case .alreadyCancelled(let id, let by): "entry \(id) is already cancelled by entry \(by)"
    case .cannotCancelCancellation(let id): "entry \(id) is a cancellation and cannot be cancelled"
    case .notEmpty(let p, let n):
      "journal '\(p)' already has \(n) \(n == 1 ? "entry" : "entries"); nothing was copied "
        + "(add 'replace' to replace them)"
    case .unreachable(let u, let r): "cannot reach journal '\(u)': \(r); nothing was written"
    case .server(let u, let m): "journal '\(u)': \(m)"
    case .interrupted(let p): "journal '\(p)': interrupted; nothing was written"
    }
  }
}
