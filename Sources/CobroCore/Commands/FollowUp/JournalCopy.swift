import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell
import Foundation

/// `journal copy FROM TO [replace]`.
extension JournalCommands {
  /// Copies the journal FROM (a file or a PostgreSQL URL) into TO and says what was checked.
  ///
  /// Under `cobro test` the target is a scratch copy, so that a transcript never writes to a
  /// real journal.
  static func copyJournal(
    _ session: Session,
    _ inv: CommandInvocation,
    _ cursor: inout ArgumentCursor
  )
    throws(Diagnostic)
  {
    let from = try cursor.expectValue("the journal to copy from (a file or a postgresql:// URL)")
    let to = try cursor.expectValue("the journal to copy to (a file or a postgresql:// URL)")
    var replace = false
    if let t = cursor.peek, t.isWord("replace") || t.isWord("force") || t.isWord("reemplazar") {
      _ = cursor.next()
      replace = true
    }
    try cursor.expectEnd()
    let source = try location(session, inv, from)
    let target = try location(session, inv, to)
    guard source != target else {
      throw inv.error("a journal cannot be copied onto itself", at: to)
    }
    if !PostgresURL.names(source), !FileManager.default.fileExists(atPath: source) {
      throw inv.error("journal '\(source)' does not exist", at: from)
    }
    let report = try Arguments.journal(inv, at: from) {
      let a = try Journal(location: source)
      let b =
        session.journalsAreScratchCopies
        ? try Journal(scratchCopyOf: target) : try Journal(location: target)
      return try a.copy(to: b, replace: replace)
    }
    // The session's journal may be the target: it is read afresh.
    session.state.journal = nil
    session.message(
      "journal copy: \(report.entries) \(report.entries == 1 ? "entry" : "entries") "
        + "(\(report.agreements) \(report.agreements == 1 ? "agreement" : "agreements")) from "
        + "\(display(source)) to \(display(target)); read back: same counts, sha256 "
        + report.digest
    )
  }

  /// The file (resolved against the script's folder) or URL a token names.
  private static func location(_ session: Session, _ inv: CommandInvocation, _ t: Token)
    throws(Diagnostic) -> String
  {
    if PostgresURL.names(t.text) {
      do {
        _ = try PostgresURL.parsing(t.text)
        return t.text
      } catch {
        throw inv.error("\(error)", at: t)
      }
    }
    guard !t.text.isEmpty, t.text != Session.memoryJournal, t.text != Session.scratchJournal
    else {
      throw inv.error("expected a journal file or a postgresql:// URL", at: t)
    }
    return session.resolve(t.text, from: inv.source)
  }

  /// A journal as messages name it: a URL without its password.
  private static func display(_ location: String) -> String {
    guard PostgresURL.names(location) else { return location }
    return (try? PostgresURL.parsing(location).description) ?? PostgresURL.redacting(location)
  }
}
