import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// `history` from the shell: folders, files, errors, payments of accounts that left, recordings.
@Suite struct HistoryCommandsTests {
  static let dialect = "delimiter ; decimal , dates dmy"

  /// A folder holding copies of the three fixture cut-offs (and whatever `extra` adds).
  static func folder(_ extra: [String: String] = [:]) throws -> String {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    let cortes = dir + "/cortes"
    try FileManager.default.createDirectory(atPath: cortes, withIntermediateDirectories: true)
    for name in ["cartera_2026-09-30.csv", "corte_31-10-2026.csv", "cartera_202611.csv"] {
      try FileManager.default.copyItem(
        atPath: Fixture.path("cortes/" + name),
        toPath: cortes + "/" + name
      )
    }
    try FileManager.default.copyItem(
      atPath: Fixture.path("cortes_pagos/pagos.csv"),
      toPath: dir + "/pagos.csv"
    )
    for (name, text) in extra { try TextFile.write(text, to: dir + "/" + name) }
    return dir
  }

  /// The dates of the session's cut-offs.
  static func dates(_ t: TestSession) -> [String] {
    t.session.state.history.cutoffs.map { "\($0.date)" }
  }

  @Test func aFolderAddsEveryCutoffAndTheLoadedPortfolioStays() throws {
    let dir = try Self.folder()
    let t = TestSession()
    #expect(t.run("load \(dir)/cortes/cartera_2026-09-30.csv \(Self.dialect)").ok)
    let r = t.run("history \(dir)/cortes \(Self.dialect); history")
    #expect(r.ok, "\(r.err)")
    #expect(r.err.contains("added the cut-off 2026-10-31 (from the file name)"))
    #expect(r.err.contains("added the cut-off 2026-11-30 (from the file's cut-off column)"))
    let rows = r.out.split(separator: "\n")
    #expect(rows.first == "cutoff,file,accounts,active,balance,memory_kib,shared_bytes")
    #expect(rows.count == 5)
    #expect(rows[1].hasPrefix("2026-09-30,") && rows[1].contains(",12,11,28150000.50,"))
    #expect(rows[4].hasPrefix("total,,36,29,72250001.50,"))
    // The category dictionaries of the later cut-offs are shared with the first's.
    #expect(!rows[2].hasSuffix(",0") && !rows[3].hasSuffix(",0"))
    // The portfolio in use is still the one loaded.
    #expect(t.result("count") == "count\n12\n")
    #expect(t.session.portfolio?.source.hasSuffix("cartera_2026-09-30.csv") == true)
  }

  @Test func paymentsOfAccountsThatLeftAreKeptOnlyWithAHistory() throws {
    let dir = try Self.folder()
    let load =
      "load \(dir)/cortes/cartera_202611.csv payments \(dir)/pagos.csv \(Self.dialect)"
    let alone = TestSession()
    let before = alone.run(load)
    // Without a history, C05 and C08 (gone by November) and C99 (never there) are rejected.
    #expect(before.err.contains("3 rows rejected"))
    #expect(before.err.contains("unknown account 'C05'"))
    let t = TestSession()
    #expect(t.run("history \(dir)/cortes \(Self.dialect)").ok)
    let after = t.run(load)
    #expect(after.ok)
    #expect(after.err.contains("2 payments of accounts no longer in the portfolio kept"))
    #expect(after.err.contains("pagos.csv:13:1: error: account_id: unknown account 'C99'"))
    #expect(after.err.contains("1 row rejected"))
    let departed = t.session.portfolio?.payments?.departed.map(\.account).sorted()
    #expect(departed == ["C05", "C08"])
  }

  @Test func twoFilesOfOneDateAreRefusedAndNothingIsAdded() throws {
    let copy = try TextFile.read(Fixture.path("cortes/corte_31-10-2026.csv"))
    let dir = try Self.folder(["cortes/cartera_2026-10.csv": copy])
    let t = TestSession()
    let r = t.run("history \(dir)/cortes \(Self.dialect)")
    #expect(!r.ok)
    #expect(r.err.contains("are both cut at 2026-10-31"))
    #expect(t.run("history").out == "cutoff,file,accounts,active,balance,memory_kib,shared_bytes\n")
    // One file at a time: the second of a date is refused, the first stays.
    #expect(t.run("history add \(dir)/cortes/corte_31-10-2026.csv \(Self.dialect)").ok)
    let again = t.run("history add \(dir)/cortes/cartera_2026-10.csv \(Self.dialect)")
    #expect(!again.ok && again.err.contains("are both cut at 2026-10-31"))
    #expect(
      t.run("history add \(dir)/cortes/cartera_2026-10.csv \(Self.dialect) cutoff 2026-08-31").ok
    )
    #expect(Self.dates(t) == ["2026-08-31", "2026-10-31"])
  }

  @Test func aFileWithoutADateIsLocated() throws {
    let copy = try TextFile.read(Fixture.path("cortes/corte_31-10-2026.csv"))
    let dir = try Self.folder(["cartera.csv": copy])
    let t = TestSession()
    let r = t.run("history add \(dir)/cartera.csv \(Self.dialect)", file: "s.cobro")
    #expect(!r.ok)
    #expect(r.err.contains("s.cobro:1:13: error: cannot tell the cut-off of '\(dir)/cartera.csv'"))
    #expect(r.err.contains("note: name the file with its date (cartera_2026-10-31.csv)"))
  }

  @Test func badRowsAreLocatedAndStrictAddsNothing() throws {
    var text = try TextFile.read(Fixture.path("cortes/corte_31-10-2026.csv"))
    text = text.replacingOccurrences(of: "$ 600.000,00", with: "$ 600.000,0x")
    let dir = try Self.folder(["cortes/cartera_2026-12-31.csv": text])
    let t = TestSession()
    let r = t.run("history \(dir)/cortes \(Self.dialect)")
    #expect(r.ok)
    #expect(r.err.contains("cartera_2026-12-31.csv:4:"))
    #expect(r.err.contains("600.000,0x"))
    #expect(r.err.contains("11 accounts from \(dir)/cortes/cartera_2026-12-31.csv; 1 row rejected"))
    let strict = TestSession()
    let s = strict.run("history \(dir)/cortes \(Self.dialect) strict")
    #expect(!s.ok && s.err.contains("strict: 1 row of '\(dir)/cortes/cartera_2026-12-31.csv'"))
    #expect(Self.dates(strict) == [])
  }

  @Test func rollNeedsTwoCutoffsAndKnownDates() throws {
    let dir = try Self.folder()
    let t = TestSession()
    let none = t.run("roll")
    #expect(!none.ok && none.err.contains("'roll' needs 2 cut-offs; the history holds 0"))
    #expect(t.run("history \(dir)/cortes \(Self.dialect)").ok)
    let unknown = t.run("roll 2026-10-30", file: "r.cobro")
    #expect(unknown.err.contains("r.cobro:1:6: error: no cut-off 2026-10-30 in the history"))
    #expect(unknown.err.contains("the cut-offs are 2026-09-30, 2026-10-31, 2026-11-30"))
    let backwards = t.run("roll 2026-11-30 2026-09-30")
    #expect(backwards.err.contains("FROM (2026-11-30) must be before TO (2026-09-30)"))
    let field = t.run("roll by segmnto", file: "r.cobro")
    #expect(field.err.contains("r.cobro:1:9: error: unknown column 'segmnto'"))
    #expect(field.err.contains("did you mean 'segmento'?"))
    let filter = t.run("roll saldo > mucho")
    #expect(!filter.ok && filter.err.contains("mucho"))
  }

  @Test func aRecordingPinsEveryCutoffAndReplays() throws {
    let dir = try Self.folder()
    let rec = dir + "/mensual.cobro"
    let out = BufferSink()
    let err = BufferSink()
    let session = TranscriptRunnerTests.session(out, err)
    let script = """
      history cortes/cartera_2026-09-30.csv \(Self.dialect)
      history add cortes/cartera_2026-09-30.csv \(Self.dialect)
      load cortes/cartera_202611.csv payments pagos.csv \(Self.dialect)
      record "\(rec)"
      history add cortes/corte_31-10-2026.csv \(Self.dialect)
      history add cortes/cartera_202611.csv \(Self.dialect)
      set format csv
      history
      roll 2026-09-30 by segmento
      roll trend
      record stop
      """
    let outcome = session.run(SourceFile(name: dir + "/typed.cobro", text: script), keepGoing: true)
    // The first line names a file, not a folder.
    #expect(outcome.errors == 1, "\(err.text)")
    #expect(err.text.contains("not a folder ('history add FILE' adds a file)"))
    let recorded = try TextFile.read(rec)
    let lines = recorded.split(separator: "\n").map(String.init)
    let first = lines.firstIndex {
      $0.hasPrefix("history add cortes/cartera_2026-09-30.csv sha256 ")
    }
    let load = lines.firstIndex { $0.hasPrefix("load cortes/cartera_202611.csv sha256 ") }
    #expect(first != nil && load != nil && first ?? 0 < load ?? 0, "\(recorded)")
    #expect(recorded.contains("delimiter ; decimal , dates dmy cutoff 2026-09-30\n"))
    #expect(recorded.contains("history add cortes/corte_31-10-2026.csv sha256 "))
    let replay = TranscriptRunner(makeSession: TranscriptRunnerTests.session)
      .run(path: rec, text: recorded)
    #expect(replay.passed, "\(replay.diff)")
    // A changed file is said on replay.
    try TextFile.write(
      try TextFile.read(dir + "/cortes/corte_31-10-2026.csv")
        + "C15;1;X;A;Consumo;$ 1,00;01/11/2026;Activa\r\n",
      to: dir + "/cortes/corte_31-10-2026.csv"
    )
    let changed = TranscriptRunner(makeSession: TranscriptRunnerTests.session)
      .run(path: rec, text: recorded)
    #expect(!changed.passed)
  }

  @Test func theDemoHasThreeMonthlyCutoffsAndEveryExampleRuns() throws {
    let t = TestSession()
    let r = t.run("history demo")
    #expect(r.ok && r.err.contains("added the demo's 3 cut-offs (2026-09-30 to 2026-11-30)"))
    #expect(t.session.portfolio?.cutoff == Day("2026-11-30"))
    for name in ["history", "roll", "collected", "kpi"] {
      let c = try #require(t.session.commands[name])
      let e = t.run(c.example)
      #expect(e.ok && !e.out.isEmpty, "\(name): \(e.err)")
    }
  }
}
