import GRDB

extension Journal {
  /// Migration "v3": why a contact was allowed when the debtor started it or asked for it.
  ///
  /// `contact_basis` has one row per contact entry logged `inbound` or `requested`
  /// (``ContactBasis``); `during` is, for a requested one, the direct contact it belongs to.
  /// Contacts without a row were started by the creditor. Rows go with their entry when a
  /// scratch copy is cut back (`ON DELETE CASCADE`).
  @Sendable static func createContactBasisTable(_ db: Database) throws {
    try db.create(table: "contact_basis") { t in
      t.primaryKey("entry", .integer).references("entry", onDelete: .cascade)
      t.column("basis", .text).notNull()
      t.column("during", .integer).references("entry", onDelete: .cascade)
    }
  }

  /// Records a contact the debtor started or asked for, and why, in one transaction.
  ///
  /// The note is kept with the basis before it (`[inbound] …`, `[requested in entry 12] …`),
  /// so every listing of the journal shows why the contact was allowed.
  @discardableResult
  public func addContact(
    account: String,
    channel: String,
    result: ContactResult,
    note: String?,
    basis: ContactBasis,
    during: Int64?,
    stamp: JournalStamp
  ) throws(JournalError) -> JournalEntry {
    var e = JournalEntry(kind: .contact, account: account, stamp: stamp)
    e.channel = channel
    e.result = result
    let prefix = basis.notePrefix(during: during)
    e.note = note.map { prefix + " " + $0 } ?? prefix
    let draft = e
    return try write { db in
      let entry = try Journal.insert(draft, db)
      try db.execute(
        sql: "INSERT INTO contact_basis (entry, basis, during) VALUES (?, ?, ?)",
        arguments: [entry.id, basis.rawValue, during]
      )
      return entry
    }
  }

  /// The basis of every contact logged `inbound` or `requested`, by entry id.
  public func contactBases() throws(JournalError) -> [Int64: ContactBasis] {
    try read { db in
      var out: [Int64: ContactBasis] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT entry, basis FROM contact_basis") {
        if let basis = ContactBasis(rawValue: row["basis"]) { out[row["entry"]] = basis }
      }
      return out
    }
  }
}
