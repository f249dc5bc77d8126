import Foundation
import Testing

/// The prompt at 80 columns, driven through tmux: word moves, an open quote, two shells'
/// histories, the timer, a dumb terminal, and tables that fit.
@Suite(
  .serialized,
  .enabled(
    if: TmuxPane.available,
    "tmux or the cobro binary is not available: prompt tests skipped"
  )
)
struct ShellUXPromptTests {
  static let prompt = "cobro demo 2026-11-30>"
  static let arguments = ["--asof", "2026-11-30"]

  func pane(
    home: String? = nil,
    environment: [String: String] = [:],
    rows: Int = 40
  ) throws -> TmuxPane {
    let pane = try TmuxPane(
      home: home,
      arguments: Self.arguments,
      environment: environment,
      columns: 80,
      rows: rows
    )
    try pane.waitForPrompt(Self.prompt)
    return pane
  }

  @Test func ctrlAndAltArrowsMoveByWord() throws {
    let pane = try pane()
    try pane.type("count segment A")
    try pane.send("C-Left")
    try pane.send("C-Left")
    try pane.type("X")
    try pane.waitForLastLine(Self.prompt + " count Xsegment A")
    try pane.send("M-Left")
    try pane.type("Y")
    try pane.waitForLastLine(Self.prompt + " count YXsegment A")
    try pane.send("C-Right")
    try pane.send("M-Right")
    try pane.type("Z")
    try pane.waitForLastLine(Self.prompt + " count YXsegment AZ")
  }

  @Test func anOpenQuoteGoesOnOnTheNextLine() throws {
    let pane = try pane()
    try pane.type("echo \"uno")
    try pane.send("Enter")
    try pane.waitForLastLine("...>")
    try pane.type("dos\" tres")
    try pane.send("Enter")
    let lines = try pane.waitForLine("dos tres")
    #expect(lines.contains("uno"))
    try pane.waitForPrompt(Self.prompt)
  }

  @Test func twoShellsOpenAtOnceKeepBothHistories() throws {
    let first = try pane()
    let second = try pane(home: first.home)
    try first.type("echo from the first")
    try first.send("Enter")
    try first.waitForLine("from the first")
    try second.type("echo from the second")
    try second.send("Enter")
    try second.waitForLine("from the second")
    try first.waitForPrompt(Self.prompt)
    try first.type("echo first again")
    try first.send("Enter")
    try first.waitForLine("first again")
    try first.waitForPrompt(Self.prompt)
    try second.waitForPrompt(Self.prompt)
    try first.send("C-d")
    #expect(try first.waitForExit() == 0)
    try second.send("C-d")
    #expect(try second.waitForExit() == 0)
    let history = try String(contentsOfFile: first.home + "/state/cobro/history", encoding: .utf8)
    for entry in [
      "echo\\040from\\040the\\040first", "echo\\040from\\040the\\040second",
      "echo\\040first\\040again",
    ] {
      #expect(history.contains(entry), "\(history)")
    }
  }

  @Test func theTimerPrintsEachCommandsTime() throws {
    let pane = try pane()
    try pane.type("set timer on")
    try pane.send("Enter")
    try pane.waitForLine("timer = on")
    try pane.waitForPrompt(Self.prompt)
    try pane.type("count")
    try pane.send("Enter")
    try pane.waitFor("a time line") { lines in
      lines.contains {
        $0.range(of: #"^time: [0-9]+\.[0-9]{3} s$"#, options: .regularExpression) != nil
      }
    }
  }

  @Test func aDumbTerminalGetsNoColour() throws {
    let pane = try pane(environment: ["TERM": "dumb"])
    try pane.type("count balance > 5,000,000")
    try pane.send("Enter")
    try pane.waitForLine("count")
    try pane.waitForPrompt(Self.prompt)
    #expect(try !pane.screen(escapes: true).contains("\u{1B}[3"))
    #expect(try !pane.screen(escapes: true).contains("\u{1B}[1m"))
  }

  @Test func tablesFitEightyColumnsWithoutCuttingIdsOrAmounts() throws {
    let pane = try pane()
    try pane.type("list")
    try pane.send("Enter")
    let lines = try pane.waitFor("the hidden columns named") {
      $0.contains { $0.hasPrefix("(") && $0.contains("not shown:") }
    }
    #expect(lines.contains { $0.hasPrefix("CO-0000001  1099026412  ") }, "\(lines)")
    #expect(!lines.contains { $0.contains("CO-0000…") })
    #expect(lines.allSatisfy { $0.count <= 80 })
  }

  @Test func limitNeverCutsAnAccountsFields() throws {
    let pane = try pane()
    // At the prompt `limit` is 20; `show` has more fields than that.
    try pane.type("show CO-0000002")
    try pane.send("Enter")
    try pane.waitFor("every field") { lines in
      lines.contains { $0.hasPrefix("behavior ") } && lines.contains { $0.hasPrefix("bucket ") }
    }
  }

  @Test func aListAboveAScreenfulAsksFirst() throws {
    let pane = try pane(rows: 24)
    try pane.send("Tab")
    try pane.waitFor("the question") {
      $0.contains { $0.hasPrefix("show all ") && $0.hasSuffix("? (y or n)") }
    }
    try pane.type("n")
    try pane.waitForLastLine(Self.prompt)
    #expect(try !pane.lines().contains { $0.contains("debtor_name") })
    try pane.send("Tab")
    try pane.waitFor("the question again") {
      $0.last { !$0.isEmpty }?.hasPrefix("show all") == true
    }
    try pane.type("y")
    try pane.waitFor("the candidates") { $0.contains { $0.contains("debtor_name") } }
    try pane.waitForLastLine(Self.prompt)
  }

  @Test func completionKnowsTheGrammar() throws {
    let pane = try pane()
    try pane.type("sum ")
    try pane.send("Tab")
    let numeric = try pane.waitFor("the numeric fields") {
      $0.contains { $0.contains("payments_late") }
    }
    #expect(!numeric.contains { $0.contains("debtor_name") })
    try pane.send("C-u")
    try pane.type("count bucket ")
    try pane.send("Tab")
    try pane.waitFor("the buckets in order") {
      $0.contains { $0.hasPrefix("current ") && $0.contains("61-90") }
    }
    try pane.send("C-u")
    try pane.type("load cartera.csv ")
    try pane.send("Tab")
    let options = try pane.waitFor("load's options") { $0.contains { $0.contains("strict") } }
    #expect(!options.contains { $0.contains("debtor_name") })
  }
}
