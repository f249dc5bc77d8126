import CobroDiagnostics

/// One token of a command: a kind, its text and where it was typed.
///
/// Tokens are views of the source: `range` locates them for diagnostics; `text` is the word, the
/// unquoted content of a quoted string, or the operator's spelling.
public struct Token: Hashable, Sendable, CustomStringConvertible {
  /// What a token is.
  public enum Kind: Hashable, Sendable {
    /// A bare word: a name, a number, a date, a path, `61-90`, `5M`, `24%`.
    case word
    /// A quoted string (`"Santa Marta"`, `'O''Neil'`).
    case string
    /// A comparison operator: `=`, `!=`, `<`, `<=`, `>`, `>=`, `~`.
    case op
    /// `(`.
    case leftParen
    /// `)`.
    case rightParen
    /// `,`.
    case comma
  }

  /// The kind of token.
  public var kind: Kind
  /// The word, the unquoted string, or the operator.
  public var text: String
  /// Where the token is, quotes included.
  public var range: SourceRange

  /// Creates a token.
  public init(kind: Kind, text: String, range: SourceRange) {
    self.kind = kind
    self.text = text
    self.range = range
  }

  /// Whether this is the bare word `w`, ignoring case, or a Spanish word for the keyword `w`
  /// (``SpanishWords``).
  public func isWord(_ w: String) -> Bool {
    guard kind == .word else { return false }
    let lower = text.lowercased()
    return lower == w || SpanishWords.keyword(lower) == w
  }

  /// The keyword a bare word stands for: lowercased, a Spanish word read as its English
  /// keyword (`cuotas` is `installments`); empty for other tokens.
  public var keyword: String {
    kind == .word ? SpanishWords.keyword(text.lowercased()) : ""
  }

  /// The token as it would be typed back.
  public var description: String {
    switch kind {
    case .string: "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    default: text
    }
  }
}

/// One command of a source: its tokens and its text.
public struct Statement: Sendable {
  /// The tokens, without separators and comments.
  public var tokens: [Token]
  /// The command's text as typed (continuations joined with a line break).
  public var text: String
  /// The line where the command starts.
  public var line: Int
  /// The line after which the next statement begins: the line of the `;` or line break ending
  /// this command (for `#>` expected output in transcripts).
  public var endLine: Int
  /// The range of the whole command.
  public var range: SourceRange
  /// A lexical error in the command (an unterminated quote…); the command cannot run.
  public var error: Diagnostic?

  /// Creates a statement.
  package init(
    tokens: [Token],
    text: String,
    line: Int,
    endLine: Int,
    range: SourceRange,
    error: Diagnostic? = nil
  ) {
    self.tokens = tokens
    self.text = text
    self.line = line
    self.endLine = endLine
    self.range = range
    self.error = error
  }
}
