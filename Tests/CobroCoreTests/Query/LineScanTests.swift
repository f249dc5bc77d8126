import CobroCore
import CobroDiagnostics
import CobroPortfolio
import Testing

/// The prompt's continuation and Tab completion read a line as the lexer does.
@Suite struct LineScanTests {
  /// The kinds and texts of the lexer's tokens of one-line `text`.
  static func lexed(_ text: String) -> [[String]] {
    Lexer(source: SourceFile(name: "<test>", text: text)).statements().map { s in
      s.tokens.map { "\($0.kind) \($0.text)" }
    }
  }

  /// The same from the tolerant scan, commands split at `;`.
  static func scanned(_ text: String) -> [[String]] {
    var commands: [[String]] = [[]]
    for piece in Lexer.LineScan(text.unicodeScalars).pieces {
      if let kind = piece.kind {
        commands[commands.count - 1].append("\(kind) \(piece.text)")
      } else {
        commands.append([])
      }
    }
    return commands.filter { !$0.isEmpty }
  }

  @Test(arguments: [
    "count overdue >= 60 segment B",
    "list columns a,b sort balance desc limit 5",
    "echo 'it''s' \"a (b\" c",
    "x!=1 and (y<2 or z~'ab')",
    "load f.csv delimiter ; dates dmy; count",
    "count (a # (b",
    "echo a\\b c\\",
    "echo ñandú $ 5 5$",
  ])
  func theScanReadsTheTokensTheLexerReads(line: String) {
    #expect(Self.scanned(line) == Self.lexed(line))
  }

  @Test func continuationFollowsTheLexer() {
    // A `\` inside a word is part of it: the lexer runs `echo a\`, so the prompt does too.
    #expect(!Lexer.needsMoreInput("echo a\\"))
    // A `#` that starts a token starts a comment, after a parenthesis as after a blank.
    #expect(Lexer.needsMoreInput("count (# a comment"))
    // A quote left open goes on on the next line, as it does in a script.
    #expect(Lexer.needsMoreInput("echo \"abc \\"))
    #expect(!Lexer.needsMoreInput("echo \"abc\ndef\""))
  }

  @Test func anOpenQuoteGoesOnOnTheNextLineAtThePromptAndInAScript() {
    var continuation = Lexer.Continuation()
    let lines = ["echo 'it''s", "", "(not a paren", "fin' (", "x)"]
    #expect(lines.map { continuation.needsMore(after: $0) } == [true, true, true, true, false])
    let text = lines.joined(separator: "\n") + "\necho 'next\n"
    let statements = Lexer(source: SourceFile(name: "<test>", text: text)).statements()
    #expect(statements.count == 2)
    #expect(statements[0].error == nil)
    #expect(
      statements[0].tokens.map(\.text) == ["echo", "it's\n\n(not a paren\nfin", "(", "x", ")"]
    )
    #expect(statements[0].tokens[1].range.start == SourceLocation(line: 1, column: 6))
    #expect(statements[0].tokens[1].range.end == SourceLocation(line: 4, column: 5))
    // Only a text still open where the source ends is an error, at its opening quote.
    #expect(statements[1].error?.message.text == "unterminated quote")
    #expect(statements[1].error?.range?.start == SourceLocation(line: 6, column: 6))
  }

  @Test func aLineWithAnOpenParenthesisGoesOnOnTheNext() {
    // What the prompt joins while a parenthesis is open is one command when run (and when a
    // recording of it replays), not a command cut at the line break.
    var continuation = Lexer.Continuation()
    let first = continuation.needsMore(after: "count (overdue > 3")
    let second = continuation.needsMore(after: "and segment B)")
    #expect(first && !second)
    let joined = "count (overdue > 3\nand segment B)\ncount"
    let statements = Lexer(source: SourceFile(name: "<test>", text: joined)).statements()
    #expect(statements.map(\.tokens.count) == [9, 1])
    #expect(statements.allSatisfy { $0.error == nil })
    #expect(statements[0].text == "count (overdue > 3 and segment B)")
    // A `;` ends the command, open parenthesis or not.
    let ended = Lexer(source: SourceFile(name: "<test>", text: "count (a; count\ncount"))
    #expect(ended.statements().count == 3)
  }

  @Test func anOpenQuoteIsTheLastPiece() {
    let pieces = Lexer.LineScan("load \"my fi".unicodeScalars).pieces
    #expect(pieces.count == 2)
    #expect(pieces[1].text == "my fi" && pieces[1].quote == "\"" && !pieces[1].closed)
  }
}
