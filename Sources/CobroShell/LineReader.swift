import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
///
/// It reads the descriptor itself rather than through `Swift.readLine`, which retries a read
/// interrupted by Ctrl-C forever; here an interrupted read is reported as `.interrupted`. A last
/// line without a line break is still a line, `\r\n` ends a line like `\n`, and invalid UTF-8
/// is replaced, not refused.
public final class StandardInputLineReader: LineReader {
  /// The descriptor read (standard input unless told otherwise).
  public let descriptor: Int32
  /// Bytes read but not yet handed out.
  private var buffer: [UInt8] = []
  /// Where the next line starts in `buffer`.
  private var start = 0
  /// Whether the descriptor reached its end.
  private var ended = false

  /// Creates a reader of `descriptor`.
  public init(descriptor: Int32 = 0) {
    self.descriptor = descriptor
  }

  /// Reads the next line; Ctrl-C during the read gives `.interrupted`, the end gives
  /// `.endOfInput`.
  public func readLine(prompt: String) -> LineInput {
    while true {
      if let newline = buffer[start...].firstIndex(of: 10) {
        // A CRLF file gives the same lines as an LF one.
        let end = newline > start && buffer[newline - 1] == 13 ? newline - 1 : newline
        let line = String(decoding: buffer[start..<end], as: UTF8.self)
        start = newline + 1
        return .line(line)
      }
      if ended {
        guard start < buffer.count else { return .endOfInput }
        let line = String(decoding: buffer[start...], as: UTF8.self)
        start = buffer.count
        return .line(line)
      }
      if start > 0 {
        buffer.removeSubrange(0..<start)
        start = 0
      }
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if n > 0 {
        buffer.append(contentsOf: chunk[0..<n])
      } else if n == 0 {
        ended = true
      } else if errno == EINTR {
        if Interruption.requested { return .interrupted }
      } else {
        ended = true
      }
    }
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
