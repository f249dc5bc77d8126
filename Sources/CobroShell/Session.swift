import CobroDiagnostics
import CobroPlan
import CobroPortfolio

/// Where a session writes: results to `out` (stdout), everything else to `err` (stderr).
public protocol TextSink: AnyObject {
  /// Writes text as it is.
  func write(_ text: String)
}

/// A sink that keeps what is written (tests, `cobro test`).
public final class BufferSink: TextSink {
  /// Everything written so far.
  public private(set) var text = ""
  /// Creates an empty sink.
  public init() {}
  /// Appends text.
  public func write(_ text: String) { self.text += text }
  /// Empties the buffer and returns what it held.
  public func take() -> String {
    defer { text = "" }
    return text
  }
}

/// How a run of commands ended.
public struct RunOutcome: Sendable, Equatable {
  /// Commands that failed.
  public var errors = 0
  /// Whether Ctrl-C stopped the run.
  public var interrupted = false
  /// Whether `quit` was run.
  public var quit = false
  /// Of the failed commands, those that failed because a file they name cannot be opened.
  public var unopenable = 0

  /// The exit status of `spec/cli.md` for a non-interactive run: 66 when every error was a
  /// file that cannot be opened.
  public var exitStatus: Int32 {
    if interrupted { return ExitStatus.interrupted }
    if errors == 0 { return ExitStatus.success }
    return errors == unopenable ? ExitStatus.cannotOpenInput : ExitStatus.dataError
  }

  /// Adds the errors of a later run.
  public mutating func add(_ other: RunOutcome) {
    errors += other.errors
    unopenable += other.unopenable
  }

  /// Creates the outcome of running nothing yet.
  package init() {}
}

/// A located error for a file a command names that cannot be opened (exit 66 in a script).
public struct UnopenableFile: Error, Sendable {
  /// What the user sees.
  public var diagnostic: Diagnostic

  /// Wraps a diagnostic.
  public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}

/// A cobro session: the portfolio, the settings and every command, behind one entry point.
///
/// The prompt, `cobro -c '…'`, `cobro FILE.cobro` and piped input all call `run(_:)`, so they
/// print exactly the same (minus prompt and colour).
public final class Session {
  /// The settings in force.
  public var settings: Settings
  /// The loaded portfolio, or `nil` before any load.
  public var portfolio: Portfolio?
  /// The work and memory one command may take.
  public var resourceLimits = ResourceLimits()
  /// `$NAME` parameters for scripts.
  public var parameters: [String: String]
  /// Results.
  public let out: any TextSink
  /// Diagnostics, warnings, acknowledgements, progress.
  public let err: any TextSink
  /// Whether output may be coloured (a terminal, no `NO_COLOR`, not `--color never`).
  public var colored = false
  /// Whether commands come from a person at a prompt (diagnostics then say `<input>`).
  public var interactive = false
  /// Whether stderr is a terminal (progress bars).
  public var progressOnTerminal = false
  /// The commands it was created with.
  public let catalog: CommandCatalog
  /// The commands by name and alias.
  public private(set) var commands: [String: CommandDefinition] = [:]
  /// Every command once, in registration order.
  public private(set) var commandList: [CommandDefinition] = []
  /// What a line that does not start with a command word does (the query layer's bare filter).
  public var bareFilter: (@Sendable (Session, CommandInvocation) throws -> Void)?
  /// The results of the running command so far; after it, those of the last command that
  /// produced any.
  public var lastResults: [ResultTable] = []
  /// Whether results are only kept in ``lastResults``, never rendered or printed: the quiet
  /// session of `export FILE COMMAND`, which writes them itself.
  public var keepsResultsOnly = false
  /// While a command runs, the results of the last command before it that produced any (what
  /// `export` and `chart` work on).
  public private(set) var previousResults: [ResultTable] = []
  /// Results printed so far (successive results are separated by one empty line).
  public private(set) var resultsPrinted = 0
  /// Hooks run after each successful command (recording).
  public var afterCommand: [(Statement, String) -> Void] = []
  /// Named sets (`let risky = overdue > 90`): name → the tokens of the filter.
  public var namedSets = NamedSets()
  /// What commands keep from one command to the next (the journal, the recording, `quit`).
  public var state = SessionState()
  private var capturing: [String]?
  /// The progress bar of the running command, erased before anything else is written.
  private var progressBar: ProgressBar?
  /// Whether Ctrl-C cut the printing of a result short (the command then counts as interrupted).
  private var outputInterrupted = false
  /// Whether the last command that failed named a file that cannot be opened (exit 66).
  private var lastFailureWasUnopenable = false
  /// Nested `execute` calls (`source`, `export COMMAND`): only the outermost is timed.
  private var executionDepth = 0
  /// The monotonic clock in nanoseconds, for `set timer on`; `nil` (replays, tests) times
  /// nothing, so that their output stays the same.
  public var clock: (@Sendable () -> UInt64)?

  /// Creates a session writing to the given sinks.
  public init(
    settings: Settings,
    out: any TextSink,
    err: any TextSink,
    parameters: [String: String] = [:],
    catalog: CommandCatalog
  ) {
    self.settings = settings
    self.out = out
    self.err = err
    self.parameters = parameters
    self.catalog = catalog
    for c in catalog.commands { register(c) }
    bareFilter = catalog.bareFilter
  }

  /// Adds a command (later registrations of the same name replace earlier ones).
  public func register(_ command: CommandDefinition) {
    if let i = commandList.firstIndex(where: { $0.name == command.name }) {
      commandList[i] = command
    } else {
      commandList.append(command)
    }
    commands[command.name] = command
    for a in command.aliases { commands[a] = command }
  }

  // MARK: - Output

  /// The renderer for the settings in force.
  public var renderer: ResultRenderer {
    ResultRenderer(
      format: settings.format,
      limit: settings.limit,
      width: settings.width,
      colored: colored,
      moneyStyle: settings.moneyStyle
    )
  }

  /// Whether phones and e-mail addresses are masked in every result (`set mask on`).
  public var masksContacts: Bool { settings.masksContacts }

  /// Whether csv keeps text cells that spreadsheets would run as formulas (`set csv raw`).
  public var csvIsRaw: Bool { settings.csvIsRaw }

  /// Prints a result in the format in force, separated from the previous one by an empty line.
  ///
  /// With `set mask on`, phones and addresses are masked first, so `export` of the result is
  /// masked too. In csv, text cells a spreadsheet would run get a leading `'` (unless
  /// `set csv raw`), as in an exported `.csv`.
  public func emit(_ result: ResultTable) {
    let table = masksContacts ? result.maskingContacts() : result
    if keepsResultsOnly {
      if !Interruption.requested { lastResults.append(table) }
      return
    }
    let printed =
      settings.format == .csv && !csvIsRaw ? ExportFormat.spreadsheetSafe(table) : table
    let (text, omitted) = renderer.render(printed)
    progressBar?.finish()
    // A result or its text cut short by Ctrl-C is never printed.
    if Interruption.requested {
      outputInterrupted = true
      return
    }
    let chunk = (resultsPrinted > 0 ? "\n" : "") + text
    if !Session.write(chunk, to: out, stoppingWhen: { Interruption.requested }) {
      outputInterrupted = true
      return
    }
    capturing?.append(chunk)
    resultsPrinted += 1
    lastResults.append(table)
    if omitted > 0 {
      message(
        "(\(omitted) more row\(omitted == 1 ? "" : "s") not shown: 'set limit none' shows all, "
          + "'export FILE' writes all)"
      )
    }
  }

  /// Writes `text` to `sink` in pieces of whole lines (about 64 KiB each) and stops between
  /// two pieces once `stop` says so, so that Ctrl-C cuts a long result short on a slow
  /// terminal; returns whether everything was written.
  public static func write(
    _ text: String,
    to sink: any TextSink,
    stoppingWhen stop: () -> Bool
  ) -> Bool {
    let piece = 1 << 16
    let utf8 = text.utf8
    guard utf8.count > piece else {
      sink.write(text)
      return true
    }
    var start = utf8.startIndex
    while start < utf8.endIndex {
      if stop() { return false }
      var end = utf8.index(start, offsetBy: piece, limitedBy: utf8.endIndex) ?? utf8.endIndex
      if end < utf8.endIndex {
        // To the end of the line, so that a cut never leaves half a line.
        end =
          utf8[end...].firstIndex(of: UInt8(ascii: "\n")).map { utf8.index(after: $0) }
          ?? utf8.endIndex
      }
      sink.write(String(text[start..<end]))
      start = end
    }
    return true
  }

  /// `time: 1.234 s`: a wall time in nanoseconds, to the millisecond.
  public static func timeText(_ nanoseconds: UInt64) -> String {
    let milliseconds = (nanoseconds + 500_000) / 1_000_000
    let fraction = String(milliseconds % 1000)
    return "time: \(milliseconds / 1000)."
      + String(repeating: "0", count: 3 - fraction.count) + fraction + " s"
  }

  /// Writes a line to stderr (acknowledgements, summaries, warnings).
  public func message(_ line: String) {
    progressBar?.finish()
    err.write(line + "\n")
  }

  /// Writes a line to stdout that is not a table (`echo`).
  public func print(_ line: String) {
    progressBar?.finish()
    let chunk = line + "\n"
    out.write(chunk)
    capturing?.append(chunk)
  }

  /// Renders a diagnostic on stderr.
  public func report(_ d: Diagnostic) {
    progressBar?.finish()
    err.write(DiagnosticRenderer(colored: colored).render(d))
  }

  // MARK: - Running

  /// The file name diagnostics use for the N-th `-c` command.
  public static func commandSourceName(_ n: Int) -> String { "<command-\(n)>" }

  /// Runs every command of a source.
  ///
  /// Stops at the first error unless `keepGoing`; stops at `quit` and at Ctrl-C.
  @discardableResult
  public func run(_ source: SourceFile, keepGoing: Bool = false) -> RunOutcome {
    var outcome = RunOutcome()
    let statements = Lexer(source: source, parameters: parameters).statements()
    for statement in statements {
      if Interruption.requested {
        outcome.interrupted = true
        break
      }
      if !execute(statement, in: source) {
        if Interruption.requested {
          outcome.interrupted = true
          break
        }
        outcome.errors += 1
        if lastFailureWasUnopenable { outcome.unopenable += 1 }
        if !keepGoing { break }
      }
      if state.quit {
        outcome.quit = true
        break
      }
    }
    return outcome
  }

  /// Runs one statement; reports any error and returns whether it succeeded.
  @discardableResult
  public func execute(_ statement: Statement, in source: SourceFile) -> Bool {
    let started = settings.timer && executionDepth == 0 ? clock?() : nil
    executionDepth += 1
    defer {
      executionDepth -= 1
      if let started, let now = clock?() { message(Session.timeText(now &- started)) }
    }
    if let error = statement.error {
      report(error)
      return false
    }
    guard let first = statement.tokens.first else { return true }
    let invocation = CommandInvocation(
      word: first,
      args: Array(statement.tokens.dropFirst()),
      statement: statement,
      source: source
    )
    let before = lastResults
    previousResults = before
    lastResults = []
    capturing = []
    outputInterrupted = false
    lastFailureWasUnopenable = false
    defer { capturing = nil }
    do {
      try withProgressBar { try dispatch(invocation) }
      if outputInterrupted {
        outputInterrupted = false
        throw CobroError.interrupted
      }
      if lastResults.isEmpty { lastResults = before }
      let printed = (capturing ?? []).joined()
      recordIfNeeded(statement, output: printed)
      for hook in afterCommand { hook(statement, printed) }
      return true
    } catch {
      lastResults = before
      // Whatever a loop stopped by Ctrl-C threw (each domain has its own error type), the
      // command was interrupted.
      if Interruption.requested || (error as? CobroError) == .interrupted {
        message("interrupted")
        return false
      }
      reportFailure(error)
    }
    return false
  }

  /// Runs the command an invocation names, or the bare filter on the whole statement when its
  /// first word is no command.
  package func dispatch(_ invocation: CommandInvocation) throws {
    let first = invocation.word
    if first.kind == .word, let command = commands[first.text.lowercased()] {
      try command.run(self, invocation)
    } else if let bareFilter {
      var whole = invocation
      whole.args = invocation.statement.tokens
      try bareFilter(self, whole)
    } else {
      throw unknownCommand(first, source: invocation.source)
    }
  }

  /// Runs `body` with a progress bar on stderr, when stderr is a terminal, that its long loops
  /// draw through `Interruption.checkpoint`; inside another such call, the bar in place serves.
  package func withProgressBar<T>(_ body: () throws -> T) rethrows -> T {
    guard progressOnTerminal, progressBar == nil else { return try body() }
    let bar = ProgressBar(enabled: progressOnTerminal, sink: err)
    progressBar = bar
    defer {
      bar.finish()
      progressBar = nil
    }
    return try Interruption.$reporter.withValue({ bar.update($0, done: $1, total: $2) }) {
      try body()
    }
  }

  /// Reports the error a command threw.
  private func reportFailure(_ error: any Error) {
    switch error {
    case let d as Diagnostic:
      report(d)
    case let u as UnopenableFile:
      lastFailureWasUnopenable = true
      report(u.diagnostic)
    case let e as CobroError:
      if case .cannotOpen = e { lastFailureWasUnopenable = true }
      message(e.description)
    default:
      message("error: \(error)")
    }
  }

  /// The diagnostic for a first word that is neither a command nor a field.
  public func unknownCommand(_ token: Token, source: SourceFile) -> Diagnostic {
    var notes: [Diagnostic.Message] = []
    let fields = portfolio?.queryNames ?? []
    if let s = Suggestion.closest(to: token.text, among: Array(commands.keys) + fields) {
      notes.append("did you mean '\(s)'?")
    }
    notes.append("'help' lists the commands")
    return source.diagnostic("unknown command '\(token.text)'", at: token.range, notes: notes)
  }

  /// Runs text typed at the prompt (one entry, possibly several commands).
  @discardableResult
  public func runInteractive(_ text: String) -> RunOutcome {
    run(SourceFile(name: "<input>", text: text), keepGoing: false)
  }
}
