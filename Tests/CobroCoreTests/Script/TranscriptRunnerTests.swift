import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

@Suite struct TranscriptRunnerTests {
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  static func session(_ out: BufferSink, _ err: BufferSink) -> Session {
    Session(settings: Settings(asOf: asOf), out: out, err: err)
  }

  static func temporaryFolder() throws -> String {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
  }

  @Test func matchingTranscriptPasses() {
    let text = """
      # a comment
      echo hello; echo world
      #> hello
      #> world
      set format csv
      set
      #> setting,value
      #> asof,2026-11-30
      #> at,2026-11-30 10:00
      #> format,csv
      #> csv,safe
      #> limit,none
      #> width,none
      #> collector,cobro
      #> money,en-US
      #> timer,off
      #> buckets,"30,60,90,180,360"
      #> aging_basis,due
      #> export,csv
      #> grace,0
      #> break_after,30
      #> rules,co
      #> discount_rate,none
      #> usury,none
      #> templates,none
      #> mask,off
      """
    let outcome = TranscriptRunner(makeSession: Self.session).run(path: "t.cobro", text: text)
    #expect(outcome.passed, "\(outcome.diff)")
    #expect(outcome.diff.isEmpty)
  }

  @Test func changedLineFailsWithUnifiedDiff() {
    let text = "echo hello\n#> hullo\n"
    let outcome = TranscriptRunner(makeSession: Self.session).run(path: "t.cobro", text: text)
    #expect(!outcome.passed)
    #expect(
      outcome.diff == """
        --- t.cobro
        +++ t.cobro (actual)
        @@ -1,2 +1,2 @@
         echo hello
        -#> hullo
        +#> hello

        """
    )
    #expect(outcome.updated == "echo hello\n#> hello\n")
  }

  @Test func unexpectedErrorFailsAndExpectedErrorPasses() {
    let failing = TranscriptRunner(makeSession: Self.session).run(
      path: "t.cobro",
      text: "set format xml\n"
    )
    #expect(!failing.passed)
    #expect(failing.updated.contains("#2> t.cobro:1:12: error: unknown format 'xml'"))
    let expected = TranscriptRunner(makeSession: Self.session).run(
      path: "t.cobro",
      text: failing.updated
    )
    #expect(expected.passed, "\(expected.diff)")
  }

  @Test func commandReportsCountsAndExitStatus() throws {
    let dir = try Self.temporaryFolder()
    let good = dir + "/good.cobro"
    let bad = dir + "/bad.cobro"
    try TextFile.write("echo a\n#> a\n", to: good)
    try TextFile.write("echo a\n#> b\n", to: bad)
    let out = BufferSink()
    let err = BufferSink()
    let one = TranscriptCommand.run(
      paths: [good],
      update: false,
      out: out,
      err: err,
      makeSession: Self.session
    )
    #expect(one == 0)
    #expect(out.take() == "1 passed, 0 failed\n")
    let two = TranscriptCommand.run(
      paths: [bad],
      update: false,
      out: out,
      err: err,
      makeSession: Self.session
    )
    #expect(two == 1)
    #expect(out.text.hasSuffix("0 passed, 1 failed\n"))
    _ = out.take()
    _ = TranscriptCommand.run(
      paths: [bad],
      update: true,
      out: out,
      err: err,
      makeSession: Self.session
    )
    #expect(try TextFile.read(bad) == "echo a\n#> a\n")
  }

  @Test func updateSettlesLineNumbersThatItsOwnInsertionsMove() throws {
    let path = try Self.temporaryFolder() + "/t.cobro"
    try TextFile.write("echo a\necho b\nset limit -3\n#2> stale\n", to: path)
    let out = BufferSink()
    let err = BufferSink()
    let status = TranscriptCommand.run(
      paths: [path],
      update: true,
      out: out,
      err: err,
      makeSession: Self.session
    )
    #expect(status == 0)
    let text = try TextFile.read(path)
    // Two lines were inserted above the failing command: its diagnostic names line 5.
    #expect(text.hasPrefix("echo a\n#> a\necho b\n#> b\nset limit -3\n#2> \(path):5:11: error"))
    #expect(!text.contains("stale"))
    let check = TranscriptCommand.run(
      paths: [path],
      update: false,
      out: out,
      err: err,
      makeSession: Self.session
    )
    #expect(check == 0)
  }

  @Test func recordingReplaysByteForByte() throws {
    let dir = try Self.temporaryFolder()
    let csv = dir + "/cartera.csv"
    try TextFile.write(
      "account_id,debtor_id,debtor_name,balance,due_date\nA1,D1,Peña,10.50,2026-10-01\n",
      to: csv
    )
    let out = BufferSink()
    let err = BufferSink()
    let session = Self.session(out, err)
    let rec = dir + "/rec.cobro"
    session.runInteractive("load \"\(csv)\"")
    session.runInteractive("record \"\(rec)\"")
    session.runInteractive("set format csv")
    session.runInteractive("echo one; rejects")
    session.runInteractive("set formt json")  // fails: not recorded
    session.runInteractive("record stop")
    let shown = out.take()
    let text = try TextFile.read(rec)
    #expect(text.contains("load cartera.csv sha256 "))
    #expect(text.contains("set asof 2026-11-30\n"))
    #expect(text.contains("\njournal cobro.db entries 0\n"))  // beside the portfolio, empty
    #expect(!text.contains("formt"))
    let outcome = TranscriptRunner(makeSession: Self.session).run(path: rec, text: text)
    #expect(outcome.passed, "\(outcome.diff)")
    // Replaying prints exactly what the session showed.
    let replayOut = BufferSink()
    let replay = Self.session(replayOut, BufferSink())
    replay.run(SourceFile(name: rec, text: text))
    #expect(replayOut.text == shown)
  }
}
