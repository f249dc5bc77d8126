import Foundation
import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// `export FILE.xlsx`: typed cells, read back by the workbook loader.
@Suite struct WorkbookWriterTests {
  static func temporary(_ name: String) -> String {
    NSTemporaryDirectory() + "/cobro-writer-\(getpid())-" + name
  }

  /// The XML of a part of a workbook file.
  static func part(_ path: String, _ name: String) throws -> String {
    let w = try Workbook(path: path, name: path)
    var bytes: [UInt8] = []
    try w.stream(name) { bytes.append(contentsOf: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func exportThenLoadGivesTheSameAccounts() throws {
    let t = TestSession()
    let source = Fixture.path("xlsx/cartera.xlsx")
    let out = Self.temporary("roundtrip.xlsx")
    defer { unlink(out) }
    #expect(t.run("load \"\(source)\"").ok)
    let columns =
      "list columns account_id, debtor_id, debtor_name, segment, balance, due_date, status, phone, "
      + "payments_on_time, issue_date"
    let before = t.run(columns)
    #expect(before.ok)
    let export = t.run("export \"\(out)\" \(columns)")
    #expect(export.ok, "\(export.err)")
    #expect(export.err == "wrote 6 rows to \(out)\n")
    let reload = t.run("load \"\(out)\"")
    #expect(reload.ok, "\(reload.err)")
    #expect(reload.err == "loaded 6 accounts from \(out)\n")
    let after = t.run(columns)
    #expect(
      after.out.trimmingCharacters(in: .newlines) == before.out.trimmingCharacters(in: .newlines)
    )
  }

  @Test func cellsAreTypedAndIdsKeepTheirZeros() throws {
    var table = ResultTable(columns: [
      .init("account_id", .text), .init("balance", .money), .init("due_date", .date),
      .init("accounts", .integer), .init("share", .percent), .init("rate", .decimal),
    ])
    table.rows = [
      [
        .text("007"), .money(123_456_789),
        .date(Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)),
        .integer(12), .percent(1234), .decimal("0.0150000000"),
      ],
      [.text("=1+1 & <b>\u{1}"), .text(""), .empty, .integer(-3), .percent(0), .decimal("n/a")],
    ]
    let out = Self.temporary("typed.xlsx")
    defer { unlink(out) }
    #expect(try WorkbookWriter.write([table], to: out, replace: true) == nil)
    let sheet = try Self.part(out, "xl/worksheets/sheet1.xml")
    #expect(sheet.contains("<c r=\"A2\" s=\"5\" t=\"inlineStr\"><is><t>007</t></is></c>"))
    #expect(sheet.contains("<c r=\"B2\" s=\"1\"><v>1234567.89</v></c>"))
    #expect(sheet.contains("<c r=\"C2\" s=\"2\"><v>46356</v></c>"))
    #expect(sheet.contains("<c r=\"D2\"><v>12</v></c>"))
    #expect(sheet.contains("<c r=\"E2\" s=\"3\"><v>12.34</v></c>"))
    #expect(sheet.contains("<c r=\"F2\"><v>0.0150000000</v></c>"))
    #expect(sheet.contains("<t>=1+1 &amp; &lt;b&gt;_x0001_</t>"))
    #expect(sheet.contains("<c r=\"F3\" s=\"5\" t=\"inlineStr\"><is><t>n/a</t></is></c>"))
    #expect(!sheet.contains("r=\"B3\""))
    // The styles the cells name: 1 is #,##0.00 (built-in 4), 2 a date, 5 text (@).
    let w = try Workbook(path: out, name: out)
    #expect(w.dateStyles == [false, false, true, false, false, false])
    let styles = try Self.part(out, "xl/styles.xml")
    #expect(styles.contains("<xf numFmtId=\"4\""))
    #expect(styles.contains("<xf numFmtId=\"49\""))
    // Read back through the loader's cell path: the text, the number, the date.
    #expect(w.sheets.map(\.name) == ["Result"])
  }

  @Test func theSameResultsGiveTheSameBytes() throws {
    var table = ResultTable(columns: [.init("segment", .text), .init("balance", .money)])
    table.rows = [[.text("A"), .money(100)], [.text("B"), .money(-250)]]
    let a = try WorkbookWriter.workbook([table, table])
    let b = try WorkbookWriter.workbook([table, table])
    #expect(a == b)
    let out = Self.temporary("two.xlsx")
    defer { unlink(out) }
    #expect(try WorkbookWriter.write([table, table], to: out, replace: true) == nil)
    #expect(try Workbook(path: out, name: out).sheets.map(\.name) == ["Result 1", "Result 2"])
  }

  @Test func anUnwritablePathIsReported() throws {
    let reason = try WorkbookWriter.write([], to: "/nonexistent/dir/x.xlsx", replace: false)
    #expect(reason == "no such file or directory")
  }
}
