import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// Every load option can be typed as help shows it, recorded, and replayed byte for byte.
@Suite struct RecordedLoadTests {
  /// One combination of the load's options.
  struct Dialect: CustomStringConvertible {
    var delimiter: String
    var decimalComma: Bool
    var dmy: Bool
    var cp1252: Bool
    var payments: Bool
    var map: Bool
    var cutoff: Bool
    var strict: Bool

    /// The options as `load` takes them (the form `help load` and the README show).
    var words: String {
      var w: [String] = []
      if delimiter != "," { w.append("delimiter \(delimiter == "\t" ? "tab" : delimiter)") }
      if decimalComma { w.append("decimal ,") }
      if dmy { w.append("dates dmy") }
      if cp1252 { w.append("encoding cp1252") }
      if cutoff { w.append("cutoff 2026-12-04") }
      if strict { w.append("strict") }
      return w.joined(separator: " ")
    }

    var description: String { words.isEmpty ? "canonical" : words }

    /// Every combination: 4 delimiters × 2⁷ switches.
    static var all: [Dialect] {
      var out: [Dialect] = []
      for delimiter in [",", ";", "|", "\t"] {
        for bits in 0..<(1 << 7) {
          func on(_ k: Int) -> Bool { bits & (1 << k) != 0 }
          out.append(
            Dialect(
              delimiter: delimiter,
              decimalComma: on(0),
              dmy: on(1),
              cp1252: on(2),
              payments: on(3),
              map: on(4),
              cutoff: on(5),
              strict: on(6)
            )
          )
        }
      }
      return out
    }

    func money(_ cents: Int) -> String {
      let text = "\(cents / 100).\(String(format: "%02d", cents % 100))"
      guard decimalComma else { return text }
      let quote = delimiter == "," ? "\"" : ""
      return quote + "$ " + text.replacingOccurrences(of: ".", with: ",") + quote
    }

    func date(_ y: Int, _ m: Int, _ d: Int) -> String {
      dmy
        ? String(format: "%02d/%02d/%04d", d, m, y) : String(format: "%04d-%02d-%02d", y, m, d)
    }

    func bytes(_ text: String) -> Data {
      guard cp1252 else { return Data(text.utf8) }
      // Every character of these files is Latin-1, which Windows-1252 writes as the same byte.
      return Data(text.unicodeScalars.map { UInt8($0.value) })
    }

    /// The portfolio in this dialect; with a map, the balance column has a header only the map
    /// knows.
    var portfolio: Data {
      let d = delimiter
      let balanceHeader = map ? "Plata Debida" : "Saldo"
      var text =
        ["Obligación", "Cédula/NIT", "Nombre", balanceHeader, "Fecha Vencimiento"]
        .joined(separator: d) + "\n"
      text += ["A1", "10", "José Peña", money(123_456_789), date(2026, 9, 30)].joined(separator: d)
      text += "\n"
      text += ["A2", "11", "Ana Núñez", money(5_000), date(2026, 11, 2)].joined(separator: d)
      text += "\n"
      return bytes(text)
    }

    var paymentsFile: Data {
      let d = delimiter
      var text = ["Obligación", "Fecha", "Valor"].joined(separator: d) + "\n"
      text += ["A1", date(2026, 12, 1), money(100_000)].joined(separator: d) + "\n"
      text += ["A2", date(2026, 11, 20), money(2_500)].joined(separator: d) + "\n"
      return bytes(text)
    }
  }

  @Test func everyLoadOptionRecordsAndReplays() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    for (n, dialect) in Dialect.all.enumerated() {
      let folder = dir + "/\(n)"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try dialect.portfolio.write(to: URL(fileURLWithPath: folder + "/cartera.csv"))
      var load = "load cartera.csv"
      if dialect.payments {
        try dialect.paymentsFile.write(to: URL(fileURLWithPath: folder + "/pagos.csv"))
        load += " payments pagos.csv"
      }
      if dialect.map {
        try TextFile.write("Plata Debida -> balance\n", to: folder + "/bancos.map")
        load += " map bancos.map"
      }
      if !dialect.words.isEmpty { load += " " + dialect.words }
      let script = folder + "/typed.cobro"
      let rec = folder + "/rec.cobro"
      // Typed exactly as help shows it, from a script (`;` unquoted included).
      try TextFile.write(
        """
        set asof 2026-11-15
        \(load)
        record "\(rec)"
        set format csv
        sum balance
        list columns account_id, balance
        record stop
        """,
        to: script
      )
      let out = BufferSink()
      let err = BufferSink()
      let session = TranscriptRunnerTests.session(out, err)
      let outcome = session.run(SourceFile(name: script, text: try TextFile.read(script)))
      #expect(outcome.errors == 0, "\(dialect): \(err.text)")
      let recorded = try TextFile.read(rec)
      #expect(recorded.contains("load cartera.csv sha256 "), "\(dialect)")
      #expect(recorded.contains("\n#> A1,"), "\(dialect): \(recorded)")
      let replay = TranscriptRunner(makeSession: TranscriptRunnerTests.session)
        .run(path: rec, text: recorded)
      #expect(replay.passed, "\(dialect): \(replay.diff)")
    }
  }

  @Test func aRecordedSemicolonLoadIsOneCommand() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    let dialect = Dialect(
      delimiter: ";",
      decimalComma: true,
      dmy: true,
      cp1252: true,
      payments: false,
      map: false,
      cutoff: false,
      strict: false
    )
    try dialect.portfolio.write(to: URL(fileURLWithPath: dir + "/cartera.csv"))
    let session = TranscriptRunnerTests.session(BufferSink(), BufferSink())
    session.runInteractive("load \"\(dir)/cartera.csv\" \(dialect.words)")
    session.runInteractive("record \"\(dir)/rec.cobro\"")
    session.runInteractive("record stop")
    let recorded = try TextFile.read(dir + "/rec.cobro")
    let loadLine = recorded.split(separator: "\n").first { $0.hasPrefix("load ") } ?? ""
    #expect(loadLine.hasSuffix("delimiter ; decimal , dates dmy encoding cp1252 cutoff 2026-11-30"))
    let statements = Lexer(source: SourceFile(name: "r", text: String(loadLine))).statements()
    #expect(statements.count == 1)
    #expect(statements.first?.error == nil)
  }

  @Test func onlyTheDelimitersSemicolonIsAValue() {
    func commands(_ text: String) -> [[String]] {
      Lexer(source: SourceFile(name: "t", text: text)).statements().map { $0.tokens.map(\.text) }
    }
    #expect(
      commands("load a.csv delimiter ; decimal ,; count")
        == [["load", "a.csv", "delimiter", ";", "decimal", ","], ["count"]]
    )
    #expect(
      commands("load a.csv delimiter;count") == [["load", "a.csv", "delimiter", ";", "count"]]
    )
    #expect(commands("count; sum balance") == [["count"], ["sum", "balance"]])
    #expect(commands("echo \"delimiter\"; count") == [["echo", "delimiter"], ["count"]])
  }
}
