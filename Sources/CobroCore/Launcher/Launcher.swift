import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// When output is coloured: `--color auto|always|never`.
public enum ColorChoice: String, Hashable, Sendable, CaseIterable {
  /// Only on a terminal, and not when `NO_COLOR` is set.
  case auto
  /// Always, even into a pipe.
  case always
  /// Never.
  case never
}

/// The command-line options of `cobro`, as the executable parsed them (values still unchecked).
public struct LaunchOptions: Hashable, Sendable {
  /// `PORTFOLIO` or `SCRIPT.cobro`.
  public var input: String?
  /// `-c 'COMMAND; COMMAND'`.
  public var commands: String?
  /// `--payments FILE`.
  public var payments: String?
  /// `--asof YYYY-MM-DD`.
  public var asOf: String?
  /// `--at 'YYYY-MM-DD HH:MM'`.
  public var at: String?
  /// `--format table|csv|json|markdown`.
  public var format: String?
  /// `--collector NAME`.
  public var collector: String?
  /// `--journal FILE` (or `:memory:`, or `postgresql://USER@HOST:PORT/DB`).
  public var journal: String?
  /// `--templates DIR`: a folder of message templates over the built-in ones.
  public var templates: String?
  /// `--set NAME=VALUE`, in the order given.
  public var sets: [String] = []
  /// `--strict`: any rejected row fails the load of the command line.
  public var strict = false
  /// `--keep-going`: a script runs past its errors and exits 65 at the end.
  public var keepGoing = false
  /// `--color auto|always|never`.
  public var color: String?
  /// `--delimiter C` of the portfolio and payments files.
  public var delimiter: String?
  /// `--decimal ,|.`.
  public var decimal: String?
  /// `--dates iso|dmy`.
  public var dates: String?
  /// `--encoding utf8|cp1252`.
  public var encoding: String?
  /// `--cutoff YYYY-MM-DD`.
  public var cutoff: String?
  /// `--map MAPFILE`: the column map of the portfolio.
  public var map: String?
  /// `--sheet NAME` of an `.xlsx` portfolio.
  public var sheet: String?
  /// `--header-row N` of an `.xlsx` portfolio.
  public var headerRow: String?

  /// Creates options with nothing given.
  public init() {}
}

/// What the process is connected to, read once at start-up by the executable.
public struct LaunchEnvironment: Sendable {
  /// Whether standard input is a terminal.
  public var stdinIsTerminal = false
  /// Whether standard output is a terminal.
  public var stdoutIsTerminal = false
  /// Whether standard error is a terminal.
  public var stderrIsTerminal = false
  /// The terminal's width in columns, when standard output is a terminal.
  public var terminalColumns: Int?
  /// Environment variables that matter (`NO_COLOR`, `HOME`, `XDG_STATE_HOME`,
  /// `COBRO_JOURNAL`, `LOGNAME`, `USER`).
  public var variables: [String: String] = [:]
  /// Seconds since 1970-01-01 UTC when cobro started: the default as-of date comes from it.
  public var now: Int64 = 0
  /// The login name of the session (`getlogin_r`), when there is one.
  public var loginName: String?

  /// Creates an environment of pipes and no variables (tests change what they need).
  public init() {}
}

/// How this run of cobro takes its commands.
public enum LaunchMode: Hashable, Sendable {
  /// A person at a terminal: prompt, line editing, history.
  case interactive
  /// `cobro SCRIPT.cobro`: the commands of a file.
  case script(path: String)
  /// `cobro -c 'A; B'`: each command named `<command-N>` in diagnostics.
  case commands(String)
  /// Commands piped on standard input: no prompt, no colour, no progress, no history.
  case standardInput
}

/// A problem with the command line itself (exit 64), or with opening what it names.
public struct LaunchError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is wrong, lowercase, user text in quotes.
  public var message: String
  /// Extra lines (`formats: table, csv, json, markdown`).
  public var notes: [String]
  /// The exit status to leave with.
  public var exitStatus: Int32

  /// Creates an error; bad arguments exit 64 unless told otherwise.
  public init(_ message: String, notes: [String] = [], exitStatus: Int32 = ExitStatus.usage) {
    self.message = message
    self.notes = notes
    self.exitStatus = exitStatus
  }

  /// `cobro: error: MESSAGE` and its notes, one per line.
  public var description: String {
    (["cobro: error: " + message] + notes.map { "note: " + $0 }).joined(separator: "\n")
  }
}

/// Everything about starting cobro that needs no terminal: checking the options, choosing the
/// mode, building the session, opening the portfolio and running scripts, `-c` commands and
/// piped input with the exit statuses of `spec/cli.md`.
///
/// The executable parses argv, reads the environment, and hands the prompt a line editor; all
/// the rest happens here, where tests reach it.
public struct Launcher {
  /// The options given.
  public var options: LaunchOptions
  /// What the process is connected to.
  public var environment: LaunchEnvironment

  /// Colombian time is UTC−5 all year (no daylight saving).
  public static let colombiaOffsetSeconds: Int64 = -5 * 3600

  /// Creates a launcher.
  public init(options: LaunchOptions, environment: LaunchEnvironment) {
    self.options = options
    self.environment = environment
  }

  /// Today's date in Colombia at `epochSeconds` (UTC−5): the default as-of date.
  public static func today(epochSeconds: Int64) -> Day {
    let local = epochSeconds + colombiaOffsetSeconds
    let days = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
    return Day(raw: Int32(clamping: days))
  }

  /// The as-of date used when `--asof` is not given.
  public var today: Day { Self.today(epochSeconds: environment.now) }

  // MARK: - Mode

  /// How commands are taken: a script, `-c`, piped input or the prompt.
  ///
  /// `cobro FILE` runs FILE as a script when its name ends in `.cobro` or its first line is
  /// `#!/usr/bin/env cobro`; otherwise FILE is the portfolio.
  public func mode() throws(LaunchError) -> LaunchMode {
    if let commands = options.commands {
      if let input = options.input, Self.isScript(input) {
        throw .commandsWithScript(input)
      }
      return .commands(commands)
    }
    if let input = options.input, Self.isScript(input) {
      return .script(path: input)
    }
    if environment.stdinIsTerminal && (environment.stdoutIsTerminal || environment.stderrIsTerminal)
    {
      return .interactive
    }
    return .standardInput
  }

  /// Whether `path` names a cobro script: a `.cobro` name, or a `#!` first line naming cobro.
  public static func isScript(_ path: String) -> Bool {
    if path.hasSuffix(".cobro") { return true }
    guard let first = firstLine(ofFile: path) else { return false }
    return first.hasPrefix("#!") && first.contains("cobro")
  }

  /// The first line of a file (at most 256 bytes), or `nil` when it cannot be read.
  static func firstLine(ofFile path: String) -> String? {
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n > 0 else { return nil }
    let bytes = buffer[0..<n].prefix { $0 != 10 && $0 != 13 }
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: - Session

  /// The colour choice, checked.
  public func colorChoice() throws(LaunchError) -> ColorChoice {
    guard let text = options.color else { return .auto }
    guard let choice = ColorChoice(rawValue: text.lowercased()) else {
      throw .unknownColor(text)
    }
    return choice
  }

  /// Whether `NO_COLOR` is set to something (https://no-color.org), or the terminal says it
  /// shows no colour (`TERM=dumb`).
  public var noColor: Bool {
    !(environment.variables["NO_COLOR"] ?? "").isEmpty || environment.variables["TERM"] == "dumb"
  }

  /// Whether results and diagnostics are coloured in `mode`.
  ///
  /// `auto` colours only when standard output is a terminal, `NO_COLOR` is unset and commands do
  /// not come from a pipe; `always` and `never` mean what they say.
  public func colorsOutput(in mode: LaunchMode) throws(LaunchError) -> Bool {
    switch try colorChoice() {
    case .always: return true
    case .never: return false
    case .auto: return environment.stdoutIsTerminal && !noColor && mode != .standardInput
    }
  }

  /// Whether the prompt is coloured: it is drawn on standard output, or on standard error when
  /// output is piped, and only that stream being a terminal counts.
  public func colorsPrompt() throws(LaunchError) -> Bool {
    switch try colorChoice() {
    case .always: return true
    case .never: return false
    case .auto:
      let drawnOn = environment.stdoutIsTerminal || environment.stderrIsTerminal
      return drawnOn && !noColor
    }
  }

  /// The settings and `$NAME` parameters the options ask for.
  ///
  /// On a terminal `table` shows 20 rows and fits the terminal's width; off it, every row and
  /// no width limit. The collector is the login name (``defaultCollector``). Then `--asof`,
  /// `--at`, `--format`, `--collector`, `--templates` and each `--set` apply in that order, so
  /// `--set` has the last word.
  public func settings() throws(LaunchError) -> (Settings, parameters: [String: String]) {
    var settings = Settings(asOf: today)
    settings.collector = defaultCollector
    settings.moneyStyle = MoneyStyle.forLocale(environment.variables)
    if environment.stdoutIsTerminal {
      settings.limit = 20
      settings.width = environment.terminalColumns.map { max($0, 20) }
    }
    try apply("asof", options.asOf, flag: "--asof", to: &settings)
    try apply("at", options.at, flag: "--at", to: &settings)
    try apply("format", options.format, flag: "--format", to: &settings)
    try apply("collector", options.collector, flag: "--collector", to: &settings)
    try apply("templates", options.templates, flag: "--templates", to: &settings)
    var parameters: [String: String] = [:]
    for assignment in options.sets {
      guard let equals = assignment.firstIndex(of: "=") else {
        throw .expectedAssignment(assignment)
      }
      let name = String(assignment[..<equals])
      let value = String(assignment[assignment.index(after: equals)...])
      guard Self.isParameterName(name) else {
        throw .notAParameterName(name)
      }
      parameters[name] = value
      if SettingsCatalog.definition(name) != nil {
        try apply(name.lowercased(), value, flag: "--set \(name)", to: &settings)
      }
    }
    return (settings, parameters)
  }

  /// Who records journal entries without `--collector`: the login name, else `$LOGNAME`, else
  /// `$USER`, else `cobro`.
  public var defaultCollector: String {
    let candidates = [
      environment.loginName, environment.variables["LOGNAME"], environment.variables["USER"],
    ]
    return candidates.lazy.compactMap { $0 }.first { !$0.isEmpty } ?? "cobro"
  }

  /// Whether `name` can be written `$name` in a script.
  static func isParameterName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0)
    }
  }

  private func apply(
    _ setting: String,
    _ value: String?,
    flag: String,
    to settings: inout Settings
  ) throws(LaunchError) {
    guard let value, let definition = SettingsCatalog.definition(setting) else { return }
    switch definition.apply(&settings, value) {
    case .success: return
    case .failure(let e):
      // A template's problem keeps its place in the template file.
      let place = e.diagnostic?.range.map { "\($0.file):\($0.start.line):\($0.start.column): " }
      throw .badSetting(flag: flag, place: place ?? "", e.message, notes: e.notes)
    }
  }

  /// The load the command line asks for, or `nil` for the demo portfolio.
  ///
  /// Dialect options and `--payments` mean nothing without a portfolio file, so they are refused
  /// then rather than ignored.
  public func loadRequest(for mode: LaunchMode, asOf: Day) throws(LaunchError) -> LoadRequest? {
    var path: String?
    switch mode {
    case .interactive, .standardInput, .commands: path = options.input
    case .script: path = nil
    }
    guard let path else {
      let given =
        [
          ("--payments", options.payments), ("--delimiter", options.delimiter),
          ("--decimal", options.decimal), ("--dates", options.dates),
          ("--encoding", options.encoding), ("--cutoff", options.cutoff),
          ("--map", options.map),
          ("--sheet", options.sheet), ("--header-row", options.headerRow),
        ].filter { $0.1 != nil }.map(\.0) + (options.strict ? ["--strict"] : [])
      if let first = given.first {
        throw .needsPortfolio(first)
      }
      return nil
    }
    var request = LoadRequest(path: path, asOf: asOf)
    request.paymentsPath = options.payments
    request.mapPath = options.map
    request.options.strict = options.strict
    if let d = options.delimiter {
      switch d.lowercased() {
      case ",": request.options.delimiter = UInt8(ascii: ",")
      case ";": request.options.delimiter = UInt8(ascii: ";")
      case "|": request.options.delimiter = UInt8(ascii: "|")
      case "tab", "\t": request.options.delimiter = 9
      default:
        throw .unsupportedDelimiter(d)
      }
    }
    if let d = options.decimal {
      guard d == "," || d == "." else {
        throw .badDecimal(d)
      }
      request.options.decimalComma = d == ","
    }
    if let d = options.dates {
      guard let order = LoadOptions.DateOrder(rawValue: d.lowercased()) else {
        throw .unknownDateOrder(d)
      }
      request.options.dates = order
    }
    if let e = options.encoding {
      switch e.lowercased() {
      case "utf8", "utf-8": request.options.encoding = .utf8
      case "cp1252", "windows-1252", "latin1", "latin-1": request.options.encoding = .cp1252
      default:
        throw .unknownEncoding(e)
      }
    }
    if let c = options.cutoff {
      guard let day = Day(c) else {
        throw .badCutoff(c)
      }
      request.options.cutoff = day
    }
    request.options.sheet = options.sheet
    if let h = options.headerRow {
      guard let row = Int(h), row >= 1, row <= 1_048_576 else {
        throw .badHeaderRow(h)
      }
      request.options.headerRow = row
    }
    return request
  }

  /// Checks every option and builds the session for `mode`, writing to `out` and `err`.
  ///
  /// Nothing is loaded yet: every bad argument is reported (exit 64) before any file is read.
  public func makeSession(
    for mode: LaunchMode,
    out: any TextSink,
    err: any TextSink
  ) throws(LaunchError) -> Session {
    let (settings, parameters) = try settings()
    _ = try loadRequest(for: mode, asOf: settings.asOf)
    let session = Session(settings: settings, out: out, err: err, parameters: parameters)
    session.colored = try colorsOutput(in: mode)
    session.interactive = mode == .interactive
    session.progressOnTerminal = environment.stderrIsTerminal && mode != .standardInput
    if let journal = options.journal ?? environment.variables["COBRO_JOURNAL"], !journal.isEmpty {
      if PostgresURL.names(journal) {
        do {
          _ = try PostgresURL.parsing(journal)
        } catch {
          let origin = options.journal == nil ? "$COBRO_JOURNAL" : "--journal"
          throw LaunchError("\(origin): \(error)")
        }
      }
      session.journalPath = journal
    }
    return session
  }

  /// Opens the portfolio of the command line, or the demo portfolio when none is given.
  ///
  /// Returns `nil` on success, or the exit status to leave with: 66 when the file cannot be
  /// opened, 65 when it cannot be used (also `--strict` rejects), 130 when interrupted.
  public func openPortfolio(in session: Session, mode: LaunchMode) -> Int32? {
    let request: LoadRequest?
    do {
      request = try loadRequest(for: mode, asOf: session.settings.asOf)
    } catch {
      session.message(error.description)
      return error.exitStatus
    }
    guard let request else {
      do {
        session.portfolio = try DemoPortfolio.make()
      } catch {
        session.message("cobro: internal error: the demo portfolio does not load: \(error)")
        return ExitStatus.internalError
      }
      if mode == .interactive {
        session.message(
          "cobro: the demo portfolio (\(session.portfolio?.rowCount ?? 0) accounts); "
            + "'load FILE' opens yours, 'help' lists the commands"
        )
      }
      return nil
    }
    do {
      try session.load(request)
      return nil
    } catch let e as CobroError {
      session.message(e.description)
      return e.exitStatus
    } catch let d as Diagnostic {
      session.report(d)
      return ExitStatus.dataError
    } catch {
      session.message("cobro: internal error: \(error)")
      return ExitStatus.internalError
    }
  }

  // MARK: - Running

  /// Runs the commands of a non-interactive mode and returns the exit status.
  ///
  /// A script, `-c` and piped input stop at the first error with 65 (with `--keep-going` they
  /// run the rest and exit 65 at the end), stop at `quit`, and exit 130 when Ctrl-C stopped
  /// them. `afterCommand` runs after each piped command (the executable flushes stdout there).
  public func run(
    _ mode: LaunchMode,
    session: Session,
    input: any LineReader,
    afterCommand: () -> Void = {}
  ) -> Int32 {
    switch mode {
    case .interactive:
      return InteractiveLoop(session: session, reader: input).run()
    case .script(let path):
      let text: String
      do {
        text = try TextFile.read(path)
      } catch {
        session.message(error.description)
        return error.exitStatus
      }
      return session.run(SourceFile(name: path, text: text), keepGoing: options.keepGoing)
        .exitStatus
    case .commands(let text):
      return runCommands(text, session: session)
    case .standardInput:
      return runStandardInput(session: session, input: input, afterCommand: afterCommand)
    }
  }

  /// `-c 'A; B'`: each command runs as its own source `<command-N>`, so a diagnostic's line
  /// and column point into that command.
  func runCommands(_ text: String, session: Session) -> Int32 {
    let whole = SourceFile(name: Session.commandSourceName(0), text: text)
    let statements = Lexer(source: whole, parameters: session.parameters).statements()
    var total = RunOutcome()
    for (i, statement) in statements.enumerated() {
      let source = SourceFile(
        name: Session.commandSourceName(i + 1),
        text: Self.text(of: statement, in: whole)
      )
      let outcome = session.run(source, keepGoing: options.keepGoing)
      total.add(outcome)
      if outcome.interrupted || Interruption.requested {
        total.interrupted = true
        break
      }
      if outcome.quit || (outcome.errors > 0 && !options.keepGoing) { break }
    }
    return total.exitStatus
  }

  /// The text of a statement as typed, from its first character to the `;` or line end that
  /// ends it (a lexical error's text included, so that its diagnostic can be reproduced).
  static func text(of statement: Statement, in source: SourceFile) -> String {
    let start = statement.range.start
    let end = statement.range.end
    var out: [String] = []
    for line in start.line...max(start.line, end.line) {
      guard let text = source.line(line) else { continue }
      let scalars = Array(text.unicodeScalars)
      let from = line == start.line ? min(max(start.column - 1, 0), scalars.count) : 0
      let to = line == end.line ? min(max(end.column - 1, from), scalars.count) : scalars.count
      out.append(String(String.UnicodeScalarView(scalars[from..<to])))
    }
    return out.joined(separator: "\n")
  }

  /// Commands piped on standard input, read a line at a time (a command continued with `\` is
  /// gathered first); diagnostics name `<stdin>` and its line numbers.
  func runStandardInput(
    session: Session,
    input: any LineReader,
    afterCommand: () -> Void
  ) -> Int32 {
    var total = RunOutcome()
    var pending: [String] = []
    var continuation = Lexer.Continuation()
    var lineNumber = 0
    var firstLine = 1
    func runPending() -> Bool {
      let source = SourceFile(
        name: "<stdin>",
        text: pending.joined(separator: "\n"),
        firstLine: firstLine
      )
      pending = []
      continuation = Lexer.Continuation()
      let outcome = session.run(source, keepGoing: options.keepGoing)
      afterCommand()
      total.add(outcome)
      if outcome.interrupted {
        total.interrupted = true
        return false
      }
      return !outcome.quit && (outcome.errors == 0 || options.keepGoing)
    }
    reading: while true {
      switch input.readLine(prompt: "") {
      case .endOfInput:
        if !pending.isEmpty { _ = runPending() }
        break reading
      case .interrupted:
        total.interrupted = true
        break reading
      case .line(let line):
        lineNumber += 1
        if pending.isEmpty { firstLine = lineNumber }
        pending.append(line)
        if continuation.needsMore(after: line) { continue }
        if !runPending() { break reading }
      }
    }
    if Interruption.requested { total.interrupted = true }
    return total.exitStatus
  }

  /// The session `cobro test` replays a transcript in: off a terminal, no portfolio, today's
  /// date; a transcript pins what it depends on (`load demo`, `set asof`, …).
  ///
  /// Its journals are scratch copies: a transcript never writes to a real journal.
  ///
  /// With `COBRO_TEST_POSTGRES=postgresql://…` in the environment, a journal in memory is a
  /// scratch schema on that server instead, so that the same transcripts prove the PostgreSQL
  /// journal gives the same output.
  public static func transcriptSession(asOf: Day, out: any TextSink, err: any TextSink) -> Session {
    let session = Session(settings: Settings(asOf: asOf), out: out, err: err)
    session.journalsAreScratchCopies = true
    if let value = getenv("COBRO_TEST_POSTGRES"), case let text = String(cString: value),
      !text.isEmpty
    {
      do {
        session.scratchServer = try PostgresURL.parsing(text)
      } catch {
        session.message("cobro: warning: COBRO_TEST_POSTGRES: \(error)")
      }
    }
    return session
  }

  // MARK: - History

  /// Where the prompt keeps its history: `$XDG_STATE_HOME/cobro/history`, else
  /// `~/.local/state/cobro/history`; `nil` when neither variable gives an absolute folder.
  public static func historyPath(variables: [String: String]) -> String? {
    if let state = variables["XDG_STATE_HOME"], state.hasPrefix("/") {
      return trimmingSlashes(state) + "/cobro/history"
    }
    if let home = variables["HOME"], home.hasPrefix("/") {
      return trimmingSlashes(home) + "/.local/state/cobro/history"
    }
    return nil
  }

  private static func trimmingSlashes(_ path: String) -> String {
    var p = Substring(path)
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    return p == "/" ? "" : String(p)
  }
}
