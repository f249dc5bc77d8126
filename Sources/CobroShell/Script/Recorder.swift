import CobroDiagnostics
import CobroJournal
import CobroPortfolio

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a session to a `.cobro` transcript as it happens.
///
/// The file opens with the commands that pin what the output depends on (the portfolio and
/// payments with their SHA-256, the journal, the as-of date and time and every setting), then each command that
/// succeeded followed by its stdout as `#>` lines. Every command is flushed at once, so a crash
/// loses nothing already recorded.
public final class Recorder {
  /// The transcript's path.
  public let path: String
  private let file: UnsafeMutablePointer<FILE>

  /// Creates `path`, readable by its owner only, and writes the pinning header for the
  /// session's state.
  ///
  /// An existing file or a symbolic link is refused unless `replace` (``PrivateFile``).
  public init(path: String, session: Session, replace: Bool = false) throws(CobroError) {
    let fd: Int32
    do {
      fd = try PrivateFile.create(path, replace: replace)
    } catch {
      throw .cannotWrite(path: path, reason: error.description)
    }
    guard let f = fdopen(fd, "w") else {
      let reason = String(cString: strerror(errno)).lowercased()
      close(fd)
      throw .cannotWrite(path: path, reason: reason)
    }
    self.path = path
    self.file = f
    write(try Recorder.header(for: session, recordingAt: path))
  }

  deinit { fclose(file) }

  /// Appends a command and its stdout.
  public func append(command: String, output: String) {
    var text = command + "\n"
    for line in TranscriptRunner.lines(output) {
      text += line.isEmpty ? "#>\n" : "#> " + line + "\n"
    }
    write(text)
  }

  private func write(_ text: String) {
    fputs(text, file)
    fflush(file)
  }

  /// The pinning commands for a session: `load … sha256 …`, then every setting.
  static func header(for session: Session, recordingAt path: String) throws(CobroError) -> String {
    var out =
      "#!/usr/bin/env cobro\n# cobro recording: replay with 'cobro FILE' or compare with 'cobro test FILE'\n"
    let folder = Paths.directory(of: path)
    // The cut-offs added before the portfolio in use was loaded come before its `load`, so that
    // its payments keep the same payments of accounts that left.
    let cutoffs = session.state.history.cutoffs.filter {
      !$0.portfolio.source.hasPrefix(DemoHistory.prefix)
    }
    let atLoad = session.state.historySerialAtLoad
    for c in cutoffs where c.serial <= atLoad {
      out += try historyPin(for: c, relativeTo: folder) + "\n"
    }
    if let load = try loadPin(for: session, relativeTo: folder) {
      out += load + "\n"
    }
    for c in cutoffs where c.serial > atLoad {
      out += try historyPin(for: c, relativeTo: folder) + "\n"
    }
    out += try journalPin(for: session, relativeTo: folder) + "\n"
    for d in session.settingDefinitions where d.pinned {
      guard var v = d.current(session.settings) else { continue }
      // A path setting is written relative to the recording, as `load` is.
      if d.resolvesPath && v != "none" { v = Paths.relative(v, from: folder) }
      out += "set \(d.name) \(Recorder.quote(v))\n"
    }
    return out
  }

  /// The `journal` command that reopens the session's journal: `journal "PATH"` (relative to
  /// the recording) for a file, `journal scratch` for one in memory.
  ///
  /// A file's pin names its newest entry, so that `cobro test` cuts its scratch copy back to
  /// what the recording saw. Entries already in an in-memory journal cannot be pinned: the
  /// session is told that the replay starts without them.
  package static func journalPin(for session: Session, relativeTo folder: String) throws(CobroError)
    -> String
  {
    let key = session.effectiveJournalPath
    let last: Int64
    do {
      last = try session.journal(forWriting: false)?.lastEntryID() ?? 0
    } catch {
      throw .cannotOpen(path: key, reason: error.description)
    }
    if key == Session.memoryJournal {
      if last > 0 {
        session.message(
          "cobro: note: the \(last) entries of the in-memory journal are not in the recording; "
            + "its replay starts with an empty journal ('journal scratch' before 'record' starts "
            + "this session from an empty one too)"
        )
      }
      return "journal \(Session.scratchJournal)"
    }
    if PostgresURL.names(key) {
      // A server's journal is pinned by its URL without the password.
      return "journal \(quote(session.journalDisplayName)) entries \(last)"
    }
    return "journal \(quote(Paths.relative(key, from: folder))) entries \(last)"
  }

  /// The `load` command that reproduces the session's portfolio, with hashes; `nil` without one.
  package static func loadPin(for session: Session, relativeTo folder: String) throws(CobroError)
    -> String?
  {
    guard let p = session.portfolio else { return nil }
    if p.source == DemoPortfolio.name { return "load \(DemoPortfolio.name)" }
    if p.source.hasPrefix(DemoHistory.prefix) { return "history demo" }
    let sha: String
    if let known = p.sha256 { sha = known } else { sha = try FileDigest.sha256(path: p.source) }
    p.sha256 = sha
    var text = "load \(quote(Paths.relative(p.source, from: folder))) sha256 \(sha)"
    if let h = p.payments {
      let psha: String
      if let known = h.sha256 { psha = known } else { psha = try FileDigest.sha256(path: h.source) }
      h.sha256 = psha
      text += " payments \(quote(Paths.relative(h.source, from: folder))) sha256 \(psha)"
    }
    let words = p.options.words
    if !words.isEmpty { text += " " + words }
    if let map = p.options.columnMap {
      text += " map \(quote(Paths.relative(map.source, from: folder)))"
    }
    text += " cutoff \(p.cutoff)"
    return text
  }

  /// Quotes a value when it is not a plain word.
  public static func quote(_ s: String) -> String {
    let plain =
      !s.isEmpty
      && s.unicodeScalars.allSatisfy { u in
        !(u == " " || u == "\t" || u == "\"" || u == "'" || u == ";" || u == "#" || u == "("
          || u == ")" || u == "," || u == "=" || u == "<" || u == ">" || u == "~" || u == "$")
      }
    return plain ? s : "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension Session {
  /// Appends a succeeded command to the recording in progress, if any.
  func recordIfNeeded(_ statement: Statement, output: String) {
    guard let recorder = state.recorder else { return }
    guard let first = statement.tokens.first?.text.lowercased() else { return }
    if first == "record" || first == "grabar" { return }
    if first == "load" || first == "cargar", let pin = state.lastLoadPin {
      recorder.append(command: pin, output: output)
      return
    }
    if ["history", "historia", "cortes"].contains(first), let pin = state.historyPin {
      state.historyPin = nil
      recorder.append(command: pin, output: output)
      return
    }
    if first == "journal" || first == "bitacora", let pin = state.journalPin {
      state.journalPin = nil
      recorder.append(command: pin, output: output)
      return
    }
    recorder.append(command: statement.text, output: output)
  }
}
