import GRDB

extension SQLiteJournalStore {
  /// Migration "v3": why a contact was allowed when the debtor started it or asked for it.
  ///
  /// `contact_basis` has one row per contact entry logged `inbound` or `requested`
  /// (``ContactBasis``); `during` is, for a requested one, the direct contact it belongs to.
  /// Contacts without a row were started by the creditor. Rows go with their entry when a
  /// scratch copy is cut back (`ON DELETE CASCADE`). ``JournalSchema`` mirrors it on
  /// PostgreSQL.
  @Sendable static func createContactBasisTable(_ db: Database) throws {
    try db.create(table: "contact_basis") { t in
      t.primaryKey("entry", .integer).references("entry", onDelete: .cascade)
      t.column("basis", .text).notNull()
      t.column("during", .integer).references("entry", onDelete: .cascade)
    }
  }
}

/// What a contact's check inside the write's transaction decided.
public enum ContactCheck: Sendable, Hashable {
  /// Nothing is written.
  case refused
  /// The contact is written; a requested one belongs to the direct contact `during`.
  case allowed(during: Int64?)
}

extension Journal {
  /// Records a contact the debtor started or asked for, and why, in one transaction, without a
  /// check.
  ///
  /// The note is kept with the basis before it (`[inbound] …`, `[requested in entry 12] …`),
  /// so every listing of the journal shows why the contact was allowed; the basis itself is
  /// the entry's ``JournalEntry/basis``.
  @discardableResult
  public func addContact(
    account: String,
    channel: String,
    result: ContactResult,
    note: String?,
    basis: ContactBasis,
    during: Int64?,
    debtor: String? = nil,
    stamp: JournalStamp
  ) throws(JournalError) -> JournalEntry {
    let written = try addContact(
      account: account,
      channel: channel,
      result: result,
      note: note,
      basis: basis,
      debtor: debtor ?? account,
      stamp: stamp
    ) { _ in .allowed(during: during) }
    guard let written else {
      throw .server(url: store.name, message: "the contact was not written")
    }
    return written
  }

  /// Records a contact attempt, started by the creditor (`basis` `nil`) or by the debtor, when
  /// `check`, given every contact of the journal inside the write's transaction, allows it;
  /// `nil` (nothing written) when it does not.
  ///
  /// Writers that name the same `debtor` check one at a time, on every engine and across
  /// processes and machines: of two contacts at the same instant that the rules allow only one
  /// of, one is written and the other sees it. The entry's basis and the direct contact a
  /// requested one belongs to (as `check` found it) are written in the entry's transaction,
  /// the note prefixed as ``ContactBasis/notePrefix(during:)`` says.
  public func addContact(
    account: String,
    channel: String,
    result: ContactResult,
    note: String? = nil,
    basis: ContactBasis?,
    debtor: String,
    stamp: JournalStamp,
    check: (_ contacts: [JournalEntry]) -> ContactCheck
  ) throws(JournalError) -> JournalEntry? {
    var e = JournalEntry(kind: .contact, account: account, stamp: stamp)
    e.channel = channel
    e.result = result
    e.note = note
    do {
      return try withoutActuallyEscaping(check) { check in
        try store.append(e, agreement: nil, lock: debtor) { contacts, entry in
          guard case .allowed(let during) = check(contacts) else { return false }
          if let basis {
            let prefix = basis.notePrefix(during: during)
            entry.basis = basis
            entry.during = during
            entry.note = note.map { prefix + " " + $0 } ?? prefix
          }
          return true
        }
      }
    } catch {
      throw JournalError(error, path: store.name)
    }
  }
}
