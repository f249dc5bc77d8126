import Foundation
import Testing

/// The prompt on a terminal, driven through tmux: completion, history, Ctrl-C, Ctrl-D, UTF-8,
/// continuation lines, and editing while stdout is piped.
@Suite(
  .serialized,
  .enabled(
    if: TmuxPane.available,
    "tmux or the cobro binary is not available: prompt tests skipped"
  )
)
struct PromptTests {
  static let prompt = "cobro demo 2026-11-30>"
  static let arguments = ["--asof", "2026-11-30"]

  @Test func completionOfACommandAFieldAndAValue() throws {
    let pane = try TmuxPane(arguments: Self.arguments)
    try pane.waitForPrompt(Self.prompt)
    try pane.type("ech")
    try pane.send("Tab")
    try pane.waitForLastLine(Self.prompt + " echo")
    try pane.type("stat")
    try pane.send("Tab")
    try pane.type("wri")
    try pane.send("Tab")
    try pane.type("x")
    try pane.waitForLastLine(Self.prompt + " echo status written_off x")
    try pane.send("Enter")
    try pane.waitForLine("status written_off x")
    try pane.type("se")
    try pane.send("Tab")
    try pane.waitFor("the candidates listed") {
      $0.contains { $0.hasPrefix("segment ") && $0.contains(" segmento ") && $0.hasSuffix(" sets") }
    }
    try pane.waitForLastLine(Self.prompt + " se")
  }

  @Test func historySurvivesARestartInAPrivateFile() throws {
    let first = try TmuxPane(arguments: Self.arguments)
    try first.waitForPrompt(Self.prompt)
    try first.type("echo uno dos")
    try first.send("Enter")
    try first.waitForLine("uno dos")
    try first.waitForPrompt(Self.prompt)
    try first.send("C-d")
    #expect(try first.waitForExit() == 0)

    let path = first.home + "/state/cobro/history"
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("echo\\040uno\\040dos"))

    let second = try TmuxPane(home: first.home, arguments: Self.arguments)
    try second.waitForPrompt(Self.prompt)
    try second.send("C-r")
    try second.type("uno")
    try second.waitFor("Ctrl-R to find the entry") { $0.contains { $0.contains("echo uno dos") } }
    try second.send("C-c")
    try second.waitForPrompt(Self.prompt)
    try second.send("Up")
    try second.waitForLastLine(Self.prompt + " echo uno dos")
    try second.send("Enter")
    try second.waitFor("the recalled command to run") { $0.filter { $0 == "uno dos" }.count == 1 }
  }

  @Test func ctrlCAtThePromptClearsTheLine() throws {
    let pane = try TmuxPane(arguments: Self.arguments)
    try pane.waitForPrompt(Self.prompt)
    try pane.type("echo abc")
    try pane.waitForLastLine(Self.prompt + " echo abc")
    try pane.send("C-c")
    try pane.waitFor("a fresh prompt after ^C") {
      $0.contains(Self.prompt + " echo abc^C") && $0.last { !$0.isEmpty } == Self.prompt
    }
    try pane.type("echo ok")
    try pane.send("Enter")
    let lines = try pane.waitForLine("ok")
    #expect(!lines.contains("abc"))
  }

  @Test func ctrlCInterruptsALongCommand() throws {
    let pane = try TmuxPane(arguments: Self.arguments)
    let slow = try SlowInput(in: pane.home)
    try pane.waitForPrompt(Self.prompt)
    try pane.type("load \(slow.path)")
    try pane.send("Enter")
    #expect(slow.waitUntilDrained())
    try pane.send("C-c")
    try pane.waitFor("'interrupted' and a prompt") {
      $0.contains { $0.hasSuffix("interrupted") } && $0.last { !$0.isEmpty } == Self.prompt
    }
    try pane.type("echo alive")
    try pane.send("Enter")
    try pane.waitForLine("alive")
  }

  /// The accounts of the generated portfolio of the Ctrl-C tests: the smallest size on which
  /// the debug build's `simulate … --runs 100000` and `campaign via whatsapp` reliably run for
  /// more than 2 seconds, so that Ctrl-C meets them running (1,000,000 accounts take minutes
  /// to generate and load in a debug build).
  static let largeAccounts = 60_000

  /// A pane on a generated portfolio of `largeAccounts` accounts and a journal in memory,
  /// waiting at its prompt.
  static func largePortfolioPane() throws -> (TmuxPane, prompt: String) {
    let folder = try CobroProcess.temporaryFolder()
    let generated = try CobroProcess.run([
      "generate", "--accounts", String(largeAccounts), "--seed", "11", "--asof", "2026-11-30",
    ])
    try #require(generated.status == 0)
    try generated.out.write(toFile: folder + "/grande.csv", atomically: true, encoding: .utf8)
    let pane = try TmuxPane(
      home: folder,
      arguments: [folder + "/grande.csv", "--journal", ":memory:"] + arguments
    )
    let prompt = "cobro grande 2026-11-30>"
    try pane.waitFor("the portfolio loaded", seconds: 120) { $0.last { !$0.isEmpty } == prompt }
    try pane.waitForPrompt(prompt)
    return (pane, prompt)
  }

  /// Runs `command`, presses Ctrl-C while it runs, and waits for `interrupted` and the prompt;
  /// then presses Ctrl-C again at the empty prompt, which only draws a new prompt.
  static func interrupt(
    _ command: String,
    in pane: TmuxPane,
    prompt: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> [String] {
    try pane.send("C-l")
    try pane.type(command)
    try pane.send("Enter")
    try pane.waitForCommandToRun(sourceLocation: sourceLocation)
    try pane.send("C-c")
    let lines = try pane.waitFor("'interrupted' and a prompt", sourceLocation: sourceLocation) {
      $0.contains { $0.hasSuffix("interrupted") } && $0.last { !$0.isEmpty } == prompt
    }
    #expect(
      !lines.contains { $0.contains("error") },
      "the command was running, not failed",
      sourceLocation: sourceLocation
    )
    try pane.waitForPrompt(prompt, sourceLocation: sourceLocation)
    try pane.send("C-c")
    try pane.waitFor("a new prompt after ^C at the empty prompt", sourceLocation: sourceLocation) {
      $0.contains(prompt + " ^C") && $0.last { !$0.isEmpty } == prompt
    }
    try pane.waitForPrompt(prompt, sourceLocation: sourceLocation)
    return lines
  }

  /// Ctrl-C during a campaign over a large portfolio stops it and returns to the prompt; the
  /// portfolio and the journal entry made before are still there, and a second Ctrl-C at the
  /// empty prompt does not end cobro.
  @Test func ctrlCInterruptsALongCampaign() throws {
    let (pane, prompt) = try Self.largePortfolioPane()
    try pane.type("contact CO-0000001 via call result no_answer force")
    try pane.send("Enter")
    try pane.waitFor("the entry") { $0.contains { $0.hasPrefix("entry 1: CO-0000001") } }
    try pane.waitForPrompt(prompt)
    let lines = try Self.interrupt("campaign via whatsapp", in: pane, prompt: prompt)
    #expect(!lines.contains { $0.hasPrefix("account_id") }, "no partial campaign is printed")
    try pane.type("count; journal")
    try pane.send("Enter")
    try pane.waitFor("the count and the journal") {
      $0.contains(String(Self.largeAccounts))
        && $0.contains { $0.hasPrefix(" 1  contact  CO-0000001") }
    }
  }

  /// Ctrl-C during a Monte Carlo of 100,000 runs stops it and returns to the prompt with the
  /// portfolio loaded and nothing of the simulation printed; a second Ctrl-C at the empty
  /// prompt does not end cobro.
  @Test func ctrlCInterruptsALongSimulation() throws {
    let (pane, prompt) = try Self.largePortfolioPane()
    let lines = try Self.interrupt(
      "simulate discount 20% currency COP accept 0-90=0.5,91+=0.2 --runs 100000",
      in: pane,
      prompt: prompt
    )
    #expect(!lines.contains { $0.hasPrefix("bucket") }, "no partial simulation is printed")
    try pane.type("count")
    try pane.send("Enter")
    try pane.waitFor("the count") { $0.contains(String(Self.largeAccounts)) }
    try pane.waitForPrompt(prompt)
  }

  /// Tab after the commands of follow-up and messages offers their accounts, channels, stages,
  /// rule sets, switches and journal fields with their values.
  @Test func completionOfTheFollowUpCommands() throws {
    let pane = try TmuxPane(arguments: Self.arguments)
    try pane.waitForPrompt(Self.prompt)
    let cases: [(typed: String, listed: (String) -> Bool)] = [
      ("agree CO-000000", { $0.hasPrefix("CO-0000001  CO-0000002") }),
      ("message CO-0000002 via ", { $0 == "call      email     sms       whatsapp" }),
      ("message CO-0000002 stage ", { $0.hasPrefix("1-30 ") && $0.hasSuffix(" written-off") }),
      ("set rules ", { $0 == "co  us" }),
      ("set mask o", { $0 == "off  on" }),
      ("count promise", { $0 == "promise_due  promised" }),
      (
        "count agreement ",
        { $0.hasPrefix("behind ") && $0.contains(" current ") && $0.hasSuffix(" pending") }
      ),
      ("agreements ", { $0.hasPrefix("behind ") && $0.hasSuffix(" pending") }),
      ("campaign overdue > 90 via sms ", { $0 == "at      export  stage" }),
    ]
    for (typed, listed) in cases {
      try pane.send("C-u")
      try pane.send("C-l")
      try pane.type(typed)
      try pane.send("Tab")
      try pane.waitFor("the candidates after '\(typed)'") { $0.contains(where: listed) }
      try pane.waitForLastLine(Self.prompt + " " + typed.trimmingCharacters(in: .whitespaces))
    }
    try pane.send("C-u")
    try pane.type("set mask o")
    try pane.send("Tab")
    try pane.type("n")
    try pane.send("Enter")
    try pane.waitForLine("mask = on")
  }

  @Test func ctrlDLeavesWithStatusZero() throws {
    let pane = try TmuxPane(arguments: Self.arguments)
    try pane.waitForPrompt(Self.prompt)
    try pane.type("set limt 10")
    try pane.send("Enter")
    try pane.waitForLine("<input>:1:5: error: unknown setting 'limt'")
    try pane.waitForPrompt(Self.prompt)
    try pane.send("C-d")
    #expect(try pane.waitForExit() == 0)
  }

  @Test func utf8TypingWorksUnderTheCLocale() throws {
    let pane = try TmuxPane(arguments: Self.arguments, environment: ["LANG": "C", "LC_ALL": "C"])
    try pane.waitForPrompt(Self.prompt)
    try pane.type("echo señor ñandú")
    try pane.send("Enter")
    try pane.waitForLine("señor ñandú")
  }

  @Test func aTrailingBackslashContinues() throws {
    let pane = try TmuxPane(arguments: Self.arguments)
    try pane.waitForPrompt(Self.prompt)
    try pane.type("echo a \\")
    try pane.send("Enter")
    try pane.waitForLastLine("...>")
    try pane.type("b")
    try pane.send("Enter")
    try pane.waitForLine("a b")
    try pane.waitForPrompt(Self.prompt)
  }

  @Test func editingWorksWhileStdoutIsPiped() throws {
    let folder = try CobroProcess.temporaryFolder()
    let pane = try TmuxPane(
      home: folder,
      arguments: Self.arguments,
      stdoutPath: folder + "/out.txt"
    )
    try pane.waitForPrompt(Self.prompt)
    try pane.type("ech")
    try pane.send("Tab")
    try pane.type("hola")
    try pane.send("Enter")
    try pane.waitForPrompt(Self.prompt)
    try pane.send("C-d")
    #expect(try pane.waitForExit() == 0)
    #expect(try String(contentsOfFile: folder + "/out.txt", encoding: .utf8) == "hola\n")
    #expect(try pane.lines().contains(Self.prompt + " echo hola"))
  }

  @Test func thePromptIsColouredUnlessNoColor() throws {
    let coloured = try TmuxPane(arguments: Self.arguments)
    try coloured.waitForPrompt(Self.prompt)
    #expect(try coloured.screen(escapes: true).contains("\u{1B}[1m\u{1B}[32mcobro"))
    let plain = try TmuxPane(arguments: Self.arguments, environment: ["NO_COLOR": "1"])
    try plain.waitForPrompt(Self.prompt)
    #expect(try !plain.screen(escapes: true).contains("\u{1B}["))
  }

  /// A session recorded at the prompt replays byte for byte, and `cobro test` agrees (issue 5).
  @Test func aRecordedSessionReplaysByteForByte() throws {
    let folder = try CobroProcess.temporaryFolder()
    let pane = try TmuxPane(
      home: folder,
      arguments: Self.arguments,
      stdoutPath: folder + "/out.txt"
    )
    try pane.waitForPrompt(Self.prompt)
    let commands = [
      "record \(folder)/rec.cobro",
      "aging by segment",
      "top 25 by balance overdue > 30",
      "set format csv",
      "count segment B; sum balance currency COP",
      "plan amount 1000 installments 3 rate 1%",
      "set formt json",
      "record stop",
    ]
    for command in commands {
      try pane.type(command)
      try pane.send("Enter")
      try pane.waitForPrompt(Self.prompt)
    }
    try pane.send("C-d")
    #expect(try pane.waitForExit() == 0)
    let shown = try String(contentsOfFile: folder + "/out.txt", encoding: .utf8)
    let recording = try String(contentsOfFile: folder + "/rec.cobro", encoding: .utf8)
    #expect(recording.contains("load demo\njournal scratch\n"))
    #expect(recording.contains("set limit none\n"))  // stdout is a file: no limit
    #expect(!recording.contains("formt"))
    let replay = try CobroProcess.run([folder + "/rec.cobro"])
    #expect(replay.status == 0)
    #expect(replay.out == shown)
    let check = try CobroProcess.run(["test", folder + "/rec.cobro"])
    #expect(check.status == 0, "\(check.out)")
    #expect(check.out == "1 passed, 0 failed\n")
  }
}
