/// A source of commands: a script file, the prompt, or one `-c` command.
public struct SourceFile: Sendable {
  /// The name diagnostics print (`monthly.cobro`, `<input>`, `<command-2>`).
  public var name: String
  /// The whole text.
  public var text: String
  /// The physical lines of `text`, without line breaks.
  public let lines: [String]
  /// The first line's number (a prompt line continued with `\` keeps counting from 1).
  public var firstLine: Int

  /// Creates a source.
  public init(name: String, text: String, firstLine: Int = 1) {
    self.name = name
    self.text = text
    self.firstLine = firstLine
    var lines: [String] = []
    var current = ""
    for ch in text.unicodeScalars {
      if ch == "\n" {
        if current.hasSuffix("\r") { current.removeLast() }
        lines.append(current)
        current = ""
      } else {
        current.unicodeScalars.append(ch)
      }
    }
    if current.hasSuffix("\r") { current.removeLast() }
    lines.append(current)
    self.lines = lines
  }

  /// The text of physical line `n` (as numbered in diagnostics).
  public func line(_ n: Int) -> String? {
    let i = n - firstLine
    return i >= 0 && i < lines.count ? lines[i] : nil
  }

  /// A diagnostic at `range`, with the source line attached.
  public func diagnostic(
    _ message: Diagnostic.Message,
    at range: SourceRange,
    notes: [Diagnostic.Message] = []
  ) -> Diagnostic {
    Diagnostic(.error, message, at: range, sourceLine: line(range.start.line), notes: notes)
  }
}
