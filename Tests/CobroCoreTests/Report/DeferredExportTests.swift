import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPlan
@testable import CobroPortfolio
@testable import CobroShell

/// `export FILE.csv|.xlsx list …` writes its rows as it makes them (``DeferredRows``,
/// ``CSVRowWriter``): the file has the bytes the made table gives, which is what `export FILE`
/// writes after the same `list`.
@Suite struct DeferredExportTests {
  /// A portfolio whose cells try every path of a csv field: delimiters, quotes, line breaks,
  /// formula starts and plain numbers, text outside ASCII (a delimiter followed by a combining
  /// mark), empty cells, negative and empty money, extra columns.
  static let tricky =
    [
      "account_id,debtor_id,debtor_name,segment,balance,due_date,issue_date,phone,email,city,"
        + "payments_on_time,status,nota,monto_extra",
      #"A1,900.1,"Pérez, Ana",=SUM(1),1234.5,2026-10-01,2020-01-31,3001234567,ana@x.co,Bogotá,3,"#
        + #"activo,"dijo ""no""",-12.5"#,
      #"A2,-12,+57 300,B,-50,2026-11-01,,+57 300 123 4567,,"Cali;Valle",,vencido,-12,"#,
      #"A3,@7,"línea"#,
      #"dos",B,0,2026-09-15,2019-12-31,,b@y.co,"a,"# + "\u{301}" + #"b",12,activo,+3.5,7"#,
      "A4,9,\ttab,C,,2026-11-30,,,,,0,,\"x|y\",",
      "A5,9,-,C,99999999.99,2026-01-01,1999-02-03,(601) 555 1234,,Medellín,1,activo,'q,0.01",
    ].joined(separator: "\n") + "\n"

  static func folder() -> String {
    let f = NSTemporaryDirectory() + "/cobro-streamed-\(getpid())-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
    return f
  }

  static func bytes(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path) ?? Data())
  }

  /// Exports `command` both ways with `options`, and checks the two files are the same bytes.
  static func check(
    _ t: TestSession,
    _ command: String,
    options: String = "",
    ext: String = "csv",
    file: Testing.SourceLocation = #_sourceLocation
  ) {
    let folder = folder()
    let streamed = "\(folder)/streamed.\(ext)"
    let made = "\(folder)/made.\(ext)"
    let a = t.run("export \"\(streamed)\" \(options) \(command)")
    #expect(a.ok, "\(a.err)", sourceLocation: file)
    let listed = t.run(command)
    #expect(listed.ok, "\(listed.err)", sourceLocation: file)
    let b = t.run("export \"\(made)\" \(options)")
    #expect(b.ok, "\(b.err)", sourceLocation: file)
    // A bare filter also says what it selected; the export's own line is the same.
    let wrote = b.err.replacingOccurrences(of: "made.", with: "streamed.")
    #expect(a.err.hasSuffix(wrote), sourceLocation: file)
    let x = bytes(streamed)
    #expect(!x.isEmpty, sourceLocation: file)
    #expect(x == bytes(made), "\(command) \(options)", sourceLocation: file)
  }

  static let commands = [
    "list",
    "list columns account_id, debtor_id, debtor_name, segment, balance, due_date, issue_date, "
      + "phone, email, city, payments_on_time, status, nota, monto_extra, overdue, bucket, "
      + "behavior",
    "list balance > 0 sort balance desc",
    "balance < 100 columns debtor_name, nota",
  ]

  @Test(arguments: ["", "excel-es", "delimiter ;", "delimiter tab", "delimiter | crlf bom"])
  func aCSVOfTrickyCellsHasTheSameBytes(options: String) throws {
    let t = TestSession()
    t.session.portfolio = try Fixture.load(text: Self.tricky)
    for c in Self.commands { Self.check(t, c, options: options) }
    #expect(t.run("set csv raw").ok)
    for c in Self.commands { Self.check(t, c, options: options) }
  }

  @Test func maskedRowsHaveTheSameBytes() throws {
    let t = TestSession()
    t.session.portfolio = try Fixture.load(text: Self.tricky)
    #expect(t.run("set mask on").ok)
    for c in Self.commands {
      Self.check(t, c)
      Self.check(t, c, ext: "xlsx")
    }
  }

  @Test func aGeneratedPortfolioHasTheSameBytes() throws {
    let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))
    let (portfolio, _) = PortfolioGenerator(accounts: 3_000, seed: 11, asOf: asOf).csv()
    let t = TestSession()
    t.session.portfolio = try Fixture.load(text: String(decoding: portfolio, as: UTF8.self))
    let every =
      "list columns "
      + t.session.portfolio!.queryNames.filter {
        t.session.portfolio!.column(named: $0)?.name == $0
      }.joined(separator: ", ")
    for c in [every, "list", "list overdue > 30 sort balance desc"] {
      Self.check(t, c)
      Self.check(t, c, options: "excel-es")
      Self.check(t, c, ext: "xlsx")
    }
  }

  @Test func aWorkbookOfTrickyCellsHasTheSameBytes() throws {
    let t = TestSession()
    t.session.portfolio = try Fixture.load(text: Self.tricky)
    for c in Self.commands { Self.check(t, c, ext: "xlsx") }
  }

  /// Rows made as they are written are not held: an export of a list larger than the memory
  /// the session may use is written all the same (a list on screen is still refused).
  @Test func aStreamedListIsNotRefusedForMemory() throws {
    let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))
    let (portfolio, _) = PortfolioGenerator(accounts: 2_000, seed: 3, asOf: asOf).csv()
    let t = TestSession()
    t.session.portfolio = try Fixture.load(text: String(decoding: portfolio, as: UTF8.self))
    t.session.resourceLimits = ResourceLimits(availableMemory: { 1_000 })
    #expect(!t.run("list").ok)
    let path = Self.folder() + "/all.csv"
    let export = t.run("export \"\(path)\" list")
    #expect(export.ok, "\(export.err)")
    #expect(export.err == "wrote 2000 rows to \(path)\n")
    let json = t.run("export \"\(path).json\" list")
    #expect(!json.ok)
  }

  /// Ctrl-C while the rows are made and written leaves no file, for both formats.
  @Test(arguments: ["csv", "xlsx"])
  func ctrlCStopsAStreamedExport(ext: String) throws {
    let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))
    let (portfolio, _) = PortfolioGenerator(accounts: 20_000, seed: 3, asOf: asOf).csv()
    let t = TestSession()
    t.session.portfolio = try Fixture.load(text: String(decoding: portfolio, as: UTF8.self))
    let path = Self.folder() + "/stopped.\(ext)"
    // Stopped after some rows are written, and before the first.
    for after in [4_096, 0] {
      let flag = Interruption.Flag()
      let outcome = Interruption.$current.withValue(flag) {
        Interruption.$reporter.withValue({ work, done, _ in
          if work == "listing" && done >= after { _ = flag.raise(at: 1) }
        }) {
          t.session.run(SourceFile(name: "t.cobro", text: "export \"\(path)\" list"))
        }
      }
      #expect(outcome.interrupted, "after \(after)")
      #expect(t.err.take() == "interrupted\n")
      #expect(!FileManager.default.fileExists(atPath: path))
    }
  }
}
