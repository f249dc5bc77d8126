import CobroCore
import CobroPortfolio
import Foundation
import Testing

/// `set export excel-es` and the csv options of `export`: files a Spanish-locale Excel opens.
@Suite struct CSVDialectTests {
  static func bytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  @Test func excelSpanishWritesSemicolonsDecimalCommasABOMAndCRLF() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    let s = TestSession(try SmallPortfolio.load())
    let r = s.run(
      """
      set export excel-es
      export "\(dir)/a.csv" list columns account_id, debtor_name, balance, due_date sort account_id limit 3
      set export csv
      export "\(dir)/b.csv" list columns account_id, debtor_name, balance, due_date sort account_id limit 3
      export "\(dir)/c.csv" delimiter ; decimal , bom list columns account_id, balance limit 1
      export "\(dir)/d.csv" excel-es count
      """
    )
    #expect(r.ok, "\(r.err)")
    let a = try Self.bytes(dir + "/a.csv")
    #expect(Array(a.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(
      String(decoding: a.dropFirst(3), as: UTF8.self)
        == "account_id;debtor_name;balance;due_date\r\n"
        + "A1;Ana María Pérez;1000000,00;2026-11-05\r\n"
        + "A2;Ana María Pérez;250000,50;2026-08-01\r\n"
        + "A3;Peña, Luis;5000000,00;2026-02-14\r\n"
    )
    // The default is unchanged: ',' and '.', no BOM, LF.
    #expect(
      String(decoding: try Self.bytes(dir + "/b.csv"), as: UTF8.self)
        == "account_id,debtor_name,balance,due_date\nA1,Ana María Pérez,1000000.00,2026-11-05\n"
        + "A2,Ana María Pérez,250000.50,2026-08-01\nA3,\"Peña, Luis\",5000000.00,2026-02-14\n"
    )
    // Per export: `delimiter ;` unquoted, `decimal ,`, `bom`; LF unless `crlf`.
    #expect(
      String(decoding: try Self.bytes(dir + "/c.csv"), as: UTF8.self)
        == "\u{FEFF}account_id;balance\nA1;1000000,00\n"
    )
    #expect(
      String(decoding: try Self.bytes(dir + "/d.csv"), as: UTF8.self) == "\u{FEFF}count\r\n6\r\n"
    )
  }

  @Test func aFieldHoldingTheDelimiterIsQuoted() {
    var d = CSVDialect.excelSpanish
    d.bom = false
    var t = ResultTable(columns: [.init("name", .text), .init("amount", .money)])
    t.rows = [[.text("Café; Tostión"), .money(-123_456)], [.text("=1+1"), .money(5)]]
    #expect(
      ExportFormat.csv.render([t], dialect: d)
        == "name;amount\r\n\"Café; Tostión\";-1234,56\r\n'=1+1;0,05\r\n"
    )
  }

  @Test func csvOptionsNeedACSVFileAndKnownValues() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    let s = TestSession(try SmallPortfolio.load())
    let json = s.run("export \"\(dir)/x.json\" excel-es count")
    #expect(!json.ok)
    #expect(json.err.contains("apply to a .csv export"))
    let bad = s.run("export \"\(dir)/x.csv\" delimiter : count")
    #expect(bad.err.contains("delimiter ':' is not supported"))
    let setting = s.run("set export excel-fr")
    #expect(setting.err.contains("unknown export profile 'excel-fr'"))
  }

  @Test func campaignExportsFollowTheSetting() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    let s = TestSession(try SmallPortfolio.load())
    let r = s.run("set export excel-es\ncampaign via sms export \"\(dir)/c.csv\"")
    #expect(r.ok, "\(r.err)")
    let text = String(decoding: try Self.bytes(dir + "/c.csv"), as: UTF8.self)
    #expect(
      text.hasPrefix("\u{FEFF}account_id;debtor_id;debtor_name;channel;contact;stage;amount;")
    )
    #expect(text.contains("\r\n"))
  }
}

/// `export FILE.csv` writes rows as it makes them; the file is what `render` gives, byte for byte.
@Suite struct StreamedExportTests {
  static let tables = [
    ResultTable(
      columns: [.init("name", .text), .init("balance", .money), .init("due", .date)],
      rows: [
        [
          .text("=cmd"), .money(-1_234_56), .date(Day(year: 2026, month: 1, day: 2) ?? Day(raw: 0)),
        ],
        [.text("a;b \"c\"\nd"), .money(5), .empty],
        [.text("-12.5"), .money(0), .text("@x")],
      ]
    ),
    ResultTable(columns: [.init("count", .integer)], rows: [[.integer(3)]]),
  ]

  @Test(arguments: [CSVDialect(), CSVDialect.excelSpanish])
  func theFileIsWhatRenderGives(_ dialect: CSVDialect) throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    for raw in [false, true] {
      let path = "\(dir)/t-\(raw).csv"
      let failure = try ExportFormat.csv.write(
        Self.tables,
        dialect: dialect,
        raw: raw,
        to: path,
        replace: false
      )
      #expect(failure == nil)
      let expected = Array(ExportFormat.csv.render(Self.tables, dialect: dialect, raw: raw).utf8)
      #expect(try CSVDialectTests.bytes(path) == expected)
    }
  }

  @Test func anExistingFileIsKeptWithoutReplace() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    let path = "\(dir)/kept.csv"
    #expect(try ExportFormat.csv.write(Self.tables, to: path, replace: false) == nil)
    let before = try CSVDialectTests.bytes(path)
    let failure = try ExportFormat.csv.write([Self.tables[1]], to: path, replace: false)
    #expect(failure?.contains("exists") == true)
    #expect(try CSVDialectTests.bytes(path) == before)
    #expect(try ExportFormat.csv.write([Self.tables[1]], to: path, replace: true) == nil)
    #expect(try CSVDialectTests.bytes(path) == Array("count\n3\n".utf8))
  }
}
