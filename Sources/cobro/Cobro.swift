import ArgumentParser
import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell

#if canImport(Glibc)
  import Glibc
#endif

/// The entry point: `cobro test …` replays transcripts, `cobro generate …` writes a synthetic
/// portfolio, `cobro help [COMMAND]` explains; anything else is the shell.
///
/// The first argument is routed by hand rather than declared as a subcommand, so that the
/// shell's own positional argument (a portfolio or a script) never competes with subcommand
/// names in the parser.
@main
enum Main {
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "test" {
      TestCommand.main(Array(arguments.dropFirst()))
    } else if arguments.first == "generate" {
      GenerateCLI.main(Array(arguments.dropFirst()))
    } else if arguments.first == "help", access("help", F_OK) != 0 {
      // `cobro help` is `cobro --help`; `cobro help agree` is the shell's 'help agree' (a
      // file named help in the working folder is still a portfolio or a script).
      let topic = arguments.dropFirst()
      Cobro.main(topic.isEmpty ? ["--help"] : ["-c", "help " + topic.joined(separator: " ")])
    } else {
      Cobro.main(arguments)
    }
  }
}

/// `cobro`: the shell for collections portfolios.
///
/// This file only turns argv into `LaunchOptions`; `Launcher` (in CobroCore) checks them, opens
/// the portfolio and runs scripts, `-c` commands and piped input, and the prompt gets its line
/// editor from `EditLineReader`.
struct Cobro: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cobro",
    abstract: "A fast, scriptable shell for debt-collection portfolios.",
    usage: """
      cobro [PORTFOLIO] [options]
      cobro SCRIPT.cobro [options]
      cobro -c 'COMMAND; COMMAND' [PORTFOLIO] [options]
      cobro test FILE.cobro... [--update]
      cobro generate --accounts N [--seed S] [--asof DATE] [--payments FILE]
      cobro generate --accounts N --cutoffs M --folder DIR [--seed S] [--asof DATE]
      cobro help [COMMAND]
      """,
    discussion: """
      With no portfolio cobro opens a built-in demo portfolio. When standard input is not a \
      terminal, commands are read from it. Inside cobro, 'help' lists the commands.

      Exit statuses: 0 success, 64 bad arguments, 65 an error in a command, a script or the \
      data, 66 an input file cannot be opened, 70 internal error, 130 interrupted.
      """
  )

  @Argument(
    help: "A portfolio CSV, or a script (a .cobro file, or one starting '#!/usr/bin/env cobro')."
  )
  var input: String?

  @Option(
    name: .customShort("c"),
    help: ArgumentHelp("Run these commands ('A; B') and exit.", valueName: "commands")
  )
  var commands: String?

  @Option(
    help: ArgumentHelp(
      "The payments file of the portfolio (account_id,date,amount).",
      valueName: "file"
    )
  )
  var payments: String?

  @Option(
    name: .customLong("asof"),
    help: ArgumentHelp("The as-of date (default: today in Colombia).", valueName: "YYYY-MM-DD")
  )
  var asOf: String?

  @Option(
    help: ArgumentHelp(
      "The date and time for contact rules (default 10:00 of the as-of date).",
      valueName: "YYYY-MM-DD HH:MM"
    )
  )
  var at: String?

  @Option(help: ArgumentHelp("How results are printed.", valueName: "table|csv|json|markdown"))
  var format: String?

  @Option(
    help: ArgumentHelp(
      "Who records journal entries (default: the login name, $LOGNAME or $USER).",
      valueName: "name"
    )
  )
  var collector: String?

  @Option(
    help: ArgumentHelp(
      "The journal of promises and contacts (default: $COBRO_JOURNAL, else cobro.db beside "
        + "the portfolio; :memory: keeps it in memory; postgresql://USER@HOST:PORT/DB shares "
        + "it on a server).",
      valueName: "file|url"
    )
  )
  var journal: String?

  @Option(
    help: ArgumentHelp(
      "A folder of message templates (CHANNEL.STAGE[.SEGMENT].txt) over the built-in ones.",
      valueName: "dir"
    )
  )
  var templates: String?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Define $NAME for scripts; a setting's name also sets it (repeatable).",
      valueName: "NAME=VALUE"
    )
  )
  var sets: [String] = []

  @Flag(help: "Fail the load when any row of the portfolio is rejected.")
  var strict = false

  @Flag(help: "Run a script past its errors and exit 65 at the end.")
  var keepGoing = false

  @Option(
    help: ArgumentHelp(
      "Colour output: auto (on a terminal, unless NO_COLOR), always, never.",
      valueName: "auto|always|never"
    )
  )
  var color: String?

  @Option(help: ArgumentHelp("Field delimiter of the files.", valueName: ", ; | tab"))
  var delimiter: String?

  @Option(help: ArgumentHelp("Decimal mark of money cells.", valueName: ", or ."))
  var decimal: String?

  @Option(help: ArgumentHelp("Order of dates.", valueName: "iso|dmy"))
  var dates: String?

  @Option(help: ArgumentHelp("Text encoding of the files.", valueName: "utf8|cp1252"))
  var encoding: String?

  @Option(
    help: ArgumentHelp(
      "The date the portfolio's balances are at (default: a fecha_corte column, else the "
        + "latest payment date, else the as-of date).",
      valueName: "YYYY-MM-DD"
    )
  )
  var cutoff: String?

  @Option(
    help: ArgumentHelp(
      "A column map for the portfolio's headers (default: NAME.map beside the portfolio).",
      valueName: "MAPFILE"
    )
  )
  var map: String?

  @Option(
    help: ArgumentHelp(
      "The worksheet of an .xlsx portfolio (default: the first).",
      valueName: "NAME"
    )
  )
  var sheet: String?

  @Option(
    help: ArgumentHelp(
      "The row of an .xlsx sheet that holds the header (default: found).",
      valueName: "N"
    )
  )
  var headerRow: String?

  /// The parsed arguments as launch options.
  var launchOptions: LaunchOptions {
    var o = LaunchOptions()
    o.input = input
    o.commands = commands
    o.payments = payments
    o.asOf = asOf
    o.at = at
    o.format = format
    o.collector = collector
    o.journal = journal
    o.templates = templates
    o.sets = sets
    o.strict = strict
    o.keepGoing = keepGoing
    o.color = color
    o.delimiter = delimiter
    o.decimal = decimal
    o.dates = dates
    o.encoding = encoding
    o.cutoff = cutoff
    o.map = map
    o.sheet = sheet
    o.headerRow = headerRow
    return o
  }

  mutating func run() throws {
    let status = Self.start(launchOptions)
    if status != 0 { throw ExitCode(status) }
  }

  /// Runs cobro with `options` and returns its exit status.
  static func start(_ options: LaunchOptions) -> Int32 {
    let environment = Terminal.launchEnvironment()
    let launcher = Launcher(options: options, environment: environment)
    let out = FileDescriptorSink(descriptor: STDOUT_FILENO, buffered: !environment.stdoutIsTerminal)
    let err = FileDescriptorSink(descriptor: STDERR_FILENO, buffered: false, flushesFirst: out)
    defer { out.flush() }
    let mode: LaunchMode
    let session: Session
    do {
      mode = try launcher.mode()
      session = try launcher.makeSession(for: mode, out: out, err: err)
    } catch {
      let hint = error.exitStatus == ExitStatus.usage ? "\n'cobro --help' lists the options" : ""
      err.write(error.description + hint + "\n")
      return error.exitStatus
    }
    Terminal.installInterruptHandler()
    session.clock = Terminal.monotonicNanoseconds
    if let status = launcher.openPortfolio(in: session, mode: mode) { return status }
    guard mode == .interactive else {
      return launcher.run(
        mode,
        session: session,
        input: StandardInputLineReader(),
        afterCommand: { out.flush() }
      )
    }
    return runPrompt(launcher: launcher, session: session, out: out)
  }

  /// The prompt on a terminal: libedit, completion, history, a width that follows the terminal.
  static func runPrompt(launcher: Launcher, session: Session, out: FileDescriptorSink) -> Int32 {
    let environment = launcher.environment
    let historyPath = Launcher.historyPath(variables: environment.variables)
    if let historyPath { Terminal.makeFolders(containing: historyPath) }
    let completer = Completer(session: session)
    let drawOnStandardError = !environment.stdoutIsTerminal
    let drawingDescriptor = drawOnStandardError ? STDERR_FILENO : STDOUT_FILENO
    guard
      let reader = EditLineReader(
        historyPath: historyPath,
        drawOnStandardError: drawOnStandardError,
        complete: { completer.complete(line: $0, cursor: $1) },
        columns: { Terminal.columns(of: drawingDescriptor) ?? 80 },
        rows: { Terminal.rows(of: drawingDescriptor) ?? 24 }
      )
    else {
      session.message("cobro: cannot set up line editing; reading commands without it")
      return launcher.run(.standardInput, session: session, input: StandardInputLineReader())
    }
    defer { reader.close() }
    let loop = InteractiveLoop(
      session: session,
      reader: reader,
      coloredPrompt: (try? launcher.colorsPrompt()) ?? false
    )
    // While `width` is the terminal's own, it follows the terminal when it is resized.
    var automaticWidth = session.settings.width
    loop.beforeCommand = {
      guard environment.stdoutIsTerminal, session.settings.width == automaticWidth,
        let columns = Terminal.columns(of: STDOUT_FILENO)
      else { return }
      session.settings.width = max(columns, 20)
      automaticWidth = session.settings.width
    }
    loop.afterCommand = { out.flush() }
    return loop.run()
  }
}

/// `cobro test FILE… [--update]`: replays transcripts and compares their output.
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cobro test",
    abstract: "Replay .cobro transcripts and compare what they print with their #> lines.",
    discussion: """
      Prints a unified diff for each mismatch and a closing line 'N passed, N failed'. Exit \
      status: 0 when all pass, 1 when one differs, 66 when a file cannot be read.
      """
  )

  @Argument(help: "Transcripts: .cobro files with their expected output.")
  var files: [String] = []

  @Flag(help: "Rewrite the expected output with what the commands print now.")
  var update = false

  mutating func run() throws {
    let today = Launcher.today(epochSeconds: Terminal.launchEnvironment().now)
    let out = FileDescriptorSink(descriptor: STDOUT_FILENO, buffered: true)
    let err = FileDescriptorSink(descriptor: STDERR_FILENO, buffered: false, flushesFirst: out)
    let status = TranscriptCommand.run(
      paths: files,
      update: update,
      out: out,
      err: err,
      makeSession: { Launcher.transcriptSession(asOf: today, out: $0, err: $1) }
    )
    out.flush()
    if status != 0 { throw ExitCode(status) }
  }
}

/// `cobro generate --accounts N [--seed S] [--asof DATE] [--payments FILE]`: a synthetic
/// portfolio CSV on stdout.
struct GenerateCLI: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cobro generate",
    abstract: "Write a deterministic synthetic portfolio CSV on stdout.",
    discussion: """
      The same arguments give the same bytes on any machine. With --payments, the payment \
      history goes to FILE.
      """
  )

  @Option(help: "Number of accounts.")
  var accounts: Int

  @Option(help: "The seed: another seed, another portfolio.")
  var seed: UInt64 = PortfolioGenerator.defaultSeed

  @Option(
    name: .customLong("asof"),
    help: ArgumentHelp("The file's cut-off (default: today in Colombia).", valueName: "YYYY-MM-DD")
  )
  var asOf: String?

  @Option(
    help: ArgumentHelp("Write the payments (account_id,date,amount) here.", valueName: "file")
  )
  var payments: String?

  @Flag(help: "Write a Colombian spreadsheet export (';', decimal comma, DD/MM/YYYY, cp1252).")
  var spreadsheet = false

  @Flag(help: "Spoil a small share of rows, for 'validate' to find.")
  var qualityIssues = false

  @Option(
    help: ArgumentHelp(
      "Write this many consecutive monthly cut-offs (the first in the month of --asof) and "
        + "their payments into --folder, in a Colombian bank's shape, instead of one file.",
      valueName: "M"
    )
  )
  var cutoffs: Int?

  @Option(help: ArgumentHelp("The folder of --cutoffs.", valueName: "dir"))
  var folder: String?

  mutating func run() throws {
    let today = Launcher.today(epochSeconds: Terminal.launchEnvironment().now)
    var asOfDay = today
    if let asOf {
      guard let day = Day(asOf) else {
        throw ValidationError("--asof: '\(asOf)' is not a date (write YYYY-MM-DD)")
      }
      asOfDay = day
    }
    if let cutoffs {
      guard let folder else { throw ValidationError("--cutoffs needs --folder DIR") }
      guard (1...120).contains(cutoffs), (0...50_000_000).contains(accounts) else {
        throw ValidationError("--cutoffs must be 1 to 120 and --accounts 0 to 50000000")
      }
      let g = CutoffGenerator(accounts: accounts, months: cutoffs, seed: seed, first: asOfDay)
      do {
        try g.writeFiles(folder: folder)
      } catch {
        let err = FileDescriptorSink(descriptor: STDERR_FILENO, buffered: false)
        err.write(error.description + "\n")
        throw ExitCode(error.exitStatus)
      }
      return
    }
    if folder != nil { throw ValidationError("--folder goes with --cutoffs") }
    var request = GenerateCommand.Request(accounts: accounts, asOf: asOfDay)
    request.seed = seed
    request.paymentsPath = payments
    request.spreadsheet = spreadsheet
    request.qualityIssues = qualityIssues
    if let problem = GenerateCommand.check(request) { throw ValidationError(problem) }
    do {
      try GenerateCommand.run(request)
    } catch {
      let err = FileDescriptorSink(descriptor: STDERR_FILENO, buffered: false)
      err.write(error.description + "\n")
      throw ExitCode(error.exitStatus)
    }
  }
}
