extension Lexer {
  /// One line read by the lexer's rules without ever failing: what continuation at the prompt
  /// and Tab completion read, as `statements()` reads a line to run it.
  ///
  /// An unterminated quote is an open last piece instead of an error, a lone `!` an operator,
  /// and `$NAME` is left as typed. A `#` at the start of a token starts a comment; a `\` at the
  /// start of a token with only blanks after it continues the line; a `;` ends a command,
  /// except as the value after `delimiter`.
  public struct LineScan: Sendable {
    /// One token of the line, or the end of a command.
    public struct Piece: Equatable, Sendable {
      /// The token's kind; `nil` for a `;` that ends a command.
      public var kind: Token.Kind?
      /// The word, the quoted text without its quotes (a doubled quote read as one), or the
      /// operator.
      public var text: String
      /// Index of its first character (the opening quote of a string) among the line's scalars.
      public var start: Int
      /// The opening quote of a string.
      public var quote: Character?
      /// Whether a string's closing quote is on the line.
      public var closed = true
    }

    /// The pieces in order; an open string, if any, is the last.
    public private(set) var pieces: [Piece] = []
    /// Index of the `#` that starts a comment, if one does.
    public private(set) var commentStart: Int?
    /// Whether a `\` continues the line on the next one.
    public private(set) var continued = false

    /// Reads a line (a line break inside it is read as a blank).
    public init<S: Sequence<Unicode.Scalar>>(_ line: S) {
      let s = Array(line)
      var i = 0
      while i < s.count {
        let c = s[i]
        if c == " " || c == "\t" || c == "\n" {
          i += 1
          continue
        }
        if c == "#" {
          commentStart = i
          return
        }
        if c == ";" {
          let last = pieces.last
          let isValue = last?.kind == .word && last?.text.lowercased() == "delimiter"
          pieces.append(Piece(kind: isValue ? .word : nil, text: ";", start: i))
          i += 1
          continue
        }
        if c == "\\" && s[(i + 1)...].allSatisfy({ $0 == " " || $0 == "\t" }) {
          continued = true
          return
        }
        let start = i
        switch c {
        case "(", ")", ",":
          let kind: Token.Kind = c == "(" ? .leftParen : c == ")" ? .rightParen : .comma
          pieces.append(Piece(kind: kind, text: String(c), start: start))
          i += 1
        case "=", "<", ">", "~", "!":
          var op = String(c)
          i += 1
          if i < s.count && s[i] == "=" && c != "~" {
            op += "="
            i += 1
          }
          pieces.append(Piece(kind: .op, text: op, start: start))
        case "\"", "'":
          let (body, end, closed) = Lexer.quoted(s, at: i)
          i = end
          pieces.append(
            Piece(kind: .string, text: body, start: start, quote: Character(c), closed: closed)
          )
        default:
          var word = ""
          while i < s.count, !Lexer.endsWord(s, at: i) {
            word.unicodeScalars.append(s[i])
            i += 1
          }
          pieces.append(Piece(kind: .word, text: word, start: start))
        }
      }
    }
  }

  /// The text quoted from the quote at `i` to its closing quote (a doubled quote read as one),
  /// the index after it, and whether the closing quote was found (else the text runs to the
  /// end).
  static func quoted(_ s: [Unicode.Scalar], at i: Int) -> (String, Int, Bool) {
    let q = s[i]
    var text = ""
    var j = i + 1
    while j < s.count {
      if s[j] == q {
        if j + 1 < s.count && s[j + 1] == q {
          text.unicodeScalars.append(q)
          j += 2
          continue
        }
        return (text, j + 1, true)
      }
      text.unicodeScalars.append(s[j])
      j += 1
    }
    return (text, j, false)
  }

  /// Whether the scalar at `i` ends a word: a blank, a parenthesis, a comma, an operator, a
  /// `;`, a quote, or the `!` of `!=`.
  static func endsWord(_ s: [Unicode.Scalar], at i: Int) -> Bool {
    let d = s[i]
    return d == " " || d == "\t" || d == "\n" || d == "(" || d == ")" || d == "," || d == "="
      || d == "<" || d == ">" || d == "~" || d == ";" || d == "\"" || d == "'"
      || (d == "!" && i + 1 < s.count && s[i + 1] == "=")
  }
}
