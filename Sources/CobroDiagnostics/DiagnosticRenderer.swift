/// Turns diagnostics into the text of `spec/cli.md`: location line, source line, caret, notes.
///
/// This is the one funnel through which every diagnostic reaches the user.
public struct DiagnosticRenderer: Sendable {
  /// Whether to colour the severity word (only on a terminal).
  public var colored: Bool

  /// Creates a renderer.
  public init(colored: Bool = false) {
    self.colored = colored
  }

  /// Renders one diagnostic, ending with a newline.
  ///
  /// ```
  /// collections.cobro:3:1: error: unknown column 'overdeu'
  /// 3 | overdeu > 60 segment B
  ///   | ^^^^^^^
  /// note: did you mean 'overdue'?
  /// ```
  public func render(_ d: Diagnostic) -> String {
    var out = ""
    let severity = colored ? paint(d.severity) : d.severity.rawValue
    if let r = d.range {
      out += "\(r.file):\(r.start.line):\(r.start.column): \(severity): \(d.message.text)\n"
      if let src = d.sourceLine {
        let gutter = String(r.start.line)
        let shown = Self.visible(src)
        let full: Int
        if r.end.line == r.start.line {
          full = max(1, r.end.column - r.start.column)
        } else {
          full = max(1, shown.count - r.start.column + 1)
        }
        let (excerpt, at, width) = Self.excerpt(shown, at: r.start.column - 1, width: full)
        out += "\(gutter) | \(excerpt)".trimmingTrailingSpaces() + "\n"
        let pad = String(repeating: " ", count: max(0, at))
        let marks = String(repeating: "^", count: width)
        out += String(repeating: " ", count: gutter.count) + " | " + pad + marks + "\n"
      }
    } else {
      out += "\(severity): \(d.message.text)\n"
    }
    for note in d.notes {
      out += "note: \(note.text)\n"
    }
    return out
  }

  /// The longest source line shown whole; a longer one (a record with a huge cell) is shown as
  /// this many characters around the start of the range, marked `…` where it was cut.
  static let widestLine = 200

  /// The part of `line` to show, where the range starting at character `start` begins in it,
  /// and how many of its `width` characters it holds.
  static func excerpt(_ line: String, at start: Int, width: Int) -> (String, Int, Int) {
    let chars = Array(line)
    guard chars.count > widestLine else { return (line, start, width) }
    let from = max(0, min(start - 40, chars.count - widestLine))
    let to = min(chars.count, from + widestLine)
    let text = (from > 0 ? "…" : "") + String(chars[from..<to]) + (to < chars.count ? "…" : "")
    let at = start - from + (from > 0 ? 1 : 0)
    return (text, at, max(1, min(width, to - start)))
  }

  /// Replaces tabs and control characters so that the caret lines up.
  static func visible(_ line: String) -> String {
    String(
      String.UnicodeScalarView(
        line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }
      )
    )
  }

  private func paint(_ s: Diagnostic.Severity) -> String {
    switch s {
    case .error: "\u{1B}[1;31merror\u{1B}[0m"
    case .warning: "\u{1B}[1;33mwarning\u{1B}[0m"
    case .note: "\u{1B}[1mnote\u{1B}[0m"
    }
  }
}

extension String {
  /// The string without trailing spaces (no output line of cobro ends in spaces).
  public func trimmingTrailingSpaces() -> String {
    var s = Substring(self)
    while let last = s.last, last == " " || last == "\t" { s.removeLast() }
    return String(s)
  }
}
