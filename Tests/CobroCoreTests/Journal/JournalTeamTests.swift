import CobroDiagnostics
import CobroPortfolio
import Foundation
import GRDB
import Synchronization
import Testing

@testable import CobroJournal

/// A team's journal: many writers at once, the contact rules checked and written in one
/// locked transaction, copies between engines, and (on PostgreSQL) lost connections, a server
/// that is down, and passwords that are never shown.
@Suite struct JournalTeamTests {
  static let stamp = JournalTests.stamp

  // MARK: - Many writers

  /// The environment variables of `batchWriter`: the journal, the writer's number, how many.
  static let batchVariable = "COBRO_JOURNAL_TEST_BATCH"

  /// Not a check: a child process of `manyProcessesLoseNoEntry`, writing its entries.
  @Test(.enabled(if: ProcessInfo.processInfo.environment[batchVariable] != nil))
  func batchWriter() throws {
    let spec = try #require(ProcessInfo.processInfo.environment[Self.batchVariable])
    let parts = spec.split(separator: "|", maxSplits: 2).map(String.init)
    let (writer, count, location) = (parts[0], try #require(Int(parts[1])), parts[2])
    let j = try Journal(location: location)
    for i in 0..<count {
      try j.addContact(
        account: "W\(writer)-\(i)",
        channel: "call",
        result: .noAnswer,
        stamp: Self.stamp
      )
    }
  }

  @Test(arguments: JournalEngine.available)
  func manyProcessesLoseNoEntry(engine: JournalEngine) throws {
    let location = try engine.freshLocation()
    _ = try Journal(location: location)  // the schema, made once
    let (processes, perProcess) = engine == .postgres ? (20, 200) : (4, 50)
    var children: [Process] = []
    for w in 0..<processes {
      let child = Process()
      child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
      child.arguments = ["--testing-library", "swift-testing", "--filter", "batchWriter"]
      child.environment = ProcessInfo.processInfo.environment.merging([
        Self.batchVariable: "\(w)|\(perProcess)|\(location)"
      ]) { $1 }
      child.standardOutput = FileHandle.nullDevice
      child.standardError = FileHandle.nullDevice
      try child.run()
      children.append(child)
    }
    for child in children {
      child.waitUntilExit()
      #expect(child.terminationStatus == 0)
    }
    let entries = try Journal(location: location).entries()
    #expect(entries.count == processes * perProcess)
    #expect(entries.map(\.id) == Array(1...Int64(processes * perProcess)))
    for w in 0..<processes {
      let mine = entries.filter { $0.account.hasPrefix("W\(w)-") }.map(\.account)
      // Each writer's entries are all there, in the order it wrote them.
      #expect(mine == (0..<perProcess).map { "W\(w)-\($0)" })
    }
  }

  // MARK: - Contact rules

  @Test(arguments: JournalEngine.available)
  func simultaneousContactsToOneDebtorAllowExactlyOne(engine: JournalEngine) throws {
    let location = try engine.freshLocation()
    let writers = 50
    let journals = try (0..<writers).map { _ in try Journal(location: location) }
    let allowed = Mutex(0)
    let failures = Mutex<[String]>([])
    // One thread per writer, all released at once, each on its own connection.
    let go = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for w in 0..<writers {
      done.enter()
      Thread {
        defer { done.leave() }
        go.wait()
        do {
          // "One contact a day per debtor": allowed only when the log has none that day.
          let e = try journals[w].addContact(
            account: "A\(w % 3)",
            channel: "call",
            result: .rightParty,
            debtor: "D1",
            stamp: Self.stamp
          ) { contacts in
            !contacts.contains { $0.recordedOn == Self.stamp.day && $0.cancelledBy == nil }
          }
          if e != nil { allowed.withLock { $0 += 1 } }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }.start()
    }
    for _ in 0..<writers { go.signal() }
    done.wait()
    #expect(failures.withLock { $0 } == [])
    #expect(allowed.withLock { $0 } == 1)
    #expect(try Journal(location: location).entries().count == 1)
  }

  // MARK: - Copies

  @Test func copyRoundTripsTwentyThousandEntriesThroughEveryEngine() throws {
    let source = try Journal(location: try JournalEngine.sqlite.freshLocation())
    let count = 20_000
    var entries: [JournalEntry] = []
    entries.reserveCapacity(count)
    for i in 1...count {
      var e = JournalEntry(
        kind: i % 3 == 0 ? .promise : .contact,
        account: "CO-\(i % 5000)",
        stamp: Self.stamp
      )
      e.id = Int64(i)
      if e.kind == .promise {
        e.amount = Int64(i) * 100
        e.due = JournalTests.dec5
      } else {
        e.channel = "call"
        e.result = .noAnswer
      }
      e.note = i % 7 == 0 ? "nota ñ \(i)" : nil
      entries.append(e)
    }
    try source.store.load(entries: entries, agreements: [], replace: false)
    try source.cancel(3, reason: "mal", stamp: Self.stamp)
    try source.addAgreement(
      account: "D1",
      debtor: true,
      accounts: ["CO-2", "CO-1"],
      balance: 20_000,
      forgiven: 0,
      installments: JournalAgreementsTests.schedule,
      terms: "installments 1",
      stamp: Self.stamp
    )
    let digest = Journal.digest(entries: try source.entries(), agreements: try source.agreements())
    var previous = source
    for engine in JournalEngine.available + [.sqlite] {
      let target = try Journal(location: try engine.freshLocation())
      let report = try previous.copy(to: target, replace: false)
      #expect(report.entries == count + 2)
      #expect(report.agreements == 1)
      #expect(report.digest == digest)
      previous = target
    }
    // A target with entries is refused, and kept as it was, unless told to replace them.
    let full = try Journal(location: try JournalEngine.available.last!.freshLocation())
    try full.addContact(account: "X", channel: "sms", result: .refused, stamp: Self.stamp)
    #expect(throws: JournalError.notEmpty(path: full.location, entries: 1)) {
      try source.copy(to: full, replace: false)
    }
    #expect(try full.entries().map(\.account) == ["X"])
    #expect(try source.copy(to: full, replace: true).digest == digest)
  }

  @Test func theDigestChangesWithAnyField() throws {
    var e = JournalEntry(kind: .contact, account: "A", stamp: Self.stamp)
    e.id = 1
    let base = Journal.digest(entries: [e], agreements: [])
    var other = e
    other.note = ""
    #expect(Journal.digest(entries: [other], agreements: []) != base)
    other = e
    other.collector = "beto"
    #expect(Journal.digest(entries: [other], agreements: []) != base)
    #expect(Journal.digest(entries: [e], agreements: []) == base)
  }

  // MARK: - URLs and credentials

  @Test func aURLIsShownWithoutItsPassword() throws {
    let url = try PostgresURL.parsing("postgresql://ana:s3cr%40t@db.example:6543/cartera")
    #expect(url.user == "ana")
    #expect(url.password(environment: [:]) == "s3cr@t")
    #expect(url.port == 6543)
    #expect(url.description == "postgresql://ana@db.example:6543/cartera")
    let plain = try PostgresURL.parsing("postgres://ana@localhost/cartera?schema=equipo_1")
    #expect(plain.port == 5432)
    #expect(plain.description == "postgresql://ana@localhost:5432/cartera?schema=equipo_1")
    #expect(plain.password(environment: ["PGPASSWORD": "env"]) == "env")
    for bad in [
      "postgresql://ana:s3cret@host:99999/db", "postgresql://ana:s3cret@host:5432",
      "postgresql://host/db", "postgresql://ana:s3cret@host/db?sslmode=maybe",
    ] {
      do {
        _ = try PostgresURL.parsing(bad)
        Issue.record("'\(bad)' was accepted")
      } catch {
        #expect(!error.description.contains("s3cret"))
        #expect(error.description.contains("expected postgresql://USER@HOST:PORT/DB"))
      }
    }
  }

  @Test func thePasswordFileIsReadLikePsqlReadsIt() throws {
    let folder = try JournalTests.folder()
    let file = folder + "/pgpass"
    try """
    # team
    otherhost:5432:cartera:ana:wrong
    db.example:*:cartera:ana:pa\\:ss
    *:*:*:*:fallback
    """.write(toFile: file, atomically: true, encoding: .utf8)
    chmod(file, 0o600)
    let url = try PostgresURL.parsing("postgresql://ana@db.example:6543/cartera")
    #expect(url.password(environment: ["PGPASSFILE": file]) == "pa:ss")
    let other = try PostgresURL.parsing("postgresql://beto@x:1/y")
    #expect(other.password(environment: ["PGPASSFILE": file]) == "fallback")
    // A file others can read is ignored, as psql ignores it.
    chmod(file, 0o644)
    #expect(url.password(environment: ["PGPASSFILE": file]) == nil)
  }

  // MARK: - The server

  @Test(.enabled(if: JournalEngine.serverURL != nil))
  func aServerThatIsDownIsAClearErrorNamingTheURLWithoutPassword() throws {
    // A port nothing listens on: bound, then closed.
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    close(fd)
    let port = UInt16(bigEndian: address.sin_port)
    do {
      _ = try Journal(location: "postgresql://ana:s3cret@127.0.0.1:\(port)/cobro")
      Issue.record("connected to a closed port")
    } catch {
      #expect(
        error.description.hasPrefix(
          "cannot reach journal 'postgresql://ana@127.0.0.1:\(port)/cobro'"
        )
      )
      #expect(error.description.contains("refused"))
      #expect(!error.description.contains("s3cret"))
    }
  }

  @Test(.enabled(if: JournalEngine.serverURL != nil))
  func aWrongPasswordIsRefusedWithoutShowingIt() throws {
    let server = try #require(JournalEngine.serverURL)
    let url = server.replacingOccurrences(
      of: "postgresql://cobro@",
      with: "postgresql://cobro:wr0ng@"
    )
    do {
      _ = try Journal(location: url)
      Issue.record("a wrong password was accepted")
    } catch {
      #expect(error.description.hasPrefix("cannot reach journal 'postgresql://cobro@"))
      #expect(error.description.contains("password"))
      #expect(!error.description.contains("wr0ng"))
    }
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["COBRO_TEST_PG_RESTART"] != nil))
  func aServerRestartedBetweenCommandsIsReconnectedTo() throws {
    let location = try JournalEngine.postgres.freshLocation()
    let j = try Journal(location: location)
    try j.addContact(account: "before", channel: "call", result: .noAnswer, stamp: Self.stamp)
    // Through system(3), not Process: the restarted server would keep the pipe on which
    // Foundation waits for its child's exit.
    let command = try #require(ProcessInfo.processInfo.environment["COBRO_TEST_PG_RESTART"])
    try #require(system(command + " >/dev/null 2>&1") == 0)
    // The kept connection is dead; the next command connects again and writes once.
    let after = try j.addContact(
      account: "after",
      channel: "call",
      result: .noAnswer,
      stamp: Self.stamp
    )
    #expect(after.id == 2)
    #expect(try j.entries().map(\.account) == ["before", "after"])
  }

  @Test(.enabled(if: JournalEngine.serverURL != nil))
  func ctrlCWhileWaitingForALockWritesNothing() throws {
    let location = try JournalEngine.postgres.freshLocation()
    let holder = try Journal(location: location)
    let waiter = try Journal(location: location)
    let flag = Interruption.Flag()
    let release = DispatchSemaphore(value: 0)
    let holding = DispatchSemaphore(value: 0)
    // The holder's check runs inside its transaction, with the debtor's lock held.
    let thread = Thread {
      _ = try? holder.addContact(
        account: "A1",
        channel: "call",
        result: .noAnswer,
        debtor: "D1",
        stamp: Self.stamp
      ) { _ in
        holding.signal()
        release.wait()
        return false
      }
    }
    thread.start()
    holding.wait()
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) {
      _ = flag.raise(at: 1)
    }
    #expect(throws: JournalError.interrupted(path: waiter.location)) {
      try Interruption.$current.withValue(flag) {
        try waiter.addContact(
          account: "A2",
          channel: "call",
          result: .noAnswer,
          debtor: "D1",
          stamp: Self.stamp
        ) { _ in true }
      }
    }
    release.signal()
    // The waiter connects again; nothing of the interrupted write is there.
    #expect(try waiter.entries().isEmpty)
  }

  @Test(.enabled(if: JournalEngine.serverURL != nil))
  func thePostgreSQLSchemaMirrorsTheSQLiteMigrations() throws {
    #expect(
      JournalSchema.postgres.map(\.identifier) == SQLiteJournalStore.migrations.map(\.identifier)
    )
    let sqlite = try DatabaseQueue()
    try sqlite.write { db in
      for (_, migrate) in SQLiteJournalStore.migrations { try migrate(db) }
    }
    let location = try JournalEngine.postgres.freshLocation()
    let journal = try Journal(location: location)
    let schema = try #require(location.split(separator: "=").last.map(String.init))
    let psql = Process()
    psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    psql.arguments = [
      "psql", try #require(JournalEngine.serverURL), "-AtF", " ", "-c",
      "SELECT table_name, column_name FROM information_schema.columns "
        + "WHERE table_schema = '\(schema)' AND table_name <> 'cobro_migrations'",
    ]
    let pipe = Pipe()
    psql.standardOutput = pipe
    try psql.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    psql.waitUntilExit()
    var postgres: [String: Set<String>] = [:]
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: " ").map(String.init)
      postgres[parts[0], default: []].insert(parts[1])
    }
    for (table, extra) in JournalSchema.postgresOnlyColumns {
      postgres[table]?.subtract(extra)
    }
    let tables = try sqlite.read { db in
      try String.fetchAll(
        db,
        sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
      )
    }
    var lite: [String: Set<String>] = [:]
    for t in tables {
      lite[t] = Set(try sqlite.read { db in try db.columns(in: t).map(\.name) })
    }
    #expect(postgres == lite)
    _ = journal
  }
}
