/// What reading one line of input gave.
public enum LineInput: Hashable, Sendable {
  /// A line, without its line break.
  case line(String)
  /// Ctrl-C at the prompt: the line being typed is dropped.
  case interrupted
  /// End of input (Ctrl-D on an empty line, or the end of a pipe).
  case endOfInput
}

/// Where the shell gets its lines: a line editor on a terminal, a pipe, or a fixed list in tests.
///
/// The shell never touches the terminal itself, as Lua and the SQLite shell hide readline behind
/// a few names: the executable's `EditLineReader` (libedit) implements this protocol, and so do
/// `StandardInputLineReader` and `ScriptedLineReader` here.
public protocol LineReader: AnyObject {
  /// Shows `prompt` (when the reader shows prompts) and reads one line.
  func readLine(prompt: String) -> LineInput
  /// Remembers one command (possibly of several lines) for recall and saves the history.
  func addToHistory(_ entry: String)
}

/// A reader of standard input when it is not a terminal: no prompt, no editing, no history.
public final class StandardInputLineReader: LineReader {
  /// Creates a reader of standard input.
  public init() {}

  /// Reads the next line; a read interrupted by Ctrl-C counts as interrupted, not as the end.
  public func readLine(prompt: String) -> LineInput {
    if let line = Swift.readLine(strippingNewline: true) { return .line(line) }
    return Interruption.requested ? .interrupted : .endOfInput
  }

  /// Does nothing: piped commands are never written to the history.
  public func addToHistory(_ entry: String) {}
}

/// A reader that hands out a fixed list of inputs, for tests.
///
/// It records the prompts it was asked to show and the history entries it was given.
public final class ScriptedLineReader: LineReader {
  /// The inputs still to hand out, first first.
  public private(set) var pending: [LineInput]
  /// Every prompt shown, in order.
  public private(set) var prompts: [String] = []
  /// Every history entry added, in order.
  public private(set) var history: [String] = []

  /// Creates a reader of the given lines (then end of input).
  public init(lines: [String]) {
    pending = lines.map { .line($0) }
  }

  /// Creates a reader of the given inputs, which may include Ctrl-C (then end of input).
  public init(inputs: [LineInput]) {
    pending = inputs
  }

  /// Returns the next input, or `.endOfInput` when there is none left.
  public func readLine(prompt: String) -> LineInput {
    prompts.append(prompt)
    guard !pending.isEmpty else { return .endOfInput }
    return pending.removeFirst()
  }

  /// Records the entry.
  public func addToHistory(_ entry: String) {
    history.append(entry)
  }
}
