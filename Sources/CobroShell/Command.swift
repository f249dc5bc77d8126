import CobroDiagnostics
import CobroPortfolio

/// The task a command serves, for grouping `help`.
public enum CommandGroup: String, Sendable, CaseIterable {
  /// Load, validate and explore a portfolio.
  case explore = "explore"
  /// Plans, offers and what-if simulations.
  case negotiate = "negotiate"
  /// Promises, agreements, contacts, messages.
  case followUp = "follow up"
  /// Scripts, recording, settings, the session itself.
  case script = "script and session"
}

/// A command of the language: its name, its help and what it does.
///
/// Each command's help text sits beside its code; `help` lists them by group.
public struct CommandDefinition: Sendable {
  /// The word that starts the command.
  public var name: String
  /// Other words for it (Spanish names, `exit` for `quit`).
  public var aliases: [String] = []
  /// Its group in `help`.
  public var group: CommandGroup
  /// Its syntax (`count [FILTER]`).
  public var synopsis: String
  /// One line saying what it does.
  public var summary: String
  /// Longer help, shown by `help NAME`.
  public var details: String = ""
  /// A worked example that runs on the demo portfolio.
  public var example: String = ""
  /// What Tab offers after the words typed so far after the command word (a filter unless the
  /// command says otherwise).
  public var completion: @Sendable (ArraySlice<ScanToken>) -> ArgumentCompletion
  /// Runs the command; `args` are the tokens after the command word.
  public var run: @Sendable (Session, CommandInvocation) throws -> Void

  /// Creates a command.
  public init(
    name: String,
    aliases: [String] = [],
    group: CommandGroup,
    synopsis: String,
    summary: String,
    details: String = "",
    example: String = "",
    completion: @escaping @Sendable (ArraySlice<ScanToken>) -> ArgumentCompletion = { _ in
      .filter(listing: false)
    },
    run: @escaping @Sendable (Session, CommandInvocation) throws -> Void
  ) {
    self.name = name
    self.aliases = aliases
    self.group = group
    self.synopsis = synopsis
    self.summary = summary
    self.details = details
    self.example = example
    self.completion = completion
    self.run = run
  }
}

/// What a command's grammar offers for the word being typed, given the words before it.
public enum ArgumentCompletion: Equatable, Sendable {
  /// A filter: field names, then the values of the field just typed; with `listing`, the words
  /// start with field names (`sum FIELD [FILTER]`).
  case filter(listing: Bool)
  /// Account ids of the portfolio.
  case accounts
  /// Field names.
  case fields
  /// Names of the fields that hold amounts or whole numbers (`sum`, `avg`).
  case numericFields
  /// Command names.
  case commands
  /// Setting names.
  case settings
  /// File paths.
  case paths
  /// Nothing: ids, numbers and free text are typed.
  case nothing
  /// The values of a field.
  case values(String)
  /// These words.
  case words([String])

  /// `words` less those already among `args` (clauses given at most once).
  public static func unused(_ words: [String], in args: ArraySlice<ScanToken>) -> Self {
    let used = Set(args.filter { $0.kind == .word }.map { $0.text.lowercased() })
    return .words(words.filter { !used.contains($0) })
  }
}

/// One use of a command: its tokens, the statement and the source they come from.
public struct CommandInvocation: Sendable {
  /// The command word.
  public var word: Token
  /// The tokens after the command word.
  public var args: [Token]
  /// The whole statement.
  public var statement: Statement
  /// The source, for diagnostics with the source line.
  public var source: SourceFile

  /// A diagnostic located at a token (or at the end of the command when `token` is nil).
  public func error(
    _ message: Diagnostic.Message,
    at token: Token? = nil,
    notes: [Diagnostic.Message] = []
  ) -> Diagnostic {
    let range: SourceRange
    if let token {
      range = token.range
    } else {
      let last = args.last ?? word
      range = SourceRange(file: last.range.file, start: last.range.end, end: last.range.end)
    }
    return source.diagnostic(message, at: range, notes: notes)
  }

  /// A cursor over the arguments for hand-written argument parsing.
  public var cursor: ArgumentCursor { ArgumentCursor(invocation: self) }

  /// Creates an invocation.
  package init(word: Token, args: [Token], statement: Statement, source: SourceFile) {
    self.word = word
    self.args = args
    self.statement = statement
    self.source = source
  }
}

/// Walks the arguments of a command, with located errors.
public struct ArgumentCursor: Sendable {
  /// The invocation being read.
  public let invocation: CommandInvocation
  /// Index of the next token.
  public var index = 0

  /// Creates a cursor at the first argument.
  public init(invocation: CommandInvocation) {
    self.invocation = invocation
  }

  /// Whether every argument was read.
  public var atEnd: Bool { index >= invocation.args.count }

  /// The next token without consuming it.
  public var peek: Token? { atEnd ? nil : invocation.args[index] }

  /// Consumes and returns the next token.
  public mutating func next() -> Token? {
    guard !atEnd else { return nil }
    defer { index += 1 }
    return invocation.args[index]
  }

  /// Consumes the next token when it is the word `w` (ignoring case).
  public mutating func accept(_ w: String) -> Bool {
    if let t = peek, t.isWord(w) {
      index += 1
      return true
    }
    return false
  }

  /// The next word or string, or an error saying what was expected.
  public mutating func expectValue(_ what: String) throws(Diagnostic) -> Token {
    guard let t = next(), t.kind == .word || t.kind == .string else {
      throw invocation.error(
        "expected \(what)",
        at: index <= invocation.args.count && !atEnd ? peek : nil
      )
    }
    return t
  }

  /// The remaining tokens.
  public mutating func rest() -> ArraySlice<Token> {
    defer { index = invocation.args.count }
    return invocation.args[index...]
  }

  /// Fails when arguments are left over.
  public func expectEnd() throws(Diagnostic) {
    if let t = peek { throw invocation.error("unexpected '\(t.text)'", at: t) }
  }
}
