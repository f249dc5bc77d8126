import CobroCore
import CobroPortfolio
import CobroShell
import Testing

@Suite struct InteractiveLoopTests {
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  static func loop(_ inputs: [LineInput]) -> (
    InteractiveLoop, ScriptedLineReader, BufferSink, BufferSink
  ) {
    let out = BufferSink()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: asOf), out: out, err: err)
    session.interactive = true
    session.portfolio = try? PortfolioLoader(asOf: asOf).load(
      bytes: InputBytes.copying(Array("account_id,debtor_id,balance,due_date\n".utf8)),
      name: DemoPortfolio.name
    )
    let reader = ScriptedLineReader(inputs: inputs)
    return (InteractiveLoop(session: session, reader: reader), reader, out, err)
  }

  @Test func runsCommandsAndCarriesOnAfterErrors() {
    let (loop, reader, out, err) = Self.loop([
      .line("echo a"), .line("set limt 10"), .line("echo b"),
    ])
    #expect(loop.run() == 0)
    #expect(out.text == "a\nb\n")
    #expect(err.text.hasPrefix("<input>:1:5: error: unknown setting 'limt'"))
    #expect(reader.history == ["echo a", "set limt 10", "echo b"])
    #expect(reader.prompts == Array(repeating: "cobro demo 2026-11-30> ", count: 4))
  }

  @Test func continuationIsOneEntry() {
    let (loop, reader, out, _) = Self.loop([.line("echo a \\"), .line("  b"), .line("echo c")])
    loop.run()
    #expect(out.text == "a b\nc\n")
    #expect(reader.history == ["echo a \\\n  b", "echo c"])
    #expect(
      reader.prompts.prefix(3) == ["cobro demo 2026-11-30> ", "...> ", "cobro demo 2026-11-30> "]
    )
  }

  @Test func deepNestingAtThePromptIsAnErrorAndTheSessionGoesOn() {
    let deep = "count " + String(repeating: "not (", count: 20_000) + "balance > 0"
    let (loop, _, out, err) = Self.loop([
      .line(deep), .line(String(repeating: ")", count: 20_000)), .line("echo after"),
    ])
    #expect(loop.run() == 0)
    #expect(out.text == "after\n")
    #expect(err.text.contains("error: filter nested too deeply"))
  }

  @Test func ctrlCDropsWhatWasTyped() {
    let (loop, reader, out, _) = Self.loop([.line("echo a \\"), .interrupted, .line("echo c")])
    loop.run()
    #expect(out.text == "c\n")
    #expect(reader.history == ["echo c"])
    #expect(
      reader.prompts.prefix(3) == ["cobro demo 2026-11-30> ", "...> ", "cobro demo 2026-11-30> "]
    )
  }

  @Test func quitStopsReading() {
    let (loop, reader, out, _) = Self.loop([.line("   "), .line("quit"), .line("echo never")])
    #expect(loop.run() == 0)
    #expect(out.text == "")
    #expect(reader.pending == [.line("echo never")])
    #expect(reader.history == ["quit"])
  }

  @Test func promptNamesThePortfolioFileAndTheDate() throws {
    let (loop, _, _, _) = Self.loop([])
    loop.session.portfolio = try PortfolioLoader(asOf: Self.asOf).load(
      bytes: InputBytes.copying(Array("account_id,debtor_id,balance,due_date\n".utf8)),
      name: "data/cartera-2026.11.csv"
    )
    loop.session.settings.asOf = Day(year: 2026, month: 10, day: 31) ?? Self.asOf
    #expect(
      InteractiveLoop.prompt(for: loop.session, colored: false)
        == "cobro cartera-2026.11 2026-10-31> "
    )
    #expect(
      InteractiveLoop.prompt(for: loop.session, colored: true)
        == "\u{1B}[1;32mcobro\u{1B}[0m \u{1B}[36mcartera-2026.11\u{1B}[0m 2026-10-31> "
    )
    loop.session.portfolio = nil
    #expect(InteractiveLoop.prompt(for: loop.session, colored: false) == "cobro 2026-10-31> ")
  }
}
