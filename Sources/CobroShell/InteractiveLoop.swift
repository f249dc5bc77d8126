import CobroDiagnostics
import CobroPortfolio

/// The read-eval-print loop of the prompt, independent of how lines are read.
///
/// It shows `cobro NAME ASOF> `, gathers a command continued with `\` over `...> ` lines, adds
/// each command to the history as one entry, runs it through `Session.runInteractive(_:)` and
/// carries on after errors. Ctrl-C at the prompt drops what was typed; Ctrl-C during a command
/// stops it (commands poll `Interruption.requested`) and the prompt comes back. `quit` and end of
/// input leave with status 0, whatever errors were shown.
public final class InteractiveLoop {
  /// The session commands run in.
  public let session: Session
  /// Where lines come from.
  public let reader: any LineReader
  /// Whether the prompt is coloured.
  public var coloredPrompt: Bool
  /// Called before each command runs (the executable refreshes the terminal width there).
  public var beforeCommand: () -> Void = {}
  /// Called after each command (the executable flushes stdout there).
  public var afterCommand: () -> Void = {}

  /// The prompt of a continuation line.
  public static let continuationPrompt = "...> "

  /// Creates a loop reading from `reader` into `session`.
  public init(session: Session, reader: any LineReader, coloredPrompt: Bool = false) {
    self.session = session
    self.reader = reader
    self.coloredPrompt = coloredPrompt
  }

  /// Runs until `quit` or end of input and returns the exit status (always 0).
  @discardableResult
  public func run() -> Int32 {
    var pending: [String] = []
    var continuation = Lexer.Continuation()
    while true {
      let prompt =
        pending.isEmpty
        ? Self.prompt(for: session, colored: coloredPrompt) : Self.continuationPrompt
      switch reader.readLine(prompt: prompt) {
      case .endOfInput:
        return ExitStatus.success
      case .interrupted:
        pending = []
        continuation = Lexer.Continuation()
        Interruption.clear()
      case .line(let line):
        pending.append(line)
        if continuation.needsMore(after: line) { continue }
        let entry = pending.joined(separator: "\n")
        pending = []
        continuation = Lexer.Continuation()
        guard entry.contains(where: { $0 != " " && $0 != "\t" }) else { continue }
        reader.addToHistory(entry)
        Interruption.clear()
        beforeCommand()
        let outcome = session.runInteractive(entry)
        afterCommand()
        Interruption.clear()
        if outcome.quit { return ExitStatus.success }
      }
    }
  }

  /// The main prompt: `cobro NAME ASOF> `, NAME being the portfolio's file name without folder
  /// and extension (`demo` for the built-in one).
  ///
  /// Coloured, the word `cobro` is bold green and the name cyan; the escapes are plain ANSI
  /// sequences that a line editor must mark as invisible.
  public static func prompt(for session: Session, colored: Bool) -> String {
    let date = session.settings.asOf.description
    let name = session.portfolio.map { portfolioName($0.source) }
    if colored {
      let shownName = name.map { " \u{1B}[36m\($0)\u{1B}[0m" } ?? ""
      return "\u{1B}[1;32mcobro\u{1B}[0m\(shownName) \(date)> "
    }
    return "cobro" + (name.map { " " + $0 } ?? "") + " \(date)> "
  }

  /// `cartera/2026-11.csv` → `2026-11`.
  static func portfolioName(_ source: String) -> String {
    var base = Substring(source)
    if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
    if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = base[..<dot] }
    let shown = String(base)
    return shown.isEmpty ? source : shown
  }
}
