import CobroDiagnostics
import CobroPortfolio
import Foundation

/// Where the journal's entries are kept: the operations every engine gives, the same entries,
/// ids and answers on each.
///
/// Two engines implement it: ``SQLiteJournalStore`` (a file beside the portfolio, or memory;
/// the default) and ``PostgresJournalStore`` (a team's shared journal in PostgreSQL). Every
/// write is one transaction: an entry is written whole or not at all.
protocol JournalStore: AnyObject, Sendable {
  /// What errors name: the file, `:memory:`, or the server's URL without its password.
  var name: String { get }
  /// Whether writes are refused (`JournalError.readOnly`).
  var readOnly: Bool { get }

  /// Appends `entry` with the next id, and the terms of `agreement` when given, in one
  /// transaction.
  ///
  /// - Parameters:
  ///   - lock: what the write is serialised on besides the id: the debtor (or account) whose
  ///     rules it checks, so that two writers on one debtor never check at once.
  ///   - check: given, inside the transaction, every contact entry (each knowing its
  ///     cancellation and basis), including those other writers committed the instant before,
  ///     and the entry to write, which it may complete (a requested contact's `during`); when
  ///     it returns false nothing is written and the result is `nil`.
  /// - Returns: the entry with its id, or `nil` when `check` refused.
  func append(
    _ entry: JournalEntry,
    agreement: Agreement?,
    lock: String?,
    check: ((_ contacts: [JournalEntry], _ entry: inout JournalEntry) -> Bool)?
  ) throws(JournalError) -> JournalEntry?

  /// Cancels entry `id` (not a cancellation, not cancelled already) with a reason.
  func cancel(_ id: Int64, reason: String, stamp: JournalStamp) throws(JournalError)
    -> JournalEntry

  /// Every entry, oldest first, or those of one account; each knows the entry cancelling it.
  func entries(account: String?) throws(JournalError) -> [JournalEntry]
  /// The id of the newest entry, 0 for an empty journal.
  func lastEntryID() throws(JournalError) -> Int64
  /// Every agreement, oldest first, with its terms and schedule.
  func agreements() throws(JournalError) -> [Agreement]
  /// The engine's own check of the stored data: `["ok"]` when sound.
  func integrityCheck() throws(JournalError) -> [String]
  /// Writes `entries` (with their own ids, oldest first) and the terms of `agreements` in one
  /// transaction; a journal that has entries is refused (`notEmpty`) unless `replace`, which
  /// removes them in the same transaction.
  func load(entries: [JournalEntry], agreements: [Agreement], replace: Bool) throws(JournalError)
}

/// The follow-up journal: promises to pay, contact attempts, payment agreements and their
/// cancellations.
///
/// Entries are never deleted or changed: a mistaken entry is cancelled by a later `cancel`
/// entry, and the history keeps both. Ids count up from 1 in the order entries are written, so
/// a script replayed on the same journal writes the same ids. It lives in SQLite (a file, in
/// WAL mode with a busy timeout, so two cobro processes can write to it; or memory) or, for a
/// team, in PostgreSQL (`postgresql://USER@HOST:PORT/DB`); each write is one transaction.
public final class Journal: Sendable {
  /// The SQLite `application_id` that marks a cobro journal (`Cobr` in ASCII).
  public static let applicationID: Int32 = 0x436F_6272
  /// How long a writer waits for another process's transaction before failing.
  public static let busyTimeout: TimeInterval = 10
  /// How an in-memory journal is named.
  static let memory = ":memory:"

  let store: any JournalStore

  /// The file, or `nil` for a journal in memory or on a server.
  public var path: String? { (store as? SQLiteJournalStore)?.path }
  /// What errors and messages name: the file, `:memory:`, or the URL without its password.
  public var location: String { store.name }
  /// Whether the journal cannot be written by this process: entries can be read, a write fails
  /// with `JournalError.readOnly`.
  public var readOnly: Bool { store.readOnly }

  init(store: any JournalStore) {
    self.store = store
  }

  /// Opens the SQLite journal at `path`, creating it (and its schema) when the file does not
  /// exist.
  ///
  /// A write that a crash interrupted is rolled back first (SQLite's hot journal). A file that
  /// exists is then checked without writing: a file that is not SQLite, an SQLite database of
  /// another program, a corrupt journal or a journal of a newer cobro is refused with
  /// `JournalError` and left as it was. An older journal is migrated. A new journal is created
  /// 0600 with its whole schema in one transaction, so a kill at any instant leaves no journal or
  /// a working one, and processes opening a new journal at once wait for each other. A journal
  /// this process cannot write is opened read-only: it can be read, and a write says why not.
  public convenience init(path: String) throws(JournalError) {
    self.init(store: try SQLiteJournalStore(path: path))
  }

  /// A journal that lives in memory only (the demo portfolio, tests).
  public convenience init() throws(JournalError) {
    self.init(store: try SQLiteJournalStore())
  }

  /// The journal in the PostgreSQL database of `url`, its schema created or migrated.
  ///
  /// The server is reached at once: one that is down, refuses the credentials or holds another
  /// program's tables is a clear error naming the URL (without password).
  public convenience init(server url: PostgresURL) throws(JournalError) {
    self.init(store: try PostgresJournalStore(url: url))
  }

  /// The journal `location` names: a PostgreSQL URL, `:memory:`, or a file.
  public convenience init(location: String) throws(JournalError) {
    if location == Journal.memory {
      try self.init()
    } else if PostgresURL.names(location) {
      try self.init(server: try PostgresURL.parsing(location))
    } else {
      try self.init(path: location)
    }
  }

  /// A copy of the journal at `location` (a file or a PostgreSQL URL) that is written to while
  /// the original never is, for `cobro test`.
  ///
  /// A file is checked as `init(path:)` checks it (a foreign, corrupt or newer file is
  /// refused) and read once through SQLite's backup, which sees every committed transaction,
  /// the write-ahead log's included; the copy is in memory. A missing or empty file gives an
  /// empty journal. A server's journal is copied into a scratch schema of the same database,
  /// dropped when the copy is released.
  ///
  /// - Parameter lastEntry: when given, the copy keeps only the entries up to that id (the
  ///   journal as a recording saw it), whatever was written to the original since.
  public convenience init(scratchCopyOf location: String, lastEntry: Int64? = nil)
    throws(JournalError)
  {
    guard PostgresURL.names(location) else {
      self.init(store: try SQLiteJournalStore(scratchCopyOf: location, lastEntry: lastEntry))
      return
    }
    let url = try PostgresURL.parsing(location)
    let source = try PostgresJournalStore(url: url)
    let scratch = try PostgresJournalStore(url: url, scratch: true)
    let entries = try source.entries(account: nil).filter { $0.id <= lastEntry ?? .max }
    let ids = Set(entries.map(\.id))
    try scratch.load(
      entries: entries.map { e in
        var e = e
        if let by = e.cancelledBy, !ids.contains(by) { e.cancelledBy = nil }
        return e
      },
      agreements: try source.agreements().filter { ids.contains($0.entry.id) },
      replace: false
    )
    source.close()
    self.init(store: scratch)
  }

  /// A journal of its own in a scratch schema of the server of `url`, empty, dropped when the
  /// journal is released: what `cobro test` uses for a journal in memory when told to replay
  /// against PostgreSQL.
  public convenience init(scratchOn url: PostgresURL) throws(JournalError) {
    self.init(store: try PostgresJournalStore(url: url, scratch: true))
  }

  // MARK: - Writing

  /// Records a promise to pay `amount` on `due`.
  @discardableResult
  public func addPromise(
    account: String,
    amount: Cents,
    due: Day,
    channel: String? = nil,
    note: String? = nil,
    lock: String? = nil,
    stamp: JournalStamp
  ) throws(JournalError) -> JournalEntry {
    var e = JournalEntry(kind: .promise, account: account, stamp: stamp)
    e.amount = amount
    e.due = due
    e.channel = channel
    e.note = note
    return try append(e, lock: lock ?? account)
  }

  /// Records a contact attempt and its result.
  @discardableResult
  public func addContact(
    account: String,
    channel: String,
    result: ContactResult,
    note: String? = nil,
    stamp: JournalStamp
  ) throws(JournalError) -> JournalEntry {
    var e = JournalEntry(kind: .contact, account: account, stamp: stamp)
    e.channel = channel
    e.result = result
    e.note = note
    return try append(e, lock: account)
  }

  /// Records a contact attempt when `check`, given every contact of the journal inside the
  /// write's transaction, allows it; `nil` (nothing written) when it does not.
  ///
  /// Writers that name the same `debtor` check one at a time, on every engine and across
  /// processes and machines: of two contacts at the same instant that the rules allow only one
  /// of, one is written and the other sees it.
  public func addContact(
    account: String,
    channel: String,
    result: ContactResult,
    note: String? = nil,
    debtor: String,
    stamp: JournalStamp,
    check: (_ contacts: [JournalEntry]) -> Bool
  ) throws(JournalError) -> JournalEntry? {
    try addContact(
      account: account,
      channel: channel,
      result: result,
      note: note,
      basis: nil,
      debtor: debtor,
      stamp: stamp
    ) { contacts in check(contacts) ? .allowed(during: nil) : .refused }
  }

  /// Records an accepted plan and its whole schedule in one transaction.
  ///
  /// - Parameters:
  ///   - account: the account id, or the debtor id when `debtor` is true.
  ///   - terms: the plan's arguments as typed (kept as the entry's note).
  @discardableResult
  public func addAgreement(
    account: String,
    debtor: Bool,
    accounts: [String],
    balance: Cents,
    forgiven: Cents,
    installments: [Agreement.Installment],
    terms: String,
    stamp: JournalStamp
  ) throws(JournalError) -> Agreement {
    var e = JournalEntry(kind: .agreement, account: account, stamp: stamp)
    var total: Cents = 0
    for i in installments {
      let (sum, overflow) = total.addingReportingOverflow(i.amount)
      total = overflow ? .max : sum
    }
    e.amount = total
    e.due = installments.last?.due
    e.note = terms
    var a = Agreement(
      entry: e,
      debtor: debtor ? account : nil,
      accounts: accounts,
      balance: balance,
      forgiven: forgiven,
      installments: installments
    )
    guard let written = try store.append(e, agreement: a, lock: account, check: nil) else {
      throw .server(url: store.name, message: "the agreement was not written")
    }
    a.entry = written
    return a
  }

  /// Cancels entry `id` with a reason; the entry stays, marked by the cancellation.
  @discardableResult
  public func cancel(_ id: Int64, reason: String, stamp: JournalStamp) throws(JournalError)
    -> JournalEntry
  {
    try store.cancel(id, reason: reason, stamp: stamp)
  }

  private func append(_ e: JournalEntry, lock: String?) throws(JournalError) -> JournalEntry {
    guard let written = try store.append(e, agreement: nil, lock: lock, check: nil) else {
      throw .server(url: store.name, message: "the entry was not written")
    }
    return written
  }

  // MARK: - Reading

  /// Every entry, oldest first, or those of one account; each knows the entry cancelling it.
  public func entries(account: String? = nil) throws(JournalError) -> [JournalEntry] {
    try store.entries(account: account)
  }

  /// The id of the newest entry, 0 for an empty journal.
  public func lastEntryID() throws(JournalError) -> Int64 {
    try store.lastEntryID()
  }

  /// Every promise, oldest first (cancelled ones included, marked).
  public func promises() throws(JournalError) -> [JournalEntry] {
    try entries().filter { $0.kind == .promise }
  }

  /// Every agreement, oldest first (cancelled ones included, marked by their entry).
  public func agreements() throws(JournalError) -> [Agreement] {
    try store.agreements()
  }

  /// The engine's check of the stored data (`PRAGMA integrity_check` in SQLite): `["ok"]` for
  /// a sound journal.
  public func integrityCheck() throws -> [String] {
    try store.integrityCheck()
  }
}
