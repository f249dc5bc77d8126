import CobroCore
import CobroPortfolio
import Testing

@testable import CobroFuzzing

/// Damaged cell references in a worksheet: a row with a cell far to the right is a located
/// reject and a header with one is one clear error, however far the reference points (it once
/// wrote one empty field per column up to it, or overflowed).
@Suite struct WorkbookRobustnessTests {
  static func sheet(_ rows: String) -> [UInt8] {
    Array(
      ("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        + rows + "</sheetData></worksheet>").utf8
    )
  }

  static let header =
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>account_id</t></is></c>"
    + "<c r=\"B1\" t=\"inlineStr\"><is><t>debtor_id</t></is></c>"
    + "<c r=\"C1\" t=\"inlineStr\"><is><t>balance</t></is></c>"
    + "<c r=\"D1\" t=\"inlineStr\"><is><t>due_date</t></is></c></row>"

  static func row(_ n: Int, extra: String = "") -> String {
    "<row r=\"\(n)\"><c r=\"A\(n)\" t=\"inlineStr\"><is><t>A\(n)</t></is></c>"
      + "<c r=\"B\(n)\"><v>\(n)</v></c><c r=\"C\(n)\"><v>100</v></c>"
      + "<c r=\"D\(n)\" t=\"inlineStr\"><is><t>2026-10-01</t></is></c>\(extra)</row>"
  }

  static func load(_ rows: String) throws -> Portfolio {
    let bytes = try FuzzTarget.zip(
      sheet: sheet(rows),
      strings: [],
      styles: Array(FuzzTarget.defaultStyles.utf8),
      date1904: false
    )
    return try PortfolioLoader(asOf: FuzzTarget.asOf).load(workbookBytes: bytes, name: "t.xlsx")
  }

  @Test(arguments: ["QQQQQQ", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "AMK"])
  func aCellFarToTheRightRejectsItsRow(letters: String) throws {
    let far = "<c r=\"\(letters)3\"><v>1</v></c>"
    let p = try Self.load(Self.header + Self.row(2) + Self.row(3, extra: far) + Self.row(4))
    #expect(p.rowCount == 2)
    #expect(p.rejects.count == 1)
    #expect(p.rejects.first?.line == 3)
  }

  @Test func aHeaderCellFarToTheRightIsOneError() throws {
    let far = "<c r=\"ZZZZZZZZZZZZ1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
    let header = Self.header.replacingOccurrences(of: "</row>", with: far)
    #expect(throws: (any Error).self) { try Self.load(header + Self.row(2)) }
  }

  @Test func hugeRowNumbersAndStylesAreRead() throws {
    let rows =
      Self.header
      + Self.row(2).replacingOccurrences(
        of: "<c r=\"C2\">",
        with: "<c r=\"C2\" s=\"99999999999999999999999\">"
      )
      + "<row r=\"99999999999999999999\"></row><row></row>" + Self.row(5)
    let p = try Self.load(rows)
    #expect(p.rowCount == 2)
  }
}
