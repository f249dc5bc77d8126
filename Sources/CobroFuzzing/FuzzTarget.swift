import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// The entry points the fuzzers drive, one per way untrusted bytes reach cobro.
///
/// Each takes one input and must return normally: a crash, a trap or a hang is a bug. The
/// libFuzzer executables under `Fuzz/` call them with the fuzzer's inputs; the unit tests call
/// them again with every input a fuzzer ever found (`Fuzz/Regressions/`) so that none comes back.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// A portfolio CSV with every dialect option, then the reports that read every column.
  case loader
  /// A payments CSV against a small portfolio, then the reports that read the payments.
  case payments
  /// Commands and filters through the lexer, the parser, the diagnostics and completion.
  case query
  /// A script run against a small portfolio with its payments.
  case script
  /// A column map, then a portfolio loaded with it.
  case columnmap
  /// The XML of a worksheet (and of its shared strings and styles) in a valid workbook.
  case sheet
  /// A whole `.xlsx` file, zip container included.
  case xlsx

  /// Runs one input.
  public func run(_ input: [UInt8]) {
    switch self {
    case .loader: FuzzTarget.load(input)
    case .payments: FuzzTarget.loadPayments(input)
    case .query: FuzzTarget.parse(input)
    case .script: FuzzTarget.execute(input)
    case .columnmap: FuzzTarget.loadWithMap(input)
    case .sheet: FuzzTarget.loadSheet(input)
    case .xlsx: FuzzTarget.loadWorkbook(input)
    }
  }

  /// The as-of date of every target.
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  // MARK: - Loaders

  /// The delimiters `load` accepts.
  static let delimiters = [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")]

  /// The load options a dialect byte selects.
  ///
  /// Bits 0–1 pick the delimiter (`,` `;` tab `|`), then one bit each for the decimal comma,
  /// day-first dates, Windows-1252, strict loading and a cut-off before the as-of date.
  static func options(_ flags: UInt8) -> LoadOptions {
    var options = LoadOptions()
    options.delimiter = delimiters[Int(flags & 3)]
    options.decimalComma = flags & 4 != 0
    options.dates = flags & 8 != 0 ? .dmy : .iso
    options.encoding = flags & 16 != 0 ? .cp1252 : .utf8
    options.strict = flags & 32 != 0
    if flags & 64 != 0 { options.cutoff = Day(raw: asOf.raw - 45) }
    return options
  }

  /// The first byte is the dialect (`options(_:)`, bit 7: load on two threads as well and
  /// compare); the rest is the file.
  static func load(_ input: [UInt8]) {
    guard let flags = input.first else { return }
    let file = Array(input.dropFirst())
    let loader = PortfolioLoader(options: options(flags), asOf: asOf)
    let portfolio: Portfolio
    do {
      portfolio = try loader.load(bytes: InputBytes.copying(file), name: "fuzz.csv")
    } catch {
      render(error)
      return
    }
    if flags & 128 != 0 { compareSplitLoad(file, loader: loader, with: portfolio) }
    for reject in portfolio.rejects { render(reject.diagnostic) }
    for warning in portfolio.warnings { render(warning) }
    run("describe\nvalidate\naging\ncount by segment\nlist limit 20\nrejects", on: portfolio)
  }

  /// Loads `file` on two threads and stops the fuzzer when anything differs from `expected`.
  static func compareSplitLoad(_ file: [UInt8], loader: PortfolioLoader, with expected: Portfolio) {
    var split = loader
    split.parallelThreshold = 0
    guard let other = try? split.load(bytes: InputBytes.copying(file), name: "fuzz.csv") else {
      fatalError("the load on two threads failed where the load on one succeeded")
    }
    precondition(other.rowCount == expected.rowCount, "row counts differ on two threads")
    precondition(other.rejects == expected.rejects, "rejects differ on two threads")
    precondition(other.warnings == expected.warnings, "warnings differ on two threads")
    precondition(
      other.columns.map(\.name) == expected.columns.map(\.name),
      "columns differ on two threads"
    )
  }

  /// A fresh copy of the small portfolio (commands may change a portfolio, so none is shared).
  static func smallPortfolio(payments: Bool) -> Portfolio {
    do {
      let p = try PortfolioLoader(asOf: asOf).load(
        bytes: InputBytes.copying(Array(portfolioCSV.utf8)),
        name: "small.csv"
      )
      if payments {
        let (history, _) = try PaymentsLoader().load(
          bytes: InputBytes.copying(Array(paymentsCSV.utf8)),
          name: "payments.csv",
          for: p
        )
        p.payments = history
      }
      return p
    } catch {
      fatalError("the fuzzers' own portfolio does not load: \(error)")
    }
  }

  /// The first byte is the dialect (`options(_:)`); the rest is the payments file.
  static func loadPayments(_ input: [UInt8]) {
    guard let flags = input.first else { return }
    let portfolio = smallPortfolio(payments: false)
    do {
      let (history, rejects) = try PaymentsLoader(options: options(flags)).load(
        bytes: InputBytes.copying(Array(input.dropFirst())),
        name: "fuzz.csv",
        for: portfolio
      )
      for reject in rejects { render(reject.diagnostic) }
      portfolio.payments = history
    } catch {
      render(error)
      return
    }
    run("aging\ncount by behavior\ndebtor 1010101010\nshow CO-001\nvalidate", on: portfolio)
  }

  // MARK: - Language

  /// The input as UTF-8 text (invalid sequences become replacement characters, as on stdin).
  static func text(_ input: [UInt8]) -> String { String(decoding: input, as: UTF8.self) }

  /// Lexes the input, parses every statement's arguments as a filter and renders the errors;
  /// completes its first line at every few offsets.
  static func parse(_ input: [UInt8]) {
    let text = text(input)
    _ = Lexer.needsMoreInput(text)
    let source = SourceFile(name: "<fuzz>", text: text)
    for statement in Lexer(source: source).statements() {
      if let error = statement.error {
        render(error)
        continue
      }
      var parser = Parser(
        tokens: statement.tokens.dropFirst(),
        source: source,
        setNames: ["s", "late"]
      )
      do {
        _ = try parser.parseFilter()
        try parser.expectEnd()
      } catch {
        render(error)
      }
    }
    let session = makeSession(on: nil)
    let completer = Completer(session: session, listFolder: { _ in [] })
    let line = source.line(1) ?? ""
    let count = line.utf8.count
    for cursor in stride(from: 0, through: count, by: max(1, count / 8)) {
      _ = completer.complete(line: line, cursor: cursor)
    }
  }

  // MARK: - Scripts

  /// Commands that read or write files (`export` and a campaign's `export FILE` write them): a
  /// fuzzer must not touch the file system, nor wait on a file such as a FIFO.
  static let fileCommands: Set<String> = [
    "load", "source", "record", "journal", "templates", "export",
  ]

  /// Whether a statement may run in a fuzzer: no file command under any of its names, no
  /// `set templates` and no `export` word.
  static func isContained(_ statement: Statement, in session: Session) -> Bool {
    guard let first = statement.tokens.first else { return true }
    if let command = session.commands[first.text.lowercased()],
      fileCommands.contains(command.name)
    {
      return false
    }
    if first.isWord("set"), statement.tokens.count > 1, statement.tokens[1].isWord("templates") {
      return false
    }
    return !statement.tokens.contains { $0.isWord("export") || $0.isWord("exportar") }
  }

  /// Runs the input as a script on the small portfolio with its payments, going on after
  /// errors, without the statements `isContained(_:)` refuses.
  static func execute(_ input: [UInt8]) {
    let source = SourceFile(name: "<fuzz>", text: text(input))
    let session = makeSession(on: smallPortfolio(payments: true))
    for statement in Lexer(source: source).statements() where isContained(statement, in: session) {
      session.execute(statement, in: source)
      if session.state.quit { break }
    }
  }

  // MARK: - Support

  /// A session writing to buffers, with its journal in memory.
  static func makeSession(on portfolio: Portfolio?) -> Session {
    var settings = Settings(asOf: asOf)
    settings.format = .csv
    let session = Session(settings: settings, out: BufferSink(), err: BufferSink())
    session.portfolio = portfolio
    session.journalPath = Session.memoryJournal
    return session
  }

  /// Runs commands on a portfolio, going on after errors.
  static func run(_ commands: String, on portfolio: Portfolio) {
    makeSession(on: portfolio).run(SourceFile(name: "<fuzz>", text: commands), keepGoing: true)
  }

  /// Renders an error as the user would see it.
  static func render(_ error: any Error) {
    if let d = error as? Diagnostic {
      _ = DiagnosticRenderer().render(d)
    } else {
      _ = String(describing: error)
    }
  }
}
