/// A problem in what the user wrote: a command, a script line or a CSV cell.
///
/// Diagnostics carry their location and the source line so the renderer can draw a caret under
/// the offending text. They are thrown with typed throws by the lexer, parser and checker and
/// collected by the CSV loader.
public struct Diagnostic: Error, Hashable, Sendable {
  /// How serious the problem is.
  public enum Severity: String, Hashable, Sendable {
    case error, warning, note
  }

  /// Text of a diagnostic: lowercase, no final period, user text in single quotes.
  public struct Message: Hashable, Sendable, ExpressibleByStringInterpolation,
    CustomStringConvertible
  {
    /// The rendered text.
    public var text: String

    /// Creates a message from a literal or an interpolation.
    public init(stringLiteral value: String) { text = value }

    /// Creates a message from a string.
    public init(_ text: String) { self.text = text }

    /// The rendered text.
    public var description: String { text }
  }

  /// Error, warning or note.
  public var severity: Severity
  /// What went wrong.
  public var message: Message
  /// Where it went wrong; `nil` for problems without a place (a whole file).
  public var range: SourceRange?
  /// The physical source line the range points into, when known.
  public var sourceLine: String?
  /// Extra lines after the caret, such as `did you mean 'overdue'?`.
  public var notes: [Message]

  /// Creates a diagnostic.
  public init(
    _ severity: Severity = .error,
    _ message: Message,
    at range: SourceRange? = nil,
    sourceLine: String? = nil,
    notes: [Message] = []
  ) {
    self.severity = severity
    self.message = message
    self.range = range
    self.sourceLine = sourceLine
    self.notes = notes
  }

  /// Returns a copy with one more note.
  public func noting(_ note: Message) -> Diagnostic {
    var copy = self
    copy.notes.append(note)
    return copy
  }
}
