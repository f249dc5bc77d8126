import CobroDiagnostics
import CobroPortfolio

/// Replays `.cobro` transcripts and compares what they print with their `#>` and `#2>` lines.
///
/// A transcript is a script in which the lines after a command that begin with `#> ` (or are
/// exactly `#>`) hold its expected stdout and those that begin with `#2> ` its expected stderr.
/// Commands on one line (`set format csv; count`) share the block that follows the line.
/// stdout is always compared; stderr is compared where `#2>` lines are given, and a command that
/// fails where no `#2>` lines expect it fails the transcript.
public struct TranscriptRunner {
  /// The result of one transcript.
  public struct Outcome: Sendable {
    /// The transcript's path.
    public var path: String
    /// Whether every block matched.
    public var passed: Bool
    /// The unified diff between the file and what it would be with the actual output.
    public var diff: String
    /// The file's text with the actual output (what `--update` writes).
    public var updated: String
  }

  /// A block of commands ending on the same line and the expected output after them.
  struct Unit {
    var statements: [Statement]
    var expectedOut: [String]
    var expectedErr: [String]
    /// Lines (0-based, in the file) of the expected block, replaced by `--update`.
    var blockLines: [Int]
    /// The line after which the block is written (0-based index of the command's last line).
    var anchorLine: Int
  }

  /// Makes the session a transcript runs in (the caller decides settings such as the as-of date).
  public var makeSession: (_ out: BufferSink, _ err: BufferSink) -> Session

  /// Creates a runner.
  public init(makeSession: @escaping (_ out: BufferSink, _ err: BufferSink) -> Session) {
    self.makeSession = makeSession
  }

  /// Runs one transcript whose text is given.
  public func run(path: String, text: String) -> Outcome {
    let source = SourceFile(name: path, text: text)
    let lines = source.lines
    let statements = Lexer(source: source).statements()
    var units: [Unit] = []
    for st in statements {
      if var last = units.last, last.statements.last?.endLine == st.endLine {
        last.statements.append(st)
        units[units.count - 1] = last
      } else {
        units.append(
          Unit(
            statements: [st],
            expectedOut: [],
            expectedErr: [],
            blockLines: [],
            anchorLine: st.endLine - 1
          )
        )
      }
    }
    // Expected lines: from after the unit's last line to the next unit's first line.
    for u in units.indices {
      let from = units[u].anchorLine + 1
      let to =
        u + 1 < units.count
        ? (units[u + 1].statements.first?.line ?? lines.count + 1) - 1 : lines.count
      var k = from
      while k < to {
        let line = lines[k]
        if line == "#>" || line.hasPrefix("#> ") {
          units[u].expectedOut.append(line == "#>" ? "" : String(line.dropFirst(3)))
          units[u].blockLines.append(k)
        } else if line == "#2>" || line.hasPrefix("#2> ") {
          units[u].expectedErr.append(line == "#2>" ? "" : String(line.dropFirst(4)))
          units[u].blockLines.append(k)
        }
        k += 1
      }
    }
    let out = BufferSink()
    let err = BufferSink()
    let session = makeSession(out, err)
    var passed = true
    var actual: [(out: [String], err: [String], writeErr: Bool)] = []
    for unit in units {
      var ok = true
      for st in unit.statements {
        if !session.execute(st, in: source) { ok = false }
        if session.state.quit { break }
      }
      let o = TranscriptRunner.lines(out.take())
      let e = TranscriptRunner.lines(err.take())
      let checksErr = !unit.expectedErr.isEmpty
      if o != unit.expectedOut { passed = false }
      if checksErr && e != unit.expectedErr { passed = false }
      if !checksErr && !ok { passed = false }
      actual.append((o, e, checksErr || !ok))
      if session.state.quit { break }
    }
    // The file as it would be with the actual output.
    var replaced = Set<Int>()
    var insertAfter: [Int: [String]] = [:]
    for (u, unit) in units.enumerated() where u < actual.count {
      replaced.formUnion(unit.blockLines)
      var block = actual[u].out.map { $0.isEmpty ? "#>" : "#> " + $0 }
      if actual[u].writeErr {
        block += actual[u].err.map { $0.isEmpty ? "#2>" : "#2> " + $0 }
      }
      insertAfter[unit.anchorLine] = block
    }
    var newLines: [String] = []
    for (k, line) in lines.enumerated() {
      if !replaced.contains(k) { newLines.append(line) }
      if let block = insertAfter[k] { newLines.append(contentsOf: block) }
    }
    var oldLines = lines
    if oldLines.last == "" { oldLines.removeLast() }
    if newLines.last == "" { newLines.removeLast() }
    let updated = newLines.joined(separator: "\n") + "\n"
    let diff =
      passed
      ? ""
      : UnifiedDiff.diff(
        old: oldLines,
        new: newLines,
        oldName: path,
        newName: path + " (actual)"
      )
    return Outcome(path: path, passed: passed, diff: diff, updated: updated)
  }

  /// The outcome of replaying, while it fails, the text `outcome` would write (at most `rounds`
  /// more times): inserting or removing expected lines moves the commands below them, and
  /// located diagnostics name lines, so one rewrite may not replay as it is.
  public func settle(_ outcome: Outcome, rounds: Int = 4) -> Outcome {
    var settled = outcome
    for _ in 0..<rounds where !settled.passed {
      settled = run(path: settled.path, text: settled.updated)
    }
    return settled
  }

  /// Splits output into lines, without the empty piece after a final line break.
  static func lines(_ text: String) -> [String] {
    guard !text.isEmpty else { return [] }
    var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if parts.last == "" { parts.removeLast() }
    return parts
  }
}
