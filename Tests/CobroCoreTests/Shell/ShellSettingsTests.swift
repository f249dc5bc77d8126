import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// `set money`, `set timer` and the terminal's say in colours.
@Suite struct ShellSettingsTests {
  func demo(_ format: OutputFormat = .table) throws -> TestSession {
    TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff, format: format)
  }

  @Test func moneyIsShownInTheChosenStyle() throws {
    let t = try demo()
    let us = t.run("sum balance segment A")
    #expect(us.out.contains("9,742,871,428.52"), "\(us.out)")
    #expect(t.run("set money es-CO").err == "money = es-CO\n")
    let co = t.run("sum balance segment A")
    #expect(co.out.contains("$ 9.742.871.428,52"), "\(co.out)")
    let aging = t.run("aging")
    #expect(aging.out.contains("100,00"), "\(aging.out)")
    _ = t.run("set format markdown")
    #expect(t.run("sum balance segment A").out.contains("| $ 9.742.871.428,52 |"))
    for format in ["csv", "json"] {
      _ = t.run("set format \(format)")
      let r = t.run("sum balance segment A")
      #expect(r.out.contains("9742871428.52"), "\(format): \(r.out)")
      #expect(!r.out.contains("$"), "\(format): \(r.out)")
    }
    let bad = t.run("set money fr-FR")
    #expect(!bad.ok)
    #expect(bad.err.contains("unknown money style 'fr-FR'"))
  }

  @Test func markdownStaysPlainInTheDefaultStyle() throws {
    let t = try demo(.markdown)
    #expect(t.run("sum balance segment A").out.contains("| 9742871428.52 |"))
  }

  @Test(arguments: [
    ([:], MoneyStyle.enUS),
    (["LANG": "es_CO.UTF-8"], .esCO),
    (["LANG": "es"], .esCO),
    (["LANG": "en_US.UTF-8"], .enUS),
    (["LANG": "es_CO.UTF-8", "LC_ALL": "C.UTF-8"], .enUS),
    (["LANG": "en_US.UTF-8", "LC_MONETARY": "es_CO.UTF-8"], .esCO),
    (["LANG": "C", "LC_ALL": ""], .enUS),
  ])
  func theLocaleChoosesTheDefault(variables: [String: String], style: MoneyStyle) throws {
    #expect(MoneyStyle.forLocale(variables) == style)
    var environment = LaunchEnvironment()
    environment.variables = variables
    let launcher = Launcher(options: LaunchOptions(), environment: environment)
    #expect(try launcher.settings().0.moneyStyle == style)
  }

  @Test func theTimerPrintsWallTimeWhereThereIsAClock() throws {
    let t = try demo()
    _ = t.run("set timer on")
    // Without a clock (replays, tests) nothing is timed.
    #expect(t.run("count").err.isEmpty)
    let ticks = Ticks()
    t.session.clock = { ticks.next() }
    let r = t.run("count; source \"/nonexistent/cobro-timer.cobro\"")
    #expect(r.err.hasPrefix("time: 0.250 s\n"), "\(r.err)")
    #expect(r.err.components(separatedBy: "time: ").count == 3, "\(r.err)")
    _ = t.run("set timer off")
    #expect(t.run("count").err.isEmpty)
    #expect(Session.timeText(1_234_567_890) == "time: 1.235 s")
    #expect(Session.timeText(999_400) == "time: 0.001 s")
  }

  @Test func aRecordingPinsMoneyButNotTheTerminalsSettings() throws {
    let t = try demo()
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-settings-\(UUID().uuidString).cobro").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = t.run("set money es-CO; set timer on")
    #expect(t.run("record \"\(path)\"; count; record stop").ok)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("set money es-CO\n"))
    #expect(!text.contains("set timer"))
  }

  @Test func aDumbTerminalGetsNoColour() throws {
    var environment = LaunchEnvironment()
    environment.stdoutIsTerminal = true
    environment.stderrIsTerminal = true
    environment.variables = ["TERM": "xterm-256color"]
    #expect(
      try Launcher(options: LaunchOptions(), environment: environment).colorsOutput(
        in: .interactive
      )
    )
    environment.variables = ["TERM": "dumb"]
    let dumb = Launcher(options: LaunchOptions(), environment: environment)
    #expect(try !dumb.colorsOutput(in: .interactive))
    #expect(try !dumb.colorsPrompt())
  }
}

/// A clock that advances a quarter of a second at each reading.
private final class Ticks: @unchecked Sendable {
  private var now: UInt64 = 0
  func next() -> UInt64 {
    now += 250_000_000
    return now
  }
}
