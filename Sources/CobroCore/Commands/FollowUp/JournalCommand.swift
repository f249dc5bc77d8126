import CobroJournal
import CobroPortfolio
import CobroShell
import Foundation

/// `journal [ACCOUNT]`.
extension JournalCommands {
  static let journal = CommandDefinition(
    name: "journal",
    aliases: ["bitacora"],
    group: .followUp,
    synopsis: "journal [FILE [entries N]|scratch]",
    summary: "lists every journal entry; with FILE, uses that journal from now on",
    details: """
      Columns: id, kind, account_id, recorded_at, collector, amount, due_date, channel, result,
      note, cancels, cancelled_by; one row per entry, oldest first. kind is promise, contact,
      agreement or cancel; a cancellation's note is its reason; an agreement's account_id is the
      debtor id when it covers a debtor ('agreements' shows its schedule and state).
      The journal is cobro.db in the portfolio's folder unless --journal FILE, $COBRO_JOURNAL or
      'journal FILE' names another; with the demo portfolio it is in memory unless a file is
      named. 'journal scratch' (or ':memory:') starts an empty journal in memory, gone when the
      session ends. The file is created by the first entry written, never by reading, readable
      by you only (0600) and whole at once: a crash leaves no journal or a working one, and
      processes creating it together wait for each other. A write a crash interrupted is rolled
      back when the journal is next opened. A journal you cannot write is opened read-only:
      it can be read, and a write says so. A file that is not a cobro journal, or is damaged,
      is refused and left untouched.
      A recording pins the journal: 'journal "PATH" entries N' (N, the newest entry when the
      recording began) or 'journal scratch'; a 'journal FILE' typed while recording is opened at
      once (a file that is not a journal is refused) and written pinned the same way.
      'cobro test' replays every transcript against an in-memory copy of the journal it names,
      cut back to entry N, so a test never writes to the file and gives the same output however
      the journal has grown; a plain replay uses the file itself and warns when it has grown
      since.
      FILE may be a PostgreSQL URL instead, and 'journal copy FROM TO [replace]' copies one
      journal into another (below). A team shares one journal in PostgreSQL: 'journal
      "postgresql://USER@HOST:PORT/DB"' (quoted when it has '?' or '='; also
      --journal and $COBRO_JOURNAL). The password comes from the URL, $PGPASSWORD or ~/.pgpass
      and is never printed or recorded; 'sslmode=require' after '?' asks for TLS. Entries, ids,
      states and queries are the same as in a file; a contact is checked against the rules and
      written in one transaction locked on its debtor, so of two collectors contacting one
      debtor at once only the rules' allowance gets through. Ids follow the order the server
      commits. A lost connection fails its command with nothing written; the next command
      connects again. 'cobro test' replays against a scratch schema copied from the journal.
      'journal copy FROM TO' copies every entry and agreement of one journal (a file or a URL)
      into another in one transaction, reads it back and compares counts and a SHA-256 digest;
      a target that has entries is refused unless 'replace' is the last word.
      """,
    example: "contact \(Arguments.exampleAccount) via whatsapp result voicemail\njournal"
  ) { session, inv in
    var cursor = inv.cursor
    if let t = cursor.peek, t.isWord("copy"), inv.args.count > 1 {
      _ = cursor.next()
      try copyJournal(session, inv, &cursor)
      return
    }
    if let t = cursor.next() {
      var pinned: Int64?
      if cursor.accept("entries") {
        let n = try cursor.expectValue("the number of entries")
        guard let v = Int64(n.text), v >= 0 else {
          throw inv.error("expected a number of entries, found '\(n.text)'", at: n)
        }
        pinned = v
      }
      try cursor.expectEnd()
      let memory =
        t.kind == .word && (t.text == Session.memoryJournal || t.text == Session.scratchJournal)
      let server = PostgresURL.names(t.text)
      if server {
        do {
          _ = try PostgresURL.parsing(t.text)
        } catch {
          throw inv.error("\(error)", at: t)
        }
      }
      let path =
        memory
        ? Session.memoryJournal : server ? t.text : session.resolve(t.text, from: inv.source)
      if !memory && !server {
        guard !t.text.isEmpty else {
          throw inv.error(
            "expected a journal file",
            at: t,
            notes: ["for example: journal cobro.db"]
          )
        }
        var folder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &folder), folder.boolValue {
          throw inv.error(
            "'\(t.text)' is a folder, not a journal file",
            at: t,
            notes: ["for example: journal \(Recorder.quote(t.text + "/cobro.db"))"]
          )
        }
      }
      let previous = (session.journalPath, session.pinnedJournalEntries)
      session.journalPath = path
      session.pinnedJournalEntries = memory ? nil : pinned
      // 'journal scratch' starts an empty journal, also when the one in use is in memory.
      var dropped: Int64 = 0
      if memory, let box = session.state.journal,
        box.key == Session.memoryJournal
      {
        dropped = (try? box.journal.lastEntryID()) ?? 0
        session.state.journal = nil
      }
      // While recording, a switch is written pinned to the file's newest entry, as the
      // recording's header pins the journal it started with, so that 'cobro test' cuts its
      // scratch copy back to what the session saw.
      if server && !session.journalsAreScratchCopies {
        // A server is reached at once: one that is down or refuses is said now.
        do {
          _ = try session.journal(forWriting: false)
        } catch {
          (session.journalPath, session.pinnedJournalEntries) = previous
          throw inv.error("\(error)", at: t)
        }
      }
      if pinned == nil, let recorder = session.state.recorder {
        do {
          _ = try session.journal(forWriting: false)
          session.state.journalPin = try Recorder.journalPin(
            for: session,
            relativeTo: Paths.directory(of: recorder.path)
          )
        } catch let e as JournalError {
          (session.journalPath, session.pinnedJournalEntries) = previous
          throw inv.error("\(e.description)", at: t)
        } catch {
          (session.journalPath, session.pinnedJournalEntries) = previous
          throw inv.error("\(String(describing: error))", at: t)
        }
      }
      session.message(
        memory
          ? "journal = scratch (in memory)"
            + (dropped > 0
              ? "; the previous one in memory is gone with its \(dropped) "
                + (dropped == 1 ? "entry" : "entries") : "")
          : session.journalsAreScratchCopies
            ? "journal = \(session.journalDisplayName) (a scratch copy)"
            : "journal = \(session.journalDisplayName)"
      )
      return
    }
    let entries = try Arguments.journal(inv) { try session.journalEntries() }
    var table = ResultTable(columns: [
      .init("id", .integer), .init("kind", .text), .init("account_id", .text),
      .init("recorded_at", .text), .init("collector", .text), .init("amount", .money),
      .init("due_date", .date), .init("channel", .text), .init("result", .text),
      .init("note", .text), .init("cancels", .integer), .init("cancelled_by", .integer),
    ])
    for e in entries {
      table.rows.append([
        .integer(e.id), .text(e.kind.rawValue), .text(e.account), .text(e.recordedAt),
        .text(e.collector), e.amount.map(Cell.money) ?? .empty, e.due.map(Cell.date) ?? .empty,
        e.channel.map(Cell.text) ?? .empty, e.result.map { .text($0.rawValue) } ?? .empty,
        e.note.map(Cell.text) ?? .empty, e.cancels.map(Cell.integer) ?? .empty,
        e.cancelledBy.map(Cell.integer) ?? .empty,
      ])
    }
    session.emit(table)
  }
}
