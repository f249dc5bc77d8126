import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPlan
@testable import CobroPortfolio
@testable import CobroShell

/// Ctrl-C during each long command: the command stops with `interrupted` and leaves the
/// session, its portfolio, its named sets and its journal as they were.
///
/// Each test raises a Ctrl-C flag of its own (bound for the test's task, never the process's),
/// from the command's first progress checkpoint of the work named, so that the command is
/// stopped from inside its loop as the SIGINT handler would stop it.
@Suite struct InterruptionTests {
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  /// A generated portfolio and its payments, written once to a folder.
  static let files: (folder: String, portfolio: String, payments: String) = {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-interruption-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (portfolio, payments) = PortfolioGenerator(accounts: 10_000, seed: 5, asOf: asOf).csv()
    let portfolioPath = folder + "/cartera.csv"
    let paymentsPath = folder + "/pagos.csv"
    _ = FileManager.default.createFile(atPath: portfolioPath, contents: Data(portfolio))
    _ = FileManager.default.createFile(atPath: paymentsPath, contents: Data(payments))
    return (folder, portfolioPath, paymentsPath)
  }()

  /// A session on the generated portfolio with its payments, a journal in memory holding one
  /// contact, and a named set.
  static func session() throws -> (Session, BufferSink, BufferSink) {
    let out = BufferSink()
    let err = BufferSink()
    var settings = Settings(asOf: asOf)
    settings.format = .csv
    let session = Session(settings: settings, out: out, err: err)
    session.journalPath = Session.memoryJournal
    var request = LoadRequest(path: files.portfolio, asOf: asOf)
    request.paymentsPath = files.payments
    try session.load(request)
    let setup = session.run(
      SourceFile(
        name: "setup.cobro",
        text: "contact CO-0000001 via call result no_answer force\nlet big = balance > 1M"
      )
    )
    #expect(setup.errors == 0, "\(err.text)")
    _ = out.take()
    _ = err.take()
    return (session, out, err)
  }

  /// Runs `body` with a Ctrl-C flag of its own, raised when a loop first reports progress on
  /// the work named `label`.
  static func interrupting<T>(at label: String, _ body: () throws -> T) rethrows -> T {
    let flag = Interruption.Flag()
    return try Interruption.$current.withValue(flag) {
      try Interruption.$reporter.withValue({ work, _, _ in
        if work == label { _ = flag.raise(at: 1) }
      }) {
        try body()
      }
    }
  }

  /// What a command may not change: the portfolio, the named sets, the journal's entries.
  static func state(_ session: Session, _ out: BufferSink) -> (Portfolio?, [String], String) {
    let sets = session.namedSets.keys.sorted()
    session.run(SourceFile(name: "check.cobro", text: "journal"))
    return (session.portfolio, sets, out.take().trimmingCharacters(in: .newlines))
  }

  @Test(arguments: [
    ("simulate discount 20% currency COP accept 0-90=0.5,91+=0.2 --runs 1000", "monte carlo"),
    ("simulate plan installments 6 rate 1% currency COP accept 0-90=0.5,91+=0.2", "planning"),
    ("simulate plan installments 6 currency COP accept 0-90=0.5,91+=0.2 --runs 9", "monte carlo"),
    ("simulate discount 10% balance > 0 currency COP accept 0+=0.5", "accounts"),
    ("campaign via whatsapp", "accounts"),
    ("campaign via sms", "campaign"),
    ("group by account_id", "grouping"),
    ("group by debtor_id, segment", "grouping"),
    ("validate", "validating"),
    ("describe", "describing"),
    ("list", "listing"),
    ("balance > 0", "listing"),
    ("load cartera.csv", "loading"),
    ("load cartera.csv payments pagos.csv", "payments"),
  ])
  func ctrlCStopsTheCommandAndChangesNothing(command: String, label: String) throws {
    let (session, out, err) = try Self.session()
    let before = Self.state(session, out)
    let typed = command.replacingOccurrences(of: "cartera.csv", with: Self.files.portfolio)
      .replacingOccurrences(of: "pagos.csv", with: Self.files.payments)
    let outcome = Self.interrupting(at: label) {
      session.run(SourceFile(name: "t.cobro", text: typed + "\necho never"))
    }
    #expect(outcome.interrupted)
    #expect(out.take() == "", "nothing of the command is printed")
    #expect(err.take() == "interrupted\n")
    let after = Self.state(session, out)
    #expect(after.0 === before.0, "the same portfolio stays loaded")
    #expect(after.1 == before.1)
    #expect(after.2 == before.2, "the journal is unchanged")
    #expect(session.run(SourceFile(name: "t.cobro", text: "count big")).errors == 0)
    #expect(out.take().trimmingCharacters(in: .newlines).hasPrefix("count\n"))
  }

  /// A derived column stopped while it is first built caches nothing: the next call builds it
  /// whole, equal to one built without interruption.
  @Test(arguments: ["balances", "existing", "buckets", "debtors", "lateness", "behaviour"])
  func anInterruptedDerivedColumnIsNotCached(label: String) throws {
    let (session, _, _) = try Self.session()
    let p = try #require(session.portfolio)
    // Before the cut-off, so that balances add back later payments and some accounts do not
    // exist yet.
    let context = QueryContext(asOf: Day(raw: p.cutoff.raw - 400), basis: .issue)
    func build(_ d: DerivedColumns) throws(CobroError) -> [Int64] {
      switch label {
      case "balances": return Array(try d.balances(asOf: context.asOf).buffer)
      case "existing": return (try d.existing(asOf: context.asOf) ?? []).map(Int64.init)
      case "buckets": return try d.bucketCodes(context).map(Int64.init)
      case "debtors": return try d.debtors().codes.map(Int64.init)
      case "lateness": return (try d.paymentDaysLate() ?? []).map(Int64.init)
      default: return try d.behaviors(asOf: context.asOf).rowCodes.map(Int64.init)
      }
    }
    let derived = DerivedColumns(portfolio: p)
    #expect(throws: CobroError.interrupted) {
      try Self.interrupting(at: label) { try build(derived) }
    }
    let whole = try build(DerivedColumns(portfolio: p))
    #expect(!whole.isEmpty)
    #expect(try build(derived) == whole)
  }

  /// `debtor ID` and `offers debtor ID` stop in their scan of the debtor's rows.
  @Test(arguments: ["debtor", "offers debtor"])
  func aDebtorsRowsAreLookedUpInterruptibly(command: String) throws {
    let (session, out, err) = try Self.session()
    let p = try #require(session.portfolio)
    let id = try #require(p.column(named: "debtor_id")?.text(0))
    let outcome = Self.interrupting(at: "debtor") {
      session.run(SourceFile(name: "t.cobro", text: "\(command) '\(id)'\necho never"))
    }
    #expect(outcome.interrupted)
    #expect(out.take() == "")
    #expect(err.take() == "interrupted\n")
    #expect(session.run(SourceFile(name: "t.cobro", text: "\(command) '\(id)'")).errors == 0)
  }

  /// An export stopped while its command runs writes no file.
  @Test func anInterruptedExportWritesNoFile() throws {
    let (session, out, err) = try Self.session()
    let path = Self.files.folder + "/export-\(UUID().uuidString).csv"
    let outcome = Self.interrupting(at: "grouping") {
      session.run(SourceFile(name: "t.cobro", text: "export '\(path)' group by account_id"))
    }
    #expect(outcome.interrupted)
    #expect(out.take() == "")
    #expect(err.take() == "interrupted\n")
    #expect(!FileManager.default.fileExists(atPath: path))
    let listed = Self.interrupting(at: "listing") {
      session.run(SourceFile(name: "t.cobro", text: "export '\(path)' list"))
    }
    #expect(listed.interrupted)
    #expect(out.take() == "")
    #expect(err.take() == "interrupted\n")
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  /// A command stopped while its export file is written frees its rows aside, reports
  /// `interrupted` and leaves no file.
  @Test(arguments: [
    "campaign via whatsapp export 'FILE'",
    "export 'FILE' campaign via whatsapp",
  ])
  func ctrlCWhileWritingLeavesNoFile(command: String) throws {
    let (session, out, err) = try Self.session()
    let path = Self.files.folder + "/written-\(UUID().uuidString).csv"
    let typed = command.replacingOccurrences(of: "FILE", with: path)
    let outcome = Self.interrupting(at: "writing") {
      session.run(SourceFile(name: "t.cobro", text: typed + "\necho never"))
    }
    #expect(outcome.interrupted)
    #expect(out.take() == "")
    // A campaign run by `export` tells its count before the file is written.
    let said = err.take()
    #expect(said.hasSuffix("interrupted\n"))
    #expect(!said.contains("wrote"))
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  /// A workbook stops while its sheets are made and compressed.
  @Test func aWorkbookStopsWhileItIsAssembled() {
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    let table = ResultTable(
      columns: [.init("n", .text)],
      rows: (0..<10).map { [.text("\($0)")] }
    )
    Interruption.$current.withValue(flag) {
      #expect(throws: CobroError.interrupted) { try WorkbookWriter.workbook([table]) }
    }
  }

  /// A file being written when Ctrl-C comes is removed, not left half written.
  @Test func anExportInterruptedWhileWritingIsRemoved() throws {
    let path = Self.files.folder + "/partial-\(UUID().uuidString).csv"
    let text = String(repeating: "CO-0000001,D1,Ana\n", count: 200_000)
    #expect(throws: CobroError.interrupted) {
      try Self.interrupting(at: "writing") {
        try ExportFormat.write(text, to: path, replace: false)
      }
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(try ExportFormat.write(text, to: path, replace: false) == nil)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }

  /// The Monte Carlo stops inside a run, however many accounts a run has.
  @Test func theMonteCarloStopsInsideARun() throws {
    let buckets = [try AcceptanceBucket.parse("0+=0.5", index: 0)]
    let accounts = (0..<10_000).map {
      RecoveryAccount(id: "A\($0)", balance: 100_000, daysOverdue: 30)
    }
    let simulation = try PlanSimulator.offers(
      accounts: accounts,
      discount: try Percentage.parse("10%", for: .discount),
      buckets: buckets
    )
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    #expect(throws: CobroError.interrupted) {
      try Interruption.$current.withValue(flag) {
        try MonteCarlo.run(
          simulation,
          acceptance: buckets.map(\.probability),
          keepsPayments: false,
          runs: 1,
          seed: 1
        )
      }
    }
    #expect(throws: PlanError.interrupted) {
      try Interruption.$current.withValue(flag) {
        try PlanSimulator.offers(
          accounts: accounts,
          discount: try Percentage.parse("10%", for: .discount),
          buckets: buckets
        )
      }
    }
  }

  /// A filter run on two threads stops, and the mask cut short is not kept as the last filter's.
  @Test func aFilterOnTwoThreadsStopsAndKeepsNothing() throws {
    let (session, out, _) = try Self.session()
    let portfolio = try #require(session.portfolio)
    let context = QueryContext(asOf: Self.asOf)
    let predicate = try Checker(
      portfolio: portfolio,
      context: context,
      source: SourceFile(name: "t.cobro", text: "")
    ).check(try Parser.parse("name ~ a and balance > 0"))
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    try RowHalves.$parallelRows.withValue(1024) {
      try Evaluator.$chunkRows.withValue(512) {
        let evaluator = Evaluator(portfolio: portfolio, context: context)
        #expect(throws: CobroError.interrupted) {
          try Interruption.$current.withValue(flag) { try evaluator.select(predicate) }
        }
        let whole = try evaluator.select(predicate)
        #expect(whole.count > 0)
        session.run(SourceFile(name: "t.cobro", text: "count name ~ a and balance > 0"))
        #expect(out.take().trimmingCharacters(in: .newlines) == "count\n\(whole.count)")
      }
    }
  }

  /// The payments loader stops between rows.
  @Test func thePaymentsLoaderStops() throws {
    let (session, _, _) = try Self.session()
    let portfolio = try #require(session.portfolio)
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    #expect(throws: CobroError.interrupted) {
      try Interruption.$current.withValue(flag) {
        try PaymentsLoader().load(path: Self.files.payments, for: portfolio)
      }
    }
  }
}
