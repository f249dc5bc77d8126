import CobroDiagnostics

/// Splits source text into statements and tokens, following the lexical rules of `spec/cli.md`.
///
/// Commands are separated by `;` or a line break; `\` at the end of a line continues the command;
/// `#` starts a comment that runs to the end of the line; text is quoted with `"…"` or `'…'`, the
/// quote doubled inside; `$NAME` in a word or a double-quoted string is replaced by a parameter.
public struct Lexer {
  /// The source being read.
  public let source: SourceFile
  /// Values of `$NAME` parameters (`--set NAME=VALUE`).
  public var parameters: [String: String]

  /// Creates a lexer over a source.
  public init(source: SourceFile, parameters: [String: String] = [:]) {
    self.source = source
    self.parameters = parameters
  }

  /// Whether `text` ends inside a command that continues on the next line (`\` at the end, an
  /// open parenthesis or an open quote); the prompt then shows `...> ` instead of running it.
  public static func needsMoreInput(_ text: String) -> Bool {
    var continuation = Continuation()
    var more = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      more = continuation.needsMore(after: line)
    }
    return more
  }

  /// Whether the lines read so far end inside a command, fed one line at a time: the same
  /// answer as `needsMoreInput` on the lines joined, in time linear in their length (a comment
  /// ends with its line, so only the open parentheses and an open quote carry over).
  public struct Continuation {
    /// Parentheses open at the end of the lines so far.
    private var depth = 0
    /// The quote of a text still open at the end of the lines so far.
    private var openQuote: Unicode.Scalar?

    /// Creates the state before the first line.
    public init() {}

    /// Reads one more line (without its line break).
    public mutating func needsMore(after line: Substring) -> Bool {
      var rest = Array(line.unicodeScalars)
      if let quote = openQuote {
        // The line starts inside the text: it goes on to its closing quote.
        let (_, end, closed) = Lexer.quoted([quote] + rest, at: 0)
        guard closed else { return true }
        openQuote = nil
        rest = Array(rest[(end - 1)...])
      }
      let scan = LineScan(rest)
      if let last = scan.pieces.last, last.kind == .string, !last.closed, let q = last.quote {
        openQuote = q.unicodeScalars.first
      }
      for piece in scan.pieces {
        switch piece.kind {
        case .leftParen: depth += 1
        case .rightParen: depth = max(0, depth - 1)
        case nil: depth = 0
        default: break
        }
      }
      return scan.continued || depth > 0 || openQuote != nil
    }

    /// Reads one more line (without its line break).
    public mutating func needsMore(after line: String) -> Bool { needsMore(after: line[...]) }
  }

  /// Whether a `;` after `token` is the value of a `delimiter` option (`load FILE delimiter ;`,
  /// `export FILE delimiter ;`) rather than the end of the command.
  ///
  /// Recordings, help and hints write `delimiter ;` unquoted, so it must replay as typed;
  /// `delimiter ";"` works too.
  static func isDelimiterValue(after token: Token?) -> Bool {
    guard let token, token.kind == .word else { return false }
    return token.text.lowercased() == "delimiter"
  }

  /// The statements of the source.
  ///
  /// A command with a lexical error (an unterminated quote, a stray character, an undefined
  /// parameter) is returned with its `error` set, so that the commands around it still run.
  public func statements() -> [Statement] {
    var result: [Statement] = []
    var tokens: [Token] = []
    var pendingError: Diagnostic?
    var textScalars = String.UnicodeScalarView()
    var startLine = 0
    var startColumn = 0
    let lines = source.lines
    var lineIndex = 0
    // Parentheses open in the command so far: a line that leaves one open goes on on the next
    // line, as the prompt reads it (``Continuation``), so a recording replays as typed.
    var depth = 0

    func flush(endLine: Int, endColumn: Int) {
      if !tokens.isEmpty {
        let range = SourceRange(
          file: source.name,
          start: SourceLocation(line: startLine, column: startColumn),
          end: SourceLocation(line: endLine, column: endColumn)
        )
        var text = String(textScalars)
        text = text.trimmingTrailingSpaces()
        result.append(
          Statement(
            tokens: tokens,
            text: text,
            line: startLine,
            endLine: endLine,
            range: range,
            error: pendingError
          )
        )
      }
      pendingError = nil
      tokens = []
      textScalars = String.UnicodeScalarView()
      depth = 0
    }

    while lineIndex < lines.count {
      var lineNumber = source.firstLine + lineIndex
      var scalars = Array(lines[lineIndex].unicodeScalars)
      var i = 0
      var continued = false
      do throws(Diagnostic) {
        while i < scalars.count {
          let c = scalars[i]
          let column = i + 1
          if c == " " || c == "\t" {
            if !tokens.isEmpty { textScalars.append(c) }
            i += 1
            continue
          }
          if c == "#" {
            break
          }
          if c == ";" && !Lexer.isDelimiterValue(after: tokens.last) {
            flush(endLine: lineNumber, endColumn: column)
            i += 1
            continue
          }
          if c == "\\" && scalars[(i + 1)...].allSatisfy({ $0 == " " || $0 == "\t" }) {
            continued = true
            break
          }
          if tokens.isEmpty {
            startLine = lineNumber
            startColumn = column
          }
          var tokenStart = i
          let tokenLine = lineNumber
          let kind: Token.Kind
          var text = ""
          switch c {
          case "(":
            kind = .leftParen
            text = "("
            i += 1
            depth += 1
          case ")":
            kind = .rightParen
            text = ")"
            i += 1
            depth = max(0, depth - 1)
          case ",":
            kind = .comma
            text = ","
            i += 1
          case "=", "<", ">", "~", "!":
            kind = .op
            i += 1
            if i < scalars.count && scalars[i] == "=" && c != "~" {
              text = String(c) + "="
              i += 1
            } else if c == "!" {
              throw source.diagnostic(
                "unexpected '!'",
                at: SourceRange(file: source.name, line: lineNumber, column: column),
                notes: ["write '!=' for 'not equal', or 'not' before a condition"]
              )
            } else {
              text = String(c)
            }
            if text == "==" { text = "=" }
          case "\"", "'":
            kind = .string
            var closed: Bool
            (text, i, closed) = Lexer.quoted(scalars, at: i)
            // A quote left open goes on on the next line, the line break part of the text, as
            // the prompt reads it (``Continuation``).
            let quoteLine = lineNumber
            while !closed && lineIndex + 1 < lines.count {
              for k in tokenStart..<scalars.count { textScalars.append(scalars[k]) }
              textScalars.append("\n")
              lineIndex += 1
              lineNumber = source.firstLine + lineIndex
              scalars = Array(lines[lineIndex].unicodeScalars)
              let (more, end, found) = Lexer.quoted([c] + scalars, at: 0)
              text += "\n" + more
              (i, closed, tokenStart) = (end - 1, found, 0)
            }
            if !closed {
              throw source.diagnostic(
                "unterminated quote",
                at: SourceRange(file: source.name, line: quoteLine, column: column),
                notes: ["close the text with \(c == "\"" ? "\"" : "'")"]
              )
            }
            if c == "\"" {
              text = try substitute(text, line: quoteLine, column: column)
            }
          case ";":
            // `delimiter ;`: the one place a bare `;` is a value, not the end of a command.
            kind = .word
            text = ";"
            i += 1
          default:
            kind = .word
            while i < scalars.count, !Lexer.endsWord(scalars, at: i) {
              text.unicodeScalars.append(scalars[i])
              i += 1
            }
            text = try substitute(text, line: lineNumber, column: column)
          }
          for k in tokenStart..<i { textScalars.append(scalars[k]) }
          tokens.append(
            Token(
              kind: kind,
              text: text,
              range: SourceRange(
                file: source.name,
                start: SourceLocation(line: tokenLine, column: column),
                end: SourceLocation(line: lineNumber, column: i + 1)
              )
            )
          )
        }
      } catch {
        // Keep the statements before the error; the broken command ends at the line's end.
        pendingError = error
        if tokens.isEmpty {
          startLine = lineNumber
          startColumn = error.range?.start.column ?? 1
          tokens.append(
            Token(
              kind: .word,
              text: "",
              range: error.range ?? SourceRange(file: source.name, line: lineNumber, column: 1)
            )
          )
        }
        continued = false
      }
      if continued || (depth > 0 && pendingError == nil) {
        if !tokens.isEmpty { textScalars.append(" ") }
      } else {
        flush(endLine: lineNumber, endColumn: scalars.count + 1)
      }
      lineIndex += 1
    }
    flush(
      endLine: source.firstLine + lines.count - 1,
      endColumn: (lines.last?.unicodeScalars.count ?? 0) + 1
    )
    return result
  }

  /// Replaces `$NAME` and `${NAME}` with parameter values.
  private func substitute(_ text: String, line: Int, column: Int) throws(Diagnostic) -> String {
    guard text.contains("$") else { return text }
    var out = ""
    let s = Array(text.unicodeScalars)
    var i = 0
    while i < s.count {
      guard s[i] == "$", i + 1 < s.count else {
        out.unicodeScalars.append(s[i])
        i += 1
        continue
      }
      var j = i + 1
      var braced = false
      if s[j] == "{" {
        braced = true
        j += 1
      }
      var name = ""
      while j < s.count, s[j].properties.isAlphabetic || s[j] == "_" || ("0"..."9").contains(s[j]) {
        name.unicodeScalars.append(s[j])
        j += 1
      }
      if braced {
        guard j < s.count, s[j] == "}" else {
          out.unicodeScalars.append(s[i])
          i += 1
          continue
        }
        j += 1
      }
      if name.isEmpty || (!braced && name.first?.isNumber == true) {
        // A lone `$` (as in `$ 1.234`) is text, and so is `$5M`: names start with a letter.
        out.unicodeScalars.append(s[i])
        i += 1
        continue
      }
      guard let value = parameters[name] else {
        throw source.diagnostic(
          "undefined parameter '$\(name)'",
          at: SourceRange(file: source.name, line: line, column: column + i, length: j - i),
          notes: ["pass it with --set \(name)=VALUE"]
        )
      }
      out += value
      i = j
    }
    return out
  }
}
