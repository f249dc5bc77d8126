import CobroCore
import CobroJournal
import CobroPlan
import CobroPortfolio
import Foundation
import GRDB
import Testing

/// A journal written by the first release (schema "v1") opens, keeps its entries and takes
/// agreements after migrating; the fixture itself is never touched.
@Suite struct JournalMigrationTests {
  /// The committed v1 journal: a promise, a contact, and a cancellation of the contact.
  static let fixture = "journal/v1.db"

  static let stamp = JournalStamp(
    collector: "ana",
    day: Day(raw: Day.daysFromCivil(2026, 11, 30)),
    at: "2026-11-30 10:00"
  )

  /// A copy of the fixture in a fresh folder.
  static func copy() throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-migration-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    let path = url.appendingPathComponent("cobro.db").path
    try FileManager.default.copyItem(atPath: Fixture.path(fixture), toPath: path)
    return path
  }

  @Test func theFixtureIsAV1Journal() throws {
    let queue = try DatabaseQueue(
      path: Fixture.path(Self.fixture),
      configuration: {
        var c = Configuration(); c.readonly = true; return c
      }()
    )
    defer { try? queue.close() }
    let migrations = try queue.read { db in
      try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
    }
    #expect(migrations == ["v1"])
    #expect(try queue.read { db in try db.tableExists("agreement") } == false)
  }

  @Test func entriesSurviveTheMigrationAndAgreementsWorkAfterIt() throws {
    let original = try Data(contentsOf: URL(fileURLWithPath: Fixture.path(Self.fixture)))
    let path = try Self.copy()
    let journal = try Journal(path: path)
    let entries = try journal.entries()
    #expect(entries.map(\.id) == [1, 2, 3])
    #expect(entries.map(\.kind) == [.promise, .contact, .cancel])
    #expect(entries[0].account == "CO-001")
    #expect(entries[0].amount == 50_000_000)
    #expect(entries[0].due == Day(raw: Day.daysFromCivil(2026, 12, 5)))
    #expect(entries[0].note == "paga el viernes")
    #expect(entries[1].result == .noAnswer)
    #expect(entries[1].cancelledBy == 3)
    #expect(entries[2].note == "cuenta equivocada")
    #expect(try journal.agreements().isEmpty)

    let a = try journal.addAgreement(
      account: "CO-001",
      debtor: false,
      accounts: ["CO-001"],
      balance: 100_000,
      forgiven: 0,
      installments: [
        Agreement.Installment(
          n: 1,
          due: Day(raw: Day.daysFromCivil(2026, 12, 30)),
          amount: 100_000,
          fees: 0,
          interest: 0,
          principal: 100_000
        )
      ],
      terms: "installments 1",
      stamp: Self.stamp
    )
    #expect(a.entry.id == 4)
    let reopened = try Journal(path: path)
    #expect(try reopened.agreements().map(\.entry.id) == [4])
    #expect(try reopened.entries().count == 4)
    #expect(try reopened.integrityCheck() == ["ok"])
    let after = try Data(contentsOf: URL(fileURLWithPath: Fixture.path(Self.fixture)))
    #expect(after == original)
  }

  // MARK: - Making the fixture

  static let writeVariable = "COBRO_WRITE_V1_JOURNAL"

  /// Writes the v1 fixture to `$COBRO_WRITE_V1_JOURNAL` with the first release's schema,
  /// frozen here: `COBRO_WRITE_V1_JOURNAL=/tmp/v1.db swift test --filter JournalMigration`.
  @Test(.enabled(if: ProcessInfo.processInfo.environment[writeVariable] != nil))
  func writeTheV1Fixture() throws {
    let path = try #require(ProcessInfo.processInfo.environment[Self.writeVariable])
    try? FileManager.default.removeItem(atPath: path)
    let queue = try DatabaseQueue(path: path)
    var v1 = DatabaseMigrator()
    v1.registerMigration("v1") { db in
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
    try v1.migrate(queue)
    try queue.write { db in
      let insert = """
        INSERT INTO entry (id, kind, account, amount, due, channel, result, note, cancels,
          collector, recorded_on, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
      try db.execute(
        sql: insert,
        arguments: [
          1, "promise", "CO-001", 50_000_000, "2026-12-05", "call", nil, "paga el viernes", nil,
          "ana", "2026-11-30", "2026-11-30 09:00",
        ]
      )
      try db.execute(
        sql: insert,
        arguments: [
          2, "contact", "CO-004", nil, nil, "call", "no_answer", nil, nil, "ana", "2026-11-30",
          "2026-11-30 09:05",
        ]
      )
      try db.execute(
        sql: insert,
        arguments: [
          3, "cancel", "CO-004", nil, nil, nil, nil, "cuenta equivocada", 2, "ana", "2026-11-30",
          "2026-11-30 09:10",
        ]
      )
    }
    try queue.close()
  }
}
