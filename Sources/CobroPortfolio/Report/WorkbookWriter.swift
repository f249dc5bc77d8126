import CobroDiagnostics
import Foundation
import ZIPFoundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes results as an `.xlsx` workbook (`export FILE.xlsx`), one sheet per result.
///
/// Cells keep their type: money is a number with the `#,##0.00` format, dates are date serials
/// with a `yyyy-mm-dd` format, whole numbers and percentages are numbers, and text (ids and
/// phones among it) is a text cell with the `@` format, so that leading zeros stay. The header
/// row is bold. The parts are the minimal set Excel and LibreOffice open without repair, and
/// the output is the same bytes for the same results (fixed entry dates, no document
/// properties).
public enum WorkbookWriter {
  /// The most rows a result may have: Excel's 1,048,576 rows, less the header.
  public static let maxRows = 1_048_575

  /// Whether `path` names a workbook (`.xlsx`, any case).
  public static func isWorkbook(path: String) -> Bool {
    path.lowercased().hasSuffix(".xlsx")
  }

  /// Writes `tables` to a new 0600 file at `path`; returns the reason on failure.
  ///
  /// An existing file is replaced only with `replace` (``PrivateFile``); Ctrl-C throws
  /// ``CobroError/interrupted``.
  public static func write(_ tables: [ResultTable], to path: String, replace: Bool)
    throws(CobroError) -> String?
  {
    if let big = tables.first(where: { $0.rows.count > maxRows }) {
      return "a sheet holds at most \(maxRows) rows below its header and this result has "
        + "\(big.rows.count); export it as .csv"
    }
    let data: Data
    do {
      data = try workbook(tables)
    } catch CobroError.interrupted {
      throw .interrupted
    } catch {
      return "the workbook could not be assembled (\(error))"
    }
    try Interruption.check()
    do {
      try PrivateFile.write(data, to: path, replace: replace)
      return nil
    } catch .interrupted {
      throw .interrupted
    } catch {
      return error.description
    }
  }

  /// The bytes of the workbook.
  static func workbook(_ tables: [ResultTable]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
    let names = tables.count == 1 ? ["Result"] : tables.indices.map { "Result \($0 + 1)" }
    var parts: [(String, [UInt8])] = [
      ("[Content_Types].xml", contentTypes(sheets: tables.count)),
      ("_rels/.rels", packageRelations),
      ("xl/workbook.xml", workbookPart(names)),
      ("xl/_rels/workbook.xml.rels", workbookRelations(sheets: tables.count)),
      ("xl/styles.xml", Array(styles.utf8)),
    ]
    for (i, t) in tables.enumerated() {
      parts.append(("xl/worksheets/sheet\(i + 1).xml", sheet(t)))
    }
    // A fixed date (in the middle of a day, so that no time zone moves it to another day).
    let date = Date(timeIntervalSince1970: 1_577_880_000)  // 2020-01-01 12:00 UTC
    for (path, bytes) in parts {
      try Interruption.check()
      let data = Data(bytes)
      try archive.addEntry(
        with: path,
        type: .file,
        uncompressedSize: Int64(data.count),
        modificationDate: date,
        compressionMethod: .deflate
      ) { position, size in
        // Compressing a big sheet takes seconds: Ctrl-C stops it between pieces.
        try Interruption.check()
        return data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    guard let data = archive.data else {
      throw CobroError.cannotWrite(path: "workbook", reason: "the zip has no data")
    }
    return data
  }

  // MARK: - Cell styles (indexes into cellXfs)

  private static let moneyStyle = 1
  private static let dateStyle = 2
  private static let percentStyle = 3
  private static let headerStyle = 4
  private static let textStyle = 5

  private static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
    <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill>\
    <fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="6">\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
    <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    </cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """

  // MARK: - Package parts

  private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  private static let officeRelations =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  private static let packageRelationsNamespace =
    "http://schemas.openxmlformats.org/package/2006/relationships"

  private static func contentTypes(sheets: Int) -> [UInt8] {
    var s =
      header
      + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      + "<Default Extension=\"rels\" "
      + "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
      + "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
      + "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    for i in 0..<sheets {
      s +=
        "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/"
        + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }
    return Array((s + "</Types>").utf8)
  }

  private static var packageRelations: [UInt8] {
    Array(
      (header + "<Relationships xmlns=\"\(packageRelationsNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(officeRelations)/officeDocument\" "
        + "Target=\"xl/workbook.xml\"/></Relationships>").utf8
    )
  }

  private static func workbookPart(_ names: [String]) -> [UInt8] {
    var s =
      header + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(officeRelations)\">"
      + "<workbookPr/><bookViews><workbookView/></bookViews><sheets>"
    for (i, name) in names.enumerated() {
      s += "<sheet name=\"\(name)\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
    }
    return Array((s + "</sheets></workbook>").utf8)
  }

  private static func workbookRelations(sheets: Int) -> [UInt8] {
    var s = header + "<Relationships xmlns=\"\(packageRelationsNamespace)\">"
    for i in 0..<sheets {
      s +=
        "<Relationship Id=\"rId\(i + 1)\" Type=\"\(officeRelations)/worksheet\" "
        + "Target=\"worksheets/sheet\(i + 1).xml\"/>"
    }
    s +=
      "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(officeRelations)/styles\" "
      + "Target=\"styles.xml\"/>"
    return Array((s + "</Relationships>").utf8)
  }

  // MARK: - Sheets

  /// The worksheet of one result: the header row, then one row per result row.
  static func sheet(_ t: ResultTable) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(64 + t.rows.count * t.columns.count * 24)
    out += Array((header + "<worksheet xmlns=\"\(main)\">").utf8)
    if t.columns.isEmpty {
      out += Array("<sheetData/></worksheet>".utf8)
      return out
    }
    // Widths from the longest text of each column (in characters, as Excel counts them).
    out += Array("<sheetViews><sheetView workbookViewId=\"0\">".utf8)
    out += Array(
      "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>".utf8
    )
    out += Array("</sheetView></sheetViews><cols>".utf8)
    for (k, c) in t.columns.enumerated() {
      var width = c.name.count
      for r in t.rows.prefix(1000) where k < r.count {
        width = max(width, r[k].display.count)
      }
      let w = min(max(width + 2, 8), 60)
      out += Array("<col min=\"\(k + 1)\" max=\"\(k + 1)\" width=\"\(w)\" customWidth=\"1\"/>".utf8)
    }
    out += Array("</cols><sheetData>".utf8)
    let letters = t.columns.indices.map { Array(SheetReader.columnName($0).utf8) }
    appendRow(&out, 1) { out in
      for (k, c) in t.columns.enumerated() {
        appendText(&out, letters[k], 1, c.name, style: headerStyle)
      }
    }
    for (i, r) in t.rows.enumerated() {
      // Ctrl-C cuts the sheet short; the caller checks before writing it.
      if i % Interruption.stride == 0 && Interruption.requested { break }
      let number = i + 2
      appendRow(&out, number) { out in
        for (k, cell) in r.enumerated() where k < letters.count {
          appendCell(&out, letters[k], number, cell)
        }
      }
    }
    out += Array("</sheetData></worksheet>".utf8)
    return out
  }

  private static func appendRow(
    _ out: inout [UInt8],
    _ number: Int,
    _ cells: (inout [UInt8]) -> Void
  ) {
    out += Array("<row r=\"\(number)\">".utf8)
    cells(&out)
    out += Array("</row>".utf8)
  }

  private static func appendCell(_ out: inout [UInt8], _ column: [UInt8], _ row: Int, _ cell: Cell)
  {
    switch cell {
    case .empty:
      return
    case .text(let s) where s.isEmpty:
      return  // an empty cell, not a text cell holding nothing
    case .text(let s):
      appendText(&out, column, row, s, style: textStyle)
    case .integer(let n):
      appendNumber(&out, column, row, String(n), style: 0)
    case .money(let c):
      appendNumber(&out, column, row, Money.plain(c), style: moneyStyle)
    case .percent(let p):
      appendNumber(&out, column, row, Money.plain(p), style: percentStyle)
    case .decimal(let s):
      if DecimalText(Array(s.utf8)) != nil {
        appendNumber(&out, column, row, s, style: 0)
      } else {
        appendText(&out, column, row, s, style: textStyle)
      }
    case .date(let d):
      appendNumber(&out, column, row, String(serial(of: d)), style: dateStyle)
    }
  }

  /// The 1900-system serial of a date (days since 1899-12-30, right from 1900-03-01 on; earlier
  /// dates are not in a portfolio).
  static func serial(of d: Day) -> Int {
    Int(d.raw) + 25_569
  }

  private static func appendNumber(
    _ out: inout [UInt8],
    _ column: [UInt8],
    _ row: Int,
    _ value: String,
    style: Int
  ) {
    out += Array("<c r=\"".utf8) + column + Array("\(row)\"".utf8)
    if style != 0 { out += Array(" s=\"\(style)\"".utf8) }
    out += Array("><v>\(value)</v></c>".utf8)
  }

  private static func appendText(
    _ out: inout [UInt8],
    _ column: [UInt8],
    _ row: Int,
    _ text: String,
    style: Int
  ) {
    out +=
      Array("<c r=\"".utf8) + column + Array("\(row)\" s=\"\(style)\" t=\"inlineStr\"><is><t".utf8)
    if let f = text.unicodeScalars.first, let l = text.unicodeScalars.last,
      f == " " || l == " " || f == "\t" || l == "\t" || text.contains("\n")
    {
      out += Array(" xml:space=\"preserve\"".utf8)
    }
    out.append(UInt8(ascii: ">"))
    appendEscaped(&out, text)
    out += Array("</t></is></c>".utf8)
  }

  /// Appends text as XML character data: `&`, `<` and `>` as entities, the control characters
  /// XML cannot hold as SpreadsheetML's `_xHHHH_`, and a literal `_xHHHH_` escaped as such.
  private static func appendEscaped(_ out: inout [UInt8], _ text: String) {
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "&"): out += Array("&amp;".utf8)
      case UInt8(ascii: "<"): out += Array("&lt;".utf8)
      case UInt8(ascii: ">"): out += Array("&gt;".utf8)
      case 9, 10, 13: out.append(b)
      case 0..<32:
        out += Array(String(format: "_x%04X_", Int(b)).utf8)
      case UInt8(ascii: "_"):
        if i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"),
          bytes[i + 6] == UInt8(ascii: "_"),
          bytes[(i + 2)..<(i + 6)].allSatisfy({ isHex($0) })
        {
          out += Array("_x005F_".utf8)
        } else {
          out.append(b)
        }
      default: out.append(b)
      }
      i += 1
    }
  }

  private static func isHex(_ b: UInt8) -> Bool {
    (b >= 48 && b <= 57) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
  }
}
