import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `record`: writing the session to a transcript.
enum ScriptCommands {
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
    example: "record monthly.cobro\naging by segment\nrecord stop",
    completion: { args in
      guard let first = args.first else { return .paths }
      return args.count == 1 && first.text.lowercased() != "stop" ? .words(["replace"]) : .nothing
    }
  ) { session, inv in
    var cursor = inv.cursor
    let target = try cursor.expectValue("a file name, or 'stop'")
    let stop = target.kind == .word && target.text.lowercased() == "stop"
    let replace = !stop && cursor.peek?.isWord("replace") == true
    if replace { _ = cursor.next() }
    try cursor.expectEnd()
    if stop {
      guard let r = session.state.recorder else {
        throw inv.error("not recording", at: target)
      }
      session.state.recorder = nil
      session.message("recorded to \(r.path)")
      return
    }
    if let r = session.state.recorder {
      throw inv.error(
        "already recording to '\(r.path)'",
        at: target,
        notes: ["'record stop' ends it"]
      )
    }
    let recorder: Recorder
    do {
      // A script's paths are relative to the script, as load's and export's are.
      recorder = try Recorder(
        path: session.resolve(target.text, from: inv.source),
        session: session,
        replace: replace
      )
    } catch let e as CobroError {
      throw inv.error("\(e.description)", at: target)
    }
    session.state.recorder = recorder
    session.message("recording to \(target.text)")
  }
}
