import CobroDiagnostics
import CobroPortfolio
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The journal in PostgreSQL: one database that a team's cobro processes, on any number of
/// machines, write at once.
///
/// cobro's commands are synchronous; each statement is sent through postgres-nio on SwiftNIO's
/// own threads and the command's thread waits for its answer, polling Ctrl-C: an interrupted
/// command closes its connection, so the server rolls back whatever its transaction wrote, and
/// the next command connects again. Nothing here runs on Swift's cooperative thread pool, so a
/// command waiting never starves the work it waits for.
///
/// Writes are serialised by transaction-scoped advisory locks, which the server releases at
/// commit, rollback or a lost connection: first the debtor's (an append that checks contact
/// rules, or writes a promise or agreement), then the journal's id lock, under which the id is
/// the newest plus one. Ids therefore count up in the order the server commits, whatever the
/// machines' clocks say, and the rule check sees every entry committed before it.
final class PostgresJournalStore: JournalStore {
  /// Where the journal is.
  let url: PostgresURL
  /// The schema its tables are in: `public`, or a scratch schema of its own.
  let schema: String
  /// Whether the schema is a scratch copy's, dropped by ``close()``.
  let isScratch: Bool
  /// The open connection, `nil` before the first command and after one was lost.
  private let connection = Mutex<PostgresConnection?>(nil)
  /// The environment the password is looked up in (`PGPASSWORD`, `PGPASSFILE`, `HOME`).
  private let environment: [String: String]

  var name: String { url.description }
  var readOnly: Bool { false }

  /// The lock space of cobro's advisory locks: the journal's application id.
  static let lockSpace = Journal.applicationID
  /// How long to wait for a connection before calling the server unreachable.
  static let connectTimeout: Int64 = 10
  /// How many ids of scratch schemas this process made, to name the next one.
  private static let scratchCount = Atomic<Int>(0)
  private static let connectionCount = Atomic<Int>(0)

  private static let logger: Logger = {
    Logger(label: "cobro.journal") { _ in SwiftLogNoOpLogHandler() }
  }()

  /// Connects to the server of `url` and creates or migrates the journal's schema there; with
  /// `scratch`, in a new schema of its own.
  init(
    url: PostgresURL,
    scratch: Bool = false,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(JournalError) {
    self.url = url
    self.environment = environment
    isScratch = scratch
    if scratch {
      let n = PostgresJournalStore.scratchCount.add(1, ordering: .relaxed).newValue
      let tag = UInt32.random(in: 0...UInt32.max)
      schema = "cobro_scratch_\(getpid())_\(n)_\(String(tag, radix: 16))"
    } else {
      schema = url.schema
    }
    try migrate()
  }

  deinit { close() }

  /// Drops a scratch copy's schema and closes the connection.
  func close() {
    if isScratch {
      _ = try? transaction { tx in
        try tx.rows("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
      }
    }
    connection.withLock { c in
      if let open = c { Self.closeSoon(open) }
      c = nil
    }
  }

  // MARK: - Connection

  /// The open connection, or a new one.
  private func connect() throws(JournalError) -> (PostgresConnection, fresh: Bool) {
    if let c = connection.withLock({ $0 }), !c.isClosed { return (c, false) }
    var config = PostgresConnection.Configuration(
      host: url.host,
      port: url.port,
      username: url.user,
      password: url.password(environment: environment),
      database: url.database,
      tls: .disable
    )
    if url.requireTLS {
      do {
        config.tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
      } catch {
        throw .unreachable(url: name, reason: "TLS cannot be set up (\(error))")
      }
    }
    config.options.connectTimeout = .seconds(PostgresJournalStore.connectTimeout)
    let id = PostgresJournalStore.connectionCount.add(1, ordering: .relaxed).newValue
    let future = PostgresConnection.connect(
      on: MultiThreadedEventLoopGroup.singleton.next(),
      configuration: config,
      id: id,
      logger: PostgresJournalStore.logger
    )
    let c: PostgresConnection
    do {
      c = try PostgresJournalStore.wait(for: future) {
        // The connection is closed as soon as it is made.
        future.whenSuccess { Self.closeSoon($0) }
      }
    } catch let e as JournalError {
      throw e
    } catch {
      throw describe(error, connecting: true)
    }
    let setPath = PostgresQuery(unsafeSQL: "SET search_path TO \(schema)")
    do {
      _ = try PostgresJournalStore.wait(for: c.query(setPath, logger: PostgresJournalStore.logger))
      {
        Self.closeSoon(c)
      }
    } catch {
      Self.closeSoon(c)
      throw describe(error, connecting: true)
    }
    connection.withLock { $0 = c }
    return (c, true)
  }

  /// Closes `c` without waiting: what it was doing fails, and the server rolls back its
  /// transaction.
  ///
  /// The connection is kept until it is closed (postgres-nio requires it).
  fileprivate static func closeSoon(_ c: PostgresConnection) {
    let closed: EventLoopFuture<Void> = c.close()
    closed.whenComplete { _ in withExtendedLifetime(c) {} }
  }

  /// Forgets the connection (it is closed), so that the next command connects again.
  private func drop(_ c: PostgresConnection) {
    Self.closeSoon(c)
    connection.withLock { current in
      if current === c { current = nil }
    }
  }

  /// Waits on the calling thread for `future`, polling Ctrl-C every 20 ms; on Ctrl-C, runs
  /// `cancel` (which closes the connection, so that the future fails soon) and throws
  /// `interrupted` once the future has failed or completed.
  private static func wait<T: Sendable>(
    for future: EventLoopFuture<T>,
    interruptible: Bool = true,
    cancel: () -> Void
  ) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let result = ResultBox<T>()
    future.whenComplete { r in
      result.value.withLock { $0 = r }
      done.signal()
    }
    var interrupted = false
    while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
      if interruptible, !interrupted, Interruption.requested {
        interrupted = true
        cancel()
      }
    }
    if interrupted { throw Interrupted() }
    guard let r = result.value.withLock({ $0 }) else { throw Interrupted() }
    return try r.get()
  }

  /// What `wait` throws when Ctrl-C stopped it.
  private struct Interrupted: Error {}

  /// The result of a future, handed from SwiftNIO's thread to the waiting one.
  private final class ResultBox<T: Sendable>: Sendable {
    let value = Mutex<Result<T, any Error>?>(nil)
  }

  /// The `JournalError` of a failure of postgres-nio, naming the URL without its password.
  private func describe(_ error: any Error, connecting: Bool = false) -> JournalError {
    if error is Interrupted || (error as? CobroError) == .interrupted {
      return .interrupted(path: name)
    }
    if let e = error as? JournalError { return JournalError(e, path: name) }
    guard let p = error as? PSQLError else {
      return connecting
        ? .unreachable(url: name, reason: Self.plain(error))
        : .server(url: name, message: "\(error)")
    }
    switch p.code {
    case .server:
      let message = p.serverInfo?[.message] ?? "an error"
      let state = p.serverInfo?[.sqlState] ?? ""
      // Class 28: invalid authorisation; 3D000: no such database; 57P0x: the server is going
      // down or cannot take connections.
      if connecting || state.hasPrefix("28") || state == "3D000" || state.hasPrefix("57P") {
        return .unreachable(url: name, reason: message)
      }
      return .server(url: name, message: message)
    case .authMechanismRequiresPassword:
      return .unreachable(
        url: name,
        reason: "the server asks for a password: give it in PGPASSWORD or ~/.pgpass"
      )
    case .connectionError:
      return .unreachable(url: name, reason: p.underlying.map(Self.plain) ?? "connection failed")
    case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
      return .server(
        url: name,
        message: "the connection to the server was lost (the next command connects again)"
      )
    case .sslUnsupported:
      return .unreachable(url: name, reason: "the server does not offer TLS (sslmode=require)")
    default:
      return connecting
        ? .unreachable(url: name, reason: "\(p.code)") : .server(url: name, message: "\(p.code)")
    }
  }

  /// A connection error in a few plain words.
  private static func plain(_ error: any Error) -> String {
    let text = "\(error)"
    if text.contains("refused") { return "connection refused (is the server running there?)" }
    if text.lowercased().contains("timed out") || text.contains("connectTimeout") {
      return "no answer within \(connectTimeout) seconds"
    }
    if text.contains("resolve") || text.contains("NXDOMAIN") || text.contains("getaddrinfo") {
      return "the host name cannot be resolved"
    }
    return text
  }

  // MARK: - Transactions

  /// The statements of one transaction, on one connection.
  struct Transaction {
    fileprivate let store: PostgresJournalStore
    fileprivate let connection: PostgresConnection
    /// How many statements were sent.
    fileprivate(set) var sent = 0

    /// Runs one statement and returns its rows.
    @discardableResult
    mutating func rows(_ query: PostgresQuery, interruptible: Bool = true) throws -> [PostgresRow] {
      sent += 1
      let c = connection
      return try PostgresJournalStore.wait(
        for: c.query(query, logger: PostgresJournalStore.logger),
        interruptible: interruptible
      ) { PostgresJournalStore.closeSoon(c) }.rows
    }

    /// Waits for the lock on `key` in this store's schema, until the transaction ends.
    mutating func lock(_ key: String) throws {
      let k = "\(store.schema):\(key)"
      try rows("SELECT pg_advisory_xact_lock(\(PostgresJournalStore.lockSpace), hashtext(\(k)))")
    }
  }

  /// Runs `body` in one transaction and commits it; any failure rolls it back (a lost
  /// connection rolls it back on the server).
  ///
  /// A connection kept from an earlier command may have been closed by the server since (a
  /// restart): when its very first statement fails so, the whole transaction is tried once
  /// more on a new connection — nothing of it can have been written.
  func transaction<T>(_ body: (inout Transaction) throws -> T) throws(JournalError) -> T {
    for attempt in 0..<2 {
      let (c, fresh) = try connect()
      var tx = Transaction(store: self, connection: c)
      do {
        try tx.rows("BEGIN")
        let value = try body(&tx)
        try tx.rows("COMMIT", interruptible: false)
        return value
      } catch {
        let lost = c.isClosed || Self.isConnectionLoss(error)
        if lost {
          drop(c)
          if attempt == 0, !fresh, tx.sent == 1, !(error is Interrupted) { continue }
        } else if !(error is Interrupted) {
          do {
            try tx.rows("ROLLBACK", interruptible: false)
          } catch {
            drop(c)
          }
        } else {
          drop(c)
        }
        throw describe(error)
      }
    }
    throw .server(url: name, message: "the connection to the server was lost twice")
  }

  private static func isConnectionLoss(_ error: any Error) -> Bool {
    guard let p = error as? PSQLError else { return false }
    return [.serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .connectionError]
      .contains(p.code)
  }

  // MARK: - Schema

  /// Creates the journal's tables or adds the migrations they lack, in one transaction that
  /// holds the schema lock, so that processes starting together wait for each other.
  ///
  /// A schema with an `entry` table but no record of cobro's migrations belongs to another
  /// program and is refused; one with migrations this cobro does not know is a newer cobro's.
  private func migrate() throws(JournalError) {
    let url = name
    try transaction { tx in
      try tx.lock("schema")
      // Created only when missing: a collector may use a schema without the right to make one.
      if try tx.rows("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)").isEmpty {
        try tx.rows("CREATE SCHEMA \(unescaped: schema)")
      }
      let tables = try tx.rows(
        """
        SELECT table_name::text FROM information_schema.tables
        WHERE table_schema = \(schema) AND table_name IN ('entry', 'cobro_migrations')
        """
      ).map { try $0.decode(String.self) }
      if tables.contains("entry") && !tables.contains("cobro_migrations") {
        throw JournalError.notAJournal(
          path: url,
          reason: "its schema '\(schema)' has an 'entry' table that cobro did not make"
        )
      }
      var done: Set<String> = []
      if tables.contains("cobro_migrations") {
        for row in try tx.rows("SELECT identifier FROM cobro_migrations") {
          done.insert(try row.decode(String.self))
        }
      } else {
        try tx.rows("CREATE TABLE cobro_migrations (identifier text PRIMARY KEY)")
      }
      let known = Set(JournalSchema.postgres.map(\.identifier))
      if !done.isSubset(of: known) { throw JournalError.newerSchema(path: url) }
      for m in JournalSchema.postgres where !done.contains(m.identifier) {
        for statement in m.statements { try tx.rows(PostgresQuery(unsafeSQL: statement)) }
        try tx.rows("INSERT INTO cobro_migrations (identifier) VALUES (\(m.identifier))")
      }
    }
  }

  // MARK: - Writing

  func append(
    _ entry: JournalEntry,
    agreement: Agreement?,
    lock: String?,
    check: ((_ contacts: [JournalEntry], _ entry: inout JournalEntry) -> Bool)?
  ) throws(JournalError) -> JournalEntry? {
    try transaction { tx -> JournalEntry? in
      if let lock { try tx.lock("debtor:" + lock) }
      var e = entry
      if let check {
        let contacts = try Self.entries(&tx, where: "e.kind = 'contact'")
        guard check(contacts, &e) else { return nil }
      }
      try tx.lock("ids")
      e.id = try Self.insert(e, &tx)
      try Self.insertBasis(of: e, &tx)
      if let agreement { try Self.insertTerms(of: agreement, id: e.id, &tx) }
      return e
    }
  }

  func cancel(_ id: Int64, reason: String, stamp: JournalStamp) throws(JournalError)
    -> JournalEntry
  {
    try transaction { tx in
      try tx.lock("ids")
      guard let target = try Self.entries(&tx, where: "e.id = \(id)").first else {
        throw JournalError.noSuchEntry(id)
      }
      if target.kind == .cancel { throw JournalError.cannotCancelCancellation(id) }
      if let by = target.cancelledBy { throw JournalError.alreadyCancelled(id, by: by) }
      var e = JournalEntry(kind: .cancel, account: target.account, stamp: stamp)
      e.cancels = id
      e.note = reason
      e.id = try Self.insert(e, &tx)
      return e
    }
  }

  /// Inserts `e` with the next id (the id lock is held) and returns the id.
  private static func insert(_ e: JournalEntry, _ tx: inout Transaction) throws -> Int64 {
    let rows = try tx.rows(
      """
      INSERT INTO entry (id, kind, account, amount, due, channel, result, note, cancels,
        collector, recorded_on, recorded_at)
      SELECT coalesce(max(id), 0) + 1, \(e.kind.rawValue)::text, \(e.account)::text,
        \(e.amount)::bigint, \(e.due?.description)::text, \(e.channel)::text,
        \(e.result?.rawValue)::text, \(e.note)::text, \(e.cancels)::bigint,
        \(e.collector)::text, \(e.recordedOn.description)::text, \(e.recordedAt)::text
      FROM entry
      RETURNING id
      """
    )
    guard let row = rows.first else { throw JournalError.server(url: "", message: "no id") }
    return try row.decode(Int64.self)
  }

  /// Inserts why contact `e` (with its id) was allowed, when it has a basis.
  private static func insertBasis(of e: JournalEntry, _ tx: inout Transaction) throws {
    guard let basis = e.basis else { return }
    try tx.rows(
      """
      INSERT INTO contact_basis (entry, basis, during)
      VALUES (\(e.id), \(basis.rawValue), \(e.during))
      """
    )
  }

  /// Inserts the terms, accounts, schedule and allocation of agreement `id`, in their order.
  private static func insertTerms(of a: Agreement, id: Int64, _ tx: inout Transaction) throws {
    try tx.rows(
      """
      INSERT INTO agreement (entry, debtor, balance, forgiven)
      VALUES (\(id), \(a.debtor), \(a.balance), \(a.forgiven))
      """
    )
    for (k, account) in a.accounts.enumerated() {
      try tx.rows(
        "INSERT INTO agreement_account (entry, account, ord) VALUES (\(id), \(account), \(k))"
      )
    }
    for i in a.installments {
      try tx.rows(
        """
        INSERT INTO installment (entry, n, due, amount, fees, interest, principal)
        VALUES (\(id), \(i.n), \(i.due.description), \(i.amount), \(i.fees), \(i.interest),
          \(i.principal))
        """
      )
      for (k, line) in i.allocation.enumerated() {
        try tx.rows(
          """
          INSERT INTO installment_allocation (entry, n, account, amount, ord)
          VALUES (\(id), \(i.n), \(line.account), \(line.amount), \(k))
          """
        )
      }
    }
  }

  func load(entries: [JournalEntry], agreements: [Agreement], replace: Bool)
    throws(JournalError)
  {
    let url = name
    try transaction { tx in
      try tx.lock("ids")
      let count = try tx.rows("SELECT count(*) FROM entry").first?.decode(Int64.self) ?? 0
      if count > 0 {
        guard replace else { throw JournalError.notEmpty(path: url, entries: Int(count)) }
        try tx.rows("DELETE FROM entry")
      }
      // Many rows a statement: a hundred thousand entries take seconds, not minutes.
      let batch = 1000
      var start = 0
      while start < entries.count {
        let part = entries[start..<min(start + batch, entries.count)]
        var sql = """
          INSERT INTO entry (id, kind, account, amount, due, channel, result, note, cancels,
            collector, recorded_on, recorded_at) VALUES
          """
        var binds = PostgresBindings(capacity: part.count * 12)
        for (k, e) in part.enumerated() {
          let p = (0..<12).map { "$\(k * 12 + $0 + 1)" }.joined(separator: ", ")
          sql += (k == 0 ? " (" : ", (") + p + ")"
          binds.append(e.id)
          binds.append(e.kind.rawValue)
          binds.append(e.account)
          binds.append(e.amount)
          binds.append(e.due?.description)
          binds.append(e.channel)
          binds.append(e.result?.rawValue)
          binds.append(e.note)
          binds.append(e.cancels)
          binds.append(e.collector)
          binds.append(e.recordedOn.description)
          binds.append(e.recordedAt)
        }
        try tx.rows(PostgresQuery(unsafeSQL: sql, binds: binds))
        start += batch
        try Interruption.check()
      }
      for e in entries where e.basis != nil {
        try Self.insertBasis(of: e, &tx)
        try Interruption.check()
      }
      for a in agreements { try Self.insertTerms(of: a, id: a.entry.id, &tx) }
    }
  }

  // MARK: - Reading

  func entries(account: String?) throws(JournalError) -> [JournalEntry] {
    try transaction { tx in
      if let account { return try Self.entries(&tx, where: "e.account = \(account)") }
      return try Self.entries(&tx, where: "true")
    }
  }

  func lastEntryID() throws(JournalError) -> Int64 {
    try transaction { tx in
      try tx.rows("SELECT coalesce(max(id), 0)::bigint FROM entry").first?.decode(Int64.self) ?? 0
    }
  }

  func integrityCheck() throws(JournalError) -> [String] {
    try transaction { tx in
      let orphans =
        try tx.rows(
          """
          SELECT count(*) FROM entry e
          WHERE e.kind = 'agreement' AND NOT EXISTS (SELECT 1 FROM agreement a WHERE a.entry = e.id)
          """
        ).first?.decode(Int64.self) ?? 0
      return orphans == 0 ? ["ok"] : ["\(orphans) agreements have no terms"]
    }
  }

  /// The entries that `condition` (on `entry e`) selects, oldest first, each with the entry
  /// cancelling it.
  private static func entries(_ tx: inout Transaction, where condition: PostgresQuery) throws
    -> [JournalEntry]
  {
    var query: PostgresQuery = """
      SELECT e.id, e.kind, e.account, e.amount, e.due, e.channel, e.result, e.note, e.cancels,
        e.collector, e.recorded_on, e.recorded_at, c.id, b.basis, b.during
      FROM entry e LEFT JOIN entry c ON c.cancels = e.id
      LEFT JOIN contact_basis b ON b.entry = e.id WHERE
      """
    query.sql += " " + condition.sql + " ORDER BY e.id"
    query.binds = condition.binds
    return try tx.rows(query).map { row in
      let (id, kind, account, amount, due, channel, result, note, cancels) = try row.decode(
        (Int64, String, String, Int64?, String?, String?, String?, String?, Int64?).self
      )
      let cells = row.makeRandomAccess()
      let collector = try cells[9].decode(String.self)
      let recordedOn = try cells[10].decode(String.self)
      let recordedAt = try cells[11].decode(String.self)
      let cancelledBy = try cells[12].decode(Int64?.self)
      let basis = try cells[13].decode(String?.self)
      let during = try cells[14].decode(Int64?.self)
      guard let k = JournalEntry.Kind(rawValue: kind) else {
        throw JournalError.corrupt(path: "", message: "unknown entry kind '\(kind)'")
      }
      var e = JournalEntry(
        kind: k,
        account: account,
        stamp: JournalStamp(
          collector: collector,
          day: Day(recordedOn) ?? Day(raw: Day.missing),
          at: recordedAt
        )
      )
      e.id = id
      e.amount = amount
      e.due = due.flatMap(Day.init)
      e.channel = channel
      e.result = result.flatMap(ContactResult.init(rawValue:))
      e.note = note
      e.cancels = cancels
      e.cancelledBy = cancelledBy
      if let basis {
        guard let b = ContactBasis(rawValue: basis) else {
          throw JournalError.corrupt(path: "", message: "unknown contact basis '\(basis)'")
        }
        e.basis = b
      }
      e.during = during
      return e
    }
  }

  func agreements() throws(JournalError) -> [Agreement] {
    try transaction { tx in
      let entries = try Self.entries(&tx, where: "e.kind = 'agreement'")
      var heads: [Int64: (debtor: String?, balance: Int64, forgiven: Int64)] = [:]
      for row in try tx.rows("SELECT entry, debtor, balance, forgiven FROM agreement") {
        let (id, debtor, balance, forgiven) = try row.decode((Int64, String?, Int64, Int64).self)
        heads[id] = (debtor, balance, forgiven)
      }
      var accounts: [Int64: [String]] = [:]
      for row in try tx.rows("SELECT entry, account FROM agreement_account ORDER BY entry, ord") {
        let (id, account) = try row.decode((Int64, String).self)
        accounts[id, default: []].append(account)
      }
      var allocation: [Int64: [Int: [(account: String, amount: Cents)]]] = [:]
      for row in try tx.rows(
        "SELECT entry, n, account, amount FROM installment_allocation ORDER BY entry, n, ord"
      ) {
        let (id, n, account, amount) = try row.decode((Int64, Int64, String, Int64).self)
        allocation[id, default: [:]][Int(n), default: []].append((account, amount))
      }
      var installments: [Int64: [Agreement.Installment]] = [:]
      for row in try tx.rows(
        """
        SELECT entry, n, due, amount, fees, interest, principal FROM installment
        ORDER BY entry, n
        """
      ) {
        let (id, n, dueText, amount, fees, interest, principal) = try row.decode(
          (Int64, Int64, String, Int64, Int64, Int64, Int64).self
        )
        guard let due = Day(dueText) else {
          throw JournalError.corrupt(path: "", message: "bad installment date in entry \(id)")
        }
        installments[id, default: []].append(
          Agreement.Installment(
            n: Int(n),
            due: due,
            amount: amount,
            fees: fees,
            interest: interest,
            principal: principal,
            allocation: allocation[id]?[Int(n)] ?? []
          )
        )
      }
      return try entries.map { e in
        guard let head = heads[e.id] else {
          throw JournalError.corrupt(path: "", message: "agreement \(e.id) has no terms")
        }
        return Agreement(
          entry: e,
          debtor: head.debtor,
          accounts: accounts[e.id] ?? [],
          balance: head.balance,
          forgiven: head.forgiven,
          installments: installments[e.id] ?? []
        )
      }
    }
  }
}
