/// A position in a file, a script or a typed command.
///
/// `line` is the 1-based physical line; `column` the 1-based character (not byte) position on it,
/// as `spec/cli.md` fixes them.
public struct SourceLocation: Hashable, Sendable, Comparable {
  /// 1-based physical line.
  public var line: Int
  /// 1-based character position on the line.
  public var column: Int

  /// Creates a location from a 1-based line and column.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// Orders locations by line, then column.
  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }
}

/// A span of source text: the file it is in and where it starts and ends.
///
/// `end` is exclusive. `file` is what the first line of a diagnostic names: a path, `<input>` at
/// the prompt, or `<command-N>` for the N-th command of `-c`.
public struct SourceRange: Hashable, Sendable {
  /// The name diagnostics print before the line and column.
  public var file: String
  /// The first character of the range.
  public var start: SourceLocation
  /// One past the last character of the range (same line for a single-line range).
  public var end: SourceLocation

  /// Creates a range.
  public init(file: String, start: SourceLocation, end: SourceLocation) {
    self.file = file
    self.start = start
    self.end = end
  }

  /// Creates a single-line range of `length` characters starting at `line`:`column`.
  public init(file: String, line: Int, column: Int, length: Int = 1) {
    self.file = file
    self.start = SourceLocation(line: line, column: column)
    self.end = SourceLocation(line: line, column: column + max(length, 1))
  }
}
