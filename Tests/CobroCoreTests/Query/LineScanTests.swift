import CobroCore
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
    // An unterminated quote is an error when run, not a reason to wait.
    #expect(!Lexer.needsMoreInput("echo \"abc \\"))
  }

  @Test func anOpenQuoteIsTheLastPiece() {
    let pieces = Lexer.LineScan("load \"my fi".unicodeScalars).pieces
    #expect(pieces.count == 2)
    #expect(pieces[1].text == "my fi" && pieces[1].quote == "\"" && !pieces[1].closed)
  }
}
