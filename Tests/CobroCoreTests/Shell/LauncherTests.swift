import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

@Suite struct LauncherTests {
  /// 2026-11-30 12:00 in Colombia (17:00 UTC).
  static let noonNov30: Int64 = 1_796_058_000

  static func launcher(
    _ configure: (inout LaunchOptions) -> Void = { _ in },
    terminal: Bool = false,
    variables: [String: String] = [:]
  ) -> Launcher {
    var options = LaunchOptions()
    configure(&options)
    var environment = LaunchEnvironment()
    environment.stdinIsTerminal = terminal
    environment.stdoutIsTerminal = terminal
    environment.stderrIsTerminal = terminal
    environment.terminalColumns = terminal ? 132 : nil
    environment.variables = variables
    environment.now = noonNov30
    return Launcher(options: options, environment: environment)
  }

  static func temporaryFile(_ name: String, _ text: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-launcher-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Runs `mode` on the demo portfolio; returns the status, stdout and stderr.
  static func run(
    _ mode: LaunchMode,
    input: [LineInput] = [],
    _ configure: (inout LaunchOptions) -> Void = { _ in }
  ) throws -> (status: Int32, out: String, err: String) {
    let launcher = launcher(configure)
    let out = BufferSink()
    let err = BufferSink()
    let session = try launcher.makeSession(for: mode, out: out, err: err)
    if let status = launcher.openPortfolio(in: session, mode: mode) {
      return (status, out.text, err.text)
    }
    let status = launcher.run(mode, session: session, input: ScriptedLineReader(inputs: input))
    return (status, out.text, err.text)
  }

  // MARK: - Time and mode

  @Test(arguments: [
    (Int64(0), "1969-12-31"),
    (Int64(1_796_014_799), "2026-11-29"),  // 2026-11-30 04:59:59 UTC
    (Int64(1_796_014_800), "2026-11-30"),  // 2026-11-30 05:00:00 UTC = midnight in Bogotá
    (noonNov30, "2026-11-30"),
  ])
  func todayIsColombian(epochSeconds: Int64, expected: String) {
    #expect(Launcher.today(epochSeconds: epochSeconds).description == expected)
  }

  @Test func modes() throws {
    #expect(try Self.launcher { $0.commands = "count" }.mode() == .commands("count"))
    #expect(
      try Self.launcher { $0.input = "monthly.cobro" }.mode() == .script(path: "monthly.cobro")
    )
    #expect(try Self.launcher { $0.input = "cartera.csv" }.mode() == .standardInput)
    #expect(try Self.launcher({ $0.input = "cartera.csv" }, terminal: true).mode() == .interactive)
    #expect(try Self.launcher(terminal: true).mode() == .interactive)
  }

  @Test func aShebangLineMakesAScript() throws {
    let script = try Self.temporaryFile("report", "#!/usr/bin/env cobro\necho hi\n")
    #expect(try Self.launcher { $0.input = script }.mode() == .script(path: script))
    let csv = try Self.temporaryFile("cartera", "account_id,debtor_id,balance,due_date\n")
    #expect(try Self.launcher { $0.input = csv }.mode() == .standardInput)
  }

  @Test func dashCWithAScriptIsRefused() {
    #expect(throws: LaunchError.self) {
      try Self.launcher {
        $0.commands = "count"
        $0.input = "x.cobro"
      }.mode()
    }
  }

  // MARK: - Settings

  @Test func terminalDefaults() throws {
    let (onTerminal, _) = try Self.launcher(terminal: true).settings()
    #expect(onTerminal.limit == 20)
    #expect(onTerminal.width == 132)
    #expect(onTerminal.asOf.description == "2026-11-30")
    let (offTerminal, _) = try Self.launcher().settings()
    #expect(offTerminal.limit == nil)
    #expect(offTerminal.width == nil)
  }

  @Test func optionsAndSetsApplyInOrder() throws {
    let (settings, parameters) = try Self.launcher {
      $0.asOf = "2026-10-31"
      $0.at = "14:30"
      $0.format = "csv"
      $0.collector = "ana"
      $0.sets = ["month=2026-10", "format=json", "limit=5", "empty="]
    }.settings()
    #expect(settings.asOf.description == "2026-10-31")
    #expect(settings.atText == "2026-10-31 14:30")
    #expect(settings.format == .json)
    #expect(settings.limit == 5)
    #expect(settings.collector == "ana")
    #expect(parameters == ["month": "2026-10", "format": "json", "limit": "5", "empty": ""])
  }

  @Test func theCollectorIsTheLoginNameUnlessGiven() throws {
    #expect(try Self.launcher().settings().0.collector == "cobro")
    #expect(try Self.launcher(variables: ["USER": "u"]).settings().0.collector == "u")
    let both = Self.launcher(variables: ["USER": "u", "LOGNAME": "l"])
    #expect(try both.settings().0.collector == "l")
    var login = Self.launcher(variables: ["USER": "u", "LOGNAME": "l"])
    login.environment.loginName = "maria"
    #expect(try login.settings().0.collector == "maria")
    login.options.collector = "ana"
    #expect(try login.settings().0.collector == "ana")
    #expect(
      try Self.launcher(variables: ["USER": "", "LOGNAME": ""]).settings().0.collector == "cobro"
    )
  }

  @Test func templatesFolderIsCheckedAtLaunch() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-launch-templates-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (settings, _) = try Self.launcher { $0.templates = dir }.settings()
    #expect(settings.templatesDirectory == dir)
    try "Hola {{nombre}}".write(toFile: dir + "/sms.1-30.txt", atomically: true, encoding: .utf8)
    #expect {
      try Self.launcher { $0.templates = dir }.settings()
    } throws: { error in
      "\(error)".contains("--templates: \(dir)/sms.1-30.txt:1:6: unknown placeholder 'nombre'")
    }
  }

  @Test(arguments: [
    ("--asof", "--asof: '2026-13-01' is not a date"),
    ("--format", "--format: unknown format 'xml'"),
    ("--set", "--set: expected NAME=VALUE, got 'month'"),
    ("--set name", "--set: '1x' is not a parameter name"),
    ("--set setting", "--set limit: '-3' is not a positive number of rows"),
    ("--color", "--color: unknown choice 'sometimes'"),
  ])
  func badArgumentsExit64(flag: String, message: String) {
    let launcher = Self.launcher {
      switch flag {
      case "--asof": $0.asOf = "2026-13-01"
      case "--format": $0.format = "xml"
      case "--set": $0.sets = ["month"]
      case "--set name": $0.sets = ["1x=2"]
      case "--set setting": $0.sets = ["limit=-3"]
      default: $0.color = "sometimes"
      }
    }
    do {
      _ = try launcher.makeSession(for: .standardInput, out: BufferSink(), err: BufferSink())
      Issue.record("expected an error for \(flag)")
    } catch {
      #expect(error.message == message)
      #expect(error.exitStatus == ExitStatus.usage)
      #expect(error.description.hasPrefix("cobro: error: " + message))
    }
  }

  @Test func colour() throws {
    #expect(try Self.launcher(terminal: true).colorsOutput(in: .interactive))
    #expect(try !Self.launcher(terminal: true).colorsOutput(in: .standardInput))
    #expect(
      try !Self.launcher(terminal: true, variables: ["NO_COLOR": "1"]).colorsOutput(
        in: .interactive
      )
    )
    #expect(
      try Self.launcher(terminal: true, variables: ["NO_COLOR": ""]).colorsOutput(in: .interactive)
    )
    #expect(
      try !Self.launcher({ $0.color = "never" }, terminal: true).colorsOutput(in: .interactive)
    )
    #expect(try Self.launcher { $0.color = "always" }.colorsOutput(in: .commands("x")))
    #expect(try !Self.launcher().colorsOutput(in: .commands("x")))
    #expect(try Self.launcher(terminal: true).colorsPrompt())
    #expect(try !Self.launcher(terminal: true, variables: ["NO_COLOR": "yes"]).colorsPrompt())
    #expect(try !Self.launcher({ $0.color = "never" }, terminal: true).colorsPrompt())
  }

  @Test func sessionFlags() throws {
    let interactive = try Self.launcher(terminal: true).makeSession(
      for: .interactive,
      out: BufferSink(),
      err: BufferSink()
    )
    #expect(interactive.interactive && interactive.colored && interactive.progressOnTerminal)
    let piped = try Self.launcher(terminal: true).makeSession(
      for: .standardInput,
      out: BufferSink(),
      err: BufferSink()
    )
    #expect(!piped.interactive && !piped.colored && !piped.progressOnTerminal)
  }

  // MARK: - Loading

  @Test func dialectOptionsBuildTheLoad() throws {
    let request = try Self.launcher {
      $0.input = "cartera.csv"
      $0.payments = "pagos.csv"
      $0.delimiter = ";"
      $0.decimal = ","
      $0.dates = "dmy"
      $0.encoding = "cp1252"
      $0.cutoff = "2026-10-31"
      $0.strict = true
    }.loadRequest(for: .standardInput, asOf: Day(raw: 0))
    #expect(request?.path == "cartera.csv")
    #expect(request?.paymentsPath == "pagos.csv")
    #expect(request?.options.words == "delimiter ; decimal , dates dmy encoding cp1252")
    #expect(request?.options.cutoff?.description == "2026-10-31")
    #expect(request?.options.strict == true)
  }

  @Test func loadOptionsWithoutAPortfolioAreRefused() {
    #expect(
      throws: LaunchError(
        "--payments needs a portfolio file",
        notes: [
          "cobro PORTFOLIO --payments …, or 'load FILE …' inside the script"
        ]
      )
    ) {
      try Self.launcher { $0.payments = "pagos.csv" }.loadRequest(
        for: .standardInput,
        asOf: Day(raw: 0)
      )
    }
    #expect(throws: LaunchError.self) {
      try Self.launcher {
        $0.input = "c.csv"
        $0.encoding = "ebcdic"
      }.loadRequest(for: .standardInput, asOf: Day(raw: 0))
    }
  }

  @Test func noPortfolioOpensTheDemo() throws {
    let (status, out, err) = try Self.run(.commands("echo ok"))
    #expect(status == 0)
    #expect(out == "ok\n")
    #expect(err == "")
  }

  @Test func aMissingPortfolioExits66() throws {
    let (status, _, err) = try Self.run(.standardInput) { $0.input = "/nonexistent/cartera.csv" }
    #expect(status == ExitStatus.cannotOpenInput)
    #expect(err == "/nonexistent/cartera.csv: error: cannot open: no such file or directory\n")
  }

  @Test func strictRejectsExit65() throws {
    let path = try Self.temporaryFile(
      "c.csv",
      "account_id,debtor_id,balance,due_date\nA1,D1,10.00,2026-01-01\nA2,D2,1x,2026-01-01\n"
    )
    let (lenient, _, lenientErr) = try Self.run(.commands("echo loaded")) { $0.input = path }
    #expect(lenient == 0)
    #expect(lenientErr.contains("1 row rejected"))
    let (strict, out, _) = try Self.run(.commands("echo loaded")) {
      $0.input = path
      $0.strict = true
    }
    #expect(strict == ExitStatus.dataError)
    #expect(out == "")
  }

  // MARK: - Running

  @Test func commandsStopAtTheFirstError() throws {
    let (status, out, err) = try Self.run(.commands("echo a; set limt 10; echo b"))
    #expect(status == ExitStatus.dataError)
    #expect(out == "a\n")
    #expect(err.hasPrefix("<command-2>:1:5: error: unknown setting 'limt'\n1 | set limt 10\n"))
  }

  @Test func keepGoingRunsTheRest() throws {
    let (status, out, err) = try Self.run(.commands("echo a; set limt 10; echo b; bad")) {
      $0.keepGoing = true
    }
    #expect(status == ExitStatus.dataError)
    #expect(out == "a\nb\n")
    #expect(err.contains("<command-2>:1:5:"))
    #expect(err.contains("<command-4>:1:"))
  }

  @Test func eachCommandIsItsOwnSource() throws {
    let (status, out, err) = try Self.run(.commands("echo \"a;b\" ; echo 'c\necho d # no; echo e"))
    #expect(status == ExitStatus.dataError)
    #expect(out == "a;b\n")
    #expect(err.hasPrefix("<command-2>:1:6: error: unterminated quote\n1 | echo 'c\n"))
    let (_, parameters, _) = try Self.run(.commands("echo $who; echo \"${who}s\"")) {
      $0.sets = ["who=ana"]
    }
    #expect(parameters == "ana\nanas\n")
  }

  @Test func quitEndsASuccessfulRun() throws {
    let (status, out, _) = try Self.run(.commands("echo a; quit; echo b"))
    #expect(status == 0)
    #expect(out == "a\n")
  }

  @Test func scripts() throws {
    let path = try Self.temporaryFile("s.cobro", "echo one\n\nset limt 10\necho two\n")
    let (status, out, err) = try Self.run(.script(path: path))
    #expect(status == ExitStatus.dataError)
    #expect(out == "one\n")
    #expect(err.hasPrefix("\(path):3:5: error: unknown setting 'limt'"))
    let (missing, _, missingErr) = try Self.run(.script(path: "/nonexistent/s.cobro"))
    #expect(missing == ExitStatus.cannotOpenInput)
    #expect(missingErr.hasPrefix("/nonexistent/s.cobro: error: cannot open"))
  }

  @Test func aFileAScriptNamesThatCannotBeOpenedExits66() throws {
    let load = try Self.temporaryFile("l.cobro", "echo one\nload nope.csv\necho two\n")
    let (status, out, err) = try Self.run(.script(path: load))
    #expect(status == ExitStatus.cannotOpenInput)
    #expect(out == "one\n")
    #expect(err.hasPrefix("\(load):2:6: error: cannot open '"))
    #expect(err.contains("nope.csv': no such file or directory"))
    let csv = try Self.temporaryFile(
      "c.csv",
      "account_id,debtor_id,balance,due_date\nA1,D1,1,2026-01-01\n"
    )
    let payments = try Self.temporaryFile("p.cobro", "load \(csv) payments nope.csv\n")
    #expect(try Self.run(.script(path: payments)).status == ExitStatus.cannotOpenInput)
    let source = try Self.temporaryFile("s.cobro", "source missing.cobro\n")
    #expect(try Self.run(.script(path: source)).status == ExitStatus.cannotOpenInput)
    let nested = try Self.temporaryFile("n.cobro", "source \(load)\n")
    #expect(try Self.run(.script(path: nested)).status == ExitStatus.cannotOpenInput)
    #expect(try Self.run(.commands("load nope.csv")).status == ExitStatus.cannotOpenInput)
    // Any other error makes it 65.
    let (mixed, _, _) = try Self.run(.commands("load nope.csv; set limt 10")) {
      $0.keepGoing = true
    }
    #expect(mixed == ExitStatus.dataError)
    let (device, _, deviceErr) = try Self.run(.commands("source /dev/zero"))
    #expect(device == ExitStatus.cannotOpenInput)
    #expect(
      deviceErr.hasPrefix("<command-1>:1:8: error: cannot open '/dev/zero': not a regular file")
    )
  }

  @Test func twentyThousandContinuedLinesAreOneCommand() throws {
    let lines = [LineInput](repeating: .line("echo a \\"), count: 20_000) + [.line("b")]
    let (status, out, _) = try Self.run(.standardInput, input: lines)
    #expect(status == 0)
    let expected = "a" + String(repeating: " echo a", count: 19_999) + " b\n"
    let same = out == expected
    #expect(same, "\(out.count) characters instead of \(expected.count)")
  }

  @Test func pipedInputNamesStdinAndItsLines() throws {
    let lines: [LineInput] = [
      .line("echo one"), .line("echo two \\"), .line("three"), .line("set limt 10"),
      .line("echo x"),
    ]
    let (status, out, err) = try Self.run(.standardInput, input: lines)
    #expect(status == ExitStatus.dataError)
    #expect(out == "one\ntwo three\n")
    #expect(err.hasPrefix("<stdin>:4:5: error: unknown setting 'limt'\n4 | set limt 10\n"))
  }

  @Test func pipedInputInterruptedExits130() throws {
    let (status, out, _) = try Self.run(.standardInput, input: [.line("echo one"), .interrupted])
    #expect(status == ExitStatus.interrupted)
    #expect(out == "one\n")
  }

  // MARK: - History

  @Test func historyPath() {
    #expect(
      Launcher.historyPath(variables: ["XDG_STATE_HOME": "/s/", "HOME": "/h"]) == "/s/cobro/history"
    )
    #expect(Launcher.historyPath(variables: ["HOME": "/h"]) == "/h/.local/state/cobro/history")
    #expect(
      Launcher.historyPath(variables: ["XDG_STATE_HOME": "rel", "HOME": "/h"])
        == "/h/.local/state/cobro/history"
    )
    #expect(Launcher.historyPath(variables: [:]) == nil)
  }
}
