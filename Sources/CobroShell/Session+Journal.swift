import CobroJournal
import CobroPortfolio
import Foundation

/// The open journal of a session and the path it was opened for.
package final class JournalBox: Sendable {
  /// The path (or `:memory:`) the journal belongs to.
  package let key: String
  /// The journal.
  package let journal: Journal

  init(key: String, journal: Journal) {
    self.key = key
    self.journal = journal
  }
}

extension Session {
  /// The spelling of an in-memory journal for `journalPath` and `journal`.
  public static let memoryJournal = ":memory:"

  /// The journal file chosen by `--journal`, `$COBRO_JOURNAL` or the `journal` command
  /// (`:memory:` for one in memory); `nil` means the default.
  ///
  /// The default is `cobro.db` in the portfolio's folder; with the demo portfolio (or none) the
  /// journal lives in memory.
  public var journalPath: String? {
    get { state.journalPath }
    set { state.journalPath = newValue }
  }

  /// The spelling of an in-memory journal in a recording's pinning header (`journal scratch`).
  public static let scratchJournal = "scratch"

  /// Whether every journal is opened as an in-memory copy of its file (`cobro test`), so that
  /// replaying a transcript never writes to real data.
  public var journalsAreScratchCopies: Bool {
    get { state.scratchJournals }
    set { state.scratchJournals = newValue }
  }

  /// The newest entry a recording saw in its journal (`journal "PATH" entries N`), or `nil`.
  ///
  /// A scratch copy keeps only the entries up to it; a real journal that has grown since gets a
  /// warning, as a portfolio whose hash differs does.
  public var pinnedJournalEntries: Int64? {
    get { state.journalEntries }
    set { state.journalEntries = newValue }
  }

  /// The PostgreSQL server on which `cobro test` replays journals in memory, each in a scratch
  /// schema of its own (`COBRO_TEST_POSTGRES`), so that transcripts run on both engines.
  public var scratchServer: PostgresURL? {
    get { state.scratchServer }
    set { state.scratchServer = newValue }
  }

  /// The file the journal is (or would be) in, `:memory:`, or a PostgreSQL URL.
  public var effectiveJournalPath: String {
    if let journalPath { return journalPath }
    guard let p = portfolio, p.source != DemoPortfolio.name else { return Session.memoryJournal }
    return Paths.resolve("cobro.db", against: Paths.directory(of: p.source))
  }

  /// The journal, opened on first use and kept for the session.
  ///
  /// Nothing opens it at start-up. When only reading (`forWriting` false) and the file does not
  /// exist yet, returns `nil` (an empty journal) without creating it.
  public func journal(forWriting: Bool) throws(JournalError) -> Journal? {
    let key = effectiveJournalPath
    if let box = state.journal, box.key == key { return box.journal }
    let journal: Journal
    if key == Session.memoryJournal {
      guard forWriting else { return nil }
      if let server = scratchServer {
        journal = try Journal(scratchOn: server)
      } else {
        journal = try Journal()
      }
    } else if PostgresURL.names(key) {
      // A server's journal always exists: reading connects (and creates its schema) too.
      if journalsAreScratchCopies {
        journal = try Journal(scratchCopyOf: key, lastEntry: pinnedJournalEntries)
      } else {
        journal = try Journal(location: key)
        warnIfGrown(journal, key: journal.location)
      }
    } else {
      guard forWriting || fileExists(key) else { return nil }
      if journalsAreScratchCopies {
        journal = try Journal(scratchCopyOf: key, lastEntry: pinnedJournalEntries)
      } else {
        journal = try Journal(path: key)
        warnIfGrown(journal, key: key)
      }
    }
    state.journal = JournalBox(key: key, journal: journal)
    return journal
  }

  /// Warns when `journal` has entries written since the recording being replayed pinned it.
  private func warnIfGrown(_ journal: Journal, key: String) {
    if let pinned = pinnedJournalEntries, let last = try? journal.lastEntryID(), last > pinned {
      message(
        "cobro: warning: journal '\(key)' has \(last - pinned) entries written since it "
          + "was pinned (entries \(pinned)); output that shows the journal may differ"
      )
    }
  }

  /// The journal to write to, created (with its file) when needed.
  public func writableJournal() throws(JournalError) -> Journal {
    guard let journal = try journal(forWriting: true) else {
      throw .cannotOpen(path: journalDisplayName)
    }
    return journal
  }

  /// The journal as messages name it: the file, `:memory:`, or the URL without its password.
  public var journalDisplayName: String {
    let key = effectiveJournalPath
    guard PostgresURL.names(key) else { return key }
    return (try? PostgresURL.parsing(key).description) ?? PostgresURL.redacting(key)
  }

  /// Every entry of the journal, oldest first (empty when there is no journal yet).
  public func journalEntries(account: String? = nil) throws(JournalError) -> [JournalEntry] {
    try journal(forWriting: false)?.entries(account: account) ?? []
  }

  /// Who is writing and when, for a new entry.
  public var journalStamp: JournalStamp {
    JournalStamp(collector: settings.collector, day: settings.asOf, at: settings.atText)
  }

  /// The grace days of `set grace` (0 by default).
  public var graceDays: Int { settings.graceDays }

  /// The days of `set break_after` (30 by default).
  public var breakAfterDays: Int { settings.breakAfterDays }

  private func fileExists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
  }
}
