import CobroJournal
import CobroShell
import Foundation

/// `cancel N`.
extension JournalCommands {
  static let cancel = CommandDefinition(
    name: "cancel",
    aliases: ["anular"],
    group: .followUp,
    synopsis: "cancel ENTRY_ID reason TEXT",
    summary: "cancels a mistaken journal entry (promise, contact, agreement), keeping it",
    details: """
      Entries are never deleted: 'cancel' writes a new entry that points at ENTRY_ID and says
      why. A cancelled promise no longer counts in 'promises' filters and summaries, but
      'promises' and 'journal' still list it, with state cancelled and the cancelling entry.
      A cancelled agreement ('agree') stays in 'agreements' with state cancelled, and its
      accounts can get a new one.
      An entry is cancelled at most once, and a cancellation cannot be cancelled (record the
      entry again instead). The reason is required: the rest of the line, or a quoted string.
      """,
    example:
      "promise \(Arguments.exampleAccount) 1000 on tomorrow\ncancel 1 reason \"wrong account\"",
    completion: { _ in .nothing }
  ) { session, inv in
    var cursor = inv.cursor
    let idToken = try cursor.expectValue("the number of the entry to cancel")
    guard let id = Int64(idToken.text), id > 0 else {
      throw inv.error(
        "'\(idToken.text)' is not an entry number",
        at: idToken,
        notes: ["'journal' lists the entries"]
      )
    }
    guard cursor.accept("reason") || cursor.accept("motivo") else {
      throw inv.error("expected 'reason TEXT'", at: cursor.peek, notes: ["a cancellation says why"])
    }
    let reason = try Arguments.text(inv, &cursor, "the reason")
    let entry = try Arguments.journal(inv, at: idToken) {
      guard let journal = try session.journal(forWriting: false) else {
        throw JournalError.noSuchEntry(id)
      }
      return try journal.cancel(id, reason: reason, stamp: session.journalStamp)
    }
    session.message(
      "entry \(entry.id): cancelled entry \(id) (\(entry.collector), \(entry.recordedAt))"
    )
  }
}
