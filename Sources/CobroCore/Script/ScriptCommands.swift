/// `record`: writing the session to a transcript.
enum ScriptCommands {
  static var all: [CommandDefinition] { [record] }

  static let record = CommandDefinition(
    name: "record",
    aliases: ["grabar"],
    group: .script,
    synopsis: "record FILE [replace] | stop",
    summary: "write this session to a .cobro script that replays byte for byte",
    details: """
      The file starts with the commands that pin the output: the portfolio and payments with
      their sha256, the journal ('journal "PATH" entries N' or 'journal scratch') and every
      setting (asof, at, format, limit, width, …). Then each command that succeeds is written
      with its stdout as '#>' lines. 'cobro FILE' replays it; 'cobro test FILE' replays it on a
      scratch copy of the journal and compares. A replay warns when a file's hash differs or
      the journal has grown.
      The recording is created readable by you only (0600); an existing file or a symbolic
      link is refused unless 'replace' follows the name.
      """,
    example: "record monthly.cobro\naging by segment\nrecord stop"
  ) { session, inv in
    var cursor = inv.cursor
    let target = try cursor.expectValue("a file name, or 'stop'")
    let stop = target.kind == .word && target.text.lowercased() == "stop"
    let replace = !stop && cursor.peek?.isWord("replace") == true
    if replace { _ = cursor.next() }
    try cursor.expectEnd()
    if stop {
      guard let r = session.state["recorder"] as? RecorderBox else {
        throw inv.error("not recording", at: target)
      }
      session.state["recorder"] = nil
      session.message("recorded to \(r.recorder.path)")
      return
    }
    if let r = session.state["recorder"] as? RecorderBox {
      throw inv.error(
        "already recording to '\(r.recorder.path)'",
        at: target,
        notes: ["'record stop' ends it"]
      )
    }
    let recorder: Recorder
    do {
      recorder = try Recorder(path: target.text, session: session, replace: replace)
    } catch let e as CobroError {
      throw inv.error("\(e.description)", at: target)
    }
    session.state["recorder"] = RecorderBox(recorder: recorder)
    session.message("recording to \(target.text)")
  }
}

/// Holds the recorder in the session's state.
final class RecorderBox: @unchecked Sendable {
  let recorder: Recorder
  init(recorder: Recorder) { self.recorder = recorder }
}

extension Session {
  /// Appends a succeeded command to the recording in progress, if any.
  func recordIfNeeded(_ statement: Statement, output: String) {
    guard let box = state["recorder"] as? RecorderBox else { return }
    guard let first = statement.tokens.first?.text.lowercased() else { return }
    if first == "record" || first == "grabar" { return }
    if first == "load" || first == "cargar", let pin = state["lastLoadPin"] as? String {
      box.recorder.append(command: pin, output: output)
      return
    }
    if first == "journal" || first == "bitacora", let pin = state["journalPin"] as? String {
      state["journalPin"] = nil
      box.recorder.append(command: pin, output: output)
      return
    }
    box.recorder.append(command: statement.text, output: output)
  }
}
